"""Dependency syntax of the sentences that hold a candidate pair: parse, path features.

The parser is a compact spaCy tagger + dependency parser trained by this repository from
the Universal Dependencies English Web Treebank (CC BY-SA 4.0): ``python -m
drugkg.extract.syntax train`` (see :mod:`drugkg.extract.parser_train`). It ships in
``extract/models/parser-ewt/`` and is read from the package, never downloaded. It is used
only when ``DRUGKG_SYNTAX=on`` (and spaCy is installed: ``pip install 'drugkg[syntax]'``):
the relation model trained with syntax then reads, for each candidate pair, the shortest
dependency path between the subject and the object (its labels when short, its length, the
word at its top, a mention standing as its type, the roles of both ends) and whether an
apposition, a relative clause, a coordination, another drug or brackets come between them.
A pair whose subject is the implicit focus drug reads the object's path to the root.

    >>> tree = Parse(words=("x", "treats", "y"), tags=("NOUN", "VERB", "NOUN"),
    ...              starts=(0, 2, 9), ends=(1, 8, 10), heads=(1, 1, 1),
    ...              deps=("nsubj", "ROOT", "obj"))
    >>> sorted(f for f in path_features(tree, (0, 1), (9, 10), ()) if f.startswith("y:p"))
    ['y:path=nsubj^obj']
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .candidates import Candidate

__all__ = ["PARSER", "Parse", "enabled", "pair_features", "parse", "parser", "path_features"]

PARSER = "parser-ewt"  # the model directory under extract/models
_ENV = "DRUGKG_SYNTAX"
_ON, _OFF = frozenset({"on", "1", "true", "yes"}), frozenset({"off", "0", "false", "no", ""})
_BRACKETS = {"(": ")", "[": "]"}
_FLAGS = {"appos": "appos", "acl:relcl": "relcl", "conj": "conj", "parataxis": "para"}


def enabled() -> bool:
    """Whether ``$DRUGKG_SYNTAX`` asks for the parse (``on``; ``off`` is the default).

    >>> os.environ["DRUGKG_SYNTAX"] = "on"; enabled()
    True
    >>> del os.environ["DRUGKG_SYNTAX"]; enabled()
    False
    """
    value = os.environ.get(_ENV, "off").strip().lower()
    if value not in _ON | _OFF:
        raise ValueError(f"{_ENV}={value!r}: choose on or off")
    return value in _ON


@functools.cache
def parser() -> Any:
    """The shipped spaCy pipeline, loaded once per process from the package (no network)."""
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise RuntimeError(f"{_ENV}=on needs spaCy: pip install 'drugkg[syntax]'") from error
    resource = importlib.resources.files("drugkg.extract") / "models" / PARSER
    with importlib.resources.as_file(resource) as path:
        return spacy.load(path)


@dataclass(frozen=True, slots=True)
class Parse:
    """A sentence's dependency tree as plain values: per token its folded word, UPOS tag,
    character offsets in the sentence, head index (itself for a root) and label."""

    words: tuple[str, ...]
    tags: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    heads: tuple[int, ...]
    deps: tuple[str, ...]

    def head_of(self, lo: int, hi: int) -> int | None:
        """The token that heads the characters ``lo:hi`` (the first one whose head is
        outside them), or None if no token overlaps them."""
        inside = [i for i in range(len(self.words)) if self.starts[i] < hi and self.ends[i] > lo]
        for i in inside:
            if self.heads[i] == i or self.heads[i] not in inside:
                return i
        return inside[0] if inside else None

    def ancestors(self, i: int) -> list[int]:
        """``i`` and its heads up to the root."""
        chain = [i]
        while self.heads[chain[-1]] != chain[-1] and len(chain) <= len(self.words):
            chain.append(self.heads[chain[-1]])
        return chain


def parse(sentences: Sequence[str]) -> list[Parse]:
    """Parse sentences with the shipped parser (in one batch)."""
    out = []
    for doc in parser().pipe(sentences, batch_size=64):
        out.append(
            Parse(
                words=tuple(t.lower_ for t in doc),
                tags=tuple(t.tag_ for t in doc),
                starts=tuple(t.idx for t in doc),
                ends=tuple(t.idx + len(t.text) for t in doc),
                heads=tuple(t.head.i for t in doc),
                deps=tuple(t.dep_ for t in doc),
            )
        )
    return out


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7+"


def _word(tree: Parse, i: int, spans: Sequence[tuple[int, int, str]]) -> str:
    """A token as a feature: the type of the mention it belongs to, else its word."""
    for lo, hi, label in spans:
        if tree.starts[i] < hi and tree.ends[i] > lo:
            return label
    return tree.words[i]


def _bracketed(tree: Parse, i: int) -> bool:
    """Whether token ``i`` sits inside brackets of the sentence."""
    depth = 0
    for j in range(i):
        w = tree.words[j]
        depth += 1 if w in _BRACKETS else -1 if w in _BRACKETS.values() and depth else 0
    return depth > 0


def path_features(
    tree: Parse,
    subject: tuple[int, int] | None,
    obj: tuple[int, int],
    others: Sequence[tuple[int, int, str]],
) -> list[str]:
    """Features of the dependency path between a subject and an object (character spans in
    the sentence); ``subject=None`` for the implicit focus drug: the object's path to the
    root. ``others``: the sentence's other mentions as (start, end, type label), which stand
    for their words. Every feature starts with ``y:``; names never become features."""
    o = tree.head_of(*obj)
    if o is None:
        return ["y:none"]
    spans = [*others, (obj[0], obj[1], "<OBJ>")]
    if subject is not None:
        spans.append((subject[0], subject[1], "<SUBJ>"))
    up_o = tree.ancestors(o)
    head = tree.heads[o]
    feats = [f"y:odep={tree.deps[o]}", f"y:ohead={_word(tree, head, spans)}_{tree.deps[o]}"]
    if subject is None:
        root = up_o[-1]
        labels = [tree.deps[i] for i in up_o[:-1]]
        feats.append(f"y:root={_word(tree, root, spans)}")
        if len(labels) <= 3:
            feats.append(f"y:rpath={'^'.join(labels)}")
        return feats
    s = tree.head_of(*subject)
    if s is None:
        return [*feats, "y:nosubj"]
    if s == o:
        return [*feats, "y:same"]
    up_s = tree.ancestors(s)
    common = set(up_s) & set(up_o)
    if not common:
        return [*feats, "y:nopath"]
    lca = next(i for i in up_s if i in common)
    rise = up_s[: up_s.index(lca)]
    fall = up_o[: up_o.index(lca)]
    labels = [tree.deps[i] for i in rise] + [tree.deps[i] for i in fall]
    inner = [i for i in [*rise[1:], lca, *fall[1:]] if i not in (s, o)]
    words = [_word(tree, i, spans) for i in inner]
    feats += [f"y:sdep={tree.deps[s]}", f"y:len={_bucket(len(labels))}"]
    feats.append(f"y:lca={_word(tree, lca, spans)}")
    if len(labels) <= 4:
        down = ".".join(tree.deps[i] for i in reversed(fall))
        feats.append(f"y:path={'.'.join(tree.deps[i] for i in rise)}^{down}")
    feats += sorted({f"y:{_FLAGS[d]}" for d in labels if d in _FLAGS})
    if any(w in ("<Drug>", "<DrugClass>", "<BrandName>") for w in words):
        feats.append("y:agent_on_path")
    if _bracketed(tree, s) != _bracketed(tree, o):
        feats.append("y:bracket")
    return feats


def _local(
    candidate: Candidate,
) -> tuple[tuple[int, int] | None, tuple[int, int], list[tuple[int, int, str]]]:
    base = candidate.start
    sub = candidate.subject_span
    subject = None if sub is None else (sub.start - base, sub.end - base)
    obj = (candidate.object_span.start - base, candidate.object_span.end - base)
    others = [(lo - base, hi - base, f"<{t.value}>") for lo, hi, t in candidate.others]
    return subject, obj, others


def pair_features(batch: Sequence[Candidate]) -> Iterator[list[str]]:
    """:func:`path_features` of many candidates, parsing each sentence once."""
    keys = [(c.doc_id, c.start) for c in batch]
    unique: dict[tuple[str, int], str] = {}
    for key, cand in zip(keys, batch, strict=True):
        unique.setdefault(key, cand.sentence)
    trees = dict(zip(unique, parse(list(unique.values())), strict=True))
    for key, cand in zip(keys, batch, strict=True):
        yield path_features(trees[key], *_local(cand))


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["train"]:
        from .parser_train import main

        raise SystemExit(main(sys.argv[2:]))
    print("usage: python -m drugkg.extract.syntax train [--treebank DIR] [--out DIR]")
    raise SystemExit(2)
