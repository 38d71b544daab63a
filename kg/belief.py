"""INDRA-style belief: how sure we are of a fact given all its pieces of evidence."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "HEDGE_FACTOR",
    "Reading",
    "Support",
    "belief",
    "evidence_confidence",
    "summarize",
]

#: A hedged reading keeps this share of an unhedged reading's chance of being right.
HEDGE_FACTOR = 0.6


class Reading(Protocol):
    """What belief needs from a piece of evidence (``drugkg.model.Evidence`` has it)."""

    @property
    def doc_id(self) -> str: ...

    @property
    def confidence(self) -> float: ...

    @property
    def hedged(self) -> bool: ...

    @property
    def negated(self) -> bool: ...


def _check_probability(name: str, value: float) -> None:
    if not (isinstance(value, int | float) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be a number in [0, 1], not {value!r}")


def evidence_confidence(
    error_rate: float, *, hedged: bool = False, hedge_factor: float = HEDGE_FACTOR
) -> float:
    """The confidence of one reading by a rule with ``error_rate``.

    A hedged reading has its error raised to ``1 - (1 - error_rate) * hedge_factor`` (the
    extractor passes the factor of its cue file, ``extract/rules/context.yaml``).

    >>> evidence_confidence(0.1)
    0.9
    >>> round(evidence_confidence(0.1, hedged=True), 6)
    0.54
    >>> evidence_confidence(1.5)
    Traceback (most recent call last):
    ...
    ValueError: error_rate must be a number in [0, 1], not 1.5
    """
    _check_probability("error_rate", error_rate)
    _check_probability("hedge_factor", hedge_factor)
    error = 1.0 - (1.0 - error_rate) * hedge_factor if hedged else error_rate
    return 1.0 - error


def _best_per_document(evidence: Iterable[Reading]) -> dict[str, float]:
    best: dict[str, float] = {}
    for reading in evidence:
        if reading.negated:
            continue
        _check_probability("evidence confidence", reading.confidence)
        best[reading.doc_id] = max(best.get(reading.doc_id, 0.0), reading.confidence)
    return best


def belief(evidence: Iterable[Reading]) -> float:
    """The probability that a fact is right: ``1 - prod(min error per document)``.

    Only the best reading of each document counts (readings of one text are not
    independent); negated readings assert nothing and are ignored. No evidence: 0.

    >>> from drugkg.model import Evidence
    >>> a = Evidence("doc-a", "s", 0, 1, "r", confidence=0.8)
    >>> a2 = Evidence("doc-a", "t", 5, 6, "r", confidence=0.6)
    >>> b = Evidence("doc-b", "u", 0, 1, "r", confidence=0.5)
    >>> belief([a])
    0.8
    >>> round(belief([a, a2]), 6)   # same document: the best reading counts
    0.8
    >>> round(belief([a, b]), 6)    # independent documents: 1 - 0.2 * 0.5
    0.9
    >>> belief([])
    0.0
    """
    errors = sorted(1.0 - c for c in _best_per_document(evidence).values())
    if not errors:
        return 0.0
    return 1.0 - math.prod(errors)


@dataclass(frozen=True, slots=True)
class Support:
    """The aggregate of a fact's evidence, as written on its statement node.

    >>> Support(0.9, documents=2, evidence=3, hedged=False).documents
    2
    """

    confidence: float
    documents: int
    evidence: int
    hedged: bool


def summarize(evidence: Iterable[Reading]) -> Support:
    """Belief, distinct documents, evidence count and hedging of a fact's evidence.

    A fact is hedged only if every (non-negated) reading of it is hedged.

    >>> from drugkg.model import Evidence
    >>> ev = [Evidence("a", "s", 0, 1, "r", hedged=True, confidence=0.5),
    ...       Evidence("b", "s", 0, 1, "r", hedged=True, confidence=0.5)]
    >>> summarize(ev)
    Support(confidence=0.75, documents=2, evidence=2, hedged=True)
    """
    readings = [r for r in evidence if not r.negated]
    return Support(
        confidence=belief(readings),
        documents=len({r.doc_id for r in readings}),
        evidence=len(readings),
        hedged=bool(readings) and all(r.hedged for r in readings),
    )
