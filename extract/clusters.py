"""Word clusters: words that occur in like contexts share a class ("rash", "hives",
"urticaria"; "neutropenia", "thrombocytopenia", "leukopenia").

The case-report reader's span tagger reads a word's class beside the word itself, so a
finding it never saw in training is still tagged like the findings of its class (word
clusters as features of a sequence tagger, as in Turian et al. 2010, "Word
representations"). The classes are learned by this module from the unlabeled articles of
the project (``../shared/corpus/unlabeled``, no labels, none of the gold corpora): word2vec
(gensim, skip-gram, one worker thread, fixed seed and a stable hash) embeds the words that
occur three times or more, and k-means (scikit-learn, fixed seed) groups the unit vectors
into ``CLUSTERS`` classes. The result ships as ``extract/models/clusters-v1.tsv`` (word,
class), is read from the package (never downloaded) and is rebuilt by::

    python -m drugkg.extract.clusters            # about a minute, needs drugkg[train]

>>> word_clusters()["rash"] == word_clusters()["urticaria"]
True
"""

from __future__ import annotations

import argparse
import functools
import importlib.resources
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

__all__ = ["CLUSTERS", "FILE", "ClusterError", "read_clusters", "train", "word_clusters"]

FILE = "clusters-v1.tsv"  # under extract/models
CLUSTERS = 256
SEED = 13
MIN_COUNT = 3
DIMENSIONS = 100
EPOCHS = 5


class ClusterError(ValueError):
    """A cluster file that is not one ``word<TAB>class`` line per word."""


def read_clusters(text: str, source: str = FILE) -> dict[str, int]:
    """Parse a cluster file: a header line, then ``word<TAB>class`` lines, each word once,
    lower-cased, each class a number in ``[0, CLUSTERS)``.

    >>> read_clusters("word\\tcluster\\nrash\\t3\\n")
    {'rash': 3}
    >>> read_clusters("word\\tcluster\\nRash\\t3\\n", "x.tsv")
    Traceback (most recent call last):
    ...
    drugkg.extract.clusters.ClusterError: x.tsv:2: expected word<TAB>class, got 'Rash\\t3'
    """
    lines = text.splitlines()
    if not lines or lines[0] != "word\tcluster":
        raise ClusterError(f"{source}:1: expected the header 'word<TAB>cluster'")
    out: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        word, _, cluster = line.partition("\t")
        if not word or word != word.lower() or not cluster.isdigit():
            raise ClusterError(f"{source}:{number}: expected word<TAB>class, got {line!r}")
        if int(cluster) >= CLUSTERS:
            raise ClusterError(f"{source}:{number}: class {cluster} is not below {CLUSTERS}")
        if word in out:
            raise ClusterError(f"{source}:{number}: {word!r} is listed twice")
        out[word] = int(cluster)
    return out


@functools.cache
def word_clusters() -> Mapping[str, int]:
    """The shipped word classes, read once per process from the package."""
    resource = importlib.resources.files("drugkg.extract") / "models" / FILE
    return read_clusters(resource.read_text(encoding="utf-8"))


def _lines(root: Path) -> Iterator[list[str]]:
    from .literature import tokens

    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            words = [t[2].lower() for t in tokens(line)]
            if len(words) > 3:
                yield words


def _stable_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))  # Python's hash() differs between processes


def train(root: Path) -> dict[str, int]:
    """Word classes learned from the texts under ``root`` (the same classes for the same
    texts: one worker thread, fixed seeds)."""
    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    lines = list(_lines(root))
    if not lines:
        raise ClusterError(f"{root}: no text to learn word classes from")
    model = Word2Vec(
        lines,
        vector_size=DIMENSIONS,
        window=5,
        min_count=MIN_COUNT,
        sg=1,
        epochs=EPOCHS,
        workers=1,
        seed=SEED,
        hashfxn=_stable_hash,
    )
    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    k = min(CLUSTERS, len(vectors))
    labels = MiniBatchKMeans(n_clusters=k, random_state=SEED, n_init=1, batch_size=4096)
    classes = labels.fit(vectors).labels_
    return {w: int(c) for w, c in zip(model.wv.index_to_key, classes, strict=True)}


def write(clusters: Mapping[str, int], path: Path) -> None:
    lines = ["word\tcluster", *(f"{w}\t{c}" for w, c in sorted(clusters.items()))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(prog="python -m drugkg.extract.clusters")
    parser.add_argument(
        "--corpus", type=Path, default=here.parent / ".." / "shared" / "corpus" / "unlabeled"
    )
    parser.add_argument("--out", type=Path, default=here / "models" / FILE)
    args = parser.parse_args(argv)
    try:
        clusters = train(args.corpus)
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write(clusters, args.out)
    print(f"wrote {args.out}: {len(clusters)} words in {CLUSTERS} classes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
