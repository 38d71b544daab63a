"""Control characters (VT, FF, ESC, NUL) in the data keep XML well-formed and never reach a
terminal raw: SPARQL XML and RDF/XML from the server and the CLI, GraphML, the table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from drugkg.kg.endpoint import QueryJob, run_query
from drugkg.kg.export import export
from drugkg.kg.store import GraphStore
from drugkg.pipeline import build

from .conftest import Invoke

HOSTILE = "tab\tline\nvt\x0bff\x0cesc\x1b[31mred\x07bell\x00nul\ufffe"
SELECT = "SELECT ?o WHERE { <http://e/s> <http://e/p> ?o }"
CONSTRUCT = "CONSTRUCT WHERE { <http://e/s> <http://e/p> ?o }"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    with GraphStore.open(directory) as graph:
        graph.oxigraph.update(
            'INSERT DATA { <http://e/s> <http://e/p> "tab\\tline\\nvt\\u000Bff\\u000Cesc'
            '\\u001B[31mred\\u0007bell\\u0000nul\\uFFFE" }'
        )
    return directory


def test_the_literal_holds_the_control_characters(store: Path) -> None:
    with GraphStore.open(store, read_only=True) as graph:
        (row,) = graph.oxigraph.query(SELECT)
    assert row["o"].value == HOSTILE


@pytest.mark.parametrize(("query", "results", "graph"), [(SELECT, "xml", "turtle"),
                                                         (CONSTRUCT, "json", "xml")])  # fmt: skip
def test_server_xml_is_well_formed(store: Path, query: str, results: str, graph: str) -> None:
    with GraphStore.open(store, read_only=True) as opened:
        reply = run_query(opened, QueryJob(query, results_format=results, graph_format=graph))
    assert reply.status == 200
    root = ET.fromstring(reply.body)
    text = "".join(root.itertext())
    assert "esc\ufffd[31mred" in text and "tab\tline" in text


@pytest.mark.parametrize("query", [SELECT, CONSTRUCT])
def test_cli_xml_is_well_formed(cli: Invoke, store: Path, query: str) -> None:
    run = cli("query", "-s", store, "--format", "xml", query)
    assert run.code == 0, run.output
    root = ET.fromstring(run.stdout.encode("utf-8"))
    assert "vt\ufffdff\ufffdesc" in "".join(root.itertext())


def test_the_table_shows_control_characters_instead_of_obeying_them(
    cli: Invoke, store: Path
) -> None:
    run = cli("query", "-s", store, SELECT)
    assert run.code == 0, run.output
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout and "\x0b" not in run.stdout
    assert "esc\\x1b[31mred\\x07bell" in run.stdout


def test_graphml_of_a_document_with_control_characters_is_well_formed(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Sertraline notes\n\nSertraline may cause nausea.\x0b\x1b[31m Sertraline may cause"
        " headache.\x0c\n",
        encoding="utf-8",
    )
    with GraphStore.open(tmp_path / "store") as graph:
        build([article], graph, jobs=1)
        out = tmp_path / "g.graphml"
        export(graph, "graphml", out)
    ET.parse(out)
