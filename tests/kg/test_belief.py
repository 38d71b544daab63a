"""Belief: INDRA-style combination of independent evidence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drugkg.kg.belief import HEDGE_FACTOR, belief, evidence_confidence, summarize
from drugkg.model import Evidence

probabilities = st.floats(min_value=0.0, max_value=1.0)


def ev(
    doc: str, confidence: float, *, hedged: bool = False, negated: bool = False, start: int = 0
) -> Evidence:
    return Evidence(
        doc, "s", start, start + 1, "r", negated=negated, hedged=hedged, confidence=confidence
    )


def test_hedging_raises_the_error() -> None:
    assert evidence_confidence(0.1) == pytest.approx(0.9)
    assert evidence_confidence(0.1, hedged=True) == pytest.approx(0.9 * HEDGE_FACTOR)
    assert evidence_confidence(0.0, hedged=True) == pytest.approx(HEDGE_FACTOR)


@pytest.mark.parametrize("bad", [-0.1, 1.01, float("nan"), "0.1"])
def test_error_rates_are_probabilities(bad: object) -> None:
    with pytest.raises(ValueError, match="error_rate"):
        evidence_confidence(bad)  # type: ignore[arg-type]


def test_independent_documents_multiply_errors() -> None:
    assert belief([ev("a", 0.9), ev("b", 0.8)]) == pytest.approx(1 - 0.1 * 0.2)
    assert belief([ev("a", 0.9), ev("b", 0.8), ev("c", 0.5)]) == pytest.approx(1 - 0.1 * 0.2 * 0.5)


def test_only_the_best_reading_of_a_document_counts() -> None:
    assert belief([ev("a", 0.6), ev("a", 0.9, start=5), ev("a", 0.7, start=9)]) == pytest.approx(
        0.9
    )


def test_negated_readings_and_no_evidence() -> None:
    assert belief([]) == 0.0
    assert belief([ev("a", 0.9, negated=True)]) == 0.0
    assert belief([ev("a", 0.5), ev("b", 0.99, negated=True)]) == pytest.approx(0.5)


def test_summary() -> None:
    support = summarize([ev("a", 0.54, hedged=True), ev("a", 0.9, start=3), ev("b", 0.5)])
    assert (support.documents, support.evidence, support.hedged) == (2, 3, False)
    assert support.confidence == pytest.approx(1 - 0.1 * 0.5)
    assert summarize([ev("a", 0.54, hedged=True)]).hedged
    assert not summarize([]).hedged


@given(st.lists(st.tuples(st.sampled_from("abcde"), probabilities), max_size=12))
def test_belief_is_a_probability_that_ignores_order(readings: list[tuple[str, float]]) -> None:
    evidence = [ev(doc, c, start=i) for i, (doc, c) in enumerate(readings)]
    value = belief(evidence)
    assert 0.0 <= value <= 1.0
    assert belief(list(reversed(evidence))) == value
    best = max((c for _, c in readings), default=0.0)
    assert value >= best - 1e-12


@given(
    st.lists(st.tuples(st.sampled_from("abc"), probabilities), min_size=1, max_size=8),
    probabilities,
)
def test_a_new_document_never_lowers_belief(readings: list[tuple[str, float]], c: float) -> None:
    evidence = [ev(doc, conf, start=i) for i, (doc, conf) in enumerate(readings)]
    assert belief([*evidence, ev("new-document", c)]) >= belief(evidence) - 1e-12
