"""The RDF mapping of documents, assertions and doses."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from drugkg.kg.rdf import (
    document_graph,
    entity_quads,
    from_rdflib,
    to_rdflib,
)
from drugkg.model import Assertion, Document, Dose, Entity, EntityType, Evidence, Predicate, Triple

DKG = "https://w3id.org/drugkg/ontology#"


def test_negated_assertions_are_not_stored(sources: dict) -> None:
    k = sources["klonopin"]
    graph = document_graph(k.doc, k.assertions, k.doses)
    sentences = {q.object.value for q in graph.quads if q.predicate.value == DKG + "sentence"}
    assert "Klonopin is not a substitute for pain medications." not in sentences
    assert all(q.graph_name == graph.graph for q in graph.quads)
    assert len(graph.statements) == 8


def test_duplicate_doses_are_one_record(sources: dict) -> None:
    k = sources["klonopin"]
    once = document_graph(k.doc, k.assertions, k.doses)
    twice = document_graph(k.doc, k.assertions, k.doses + k.doses)
    assert once.quads == twice.quads


def test_offsets_are_checked() -> None:
    doc = Document.from_text("d", "text")
    clz = Entity.make(EntityType.DRUG, "clonazepam")
    bad = Evidence("d", "text", 3, 1, "r")
    with pytest.raises(ValueError, match=r"bad offsets 3\.\.1"):
        document_graph(doc, [Assertion(Triple(clz, Predicate.TREATS, clz), bad)])
    with pytest.raises(ValueError, match="finite"):
        document_graph(doc, (), [Dose(clz, float("nan"), "mg", Evidence("d", "t", 0, 1, "r"))])


def test_unknown_external_ids_are_refused() -> None:
    with pytest.raises(
        ValueError, match="unknown external id prefix 'pubchem' on 'x'; valid: chebi"
    ):
        entity_quads(Entity.make(EntityType.DRUG, "x", xrefs={"pubchem": "1"}))


def test_external_ids_become_literals_and_iris() -> None:
    e = Entity.make(EntityType.DRUG, "clonazepam", xrefs={"wikidata": "Q407988", "mesh": "D002998"})
    objects = {q.object for q in entity_quads(e)}
    assert ox.Literal("Q407988") in objects
    assert ox.NamedNode("http://www.wikidata.org/entity/Q407988") in objects
    assert ox.NamedNode("http://id.nlm.nih.gov/mesh/D002998") in objects


@given(
    st.one_of(
        st.text().map(ox.Literal),
        st.integers().map(ox.Literal),
        st.booleans().map(ox.Literal),
        st.floats(allow_nan=False).map(ox.Literal),
        st.tuples(st.text(), st.sampled_from(["en", "fr-CA"])).map(
            lambda t: ox.Literal(t[0], language=t[1])
        ),
    )
)
def test_terms_round_trip_through_rdflib(term: ox.Literal) -> None:
    back = from_rdflib(to_rdflib(term))
    assert back == term or (term.datatype.value.endswith("#string") and back.value == term.value)


def test_plain_strings_stay_plain_in_rdflib() -> None:
    assert to_rdflib(ox.Literal("x")) == rdflib.Literal("x")
    assert to_rdflib(ox.DefaultGraph()) == rdflib.graph.DATASET_DEFAULT_GRAPH_ID


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_numbers_read_back_as_written(value: float) -> None:
    """Oxigraph stores numbers as values: our lexical forms must be its canonical ones, or a
    re-run would see a change that is not there."""
    from drugkg.kg.rdf import _decimal, double_literal

    store = ox.Store()
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    for literal in (double_literal(value), _decimal(value)):
        store.clear()
        store.add(ox.Quad(s, p, literal))
        assert next(iter(store)).object == literal


def test_surface_phrases_are_stored_only_when_known() -> None:
    from drugkg.kg.store import GraphStore
    from drugkg.kg.validate import validate

    doc = Document.from_text("d1", "Klonopin treats fits.")
    ev = Evidence("d1", doc.text, 0, len(doc.text), "treats.x", confidence=0.9)
    triple = Triple(
        Entity.make(EntityType.DRUG, "clonazepam"),
        Predicate.TREATS,
        Entity.make(EntityType.CONDITION, "seizures"),
    )
    read = Evidence(
        "d1", doc.text, 0, len(doc.text), "treats.x", confidence=0.9,
        subject_text="Klonopin", object_text="fits",
    )  # fmt: skip
    plain = document_graph(doc, [Assertion(triple, ev)])
    phrased = document_graph(doc, [Assertion(triple, read)])
    assert len(phrased.quads) == len(plain.quads) + 2
    with GraphStore.memory() as store:
        store.replace_document(doc, [Assertion(triple, read)])
        [quote] = store.explain("clonazepam", "treats", "seizures")
        assert quote.evidence == read
        assert validate(store).conforms
