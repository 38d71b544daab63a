"""``drugkg export``: the whole graph as RDF, GraphML or an edge list."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated

import typer

from drugkg.commands._common import (
    StoreOpt,
    check_format,
    errors,
    format_option,
    open_store,
    write_output,
)

__all__ = ["export"]


@errors
def export(
    format: Annotated[
        str, format_option("turtle, nt, nq, trig, jsonld; graphml or csv (edge list).", short=True)
    ] = "turtle",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (- for stdout).")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write the whole graph: RDF, or GraphML / CSV for Gephi and Cytoscape."""
    from drugkg.kg.export import EXPORTERS
    from drugkg.kg.export import export as run_export

    check_format(format, sorted(EXPORTERS))
    with open_store(store, read_only=True) as graph:
        buffer = io.BytesIO()
        run_export(graph, format, buffer)
    write_output(buffer.getvalue(), output)
