"""The case-report reader: adverse drug events in the language of the medical literature.

Case reports name their events in clinical terms no dictionary lists whole ("interstitial
hypoxaemiant pneumonitis", "reproductive endocrine disorders") and tie them to drugs in
phrasings too varied for rules. This reader learns both from the ADE corpus and runs only on
text in that register (:func:`is_case_report`):

1. a linear-chain CRF (python-crfsuite) tags the spans of drugs (``D``) and adverse events
   (``E``) in a sentence, from the words, their shapes and affixes, the gazetteer's mention
   types and whether a word belongs to the name of a known finding; it was trained on the
   sentences that state an adverse event. The drugs and findings the gazetteer knows are
   candidates too, where the tagger saw none;
2. a logistic regression scores each (drug, event) pair of a sentence from the words between
   and around them and the sentence's words, with every drug the gazetteer knows replaced by
   ``DRUG``, so that no drug name feeds the decision that it causes something. A patient's
   disease ("a patient with X", "given Y for X") is never an event (:func:`is_indication`).

The event keeps its surface span ("transient panhypogammaglobulinaemia") and is named by the
concept without its severity and course modifiers, or by the gazetteer's entity (with its
ids) when the gazetteer knows the phrase. Each fact's evidence names ``model:literature-v1``
and carries the pair's probability as confidence.

Train (and cross-validate by document) with ``python -m drugkg.extract.literature_train``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import importlib.resources
import itertools
import re
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from drugkg.model import Assertion, Document, Entity, EntityType, Evidence, Predicate, Triple

from .clusters import word_clusters
from .lexicon import Gazetteer, Mention
from .modelfile import info_items, npz_bytes, read_npz
from .text import Block, segment, sentences

__all__ = [
    "MODEL_VERSION",
    "LiteratureModel",
    "Pair",
    "Span",
    "event_entity",
    "from_environment",
    "is_case_report",
    "is_indication",
    "pair_features",
    "sentence_features",
    "token_features",
    "tokens",
    "widened",
]

MODEL_VERSION = "literature-v1"
LABELS = ("O", "B-D", "I-D", "B-E", "I-E")
DIMENSION = 1 << 20  # hashed pair-feature space
_DRUG_TYPES = (EntityType.DRUG, EntityType.BRAND)
_DRUG_TAGS = frozenset(t.value for t in _DRUG_TYPES)  # the gazetteer tags of drug words
_TOKEN = re.compile(r"\w+|[^\w\s]")
# a sentence in the register of case reports: a patient, a case, what happened to them
_CASE_MARKER = re.compile(
    r"[- ](?:year|month|week|day)[- ]old\b|\bcase reports?\b"
    r"|\b(?:we|the authors) (?:report|describe|present|observed?|document|discuss)\b"
    r"|\b(?:a|the|our|this|these|one|two|three|four|five|several) (?:case|patient)s?\b"
    r"|(?<!\bin )\bcases? (?:of|is|was|were|are) (?:reported|described|presented)\b"
    r"|\b(?:this|the present|our) (?:report|observation)\b"
    r"|\bwas (?:admitted|treated|started|given|diagnosed|observed)\b|\bdeveloped\b"
    r"|\bpatients? (?:treated|receiving|given|who (?:developed|received))\b"
    # a drug named in an event's compound, a count of cases, an event's course after stopping
    r"|\w-(?:induced|associated)\b"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+) (?:instances|cases|patients)\b"
    r"|\b(?:improved|resolved|disappeared|subsided) (?:on|after|following|with) (?:the )?"
    r"(?:discontinuation|withdrawal|cessation)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
CASE_REPORT_SHARE = 0.1  # of a document's sentences, in the register of case reports
REGISTER_WINDOW = 8000  # characters: the register shows in a document's beginning
# a denial reaches up to three words on, but not past a clause of its own ("she did not
# sleep and had rash", "no fever but a rash"); "no fever or rash" denies both
_NEGATION = re.compile(
    r"\b(?:no|not|without|absence of|free of|denied|negative for|ruled out)\b"
    r"(?:\s+(?!(?:but|then|yet|though|although|however)\b|and\s+(?:had|has|have|was|were|\w+ed)\b)"
    r"\w+){0,3}\s*$",
    re.I,
)
# the patient's disease, not an event: "a patient with X", "diagnosed with X", "treated for X"
# (a coordinated disease after the first: "a patient with asthma and hypertension who ...";
# a word in "-ed" ends the patient's diseases: "a woman with lupus developed ...")
_NOT_ED = r"(?![\w-]+ed\b)"
_PATIENT = (
    r"patients?|children|child|women|woman|men|man|males?|females?|boys?|girls?|infants?"
    r"|adults?|adolescents?|neonates?|subjects?|individuals?|recipients?"
)
# what opens the patient's own diseases: "a woman (aged 40) with", "diagnosed with", "a
# history of", "treated with Y for"
_HISTORY_OPENING = re.compile(
    rf"\b(?:(?:{_PATIENT})(?:\s*\([^()]{{0,40}}\))?\s+(?:{_NOT_ED}\w+\s+)?with"
    r"|diagnos(?:ed with|is of)|history of|suffering from|affected by|(?:treatment|therapy) of"
    r"|(?:used|given|prescribed|indicated) to (?:treat|manage|control)"
    r"|(?:treated|treatment|therapy|given|prescribed|started|indicated|used|use|received"
    r"|receiving|administered|taking) (?:\w+ ){0,3}for)\s"
    # "given Y for 3 days, a rash ...": a length of time is no disease
    r"(?!(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few"
    r"|a few|many|some)\s+(?:more\s+)?(?:hours?|days?|weeks?|months?|years?|doses?|cycles?"
    r"|courses?)\b)",
    re.I,
)
# the words that end the list of the patient's diseases and go on with the sentence ("a
# woman with lupus who had X", "... presents with X", "... on Y developed X"); so does a word
# in "-ed" ("developed", "treated")
_HISTORY_END = frozenset({
    "who", "whom", "whose", "which", "that", "then", "but", "while", "when", "whereas",
    "because", "since", "had", "has", "have", "having", "was", "were", "is", "are", "be",
    "been", "present", "presents", "presenting", "develops", "developing", "receiving",
    "taking", "given", "starting", "began", "begun", "after", "during", "following", "on",
    "in", "under", "to", "from", "for", "at", "by", "as", "than", "into", "without",
})  # fmt: skip
_HISTORY_TOKEN = re.compile(r"\([^()]*\)|[\w'/-]+|\S")
_HISTORY_WORDS = 25  # the longest list of diseases read
_COMPLICATED = re.compile(r"\s*(?:(?:was|is|were|are)\s+)?complicated by\b", re.I)


def _history_opening(sentence: str, start: int) -> re.Match[str] | None:
    """What opens the list of diseases a patient is said to have where ``start`` falls in it
    (None if it falls in none), the list read forward from its opening ("a man with A, B (C)
    and D developed ...") to the first word that goes on with the sentence."""
    window = max(0, start - 200)
    openings = list(_HISTORY_OPENING.finditer(sentence, window, start))
    if not openings:
        return None
    words = 0
    for token in _HISTORY_TOKEN.findall(sentence, openings[-1].end(), start):
        if token.startswith("("):
            continue  # an abbreviation or aside: "(OCD)"
        if not (token[0].isalnum() or token == ","):
            return None  # ";", ":", "." end the list
        low = token.lower()
        words += 1
        if low in _HISTORY_END or low.endswith("ed") or words > _HISTORY_WORDS:
            return None
    return openings[-1]


# the patient of an event already named: "<event> in a child with X during Y therapy"
_IN_PATIENT = re.compile(
    rf"\bin (?:(?:a|an|the|one|two|\d+) )?(?:[\w-]+ ){{0,3}}(?:{_PATIENT}) with\b", re.I
)
# what follows an event and ties it to its cause: "a patient with X caused by Y" is an event
# (a cause only by time, "after Y", is the ``timed`` group)
_CAUSED = re.compile(
    r"\s*(?:\w+\s+)?(?:caused by|induced by|due to|secondary to|(?P<timed>following|after"
    r"|during)|associated with|related to|attributed to)\b",
    re.I,
)
# a measure or an examination is no event until the text says it is abnormal: "serum
# ammonia levels", "skin tests" are not adverse events; "elevated serum ammonia levels",
# "abnormal liver function tests" are
_MEASURE = re.compile(
    r"\b(?:levels?|values?|concentrations?|counts?|tests?|testing|stud(?:y|ies)|examinations?"
    r"|acuity|measurements?|components?)$",
    re.I,
)
_ABNORMAL = re.compile(
    r"\b(?:increas|elevat|decreas|reduc|rais|high|low|abnormal|prolong|doubl|chang|fall|fell"
    r"|ris[ei]|drop|loss|lost|impair|deteriorat|diminish|declin|derang|toxic|excess|deficien"
    r"|positive|deplet|exceed|accelerat|advers|subtherapeutic|supratherapeutic|poor|worse)",
    re.I,
)


# the span a tagger marks may be an outcome, which names no event: "hemoglobin levels
# normalized", "the rash resolved"
_RECOVERED_WORDS = r"normali[sz]ed|improved|resolved|disappeared|subsided|recovered|cleared"
_RECOVERED = re.compile(rf"\b(?:{_RECOVERED_WORDS})$", re.I)
_DENIED = re.compile(r"\b(?:not|never|no)\b", re.I)


def names_no_event(surface: str) -> bool:
    """Whether an event span names a measure or an examination and nothing wrong with it,
    or an outcome ("levels normalized"), and so no adverse event.

    >>> names_no_event("serum ammonia levels"), names_no_event("elevated serum ammonia levels")
    (True, False)
    >>> names_no_event("Prick tests"), names_no_event("abnormal liver function tests")
    (True, False)
    >>> names_no_event("Hemoglobin levels normalized"), names_no_event("the rash resolved")
    (True, True)
    >>> names_no_event("the rash had not resolved"), names_no_event("the rash returned")
    (False, False)
    """
    surface = surface.strip()
    if _RECOVERED.search(surface) and not _DENIED.search(surface):
        return True
    return bool(_MEASURE.search(surface)) and not _ABNORMAL.search(surface)


_HEDGE = re.compile(r"\b(?:may|might|could|possible|possibly|probably|likely|suspected)\b", re.I)


def is_case_report(text: str) -> bool:
    """Whether a document reads as medical literature about patients (case reports,
    abstracts): at least one sentence in ten, in its first ``REGISTER_WINDOW`` characters,
    tells of a patient or a case.

    >>> is_case_report("A 45-year-old woman developed a rash after starting lamotrigine.")
    True
    >>> is_case_report("Sertraline is used to treat depression. It may cause nausea.")
    False
    """
    lines = [s for s in _SENTENCE_END.split(text[:REGISTER_WINDOW]) if len(s) > 20]
    if not lines:
        return False
    share = sum(bool(_CASE_MARKER.search(s)) for s in lines) / len(lines)
    return share >= CASE_REPORT_SHARE


# ------------------------------------------------------------------------------ tokens
@dataclass(frozen=True)
class Span:
    """Tokens ``[lo, hi)`` of a sentence, with their character offsets in it."""

    lo: int
    hi: int
    start: int
    end: int


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Words and punctuation with their offsets; hyphens split compounds ("X-induced").

    >>> [t[2] for t in tokens("Lithium-induced tremor.")]
    ['Lithium', '-', 'induced', 'tremor', '.']
    """
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def token_span(toks: Sequence[tuple[int, int, str]], start: int, end: int) -> Span | None:
    """The tokens inside the characters ``[start, end)``, if any."""
    inside = [i for i, (a, b, _) in enumerate(toks) if a >= start and b <= end]
    if not inside:
        return None
    lo, hi = inside[0], inside[-1] + 1
    return Span(lo, hi, toks[lo][0], toks[hi - 1][1])


def mention_tags(toks: Sequence[tuple[int, int, str]], mentions: Sequence[Mention]) -> list[str]:
    """Each token's gazetteer tag (``B-Drug``, ``I-Condition``... or ``O``); ``mentions``
    have offsets relative to the sentence."""
    tags = ["O"] * len(toks)
    for m in mentions:
        span = token_span(toks, m.start, m.end)
        if span is None:
            continue
        for i in range(span.lo, span.hi):
            tags[i] = ("B-" if i == span.lo else "I-") + m.type.value
    return tags


_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
_REPEATS = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def _word_features(word: str) -> tuple[str, ...]:
    """What a token is by itself: the word, its affixes and its shape ("Xx", "dd-xx")."""
    w = word.lower()
    shape = _REPEATS.sub(r"\1\1", word.translate(_SHAPE))
    return ("b", "w=" + w, "s3=" + w[-3:], "s4=" + w[-4:], "s5=" + w[-5:], "p3=" + w[:3],
            "sh=" + shape)  # fmt: skip


def token_features(
    toks: Sequence[tuple[int, int, str]],
    tags: Sequence[str],
    finding_words: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """The CRF's features of each token: the word, its affixes and shape, its gazetteer
    tag, whether it is a word of a finding's name (``finding_words``), its word class and
    its neighbours' (:mod:`drugkg.extract.clusters`), and the words and tags around it.

    >>> token_features(tokens("Rash"), ["B-condition"])[0][:4]
    ['b', 'w=rash', 's3=ash', 's4=rash']
    """
    low = [t[2].lower() for t in toks]
    n = len(low)
    known = "0" + "".join("1" if w in finding_words else "0" for w in low) + "0"
    w = ["<s>"] * 3 + low + ["</s>"] * 3  # w[i + 3] is token i
    g = ["-"] * 2 + list(tags) + ["-"] * 2  # g[i + 2] is token i
    classes = word_clusters()
    c = ["<s>", *(str(classes.get(word, "?")) for word in low), "</s>"]  # c[i + 1] is token i
    return [
        [
            *_word_features(toks[i][2]),
            "c=" + c[i + 1],
            "c-1=" + c[i],
            "c1=" + c[i + 2],
            "g=" + tags[i],
            f"fw={known[i + 1]}{known[i]}{known[i + 2]}",
            "w-3=" + w[i],
            "w-2=" + w[i + 1],
            "g-2=" + g[i],
            "w-1=" + w[i + 2],
            "g-1=" + g[i + 1],
            "w1=" + w[i + 4],
            "g1=" + g[i + 3],
            "w2=" + w[i + 5],
            "g2=" + g[i + 4],
            "w3=" + w[i + 6],
            "b2=" + w[i + 2] + "|" + low[i],
            "a2=" + low[i] + "|" + w[i + 4],
        ]
        for i in range(n)
    ]


def spans_of(tags: Sequence[str], label: str) -> list[tuple[int, int]]:
    """The ``[lo, hi)`` token runs a BIO tagging gives ``label``.

    >>> spans_of(["O", "B-E", "I-E", "B-D"], "E")
    [(1, 3)]
    """
    out, i = [], 0
    while i < len(tags):
        if tags[i] == "B-" + label:
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + label:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


# ------------------------------------------------------------------------------ pairs
@dataclass(frozen=True)
class Pair:
    """A (drug, event) candidate of one sentence."""

    drug: Span
    event: Span
    drug_mention: Mention | None  # the gazetteer's, when it knows the drug
    event_confidence: float  # the CRF's least marginal over the event's tokens


def pair_features(
    words: Sequence[str], pair: Pair, drugs: Sequence[Span], n_events: int
) -> list[str]:
    """The pair model's features; ``words`` are the sentence's lower-cased tokens with the
    gazetteer's drugs already replaced by ``DRUG``."""
    d, e = pair.drug, pair.event
    lo, hi = (d.hi, e.lo) if d.lo < e.lo else (e.hi, d.lo)
    between = list(words[lo:hi])
    n = len(words)
    f = [
        "b",
        "ord=" + ("de" if d.lo < e.lo else "ed"),
        f"dist={min((hi - lo) // 3, 6)}",
        f"known={int(pair.drug_mention is not None)}",
        f"marg={int(pair.event_confidence * 5)}",
        "esrc=" + ("tagger" if pair.event_confidence > 0 else "gazetteer"),
        f"nd={min(len(drugs), 4)}",
        f"ne={min(n_events, 4)}",
        "other=" + str(int(any(lo <= s.lo and s.hi <= hi for s in drugs if s != d))),
        "dprev=" + (words[d.lo - 1] if d.lo else "<s>"),
        "dnext=" + (words[d.hi] if d.hi < n else "</s>"),
        "eprev=" + (words[e.lo - 1] if e.lo else "<s>"),
        "enext=" + (words[e.hi] if e.hi < n else "</s>"),
    ]
    # what the event is to the patient ("a patient with X", "treated for X", "developed X")
    f.append("epre2=" + " ".join(words[max(0, e.lo - 2) : e.lo]))
    f.append("epre3=" + " ".join(words[max(0, e.lo - 3) : e.lo]))
    f.append("dnext2=" + " ".join(words[d.hi : d.hi + 2]))
    # what the event is: its head and its words ("level", "test" and "diet" name no event)
    inside = words[e.lo : e.hi]
    f += ["ehead=" + inside[-1], "efirst=" + inside[0], f"elen={min(len(inside), 5)}"]
    f += ["ew=" + w for w in inside[:6]]
    order = "de" if d.lo < e.lo else "ed"
    f += ["bw=" + w for w in between[:12]]
    f += [f"{order}:bw=" + w for w in between[:12]]
    if between:
        f += [f"{order}:first=" + between[0], f"{order}:last=" + between[-1]]
    f += [f"bb={a}_{b}" for a, b in itertools.pairwise(between[:13])]
    return f


def sentence_features(words: Sequence[str]) -> list[str]:
    """The features every pair of a sentence shares: its words and word pairs (drugs
    masked), which tell a sentence that reports an adverse event from one that does not.

    >>> sentence_features(["DRUG", "caused", "rash"])
    ['sw=DRUG', 'sw=caused', 'sw=rash', 'sb=DRUG_caused', 'sb=caused_rash']
    """
    return [
        *("sw=" + w for w in sorted(set(words))),
        *("sb=" + a + "_" + b for a, b in sorted(set(itertools.pairwise(words)))),
    ]


def hashed(feats: Sequence[str]) -> list[int]:
    """Feature names to indices in ``[0, DIMENSION)`` (stable across runs and machines)."""
    return [zlib.crc32(f.encode("utf-8")) % DIMENSION for f in feats]


# ------------------------------------------------------------------------------ the model
@dataclass(frozen=True, eq=False)
class LiteratureModel:
    """The span tagger (a CRF model file's bytes) and the pair model's weights."""

    tagger: bytes
    features: np.ndarray  # (F,) int64, sorted hashed indices seen in training
    weights: np.ndarray  # (F,) float32
    bias: float
    threshold: float = 0.3
    metadata: tuple[tuple[str, str], ...] = ()
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @classmethod
    def load(cls, directory: Path | str | None = None) -> LiteratureModel:
        """The shipped model, or the one saved in ``directory``; reads local files only.

        >>> LiteratureModel.load().version
        'literature-v1'
        """
        root = (
            importlib.resources.files("drugkg.extract") / "models"
            if directory is None
            else Path(directory)
        )
        meta, arrays = read_npz((root / f"{MODEL_VERSION}-pairs.npz").read_bytes())
        return cls(
            tagger=(root / f"{MODEL_VERSION}.crfsuite").read_bytes(),
            features=arrays["features"].astype(np.int64),
            weights=arrays["weights"].astype(np.float32),
            bias=float(meta["bias"]),
            threshold=float(meta["threshold"]),
            metadata=info_items(meta),
        )

    def save(self, directory: Path | str) -> None:
        """Write ``literature-v1.crfsuite`` and ``literature-v1-pairs.npz`` (same bytes for
        the same model)."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{MODEL_VERSION}.crfsuite").write_bytes(self.tagger)
        meta = {
            "version": MODEL_VERSION,
            "bias": self.bias,
            "threshold": self.threshold,
            "dimension": DIMENSION,
            "info": dict(self.metadata),
        }
        data = npz_bytes(
            meta, features=self.features.astype(np.int32), weights=self.weights.astype(np.float16)
        )
        (out / f"{MODEL_VERSION}-pairs.npz").write_bytes(data)

    @property
    def version(self) -> str:
        return MODEL_VERSION

    def __getstate__(self) -> dict[str, object]:  # the CRF tagger is not picklable
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "_local"}

    def __setstate__(self, state: dict[str, object]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, v)
        object.__setattr__(self, "_local", threading.local())

    def _tagger(self) -> Any:
        """This thread's CRF tagger (a crfsuite tagger must not be shared by threads)."""
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self.tagger)
            self._local.tagger = tagger
        return tagger

    # ----------------------------------------------------------------- reading
    def tag(
        self,
        toks: Sequence[tuple[int, int, str]],
        tags: Sequence[str],
        finding_words: frozenset[str] = frozenset(),
    ) -> list[tuple[str, float]]:
        """Each token's label and, for the tokens of events, the CRF's marginal probability
        of it (1.0 for the others)."""
        if not toks:
            return []
        tagger = self._tagger()
        labels = tagger.tag(token_features(toks, tags, finding_words))
        return [(y, tagger.marginal(y, i) if y[2:] == "E" else 1.0) for i, y in enumerate(labels)]

    def pairs(
        self,
        text: str,
        mentions: Sequence[Mention],
        finding_words: frozenset[str] = frozenset(),
        modifiers: frozenset[str] = frozenset(),
    ) -> tuple[list[str], list[Pair]]:
        """The sentence's masked words and its (drug, event) candidates; ``mentions`` have
        offsets relative to ``text``; ``finding_words``: the gazetteer's words of findings;
        ``modifiers``: the words an event keeps in its span ("severe", "recurrent")."""
        words, out, _ = self._candidates(text, mentions, finding_words, modifiers)
        return words, out

    def _candidates(
        self,
        text: str,
        mentions: Sequence[Mention],
        finding_words: frozenset[str],
        modifiers: frozenset[str] = frozenset(),
    ) -> tuple[list[str], list[Pair], list[Span]]:
        """:meth:`pairs`, and the event spans the tagger found (paired or not)."""
        toks = tokens(text)
        tags = mention_tags(toks, mentions)
        labelled = self.tag(toks, tags, finding_words)
        labels = [y for y, _ in labelled]
        drugs: dict[Span, Mention | None] = {}
        for m in mentions:
            if m.type in _DRUG_TYPES and (span := token_span(toks, m.start, m.end)) is not None:
                drugs[span] = m
        for lo, hi in spans_of(labels, "D"):
            span = Span(lo, hi, toks[lo][0], toks[hi - 1][1])
            if not any(s.lo < hi and lo < s.hi for s in drugs):
                drugs[span] = None
        events = []
        for lo, hi in spans_of(labels, "E"):
            confidence = min(p for _, p in labelled[lo:hi])
            # the severity and course words right before the tagger's span are the event's
            # own ("severe agitation", "recurrent hyponatremia"), as in a dictionary finding
            while lo and labels[lo - 1] == "O" and toks[lo - 1][2].lower() in modifiers:
                lo -= 1
            events.append((Span(lo, hi, toks[lo][0], toks[hi - 1][1]), confidence))
        # the findings the gazetteer knows are candidates too, where the tagger saw none
        for m in mentions:
            span = token_span(toks, m.start, m.end)
            if (
                m.type is EntityType.CONDITION
                and span is not None
                and not any(e.lo < span.hi and span.lo < e.hi for e, _ in events)
            ):
                events.append((span, 0.0))
        words = [
            "DRUG" if tag[2:] in _DRUG_TAGS else t[2].lower()
            for t, tag in zip(toks, tags, strict=True)
        ]
        out = [
            Pair(d, e, m, c)
            for d, m in drugs.items()
            for e, c in events
            if not (d.lo < e.hi and e.lo < d.hi)
        ]
        return words, out, [e for e, c in events if c > 0]

    def score(self, rows: Sequence[Sequence[str]], shared: Sequence[str] = ()) -> np.ndarray:
        """The pair model's probability for each row of features, with the ``shared``
        features of their sentence added to each (features never seen in training weigh
        nothing)."""
        every = [f for feats in rows for f in feats]
        weights = self._weights([*shared, *every])
        row_of = np.repeat(np.arange(len(rows)), [len(feats) for feats in rows])
        base = self.bias + float(weights[: len(shared)].sum())
        z = base + np.bincount(row_of, weights=weights[len(shared) :], minlength=len(rows))
        out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return out

    def _weights(self, feats: Sequence[str]) -> np.ndarray:
        """Each feature's weight (0 for a feature never seen in training), in one lookup."""
        if not len(self.features) or not feats:
            return np.zeros(len(feats), dtype=np.float64)
        idx = np.asarray(hashed(feats), dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.features, idx), len(self.features) - 1)
        found = self.features[pos] == idx
        return np.where(found, self.weights[pos], 0.0).astype(np.float64)

    def read(
        self,
        document: Document,
        gazetteer: Gazetteer,
        mentions: Sequence[Mention],
        known: Sequence[Assertion] = (),
        blocks: Sequence[Block] | None = None,
    ) -> tuple[tuple[Assertion, ...], list[Assertion]]:
        """``known`` (the rules' readings) with their adverse events as the case report
        states them (:func:`widened`), and the adverse events ``document`` states that
        ``known`` does not, one assertion per (triple, sentence) at or above the threshold.
        A reading of ``known`` that names no drug in its sentence (an adverse event of "it")
        is left out. ``blocks``: the document's segmentation, if already made."""
        by_sentence: dict[int, list[int]] = {}
        widened_known: list[Assertion | None] = list(known)
        for i, a in enumerate(known):
            if a.triple.predicate is not Predicate.HAS_SIDE_EFFECT:
                continue
            if not a.evidence.subject_text:
                # a case report names the drug it suspects of an event; "it", "these side
                # effects" read as the article's drug is a guess here, where an abstract
                # weighs several drugs
                widened_known[i] = None
            elif a.evidence.object_text:
                by_sentence.setdefault(a.evidence.start, []).append(i)
        said = {a.triple for a in widened_known if a is not None}
        starts = [m.start for m in mentions]
        best: dict[tuple[Triple, int], Assertion] = {}
        for sentence in _sentences(document.text, blocks):
            lo = bisect.bisect_left(starts, sentence[0])
            hi = bisect.bisect_left(starts, sentence[1])
            local = [_shifted(m, sentence[0]) for m in mentions[lo:hi] if m.end <= sentence[1]]
            found, spans = self._read(document.id, sentence, local, gazetteer)
            for i in by_sentence.get(sentence[0], ()):
                if (rule := widened_known[i]) is not None:
                    widened_known[i] = widened(rule, sentence[2], spans, gazetteer)
            for assertion in found:
                if assertion.triple in said:
                    continue
                key = (assertion.triple, sentence[0])
                old = best.get(key)
                if old is None or assertion.evidence.confidence > old.evidence.confidence:
                    best[key] = assertion
        return tuple(a for a in widened_known if a is not None), list(best.values())

    def _read(
        self,
        doc_id: str,
        sentence: tuple[int, int, str],
        mentions: list[Mention],
        gazetteer: Gazetteer,
    ) -> tuple[list[Assertion], list[Span]]:
        """The sentence's events at or above the threshold, and the tagger's event spans."""
        start, _, text = sentence
        words, candidates, spans = self._candidates(
            text, mentions, gazetteer.words_of(EntityType.CONDITION), gazetteer.span_modifiers
        )
        if not candidates:
            return [], spans
        candidates = _not_claimed(words, candidates)
        drugs = list(dict.fromkeys(p.drug for p in candidates))
        n_events = len({p.event for p in candidates})
        rows = [pair_features(words, p, drugs, n_events) for p in candidates]
        probs = self.score(rows, shared=sentence_features(words))
        out = []
        for pair, p in zip(candidates, probs, strict=True):
            if (
                p < self.threshold
                or is_indication(text, pair.event.start, pair.event.end)
                or names_no_event(text[pair.event.start : pair.event.end])
                or treated_by(text, pair)
            ):
                continue
            drug = _drug_entity(pair, text, gazetteer)
            event = event_entity(text[pair.event.start : pair.event.end], gazetteer)
            if drug is None or event is None:
                continue
            before = text[: pair.event.start]
            evidence = Evidence(
                doc_id=doc_id,
                sentence=text,
                start=start,
                end=start + len(text),
                rule=f"model:{MODEL_VERSION}",
                negated=bool(_NEGATION.search(before[-40:])),
                hedged=bool(_HEDGE.search(text)),
                confidence=round(float(p), 4),
                subject_text=text[pair.drug.start : pair.drug.end],
                object_text=text[pair.event.start : pair.event.end],
            )
            out.append(Assertion(Triple(drug, Predicate.HAS_SIDE_EFFECT, event), evidence))
        return out, spans


# a drug that treats an event, not one that causes it: "the rash was treated with Y", "the
# fever responded to Y", "Y reversed the spasm", "the beneficial effect of Y on X" (but "X
# resolved after stopping Y" is the event's dechallenge, and "X in a patient treated with Y"
# an event of Y)
_TREATED_AFTER = re.compile(
    r"^\W*(?:(?:was|were|is|are|has been|have been|had been|being)\s+)?(?:\w+ly\s+)?"
    r"(?:treated|managed|controlled|reversed|relieved|alleviated|ameliorated|resolved|improved"
    r"|abolished|corrected|counteracted|responded|responds?|responsive|responding|resolving"
    r"|improving)\s+"
    r"(?:with|by|to|on|after (?:starting|initiating|adding|the addition of|administration of"
    r"|treatment with|initiation of))\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_TREATED_BEFORE = re.compile(
    r"^\s*(?:(?:therapy|treatment|administration|infusion|was|were|is|are|can|may|could"
    r"|\w+ly)\s+)*"
    r"(?:reversed?|reverses|cleared|improved|relieved|alleviated|resolved|abolished|corrected"
    r"|treats?|treated|controlled|ameliorated|normali[sz]ed|effective (?:in|for|against))\s+"
    r"(?:(?:the|his|her|their|this|these)\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
_BENEFIT_BEFORE = re.compile(
    r"\b(?:beneficial|therapeutic|favou?rable|protective) effects? of\s+(?:[\w-]+\s+){0,3}$", re.I
)
# the drug a patient is moved to once an event has resolved: "X resolved when she was
# switched to Y", "X subsided after switching from Z to Y" (an event that begins after the
# switch is Y's: "X developed after she was switched to Y")
_RECOVERY = re.compile(
    rf"\b(?:{_RECOVERED_WORDS}|resolving|improving|abated|remitted|ceased|went away|stopped)\b",
    re.I,
)
_ONSET = re.compile(
    r"\b(?:developed|developing|occurred|occurring|appeared|emerged|began|started|ensued"
    r"|set in|recurred|worsened)\b",
    re.I,
)
_SWITCHED_TO = re.compile(
    r"\b(?:switch(?:ed|ing)?|chang(?:ed|ing)|convert(?:ed|ing))\s+(?:from\s+[\w/-]+\s+)?"
    r"to\s+(?:(?:the|a|an)\s+)?$",
    re.I,
)
_ON = re.compile(r"^\s*on\s+(?:(?:the|his|her|their)\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def treated_by(sentence: str, pair: Pair) -> bool:
    """Whether the sentence says the pair's drug treats its event ("the rash was treated with
    Y", "Y reversed the spasm", "the beneficial effect of Y on X").

    >>> s = "The rash was successfully treated with prednisone."
    >>> treated_by(s, Pair(Span(6, 7, 39, 49), Span(1, 2, 4, 8), None, 0.0))
    True
    >>> s = "A rash in a patient treated with zorbex."
    >>> treated_by(s, Pair(Span(7, 8, 33, 39), Span(1, 2, 2, 6), None, 0.0))
    False
    """
    d, e = pair.drug, pair.event
    if e.end <= d.start:
        between = sentence[e.end : d.start]
        # "X resolved when she was switched to Y"; but "X developed after the switch to Y"
        switched = (
            _SWITCHED_TO.search(between) is not None
            and _RECOVERY.search(between) is not None
            and _ONSET.search(between) is None
        )
        return switched or _TREATED_AFTER.match(between) is not None
    between = sentence[d.end : e.start]
    return bool(
        _TREATED_BEFORE.match(between)
        or (_ON.match(between) and _BENEFIT_BEFORE.search(sentence[: d.start]))
    )


_CAUSE_WORDS = frozenset({
    "induced", "associated", "related", "provoked", "triggered", "caused", "mediated",
})  # fmt: skip


def _not_claimed(words: Sequence[str], pairs: Sequence[Pair]) -> list[Pair]:
    """``pairs`` without those that give an event to another drug than the one its compound
    names: in "Y improved X-induced akathisia" the akathisia is X's, not Y's."""
    ends = {p.drug.hi: p.drug for p in pairs}
    owner = {}
    for p in pairs:
        lo = p.event.lo
        if lo >= 2 and words[lo - 1] in _CAUSE_WORDS and words[lo - 2] == "-" and lo - 2 in ends:
            owner[p.event] = ends[lo - 2]
    return [p for p in pairs if owner.get(p.event, p.drug) == p.drug]


def widened(
    assertion: Assertion, sentence: str, spans: Sequence[Span], gazetteer: Gazetteer
) -> Assertion | None:
    """A rule's adverse event as the case report states it: None if it is the patient's
    disease (:func:`is_indication`: "a patient with asthma and gout developed ..."), else
    named by the whole phrase the tagger marks around it: the rule read "lichenoid eruption"
    where the sentence says "a bullous lichenoid eruption". The concept (its key and ids)
    stays the rule's; the longer phrase, and that phrase without its severity and course
    modifiers, become its synonyms and the evidence's object phrase. An assertion no tagger
    span strictly contains is returned unchanged. The phrase is looked for where the
    sentence first says it."""
    phrase = assertion.evidence.object_text
    at = sentence.find(phrase)
    if at < 0:
        return assertion
    end = at + len(phrase)
    if is_indication(sentence, at, end):
        return None
    wider = [s for s in spans if s.start <= at and end <= s.end and s.end - s.start > len(phrase)]
    if not wider:
        return assertion
    surface = sentence[wider[0].start : wider[0].end]
    concept = event_entity(surface, gazetteer)
    if concept is None:
        return assertion
    obj = assertion.triple.object
    names = {*obj.synonyms, concept.label.lower(), *concept.synonyms} - {obj.label.lower()}
    triple = dataclasses.replace(
        assertion.triple, object=dataclasses.replace(obj, synonyms=tuple(sorted(names)))
    )
    evidence = dataclasses.replace(assertion.evidence, object_text=surface)
    return Assertion(triple, evidence)


def is_indication(sentence: str, start: int, end: int | None = None) -> bool:
    """Whether the phrase at ``start`` (to ``end``) is the patient's disease, not an event:
    "a patient with X", "diagnosed with X", "a history of X", "treated with Y for X"; but
    not when what follows it names its cause ("a patient with X caused by Y").

    >>> s = "A woman with lupus developed a rash."
    >>> is_indication(s, s.index("lupus")), is_indication(s, s.index("a rash"))
    (True, False)
    >>> s = "A man with severe asthma and gout developed fever and a rash."
    >>> [is_indication(s, s.index(w)) for w in ("gout", "a rash")]
    [True, False]
    >>> s = "A man with a rash after taking Y."
    >>> is_indication(s, s.index("a rash")), is_indication(s, 11, 17)
    (True, False)
    >>> s = "Rash in a boy with nephrotic syndrome during Y therapy."
    >>> is_indication(s, s.index("nephrotic"), s.index(" during"))
    True
    >>> s = "Fever in a girl with idiopathic juvenile arthritis on Y."
    >>> is_indication(s, s.index("juvenile")), is_indication(s, s.index("Fever"))
    (True, False)
    >>> s = "A man (aged 43) with asthma, gout (G) and chronic lupus developed a rash."
    >>> [is_indication(s, s.index(w)) for w in ("gout", "lupus", "a rash")]
    [True, True, False]
    >>> s = "Myeloma complicated by heart failure after Y."
    >>> is_indication(s, 0, s.index(" complicated")), is_indication(s, s.index("heart"))
    (True, False)
    >>> s = "A woman with lupus who had a rash."
    >>> is_indication(s, s.index("a rash"))
    False
    """
    if end is not None and _COMPLICATED.match(sentence, end):
        return True  # "myeloma complicated by heart failure": the disease an event complicates
    opening = _history_opening(sentence, start)
    if opening is None:
        return False
    if end is not None and (cause := _CAUSED.match(sentence, end)):
        # "a patient with X after Y" is an event, but not where the patient is the one of an
        # event already named: "<event> in a child with X during Y"
        timed = cause.group("timed") is not None
        around = sentence[max(0, opening.start() - 30) : opening.end()]
        return timed and bool(_IN_PATIENT.search(around))
    return True


def _sentences(text: str, blocks: Sequence[Block] | None = None) -> Iterator[tuple[int, int, str]]:
    for block in segment(text) if blocks is None else blocks:
        for s in sentences(block):
            yield s.start, s.end, s.text


def _shifted(m: Mention, by: int) -> Mention:
    return Mention(m.start - by, m.end - by, m.surface, m.entity, m.brand)


def _drug_entity(pair: Pair, text: str, gazetteer: Gazetteer) -> Entity | None:
    if pair.drug_mention is not None:
        return pair.drug_mention.entity
    surface = text[pair.drug.start : pair.drug.end].strip()
    if len(surface) < 3 or not any(c.isalpha() for c in surface):
        return None
    known = gazetteer.lookup(surface)
    if known is not None:
        return known if known.type in _DRUG_TYPES or known.type is EntityType.CLASS else None
    return Entity.make(EntityType.DRUG, surface)


_LEADING_DETERMINER = re.compile(r"^(?:a|an|the|his|her|their|its)\s+", re.I)
_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "his", "her", "their",
    "of", "and", "or", "with", "in", "on", "to", "for", "by",
})  # fmt: skip


def event_entity(surface: str, gazetteer: Gazetteer) -> Entity | None:
    """The concept an event span names: the gazetteer's entity for the phrase or for the
    phrase without its severity and course modifiers, else a new condition named by the
    phrase without them; the span itself stays a synonym.

    >>> from drugkg.extract.lexicon import default_gazetteer
    >>> e = event_entity("transient agranulocytosis", default_gazetteer())
    >>> e.key, "transient agranulocytosis" in e.synonyms
    ('agranulocytosis', True)
    """
    phrase = _LEADING_DETERMINER.sub("", surface.strip())
    if len(phrase) < 3 or all(w.lower() in _FUNCTION_WORDS for w in phrase.split()):
        return None
    if not any(c.isalpha() for c in phrase):
        return None
    core = gazetteer.without_modifiers(phrase.split())
    head = " ".join(core)
    # the phrase, the phrase without its modifiers, then its shorter endings: the head of a
    # noun phrase is its last word, so "widespread skin rash" names a skin rash ("thrombosis
    # of the retinal vein" is not a vein: an ending never starts after a function word)
    names = [phrase, head]
    for i in range(1, len(core)):
        if core[i - 1].lower() in _FUNCTION_WORDS:
            break
        names.append(" ".join(core[i:]))
    for name in names:
        known = gazetteer.lookup(name)
        if known is not None and known.type is EntityType.CONDITION:
            spans = {phrase.lower(), head.lower()}
            synonyms = tuple(sorted({*known.synonyms, *spans} - {known.label}))
            return dataclasses.replace(known, synonyms=synonyms)
    return Entity.make(EntityType.CONDITION, head, synonyms=[phrase] if head != phrase else [])


def from_environment() -> LiteratureModel | None:
    """The shipped model, unless ``$DRUGKG_MODEL`` is ``off`` (rules only).

    >>> import os
    >>> os.environ["DRUGKG_MODEL"] = "off"
    >>> from_environment() is None
    True
    >>> del os.environ["DRUGKG_MODEL"]
    """
    import os

    if os.environ.get("DRUGKG_MODEL", "").strip().lower() == "off":
        return None
    return _shipped()


_SHIPPED: list[LiteratureModel] = []


def _shipped() -> LiteratureModel:
    if not _SHIPPED:
        _SHIPPED.append(LiteratureModel.load())
    return _SHIPPED[0]
