"""``drugkg viz``: the graph as one self-contained, interactive HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drugkg.commands._common import (
    StoreOpt,
    err,
    errors,
    fail,
    known_name,
    open_store,
    store_location,
    write_output,
)

__all__ = ["viz"]

#: The most entities ``--drug`` draws on one page.
NEAR_LIMIT = 300


@errors
def viz(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write (- for stdout).")
    ] = Path("graph.html"),
    drug: Annotated[
        list[str] | None,
        typer.Option("--drug", "-d", help="Draw only around this entity (repeatable)."),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(help="With --drug: how many facts away to go [default: 1].", min=0),
    ] = None,
    predicate: Annotated[
        list[str] | None,
        typer.Option("--predicate", "-p", help="Only facts of this predicate (repeatable)."),
    ] = None,
    min_confidence: Annotated[
        float, typer.Option(help="Only facts at least this confident (0 to 1).", min=0, max=1)
    ] = 0.0,
    limit: Annotated[
        int,
        typer.Option(help="With --drug: the most entities to draw, best supported first.", min=1),
    ] = NEAR_LIMIT,
    page: Annotated[
        int, typer.Option(help="With --drug: which page of --limit entities to draw.", min=1)
    ] = 1,
    title: Annotated[
        str | None,
        typer.Option(help="Page title [default: drugkg: the --drug names, or drugkg graph]."),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write an interactive page of the graph: offline, with evidence on every edge."""
    from drugkg.kg.network import filter_graph, neighbourhood, to_networkx
    from drugkg.kg.remote import is_endpoint
    from drugkg.kg.viz import render_html

    if depth is not None and not drug:
        fail("--depth needs --drug", 2)
    with open_store(store, read_only=True) as graph_store:
        for name in drug or ():
            known_name(graph_store, name)
        graph = to_networkx(graph_store)
    graph = filter_graph(graph, predicates=predicate or (), min_confidence=min_confidence)
    if drug:
        graph = neighbourhood(graph, drug, depth=1 if depth is None else depth, limit=limit,
                              page=page)  # fmt: skip
        near, shown = graph.graph["near"], graph.number_of_nodes() - len(drug)
        if near > limit or page > 1:
            err.print(
                f"warning: drawing page {page} ({max(shown, 0)} of the {near} entities near "
                f"{', '.join(drug)}, best supported first); --page {page + 1} for more",
                markup=False,
                highlight=False,
            )
    if graph.number_of_nodes() == 0:
        err.print("warning: nothing to draw (no facts match)", markup=False, highlight=False)
    # documents were recorded relative to where `build` ran: here, or beside the store
    location = store_location(store)
    folders = [Path.cwd()] + ([] if is_endpoint(location) else [Path(location).absolute().parent])
    html = render_html(graph, title=title, documents=folders).encode("utf-8")
    write_output(html, output)
    if str(output) == "-":
        return
    err.print(
        f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} facts, "
        f"{len(html) // 1024} KiB",
        markup=False,
        highlight=False,
    )
