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
    fail,
    format_option,
    open_store,
    write_output,
)

__all__ = ["export"]


@errors
def export(
    format: Annotated[
        str | None,
        format_option(
            "turtle (ttl), nt, nq, trig, jsonld; graphml or csv (edge list) "
            "[default: from the --output extension, else turtle].",
            short=True,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (- for stdout).")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write the whole graph: RDF, or GraphML / CSV for Gephi and Cytoscape."""
    from drugkg.kg.export import EXPORTERS, exporter_name, format_of_path
    from drugkg.kg.export import export as run_export

    if format is not None:
        chosen = exporter_name(format) or format
    elif output is not None and str(output) != "-" and output.suffix:
        found = format_of_path(output)
        if found is None:
            fail(
                f"cannot tell the format of {output} from its extension; give --format "
                f"({', '.join(sorted(EXPORTERS))})",
                2,
            )
        chosen = found
    else:
        chosen = "turtle"
    check_format(chosen, sorted(EXPORTERS))
    with open_store(store, read_only=True) as graph:
        buffer = io.BytesIO()
        run_export(graph, chosen, buffer)
    write_output(buffer.getvalue(), output)
