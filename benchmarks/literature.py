"""What the case-report reader costs: ``python -m benchmarks literature``.

Reads the same documents with the rules alone and with the rules and the case-report reader
(:mod:`drugkg.extract.literature`), alternating the two, and prints the CPU throughput of
each and their ratio, measured in one run:

- on case reports (``../shared/corpus/ade``), where the reader reads every sentence;
- on consumer articles (``../shared/corpus/unlabeled``), where it only tests the register
  and reads nothing (a ratio near 1.0).

CPU time of the calling process (``time.process_time``), best of ``rounds``, so other load
on the machine counts as little as possible; documents are read and the models loaded
before timing.
"""

from __future__ import annotations

import time
from pathlib import Path

from drugkg.extract.engine import Extractor
from drugkg.extract.lexicon import default_gazetteer
from drugkg.extract.literature import LiteratureModel
from drugkg.extract.rules import load_rules
from drugkg.model import Document
from drugkg.readers import ReadError, read_document

__all__ = ["literature_cost", "report"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _documents(root: Path, limit: int) -> list[Document]:
    docs = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".txt", ".html"}):
        try:
            docs.append(read_document(path))
        except ReadError:
            continue
        if len(docs) >= limit:
            break
    return docs


def _cpu(extractor: Extractor, docs: list[Document]) -> float:
    start = time.process_time()
    for doc in docs:
        extractor.extract(doc)
    return time.process_time() - start


def literature_cost(
    corpora: dict[str, Path] | None = None, *, limit: int = 600, rounds: int = 2
) -> list[dict[str, float | str | int]]:
    """Per corpus: MB, MB/s of the rules, MB/s of rules + reader, and their ratio."""
    corpora = corpora or {
        "case reports (ADE)": SHARED / "ade" / "docs",
        "consumer articles (unlabeled)": SHARED / "unlabeled",
    }
    gazetteer, rules = default_gazetteer(), load_rules()
    readers = {
        "rules": Extractor(rules, gazetteer),
        "reader": Extractor(rules, gazetteer, literature=LiteratureModel.load()),
    }
    out: list[dict[str, float | str | int]] = []
    for name, root in corpora.items():
        docs = _documents(root, limit)
        mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
        for extractor in readers.values():  # warm: caches, the CRF tagger of this thread
            extractor.extract(docs[0])
        best = {k: min(_cpu(e, docs) for _ in range(rounds)) for k, e in readers.items()}
        out.append(
            {
                "corpus": name,
                "documents": len(docs),
                "MB": round(mb, 2),
                "rules MB/s": round(mb / best["rules"], 3),
                "rules + reader MB/s": round(mb / best["reader"], 3),
                "ratio": round(best["rules"] / best["reader"], 2),
            }
        )
    return out


def report(rows: list[dict[str, float | str | int]]) -> str:
    lines = [
        "| corpus | documents | MB | rules MB/s | rules + reader MB/s | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['documents']} | {r['MB']} | {r['rules MB/s']} "
            f"| {r['rules + reader MB/s']} | {r['ratio']} |"
        )
    return "\n".join(lines)
