"""Where the rules say nothing: ``python -m benchmarks.gaps``.

Lists the sentences of unlabeled articles that hold a cue of a predicate ("used to treat",
"may cause"), the entity types its facts need (a drug and a finding, say) and yet gave the
extractor no reading of that predicate. Read by family, they show the phrasings the rules
miss without looking at any gold set's test half; a family becomes a rule only where it
recurs across articles and drugs (the twentieth session's rules came from such lists).

    python -m benchmarks.gaps --predicate treats \\
        --cue '\\b(treat|treatment of|used for|indicated for)\\b' --types Condition --show 60
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from drugkg.extract.engine import Extractor
from drugkg.extract.lexicon import Gazetteer, default_gazetteer
from drugkg.extract.text import segment, sentences
from drugkg.kg.suggest import did_you_mean
from drugkg.model import Document, EntityType, Predicate

__all__ = ["gaps", "main"]

_TYPES = [t.value for t in EntityType]

MAX_SENTENCE = 400  # longer "sentences" are lists run together: not worth reading here


def gaps(
    documents: Iterable[Document],
    extractor: Extractor,
    gazetteer: Gazetteer,
    predicate: Predicate,
    cue: re.Pattern[str],
    types: Sequence[EntityType],
) -> Iterator[tuple[str, str]]:
    """(document id, sentence) for each sentence with ``cue``, a mention of every type in
    ``types``, and no reading of ``predicate``.

    >>> from drugkg.extract.rules import load_rules
    >>> gz = default_gazetteer()
    >>> doc = Document.from_text("d", "Lithium treats mania. Lithium helps in the treatment "
    ...                          "of mania and of a rash in dogs at night sometimes.")
    >>> found = gaps([doc], Extractor(load_rules(), gz), gz, Predicate.TREATS,
    ...              re.compile(r"\\btreat"), [EntityType.DRUG, EntityType.CONDITION])
    >>> [s for _, s in found]  # the first sentence is read; the second gives no use
    ['Lithium helps in the treatment of mania and of a rash in dogs at night sometimes.']
    """
    for doc in documents:
        said = {
            a.evidence.start
            for a in extractor.extract(doc).assertions
            if a.triple.predicate is predicate
        }
        for block in segment(doc.text):
            for s in sentences(block):
                if s.start in said or len(s.text) > MAX_SENTENCE or not cue.search(s.text):
                    continue
                found = {m.type for m in gazetteer.find(s.text)}
                if all(t in found for t in types):
                    yield doc.id, s.text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gaps", description=__doc__)
    parser.add_argument(
        "--corpus", type=Path, default=Path("../shared/corpus/unlabeled"), help="*/*.txt"
    )
    parser.add_argument("--predicate", required=True, choices=[p.value for p in Predicate])
    parser.add_argument("--cue", required=True, help="a regular expression (case-insensitive)")
    parser.add_argument(
        "--types",
        default="Drug,Condition",
        help="entity types the sentence must name, comma-separated (Drug, Condition, ...)",
    )
    parser.add_argument("--docs", type=int, default=500, help="articles to read (sampled)")
    parser.add_argument("--show", type=int, default=60, help="sentences to print (sampled)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    types = []
    for name in (t.strip() for t in args.types.split(",")):
        if name and name not in _TYPES:
            close = difflib.get_close_matches(name, _TYPES, n=1, cutoff=0.3)
            known = ", ".join(_TYPES)
            parser.error(f"no entity type {name!r}{did_you_mean(close)} (types: {known})")
        if name:
            types.append(EntityType(name))
    try:
        cue = re.compile(args.cue, re.IGNORECASE)
    except re.error as e:
        parser.error(f"--cue is no regular expression: {e}")
    files = sorted(args.corpus.glob("*/*.txt"))
    if not files:
        parser.error(f"no */*.txt under {args.corpus}")
    random.Random(args.seed).shuffle(files)
    gazetteer = default_gazetteer()
    documents = (Document.from_text(f.stem, f.read_text(encoding="utf-8")) for f in files)
    found = list(
        gaps(
            (d for _, d in zip(range(args.docs), documents, strict=False)),
            Extractor(gazetteer=gazetteer),
            gazetteer,
            Predicate(args.predicate),
            cue,
            types,
        )
    )
    random.Random(args.seed).shuffle(found)
    print(f"{len(found)} sentences with the cue and the types but no {args.predicate} reading")
    for doc_id, text in found[: args.show]:
        print(f"{doc_id} :: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
