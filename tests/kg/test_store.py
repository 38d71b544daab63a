"""GraphStore: golden graph, incremental rebuilds, idempotency, reading, querying, locking."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from drugkg.kg.export import export
from drugkg.kg.iri import graph_iri
from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore, QueryError, StoreError, StoreLockedError
from drugkg.model import Document

GOLDEN = Path(__file__).parent / "data" / "golden.trig"

Build = Callable[..., GraphStore]
Same = Callable[[GraphStore, GraphStore], None]


def fact(store: GraphStore, subject: str, predicate: str, obj: str) -> Any:
    rows = [
        f for f in store.facts() if (f.subject, f.predicate, f.object) == (subject, predicate, obj)
    ]
    return rows[0] if rows else None


# -- the golden graph ----------------------------------------------------------


def test_golden_graph(store: GraphStore, tmp_path: Path) -> None:
    """The store built from the hand-made sources is exactly ``data/golden.trig``.

    Regenerate after a deliberate model change with ``DRUGKG_UPDATE_GOLDEN=1``
    (and read the diff before committing it).
    """
    out = tmp_path / "store.trig"
    export(store, "trig", out)
    if os.environ.get("DRUGKG_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(out.read_bytes())
    expected = rdflib.Dataset()
    expected.parse(GOLDEN, format="trig")
    actual = store.to_dataset()
    assert datasets_isomorphic(actual, expected), (
        "store differs from golden.trig (- golden only, + store only):\n"
        + dataset_diff(expected, actual)
    )


def test_golden_graph_has_what_the_model_says(store: GraphStore) -> None:
    stats = store.stats()
    assert stats.documents == 3
    assert stats.doses == 1
    # Negated "Klonopin is not a substitute for pain medications" asserts nothing.
    assert fact(store, "clonazepam", "treats", "pain") is None
    assert not store.resolve("pain")
    assert stats.facts_by_predicate == {
        "contraindicated_in": 1,
        "has_brand_name": 2,
        "has_side_effect": 1,
        "has_withdrawal_symptom": 4,
        "interacts_with": 2,
        "treats": 4,
    }


# -- incremental rebuild -------------------------------------------------------


def test_confidence_grows_with_a_second_document_and_falls_back(
    build: Build, sources: dict[str, Any], assert_same: Same
) -> None:
    store = build(sources["klonopin"], sources["valium"])
    before = fact(store, "clonazepam", "treats", "seizures")
    assert (before.support, before.evidence, before.confidence) == (1, 1, 0.9)

    sources["second"].write(store)
    after = fact(store, "clonazepam", "treats", "seizures")
    assert (after.support, after.evidence) == (2, 2)
    assert after.confidence == pytest.approx(1 - 0.1 * 0.2)

    change = store.remove_document("notes/second-opinion.txt")
    assert change.changed
    again = fact(store, "clonazepam", "treats", "seizures")
    assert (again.support, again.evidence, again.confidence) == (1, 1, 0.9)
    assert_same(store, build(sources["klonopin"], sources["valium"]))


def test_an_entity_label_is_the_smallest_seen_while_the_entity_lives(
    build: Build, sources: dict[str, Any], singular: Any
) -> None:
    """Documents may name one node differently ("seizures", "seizure"): the label is the
    smallest name, whatever the order. The store keeps no per-document names, so the
    label stays while the node is in use; a fresh build recomputes it."""
    k = sources["klonopin"]
    for order in ((k, singular), (singular, k)):
        assert fact(build(*order), "clonazepam", "treats", "seizure") is not None
    store = build(k, singular)
    store.remove_document(singular.doc.id)
    assert fact(store, "clonazepam", "treats", "seizure") is not None
    assert fact(build(k), "clonazepam", "treats", "seizures") is not None


def test_changing_one_document_changes_only_its_evidence(
    store: GraphStore,
    build: Build,
    sources: dict[str, Any],
    klonopin_without: Callable[..., Any],
    assert_same: Same,
) -> None:
    valium_graph = graph_iri(sources["valium"].doc.id)
    second_graph = graph_iri(sources["second"].doc.id)
    untouched = {g: set(store.quads(g)) for g in (valium_graph, second_graph)}
    assert fact(store, "clonazepam", "contraindicated_in", "liver disease") is not None

    # The new version of the article no longer says "should not be used ... liver disease".
    new_version = klonopin_without(
        without=["Clonazepam should not be used if you have liver disease."]
    )
    new_version.write(store)

    for g, quads in untouched.items():
        assert set(store.quads(g)) == quads
    assert fact(store, "clonazepam", "contraindicated_in", "liver disease") is None
    assert not store.resolve("liver disease"), "an entity no fact refers to is removed"
    assert_same(store, build(new_version, sources["valium"], sources["second"]))


def test_removing_a_document_drops_facts_and_entities_left_without_support(
    store: GraphStore, sources: dict[str, Any], build: Build, assert_same: Same
) -> None:
    store.remove_document(sources["klonopin"].doc.id)
    assert fact(store, "clonazepam", "interacts_with", "alcohol") is None
    assert fact(store, "diazepam", "interacts_with", "alcohol") is not None
    assert store.resolve("alcohol"), "alcohol is still used by the Valium article"
    assert {n.value.rsplit("/", 2)[-2] for n in store.resolve("Klonopin")} == {"drug"}, (
        "the brand node is gone; clonazepam (still used by notes/second-opinion.txt) keeps "
        "its synonym"
    )
    assert store.stats().doses == 0
    assert sources["klonopin"].doc.id not in store.documents()
    assert graph_iri(sources["klonopin"].doc.id) not in set(store.oxigraph.named_graphs())
    assert_same(store, build(sources["valium"], sources["second"]))


def test_removing_everything_leaves_an_empty_store(
    store: GraphStore, sources: dict[str, Any]
) -> None:
    for source in sources.values():
        store.remove_document(source.doc.id)
    assert len(store) == 0
    assert list(store.oxigraph.named_graphs()) == []


def test_removing_an_unknown_document_changes_nothing(store: GraphStore) -> None:
    before = set(store.quads())
    assert not store.remove_document("no-such-document").changed
    assert set(store.quads()) == before


def test_rerun_with_identical_input_changes_nothing(
    store: GraphStore, sources: dict[str, Any]
) -> None:
    before = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    for source in sources.values():
        change = store.replace_document(source.doc, source.assertions, source.doses)
        assert not change.changed, change
    assert set(store.quads()) == set(ox.parse(before, format=ox.RdfFormat.N_QUADS))


def test_order_of_documents_does_not_matter(
    build: Build, sources: dict[str, Any], assert_same: Same
) -> None:
    k, v, s = sources["klonopin"], sources["valium"], sources["second"]
    assert_same(build(k, v, s), build(s, v, k))


def test_any_history_ends_where_a_fresh_build_does(
    build: Build,
    sources: dict[str, Any],
    klonopin_without: Callable[..., Any],
    sentences: dict[str, str],
    assert_same: Same,
) -> None:
    store = build(*sources.values())
    store.replace_document(klonopin_without(without=[sentences["K1"]]).doc, (), ())
    klonopin_without(without=[sentences["K1"], sentences["K5"]]).write(store)
    store.remove_document(sources["valium"].doc.id)
    sources["valium"].write(store)
    final = klonopin_without(without=[sentences["K3"]])
    final.write(store)
    assert_same(store, build(final, sources["valium"], sources["second"]))


def test_evidence_must_belong_to_the_document(sources: dict[str, Any]) -> None:
    k, v = sources["klonopin"], sources["valium"]
    with GraphStore.memory() as store, pytest.raises(ValueError, match="names another document"):
        store.replace_document(k.doc, v.assertions)


# -- atomicity -----------------------------------------------------------------


def test_a_failing_update_request_writes_nothing(
    store: GraphStore, sources: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole change is one update request: if its last operation fails, nothing is kept."""
    import drugkg.kg.store as store_module

    before = set(store.quads())
    for name in ("update_request", "removal_request"):  # replacing, removing
        real = getattr(store_module, name)

        def failing(*args: Any, real: Any = real) -> str:
            return real(*args) + " ;\nLOAD <file:///nonexistent/drugkg-test.ttl>"

        monkeypatch.setattr(store_module, name, failing)
    klonopin = sources["klonopin"]
    with pytest.raises((OSError, RuntimeError, ValueError)):
        store.remove_document(klonopin.doc.id)
    with pytest.raises((OSError, RuntimeError, ValueError)):
        store.remove_documents([klonopin.doc.id, sources["valium"].doc.id])
    changed = Document.from_text(klonopin.doc.id, klonopin.doc.text + " More.")
    with pytest.raises((OSError, RuntimeError, ValueError)):
        store.replace_document(changed, klonopin.assertions)
    assert set(store.quads()) == before


# -- reading -------------------------------------------------------------------


def test_documents_maps_ids_to_hashes(store: GraphStore, sources: dict[str, Any]) -> None:
    assert store.documents() == {s.doc.id: s.doc.sha256 for s in sources.values()}


def test_facts_are_sorted_and_filtered(store: GraphStore) -> None:
    rows = store.facts()
    keys = [(r.subject, r.predicate, -r.confidence) for r in rows]
    assert keys == sorted(keys)
    assert {r.subject for r in store.facts(drug="Klonopin")} == {"clonazepam"}
    treats = store.facts(drug="valium", predicate="treats")
    assert [(r.object, r.hedged) for r in treats] == [("anxiety", False), ("muscle spasms", True)]
    with pytest.raises(ValueError, match="valid: treats"):
        store.facts(predicate="cures")


def test_explain_matches_labels_loosely_and_resolves_brands(
    store: GraphStore, sentences: dict[str, str]
) -> None:
    rows = store.explain("KLONOPIN", "treats", "Seizures")
    assert [(r.doc_id, r.sentence, r.rule) for r in rows] == [
        ("corpus/klonopin.txt", sentences["K1"], "treats.used_to_treat"),
        ("notes/second-opinion.txt", sentences["S1"], "treats.prescribed_for"),
    ]
    first = rows[0]
    assert first.path == "corpus/klonopin.txt"
    assert first.end - first.start == len(first.sentence)
    assert (first.hedged, first.confidence) == (False, 0.9)
    hedged = store.explain("clonazepam", "has_side_effect", "drowsiness")
    assert [(r.hedged, r.confidence) for r in hedged] == [(True, 0.54)]
    assert store.explain("clonazepam", "treats", "pain") == []


def test_stats(store: GraphStore) -> None:
    stats = store.stats()
    assert (stats.documents, stats.facts, stats.evidence, stats.doses) == (3, 14, 16, 1)
    # clonazepam diazepam klonopin valium alcohol adult + 7 conditions
    assert stats.entities == 13
    assert sum(stats.facts_by_predicate.values()) == stats.facts


def test_stats_count_a_node_typed_in_several_graphs_once() -> None:
    store = GraphStore.memory()
    evidence = "<https://w3id.org/drugkg/ontology#Evidence>"
    typed = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = [
        f"<http://e/ev{i}> {typed} {evidence} <http://e/g{g}> ."
        for i in range(40)
        for g in range(1 + i % 3)
    ]
    store.bulk_load("\n".join(lines).encode())
    assert len(store) == 79  # 14 nodes in one graph, 13 in two, 13 in three
    assert store.stats().evidence == 40


# -- querying ------------------------------------------------------------------


def test_query_results_serialise_to_w3c_formats(store: GraphStore) -> None:
    result = store.query(
        "SELECT ?drug ?label WHERE { ?drug a dkg:Drug ; rdfs:label ?label } ORDER BY ?label"
    )
    assert result.variables == ("drug", "label")
    assert result.rows() == [("drug:clonazepam", "clonazepam"), ("drug:diazepam", "diazepam")]
    data = json.loads(result.serialize("json"))
    assert data["head"]["vars"] == ["drug", "label"]
    assert data["results"]["bindings"][0]["label"]["value"] == "clonazepam"
    assert result.serialize("csv").decode().splitlines()[1] == (
        "https://w3id.org/drugkg/resource/drug/clonazepam,clonazepam"
    )
    assert result.serialize("tsv").decode().splitlines()[0] == "?drug\t?label"
    assert b"<sparql" in result.serialize("xml")
    with pytest.raises(ValueError, match="valid: json, xml, csv, tsv"):
        result.serialize("turtle")


def test_construct_results_serialise_to_rdf(store: GraphStore) -> None:
    result = store.query("CONSTRUCT { ?d a dkg:Drug } WHERE { ?d a dkg:Drug }")
    assert len(result) == 2
    turtle = result.serialize("turtle")
    assert b"drug:clonazepam a dkg:Drug" in turtle
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == 2
    assert store.query("ASK { ?d a dkg:Drug }").boolean is True


def test_bindings_are_rdf_terms_not_text(store: GraphStore) -> None:
    before = len(store)
    evil = 'x" } ; DROP ALL ; #'
    result = store.query(
        "SELECT ?d ?wanted WHERE { ?d rdfs:label ?l FILTER(str(?l) = ?wanted) }",
        bindings={"wanted": evil},
    )
    assert result.rows() == []
    assert len(store) == before
    hit = store.query(
        "SELECT ?d ?wanted WHERE { ?d rdfs:label ?l FILTER(str(?l) = ?wanted) }",
        bindings={"wanted": "diazepam"},
    )
    assert hit.rows() == [("drug:diazepam", "diazepam")]


@pytest.mark.parametrize(
    ("sparql", "bindings", "message"),
    [
        ("SELECT ?x WHERE {", None, "malformed SPARQL query"),
        ("DROP ALL", None, "SPARQL updates are refused"),
        ("SELECT ?x WHERE { ?x ?p ?o }", {"y": "a"}, "SELECT projection"),
        ("SELECT ?x WHERE { ?x ?p ?o }", {"bad name": "a"}, "bad binding name"),
        ("SELECT ?x WHERE { ?x ?p ?o }", {"x": object()}, "cannot bind"),
    ],
)
def test_bad_queries_raise_query_error_with_one_line(
    store: GraphStore, sparql: str, bindings: dict[str, Any] | None, message: str
) -> None:
    with pytest.raises(QueryError, match=message) as info:
        store.query(sparql, bindings=bindings)
    assert "\n" not in str(info.value)


# -- opening, locking, read-only -------------------------------------------------


def test_persistent_store_survives_reopening(tmp_path: Path, sources: dict[str, Any]) -> None:
    path = tmp_path / "kg"
    with GraphStore.open(path) as store:
        for source in sources.values():
            source.write(store)
        expected = set(store.quads())
    with GraphStore.open(path, read_only=True) as reader:
        assert set(reader.quads()) == expected
        with pytest.raises(StoreError, match="read-only"):
            reader.remove_document(sources["klonopin"].doc.id)


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with GraphStore.open(path):
        with pytest.raises(StoreLockedError, match="store in use by another drugkg process"):
            GraphStore.open(path)
        with pytest.raises(StoreLockedError):
            GraphStore.open(path, read_only=True)
    with GraphStore.open(path):  # released on close
        pass


def test_a_writer_in_another_process_locks_the_store(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "kg"
    GraphStore.open(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from drugkg.kg.store import GraphStore\n"
            f"s = GraphStore.open({str(path)!r})\n"
            "print('open', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreLockedError, match=rf"pid {holder.pid}"):
            GraphStore.open(path)
    finally:
        holder.kill()
        holder.wait()
    GraphStore.open(path).close()


def test_readers_share_and_exclude_writers(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    GraphStore.open(path).close()
    with GraphStore.open(path, read_only=True) as a, GraphStore.open(path, read_only=True) as b:
        assert len(a) == len(b) == 0
        with pytest.raises(StoreLockedError):
            GraphStore.open(path)


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        GraphStore.open(tmp_path / "missing", read_only=True)
    assert not (tmp_path / "missing").exists()


def test_closed_store_says_so() -> None:
    store = GraphStore.memory()
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.facts()
