"""Train the case-report reader (:mod:`drugkg.extract.literature`) from the ADE corpus.

``python -m drugkg.extract.literature_train`` trains on every document of
``../shared/corpus/ade`` and writes the model into ``extract/models``;
``--cv 4`` instead scores it with cross-validation by document (a document is never in the
training and the test folds at once) and prints, for each decision threshold, the
``has_side_effect`` scores of the rules alone and of the rules with the model.

The training is deterministic: the same corpus gives the same bytes.

- **Spans.** The CRF learns the drug and event spans of the sentences the corpus says state
  an adverse event, from the surface forms of the gold rows of the whole abstract (an event
  the corpus annotated in another sentence is still an event where this one says it).
- **Pairs.** The pair model learns from every sentence of the training documents (those that
  state an event and those the corpus marks as stating none), over the pairs that a CRF
  trained on *other* documents finds there (cross-fitting), so that it learns from the span
  errors it will meet; a pair is positive when a gold row of its sentence names both ends,
  negative when no gold row of its document does, and left out of training when only
  another sentence's row names it (the corpus annotates the sentences it chose; the same
  pair in the abstract's title or conclusion is stated, not a negative).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import dataclasses
import re
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from drugkg.keys import entity_key
from drugkg.model import Assertion, Document, EntityType

from .lexicon import Gazetteer, Mention, default_gazetteer
from .literature import (
    DIMENSION,
    MODEL_VERSION,
    LiteratureModel,
    Pair,
    _sentences,
    _shifted,
    event_entity,
    hashed,
    mention_tags,
    pair_features,
    sentence_features,
    token_features,
    token_span,
    tokens,
)

__all__ = ["AdeCorpus", "cross_validate", "fit", "load_corpus", "main"]

SEED_FOLDS = 4  # inner folds of the cross-fitting
CRF_PARAMS = {"c1": 0.3, "c2": 0.3, "max_iterations": 150, "feature.possible_transitions": True}
PAIR_C = 0.15
THRESHOLD = 0.3


@dataclass
class Sentence:
    doc: str
    start: int
    text: str
    mentions: list[Mention]
    gold: list[tuple[str, str]]  # (drug, event) surface forms of the gold rows


@dataclass
class AdeCorpus:
    documents: dict[str, Document] = field(default_factory=dict)
    sentences: dict[str, list[Sentence]] = field(default_factory=dict)


def load_corpus(root: Path, gold: Path, gazetteer: Gazetteer) -> AdeCorpus:
    """The ADE documents, split into sentences, each with its gold pairs."""
    rows: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    with gold.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["predicate"] == "has_side_effect":
                rows[(row["doc"], row["evidence"].strip())].append((row["subject"], row["object"]))
    corpus = AdeCorpus()
    for path in sorted(root.glob("*.txt")):
        doc = Document.from_text(path.stem, path.read_text(encoding="utf-8"))
        corpus.documents[doc.id] = doc
        mentions = gazetteer.find(doc.text)
        starts = [m.start for m in mentions]
        out = []
        for start, end, text in _sentences(doc.text):
            lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            local = [_shifted(m, start) for m in mentions[lo:hi] if m.end <= end]
            out.append(Sentence(doc.id, start, text, local, rows.get((doc.id, text.strip()), [])))
        corpus.sentences[doc.id] = out
    return corpus


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.I)]


def _labels(s: Sentence, toks: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * len(toks)
    for drug, event in s.gold:
        for phrase, tag in ((event, "E"), (drug, "D")):
            for a, b in _occurrences(s.text, phrase):
                span = token_span(toks, a, b)
                if span is None or any(labels[i] != "O" for i in range(span.lo, span.hi)):
                    continue
                for i in range(span.lo, span.hi):
                    labels[i] = ("B-" if i == span.lo else "I-") + tag
    return labels


def _abstract_rows(sentences: Iterable[Sentence]) -> dict[str, list[tuple[str, str]]]:
    """The gold rows (drug, event) of each abstract, gathered over its sentences."""
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in sentences:
        rows[s.doc] += s.gold
    return rows


def tagger_labels(sentences: Sequence[Sentence]) -> list[tuple[Sentence, list[str]]]:
    """The sentences that state an adverse event, each with its tokens' BIO labels.

    A phrase the abstract's gold names anywhere is labelled wherever these sentences say it:
    the corpus annotates a pair in the sentence it chose, and the same event said in another
    annotated sentence is still an event, not a run of ``O``.
    """
    stated = _abstract_rows(sentences)
    out = []
    for s in sentences:
        if not s.gold:
            continue
        whole = dataclasses.replace(s, gold=list(dict.fromkeys([*s.gold, *stated[s.doc]])))
        out.append((s, _labels(whole, tokens(s.text))))
    return out


def train_tagger(
    sentences: Sequence[Sentence], work: Path, finding_words: frozenset[str] = frozenset()
) -> bytes:
    """A CRF trained on the sentences that state an adverse event (:func:`tagger_labels`)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for s, labels in tagger_labels(sentences):
        toks = tokens(s.text)
        trainer.append(token_features(toks, mention_tags(toks, s.mentions), finding_words), labels)
    trainer.set_params(CRF_PARAMS)
    path = work / "tagger.crfsuite"
    trainer.train(str(path))
    return path.read_bytes()


def _normaliser(gazetteer: Gazetteer) -> Callable[[str], frozenset[str]]:
    def keys(name: str) -> frozenset[str]:
        known = gazetteer.resolve(name)
        return frozenset({entity_key(name)} | ({known.key} if known is not None else set()))

    return keys


def _pair_rows(
    model: LiteratureModel,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    drug_keys: Callable[[str], frozenset[str]],
    documents: Mapping[str, Sequence[Sentence]],
) -> tuple[list[list[str]], list[int]]:
    """The pair model's rows and labels over the candidates ``model`` finds in ``sentences``.

    A pair is positive when a gold row of its sentence names both ends, negative when no
    gold row of its document does, and left out otherwise: the corpus annotates a pair in
    the sentences it chose, and the same pair in another sentence of the abstract (a title,
    a conclusion) is a statement of the document, not a known negative.
    """
    rows, labels = [], []
    docs = {s.doc for s in sentences}
    stated = {
        doc: [(drug_keys(d), entity_key(e)) for d, e in found]
        for doc, found in _abstract_rows(x for doc in docs for x in documents[doc]).items()
    }
    for s in sentences:
        words, pairs = model.pairs(
            s.text, s.mentions, gazetteer.words_of(EntityType.CONDITION), gazetteer.span_modifiers
        )
        drugs = list(dict.fromkeys(p.drug for p in pairs))
        n_events = len({p.event for p in pairs})
        shared = sentence_features(words)
        gold = [(drug_keys(d), entity_key(e)) for d, e in s.gold]
        for p in pairs:
            names = _pair_names(p, s.text, gazetteer, drug_keys)
            if _names_any(names, gold):
                label = 1
            elif _names_any(names, stated.get(s.doc, [])):
                continue
            else:
                label = 0
            rows.append(pair_features(words, p, drugs, n_events) + shared)
            labels.append(label)
    return rows, labels


def _pair_names(
    pair: Pair, text: str, gazetteer: Gazetteer, drug_keys: Callable[[str], frozenset[str]]
) -> tuple[frozenset[str], frozenset[str]] | None:
    """The keys a gold row may name the pair's drug and its event by (None: no event)."""
    drug = drug_keys(text[pair.drug.start : pair.drug.end])
    if pair.drug_mention is not None:
        drug |= {pair.drug_mention.entity.key}
    event = event_entity(text[pair.event.start : pair.event.end], gazetteer)
    if event is None:
        return None
    return drug, frozenset({event.key, *(entity_key(n) for n in event.synonyms)})


def _names_any(
    names: tuple[frozenset[str], frozenset[str]] | None,
    gold: Sequence[tuple[frozenset[str], str]],
) -> bool:
    """Whether a gold row names both ends of a pair (``names``: :func:`_pair_names`)."""
    if names is None:
        return False
    drug, event = names
    return any(d & drug and e in event for d, e in gold)


def _matrix(rows: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for feats in rows:
        indices.extend(hashed(feats))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    m = sparse.csr_matrix((data, np.array(indices, np.int64), indptr), shape=(len(rows), DIMENSION))
    m.sum_duplicates()
    return m


def _fold(doc: str, k: int) -> int:
    return zlib.crc32(doc.encode("utf-8")) % k


def fit(
    corpus: AdeCorpus, docs: Sequence[str], gazetteer: Gazetteer, work: Path
) -> LiteratureModel:
    """Train the tagger on ``docs`` and the pair model on cross-fitted candidates of them."""
    from sklearn.linear_model import LogisticRegression

    drug_keys = _normaliser(gazetteer)
    findings = gazetteer.words_of(EntityType.CONDITION)
    empty = np.zeros(0, np.int64)
    rows: list[list[str]] = []
    labels: list[int] = []
    for k in range(SEED_FOLDS):
        inside = [s for d in docs if _fold(d, SEED_FOLDS) != k for s in corpus.sentences[d]]
        held = [s for d in docs if _fold(d, SEED_FOLDS) == k for s in corpus.sentences[d]]
        if not any(s.gold for s in inside) or not held:
            continue  # a small corpus: no fold to learn spans from, or none to read
        tagger = LiteratureModel(
            train_tagger(inside, work, findings), empty, np.zeros(0, np.float32), 0.0
        )
        r, y = _pair_rows(tagger, held, gazetteer, drug_keys, corpus.sentences)
        rows += r
        labels += y
    if len(set(labels)) < 2:
        raise ValueError("the training documents give no positive and negative pairs to learn from")
    clf = LogisticRegression(C=PAIR_C, max_iter=3000)
    clf.fit(_matrix(rows), np.array(labels))
    coef = clf.coef_[0]
    seen = np.flatnonzero(coef)
    info = {
        "documents": str(len(docs)),
        "pairs": str(len(labels)),
        "positive pairs": str(int(sum(labels))),
        "crf": " ".join(f"{k}={v}" for k, v in sorted(CRF_PARAMS.items())),
        "pair C": str(PAIR_C),
    }
    all_sentences = [s for d in docs for s in corpus.sentences[d]]
    return LiteratureModel(
        tagger=train_tagger(all_sentences, work, findings),
        features=seen.astype(np.int64),
        weights=coef[seen].astype(np.float32),
        bias=float(clf.intercept_[0]),
        threshold=THRESHOLD,
        metadata=tuple(sorted(info.items())),
    )


def cross_validate(
    corpus: AdeCorpus,
    gold: Path,
    gazetteer: Gazetteer,
    folds: int,
    thresholds: Sequence[float],
    work: Path,
) -> list[dict[str, object]]:
    """``has_side_effect`` scores of the rules alone and with the model, by document fold."""
    from drugkg.evaluate import evaluate, load_gold
    from drugkg.model import Predicate

    from .engine import Extractor
    from .rules import load_rules

    truth = [
        g
        for g in load_gold(gold, normalise=gazetteer.label)  # the extractor's lexicon
        if g.predicate is Predicate.HAS_SIDE_EFFECT
    ]
    rules = load_rules()
    predicted: dict[str, dict[str, list[Assertion]]] = {
        name: {} for name in ["rules", *map(str, thresholds)]
    }
    docs = sorted(corpus.documents)
    for k in range(folds):
        t0 = time.perf_counter()
        train = [d for d in docs if _fold(d, folds) != k]
        test = [d for d in docs if _fold(d, folds) == k]
        model = dataclasses.replace(fit(corpus, train, gazetteer, work), threshold=min(thresholds))
        reader = Extractor(rules, gazetteer, literature=model)
        for d in test:
            found = reader.extract(corpus.documents[d]).assertions
            learned = [a for a in found if a.evidence.rule == f"model:{MODEL_VERSION}"]
            predicted["rules"][d] = [a for a in found if a not in learned]
            for t in thresholds:
                predicted[str(t)][d] = predicted["rules"][d] + [
                    a for a in learned if a.evidence.confidence >= t
                ]
        print(f"fold {k + 1}/{folds}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    out = []
    for name, by_doc in predicted.items():
        score = evaluate([g for g in truth if g.doc in by_doc], by_doc)
        c = score.counts(Predicate.HAS_SIDE_EFFECT)
        out.append(
            {
                "reader": name if name == "rules" else f"rules + {MODEL_VERSION} at {name}",
                "tp": c.tp, "fp": c.fp, "fn": c.fn,
                "P": round(c.tp / (c.tp + c.fp), 3) if c.tp + c.fp else 0.0,
                "R": round(c.tp / (c.tp + c.fn), 3) if c.tp + c.fn else 0.0,
            }
        )  # fmt: skip
    return out


def main(argv: Sequence[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    shared = here.parent / ".." / "shared" / "corpus"
    parser = argparse.ArgumentParser(prog="python -m drugkg.extract.literature_train")
    parser.add_argument("--corpus", type=Path, default=shared / "ade" / "docs")
    parser.add_argument("--gold", type=Path, default=shared / "ade.gold.tsv")
    parser.add_argument("--out", type=Path, default=here / "models")
    parser.add_argument("--cv", type=int, default=0, help="cross-validate with K folds instead")
    parser.add_argument("--thresholds", default=f"0.2,{THRESHOLD},0.4,0.5")
    parser.add_argument(
        "--min-precision",
        type=float,
        default=0.0,
        help="with --cv: fail below this precision at the shipped threshold",
    )
    parser.add_argument(
        "--min-recall",
        type=float,
        default=0.0,
        help="with --cv: fail below this recall at the shipped threshold",
    )
    args = parser.parse_args(argv)
    import tempfile

    gazetteer = default_gazetteer()
    corpus = load_corpus(args.corpus, args.gold, gazetteer)
    with tempfile.TemporaryDirectory() as tmp:
        if args.cv:
            thresholds = [float(t) for t in args.thresholds.split(",")]
            rows = cross_validate(corpus, args.gold, gazetteer, args.cv, thresholds, Path(tmp))
            print("| reader | tp | fp | fn | P | R |\n|---|---:|---:|---:|---:|---:|")
            for r in rows:
                print(
                    f"| {r['reader']} | {r['tp']} | {r['fp']} | {r['fn']} | {r['P']} | {r['R']} |"
                )
            return 0
        model = fit(corpus, sorted(corpus.documents), gazetteer, Path(tmp))
    model.save(args.out)
    print(f"wrote {args.out / MODEL_VERSION}.crfsuite and -pairs.npz", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
