"""Exports: every format round-trips, Turtle reads in two independent parsers."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from drugkg.kg.export import EXPORTERS, export
from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore

from .conftest import one_fact

#: The RDF exporters, by their rdflib parser names.
RDFLIB_FORMAT = {
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "trig": "trig",
    "nq": "nquads",
}


def union_graph(store: GraphStore) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in store.to_dataset().quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def exported(store: GraphStore, fmt: str) -> bytes:
    buffer = io.BytesIO()
    export(store, fmt, buffer)
    return buffer.getvalue()


def assert_round_trip(store: GraphStore, fmt: str) -> None:
    data = exported(store, fmt)
    if EXPORTERS[fmt].named_graphs:
        back = rdflib.Dataset()
        back.parse(data=data, format=RDFLIB_FORMAT[fmt])
        expected = store.to_dataset()
        assert datasets_isomorphic(back, expected), dataset_diff(expected, back)
    else:
        back_graph = rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
        expected_graph = union_graph(store)
        if not isomorphic(back_graph, expected_graph):
            _, missing, extra = graph_diff(to_isomorphic(expected_graph), to_isomorphic(back_graph))
            pytest.fail(
                f"{fmt} export differs: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
            )


@pytest.mark.parametrize("fmt", list(RDFLIB_FORMAT))
def test_every_format_round_trips(store: GraphStore, fmt: str) -> None:
    assert_round_trip(store, fmt)


def test_turtle_reads_in_pyoxigraph_and_uses_readable_prefixes(store: GraphStore) -> None:
    data = exported(store, "turtle")
    parsed = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(data, format=ox.RdfFormat.TURTLE)
    }
    assert parsed == {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    text = data.decode()
    assert "@prefix dkg: <https://w3id.org/drugkg/ontology#> ." in text
    assert "drug:clonazepam a dkg:Drug" in text
    assert "dkg:treats condition:panic-disorder" in text
    assert "<https://w3id.org/drugkg/resource/drug/clonazepam>" not in text


def test_trig_reads_in_pyoxigraph(store: GraphStore) -> None:
    parsed = set(ox.parse(exported(store, "trig"), format=ox.RdfFormat.TRIG))
    assert parsed == set(store.quads())


def test_single_graph_formats_hold_every_triple(store: GraphStore) -> None:
    """Turtle, N-Triples and JSON-LD get the named graphs merged in, nothing dropped."""
    merged = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    nt = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(exported(store, "nt"), format=ox.RdfFormat.N_TRIPLES)
    }
    assert nt == merged
    evidence = ox.NamedNode("https://w3id.org/drugkg/ontology#Evidence")
    assert any(t.object == evidence for t in nt)


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_exports_are_deterministic(store: GraphStore, fmt: str) -> None:
    assert exported(store, fmt) == exported(store, fmt)


def test_export_to_a_path(store: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    export(store, "turtle", out)
    assert out.read_bytes() == exported(store, "turtle")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_unknown_format_lists_the_choices(store: GraphStore) -> None:
    with pytest.raises(ValueError, match="valid: turtle, nt, jsonld, trig, nq, graphml, csv"):
        export(store, "rdfxml", io.BytesIO())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc_id=st.text(min_size=1),
    sentence=st.text(min_size=1),
    label=st.text(min_size=1).map(str.strip).filter(bool),
)
def test_any_text_survives_every_export(doc_id: str, sentence: str, label: str) -> None:
    """Document ids, sentences and labels with any characters round-trip in every format."""
    doc, assertion = one_fact(doc_id, sentence, label)
    triple = assertion.triple
    with GraphStore.memory() as store:
        store.replace_document(doc, [assertion])
        assert [r.sentence for r in store.explain(triple.subject.label, "treats", label)] == [
            sentence
        ]
        for fmt in RDFLIB_FORMAT:  # the RDF formats (graphml and csv: tests/kg/test_network.py)
            assert_round_trip(store, fmt)
        parsed = set(ox.parse(exported(store, "trig"), format=ox.RdfFormat.TRIG))
        assert parsed == set(store.quads())
