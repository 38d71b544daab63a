"""Cross-validate the relation model by document on the real articles, beside the rules.

    python -m benchmarks.relation_cv [--folds 4] [--inner 2] [--json FILE] [--quick] [--syntax]

Every real article is in the test part of exactly one fold (4 folds of 3 articles by
default); the seeds, sample, ADE and weak (rules over the unlabeled sample) examples are
always in training. The decision threshold of each fold is chosen on that fold's training
documents only (an inner 2-fold split of the other real articles), to maximise the F1 of
rules + model. Reported per predicate: model alone, rules alone, rules ∪ model, and the
inference time per MB. With ``--syntax`` (spaCy needed), the same folds again for the model
with dependency-path features (``extract/syntax.py``), and the rules with a syntax veto (their
readings whose pair the parse separates by another drug, an aside or no path are dropped).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from drugkg.evaluate import Score, evaluate, load_gold, restrict
from drugkg.extract.engine import Extractor
from drugkg.extract.lexicon import default_gazetteer
from drugkg.extract.relation import PRECISE, RelationModel, _cues, decide
from drugkg.extract.syntax import PARSER
from drugkg.extract.train import (
    MASKED,
    PREDICATES,
    Examples,
    default_corpora,
    fit,
    load_examples,
)
from drugkg.model import Assertion, Evidence, Predicate, Triple

_THRESHOLDS = [round(t, 2) for t in np.arange(0.2, 0.96, 0.05)]
MIN_GOLD_ROWS = 10  # issue 13: every predicate with this many gold rows at the recall floor


def _model_assertions(
    ex: Examples, rows: np.ndarray, probs: np.ndarray, threshold: float | Sequence[float]
) -> dict[str, list[Assertion]]:
    out: dict[str, list[Assertion]] = defaultdict(list)
    for r, p in zip(rows, probs, strict=True):
        c = ex.candidates[r]
        for k in decide(p, threshold):
            pred = PREDICATES[k]
            negated, hedged = _cues(c, pred)
            obj = c.object_entity(for_brand=pred is Predicate.HAS_BRAND_NAME)
            ev = Evidence(c.doc_id, c.sentence, c.start, c.end, "model", negated, hedged, p[k])
            out[c.doc_id].append(Assertion(Triple(c.subject, pred, obj), ev))
    return out


# what a rule's reading must not cross, in the parse, for the syntax veto experiment
VETOES = {
    "another drug on the path": frozenset({"y:agent_on_path"}),
    "no path (the parser splits the sentence)": frozenset({"y:nopath"}),
    "apposition, relative clause or brackets": frozenset({"y:appos", "y:relcl", "y:bracket"}),
}


def _veto(
    ex: Examples, rules: dict[str, list[Assertion]], cues: frozenset[str]
) -> dict[str, list[Assertion]]:
    """The rules' facts without those whose every candidate pair in the sentence has one of
    the syntax ``cues`` (interactions exempt: "X with Y and Z" crosses drugs by nature)."""
    from drugkg.extract.syntax import pair_features

    real = [c for c in ex.candidates if c.doc_id in rules and c.subject_span is not None]
    paths: dict[tuple[str, int, str, str], list[bool]] = defaultdict(list)
    for c, feats in zip(real, pair_features(real), strict=True):
        hit = bool(cues & set(feats))
        for obj in {c.object.key, c.brand.key if c.brand else c.object.key}:
            paths[(c.doc_id, c.start, c.subject.key, obj)].append(hit)
    out: dict[str, list[Assertion]] = {}
    for doc, items in rules.items():
        kept = []
        for a in items:
            t = a.triple
            hits = paths.get((doc, a.evidence.start, t.subject.key, t.object.key), [])
            crossed = t.predicate is not Predicate.INTERACTS_WITH and hits and all(hits)
            if not crossed:
                kept.append(a)
        out[doc] = kept
    return out


def _union(*parts: dict[str, list[Assertion]]) -> dict[str, list[Assertion]]:
    out: dict[str, list[Assertion]] = defaultdict(list)
    for part in parts:
        for doc, items in part.items():
            out[doc].extend(items)
    return out


def _ceiling(ex: Examples, gold: list) -> dict[str, float]:
    """The share of gold rows whose (subject, object) pair is among the candidates."""
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for c in ex.candidates:
        pairs[c.doc_id].add((c.subject.key, c.object.key))
        if c.brand is not None:
            pairs[c.doc_id].add((c.subject.key, c.brand.key))
    hit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g in gold:
        found = any(s in g.subjects and o in g.objects for s, o in pairs[g.doc])
        for name in (g.predicate.value, "overall"):
            hit[name][0] += found
            hit[name][1] += 1
    return {name: round(a / b, 3) for name, (a, b) in sorted(hit.items())}


def _choose(
    ex: Examples,
    rows: np.ndarray,
    probs: np.ndarray,
    gold: list,
    rules: dict[str, list[Assertion]],
) -> list[float]:
    """Per predicate, the threshold that maximises the F1 of rules + model on these rows
    (ties go to the higher threshold; 1.01 turns the model off for the predicate)."""
    best = []
    for k, p in enumerate(PREDICATES):
        golds = [g for g in gold if g.predicate is p]
        own = {d: [a for a in items if a.triple.predicate is p] for d, items in rules.items()}
        scored = []
        for t in [*_THRESHOLDS, 1.01]:
            cut = [1.01] * len(PREDICATES)
            cut[k] = t
            union = _union(own, _model_assertions(ex, rows, probs, cut))
            scored.append((evaluate(golds, union).overall.f1, t))
        top = max(f for f, _ in scored)
        best.append(max(t for f, t in scored if f >= top - 1e-9))
    return best


def _f1(score: Score) -> float:
    return score.overall.f1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--project", type=Path, default=Path("corpus"))
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--inner", type=int, default=2, help="inner folds to pick the threshold")
    parser.add_argument("--c", type=float, default=None)
    parser.add_argument("--weak-docs", type=int, default=None)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--profile",
        choices=["cv", "precise", "f1"],
        default="cv",
        help="thresholds: chosen per fold on its training articles (cv), or fixed: the "
        "shipped profile's (precise: the model adds interactions and mechanisms only; f1)",
    )
    parser.add_argument(
        "--syntax",
        action="store_true",
        help="also cross-validate the model with dependency-path features (needs spaCy)",
    )
    parser.add_argument("--min-precision", type=float, default=0.0, help="fail below (rules+model)")
    parser.add_argument("--min-recall", type=float, default=0.0, help="fail below (rules+model)")
    parser.add_argument(
        "--min-predicate-recall",
        type=float,
        default=0.0,
        help=f"fail if a predicate of {MIN_GOLD_ROWS} or more gold rows is below (rules+model)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="no inner split: print P/R of the out-of-fold scores at every threshold (tuning)",
    )
    args = parser.parse_args(argv)
    from drugkg.extract import train

    c_value = args.c if args.c is not None else train.DEFAULT_C
    gaz = default_gazetteer()
    specs = default_corpora(args.shared, args.project)
    if args.weak_docs is not None:
        specs = [s for s in specs if s.gold is not None] + (
            [
                train.CorpusSpec(s.name, s.root, None, limit=args.weak_docs)
                for s in specs
                if s.gold is None
            ]
            if args.weak_docs
            else []
        )
    log = lambda s: print(s, file=sys.stderr)  # noqa: E731
    ex = load_examples(specs, gaz, log=log)
    x = ex.matrix()
    y = np.array(ex.labels, dtype=np.int64)
    w = np.array(ex.weights)
    real_docs = sorted(d for d in ex.documents if d.startswith(("wiki_", "ema_")))
    doc_of = np.array([c.doc_id for c in ex.candidates])
    gold = load_gold(args.shared / "real.gold.tsv", normalise=gaz.label)

    # the rules, once per real document
    extractor = Extractor(gazetteer=gaz)
    rules: dict[str, list[Assertion]] = {}
    t_rules = time.process_time()
    for d in real_docs:
        rules[d] = list(extractor.extract(ex.documents[d]).assertions)
    rules_seconds = time.process_time() - t_rules

    folds = [real_docs[i :: args.folds] for i in range(args.folds)]

    def cross_validate(
        x: sparse.csr_matrix, syntax: str
    ) -> tuple[np.ndarray, list[list[float]], float]:
        oof = np.zeros(y.shape, dtype=np.float32)
        chosen: list[list[float]] = []
        t0 = time.perf_counter()
        for k, test in enumerate(folds):
            train_docs = [d for d in real_docs if d not in test]
            fixed = args.quick or args.profile != "cv"
            inner = [] if fixed else [train_docs[i :: args.inner] for i in range(args.inner)]
            # threshold on the training documents only: an inner split of them
            inner_probs: dict[int, np.ndarray] = {}
            for part in inner:
                held = np.isin(doc_of, part) | np.isin(doc_of, test)
                m = fit(x[~held], y[~held], w[~held], c=c_value, syntax=syntax)
                rows = np.flatnonzero(np.isin(doc_of, part))
                for r, p in zip(rows, m.scores([ex.candidates[i] for i in rows]), strict=True):
                    inner_probs[int(r)] = p
            rows = np.array(sorted(inner_probs))
            probs = np.array([inner_probs[r] for r in rows])
            inner_gold = restrict(gold, train_docs)
            inner_rules = {d: rules[d] for d in train_docs}
            if args.profile == "precise":
                best = [train.DEFAULT_THRESHOLDS[p] if p in PRECISE else 1.01 for p in PREDICATES]
            elif fixed:
                best = [train.DEFAULT_THRESHOLDS[p] for p in PREDICATES]
            else:
                best = _choose(ex, rows, probs, inner_gold, inner_rules)
            best = [float(t) for t in best]
            chosen.append(best)
            held = np.isin(doc_of, test)
            m = fit(x[~held], y[~held], w[~held], c=c_value, thresholds=best, syntax=syntax)
            rows = np.flatnonzero(held)
            oof[rows] = m.scores([ex.candidates[i] for i in rows])
            log(f"fold {k + 1}/{len(folds)} (syntax {syntax}): {', '.join(test)}, {best}")
        return oof, chosen, time.perf_counter() - t0

    oof, chosen, cv_seconds = cross_validate(x, "off")
    syn: tuple[np.ndarray, list[list[float]], float] | None = None
    if args.syntax:
        t0 = time.perf_counter()
        x_syntax = ex.matrix(syntax=True)
        log(f"parsed and featurised every candidate in {time.perf_counter() - t0:.1f} s")
        syn = cross_validate(x_syntax, PARSER)

    def predictions(oof: np.ndarray, chosen: list[list[float]]) -> dict[str, list[Assertion]]:
        """Out-of-fold predictions, each document at its own fold's threshold."""
        threshold_of = {d: t for f, t in zip(folds, chosen, strict=True) for d in f}
        out: dict[str, list[Assertion]] = defaultdict(list)
        for d in real_docs:
            rows = np.flatnonzero(doc_of == d)
            out.update(_model_assertions(ex, rows, oof[rows], threshold_of[d]))
        return out

    medians = {p.value: float(np.median([c[k] for c in chosen])) for k, p in enumerate(PREDICATES)}
    model_pred = predictions(oof, chosen)
    real_gold = restrict(gold, real_docs)
    ceiling = _ceiling(ex, real_gold)
    if args.quick:
        all_rows = np.flatnonzero(np.isin(doc_of, real_docs))
        for t in _THRESHOLDS:
            mp = _model_assertions(ex, all_rows, oof[all_rows], t)
            a, b = evaluate(real_gold, mp).overall, evaluate(real_gold, _union(rules, mp)).overall
            print(
                f"t={t}: model P {a.precision:.3f} R {a.recall:.3f} F1 {a.f1:.3f} | "
                f"union P {b.precision:.3f} R {b.recall:.3f} F1 {b.f1:.3f}"
            )
    results = {
        "model": evaluate(real_gold, model_pred),
        "rules": evaluate(real_gold, rules),
        "rules+model": evaluate(real_gold, _union(rules, model_pred)),
    }
    if syn is not None:
        syntax_pred = predictions(syn[0], syn[1])
        results["model+syntax"] = evaluate(real_gold, syntax_pred)
        results["rules+model+syntax"] = evaluate(real_gold, _union(rules, syntax_pred))
        for name, cues in VETOES.items():  # the parse as a veto on the rules' readings
            results[f"rules, syntax veto: {name}"] = evaluate(real_gold, _veto(ex, rules, cues))

    # inference time per MB (CPU): the shipped models over the real articles
    size = sum(len(ex.documents[d].text.encode("utf-8")) for d in real_docs)
    seconds_per_mb = {"rules": round(rules_seconds / (size / 1e6), 3)}
    for name, use_syntax in (("model", False), ("model+syntax", True)):
        if use_syntax and not args.syntax:
            continue
        shipped = RelationModel.load(syntax=use_syntax)
        if use_syntax:
            shipped.assertions(ex.documents[real_docs[0]], gaz)  # load the parser first
        t1 = time.process_time()
        for d in real_docs:
            shipped.assertions(ex.documents[d], gaz, rules[d])
        seconds_per_mb[name] = round((time.process_time() - t1) / (size / 1e6), 3)
    infer = seconds_per_mb["model"]
    report = {
        "folds": len(folds),
        "candidate_ceiling": ceiling,
        "thresholds": [[float(t) for t in c] for c in chosen],
        "threshold_medians": medians,
        "cv_seconds": round(cv_seconds, 1),
        "inference_seconds_per_mb": infer,
        "cpu_seconds_per_mb": seconds_per_mb,
        "labels": {
            "positives": int((y == 1).sum()),
            "negatives": int((y == 0).sum()),
            "masked": int((y == MASKED).sum()),
        },
        "tables": {name: s.table() for name, s in results.items()},
    }
    for name, s in results.items():
        print(f"\n## {name}")
        print("| predicate | gold | tp | fp | fn | P | R | F1 |\n|---|---|---|---|---|---|---|---|")
        for row in s.table():
            print(
                f"| {row['predicate']} | {row['gold']} | {row['tp']} | {row['fp']} | {row['fn']} "
                f"| {row['precision']} | {row['recall']} | {row['f1']} |"
            )
    print("\ncandidate ceiling (gold rows whose pair is a candidate):")
    for name, value in ceiling.items():
        print(f"  {name}: {value}")
    print("\nthresholds per predicate (median over folds, each chosen on training folds):")
    for name, value in medians.items():
        print(f"  {name}: {value}")
    print(f"inference: {report['inference_seconds_per_mb']} s per MB (model on candidates)")
    print(f"CPU seconds per MB: {seconds_per_mb}")
    print("\n| | P | R | F1 |\n|---|---|---|---|")
    for name, sc in results.items():
        o = sc.overall
        print(f"| {name} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    failures = results["rules+model"].shortfalls(
        min_precision=args.min_precision,
        min_recall=args.min_recall,
        min_predicate_recall=args.min_predicate_recall,
        min_rows=MIN_GOLD_ROWS,
    )
    if failures:
        print("FAILED: rules+model " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
