"""Interrupted builds: ``drugkg build`` killed with SIGKILL at random points leaves a store
that opens, holds each document whole or not at all, and that the next build completes to
the graph an uninterrupted build gives.

The build runs in a child process whose store writes announce themselves on stdout (the
same ``drugkg build``, with :class:`GraphStore`'s write methods wrapped to print a line
before and after each call). A run is killed a random moment after a randomly chosen
announcement, or at a random time after it started.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from drugkg.kg import _terms as T
from drugkg.kg.bulk import Built, BulkWriter
from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore, StoreError
from drugkg.pipeline import build, build_one

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
Invoke = Callable[..., Any]
Graphs = dict[ox.NamedNode | ox.DefaultGraph, frozenset[ox.Quad]]

# ``drugkg build`` with its store writes announced; ``--flush-each`` loads every document's
# named graph on its own (many more moments to be killed between or during writes).
DRIVER = textwrap.dedent(
    """
    import sys

    import drugkg.kg.bulk as bulk
    from drugkg.kg.store import GraphStore

    def announced(name):
        original = getattr(GraphStore, name)

        def write(self, *args, **kwargs):
            print("start", name, flush=True)
            result = original(self, *args, **kwargs)
            print("end", name, flush=True)
            return result

        setattr(GraphStore, name, write)

    for name in ("bulk_load", "refresh", "remove_document", "remove_documents", "replace_document"):
        announced(name)
    args = sys.argv[1:]
    if "--flush-each" in args:
        args.remove("--flush-each")
        bulk._FLUSH_BYTES = 1
    print("ready", flush=True)
    from drugkg.cli import app

    app(args, prog_name="drugkg")
    """
)


def graphs_of(store: Path) -> Graphs:
    """The store's quads, graph by graph."""
    by_graph: dict[ox.NamedNode | ox.DefaultGraph, set[ox.Quad]] = defaultdict(set)
    with GraphStore.open(store, read_only=True) as graph:
        for q in graph.quads():
            by_graph[q.graph_name].add(q)  # type: ignore[index]
    return {g: frozenset(qs) for g, qs in by_graph.items()}


def without_checksum(quads: Iterable[ox.Quad]) -> frozenset[ox.Quad]:
    return frozenset(q for q in quads if q.predicate != T.SHA256)


def assert_whole_documents(store: Path, references: list[Graphs]) -> None:
    """Each document graph in the store is one of the reference versions of it, whole (its
    checksum, written last, may be missing: the next build reads that document again); a
    document with its checksum has its facts derived; no fact is left without evidence."""
    try:
        graphs = graphs_of(store)  # read-only, as 'drugkg query' would, right after the kill
    except FileNotFoundError:
        graphs = {}  # killed before the store was created
    except StoreError:  # killed while it was created: a writer completes it
        with GraphStore.open(store):
            pass
        graphs = graphs_of(store)
    with GraphStore.open(store) as writable:  # and a writer can open it
        assert len(writable) == sum(len(quads) for quads in graphs.values())
    default = graphs.pop(ox.DefaultGraph(), frozenset())
    for name, quads in graphs.items():
        versions = [ref[name] for ref in references if name in ref]
        assert versions, f"{name}: a document graph no build writes"
        body, checksum = without_checksum(quads), quads - without_checksum(quads)
        assert any(body == without_checksum(v) for v in versions), (
            f"{name}: half-ingested ({len(body)} quads; whole versions have "
            f"{sorted(len(without_checksum(v)) for v in versions)})"
        )
        if checksum:
            assert any(checksum <= v and body == without_checksum(v) for v in versions)
            for link in quads:
                if link.predicate == T.WAS_DERIVED_FROM and link.subject.value.startswith(
                    "https://w3id.org/drugkg/resource/fact/"
                ):
                    fact = ox.Quad(link.subject, T.TYPE, T.FACT, ox.DefaultGraph())
                    assert fact in default, f"{name}: complete, but {link.subject} not derived"
    supported = {
        q.subject for quads in graphs.values() for q in quads if q.predicate == T.WAS_DERIVED_FROM
    }
    for q in default:
        if q.predicate == T.TYPE and q.object == T.FACT:
            assert q.subject in supported, f"{q.subject}: a fact without evidence"


def assert_same_store(store: Path, reference: Path) -> None:
    with (
        GraphStore.open(store, read_only=True) as a,
        GraphStore.open(reference, read_only=True) as b,
    ):
        da, db = a.to_dataset(), b.to_dataset()
        assert datasets_isomorphic(da, db), dataset_diff(db, da)
        assert set(a.quads()) == set(b.quads())


class Killed:
    """One ``drugkg build`` run in a child process, killed at a chosen moment."""

    def __init__(self, driver: Path, cwd: Path, args: list[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(driver), *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.events: list[str] = []

    def next_event(self) -> str | None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            return None
        self.events.append(line.strip())
        return self.events[-1]

    def finish(self) -> int:
        while self.next_event() is not None:
            pass
        return self.process.wait(timeout=300)

    def kill_after(self, event: tuple[str, int] | None, delay: float) -> str:
        """SIGKILL ``delay`` s after the nth announcement ``event = (text, n)`` (or after
        the start, if None); say what happened."""
        while self.next_event() != "ready":
            assert self.process.poll() is None, self.process.stderr.read()  # type: ignore[union-attr]
        if event is not None:
            text, nth = event
            seen = 0
            while seen < nth:
                got = self.next_event()
                if got is None:
                    return f"finished before {text} #{nth}"
                seen += got == text
        time.sleep(delay)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=60)
        return f"killed {delay:.3f} s after {event or 'the start'} (events: {self.events[-3:]})"


@pytest.fixture
def driver(tmp_path: Path) -> Path:
    path = tmp_path / "driver.py"
    path.write_text(DRIVER, encoding="utf-8")
    return path


def _events(driver: Path, cwd: Path, args: list[str]) -> list[str]:
    """The announcements of an uninterrupted run (what a kill can be aimed at)."""
    run = Killed(driver, cwd, args)
    assert run.finish() == 0, run.process.stderr.read()  # type: ignore[union-attr]
    return [e for e in run.events if e != "ready"]


KillPoint = tuple[tuple[str, int] | None, float]


def _kill_points(events: list[str], rng: random.Random, runs: int) -> list[KillPoint]:
    """Kill moments: right after, or a little after, a random announcement (the nth of its
    kind), or at a random time after the start."""
    points: list[KillPoint] = []
    for i in range(runs):
        if i % 3 == 2:
            points.append((None, rng.uniform(0.2, 3.0)))
        else:
            index = rng.randrange(len(events))
            nth = events[: index + 1].count(events[index])
            points.append(((events[index], nth), rng.choice([0.0, rng.uniform(0, 0.02)])))
    return points


@pytest.mark.slow
def test_a_first_build_killed_anywhere_is_completed_by_the_next(
    cli: Invoke, driver: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    args = ["build", "corpus", "-j", "1", "--no-turtle", "--flush-each"]
    events = _events(driver, tmp_path, [*args, "-s", "reference"])
    assert events.count("start bulk_load") >= 8 and "start refresh" in events, events
    reference = graphs_of(tmp_path / "reference")
    rng = random.Random(7)
    for n, (event, delay) in enumerate(_kill_points(events, rng, 6)):
        store = f"killed-{n}"
        what = Killed(driver, tmp_path, [*args, "-s", store]).kill_after(event, delay)
        if (tmp_path / store).exists():
            assert_whole_documents(tmp_path / store, [reference])
        rerun = cli("build", "corpus", "-j", "1", "--no-turtle", "-s", store)
        assert rerun.code == 0, f"{what}: {rerun.output}"
        assert_same_store(tmp_path / store, tmp_path / "reference")


@pytest.mark.slow
def test_an_incremental_build_killed_anywhere_is_completed_by_the_next(
    cli: Invoke, driver: Path, tmp_path: Path
) -> None:
    """The store holds an older corpus; the killed build adds, changes, rewrites and prunes
    documents (each change removes the old version, then loads the new one)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    files = sorted(p.name for p in corpus.iterdir())
    (corpus / files[0]).unlink()  # added by the new build
    assert cli("build", "corpus", "-j", "1", "--no-turtle", "-s", "before").code == 0
    shutil.copy(SAMPLE / files[0], corpus / files[0])
    (corpus / files[1]).unlink()  # pruned by the new build
    for name in files[2:5]:  # changed
        path = corpus / name
        path.write_text(path.read_text(encoding="utf-8") + "\n\nLithium may cause tremor.\n")
    (corpus / files[5]).write_text(  # rewritten
        "Metformin notes\n\nMetformin may cause diarrhea.\n", encoding="utf-8"
    )
    args = ["build", "corpus", "-j", "1", "--no-turtle", "--prune", "--flush-each"]
    references = [graphs_of(tmp_path / "before")]
    shutil.copytree(tmp_path / "before", tmp_path / "after")
    events = _events(driver, tmp_path, [*args, "-s", "after"])
    assert "start remove_document" in events, events
    assert "start remove_documents" in events, events  # the prune, in one batch
    references.append(graphs_of(tmp_path / "after"))
    rng = random.Random(11)
    for n, (event, delay) in enumerate(_kill_points(events, rng, 5)):
        store = tmp_path / f"killed-{n}"
        shutil.copytree(tmp_path / "before", store)
        what = Killed(driver, tmp_path, [*args, "-s", store.name]).kill_after(event, delay)
        assert_whole_documents(store, references)
        rerun = cli("build", "corpus", "-j", "1", "--no-turtle", "--prune", "-s", store.name)
        assert rerun.code == 0, f"{what}: {rerun.output}"
        # the same as the uninterrupted build from the same store (entity names may differ
        # from a fresh build's: a store keeps the names a node had while it lives)
        assert_same_store(store, tmp_path / "after")


def test_a_killed_store_answers_queries(cli: Invoke, driver: Path, tmp_path: Path) -> None:
    """Killed between loading named graphs and deriving facts: the store still answers."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    args = ["build", "corpus", "-j", "1", "--no-turtle", "-s", "store"]
    Killed(driver, tmp_path, args).kill_after(("start refresh", 1), 0.0)
    run = cli("query", "-s", "store", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert run.code == 0, run.output
    assert cli("build", "corpus", "-j", "1", "--no-turtle", "-s", "store").code == 0
    assert cli("validate", "-s", "store").code == 0


# -- a store killed while it was being created ---------------------------------------------

CREATE = "import sys, pyoxigraph; print('go', flush=True); pyoxigraph.Store(sys.argv[1])"


def _store_killed_while_created(base: Path) -> Path | None:
    """A store directory whose creation was killed half-way (RocksDB column families
    missing), found by killing ``Store(...)`` ever later; None if no kill caught it."""
    for n in range(80):
        path = base / f"created-{n}"
        (path / "oxigraph").mkdir(parents=True)
        child = subprocess.Popen(
            [sys.executable, "-c", CREATE, str(path / "oxigraph")],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(0.0002 * n)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        try:
            with GraphStore.open(path, read_only=True):
                pass
        except FileNotFoundError:
            continue  # killed before anything was written: 'no drugkg store'
        except StoreError:
            return path
    return None


@pytest.fixture
def half_created(tmp_path: Path) -> Path:
    path = _store_killed_while_created(tmp_path)
    if path is None:
        pytest.skip("no kill landed while the store was being created")
    return path


def test_a_store_killed_while_created_is_completed_by_the_next_build(
    cli: Invoke, half_created: Path, tmp_path: Path
) -> None:
    """Readers get one clear line; the next build opens it, completes it and builds."""
    run = cli("query", "-s", half_created, "ASK { ?s ?p ?o }")
    assert run.code == 1
    line = run.error_line()
    assert line.startswith(f"error: cannot read the store at {half_created} (")
    assert line.endswith("if a build was interrupted, run 'drugkg build' again to complete it")
    shutil.copytree(SAMPLE, tmp_path / "corpus")
    assert cli("build", "corpus", "-j", "1", "--no-turtle", "-s", half_created).code == 0
    assert cli("query", "-s", half_created, "ASK { ?s ?p ?o }").code == 0


def test_a_store_killed_while_created_is_one_store_error_for_a_reader(half_created: Path) -> None:
    with pytest.raises(StoreError, match=r"^cannot read the store at .*run 'drugkg build' again"):
        GraphStore.open(half_created, read_only=True)


# -- a document changed after an interrupted build ------------------------------------------

PROPRANOLOL = (
    "Propranolol notes\n\nPropranolol may cause cold hands.\n"
    "For migraine, adults usually start with 40 mg two times a day.\n"
)
DOSING = (
    "Propranolol dosing\n\n"
    "For high blood pressure, adults usually start with 80 mg two times a day of propranolol.\n"
)


def test_a_document_changed_after_an_interrupted_build_is_rebuilt(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PROPRANOLOL, encoding="utf-8")
    (corpus / "b.txt").write_text(DOSING, encoding="utf-8")
    with GraphStore.memory() as store:
        writer = BulkWriter(store)
        for path in sorted(corpus.iterdir()):
            built = build_one((str(path), path.stem))
            assert isinstance(built, Built)
            writer.add(built)
        writer.flush()  # named graphs loaded, then the process dies: nothing derived
        (corpus / "a.txt").write_text(PROPRANOLOL + "Propranolol may cause tiredness.\n")
        build([corpus], store, jobs=1)
        with GraphStore.memory() as fresh:
            build([corpus], fresh, jobs=1)
            assert set(store.quads()) == set(fresh.quads())
