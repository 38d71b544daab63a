"""``drugkg validate``: check the store against the SHACL shapes."""

from __future__ import annotations

import typer

from drugkg.commands._common import StoreOpt, err, errors, open_store, out

__all__ = ["validate"]


@errors
def validate(store: StoreOpt = None) -> None:
    """Check the store against the SHACL shapes of the ontology."""
    from drugkg.kg.validate import validate as run_validate

    with open_store(store, read_only=True) as graph:
        report = run_validate(graph)
    if report.conforms:
        out.print("conforms: the graph satisfies every shape", highlight=False)
        return
    for v in report.violations:
        err.print(str(v), markup=False, highlight=False)
    err.print(f"{len(report.violations)} violation(s)", highlight=False)
    raise typer.Exit(1)
