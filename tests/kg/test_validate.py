"""SHACL validation of stores against ontology/shapes.ttl."""

from __future__ import annotations

import pytest
from drugkg.kg.store import GraphStore
from drugkg.kg.validate import shapes_file, validate

from drugkg.model import Assertion, Document, Dose, Entity, EntityType, Evidence, Predicate, Triple

pytestmark = pytest.mark.skipif(
    not shapes_file().is_file(), reason="ontology/shapes.ttl is not written yet"
)


def test_a_good_store_conforms(store: GraphStore) -> None:
    report = validate(store)
    assert report.conforms, str(report)
    assert report.errors == ()


def test_an_empty_store_conforms() -> None:
    assert validate(GraphStore.memory()).conforms


def test_rdfs_inference_agrees(store: GraphStore) -> None:
    assert validate(store, inference="rdfs").conforms


def test_violations_are_readable() -> None:
    text = "Take 5 tablets daily."
    doc = Document.from_text("bad", text)
    clz = Entity.make(EntityType.DRUG, "clonazepam")
    wrong_span = Evidence("bad", text, 0, 3, "r", confidence=0.9)  # sentence longer than span
    dose = Dose(clz, 5, "tablets", Evidence("bad", text, 0, len(text), "dose.x"))
    triple = Triple(clz, Predicate.TREATS, Entity.make(EntityType.POPULATION, "adults"))
    with GraphStore.memory() as store:
        store.replace_document(doc, [Assertion(triple, wrong_span)], [dose])
        report = validate(store)
    assert not report.conforms
    messages = [str(v) for v in report.errors]
    assert any("dkg:unit" in m and "one of: mg" in m for m in messages), messages
    assert any("object of dkg:treats must be a dkg:Condition" in m for m in messages), messages
    assert any(
        "the sentence must be exactly the text between the offsets" in m for m in messages
    ), messages
    assert all(
        v.focus_node.startswith(("dose:", "evidence:", "drug:", "fact:")) for v in report.errors
    ), messages
