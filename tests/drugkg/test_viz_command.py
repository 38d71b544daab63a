"""``drugkg viz``: the page, its filters, its exit codes; and the network exports."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from drugkg.kg.store import GraphStore

from .conftest import Invoke


@pytest.fixture
def built(cli: Invoke, shared_corpus: Path) -> Path:
    run = cli("build", shared_corpus, "-j", "1", "--no-turtle")
    assert run.code == 0, run.output
    return Path("drugkg-store")


def page_data(page: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" id="drugkg-data">(.*?)</script>', page)
    assert block is not None
    data = json.loads(block.group(1))
    assert isinstance(data, dict)
    return data


def test_viz_writes_the_whole_graph(cli: Invoke, built: Path) -> None:
    run = cli("viz")
    assert run.code == 0, run.output
    assert run.stdout == ""
    with GraphStore.open(built, read_only=True) as store:
        stats = store.stats()
    assert run.error_line().startswith(
        f"wrote graph.html: {stats.entities} nodes, {stats.facts} facts, "
    )
    data = page_data(Path("graph.html").read_text(encoding="utf-8"))
    assert (len(data["nodes"]), len(data["edges"])) == (stats.entities, stats.facts)
    assert data["title"] == "drugkg graph"


def test_viz_filters_and_neighbourhood(cli: Invoke, built: Path) -> None:
    filters = ["-p", "treats", "-p", "has_brand_name", "--min-confidence", "0.5"]
    run = cli("viz", "-o", "-", "--drug", "Inderal", "--depth", "1", *filters, "--title", "P")
    assert run.code == 0, run.output
    data = page_data(run.stdout)
    labels = {n["label"] for n in data["nodes"]}
    assert {"propranolol", "Inderal", "migraine"} <= labels
    assert "lithium" not in labels
    assert {e["predicate"] for e in data["edges"]} <= {"treats", "has_brand_name"}
    assert data["title"] == "P"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--depth", "2"], 2, "error: --depth needs --drug"),
        (["--drug", "aspirin"], 1, "error: no entity named 'aspirin' in the store"),
        (["-p", "cures"], 1, "error: unknown predicate 'cures'; valid: alternative_to"),
        (["--min-confidence", "2"], 2, ""),
    ],
)
def test_viz_bad_input(cli: Invoke, built: Path, args: list[str], code: int, message: str) -> None:
    run = cli("viz", *args)
    assert run.code == code
    assert message in run.stderr
    assert not Path("graph.html").exists()


def test_viz_needs_a_store(cli: Invoke) -> None:
    run = cli("viz")
    assert run.code == 1
    assert run.error_line().startswith("error: no store at drugkg-store")


def test_export_graphml_and_csv(cli: Invoke, built: Path) -> None:
    with GraphStore.open(built, read_only=True) as store:
        facts = store.stats().facts
    graphml = cli("export", "--format", "graphml", "-o", "graph.graphml")
    assert graphml.code == 0, graphml.output
    graph = nx.read_graphml("graph.graphml", force_multigraph=True)
    assert graph.number_of_edges() == facts
    edges = cli("export", "--format", "csv")
    assert edges.code == 0
    rows = list(csv.DictReader(io.StringIO(edges.stdout)))
    assert len(rows) == facts
    assert {"propranolol"} <= {r["source_label"] for r in rows}


def test_a_drug_page_is_titled_by_its_drug_and_an_unknown_one_suggests(
    cli: Invoke, built: Path
) -> None:
    run = cli("viz", "-o", "-", "--drug", "Inderal", "--drug", "lithium")
    assert run.code == 0, run.output
    assert page_data(run.stdout)["title"] == "drugkg: Inderal, lithium"
    unknown = cli("viz", "-o", "-", "--drug", "lithum")
    assert unknown.code == 1 and "did you mean: lithium" in unknown.error_line()
