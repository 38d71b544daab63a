"""What grows with the input is bounded: facts per list and per document, under a memory
ceiling, with one line saying what was left unread."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from drugkg.commands.viz import NEAR_LIMIT
from drugkg.extract import engine
from drugkg.extract.engine import MAX_LIST_FACTS, Extractor
from drugkg.kg.endpoint import GRAPH_PAGE_LIMIT
from drugkg.kg.store import GraphStore
from drugkg.model import Document

from ..kg.test_server import start_server, stop_server

#: ``drugkg`` with its address space limited to ``argv[1]`` MiB.
LIMITED = textwrap.dedent(
    """
    import resource, sys

    limit = int(sys.argv[1]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from drugkg.cli import app

    app(sys.argv[2:], prog_name="drugkg")
    """
)
CEILING_MIB = 1536  # the build of a one-line file takes over 1 GiB of address space
#: A query whose ORDER BY holds every row of a three-way cross product in memory.
HEAVY = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
SYMPTOMS = ["nausea", "headache", "dizziness", "insomnia", "dry mouth", "tremor", "sweating"]


def limited(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``drugkg *args`` under the memory ceiling."""
    # the bounds under test are the rules' (facts per list and per document): the relation
    # model is off here, and one BLAS thread keeps numpy's address space small
    env = {**os.environ, "DRUGKG_MODEL": "off", "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-c", LIMITED, str(CEILING_MIB), *map(str, args)],
        capture_output=True, text=True, timeout=900, cwd=cwd, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def listed(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A store built under the memory ceiling from one article: a heading and 100 000 bullets."""
    directory = tmp_path_factory.mktemp("listed")
    lines = [f"- {SYMPTOMS[i % len(SYMPTOMS)]} {i}" for i in range(100_000)]
    article = directory / "list.md"
    article.write_text("# Side effects of sertraline\n\n" + "\n".join(lines) + "\n", "utf-8")
    done = limited("build", article, "-s", directory / "store", "-j", "1", "--no-turtle")
    return directory, done


def test_a_list_of_100000_items_builds_under_a_memory_ceiling(
    listed: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    directory, done = listed
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"warning: {directory / 'list.md'}: ")
    assert f"{MAX_LIST_FACTS} facts, the most one list may" in warnings[0]
    assert "skipped" not in done.stderr
    with GraphStore.open(directory / "store", read_only=True) as store:
        assert store.stats().facts == MAX_LIST_FACTS


def test_viz_draws_one_page_of_a_large_neighbourhood(
    listed: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    directory, _ = listed
    store = directory / "store"
    first = limited("viz", "--drug", "sertraline", "-s", store, "-o", directory / "p1.html")
    assert first.returncode == 0, first.stderr
    assert f"{NEAR_LIMIT + 1} nodes" in first.stderr
    assert (f"warning: drawing page 1 ({NEAR_LIMIT} of the {MAX_LIST_FACTS} entities near "
            "sertraline, best supported first); --page 2 for more") in first.stderr  # fmt: skip
    last = limited("viz", "--drug", "sertraline", "-s", store, "--page", "4",
                   "-o", directory / "p4.html")  # fmt: skip
    assert last.returncode == 0, last.stderr
    assert f"{MAX_LIST_FACTS - 3 * NEAR_LIMIT + 1} nodes" in last.stderr


def test_serve_bounds_the_graph_page_and_each_query_s_memory(
    listed: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    directory, _ = listed
    running = start_server(directory / "store", tmp_path / "serve.log",
                           "--memory-limit", "1024", "--time-limit", "300")  # fmt: skip
    try:
        with httpx.Client(base_url=running.url, timeout=600) as http:
            page = http.get("/graph", params={"focus": "sertraline"})
            heavy = http.get("/sparql", params={"query": HEAVY})
            after = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            health = http.get("/health").json()
    finally:
        stop_server(running)
    assert page.status_code == 200
    assert f"page 1, {GRAPH_PAGE_LIMIT} of {MAX_LIST_FACTS} a page" in page.text
    assert heavy.status_code == 503, heavy.text
    assert "1024 MiB a query" in heavy.text
    assert after.status_code == 200 and health["memory_limit"] == 1024


def test_each_list_and_each_document_is_cut_at_its_limit(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "MAX_LIST_FACTS", 3)
    monkeypatch.setattr(engine, "MAX_DOCUMENT_FACTS", 8)
    bullets = "\n".join(f"- {s}" for s in SYMPTOMS)  # 7 items a list
    one_list = Document.from_text("a", f"# Side effects of sertraline\n\n{bullets}\n")
    found = extractor.extract(one_list)
    assert len(found.assertions) == 3
    assert found.cut == "4 list items not read (1 list(s) stated 3 facts, the most one list may)"
    sections = "\n\n".join(f"# Side effects of {d}\n\n{bullets}" for d in ["sertraline"] * 4)
    many = extractor.extract(Document.from_text("b", sections))
    assert len(many.assertions) <= 8 + 3
    assert many.cut.endswith("the rest not read (the document stated 8 facts and doses, "
                             "the most one document may)")  # fmt: skip
    small = extractor.extract(Document.from_text("c", "Sertraline treats depression."))
    assert small.cut == ""
