"""IRIs: stable, readable, and valid for any label or document id."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from drugkg.kg.iri import (
    doc_id_from_iri,
    document_iri,
    dose_iri,
    entity_iri,
    evidence_iri,
    fact_iri,
    graph_iri,
)
from drugkg.model import Dose, Entity, EntityType, Evidence, Predicate, Triple

NASTY = [
    "a b",
    'x" } ; DROP ALL ; #',
    "<script>",
    "é ü ß 中文",
    "",
    ".",
    "..",
    "a.",
    "%41",
    "tab\there",
    "new\nline",
    "back\\slash",
    "{braces}",
    "a/b/c",
    "?q=1#frag",
]


def parses_as_iri(node: ox.NamedNode) -> bool:
    """The IRI survives N-Triples in pyoxigraph and Turtle in rdflib."""
    line = f'<{node.value}> <http://example.org/p> "o" .\n'
    parsed = list(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))
    graph = rdflib.Graph().parse(data=line, format="nt")
    return parsed[0].subject == node and str(next(iter(graph.subjects()))) == node.value


@settings(max_examples=300)
@given(st.sampled_from(list(EntityType)), st.text())
def test_any_label_gives_a_valid_entity_iri(entity_type: EntityType, label: str) -> None:
    assert parses_as_iri(entity_iri(Entity.make(entity_type, label)))


@settings(max_examples=300)
@given(st.text())
def test_any_key_gives_a_valid_entity_iri(key: str) -> None:
    """Even an entity built by hand with an unsafe key."""
    assert parses_as_iri(entity_iri(Entity(EntityType.DRUG, key, key)))


@settings(max_examples=300)
@given(st.one_of(st.sampled_from(NASTY), st.text()))
def test_any_doc_id_gives_valid_document_and_graph_iris(doc_id: str) -> None:
    for node in (document_iri(doc_id), graph_iri(doc_id)):
        assert parses_as_iri(node)
        assert doc_id_from_iri(node) == doc_id
        assert node.value.isascii()


def test_doc_ids_are_percent_encoded_readably() -> None:
    assert document_iri("corpus/a b.txt").value.endswith("/doc/corpus%2Fa%20b.txt")
    assert graph_iri("a.").value.endswith("/graph/a%2E")
    assert graph_iri("x" + '" } ;').value.endswith("/graph/x%22%20%7D%20%3B")


def test_distinct_doc_ids_get_distinct_iris() -> None:
    iris = {document_iri(d) for d in NASTY}
    assert len(iris) == len(set(NASTY))


def test_fact_iri_is_the_hash_of_the_three_iris_and_ignores_surface_forms() -> None:
    a = Triple(
        Entity.make(EntityType.DRUG, "Clonazepam"),
        Predicate.TREATS,
        Entity.make(EntityType.CONDITION, "Seizures"),
    )
    b = Triple(
        Entity.make(EntityType.DRUG, "clonazepam", synonyms=["Klonopin"]),
        Predicate.TREATS,
        Entity.make(EntityType.CONDITION, "seizure"),
    )
    assert fact_iri(a) == fact_iri(b)
    assert fact_iri(a).value.rsplit("/", 1)[-1].isalnum()
    c = Triple(a.subject, Predicate.HAS_SIDE_EFFECT, a.object)
    assert fact_iri(a) != fact_iri(c)


def test_evidence_and_dose_iris_depend_on_what_identifies_them() -> None:
    ev = Evidence("d1", "Take 1 mg.", 0, 10, "dose.x")
    fact = ox.NamedNode("https://w3id.org/drugkg/resource/fact/0123456789abcdef")
    assert evidence_iri(ev, fact) == evidence_iri(Evidence("d1", "other", 0, 10, "dose.x"), fact)
    assert evidence_iri(ev, fact) != evidence_iri(Evidence("d1", "Take 1 mg.", 0, 10, "y"), fact)
    clz = Entity.make(EntityType.DRUG, "clonazepam")
    one = Dose(clz, 1.0, "mg", ev)
    assert dose_iri(one) == dose_iri(Dose(clz, 1, "mg", ev, frequency="daily"))
    assert dose_iri(one) != dose_iri(Dose(clz, 1.0, "mg", ev, kind="maximum"))
    assert dose_iri(one) != dose_iri(Dose(clz, 1.5, "mg", ev))
