"""Extraction quality on every gold set, per predicate and per half.

``python -m benchmarks.quality`` prints one table per set.

The real articles are split by document into a development half (whose errors are read
while writing rules) and a test half (measured now and then, never read); the ADE case
reports are split by the last digit of their PubMed id (0-6 development, 7-9 test). The
split is fixed here so that every figure in the README can be reproduced::

    python -m benchmarks.quality                 # all sets, markdown tables on stdout
    python -m benchmarks.quality --sets real-dev real-test
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from drugkg.evaluate import Score, evaluate, load_gold, restrict
from drugkg.extract.lexicon import default_gazetteer
from drugkg.model import Assertion, Predicate
from drugkg.pipeline import extract_paths
from drugkg.readers import ReadError

__all__ = ["GOLD_SETS", "REAL_DEV", "REAL_TEST", "GoldSet", "score_set"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"

# ten articles of ../shared/corpus/unlabeled annotated blind (benchmarks/gold/README.md)
UNLABELED10_DEV = (
    "wikipedia/buspirone.txt", "wikipedia/cyclizine.txt", "wikipedia/tizanidine.txt",
    "wikipedia/trihexyphenidyl.txt", "ema/integrilin.txt",
)  # fmt: skip
UNLABELED10_TEST = (
    "wikipedia/doxylamine.txt", "wikipedia/metaxalone.txt", "wikipedia/naproxen.txt",
    "wikipedia/viloxazine.txt", "ema/nuceiva.txt",
)  # fmt: skip
UNLABELED10 = ROOT / "benchmarks" / "gold" / "unlabeled10.gold.tsv"
# the fifth blind set (twelve more articles, benchmarks/gold/README.md)
UNLABELED12_DEV = (
    "wikipedia/bromantane.txt", "wikipedia/zopiclone.txt", "wikipedia/baclofen.txt",
    "wikipedia/escitalopram.txt", "ema/foscan.txt", "ema/besponsa.txt",
)  # fmt: skip
UNLABELED12_TEST = (
    "wikipedia/tadalafil.txt", "wikipedia/alpha-ethyltryptamine.txt",
    "wikipedia/promethazine.txt", "wikipedia/diphenhydramine.txt", "ema/afstyla.txt",
    "ema/beovu.txt",
)  # fmt: skip
UNLABELED12 = ROOT / "benchmarks" / "gold" / "unlabeled12.gold.tsv"

# the development half of ../shared/corpus/real: 4 encyclopedia articles, 2 leaflets
REAL_DEV = frozenset(
    {"wiki_fluoxetine", "wiki_methadone", "wiki_propranolol", "wiki_trazodone",
     "ema_abilify-aripiprazole", "ema_champix-varenicline"}
)  # fmt: skip
REAL_TEST = frozenset(
    {"wiki_bupropion", "wiki_hydroxyzine", "wiki_quetiapine", "wiki_tramadol",
     "ema_azilect-rasagiline", "ema_clopidogrel-teva-clopidogrel"}
)  # fmt: skip


def _ade_dev(doc: str) -> bool:
    return doc[-1:] in "0123456"


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold: Path
    corpus: Path
    keep: Callable[[str], bool] = lambda doc: True
    predicates: tuple[Predicate, ...] | None = None
    files: tuple[str, ...] = ()  # the documents, under ``corpus``, where it holds others


GOLD_SETS = {
    s.name: s
    for s in [
        GoldSet("seeds", SHARED / "seeds.gold.tsv", SHARED / "seeds"),
        GoldSet("sample", ROOT / "corpus" / "sample.gold.tsv", ROOT / "corpus" / "sample"),
        GoldSet("real", SHARED / "real.gold.tsv", SHARED / "real"),
        GoldSet("real-dev", SHARED / "real.gold.tsv", SHARED / "real", REAL_DEV.__contains__),
        GoldSet("real-test", SHARED / "real.gold.tsv", SHARED / "real", REAL_TEST.__contains__),
        GoldSet(
            "unlabeled10-dev", UNLABELED10, SHARED / "unlabeled", files=UNLABELED10_DEV
        ),
        GoldSet(
            "unlabeled10-test", UNLABELED10, SHARED / "unlabeled", files=UNLABELED10_TEST
        ),
        GoldSet(
            "unlabeled12-dev", UNLABELED12, SHARED / "unlabeled", files=UNLABELED12_DEV
        ),
        GoldSet(
            "unlabeled12-test", UNLABELED12, SHARED / "unlabeled", files=UNLABELED12_TEST
        ),
        GoldSet(
            "ade-dev", SHARED / "ade.gold.tsv", SHARED / "ade" / "docs", _ade_dev,
            (Predicate.HAS_SIDE_EFFECT,),
        ),
        GoldSet(
            "ade-test", SHARED / "ade.gold.tsv", SHARED / "ade" / "docs",
            lambda doc: not _ade_dev(doc), (Predicate.HAS_SIDE_EFFECT,),
        ),
    ]
}  # fmt: skip


def _files(gold_set: GoldSet) -> list[Path]:
    if gold_set.files:
        return [gold_set.corpus / name for name in gold_set.files]
    corpus, keep = gold_set.corpus, gold_set.keep
    return sorted(p for p in corpus.iterdir() if p.is_file() and keep(p.stem))


def score_set(gold_set: GoldSet) -> tuple[Score, float, int]:
    """Score one set: the score, the seconds extraction took and the bytes it read."""
    gazetteer = default_gazetteer()

    files = _files(gold_set)
    started = time.perf_counter()
    predicted: dict[str, list[Assertion]] = {}
    for result in extract_paths(files):
        if isinstance(result, ReadError):
            continue
        document, extraction = result
        assertions: Iterable[Assertion] = extraction.assertions  # type: ignore[attr-defined]
        if gold_set.predicates is not None:
            assertions = [a for a in assertions if a.triple.predicate in gold_set.predicates]
        predicted[document.id] = list(assertions)
    seconds = time.perf_counter() - started
    gold = restrict(
        load_gold(gold_set.gold, normalise=gazetteer.label), predicted, gold_set.predicates
    )
    return evaluate(gold, predicted), seconds, sum(f.stat().st_size for f in files)


def markdown(name: str, score: Score) -> str:
    """One set's table: a row per predicate with gold rows, then the overall row."""
    lines = [
        f"**{name}**",
        "",
        "| predicate | gold | predicted | tp | fp | fn | P | R | F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in score.table():
        lines.append(
            f"| {row['predicate']} | {row['gold']} | {row['predicted']} | {row['tp']} | "
            f"{row['fp']} | {row['fn']} | {row['precision']:.3f} | {row['recall']:.3f} | "
            f"{row['f1']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__)
    parser.add_argument("--sets", nargs="*", default=list(GOLD_SETS), choices=list(GOLD_SETS))
    args = parser.parse_args(argv)
    summary = ["| set | P | R | F1 | MB/s (incl. start-up) |", "|---|---|---|---|---|"]
    for name in args.sets:
        score, seconds, size = score_set(GOLD_SETS[name])
        print(markdown(name, score), end="\n\n")
        o = score.overall
        rate = size / 1e6 / seconds if seconds else 0.0
        summary.append(f"| {name} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} | {rate:.2f} |")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
