"""Concurrency: one writer at a time. A second ``build`` on a store another build is writing
gets a one-line "store in use" error and changes nothing; readers (``query``, ``export``,
``facts``, ``explain``, ``validate``, ``serve``) cannot open a store while a build writes it
and are told so in one line (Oxigraph documents a reader beside a writing process as
undefined behaviour); readers share the store with each other, and a build waits for them.

The writing build runs in a child process that pauses inside its first store write (the
same ``drugkg build``, with :meth:`GraphStore.bulk_load` wrapped to wait for a line on
stdin), so every check happens while a write is really under way.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from drugkg.kg.store import GraphStore

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
IN_USE = "store in use by another drugkg process"
Invoke = Callable[..., Any]

PAUSING = textwrap.dedent(
    """
    import sys

    from drugkg.kg.store import GraphStore

    load = GraphStore.bulk_load

    def paused(self, *args, **kwargs):
        print("writing", flush=True)
        sys.stdin.readline()  # until the test lets it go on
        return load(self, *args, **kwargs)

    GraphStore.bulk_load = paused
    from drugkg.cli import app

    app(sys.argv[1:], prog_name="drugkg")
    """
)


def quads_of(store: Path) -> set[ox.Quad]:
    with GraphStore.open(store, read_only=True) as graph:
        return set(graph.quads())


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture
def reference(cli: Invoke, corpus: Path) -> set[ox.Quad]:
    """The store an undisturbed build of the corpus gives."""
    assert cli("build", "corpus", "-j", "1", "--no-turtle", "-s", "reference").code == 0
    return quads_of(corpus.parent / "reference")


class Writer:
    """``drugkg build`` in a child process, paused inside its first store write."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        script = tmp_path / "pausing.py"
        script.write_text(PAUSING, encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(script), "build", *args],
            cwd=tmp_path,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip() == "writing", self.process.communicate(timeout=60)

    def finish(self) -> tuple[int, str, str]:
        """Let it write and finish; its exit code, stdout and stderr."""
        out, err = self.process.communicate(input="\n" * 100, timeout=300)
        return self.process.returncode, out, err


@pytest.fixture
def writing(tmp_path: Path, corpus: Path) -> Iterator[Writer]:
    writer = Writer(tmp_path, "corpus", "-j", "1", "--no-turtle", "-s", "store")
    try:
        yield writer
    finally:
        if writer.process.poll() is None:
            writer.process.kill()
            writer.process.wait()


def test_a_second_build_is_refused_while_one_writes(
    cli: Invoke, tmp_path: Path, writing: Writer, reference: set[ox.Quad]
) -> None:
    for args in (["corpus"], ["corpus", "--force", "--prune"]):
        run = cli("build", *args, "-j", "1", "--no-turtle", "-s", "store")
        assert run.code == 1
        line = run.error_line()
        assert line.startswith(f"error: {IN_USE} (pid {writing.process.pid}): ")
        assert line.endswith("store")
    code, out, err = writing.finish()
    assert code == 0, err
    assert "(added 8, updated 0, unchanged 0, removed 0, skipped 0)" in out
    assert quads_of(tmp_path / "store") == reference  # the refused builds changed nothing


READERS = {
    "query": ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    "named query": ["query", "--name", "what_treats", "--param", "condition=insomnia"],
    "export": ["export", "--format", "nt", "--output", "out.nt"],
    "facts": ["facts"],
    "explain": ["explain", "sertraline", "member_of_class", "SSRIs"],
    "validate": ["validate"],
    "viz": ["viz", "--output", "graph.html"],
}


@pytest.mark.parametrize("args", READERS.values(), ids=list(READERS))
def test_a_reader_is_told_the_store_is_in_use_while_a_build_writes(
    cli: Invoke, tmp_path: Path, writing: Writer, args: list[str]
) -> None:
    run = cli(*args, "-s", "store")
    assert run.code == 1
    assert run.error_line().startswith(f"error: {IN_USE} (pid {writing.process.pid}): ")
    assert not (tmp_path / "out.nt").exists() and not (tmp_path / "graph.html").exists()
    code, _, err = writing.finish()
    assert code == 0, err
    assert cli(*args, "-s", "store").code == 0  # and once the build is done, it reads


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(tmp_path: Path, store: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "drugkg.cli", "serve", "-s", store, "--port", str(_free_port()),
         "--workers", "1"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_serve_is_told_the_store_is_in_use_while_a_build_writes(
    tmp_path: Path, writing: Writer
) -> None:
    server = _serve(tmp_path, "store")
    try:
        _, err = server.communicate(timeout=120)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: {IN_USE}"), lines
    assert writing.finish()[0] == 0


@pytest.mark.slow
def test_a_build_waits_for_serve_and_query_reads_beside_it(
    cli: Invoke, tmp_path: Path, corpus: Path, reference: set[ox.Quad]
) -> None:
    shutil.copytree(tmp_path / "reference", tmp_path / "store")
    server = _serve(tmp_path, "store")
    try:
        assert server.stderr is not None
        for line in server.stderr:  # serving once it names its endpoint
            if "SPARQL endpoint" in line:
                break
        else:
            pytest.fail(f"serve did not start: {server.communicate(timeout=30)}")
        run = cli("build", "corpus", "-j", "1", "--no-turtle", "--force", "-s", "store")
        assert run.code == 1
        assert IN_USE in run.error_line()
        query = cli("query", "-s", "store", "ASK { ?s a dkg:Fact }")
        assert (query.code, query.stdout.strip()) == (0, "true")  # readers share
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert quads_of(tmp_path / "store") == reference
    assert cli("build", "corpus", "-j", "1", "--no-turtle", "-s", "store").code == 0


def test_two_builds_started_together_one_builds_one_is_refused(
    tmp_path: Path, corpus: Path, reference: set[ox.Quad]
) -> None:
    command = [sys.executable, "-m", "drugkg.cli", "build", "corpus", "-j", "1", "--no-turtle",
               "-s", "store"]  # fmt: skip
    start = threading.Barrier(2)
    results: list[subprocess.CompletedProcess[str]] = []

    def run() -> None:
        start.wait()
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        results.append(done)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.returncode for r in results)
    if codes == [0, 0]:  # the second started after the first was done: both fine
        pytest.skip("the two builds did not overlap")
    assert codes == [0, 1], [r.stderr for r in results]
    [refused] = [r for r in results if r.returncode == 1]
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and IN_USE in lines[0], lines
    assert quads_of(tmp_path / "store") == reference
