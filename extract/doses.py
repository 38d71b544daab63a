"""Dosing statements as structured records: amount, unit, frequency, kind, condition, population."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drugkg.model import Dose, Entity, EntityType, Evidence

from .lexicon import Gazetteer, Mention
from .text import Block, Sentence, fold

__all__ = ["DoseReader", "normalize_frequency"]

_AMOUNT = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:-|to)?\s*(?:\d+(?:\.\d+)?\s*)?"
    r"(mg/kg|mg|mcg|µg|micrograms?|milligrams?|grams?|g|ml|units?|iu)(?![\w/])"
)
_CUE = re.compile(
    r"\b(dose|dosage|doses|dosing|take|taken|given|start|initial|maximum|daily|prescribed)\b"
)
_MAXIMUM = re.compile(r"\b(max(?:imum)?|not (?:to )?exceed|no more than|up to|highest|at most)\b")
_STARTING = re.compile(r"\b(start(?:ing|s)?|initial(?:ly)?|begin(?:ning|s)?|first)\b")
_FREQUENCY = re.compile(
    r"\b(?:(once|twice|three times|four times|(\d+) times)\s+(?:a|per|each)\s+day"
    r"|(once|twice) daily|every (\d+)\s*(?:to \d+\s*)?hours?|at bedtime|(daily|per day|a day|each day))\b"
)
_WORD_COUNT = {"once": 1, "twice": 2, "three times": 3, "four times": 4}
_UNITS = {"milligram": "mg", "milligrams": "mg", "microgram": "mcg", "micrograms": "mcg",
          "µg": "mcg", "gram": "g", "grams": "g", "ml": "mL", "unit": "units", "iu": "IU"}  # fmt: skip


def normalize_frequency(text: str) -> str | None:
    """Frequencies in one spelling.

    >>> [normalize_frequency(t) for t in ["three times a day", "twice daily", "daily dose", "every 6 hours"]]
    ['3 times a day', '2 times a day', 'per day', 'every 6 hours']
    """
    m = _FREQUENCY.search(fold(text))
    if not m:
        return None
    count_word, digits, daily_word, hours, per_day = m.groups()
    if count_word or daily_word:
        n = int(digits) if digits else _WORD_COUNT[count_word or daily_word]
        return "once a day" if n == 1 else f"{n} times a day"
    if hours:
        return f"every {hours} hours"
    if per_day:
        return "per day"
    return "at bedtime"


@dataclass(slots=True)
class _Context:
    block: Block | None = None
    condition: Entity | None = None
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
        if ctx.block is not sentence.block:
            ctx.block, ctx.condition, ctx.population = sentence.block, None, None
        conditions = [m.entity for m in mentions if m.type is EntityType.CONDITION]
        populations = [m.entity for m in mentions if m.type is EntityType.POPULATION]
        if conditions:
            ctx.condition = conditions[0]
        if populations:
            ctx.population = populations[0]
        folded = fold(sentence.text)
        amounts = list(_AMOUNT.finditer(folded))
        if not amounts or not _CUE.search(folded):
            return []
        drugs = [m.entity for m in mentions if m.entity.type is EntityType.DRUG]
        drug = drugs[0] if drugs else focus
        if drug is None:
            return []
        out: list[Dose] = []
        prev_end = 0
        for i, m in enumerate(amounts):
            before = folded[prev_end : m.start()]
            after = folded[m.end() : amounts[i + 1].start() if i + 1 < len(amounts) else None]
            kind = "usual"
            if _MAXIMUM.search(before):
                kind = "maximum"
            elif _STARTING.search(before):
                kind = "starting"
            frequency = normalize_frequency(after) or normalize_frequency(before)
            unit = _UNITS.get(m.group(2), m.group(2))
            evidence = Evidence(
                doc_id=doc_id,
                sentence=sentence.text,
                start=sentence.start,
                end=sentence.end,
                rule="dose.amount",
                confidence=0.85,
            )
            out.append(
                Dose(
                    drug=drug,
                    amount=float(m.group(1)),
                    unit=unit,
                    evidence=evidence,
                    kind=kind,
                    frequency=frequency,
                    condition=ctx.condition,
                    population=ctx.population,
                )
            )
            prev_end = m.end()
        return out
