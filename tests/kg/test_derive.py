"""One derivation: support from document readings, tallies and merged entities."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drugkg.kg.belief import summarize
from drugkg.kg.derive import (
    Derivation,
    DocumentReading,
    Tally,
    document_readings,
    merge_entities,
    stored_confidence,
    support,
)
from drugkg.kg.rdf import double_literal
from drugkg.model import Entity, EntityType, Evidence

readings = st.lists(
    st.tuples(
        st.sampled_from("abcd"),
        st.floats(min_value=0.0, max_value=1.0),
        st.booleans(),
        st.booleans(),
    ),
    max_size=12,
)


def _evidence(items: list[tuple[str, float, bool, bool]]) -> list[Evidence]:
    return [
        Evidence(doc, "s", i, i + 1, "r", hedged=hedged, negated=negated, confidence=c)
        for i, (doc, c, hedged, negated) in enumerate(items)
    ]


@given(readings)
def test_support_of_document_readings_is_summarize_of_the_stored_evidence(
    items: list[tuple[str, float, bool, bool]],
) -> None:
    evidence = _evidence(items)
    stored = _evidence([(d, stored_confidence(c), h, n) for d, c, h, n in items])
    expected = summarize(stored)
    got = support(document_readings(evidence))
    if expected.evidence == 0:
        assert got is None
    else:
        assert got == expected


@given(readings, st.integers(min_value=0, max_value=12))
def test_a_derivation_split_anywhere_and_merged_counts_the_same(
    items: list[tuple[str, float, bool, bool]], cut: int
) -> None:
    fact, s, p, o = (ox.NamedNode(f"http://e/{x}") for x in "fspo")
    by_doc = document_readings(_evidence(items))
    whole, first, second = Derivation(), Derivation(), Derivation()
    whole.add({fact: (s, p, o)}, {}, {fact: by_doc})
    first.add({fact: (s, p, o)}, {}, {fact: by_doc[:cut]})
    second.add({fact: (s, p, o)}, {}, {fact: by_doc[cut:]})
    first.update(second)
    assert first.supports() == whole.supports()
    assert whole.supports().get(fact) == support(by_doc)


@given(st.floats(min_value=0.0, max_value=1.0))
def test_stored_confidence_is_what_the_store_reads_back(value: float) -> None:
    assert stored_confidence(value) == float(double_literal(value).value)


def test_a_tally_counts_documents() -> None:
    tally = Tally()
    tally.add(DocumentReading("a", 0.9, evidence=3, hedged=True))
    assert len(tally) == 1 and tally.support().hedged and tally.support().evidence == 3


def test_merging_entities_is_order_free() -> None:
    a = Entity.make(EntityType.CONDITION, "Seizures", synonyms=["fits"])
    b = Entity.make(EntityType.CONDITION, "seizure", xrefs={"mesh": "D012640"})
    assert merge_entities([a, b]) == merge_entities([b, a])
    with pytest.raises(ValueError, match="different entities"):
        merge_entities([a, Entity.make(EntityType.DRUG, "seizure")])
