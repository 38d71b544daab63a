"""Dosing statements as structured records: amount, unit, frequency, kind, condition, population."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drugkg.model import Dose, Entity, EntityType, Evidence

from .lexicon import Gazetteer, Mention
from .text import BlockKind, Sentence, fold

__all__ = ["DoseReader", "normalize_frequency"]

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?<![\w.,])({_NUMBER})\s*(?:(?:-|to|or)\s*(?:{_NUMBER})\s*)?"
    r"(mg/kg|mg|mcg|µg|micrograms?|milligrams?|grams?|g|ml|units?|iu)(?![\w/])"
)
_CUE = re.compile(
    r"\b(dose|dosage|doses|dosing|take|taken|given|start|starts|started|initial|maximum|daily|"
    r"prescribed|increase|increased|raised|titrat\w*)\b"
)
_MAXIMUM = re.compile(
    r"\b(max(?:imum)?|(?:not|never) (?:to )?exceed|no more than|more than|up to|highest|at most|"
    r"limit|above|no higher than)\b"
)
_SUBORDINATE = re.compile(r"\b(?:caused by|related to|due to|associated with|linked to)\b")
_STARTING = re.compile(r"\b(start(?:ing|s)?|initial(?:ly)?|begin(?:ning|s)?|first)\b")
_STEP = re.compile(r"\b(?:steps? of|increments? of|increase[sd]? (?:it )?by|raised by|added)\s*$")
_STRENGTH = re.compile(
    r"^\s*(?:,\s*)?(?:tablets?|capsules?|pills?|strengths?|vials?|patch(?:es)?|formulations?)\b"
)
_STRENGTHS = re.compile(r"\b(?:comes? (?:as|in)|available (?:as|in)|strengths?|sold as)\b")
_FREQUENCY = re.compile(
    r"\b(?:(once|twice|two times|three times|four times|five times|six times|(\d+) times)"
    r"\s+(?:a|per|each)\s+day"
    r"|(once|twice) daily|every (\d+\s*(?:to|-)\s*\d+|\d+)\s*hours?|(every other day)"
    r"|(at bedtime|before bed(?:time)?|at night|nightly|right before bed)"
    r"|(daily|per day|a day|each day|(?:a|per|each) night))\b"
)
_WORD_COUNT = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "four times": 4,
               "five times": 5, "six times": 6}  # fmt: skip
_UNITS = {
    "milligram": "mg", "milligrams": "mg", "microgram": "mcg", "micrograms": "mcg",
    "µg": "mcg", "gram": "g", "grams": "g", "ml": "mL", "unit": "units", "iu": "IU",
}  # fmt: skip


def normalize_frequency(text: str) -> str | None:
    """Frequencies in one spelling.

    >>> [normalize_frequency(t) for t in ["three times a day", "twice daily", "daily dose",
    ...                                   "every 4 to 6 hours", "before bed"]]
    ['3 times a day', '2 times a day', 'per day', 'every 4 to 6 hours', 'at bedtime']
    """
    m = _FREQUENCY.search(fold(text))
    if not m:
        return None
    count_word, digits, daily_word, hours, other_day, bedtime, _per_day = m.groups()
    if count_word or daily_word:
        n = int(digits) if digits else _WORD_COUNT[count_word or daily_word]
        return "once a day" if n == 1 else f"{n} times a day"
    if hours:
        return "every " + re.sub(r"\s*(?:-|to)\s*", " to ", hours) + " hours"
    if other_day:
        return "every other day"
    if bedtime:
        return "at bedtime"
    return "per day"


@dataclass(slots=True)
class _Context:
    conditions: list[Entity] = field(default_factory=list)
    population: Entity | None = None


class DoseReader:
    """Finds dose records in sentences; condition and population carry over within a paragraph."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._ctx = _Context()

    def reset(self) -> None:
        self._ctx = _Context()

    def read(
        self, sentence: Sentence, mentions: list[Mention], focus: Entity | None, doc_id: str
    ) -> list[Dose]:
        ctx = self._ctx
        if sentence.block.kind is BlockKind.HEADING:
            ctx.conditions, ctx.population = [], None
        folded = fold(sentence.text)
        amounts = list(_AMOUNT.finditer(folded))
        first = amounts[0].start() if amounts else len(folded)
        lead = first + sentence.start  # mentions before the first amount set the context
        stop = _SUBORDINATE.search(folded)
        limit = sentence.start + (stop.start() if stop and stop.start() < first else first)
        conditions = [
            m.entity for m in mentions if m.type is EntityType.CONDITION and m.start < limit
        ]
        populations = [m for m in mentions if m.type is EntityType.POPULATION]
        if conditions:
            ctx.conditions = list(dict.fromkeys(conditions))
        early = [m.entity for m in populations if m.start < lead]
        if early:
            ctx.population = early[0]
        if not amounts or not _CUE.search(folded):
            return []
        drug = self._drug(sentence, mentions, focus, first)
        if drug is None:
            return []
        strengths = bool(_STRENGTHS.search(folded))
        out: list[Dose] = []
        prev_end = 0
        prev_kind = "usual"
        for i, m in enumerate(amounts):
            before = folded[prev_end : m.start()]
            nxt = amounts[i + 1].start() if i + 1 < len(amounts) else len(folded)
            after = folded[m.end() : nxt]
            prev_end = m.end()
            if _STEP.search(before) or _STRENGTH.match(after) or strengths:
                continue  # a step up, or a tablet strength: not a dose to take
            kind = "usual"
            if _MAXIMUM.search(before):
                kind = "maximum"
            elif _STARTING.search(before) or (i == 0 and _STARTING.search(folded[:first])):
                kind = "starting"
            elif i and re.search(r"(?:^|,)\s*or\b", before):
                kind = prev_kind  # "500 mg twice a day, or 850 mg once a day"
            prev_kind = kind
            frequency = normalize_frequency(after) or normalize_frequency(before)
            if kind == "maximum" and frequency in (None, "once a day"):
                frequency = "per day"
            # "5 mg for women and 10 mg for men": a group named right after the amount
            own = [p.entity for p in populations
                   if m.end() <= p.start - sentence.start < nxt]  # fmt: skip
            population = own[0] if own else ctx.population
            unit = _UNITS.get(m.group(2), m.group(2))
            evidence = Evidence(
                doc_id=doc_id,
                sentence=sentence.text,
                start=sentence.start,
                end=sentence.end,
                rule="dose.amount",
                confidence=0.85,
            )
            each: list[Entity | None] = list(ctx.conditions) or [None]
            for condition in each:
                out.append(
                    Dose(
                        drug=drug,
                        amount=float(m.group(1).replace(",", "")),
                        unit=unit,
                        evidence=evidence,
                        kind=kind,
                        frequency=frequency,
                        condition=condition,
                        population=population,
                    )
                )
        return out

    @staticmethod
    def _drug(
        sentence: Sentence, mentions: list[Mention], focus: Entity | None, first: int
    ) -> Entity | None:
        """The drug dosed: the article's drug if named, else one opening the sentence."""
        drugs = [m for m in mentions if m.entity.type is EntityType.DRUG]
        if focus is not None and (not drugs or any(m.entity == focus for m in drugs)):
            return focus
        leading = [m.entity for m in drugs if m.start - sentence.start < min(first, 40)]
        return leading[0] if leading else focus
