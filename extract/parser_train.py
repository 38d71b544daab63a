"""Train the shipped parser from UD English EWT: ``python -m drugkg.extract.syntax train``.

The treebank (``../shared/treebank/ud-english-ewt``, CC BY-SA 4.0) is read from CoNLL-U into
spaCy documents (syntactic words, UPOS as the tag, the basic dependency tree), and a compact
tagger + parser is trained with the configuration ``extract/models/parser-ewt.cfg`` (fixed
seed, CPU). The model directory is written to ``extract/models/parser-ewt/`` with its
accuracy on the EWT dev and test files and the configuration's SHA-256 in ``meta.json``.
Needs spaCy (``pip install 'drugkg[syntax]'``); about 20 minutes on one core.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CONFIG", "TREEBANK_COMMIT", "Word", "read_conllu", "train"]

MODELS = Path(__file__).parent / "models"
CONFIG = MODELS / "parser-ewt.cfg"
SHIPPED = MODELS / "parser-ewt"
TREEBANK_COMMIT = "15d613d8"  # UniversalDependencies/UD_English-EWT, see the treebank README


@dataclass(frozen=True, slots=True)
class Word:
    """One syntactic word of a treebank sentence (``head`` is 0-based, -1 for the root)."""

    form: str
    upos: str
    head: int
    deprel: str
    space_after: bool


def read_conllu(path: Path) -> Iterator[list[Word]]:
    """The sentences of a CoNLL-U file as syntactic words (multiword tokens split into their
    words, the space after a multiword token on its last word; empty nodes skipped).

    >>> import tempfile, pathlib
    >>> text = "# text = It's\\n1-2\\tIt's\\t_\\t_\\t_\\t_\\t_\\t_\\t_\\t_\\n" \\
    ...        "1\\tIt\\tit\\tPRON\\tPRP\\t_\\t2\\tnsubj\\t_\\t_\\n" \\
    ...        "2\\t's\\tbe\\tAUX\\tVBZ\\t_\\t0\\troot\\t_\\t_\\n\\n"
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "x.conllu"
    ...     _ = p.write_text(text)
    ...     [(w.form, w.head, w.deprel, w.space_after) for w in next(read_conllu(p))]
    [('It', 1, 'nsubj', False), ("'s", -1, 'root', True)]
    """
    words: list[Word] = []
    no_space_until = 0  # the last word of a multiword token that has SpaceAfter=No
    inside_until = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield words
                words = []
                inside_until = no_space_until = 0
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            ident = cols[0]
            if "." in ident:
                continue
            if "-" in ident:
                last = int(ident.split("-")[1])
                inside_until = last
                no_space_until = last if "SpaceAfter=No" in cols[9] else 0
                continue
            index = int(ident)
            if index < inside_until:
                space = False
            elif index == inside_until:
                space = no_space_until != index
            else:
                space = "SpaceAfter=No" not in cols[9]
            words.append(Word(cols[1], cols[3], int(cols[6]) - 1, cols[7], space))
    if words:
        yield words


def _docbin(path: Path, out: Path) -> int:
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    bin_ = DocBin(store_user_data=False)
    n = 0
    for sentence in read_conllu(path):
        heads = [w.head if w.head >= 0 else i for i, w in enumerate(sentence)]
        doc = Doc(
            vocab,
            words=[w.form for w in sentence],
            spaces=[w.space_after for w in sentence],
            tags=[w.upos for w in sentence],
            pos=[w.upos if w.upos != "_" else "X" for w in sentence],
            heads=heads,
            deps=["ROOT" if w.head < 0 else w.deprel for w in sentence],
            sent_starts=[i == 0 for i in range(len(sentence))],
        )
        bin_.add(doc)
        n += 1
    bin_.to_disk(out)
    return n


def config_digest() -> str:
    """The SHA-256 of the training configuration, as recorded in the shipped model."""
    return hashlib.sha256(CONFIG.read_bytes()).hexdigest()


def _scores(model: Path, data: Path) -> dict[str, float]:
    from spacy.cli.evaluate import evaluate

    raw: dict[str, Any] = evaluate(str(model), data, silent=True)
    return {k: round(float(raw[k]), 4) for k in ("dep_uas", "dep_las", "tag_acc")}


def train(
    treebank: Path,
    out: Path = SHIPPED,
    *,
    work: Path | None = None,
    overrides: dict[str, Any] | None = None,
    log: Any = print,
) -> dict[str, Any]:
    """Convert the treebank, train with :data:`CONFIG`, score on dev and test, write ``out``.

    ``work``: where the converted treebank and spaCy's checkpoints stay (a temporary folder
    if None); ``overrides``: spaCy config overrides (a smoke run, never the shipped model).
    """
    import spacy
    from spacy.cli.train import train as spacy_train

    started = time.perf_counter()
    files = {part: treebank / f"en_ewt-ud-{part}.conllu" for part in ("train", "dev", "test")}
    config = spacy.util.load_config(CONFIG, interpolate=True)
    with tempfile.TemporaryDirectory(prefix="drugkg-parser-") as tmp:
        work = work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for part, path in files.items():
            log(f"{part}: {_docbin(path, work / f'{part}.spacy')} sentences from {path.name}")
        paths = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        spacy_train(CONFIG, work / "model", overrides={**paths, **(overrides or {})})
        best = work / "model" / "model-best"
        seconds = round(time.perf_counter() - started, 1)
        scores = {part: _scores(best, work / f"{part}.spacy") for part in ("dev", "test")}
        nlp = spacy.load(best)
        nlp.meta["name"] = "drugkg_parser_ewt"
        nlp.meta["version"] = "1.0.0"
        nlp.meta["license"] = "CC BY-SA 4.0"
        nlp.meta["sources"] = [
            {
                "name": "Universal Dependencies English Web Treebank",
                "url": "https://github.com/UniversalDependencies/UD_English-EWT",
                "license": "CC BY-SA 4.0",
                "author": "Silveira et al. (LREC 2014) and the Universal Dependencies project",
            }
        ]
        nlp.meta["drugkg"] = {
            "treebank_commit": TREEBANK_COMMIT,
            "config_sha256": config_digest(),
            "seed": int(config["training"]["seed"]),
            "max_epochs": int(config["training"]["max_epochs"]),
            "overrides": overrides or {},
            "train_seconds": seconds,
            "scores": scores,
        }
        if out.exists():
            shutil.rmtree(out)
        nlp.to_disk(out)
    log(json.dumps(nlp.meta["drugkg"], indent=1))
    return dict(nlp.meta["drugkg"])


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m drugkg.extract.syntax train", description=__doc__
    )
    parser.add_argument("--treebank", type=Path, default=Path("../shared/treebank/ud-english-ewt"))
    parser.add_argument("--out", type=Path, default=SHIPPED)
    parser.add_argument("--work", type=Path, help="keep the converted treebank and checkpoints")
    parser.add_argument(
        "--smoke", action="store_true", help="1 epoch on 200 sentences: checks the script only"
    )
    args = parser.parse_args(argv)
    smoke = {"training.max_epochs": 1, "corpora.train.limit": 200, "corpora.dev.limit": 100}
    train(
        args.treebank,
        args.out,
        work=args.work,
        overrides=smoke if args.smoke else None,
        log=lambda s: print(s, file=sys.stderr),
    )
    return 0
