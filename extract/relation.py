"""The learned relation model: context features of candidate pairs, scoring, shipped weights.

The model is one regularised logistic regression per predicate over hashed sparse features
of a candidate pair's *context* (words between and around the pair, the section heading, the
list lead-in, block kind, entity types, distance, order, negation and hedge cues). Entity
names never become features: the pair and every other mention of the sentence are replaced
by their type before any word is read, so the model cannot learn that "X treats Y".

Wiring it into extraction (the model only adds what the rules did not find)::

    model = RelationModel.load()                 # once per process; a local file, no network
    extraction = extractor.extract(document)
    extra = model.assertions(document, extractor.gazetteer, extraction.assertions)
    # each: Evidence.rule == "model:relation-v1", confidence = the probability (x0.8 if hedged)

Retrain with ``python -m drugkg.extract.train`` whenever the lexicon, the rules or the text
segmentation change (the labels come through them); the result is byte-for-byte reproducible.
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import itertools
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from drugkg.model import Assertion, Document, EntityType, Evidence, Predicate, Triple

from .candidates import Candidate, candidates
from .lexicon import Gazetteer, Mention
from .modelfile import info_items, npz_bytes, read_npz
from .text import fold

__all__ = [
    "ALLOWED_OBJECTS",
    "DIMENSION",
    "MODEL_VERSION",
    "PRECISE",
    "PROFILES",
    "RelationModel",
    "allowed",
    "batch_features",
    "decide",
    "features",
    "from_environment",
    "hash_features",
]

MODEL_VERSION = "relation-v1"
# Predicates the "precise" profile lets the model add: in the cross-validation by document
# (benchmarks/relation_cv.md) rules + model kept the rules' precision on mechanism (0.75 ->
# 0.75, recall 0.13 -> 0.39), while on the others the model's recall cost 0.06 to 0.25 of
# precision. Interactions (0.93 -> 0.91 there) were dropped after the development halves of
# the two blind sets of unlabeled articles: +6 right, +11 wrong readings (mechanism: +20
# right, +7 wrong).
PRECISE = frozenset({Predicate.MECHANISM})
PROFILES = ("precise", "f1")
_OFF = 1.01  # a threshold no probability reaches
DIMENSION = 1 << 20  # hashed feature space; only the features seen in training are stored
_C, _D, _K, _S, _P, _B, _T = (
    EntityType.CONDITION,
    EntityType.DRUG,
    EntityType.CLASS,
    EntityType.SUBSTANCE,
    EntityType.POPULATION,
    EntityType.BRAND,
    EntityType.TARGET,
)
# the object types each predicate admits (facts.md); a pair of another type is never scored
ALLOWED_OBJECTS: dict[Predicate, frozenset[EntityType]] = {
    Predicate.TREATS: frozenset({_C}),
    Predicate.USED_OFF_LABEL_FOR: frozenset({_C}),
    Predicate.HAS_SIDE_EFFECT: frozenset({_C}),
    Predicate.HAS_WITHDRAWAL_SYMPTOM: frozenset({_C}),
    Predicate.HAS_RISK: frozenset({_C}),
    Predicate.INTERACTS_WITH: frozenset({_D, _K, _S, _B}),
    Predicate.CONTRAINDICATED_IN: frozenset({_C, _P}),
    Predicate.CAUTION_IN: frozenset({_C, _P}),
    Predicate.MEMBER_OF_CLASS: frozenset({_K}),
    Predicate.HAS_BRAND_NAME: frozenset({_B}),
    Predicate.MECHANISM: frozenset({_T}),
    Predicate.ALTERNATIVE_TO: frozenset({_D, _K, _B}),
}


def allowed(predicate: Predicate, candidate: Candidate) -> bool:
    """Whether ``predicate`` may hold between the candidate's subject and object types.

    >>> from drugkg.extract.candidates import Span
    >>> from drugkg.model import Entity
    >>> d, c = Entity.make(EntityType.DRUG, "x"), Entity.make(EntityType.CONDITION, "y")
    >>> cand = Candidate("d", "x y", 0, 3, d, Span(0, 1, "x"), c, Span(2, 3, "y"), c.type)
    >>> allowed(Predicate.TREATS, cand), allowed(Predicate.MEMBER_OF_CLASS, cand)
    (True, False)
    """
    if candidate.object_type not in ALLOWED_OBJECTS[predicate]:
        return False
    if candidate.subject.type is EntityType.THERAPY:
        return predicate is Predicate.ALTERNATIVE_TO
    if predicate is Predicate.HAS_BRAND_NAME:
        return candidate.subject.type is EntityType.DRUG and candidate.brand is not None
    return True


# ------------------------------------------------------------------------------ features
_TOKEN = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*|[^\sa-z0-9]")
_NEGATION = frozenset({"not", "no", "never", "without", "n't", "cannot", "nor", "neither"})
_HEDGE = frozenset(
    {"may", "might", "could", "possible", "possibly", "appears", "appear", "seems", "likely",
     "suggests", "suggest", "suggested", "unclear", "reported", "rare", "rarely", "study"}
)  # fmt: skip
_WINDOW = 3
_AGENTS = frozenset({"<Drug>", "<DrugClass>", "<BrandName>"})
_MAX_BETWEEN = 12


@dataclass(frozen=True, slots=True)
class _View:
    """A sentence read once for all its pairs: words with every mention as its type."""

    words: tuple[str, ...]
    slot: dict[int, int]  # document start of a mention -> its token index
    features: tuple[str, ...]  # what every pair of the sentence shares


def _view(candidate: Candidate) -> _View:
    spans = [(s, e, f"<{t.value}>") for s, e, t in candidate.others]
    o = candidate.object_span
    spans.append((o.start, o.end, f"<{candidate.object_type.value}>"))
    if candidate.subject_span is not None:
        sub = candidate.subject_span
        spans.append((sub.start, sub.end, f"<{candidate.subject.type.value}>"))
    spans.sort()
    folded = fold(candidate.sentence)
    offset = candidate.start
    words: list[str] = []
    slot: dict[int, int] = {}
    pos = 0
    for start, end, label in spans:
        lo = start - offset
        if lo < pos:
            continue
        words.extend(_TOKEN.findall(folded, pos, lo))
        slot[start] = len(words)
        words.append(label)
        pos = end - offset
    words.extend(_TOKEN.findall(folded, pos))
    feats = [f"bk={candidate.block_kind}", f"nent={_bucket(len(spans))}"]
    feats.append(f"len={_bucket(len(words) // 3)}")
    feats += [f"s:{w}" for w in sorted(set(words))]
    cues = set(words)
    if cues & _NEGATION:
        feats.append("neg:s")
    if cues & _HEDGE:
        feats.append("hedge:s")
    if candidate.sentence.rstrip().endswith(":"):
        feats.append("s=colon")
    feats.append(f"first:{words[0] if words else ''}")
    return _View(tuple(words), slot, tuple(feats))


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


def _words(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def _context_features(text: str, prefix: str) -> list[str]:
    words = [w for w in _words(text) if w.isalnum()]
    feats = [f"{prefix}:{w}" for w in words]
    feats += [f"{prefix}2:{a}_{b}" for a, b in itertools.pairwise(words)]
    return feats


def _section_features(candidate: Candidate) -> list[str]:
    """Features of the heading and lead-in, with the object type they go with."""
    ot = candidate.object_type.value
    feats: list[str] = ["sec"]  # never empty
    if candidate.heading:
        feats += _context_features(candidate.heading, "h")
        feats += [f"h_ot:{w}_{ot}" for w in _words(candidate.heading) if w.isalpha()]
    else:
        feats.append("h=none")
    if candidate.lead_in:
        feats += _context_features(candidate.lead_in, "li")
        feats += [f"li_ot:{w}_{ot}" for w in _words(candidate.lead_in) if w.isalpha()]
        feats.append("li=yes")
    if candidate.previous:
        feats += [f"p:{w}" for w in set(_words(candidate.previous)) if w.isalpha()]
    return feats


def features(candidate: Candidate) -> list[str]:
    """The feature strings of a candidate: context only, never an entity's name.

    >>> from drugkg.extract.candidates import Span
    >>> from drugkg.model import Entity
    >>> d = Entity.make(EntityType.DRUG, "zorbex")
    >>> c = Entity.make(EntityType.CONDITION, "gloom")
    >>> cand = Candidate("d", "Zorbex treats gloom.", 0, 20, d, Span(0, 6, "Zorbex"),
    ...                  c, Span(14, 19, "gloom"), c.type)
    >>> f = features(cand)
    >>> "b:treats" in f, any("zorbex" in x or "gloom" in x for x in f)
    (True, False)
    """
    view = _view(candidate)
    return [*view.features, *_section_features(candidate), *_pair_features(candidate, view)]


def batch_features(batch: Sequence[Candidate], *, syntax: bool = False) -> Iterator[list[str]]:
    """:func:`features` of many candidates, reading each sentence once; with ``syntax``, also
    the dependency-path features of :mod:`drugkg.extract.syntax` (each sentence parsed once).
    """
    views: dict[tuple[str, int], _View] = {}
    paths = _syntax_features(batch) if syntax else itertools.repeat([])
    for cand, path in zip(batch, paths, strict=False):
        key = (cand.doc_id, cand.start)
        view = views.get(key)
        if view is None:
            view = views[key] = _view(cand)
        yield [*view.features, *_section_features(cand), *_pair_features(cand, view), *path]


def _syntax_features(batch: Sequence[Candidate]) -> Iterator[list[str]]:
    from .syntax import pair_features  # spaCy is imported only when the parse is asked for

    return pair_features(batch)


def _pair_features(candidate: Candidate, view: _View) -> list[str]:
    words = view.words
    obj_i = view.slot[candidate.object_span.start]
    sub = candidate.subject_span
    subj_i = -1 if sub is None else view.slot[sub.start]

    def word(i: int) -> str:
        return "<SUBJ>" if i == subj_i else "<OBJ>" if i == obj_i else words[i]

    st, ot = candidate.subject.type.value, candidate.object_type.value
    implicit = subj_i < 0
    sf, of = candidate.subject_focus, candidate.object_focus
    feats = [
        "bias",
        f"sf={sf}_{implicit}",
        f"sf_ot={sf}_{ot}_{implicit}",
        f"of={of}_{ot}",
        f"st={st}",
        f"ot={ot}",
        f"imp={implicit}",
        f"st_ot={st}_{ot}_{implicit}",
        f"bk_ot={candidate.block_kind}_{ot}",
        f"opos={_bucket(obj_i)}",
    ]
    left = [word(i) for i in range(max(0, obj_i - _WINDOW), obj_i)]
    right = [word(i) for i in range(obj_i + 1, min(len(words), obj_i + 1 + _WINDOW))]
    feats += [f"ol:{w}" for w in left] + [f"or:{w}" for w in right]
    if left:
        feats.append(f"ol1:{left[-1]}")
    if right:
        feats.append(f"or1:{right[0]}")
    if obj_i == 0:
        feats.append(f"ofirst_{candidate.block_kind}")
    if implicit:
        feats += [f"imp_ol:{w}" for w in left] + [f"imp_or:{w}" for w in right]
        return feats
    # an explicit pair: order, distance, words between and around
    lo, hi = sorted((subj_i, obj_i))
    order = "so" if subj_i < obj_i else "os"
    between = words[lo + 1 : hi]
    feats += [f"ord={order}", f"dist={_bucket(len(between))}", f"ord_ot={order}_{ot}"]
    agents = sum(1 for w in between if w in _AGENTS)
    feats += [f"agents_between={min(agents, 2)}", f"agents_sf={min(agents, 2)}_{sf}"]
    if len(between) <= _MAX_BETWEEN:
        feats += [f"b:{w}" for w in between]
        feats += [f"b2:{a}_{b}" for a, b in itertools.pairwise(between)]
        if len(between) <= 5:
            feats.append(f"bw:{order}:{' '.join(between)}")
        if set(between) & _NEGATION:
            feats.append("neg:b")
        if set(between) & _HEDGE:
            feats.append("hedge:b")
    else:
        feats.append("b=far")
        feats += [f"bfar:{w}" for w in between[:3] + between[-3:]]
    sl = [word(i) for i in range(max(0, subj_i - _WINDOW), subj_i)]
    sr = [word(i) for i in range(subj_i + 1, min(len(words), subj_i + 1 + _WINDOW))]
    feats += [f"sl:{w}" for w in sl] + [f"sr:{w}" for w in sr]
    return feats


def decide(row: np.ndarray, threshold: float | Sequence[float] | np.ndarray) -> list[int]:
    """The predicates a candidate's probabilities assert: the most probable one, if it
    reaches its threshold (one for all predicates, or one per predicate); a pair is read
    as one relation per sentence.

    >>> decide(np.array([0.2, 0.7, 0.6]), 0.5), decide(np.array([0.2, 0.7, 0.6]), [0, 0.8, 0])
    ([1], [])
    """
    k = int(np.argmax(row))
    limit = threshold if isinstance(threshold, float | int) else threshold[k]
    return [k] if row[k] >= limit else []


def hash_features(feats: Iterable[str]) -> list[int]:
    """Stable hashed indices of feature strings (CRC-32, the same in every process).

    >>> hash_features(["b:treats"]) == hash_features(["b:treats"])
    True
    """
    mask = DIMENSION - 1
    return [zlib.crc32(f.encode("utf-8")) & mask for f in feats]


# ------------------------------------------------------------------------------- cues
_NEG_SCOPE = re.compile(
    r"\b(?:not|no|never|without|cannot|n't|neither|nor)\b|\bno (?:evidence|effect)", re.I
)
_HEDGE_CUE = re.compile(
    r"\b(?:may|might|could|possible|possibly|appears?|seems?|likely|suggests?|suggested|"
    r"a study found|case reports?|in rare cases)\b",
    re.I,
)
# predicates whose phrasing is negative by nature ("do not take", "should not be used")
_NEGATIVE_BY_NATURE = frozenset(
    {Predicate.CONTRAINDICATED_IN, Predicate.CAUTION_IN, Predicate.INTERACTS_WITH}
)


def _cues(candidate: Candidate, predicate: Predicate) -> tuple[bool, bool]:
    """(negated, hedged) from cue words between the pair (or before an implicit object)."""
    s = candidate.sentence
    o_lo = candidate.object_span.start - candidate.start
    if candidate.subject_span is None:
        window = s[max(0, o_lo - 40) : o_lo]
    else:
        a = min(candidate.subject_span.end, candidate.object_span.end) - candidate.start
        b = max(candidate.subject_span.start, candidate.object_span.start) - candidate.start
        window = s[a:b] if b > a else ""
    negated = predicate not in _NEGATIVE_BY_NATURE and bool(_NEG_SCOPE.search(window))
    hedged = bool(_HEDGE_CUE.search(s))
    return negated, hedged


def from_environment() -> RelationModel | None:
    """The model ``$DRUGKG_MODEL`` asks for: ``precise`` (the default), ``f1`` or ``off``;
    the one trained with dependency-path features if ``$DRUGKG_SYNTAX`` is ``on``.

    >>> import os
    >>> os.environ["DRUGKG_MODEL"] = "off"
    >>> from_environment() is None
    True
    >>> os.environ["DRUGKG_MODEL"] = "precise"
    >>> from_environment().version
    'relation-v1'
    >>> del os.environ["DRUGKG_MODEL"]
    """
    name = os.environ.get("DRUGKG_MODEL", "precise").strip().lower() or "precise"
    if name == "off":
        return None
    if name not in PROFILES:
        raise ValueError(
            f"DRUGKG_MODEL={name!r} is not a model profile (choose from off, {', '.join(PROFILES)})"
        )
    from .syntax import enabled

    return _shipped(enabled()).profile(name)


_SHIPPED: dict[bool, RelationModel] = {}


def _shipped(syntax: bool) -> RelationModel:
    """The shipped model (with or without syntax), read once per process."""
    if syntax not in _SHIPPED:
        _SHIPPED[syntax] = RelationModel.load(syntax=syntax)
    return _SHIPPED[syntax]


# ------------------------------------------------------------------------------ model
_MODEL_FILE = f"{MODEL_VERSION}.npz"
SYNTAX_MODEL_FILE = f"{MODEL_VERSION}-syntax.npz"  # trained with dependency-path features


@dataclass(frozen=True, eq=False)  # arrays inside: identity, not element-wise, equality
class RelationModel:
    """Per-predicate logistic regressions over hashed features, with decision thresholds.

    ``features`` holds the sorted hashed indices seen in training, ``weights`` one row per
    index and one column per predicate of ``predicates``.
    """

    predicates: tuple[Predicate, ...]
    features: np.ndarray  # (F,) int64, sorted
    weights: np.ndarray  # (F, K) float32
    bias: np.ndarray  # (K,) float32
    thresholds: tuple[float, ...] = ()  # one per predicate (above 1: the model is off)
    metadata: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.thresholds:
            object.__setattr__(self, "thresholds", (0.5,) * len(self.predicates))
        if len(self.thresholds) != len(self.predicates):
            raise ValueError("one threshold per predicate")
        index = {int(f): i for i, f in enumerate(self.features)}
        object.__setattr__(self, "_index", index)
        # an extra zero row for features never seen in training
        padded = np.vstack([self.weights, np.zeros((1, len(self.predicates)), np.float32)])
        object.__setattr__(self, "_padded", padded)
        object.__setattr__(self, "_memo", {})

    # ----------------------------------------------------------------- persistence
    @classmethod
    def load(cls, path: Path | str | None = None, *, syntax: bool = False) -> RelationModel:
        """The shipped model (``syntax``: the one with dependency-path features), or the one
        at ``path``; reads a local file only.

        >>> m = RelationModel.load()
        >>> m.version, len(m.predicates), m.syntax
        ('relation-v1', 12, False)
        """
        if path is None:
            name = SYNTAX_MODEL_FILE if syntax else _MODEL_FILE
            resource = importlib.resources.files("drugkg.extract") / "models" / name
            data = resource.read_bytes()
        else:
            data = Path(path).read_bytes()
        meta, arrays = read_npz(data)
        return cls(
            predicates=tuple(Predicate(p) for p in meta["predicates"]),
            features=arrays["features"].astype(np.int64),
            weights=arrays["weights"].astype(np.float32),
            bias=arrays["bias"].astype(np.float32),
            thresholds=tuple(
                float(t)
                for t in meta.get("thresholds") or [meta["threshold"]] * len(meta["predicates"])
            ),
            metadata=info_items(meta),
        )

    def save(self, path: Path | str) -> None:
        """Write the model as a compressed ``.npz`` (float16 weights; deterministic bytes)."""
        meta = {
            "version": MODEL_VERSION,
            "predicates": [p.value for p in self.predicates],
            "thresholds": list(self.thresholds),
            "dimension": DIMENSION,
            "info": dict(self.metadata),
        }
        data = npz_bytes(
            meta,
            features=self.features.astype(np.int32),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )
        Path(path).write_bytes(data)

    @property
    def syntax(self) -> bool:
        """Whether the model reads dependency-path features (it parses what it scores)."""
        return dict(self.metadata).get("syntax", "off") != "off"

    @property
    def version(self) -> str:
        return f"{MODEL_VERSION}+syntax" if self.syntax else MODEL_VERSION

    def profile(self, name: str) -> RelationModel:
        """The model with the thresholds of a profile: ``f1`` (the shipped ones, chosen by
        cross-validation for the F1 of rules + model) or ``precise`` (only the predicates
        where the model added recall without costing precision in cross-validation).

        >>> m = RelationModel.load()
        >>> precise = m.profile("precise")
        >>> [p.value for p, t in zip(precise.predicates, precise.thresholds) if t <= 1]
        ['mechanism']
        >>> m.profile("f1") is m
        True
        """
        if name == "f1":
            return self
        if name != "precise":
            raise ValueError(f"unknown model profile {name!r} (choose from {', '.join(PROFILES)})")
        kept = {p: t for p, t in zip(self.predicates, self.thresholds, strict=True) if p in PRECISE}
        thresholds = tuple(kept.get(p, _OFF) for p in self.predicates)
        return dataclasses.replace(self, thresholds=thresholds)

    # -------------------------------------------------------------------- scoring
    def _row(self, feature: str) -> int:
        """The weight row of a feature string (memoised: hashing once per distinct string)."""
        memo: dict[str, int] = self._memo  # type: ignore[attr-defined]
        row = memo.get(feature)
        if row is None:
            index: dict[int, int] = self._index  # type: ignore[attr-defined]
            h = zlib.crc32(feature.encode("utf-8")) & (DIMENSION - 1)
            row = memo[feature] = index.get(h, len(self.features))
            if len(memo) > 500_000:
                memo.clear()
        return row

    def scores(self, batch: Sequence[Candidate]) -> np.ndarray:
        """Probabilities, one row per candidate and one column per predicate (0 where the
        types do not allow the predicate).

        Each sentence and each section context is read once for all its pairs; the weight
        rows of every feature are summed in one vectorised pass.
        """
        n, k = len(batch), len(self.predicates)
        mask = np.zeros((n, k), dtype=np.float32)
        flat: list[int] = []
        starts: list[int] = []
        row = self._row
        known = self._memo.get  # type: ignore[attr-defined]

        def segment(feats: list[str]) -> int:
            starts.append(len(flat))
            for f in feats:
                r = known(f)
                flat.append(row(f) if r is None else r)
            return len(starts) - 1

        views: dict[tuple[str, int], tuple[_View, int]] = {}
        sections: dict[tuple[str, str, str, str], int] = {}
        parts = np.zeros((n, 3), dtype=np.int64)
        path_part = np.zeros(n, dtype=np.int64)
        scored = np.zeros(n, dtype=bool)
        for i, cand in enumerate(batch):
            mask[i] = [allowed(p, cand) for p in self.predicates]
            if not mask[i].any():
                continue
            key = (cand.doc_id, cand.start)
            hit = views.get(key)
            if hit is None:
                view = _view(cand)
                hit = views[key] = (view, segment(list(view.features)))
            skey = (cand.heading, cand.lead_in, cand.previous, cand.object_type.value)
            sec = sections.get(skey)
            if sec is None:
                sec = sections[skey] = segment(_section_features(cand))
            parts[i] = (hit[1], sec, segment(_pair_features(cand, hit[0])))
            scored[i] = True
        if not starts:
            return mask
        if self.syntax:  # the parse, only of the sentences whose pairs are scored
            rows = np.flatnonzero(scored)
            paths = _syntax_features([batch[int(r)] for r in rows])
            for r, path in zip(rows, paths, strict=True):
                path_part[r] = segment(path)  # never empty: reduceat needs no empty segment
        padded: np.ndarray = self._padded  # type: ignore[attr-defined]
        sums = np.add.reduceat(padded[np.array(flat, dtype=np.int64)], starts, axis=0)
        z = sums[parts[:, 0]] + sums[parts[:, 1]] + sums[parts[:, 2]] + self.bias
        if self.syntax:
            z[scored] += sums[path_part[scored]]
        probs = mask / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        probs[~scored] = 0.0
        out: np.ndarray = probs.astype(np.float32)
        return out

    def assertions(
        self,
        document: Document,
        gazetteer: Gazetteer,
        rule_assertions: Iterable[Assertion] = (),
        *,
        threshold: float | Sequence[float] | None = None,
        mentions: Sequence[Mention] | None = None,
    ) -> list[Assertion]:
        """The facts the model finds in ``document`` that the rules did not already state.

        One assertion per (triple, sentence) at or above the threshold, with
        ``Evidence.rule == "model:relation-v1"`` (``+syntax`` with the parse) and the
        probability (lowered when hedged) as confidence. ``mentions``: the gazetteer's
        mentions of the text, if already found.
        """
        cut = self.thresholds if threshold is None else threshold
        known = {a.triple for a in rule_assertions}
        batch = list(candidates(document, gazetteer, mentions=mentions))
        if not batch:
            return []
        probs = self.scores(batch)
        best: dict[tuple[Triple, int], Assertion] = {}
        for row, cand in zip(probs, batch, strict=True):
            for k in decide(row, cut):
                predicate = self.predicates[int(k)]
                obj = cand.object_entity(for_brand=predicate is Predicate.HAS_BRAND_NAME)
                triple = Triple(cand.subject, predicate, obj)
                if triple in known:
                    continue
                negated, hedged = _cues(cand, predicate)
                p = float(row[k])
                evidence = Evidence(
                    doc_id=document.id,
                    sentence=cand.sentence,
                    start=cand.start,
                    end=cand.end,
                    rule=f"model:{self.version}",
                    negated=negated,
                    hedged=hedged,
                    confidence=round(p * (0.8 if hedged else 1.0), 4),
                )
                key = (triple, cand.start)
                old = best.get(key)
                if old is None or evidence.confidence > old.evidence.confidence:
                    best[key] = Assertion(triple, evidence)
        return list(best.values())
