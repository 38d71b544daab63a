"""Candidate pairs of short texts written for these tests, over a small invented lexicon."""

from __future__ import annotations

import pytest
from drugkg.extract.candidates import Candidate, candidates, focus_drug
from drugkg.extract.lexicon import Gazetteer, LexiconEntry

from drugkg.model import Document, EntityType


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.build(
        [
            LexiconEntry(EntityType.DRUG, "zorbex", brands=("Zorbia",)),
            LexiconEntry(EntityType.DRUG, "quintafen"),
            LexiconEntry(EntityType.CLASS, "glimmerines"),
            LexiconEntry(EntityType.CONDITION, "gloom"),
            LexiconEntry(EntityType.CONDITION, "wobbles"),
            LexiconEntry(EntityType.POPULATION, "older adults"),
        ]
    )


def pairs(found: list[Candidate]) -> list[tuple[str, str, bool]]:
    return [(c.subject.label, c.object.label, c.implicit) for c in found]


def test_pairs_within_a_sentence_with_offsets(gaz):
    text = "Intro line here.\nZorbex relieves gloom in older adults."
    doc = Document.from_text("d", text)
    found = list(candidates(doc, gaz))
    assert pairs(found) == [("zorbex", "gloom", False), ("zorbex", "older adults", False)]
    c = found[0]
    assert text[c.start : c.end] == c.sentence
    assert c.subject_span is not None
    assert text[c.subject_span.start : c.subject_span.end] == "Zorbex"
    assert text[c.object_span.start : c.object_span.end] == "gloom"
    assert c.object_type is EntityType.CONDITION
    assert c.block_kind == "paragraph"


def test_focus_drug_is_the_implicit_subject_of_items_naming_no_drug(gaz):
    text = "Zorbex guide\n\nZorbex is a pill.\n\nPossible side effects include:\n- wobbles\n"
    doc = Document.from_text("d", text, title="Zorbex guide")
    found = [c for c in candidates(doc, gaz) if c.object.label == "wobbles"]
    assert pairs(found) == [("zorbex", "wobbles", True)]
    assert found[0].lead_in == "Possible side effects include:"
    assert found[0].block_kind == "bullet"


def test_context_hides_entity_names(gaz):
    text = "Zorbex and the wobbles\n\nIt can cause gloom.\n"
    doc = Document.from_text("d", text, title="Zorbex")
    (c,) = [c for c in candidates(doc, gaz) if c.object.label == "gloom"]
    assert c.implicit
    assert c.heading == "<Drug> and the <Condition>"


def test_focus_is_added_when_another_drug_is_named(gaz):
    text = "Zorbex helps. Zorbex works. Tell your doctor if you take quintafen."
    found = list(candidates(Document.from_text("d", text), gaz))
    assert ("zorbex", "quintafen", True) in pairs(found)


def test_a_brand_is_an_object_with_its_drug(gaz):
    text = "Zorbex is sold as Zorbia."
    (c,) = [c for c in candidates(Document.from_text("d", text), gaz) if c.brand is not None]
    assert c.object_type is EntityType.BRAND
    assert c.object_entity(for_brand=True).label == "Zorbia"
    assert c.object_entity(for_brand=False).label == "zorbex"


def test_class_subject_and_no_self_pairs(gaz):
    text = "Zorbex is one of the glimmerines."
    found = pairs(list(candidates(Document.from_text("d", text), gaz)))
    assert ("zorbex", "glimmerines", False) in found
    assert ("glimmerines", "zorbex", False) in found
    assert all(s != o for s, o, _ in found)


def test_focus_prefers_the_title(gaz):
    doc = Document.from_text("d", "Zorbex. Zorbex. Quintafen.", title="All about quintafen")
    focus = focus_drug(doc, gaz.find(doc.text))
    assert focus is not None and focus.label == "quintafen"
