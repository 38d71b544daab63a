"""``drugkg query``: a SPARQL query, or a named one, over the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from drugkg.commands._common import (
    StoreOpt,
    err,
    errors,
    fail,
    format_option,
    known_name,
    open_store,
    out,
)
from drugkg.kg._safe_text import for_terminal, xml_safe
from drugkg.kg.results import QueryResult
from drugkg.kg.suggest import unknown_terms

__all__ = ["query"]


@errors
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL 1.1 query.")] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read the query from a .rq file (- for stdin)."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="Run a named query.")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE for a named query.")
    ] = None,
    format: Annotated[
        str, format_option("table, csv, tsv, json, xml (or turtle, nt for graphs).")
    ] = "table",
    store: StoreOpt = None,
) -> None:
    """Run a SPARQL query (or a named one) over the store."""
    from drugkg.kg import queries as named

    given = [x is not None for x in (sparql, file, name)]
    if sum(given) != 1:
        fail("give exactly one of: a query, --file FILE, --name NAME", 2)
    params = dict(_param(p) for p in param or [])
    with open_store(store, read_only=True) as graph:
        if name is not None:
            for p in named.named_query(name).params:
                if p.kind == "label" and params.get(p.name, "").strip():
                    known_name(graph, params[p.name], what=p.name)
            result = named.run_named(graph, name, params)
        else:
            if file is not None:
                text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
            else:
                text = sparql or ""
            result = graph.query(text)
            for term in unknown_terms(text):  # a valid query that can match nothing
                err.print(f"warning: {term.hint()}", markup=False, highlight=False)
        _print_result(result, format)


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        fail(f"--param needs NAME=VALUE, got {text!r}", 2)
    return key.strip(), value


def _print_result(result: QueryResult, format: str) -> None:
    if format == "table":
        if result.boolean is not None:
            out.print("true" if result.boolean else "false")
            return
        rows = result.rows()
        if result.variables:
            table = Table(*result.variables)
            for row in rows:  # text, never markup or control codes (kg/_safe_text.py)
                table.add_row(*(Text(for_terminal(str(cell))) for cell in row))
            out.print(table)
            out.print(f"{len(rows)} row(s)", highlight=False)
        else:
            sys.stdout.buffer.write(result.serialize("turtle"))
        return
    data = result.serialize(format)
    sys.stdout.buffer.write(xml_safe(data) if format in ("xml", "rdfxml") else data)
    sys.stdout.flush()
