"""Symmetric predicates: ``A interacts_with B`` and ``B interacts_with A`` are one fact."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF

from drugkg.kg.queries import run_named
from drugkg.kg.store import GraphStore
from drugkg.kg.validate import ontology_file
from drugkg.model import Assertion, Document, Entity, EntityType, Evidence, Predicate, Triple

LORAZEPAM = Entity.make(EntityType.DRUG, "lorazepam")
OXYCODONE = Entity.make(EntityType.DRUG, "oxycodone")
ONE = "Do not take lorazepam with oxycodone."
TWO = "Taking oxycodone with lorazepam can slow breathing."


def _said(doc_id: str, sentence: str, s: Entity, o: Entity) -> tuple[Document, Assertion]:
    doc = Document.from_text(doc_id, sentence)
    ev = Evidence(doc_id, sentence, 0, len(sentence), "interaction.with", confidence=0.8,
                  subject_text=s.label, object_text=o.label)  # fmt: skip
    return doc, Assertion(Triple(s, Predicate.INTERACTS_WITH, o), ev)


def _store() -> GraphStore:
    store = GraphStore.memory()
    for doc, assertion in (
        _said("a", ONE, LORAZEPAM, OXYCODONE),
        _said("b", TWO, OXYCODONE, LORAZEPAM),
    ):
        store.replace_document(doc, [assertion])
    return store


def test_a_triple_of_a_symmetric_predicate_has_one_canonical_direction() -> None:
    forward = Triple(LORAZEPAM, Predicate.INTERACTS_WITH, OXYCODONE)
    backward = Triple(OXYCODONE, Predicate.INTERACTS_WITH, LORAZEPAM)
    assert forward.canonical() == backward.canonical() == forward
    assert backward.canonical().subject == LORAZEPAM
    treats = Triple(OXYCODONE, Predicate.TREATS, Entity.make(EntityType.CONDITION, "pain"))
    assert treats.canonical() is treats
    # a drug stays the subject of an interaction with a class or a substance
    alcohol = Entity.make(EntityType.SUBSTANCE, "alcohol")
    assert Triple(alcohol, Predicate.INTERACTS_WITH, OXYCODONE).canonical().subject == OXYCODONE


def test_both_directions_are_one_fact_with_the_support_of_both() -> None:
    store = _store()
    rows = store.facts(predicate="interacts_with")
    assert [(r.subject, r.object, r.support, r.evidence) for r in rows] == [
        ("lorazepam", "oxycodone", 2, 2)
    ]


def test_explain_answers_either_direction_with_all_evidence() -> None:
    store = _store()
    for s, o in (("lorazepam", "oxycodone"), ("oxycodone", "lorazepam")):
        assert sorted(q.sentence for q in store.explain(s, "interacts_with", o)) == [ONE, TWO]


def test_the_named_query_answers_both_directions_with_both_sentences() -> None:
    store = _store()
    for drug, other in (("lorazepam", "oxycodone"), ("oxycodone", "lorazepam")):
        result = run_named(store, "interactions", {"drug": drug})
        rows = [dict(zip(result.variables, row, strict=True)) for row in result.rows()]
        assert {r["interacts_with"] for r in rows} == {other}
        assert sorted(r["sentence"] for r in rows) == [ONE, TWO]


def test_facts_of_either_drug_include_the_interaction() -> None:
    store = _store()
    for drug in ("lorazepam", "oxycodone"):
        assert [r.predicate for r in store.facts(drug=drug)] == ["interacts_with"]


def test_the_ontology_declares_interacts_with_symmetric() -> None:
    graph = rdflib.Graph().parse(data=ontology_file().read_text(), format="turtle")
    dkg = rdflib.Namespace("https://w3id.org/drugkg/ontology#")
    assert (dkg.interacts_with, RDF.type, OWL.SymmetricProperty) in graph
