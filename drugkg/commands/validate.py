"""``drugkg validate``: check the store against the SHACL shapes."""

from __future__ import annotations

from typing import Annotated

import typer

from drugkg.commands._common import StoreOpt, err, errors, open_store, out, progress_bar

__all__ = ["validate"]


@errors
def validate(
    store: StoreOpt = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Validate with pySHACL alone (the reference; minutes on a large store) "
            "instead of inside the store.",
        ),
    ] = False,
) -> None:
    """Check the store against the SHACL shapes of the ontology.

    Every constraint runs inside the store, as SPARQL over all its graphs (seconds for
    thousands of documents, with a progress bar on stderr); --full asks pySHACL instead.
    """
    from drugkg.kg.validate import validate as run_validate

    with (
        open_store(store, read_only=True) as graph,
        progress_bar() as bar,
    ):
        task = bar.add_task("validating", total=None)

        def progress(done: int, total: int, check: str) -> None:
            bar.update(task, completed=done, total=total, description=check[:40])

        if full:
            bar.update(task, description="pySHACL: the full report")
            report = run_validate(graph, engine="pyshacl")
        else:
            report = run_validate(graph, progress=progress)
    if report.conforms:
        out.print("conforms: the graph satisfies every shape", highlight=False)
        return
    for v in report.violations:
        err.print(str(v), markup=False, highlight=False)
    err.print(f"{len(report.violations)} violation(s)", highlight=False)
    raise typer.Exit(1)
