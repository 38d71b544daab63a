"""Rules only, rules + model, rules + syntax + model on each gold set, with CPU time per MB.

    python -m benchmarks.syntax_compare [--sets seeds sample heldout real ade-test]

The rule engine does not read the dependency parse (yet): "rules + syntax" would be the rules'
own row, so the parse is measured where it acts, through the relation model trained with
dependency-path features (``python -m drugkg.extract.train --syntax``, ``DRUGKG_SYNTAX=on``).
"model" is the relation model and the case-report reader (``extract/literature.py``, which
reads only documents in the register of case reports). The relation model was trained on
real, seeds, sample and ADE, the case-report reader on ADE: on those sets their figures are
optimistic (``python -m benchmarks.relation_cv --syntax`` and
``python -m drugkg.extract.literature_train --cv 4`` give the cross-validated ones);
``corpus/heldout`` was never trained on. Time is the CPU time of extraction alone (documents
already read, the gazetteer and the parser already loaded) per MB of text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from drugkg.evaluate import Score, evaluate, load_gold, restrict
from drugkg.extract.engine import Extractor
from drugkg.extract.lexicon import default_gazetteer
from drugkg.extract.literature import LiteratureModel
from drugkg.extract.relation import RelationModel
from drugkg.model import Assertion, Document
from drugkg.readers import ReadError, read_document

from .quality import GOLD_SETS, ROOT, GoldSet

__all__ = ["CONFIGS", "main"]

SETS = {**GOLD_SETS, "heldout": GoldSet("heldout", ROOT / "corpus" / "heldout.gold.tsv",
                                        ROOT / "corpus" / "heldout")}  # fmt: skip
CONFIGS = ("rules", "rules+model", "rules+syntax+model")


def _documents(gold_set: GoldSet) -> list[Document]:
    docs = []
    for path in sorted(p for p in gold_set.corpus.iterdir() if p.is_file()):
        if not gold_set.keep(path.stem):
            continue
        try:
            docs.append(read_document(path))
        except ReadError:
            continue
    return docs


def _score(
    gold_set: GoldSet,
    docs: list[Document],
    extractor: Extractor,
    normalise: Callable[[str], str | None],
) -> tuple[Score, float]:
    predicted: dict[str, list[Assertion]] = {}
    started = time.process_time()
    for doc in docs:
        found = extractor.extract(doc).assertions
        if gold_set.predicates is not None:
            found = [a for a in found if a.triple.predicate in gold_set.predicates]
        predicted[doc.id] = list(found)
    seconds = time.process_time() - started
    gold = restrict(load_gold(gold_set.gold, normalise=normalise), predicted, gold_set.predicates)
    return evaluate(gold, predicted), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.syntax_compare", description=__doc__
    )
    parser.add_argument(
        "--sets", nargs="*", default=["seeds", "sample", "heldout", "real", "ade-test"],
        choices=list(SETS),
    )  # fmt: skip
    parser.add_argument("--profile", default="precise", choices=["precise", "f1"])
    args = parser.parse_args(argv)
    gazetteer = default_gazetteer()

    extractors = {
        "rules": Extractor(gazetteer=gazetteer),
        "rules+model": Extractor(
            gazetteer=gazetteer,
            model=RelationModel.load().profile(args.profile),
            literature=LiteratureModel.load(),
        ),
        "rules+syntax+model": Extractor(
            gazetteer=gazetteer,
            model=RelationModel.load(syntax=True).profile(args.profile),
            literature=LiteratureModel.load(),
        ),
    }
    warm = Document.from_text("warm", "Zorbex is used to treat gloom and can cause wobbles.")
    for extractor in extractors.values():
        extractor.extract(warm)  # load the parser before timing
    lines = ["| set | MB | " + " | ".join(f"{c} P / R / s per MB" for c in CONFIGS) + " |"]
    lines.append("|---|---|" + "---|" * len(CONFIGS))
    for name in args.sets:
        gold_set = SETS[name]
        docs = _documents(gold_set)
        size = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
        cells = []
        for config in CONFIGS:
            score, seconds = _score(gold_set, docs, extractors[config], gazetteer.label)
            o = score.overall
            cells.append(f"{o.precision:.3f} / {o.recall:.3f} / {seconds / size:.1f}")
            print(f"{name} {config}: P {o.precision:.3f} R {o.recall:.3f} "
                  f"{seconds / size:.2f} s/MB", file=sys.stderr)  # fmt: skip
        lines.append(f"| {name} | {size:.2f} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
