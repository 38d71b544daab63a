"""The ``drugkg`` command line: builds the app and registers the commands of ``commands/``.

Each command is a module of :mod:`drugkg.commands` (a thin shell over the library); what
they share (consoles, error handling, ``--store``, ``--format``) is in
:mod:`drugkg.commands._common`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from drugkg.commands import (
    build,
    eval,
    explain,
    export,
    extract,
    facts,
    query,
    serve,
    validate,
    viz,
)

__all__ = ["app", "main"]

app = typer.Typer(
    name="drugkg",
    help="Turn health articles into a knowledge graph of drug facts, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"drugkg {version('drugkg')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Turn health articles into a knowledge graph of drug facts, with evidence."""


app.command()(build.build)
app.command()(extract.extract)
app.command()(query.query)
app.command()(export.export)
app.command()(facts.facts)
app.command()(explain.explain)
app.command()(validate.validate)
app.command(name="eval")(eval.eval_)
app.command()(serve.serve)
app.command()(viz.viz)


def main() -> None:
    """Entry point of the ``drugkg`` script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
