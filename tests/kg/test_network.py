"""The store as a networkx graph: nodes and edges match the store, filters, layout, exports."""

from __future__ import annotations

import csv
import io
from collections import Counter

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drugkg.kg import network
from drugkg.kg._safe_text import spreadsheet_safe
from drugkg.kg.export import EXPORTERS, export
from drugkg.kg.layout import layout
from drugkg.kg.network import (
    EDGE_COLUMNS,
    DoseInfo,
    edge_rows,
    filter_graph,
    find_nodes,
    flat_graph,
    neighbourhood,
    to_networkx,
)
from drugkg.kg.store import GraphStore
from drugkg.model import Predicate

from .conftest import K1, K2, NASTY_ID, S1, one_fact

R = "https://w3id.org/drugkg/resource/"
CLONAZEPAM, KLONOPIN, DIAZEPAM = f"{R}drug/clonazepam", f"{R}brand/klonopin", f"{R}drug/diazepam"
SEIZURE, ALCOHOL = f"{R}condition/seizure", f"{R}substance/alcohol"


@pytest.fixture
def graph(store: GraphStore) -> nx.MultiDiGraph:
    return to_networkx(store)


# -- the graph is the store -------------------------------------------------------------


def test_one_node_per_entity_and_one_edge_per_fact(
    store: GraphStore, graph: nx.MultiDiGraph
) -> None:
    stats = store.stats()
    assert graph.number_of_nodes() == stats.entities
    assert graph.number_of_edges() == stats.facts
    by_predicate = Counter(p for *_, p in graph.edges(keys=True))
    assert dict(by_predicate) == dict(stats.facts_by_predicate)
    listed = {(f.subject, f.predicate, f.object) for f in store.facts()}
    drawn = {
        (graph.nodes[s]["label"], p, graph.nodes[o]["label"]) for s, o, p in graph.edges(keys=True)
    }
    assert drawn == listed


def test_node_attributes(graph: nx.MultiDiGraph) -> None:
    clonazepam = graph.nodes[CLONAZEPAM]
    assert clonazepam["label"] == "clonazepam"
    assert clonazepam["type"] == "Drug"
    assert clonazepam["synonyms"] == ("Klonopin",)
    assert clonazepam["xrefs"] == {"drugbank": "DB01068"}
    [dose] = clonazepam["doses"]
    assert dose == DoseInfo(
        amount=0.5, unit="mg", kind="starting", frequency="3 times a day",
        condition="seizure disorder", population="adults", doc_id="corpus/klonopin.txt",
        sentence="For seizure disorders, adults start with 0.5 mg three times a day.",
    )  # fmt: skip
    assert graph.nodes[KLONOPIN]["type"] == "BrandName"
    # entities named only by a dose record are nodes too, without facts
    assert graph.degree(f"{R}population/adult") == 0


def test_edge_attributes_carry_belief_and_every_sentence(
    store: GraphStore, graph: nx.MultiDiGraph
) -> None:
    treats = graph.edges[CLONAZEPAM, SEIZURE, "treats"]
    [row] = [
        f for f in store.facts(drug="clonazepam", predicate="treats") if f.object == "seizures"
    ]
    assert treats["predicate"] == "treats"
    assert treats["fact"].startswith(f"{R}fact/")
    belief = (treats["confidence"], treats["support"], treats["evidence_count"], treats["hedged"])
    assert belief == (row.confidence, row.support, row.evidence, row.hedged)
    assert [(q.doc_id, q.sentence) for q in treats["evidence"]] == [
        ("corpus/klonopin.txt", K1),
        ("notes/second-opinion.txt", S1),
    ]
    quote = treats["evidence"][0]
    assert quote.title == "Klonopin" and quote.rule == "treats.used_to_treat"
    assert quote.start == 0 and quote.end == len(K1)
    drowsy = graph.edges[CLONAZEPAM, f"{R}condition/drowsiness", "has_side_effect"]
    assert drowsy["hedged"] is True
    assert [q.sentence for q in drowsy["evidence"]] == [K2]
    # the document id that needs percent-encoding in its IRI comes back as it was
    anxiety = graph.edges[DIAZEPAM, f"{R}condition/anxiety", "treats"]
    assert {q.doc_id for q in anxiety["evidence"]} == {NASTY_ID}


def test_empty_store() -> None:
    graph = to_networkx(GraphStore.memory())
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (0, 0)
    assert layout(graph) == {}


# -- cutting it down --------------------------------------------------------------------


def test_filter_by_predicate_and_confidence(graph: nx.MultiDiGraph) -> None:
    treats = filter_graph(graph, predicates=["treats", "dkg:has_brand_name"])
    assert {p for *_, p in treats.edges(keys=True)} == {"treats", "has_brand_name"}
    assert all(treats.degree(n) > 0 for n in treats)  # nodes left without a fact go
    confident = filter_graph(graph, min_confidence=0.9)
    assert confident.number_of_edges() > 0
    assert all(d["confidence"] >= 0.9 for *_, d in confident.edges(data=True))
    assert filter_graph(graph).number_of_nodes() == graph.number_of_nodes()
    assert filter_graph(graph, predicates=[Predicate.TREATS]).number_of_edges() == sum(
        1 for *_, p in graph.edges(keys=True) if p == "treats"
    )
    with pytest.raises(ValueError, match="unknown predicate 'cures'; valid: alternative_to"):
        filter_graph(graph, predicates=["cures"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        filter_graph(graph, min_confidence=2)


def test_find_nodes_by_label_synonym_key_and_brand(graph: nx.MultiDiGraph) -> None:
    assert find_nodes(graph, "Clonazepam") == [CLONAZEPAM]
    assert find_nodes(graph, "klonopin") == [KLONOPIN, CLONAZEPAM]  # the brand, and its drug
    assert find_nodes(graph, "Seizure") == [SEIZURE]  # by key: singular of "seizures"
    assert find_nodes(graph, CLONAZEPAM) == [CLONAZEPAM]
    assert find_nodes(graph, "aspirin") == []


def test_neighbourhood(graph: nx.MultiDiGraph) -> None:
    near = neighbourhood(graph, ["clonazepam"], depth=1)
    assert CLONAZEPAM in near and SEIZURE in near and ALCOHOL in near
    assert DIAZEPAM not in near
    assert all(near.has_edge(s, o, k) for s, o, k in graph.edges(CLONAZEPAM, keys=True))
    # two facts away: diazepam shares seizures, anxiety and alcohol with clonazepam
    assert DIAZEPAM in neighbourhood(graph, ["clonazepam"], depth=2)
    assert set(neighbourhood(graph, ["clonazepam"], depth=0)) == {CLONAZEPAM}
    # facts point both ways: from the brand back to its drug
    assert CLONAZEPAM in neighbourhood(graph, [KLONOPIN], depth=1)
    with pytest.raises(ValueError, match="no node named 'aspirin'"):
        neighbourhood(graph, ["aspirin"])


# -- GraphML and CSV --------------------------------------------------------------------


def _exported(store: GraphStore, fmt: str) -> bytes:
    buffer = io.BytesIO()
    export(store, fmt, buffer)
    return buffer.getvalue()


def test_graphml_export_reads_back(store: GraphStore, graph: nx.MultiDiGraph) -> None:
    assert EXPORTERS["graphml"].extension == "graphml"
    back = nx.read_graphml(io.BytesIO(_exported(store, "graphml")), force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back.nodes) == set(graph.nodes)
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    node = back.nodes[CLONAZEPAM]
    assert (node["label"], node["type"], node["xref_drugbank"], node["synonyms"]) == (
        "clonazepam", "Drug", "DB01068", "Klonopin",
    )  # fmt: skip
    edge = back.edges[CLONAZEPAM, SEIZURE, "treats"]
    original = graph.edges[CLONAZEPAM, SEIZURE, "treats"]
    assert edge["label"] == "treats" and edge["weight"] == 2 and edge["hedged"] is False
    assert edge["confidence"] == pytest.approx(original["confidence"])
    assert edge["documents"] == "corpus/klonopin.txt; notes/second-opinion.txt"
    assert edge["sentences"] == f"{K1} || {S1}"


def test_csv_edge_list(store: GraphStore, graph: nx.MultiDiGraph) -> None:
    rows = list(csv.DictReader(io.StringIO(_exported(store, "csv").decode("utf-8"))))
    assert len(rows) == graph.number_of_edges() == store.stats().facts
    assert tuple(rows[0]) == EDGE_COLUMNS
    treats = [r for r in rows if (r["source_label"], r["predicate"], r["target_label"])
              == ("clonazepam", "treats", "seizures")]  # fmt: skip
    assert len(treats) == 1
    assert treats[0]["support"] == "2" and treats[0]["hedged"] == "0"
    assert treats[0]["source"] == CLONAZEPAM and treats[0]["source_type"] == "Drug"
    assert [str(v) for v in next(edge_rows(graph)).values()] == list(rows[0].values())


def test_exports_of_the_network_are_deterministic(store: GraphStore) -> None:
    for fmt in ("graphml", "csv"):
        assert _exported(store, fmt) == _exported(store, fmt)


@settings(max_examples=25, deadline=None)
@given(
    doc_id=st.text(min_size=1),
    sentence=st.text(min_size=1),
    label=st.text(min_size=1).map(str.strip).filter(bool),
)
def test_any_text_survives_graphml_and_csv(doc_id: str, sentence: str, label: str) -> None:
    """Labels, sentences and document ids with any characters: valid GraphML and CSV (whose
    cells never start a spreadsheet formula)."""
    doc, assertion = one_fact(doc_id, sentence, label)
    triple = assertion.triple
    with GraphStore.memory() as store:
        store.replace_document(doc, [assertion])
        back = nx.read_graphml(io.BytesIO(_exported(store, "graphml")), force_multigraph=True)
        rows = list(
            csv.DictReader(io.StringIO(_exported(store, "csv").decode("utf-8"), newline=""))
        )
    assert back.number_of_edges() == 1 and len(rows) == 1
    labels = sorted(d["label"] for _, d in back.nodes(data=True))
    assert labels == sorted(network._xml_text(n) for n in (triple.subject.label, label))
    assert rows[0]["target_label"] == spreadsheet_safe(label)  # '=...' is text, not a formula
    assert rows[0]["documents"] == spreadsheet_safe(doc_id)
    [(_, _, data)] = back.edges(data=True)
    assert data["sentences"] == network._xml_text(" ".join(sentence.split()))


def test_flat_graph_holds_only_plain_values(graph: nx.MultiDiGraph) -> None:
    flat = flat_graph(graph)
    plain = (str, int, float, bool)
    assert all(isinstance(v, plain) for _, d in flat.nodes(data=True) for v in d.values())
    assert all(isinstance(v, plain) for *_, d in flat.edges(data=True) for v in d.values())
