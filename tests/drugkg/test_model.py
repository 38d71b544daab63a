"""The domain model: dict round trips of every record, identities, and entity keys."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drugkg.model import (
    Assertion,
    Document,
    Dose,
    Entity,
    EntityType,
    Evidence,
    Fact,
    Predicate,
    Quote,
    Triple,
    entity_key,
)

SENTENCE = "Propranolol may cause tiredness."
PROPRANOLOL = Entity.make(
    EntityType.DRUG, "Propranolol", synonyms=["Inderal", "Hemangeol"], xrefs={"drugbank": "DB00571"}
)
TIREDNESS = Entity.make(EntityType.CONDITION, "tiredness", xrefs={"mesh": "D005221"})
TRIPLE = Triple(PROPRANOLOL, Predicate.HAS_SIDE_EFFECT, TIREDNESS)
EVIDENCE = Evidence("doc-1", SENTENCE, 10, 10 + len(SENTENCE), "side_effects.cause",
                    negated=False, hedged=True, confidence=0.63)  # fmt: skip
DOSE = Dose(
    drug=PROPRANOLOL,
    amount=40.0,
    unit="mg",
    evidence=Evidence("doc-1", "Adults start with 40 mg twice a day.", 50, 86, "dose.amount"),
    kind="starting",
    frequency="2 times a day",
    condition=Entity.make(EntityType.CONDITION, "migraine"),
    population=Entity.make(EntityType.POPULATION, "adults"),
)
RECORDS: list[Any] = [
    PROPRANOLOL,
    Entity.make(EntityType.BRAND, "Inderal LA", keep_case=True),
    TRIPLE,
    EVIDENCE,
    Evidence("d", "x", 0, 1, "r"),
    dataclasses.replace(EVIDENCE, subject_text="Propranolol", object_text="tiredness"),
    Assertion(TRIPLE, EVIDENCE),
    Fact("propranolol", "has_side_effect", "tiredness", 2, 3, 0.9, hedged=True),
    Quote(EVIDENCE, title="Propranolol", path="corpus/a.txt"),
    DOSE,
    dataclasses.replace(DOSE, condition=None, population=None, frequency=None, kind="usual"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_dict_round_trip_through_json(record: Any) -> None:
    data = record.to_dict()
    back = type(record).from_dict(json.loads(json.dumps(data)))
    assert back == record
    assert back.to_dict() == data
    if isinstance(record, Triple):  # a triple's equality is its identity: compare the labels too
        assert (back.subject, back.object) == (record.subject, record.object)


def test_records_are_immutable() -> None:
    for record in RECORDS:
        field = dataclasses.fields(record)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, field, None)


def test_entity_make_folds_the_key_and_lowercases_labels() -> None:
    assert (PROPRANOLOL.key, PROPRANOLOL.label) == ("propranolol", "propranolol")
    assert PROPRANOLOL.synonyms == ("Hemangeol", "Inderal")  # sorted
    assert PROPRANOLOL.xref("drugbank") == "DB00571" and PROPRANOLOL.xref("mesh") is None
    assert Entity.make(EntityType.TARGET, "GABA receptors").label == "GABA receptors"
    assert Entity.make(EntityType.CLASS, "CYP3A4 Inhibitors").label == "CYP3A4 inhibitors"
    assert Entity.make(EntityType.BRAND, "Inderal LA", keep_case=True).label == "Inderal LA"


def test_triple_identity_ignores_labels_and_synonyms() -> None:
    other_forms = Triple(
        Entity.make(EntityType.DRUG, "PROPRANOLOL"),
        Predicate.HAS_SIDE_EFFECT,
        Entity.make(EntityType.CONDITION, "Tiredness"),
    )
    assert other_forms == TRIPLE and hash(other_forms) == hash(TRIPLE)
    as_target = Triple(PROPRANOLOL, Predicate.HAS_SIDE_EFFECT,
                       Entity.make(EntityType.TARGET, "tiredness"))  # fmt: skip
    assert as_target != TRIPLE  # the type is part of an entity's identity


def test_a_quote_reads_through_to_its_evidence() -> None:
    quote = Quote(EVIDENCE, title="Propranolol", path="a.txt")
    assert (quote.doc_id, quote.sentence, quote.rule) == (
        EVIDENCE.doc_id,
        EVIDENCE.sentence,
        EVIDENCE.rule,
    )
    assert (quote.start, quote.end, quote.hedged, quote.confidence) == (
        EVIDENCE.start,
        EVIDENCE.end,
        EVIDENCE.hedged,
        EVIDENCE.confidence,
    )


def test_evidence_leaves_empty_surface_phrases_out_of_its_dict() -> None:
    assert set(EVIDENCE.to_dict()) == {
        "doc_id", "sentence", "start", "end", "rule", "negated", "hedged", "confidence",
    }  # fmt: skip


def test_document_from_text_hashes_the_text() -> None:
    doc = Document.from_text("d1", "Aspirin eases pain.", title="Aspirin")
    assert doc.sha256 == hashlib.sha256(b"Aspirin eases pain.").hexdigest()
    assert (doc.title, doc.media_type, doc.metadata) == ("Aspirin", "text/plain", {})
    assert Document.from_text("d1", "Aspirin eases pain.", sha256="abc").sha256 == "abc"
    assert doc == dataclasses.replace(doc, metadata={"encoding": "cp1252"})  # not compared


# -- entity keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Panic Disorders", "panic-disorder"),
        ("  cold   hands ", "cold-hand"),
        ("Ménière’s disease", "meniere-disease"),
        ("Ménière's disease", "meniere-disease"),
        ("cognitive-behavioral therapy", "cognitive-behavioral-therapy"),
        ("Cognitive behavioral therapies", "cognitive-behavioral-therapy"),
        ("SSRIs", "ssri"),
        ("5-HT2A receptors", "5-ht2a-receptor"),
        ("diabetes", "diabetes"),
        ("Herpes", "herpes"),
        ("psychosis", "psychosis"),
        ("stress", "stress"),
        ("headaches", "headache"),
        ("rashes", "rash"),
        ("allergies", "allergy"),
        ("type 2 diabetes mellitus", "type-2-diabetes-mellitus"),
        ("nervous", "nervous"),
    ],
)
def test_entity_key_folds(label: str, key: str) -> None:
    assert entity_key(label) == key


def test_entity_key_of_a_label_without_letters_is_stable_and_distinct() -> None:
    assert entity_key("—") == entity_key("—")
    assert entity_key("—").startswith("x") and len(entity_key("—")) == 13
    assert entity_key("—") != entity_key("…")


@given(st.text(min_size=1, max_size=40))
def test_entity_key_is_a_safe_iri_segment(label: str) -> None:
    key = entity_key(label)
    assert key and key == key.lower() and key.isascii()
    assert all(part and all(c.isalnum() or c == "_" for c in part) for part in key.split("-"))


# ASCII and accented letters (letters that do not decompose, like "ø", are dropped, not folded)
WORDY = st.text(
    alphabet=st.characters(codec="ascii", categories=["Lu", "Ll", "Nd", "Zs", "Pd"])
    | st.sampled_from("éèàüöñçÉÜÑ"),
    max_size=30,
)


@given(WORDY.filter(lambda s: any(c.isalnum() for c in s)))
def test_entity_key_ignores_case_and_spacing(label: str) -> None:
    assert entity_key(label.upper()) == entity_key(label.lower())
    assert entity_key(f"  {label}  ") == entity_key(label)


def test_an_entity_survives_pickling_field_for_field():
    import pickle

    e = Entity.make(
        EntityType.DRUG, "Clonazepam", synonyms=["Klonopin"], xrefs={"drugbank": "DB01068"}
    )
    back = pickle.loads(pickle.dumps(e))
    assert back == e and back.synonyms == e.synonyms and back.xrefs == e.xrefs
