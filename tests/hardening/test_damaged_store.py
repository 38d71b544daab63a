"""A damaged store (a truncated or missing RocksDB ``MANIFEST`` or ``CURRENT``) is never
silently replaced by a new empty one: readers and ``build`` say, in one line, that it is
damaged and how to recover (build into a new store), and leave its files as they are."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Invoke


def _manifest(data: Path) -> Path:
    return next(data.glob("MANIFEST-*"))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "MANIFEST emptied": lambda d: _manifest(d).write_bytes(b""),
    "MANIFEST cut short": lambda d: _manifest(d).write_bytes(_manifest(d).read_bytes()[:100]),
    "MANIFEST deleted": lambda d: _manifest(d).unlink(),
    "CURRENT deleted": lambda d: (d / "CURRENT").unlink(),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from drugkg.kg.store import GraphStore
    from drugkg.pipeline import build

    from .conftest import write_corpus

    base = tmp_path_factory.mktemp("pristine")
    with GraphStore.open(base / "store") as store:
        build([write_corpus(base / "corpus")], store, jobs=1)
    return base / "store"


def _files(store: Path) -> dict[str, bytes]:
    files = [p for p in sorted(store.rglob("*")) if p.is_file()]
    return {str(p.relative_to(store)): p.read_bytes() for p in files if "LOG" not in p.name}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=list(DAMAGE))
def test_a_damaged_store_is_named_and_never_replaced(
    cli: Invoke, corpus: Path, pristine: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    store = tmp_path / "store"
    shutil.copytree(pristine, store)
    damage(store / "oxigraph")
    before = _files(store)
    for command in (
        ["query", "-s", "store", "ASK { ?s ?p ?o }"],
        ["facts", "-s", "store"],
        ["build", "corpus", "-s", "store", "-j", "1", "--no-turtle"],
    ):
        run = cli(*command)
        assert run.code == 1, (command, run.output)
        line = run.error_line()
        assert line.startswith("error: the store at store is damaged ("), line
        assert line.endswith("build into a new store ('drugkg build ARTICLES --store NEW'), "
                             "then remove this one")  # fmt: skip
        assert "added" not in run.stdout
    assert _files(store) == before
