"""Shared pieces of the hardening tests: a small corpus, a CLI runner, a deadline.

Large, binary and many-file inputs are generated in ``tmp_path`` at test time.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from drugkg.extract.engine import Extractor
from drugkg.extract.lexicon import default_gazetteer
from drugkg.kg.store import GraphStore

from .. import conftest as shared

# Query workers are spawned processes: a job defined in a test module (tests.hardening...)
# is found by them only if the repository's root is on the path they inherit, which plain
# 'pytest' (unlike 'python -m pytest') does not give under --import-mode=importlib.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.append(_ROOT)

#: Articles whose facts the tests check: file name -> text.
ARTICLES = {
    "propranolol.txt": (
        "Propranolol and stage fright\n\n"
        "Propranolol is used to treat high blood pressure and migraine.\n"
        "Propranolol may cause tiredness and cold hands.\n"
        "Do not take propranolol if you have asthma.\n"
    ),
    "lithium.md": (
        "# Lithium in everyday practice\n\n"
        "Lithium helps people with bipolar disorder.\n\n"
        "Lithium can cause tremor and increased thirst. Avoid ibuprofen while taking lithium.\n"
    ),
}

#: Some (subject, predicate, object) facts the articles state, as the store labels them.
FACTS = {
    ("propranolol", "treats", "migraine"),
    ("propranolol", "has_side_effect", "cold hands"),
    ("lithium", "has_side_effect", "tremor"),
}


def write_corpus(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A fresh copy of the good articles in ``tmp_path/corpus``."""
    return write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def good_facts() -> set[tuple[str, str, str]]:
    return set(FACTS)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One extractor per session; building the gazetteer once also makes every later
    ``Extractor()`` in this process (the build pipeline's, with ``-j 1``) cheap."""
    default_gazetteer()
    return Extractor()


def quads_of(store: Path) -> set[ox.Quad]:
    """Every quad of the store in directory ``store``."""
    with GraphStore.open(store, read_only=True) as graph:
        return set(graph.quads())


def facts_of(store: Path) -> set[tuple[str, str, str]]:
    """The facts of the store in directory ``store`` as (subject, predicate, object) labels."""
    with GraphStore.open(store, read_only=True) as graph:
        return {(f.subject, f.predicate, f.object) for f in graph.facts()}


@pytest.fixture(scope="session")
def quads() -> Callable[[Path], set[ox.Quad]]:
    return quads_of


@pytest.fixture(scope="session")
def facts() -> Callable[[Path], set[tuple[str, str, str]]]:
    return facts_of


# -- deadline --------------------------------------------------------------------------


class Overdue(Exception):
    """Raised in the main thread when a deadline passes."""


@contextlib.contextmanager
def _deadline(seconds: float, what: str) -> Iterator[None]:
    """Fail with ``what`` if the block takes longer than ``seconds`` (a hang guard, not a
    benchmark: CPython's regular-expression engine and file reads notice the signal)."""

    def expire(signum: int, frame: object) -> None:
        raise Overdue(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


Deadline = Callable[[float, str], contextlib.AbstractContextManager[None]]


@pytest.fixture(scope="session")
def deadline() -> Deadline:
    """``with deadline(30, "the build"): ...`` fails the test instead of hanging it."""
    return _deadline


# -- the CLI in-process ------------------------------------------------------------------


Run = shared.Run
Invoke = shared.Invoke


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, extractor: Extractor) -> Invoke:
    """``drugkg`` in-process, in ``tmp_path``: ``cli("build", "corpus", "-j", "1")``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRUGKG_STORE", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return shared.run_drugkg
