"""``drugkg build``: ingest articles into the store, incrementally."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from drugkg.commands._common import (
    FollowOpt,
    PathsArg,
    RulesOpt,
    StoreOpt,
    err,
    errors,
    fail,
    open_store,
    out,
    progress_bar,
    store_location,
    use_rules,
    write_output,
)
from drugkg.kg.read import StoreStats
from drugkg.pipeline import BuildReport

__all__ = ["build"]


@errors
def build(
    paths: PathsArg,
    rules: RulesOpt = None,
    store: StoreOpt = None,
    prune: Annotated[bool, typer.Option(help="Remove documents whose files are gone.")] = False,
    force: Annotated[bool, typer.Option(help="Re-read documents even if unchanged.")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes [default: all cores].")
    ] = 0,
    turtle: Annotated[
        Path | None,
        typer.Option(help="Also write the whole graph as Turtle here [default: graph.ttl]."),
    ] = Path("graph.ttl"),
    no_turtle: Annotated[bool, typer.Option("--no-turtle", help="Do not write Turtle.")] = False,
    engine: Annotated[
        str, typer.Option(help="local (processes on this machine) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address [default: a local cluster of --jobs workers]."),
    ] = None,
    nquads: Annotated[
        Path | None,
        typer.Option(help="With --engine dask: keep the graph here as partitioned N-Quads."),
    ] = None,
    follow_links: FollowOpt = False,
    validate: Annotated[
        bool,
        typer.Option(
            "--validate",
            help="Check the documents written against the SHACL shapes, inside the store.",
        ),
    ] = False,
) -> None:
    """Ingest articles (.txt, .md, .html) into the store, incrementally."""
    from drugkg.kg.export import export
    from drugkg.pipeline import build as run_build
    from drugkg.pipeline import default_jobs

    use_rules(rules)

    if engine not in ("local", "dask"):
        fail(f"unknown engine {engine!r}; valid: local, dask", 2)
    if engine == "local" and (scheduler or nquads):
        fail("--scheduler and --nquads need --engine dask", 2)
    for path in paths:  # before the store is opened, so a typo creates no store
        if not path.exists():
            fail(f"{path}: no such file or directory")
    if engine == "dask":
        from drugkg.distributed import dask_build

        run_build = functools.partial(dask_build, scheduler=scheduler, output=nquads)
    with open_store(store, read_only=False) as graph:
        with progress_bar() as bar:
            task = bar.add_task("building", total=None)
            report = run_build(
                paths,
                graph,
                prune=prune,
                force=force,
                jobs=jobs or default_jobs(),
                follow_links=follow_links,
                validate=validate,
                progress=lambda n: bar.advance(task, n),
                on_total=lambda n: bar.update(task, total=n),
            )
        if turtle is not None and not no_turtle:
            buffer = io.BytesIO()
            export(graph, "turtle", buffer)
            write_output(buffer.getvalue(), turtle)
        stats = graph.stats()
    _print_summary(report, stats, store_location(store), None if no_turtle else turtle)
    if not (report.read or report.skipped or report.removed):
        from drugkg.readers import SUFFIXES

        fail(f"no articles ({', '.join(SUFFIXES)}) in {', '.join(map(str, paths))}")
    if report.skipped and not report.read:
        raise typer.Exit(1)  # every file was skipped: the lines above say why


def _print_summary(report: BuildReport, stats: StoreStats, store: str, turtle: Path | None) -> None:
    out.print(
        f"documents read: {report.read} (added {len(report.added)}, updated "
        f"{len(report.updated)}, unchanged {len(report.unchanged)}, removed "
        f"{len(report.removed)}, skipped {len(report.skipped)})",
        highlight=False,
    )
    out.print(
        f"store: {store}  documents: {stats.documents}  facts: {stats.facts}  "
        f"evidence: {stats.evidence}  entities: {stats.entities}  doses: {stats.doses}",
        highlight=False,
    )
    if stats.facts_by_predicate:
        table = Table("predicate", "facts", title="facts by predicate", title_justify="left")
        for name, count in sorted(stats.facts_by_predicate.items()):
            table.add_row(name, str(count))
        out.print(table)
    for item in report.skipped:
        err.print(f"skipped {item.path}: {item.reason}", markup=False, highlight=False)
    for item in getattr(report, "cut", ()):
        err.print(f"warning: {item.path}: {item.reason}", markup=False, highlight=False)
    for line in report.invalid:
        err.print(f"invalid: {line}", markup=False, highlight=False, emoji=False)
    if report.invalid:
        err.print(
            f"{len(report.invalid)} shape violation(s) in the documents written", highlight=False
        )
    if turtle is not None:
        out.print(f"turtle: {turtle}", highlight=False)
