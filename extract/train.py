"""Train the relation model: ``python -m drugkg.extract.train`` writes the shipped model file.

Labels come from the gold corpora (a candidate pair is positive for a predicate when a gold
row of its document names the pair and its evidence is the candidate's sentence or lead-in;
the ADE corpus labels ``has_side_effect`` only) and, as weak supervision, from the rules run
over a fixed sample of the unlabeled corpus. Training is deterministic: a fixed sample, a
fixed feature hash and liblinear with a fixed seed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from drugkg.evaluate import GoldFact, load_gold
from drugkg.model import Document, Predicate
from drugkg.readers import ReadError, find_files, read_document

from .candidates import Candidate, candidates
from .lexicon import Gazetteer, default_gazetteer
from .relation import (
    DIMENSION,
    SYNTAX_MODEL_FILE,
    RelationModel,
    allowed,
    batch_features,
    hash_features,
)
from .syntax import PARSER
from .text import fold

__all__ = [
    "CorpusSpec",
    "Examples",
    "default_corpora",
    "fit",
    "label_documents",
    "load_examples",
    "main",
]

PREDICATES: tuple[Predicate, ...] = tuple(Predicate)
SEED = 13
DEFAULT_C = 0.3
# per predicate: the median over the folds of benchmarks/relation_cv.py of the threshold chosen
# on each fold's training documents to maximise the F1 of rules + model (above 1: the model
# never asserts that predicate, the rules alone do better)
OFF = 1.01
DEFAULT_THRESHOLDS: dict[Predicate, float] = {
    Predicate.TREATS: 0.65,
    Predicate.USED_OFF_LABEL_FOR: OFF,
    Predicate.HAS_SIDE_EFFECT: 0.95,
    Predicate.HAS_WITHDRAWAL_SYMPTOM: OFF,
    Predicate.HAS_RISK: 0.675,
    Predicate.INTERACTS_WITH: 0.9,
    Predicate.CONTRAINDICATED_IN: 0.35,
    Predicate.CAUTION_IN: 0.375,
    Predicate.MEMBER_OF_CLASS: 0.675,
    Predicate.HAS_BRAND_NAME: OFF,
    Predicate.MECHANISM: 0.6,
    Predicate.ALTERNATIVE_TO: OFF,
}
DEFAULT_BALANCE = 0.5
WEAK_DOCS = 240  # documents of the unlabeled corpus read by the rules for weak labels
WEAK_WEIGHT = 0.3
MASKED = -1


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    """A set of documents and how it is labelled (``gold=None`` for weak labels by the rules)."""

    name: str
    root: Path
    gold: Path | None
    predicates: frozenset[Predicate] = frozenset(PREDICATES)  # the predicates it labels
    limit: int | None = None


def default_corpora(shared: Path, project: Path) -> list[CorpusSpec]:
    """The training corpora: real, seeds, sample and ADE gold, plus the unlabeled sample."""
    return [
        CorpusSpec("real", shared / "real", shared / "real.gold.tsv"),
        CorpusSpec("seeds", shared / "seeds", shared / "seeds.gold.tsv"),
        CorpusSpec("sample", project / "sample", project / "sample.gold.tsv"),
        CorpusSpec(
            "ade",
            shared / "ade" / "docs",
            shared / "ade.gold.tsv",
            frozenset({Predicate.HAS_SIDE_EFFECT}),
        ),
        CorpusSpec("unlabeled", shared / "unlabeled", None, limit=WEAK_DOCS),
    ]


@dataclass
class Examples:
    """Candidates with their labels: ``labels[i, k]`` is 1, 0 or ``MASKED`` (unknown)."""

    candidates: list[Candidate] = field(default_factory=list)
    labels: list[list[int]] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    corpus: list[str] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)

    def extend(self, other: Examples) -> None:
        self.candidates += other.candidates
        self.labels += other.labels
        self.weights += other.weights
        self.corpus += other.corpus
        self.documents.update(other.documents)

    def matrix(self, *, syntax: bool = False) -> sparse.csr_matrix:
        """The hashed feature counts, one row per candidate (``syntax``: with the
        dependency-path features, each sentence parsed once)."""
        indptr, indices = [0], []
        for feats in batch_features(self.candidates, syntax=syntax):
            indices.extend(hash_features(feats))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float64)
        shape = (len(self.candidates), DIMENSION)
        m = sparse.csr_matrix((data, np.array(indices, dtype=np.int64), indptr), shape=shape)
        m.sum_duplicates()
        return m


def _documents(root: Path, limit: int | None) -> list[Document]:
    paths = sorted(p for p in find_files([root]) if isinstance(p, Path) and p.name != "README.md")
    paths = [p for p in paths if p.suffix.lower() in {".txt", ".html", ".htm", ".md"}]
    if limit is not None and len(paths) > limit:
        step = len(paths) / limit
        paths = [paths[int(i * step)] for i in range(limit)]
    docs = []
    for p in paths:
        try:
            docs.append(read_document(p))
        except ReadError:
            continue
    return docs


_WORD = __import__("re").compile(r"[a-z0-9]+")


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


def _supports(evidence: str, candidate: Candidate) -> bool:
    """Whether a gold row's evidence excerpt is this candidate's sentence (or its lead-in)."""
    ev = _tokens(evidence)
    if not ev:
        return False
    sent = _tokens(candidate.sentence)
    here = sent | _tokens(candidate.lead_in)
    inter = len(ev & here)
    return inter >= 0.6 * len(ev) or (len(sent) >= 4 and len(ev & sent) >= 0.8 * len(sent))


def label_documents(
    documents: Sequence[Document],
    gold: Sequence[GoldFact],
    gazetteer: Gazetteer,
    *,
    labelled: frozenset[Predicate] = frozenset(PREDICATES),
    corpus: str = "",
) -> Examples:
    """Candidates of gold documents, each labelled per predicate from the gold rows."""
    by_doc: dict[str, list[GoldFact]] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    out = Examples()
    for doc in documents:
        rows = by_doc.get(doc.id, [])
        out.documents[doc.id] = doc
        cands = list(candidates(doc, gazetteer))
        labels = [[0] * len(PREDICATES) for _ in cands]
        pending: list[tuple[int, int, list[int]]] = []
        supported: set[int] = set()
        for i, c in enumerate(cands):
            for k, p in enumerate(PREDICATES):
                if p not in labelled or not allowed(p, c):
                    labels[i][k] = MASKED if p not in labelled else 0
                    continue
                obj = c.object_entity(for_brand=p is Predicate.HAS_BRAND_NAME).key
                hits = [
                    j
                    for j, g in enumerate(rows)
                    if g.predicate is p and c.subject.key in g.subjects and obj in g.objects
                ]
                if not hits:
                    continue
                backed = [j for j in hits if _supports(rows[j].evidence, c)]
                if backed:
                    labels[i][k] = 1
                    supported.update(backed)
                else:
                    pending.append((i, k, hits))
        for i, k, hits in pending:
            # the pair is gold but this sentence is not its evidence: positive only if no
            # sentence of the document is (the evidence may be a lead-in or a heading)
            labels[i][k] = MASKED if all(j in supported for j in hits) else 1
        out.candidates += cands
        out.labels += labels
        out.weights += [1.0] * len(cands)
        out.corpus += [corpus] * len(cands)
    return out


def weak_documents(
    documents: Sequence[Document], gazetteer: Gazetteer, *, weight: float = WEAK_WEIGHT
) -> Examples:
    """Candidates labelled by the rules: a pair the rules read in its sentence is a positive
    for that predicate; every other pair stays unknown (the rules miss most facts)."""
    from .engine import Extractor

    extractor = Extractor(gazetteer=gazetteer)
    out = Examples()
    for doc in documents:
        fired: set[tuple[int, str, Predicate, str]] = set()
        for a in extractor.extract(doc).assertions:
            if a.evidence.negated:
                continue
            t = a.triple
            fired.add((a.evidence.start, t.subject.key, t.predicate, t.object.key))
        for c in candidates(doc, gazetteer):
            row = [MASKED] * len(PREDICATES)
            hit = False
            for k, p in enumerate(PREDICATES):
                if not allowed(p, c):
                    continue
                obj = c.object_entity(for_brand=p is Predicate.HAS_BRAND_NAME).key
                if (c.start, c.subject.key, p, obj) in fired:
                    row[k] = 1
                    hit = True
            if hit:
                # the rules' reading excludes the other predicates for the same pair
                row = [v if v == 1 else 0 for v in row]
                out.candidates.append(c)
                out.labels.append(row)
                out.weights.append(weight)
                out.corpus.append("weak")
        out.documents[doc.id] = doc
    return out


def load_examples(
    specs: Iterable[CorpusSpec],
    gazetteer: Gazetteer,
    *,
    log: Callable[[str], None] = lambda s: None,
) -> Examples:
    """Read and label every corpus of ``specs``."""
    everything = Examples()
    for spec in specs:
        docs = _documents(spec.root, spec.limit)
        if spec.gold is None:
            part = weak_documents(docs, gazetteer)
        else:
            gold = load_gold(spec.gold, normalise=gazetteer.label)
            part = label_documents(
                docs, gold, gazetteer, labelled=spec.predicates, corpus=spec.name
            )
        part.corpus = [spec.name] * len(part.candidates)
        labels = np.array(part.labels) if part.labels else np.zeros((0, len(PREDICATES)))
        log(
            f"{spec.name}: {len(docs)} documents, {len(part.candidates)} candidates, "
            f"{int((labels == 1).sum())} positive labels"
        )
        everything.extend(part)
    return everything


def fit(
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    weights: np.ndarray,
    *,
    c: float = DEFAULT_C,
    thresholds: Sequence[float] | None = None,
    seed: int = SEED,
    balance: float = DEFAULT_BALANCE,
    syntax: str = "off",
) -> RelationModel:
    """One L2 logistic regression per predicate on its known, type-allowed examples.

    Positives of a predicate weigh ``(negatives / positives) ** balance`` more, so that the
    probabilities of rare predicates are on the scale of common ones. ``syntax`` names the
    parser whose path features are in ``matrix`` ("off": none), recorded in the model.
    """
    from sklearn.linear_model import LogisticRegression

    used = np.unique(matrix.indices)
    x = matrix[:, used].tocsr()
    coefs = np.zeros((len(used), len(PREDICATES)), dtype=np.float64)
    bias = np.full(len(PREDICATES), -10.0)
    for k in range(len(PREDICATES)):
        known = labels[:, k] != MASKED
        y = labels[known, k]
        if y.sum() == 0 or y.sum() == len(y):
            continue
        w = weights[known]
        ratio = float(w[y == 0].sum() / w[y == 1].sum())
        w = np.where(y == 1, w * max(1.0, ratio) ** balance, w)
        clf = LogisticRegression(C=c, solver="liblinear", random_state=seed, max_iter=300, tol=1e-4)
        clf.fit(x[known], y, sample_weight=w)
        coefs[:, k] = clf.coef_[0]
        bias[k] = clf.intercept_[0]
    keep = np.any(np.abs(coefs) >= 1e-3, axis=1)
    return RelationModel(
        predicates=PREDICATES,
        features=used[keep].astype(np.int64),
        weights=coefs[keep].astype(np.float16).astype(np.float32),
        bias=bias.astype(np.float32),
        thresholds=tuple(thresholds or [DEFAULT_THRESHOLDS[p] for p in PREDICATES]),
        metadata=(("C", str(c)), ("balance", str(balance)), ("seed", str(seed)))
        + ((("syntax", syntax),) if syntax != "off" else ()),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m drugkg.extract.train", description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--project", type=Path, default=Path("corpus"))
    parser.add_argument(
        "--out", type=Path, help="where to write the model [default: the shipped file]"
    )
    parser.add_argument(
        "--syntax",
        action="store_true",
        help=f"with dependency-path features (needs spaCy) [default out: {SYNTAX_MODEL_FILE}]",
    )
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse L2 strength")
    parser.add_argument(
        "--threshold", type=float, help="one threshold for every predicate [default: per predicate]"
    )
    parser.add_argument("--weak-docs", type=int, default=WEAK_DOCS)
    args = parser.parse_args(argv)
    if args.out is None:
        name = SYNTAX_MODEL_FILE if args.syntax else "relation-v1.npz"
        args.out = Path(__file__).parent / "models" / name
    started = time.perf_counter()
    gazetteer = default_gazetteer()
    specs = [
        s if s.gold is not None else CorpusSpec(s.name, s.root, None, limit=args.weak_docs)
        for s in default_corpora(args.shared, args.project)
    ]
    specs = [s for s in specs if s.gold is not None or args.weak_docs > 0]
    examples = load_examples(specs, gazetteer, log=lambda s: print(s, file=sys.stderr))
    labels = np.array(examples.labels, dtype=np.int64)
    model = fit(
        examples.matrix(syntax=args.syntax),
        labels,
        np.array(examples.weights),
        c=args.c,
        thresholds=None if args.threshold is None else [args.threshold] * len(PREDICATES),
        syntax=PARSER if args.syntax else "off",
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    elapsed = time.perf_counter() - started
    print(
        f"wrote {args.out} ({args.out.stat().st_size} bytes, {len(model.features)} features) "
        f"in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
