"""``drugkg facts``: facts with their support and confidence."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from drugkg.commands._common import (
    OutputFormat,
    StoreOpt,
    check_format,
    errors,
    format_option,
    known_name,
    open_store,
    out,
)

__all__ = ["facts"]


@errors
def facts(
    drug: Annotated[
        str | None,
        typer.Option(help="Only facts about this drug (or condition...), as subject or object."),
    ] = None,
    predicate: Annotated[str | None, typer.Option(help="Only this predicate.")] = None,
    format: Annotated[str, format_option("table, tsv or json.")] = "table",
    store: StoreOpt = None,
) -> None:
    """List facts with their support (documents) and confidence.

    With --drug, the facts it is the subject of come first, then those it is the
    object of ("ramelteon alternative_to zolpidem" for zolpidem); the column
    ``side`` says which.
    """
    check_format(format, [OutputFormat.TABLE, OutputFormat.TSV, OutputFormat.JSON])
    with open_store(store, read_only=True) as graph:
        if drug is not None:
            known_name(graph, drug)
        rows = [("subject", f) for f in graph.facts(drug=drug, predicate=predicate)]
        if drug is not None:
            rows += [
                ("object", f) for f in graph.facts(drug=drug, predicate=predicate, inverse=True)
            ]
    columns = ["subject", "predicate", "object", "support", "evidence", "confidence", "hedged"]
    if drug is not None:
        columns.append("side")
    records = [
        [r.subject, r.predicate, r.object, r.support, r.evidence, round(r.confidence, 3),
         int(r.hedged), side][: len(columns)]
        for side, r in rows
    ]  # fmt: skip
    if format == "json":
        out.print_json(data=[dict(zip(columns, rec, strict=True)) for rec in records])
    elif format == "tsv":
        sys.stdout.write("\t".join(columns) + "\n")
        for rec in records:
            sys.stdout.write("\t".join(str(v) for v in rec) + "\n")
    else:
        table = Table(*columns)
        for rec in records:
            table.add_row(*(str(v) for v in rec))
        out.print(table)
        out.print(f"{len(records)} fact(s)", highlight=False)
