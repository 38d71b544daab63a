"""Score extraction against hand-made gold facts: precision, recall and F1, per predicate."""

from __future__ import annotations

import csv
import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from drugkg.model import Assertion, Dose, Entity, Predicate, entity_key

__all__ = [
    "DoseScore",
    "GoldDose",
    "GoldError",
    "GoldFact",
    "Score",
    "evaluate",
    "evaluate_doses",
    "load_gold",
    "load_gold_doses",
    "restrict",
]

_GOLD_COLUMNS = ["doc", "subject", "predicate", "object", "hedged", "evidence"]
_DOSE_COLUMNS = ["doc", "drug", "condition", "population", "kind", "amount", "unit", "frequency"]


class GoldError(ValueError):
    """A gold file breaks its format; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class GoldFact:
    """One gold row: alternatives for subject and object are matched by their keys."""

    doc: str
    subjects: frozenset[str]
    predicate: Predicate
    objects: frozenset[str]
    hedged: bool
    evidence: str
    line: int

    @property
    def label(self) -> str:
        return f"{self.doc}\t{min(self.subjects)}\t{self.predicate.value}\t{min(self.objects)}"


@dataclass(frozen=True, slots=True)
class GoldDose:
    doc: str
    drug: str
    conditions: frozenset[str]
    populations: frozenset[str]
    kind: str
    amount: float
    unit: str
    frequency: str
    line: int
    upper: float | None = None  # the top of a range such as ``25-200``


def _alternatives(
    cell: str, normalise: Callable[[str], str | None] | None = None
) -> frozenset[str]:
    """Alternatives separated by ``|``, compared case- and plural-insensitively.

    >>> sorted(_alternatives("Seizures|seizure disorder"))
    ['seizure', 'seizure-disorder']
    >>> sorted(_alternatives("5-FU", {"5-FU": "fluorouracil"}.get))
    ['5-fu', 'fluorouracil']
    """
    names = [a.strip() for a in cell.split("|") if a.strip()]
    keys = {entity_key(a) for a in names}
    if normalise is not None:
        keys |= {entity_key(n) for n in map(normalise, names) if n}
    return frozenset(keys)


def _rows(path: Path, columns: list[str]) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if header is None or header[: len(columns)] != columns:
                raise GoldError(f"{path}: expected the header {' '.join(columns)}")
            for number, row in enumerate(reader, start=2):
                if not row or not any(cell.strip() for cell in row):
                    continue
                if len(row) < len(columns) - 1:
                    raise GoldError(f"{path}:{number}: expected {len(columns)} columns")
                padded = row + [""] * (len(columns) - len(row))
                yield number, dict(zip(columns, padded, strict=False))
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load_gold(
    path: Path | str, *, normalise: Callable[[str], str | None] | None = None
) -> list[GoldFact]:
    """Read a gold TSV in the format of ``seeds.gold.tsv``.

    ``normalise`` maps a subject name to the label the extractor would give it (through the
    same lexicon), so that a gold subject written ``5-FU`` matches ``fluorouracil``.
    """
    path = Path(path)
    facts = []
    for number, row in _rows(path, _GOLD_COLUMNS):
        try:
            predicate = Predicate(row["predicate"].strip())
        except ValueError:
            raise GoldError(f"{path}:{number}: unknown predicate {row['predicate']!r}") from None
        facts.append(
            GoldFact(
                doc=row["doc"].strip(),
                subjects=_alternatives(row["subject"], normalise),
                predicate=predicate,
                objects=_alternatives(row["object"], normalise),
                hedged=row["hedged"].strip() == "1",
                evidence=row["evidence"],
                line=number,
            )
        )
    return facts


def _amount(cell: str) -> tuple[float, float | None]:
    """A dose amount, or a range whose lower end is the amount.

    >>> _amount("20"), _amount("25-200"), _amount("12.5–800")
    ((20.0, None), (25.0, 200.0), (12.5, 800.0))
    """
    low, dash, high = cell.strip().replace("–", "-").partition("-")
    if dash and low and high:
        return float(low), float(high)
    return float(cell), None


def load_gold_doses(path: Path | str) -> list[GoldDose]:
    """Read a gold dose TSV in the format of ``seeds.doses.tsv``."""
    path = Path(path)
    doses = []
    for number, row in _rows(path, _DOSE_COLUMNS):
        try:
            amount, upper = _amount(row["amount"])
        except ValueError:
            raise GoldError(f"{path}:{number}: amount {row['amount']!r} is not a number") from None
        doses.append(
            GoldDose(
                doc=row["doc"].strip(),
                drug=entity_key(row["drug"]),
                conditions=_alternatives(row["condition"]),
                populations=_alternatives(row["population"]),
                kind=row["kind"].strip(),
                amount=amount,
                upper=upper,
                unit=row["unit"].strip().lower(),
                frequency=row["frequency"].strip().lower(),
                line=number,
            )
        )
    return doses


def restrict(
    gold: list[GoldFact], docs: Iterable[str], predicates: Iterable[Predicate] | None = None
) -> list[GoldFact]:
    """The gold rows of the documents read, and of the chosen predicates only.

    >>> rows = [GoldFact("a", frozenset({"x"}), Predicate.TREATS, frozenset({"y"}), False, "", 2),
    ...         GoldFact("b", frozenset({"x"}), Predicate.TREATS, frozenset({"y"}), False, "", 3)]
    >>> [g.doc for g in restrict(rows, {"a"})], restrict(rows, {"a"}, [Predicate.HAS_RISK])
    (['a'], [])
    """
    read = set(docs)
    chosen = None if predicates is None else set(predicates)
    return [g for g in gold if g.doc in read and (chosen is None or g.predicate in chosen)]


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Precision, recall and F1 overall and per predicate, with the errors behind them."""

    overall: _Counts = field(default_factory=_Counts)
    by_predicate: dict[Predicate, _Counts] = field(default_factory=dict)
    false_positives: list[Assertion] = field(default_factory=list)
    misses: list[GoldFact] = field(default_factory=list)
    hedge_agreement: float = 0.0

    def counts(self, predicate: Predicate) -> _Counts:
        return self.by_predicate.setdefault(predicate, _Counts())

    def table(self) -> list[dict[str, object]]:
        """Rows for display: one per predicate, then ``overall``."""
        rows: list[dict[str, object]] = []
        for predicate in Predicate:
            c = self.by_predicate.get(predicate)
            if c is not None and c.tp + c.fp + c.fn:
                rows.append(_row(predicate.value, c))
        rows.append(_row("overall", self.overall))
        return rows

    def shortfalls(
        self,
        *,
        min_precision: float = 0.0,
        min_recall: float = 0.0,
        min_predicate_recall: float = 0.0,
        min_rows: int = 1,
    ) -> list[str]:
        """Where the score falls below the bar: one message per failed threshold.

        A predicate with fewer than ``min_rows`` gold rows is not judged on recall.

        >>> score = Score()
        >>> score.counts(Predicate.TREATS).fn = 1
        >>> score.overall.tp, score.overall.fp = 3, 1
        >>> score.shortfalls(min_precision=0.9, min_predicate_recall=0.5)
        ['precision 0.750 < 0.9', 'treats recall 0.000 < 0.5']
        >>> score.shortfalls(min_predicate_recall=0.5, min_rows=10)
        []
        """
        overall = self.overall
        failures = []
        if overall.precision < min_precision:
            failures.append(f"precision {overall.precision:.3f} < {min_precision}")
        if overall.recall < min_recall:
            failures.append(f"recall {overall.recall:.3f} < {min_recall}")
        for predicate, counts in self.by_predicate.items():
            if counts.tp + counts.fn >= max(min_rows, 1) and counts.recall < min_predicate_recall:
                failures.append(
                    f"{predicate.value} recall {counts.recall:.3f} < {min_predicate_recall}"
                )
        return failures


def _row(name: str, c: _Counts) -> dict[str, object]:
    return {
        "predicate": name,
        "gold": c.tp + c.fn,
        "predicted": c.tp + c.fp,
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "precision": round(c.precision, 3),
        "recall": round(c.recall, 3),
        "f1": round(c.f1, 3),
    }


def evaluate(gold: list[GoldFact], predicted: Mapping[str, Iterable[Assertion]]) -> Score:
    """Score predicted assertions (by document id) against gold facts.

    A prediction is right if its predicate matches a gold row of its document and its
    subject and object keys are among that row's alternatives; several predictions of one
    gold row count once. Negated assertions are ignored. Documents without gold rows are
    not scored.
    """
    score = Score()
    by_doc: dict[str, list[GoldFact]] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    by_doc = {doc: _merge_duplicates(rows) for doc, rows in by_doc.items()}
    hedge_hits = hedge_total = 0
    for doc, golds in by_doc.items():
        triples: dict[tuple[str, Predicate, str], list[Assertion]] = defaultdict(list)
        names: dict[tuple[str, Predicate, str], frozenset[str]] = {}
        for a in predicted.get(doc, ()):
            if a.evidence.negated:
                continue
            t = a.triple.canonical()  # "A with B" and "B with A" are one fact
            key = (t.subject.key, t.predicate, t.object.key)
            triples[key].append(a)
            names[key] = _names(t.object) | names.get(key, frozenset())
        matched: set[int] = set()
        for (s, p, o), readings in sorted(triples.items(), key=lambda kv: kv[0][1].value):
            objects = names[(s, p, o)]
            hits = [
                i for i, g in enumerate(golds)
                if g.predicate is p and (
                    (s in g.subjects and objects & g.objects)
                    or (p.symmetric and o in g.subjects and s in g.objects)
                )
            ]  # fmt: skip
            counts = score.counts(p)
            if not hits:
                counts.fp += 1
                score.overall.fp += 1
                score.false_positives.append(readings[0])
                continue
            fresh = [i for i in hits if i not in matched]
            if not fresh:
                continue  # another surface form of a gold fact already counted
            matched.add(fresh[0])
            counts.tp += 1
            score.overall.tp += 1
            hedged = all(r.evidence.hedged for r in readings)
            hedge_total += 1
            hedge_hits += hedged == golds[fresh[0]].hedged
        for i, g in enumerate(golds):
            if i not in matched:
                score.counts(g.predicate).fn += 1
                score.overall.fn += 1
                score.misses.append(g)
    score.hedge_agreement = hedge_hits / hedge_total if hedge_total else 0.0
    return score


def _names(entity: Entity) -> frozenset[str]:
    """The keys an object may be matched by: its own and its synonyms' (one concept).

    >>> from drugkg.model import EntityType
    >>> sorted(_names(Entity.make(EntityType.CONDITION, "Somnolence", synonyms=["drowsiness"])))
    ['drowsiness', 'somnolence']
    """
    return frozenset({entity.key, *(entity_key(s) for s in entity.synonyms)})


def _merge_duplicates(rows: list[GoldFact]) -> list[GoldFact]:
    """Gold rows of one document that name the same fact once normalised are one row
    ("carmustine" and "BCNU" both written as the subject of one event).

    >>> a = GoldFact("d", frozenset({"bcnu", "carmustine"}), Predicate.HAS_SIDE_EFFECT,
    ...              frozenset({"fibrosis"}), False, "", 2)
    >>> b = GoldFact("d", frozenset({"carmustine"}), Predicate.HAS_SIDE_EFFECT,
    ...              frozenset({"fibrosis"}), False, "", 3)
    >>> [g.line for g in _merge_duplicates([a, b])]
    [2]
    """
    kept: list[GoldFact] = []
    for g in rows:
        same = next(
            (
                i
                for i, k in enumerate(kept)
                if k.predicate is g.predicate and k.subjects & g.subjects and k.objects & g.objects
            ),
            None,
        )
        if same is None:
            kept.append(g)
        else:
            k = kept[same]
            kept[same] = dataclasses.replace(
                k, subjects=k.subjects | g.subjects, objects=k.objects | g.objects,
                hedged=k.hedged and g.hedged,
            )  # fmt: skip
    return kept


@dataclass
class DoseScore:
    """How many gold dose records were found exactly (drug, kind, amount, unit, frequency)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    misses: list[GoldDose] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0


def evaluate_doses(gold: list[GoldDose], predicted: Mapping[str, Iterable[Dose]]) -> DoseScore:
    """Match dose records on drug, kind, amount, unit, frequency, condition and population."""
    score = DoseScore(gold=len(gold))
    docs = {g.doc for g in gold}
    pool = {doc: list(predicted.get(doc, ())) for doc in docs}
    score.predicted = sum(len(v) for v in pool.values())
    for g in gold:
        found = None
        for d in pool[g.doc]:
            if (
                d.drug.key == g.drug
                and d.kind == g.kind
                and abs(d.amount - g.amount) < 1e-9
                and d.unit.lower() == g.unit
                and (d.frequency or "") == g.frequency
                and (
                    not g.conditions
                    or (d.condition is not None and d.condition.key in g.conditions)
                )
                and (
                    not g.populations
                    or (d.population is not None and d.population.key in g.populations)
                )
            ):
                found = d
                break
        if found is None:
            score.misses.append(g)
        else:
            score.matched += 1
            pool[g.doc].remove(found)
    return score
