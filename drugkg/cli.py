"""The ``drugkg`` command line: a thin shell over the library."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

__all__ = ["app", "main"]

app = typer.Typer(
    name="drugkg",
    help="Turn health articles into a knowledge graph of drug facts, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)


def _reader_gone() -> None:
    raise BrokenPipeError  # rich would exit 1; _errors ends quietly with 0, as for print()


out.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
err = Console(stderr=True, soft_wrap=True)

DEFAULT_STORE = "drugkg-store"
F = TypeVar("F", bound=Callable[..., Any])


class CliError(Exception):
    """An error to show as one line, with an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _fail(message: str, code: int = 1) -> NoReturn:
    raise CliError(message, code)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 400 else text[:397] + "..."


def _errors(func: F) -> F:
    """Turn every error into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from drugkg.evaluate import GoldError
        from drugkg.extract.lexicon import LexiconError
        from drugkg.extract.rules import RuleError
        from drugkg.kg.store import StoreError
        from drugkg.readers import ReadError

        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # a reader gone away ('| head') shows here, not at exit
            return result
        except BrokenPipeError:  # the reader has all it wanted: stop quietly
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except CliError as exc:
            err.print(f"error: {exc}", markup=False, highlight=False)
            raise typer.Exit(exc.code) from None
        except (ReadError, StoreError, RuleError, LexiconError, GoldError) as exc:
            err.print(f"error: {_one_line(exc)}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        except (OSError, ValueError) as exc:
            err.print(f"error: {_one_line(exc)}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("interrupted", markup=False)
            raise typer.Exit(130) from None
        except typer.Exit:
            raise
        except Exception as exc:  # a bug: still one line, and the data is left as it was
            from drugkg.kg._damage import damaged, is_damage

            if is_damage(exc):  # a table file of the store found truncated or gone
                err.print(f"error: {damaged('', _one_line(exc, limit=300))}", markup=False,
                          highlight=False)  # fmt: skip
                raise typer.Exit(1) from None
            err.print(
                f"internal error: {exc.__class__.__name__}: {_one_line(exc)}",
                markup=False,
                highlight=False,
            )
            raise typer.Exit(70) from None

    return wrapper  # type: ignore[return-value]


# ----------------------------------------------------------------------- shared options
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        help=f"Store directory, or a SPARQL endpoint URL [default: $DRUGKG_STORE or "
        f"./{DEFAULT_STORE}].",
        show_default=False,
    ),
]
PathsArg = Annotated[list[Path], typer.Argument(help="Files or directories of articles.")]
FollowOpt = Annotated[
    bool,
    typer.Option(
        "--follow-links", help="Read links to files and folders outside the folders given."
    ),
]


def _store_location(store: str | Path | None) -> str:
    """The ``--store`` value, ``$DRUGKG_STORE`` or the default: a directory or an endpoint URL."""
    return str(store or os.environ.get("DRUGKG_STORE") or DEFAULT_STORE)


def _store_path(store: str | Path | None) -> Path:
    return Path(_store_location(store))


def _open_store(store: str | Path | None, *, read_only: bool) -> Any:
    from drugkg.kg.remote import RemoteGraphStore, is_endpoint
    from drugkg.kg.store import GraphStore

    if is_endpoint(_store_location(store)):
        return RemoteGraphStore(_store_location(store), read_only=read_only)
    path = _store_path(store)
    if read_only:
        if not path.exists():
            _fail(f"no store at {path} (run 'drugkg build' first, or pass --store)")
        return GraphStore.open(path, read_only=True)
    return GraphStore.open(path)


def _write_output(data: bytes, output: Path | None) -> None:
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from drugkg.kg._atomic import write_atomically

    write_atomically(output, data)  # never a half-written file, nor a predictable temporary


# -------------------------------------------------------------------------- commands
@app.command()
@_errors
def build(
    paths: PathsArg,
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
) -> None:
    """Ingest articles (.txt, .md, .html) into the store, incrementally."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from drugkg.kg.export import export
    from drugkg.pipeline import build as run_build
    from drugkg.pipeline import default_jobs

    if engine not in ("local", "dask"):
        _fail(f"unknown engine {engine!r}; valid: local, dask", 2)
    if engine == "local" and (scheduler or nquads):
        _fail("--scheduler and --nquads need --engine dask", 2)
    for path in paths:  # before the store is opened, so a typo creates no store
        if not path.exists():
            _fail(f"{path}: no such file or directory")
    if engine == "dask":
        from drugkg.distributed import dask_build

        run_build = functools.partial(dask_build, scheduler=scheduler, output=nquads)
    with _open_store(store, read_only=False) as graph:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("building", total=None)
            report = run_build(
                paths,
                graph,
                prune=prune,
                force=force,
                jobs=jobs or default_jobs(),
                follow_links=follow_links,
                progress=lambda n: bar.advance(task, n),
                on_total=lambda n: bar.update(task, total=n),
            )
        if turtle is not None and not no_turtle:
            buffer = io.BytesIO()
            export(graph, "turtle", buffer)
            _write_output(buffer.getvalue(), turtle)
        stats = graph.stats()
    _print_summary(report, stats, _store_location(store), None if no_turtle else turtle)
    if not (report.read or report.skipped or report.removed):
        from drugkg.readers import SUFFIXES

        _fail(f"no articles ({', '.join(SUFFIXES)}) in {', '.join(map(str, paths))}")
    if report.skipped and not report.read:
        raise typer.Exit(1)  # every file was skipped: the lines above say why


def _print_summary(report: Any, stats: Any, store: str, turtle: Path | None) -> None:
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
    if turtle is not None:
        out.print(f"turtle: {turtle}", highlight=False)


FormatTSV = Annotated[str, typer.Option("--format", "-f", help="tsv or jsonl.")]


@app.command()
@_errors
def extract(
    paths: PathsArg,
    format: FormatTSV = "tsv",
    include_negated: Annotated[
        bool, typer.Option("--include-negated", help="Also show negated statements.")
    ] = False,
    doses: Annotated[bool, typer.Option("--doses", help="Show dose records instead.")] = False,
    follow_links: FollowOpt = False,
) -> None:
    """Extract facts to stdout without a store (TSV or JSON lines)."""
    from drugkg.pipeline import BuildReport, extract_paths
    from drugkg.readers import ReadError

    if format not in ("tsv", "jsonl"):
        _fail(f"unknown format {format!r}; valid: tsv, jsonl", 2)
    report = BuildReport()
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar="\\")  # fmt: skip
    if format == "tsv":
        writer.writerow(_DOSE_COLUMNS if doses else _TSV_COLUMNS)
    failures = 0
    for result in extract_paths(paths, report=report, follow_links=follow_links):
        if isinstance(result, ReadError):
            failures += 1
            err.print(f"skipped {result}", markup=False, highlight=False)
            continue
        document, extraction = result
        if doses:
            for d in extraction.doses:  # type: ignore[attr-defined]
                _emit(writer, format, _dose_row(document.id, d), d.to_dict())
            continue
        for a in extraction.assertions:  # type: ignore[attr-defined]
            if a.evidence.negated and not include_negated:
                continue
            _emit(writer, format, _tsv_row(document.id, a), _json_row(document.id, a))
    for item in report.skipped:
        err.print(f"skipped {item.path}: {item.reason}", markup=False, highlight=False)
    if failures and failures == len(paths):
        raise typer.Exit(1)


_TSV_COLUMNS = ["doc", "subject", "predicate", "object", "hedged", "negated", "confidence",
                "rule", "start", "end", "sentence"]  # fmt: skip
_DOSE_COLUMNS = ["doc", "drug", "condition", "population", "kind", "amount", "unit",
                 "frequency", "start", "end", "sentence"]  # fmt: skip


def _clean(text: str) -> str:
    return " ".join(text.split())


def _tsv_row(doc: str, a: Any) -> list[object]:
    t, e = a.triple, a.evidence
    return [doc, t.subject.label, t.predicate.value, t.object.label, int(e.hedged),
            int(e.negated), e.confidence, e.rule, e.start, e.end, _clean(e.sentence)]  # fmt: skip


def _json_row(doc: str, a: Any) -> dict[str, Any]:
    t, e = a.triple, a.evidence
    return {
        "doc": doc,
        "subject": t.subject.label,
        "predicate": t.predicate.value,
        "object": t.object.label,
        "subject_type": t.subject.type.value,
        "object_type": t.object.type.value,
        "subject_ids": dict(t.subject.xrefs),
        "object_ids": dict(t.object.xrefs),
        **{k: v for k, v in e.to_dict().items() if k != "doc_id"},
    }


def _dose_row(doc: str, d: Any) -> list[object]:
    e = d.evidence
    return [doc, d.drug.label, d.condition.label if d.condition else "",
            d.population.label if d.population else "", d.kind, d.amount, d.unit,
            d.frequency or "", e.start, e.end, _clean(e.sentence)]  # fmt: skip


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _emit(writer: Any, format: str, row: list[object], record: dict[str, Any]) -> None:
    if format == "tsv":  # one line a row: backslash, tab and line breaks written as \\ \t \n \r
        sys.stdout.write("\t".join(str(cell).translate(_TSV_ESCAPES) for cell in row) + "\n")
    else:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command()
@_errors
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
        str, typer.Option("--format", help="table, csv, tsv, json, xml (or turtle, nt for graphs).")
    ] = "table",
    store: StoreOpt = None,
) -> None:
    """Run a SPARQL query (or a named one) over the store."""
    from drugkg.kg import queries as named

    given = [x is not None for x in (sparql, file, name)]
    if sum(given) != 1:
        _fail("give exactly one of: a query, --file FILE, --name NAME", 2)
    params = dict(_param(p) for p in param or [])
    with _open_store(store, read_only=True) as graph:
        if name is not None:
            result = named.run_named(graph, name, params)
        else:
            if file is not None:
                text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
            else:
                text = sparql or ""
            result = graph.query(text)
        _print_result(result, format)


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        _fail(f"--param needs NAME=VALUE, got {text!r}", 2)
    return key.strip(), value


def _print_result(result: Any, format: str) -> None:
    from rich.text import Text

    from drugkg.kg._safe_text import for_terminal, xml_safe

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


@app.command()
@_errors
def export(
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="turtle, nt, nq, trig, jsonld; graphml or csv (edge list)."
        ),
    ] = "turtle",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (- for stdout).")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write the whole graph: RDF, or GraphML / CSV for Gephi and Cytoscape."""
    from drugkg.kg.export import EXPORTERS
    from drugkg.kg.export import export as run_export

    if format not in EXPORTERS:
        _fail(f"unknown format {format!r}; valid: {', '.join(sorted(EXPORTERS))}", 2)
    with _open_store(store, read_only=True) as graph:
        buffer = io.BytesIO()
        run_export(graph, format, buffer)
    _write_output(buffer.getvalue(), output)


@app.command()
@_errors
def facts(
    drug: Annotated[str | None, typer.Option(help="Only facts about this drug.")] = None,
    predicate: Annotated[str | None, typer.Option(help="Only this predicate.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, tsv or json.")] = "table",
    store: StoreOpt = None,
) -> None:
    """List facts with their support (documents) and confidence."""
    with _open_store(store, read_only=True) as graph:
        rows = graph.facts(drug=drug, predicate=predicate)
    columns = ["subject", "predicate", "object", "support", "evidence", "confidence", "hedged"]
    records = [
        [r.subject, r.predicate, r.object, r.support, r.evidence, round(r.confidence, 3),
         int(r.hedged)]
        for r in rows
    ]  # fmt: skip
    if format == "json":
        out.print_json(data=[dict(zip(columns, rec, strict=True)) for rec in records])
    elif format == "tsv":
        sys.stdout.write("\t".join(columns) + "\n")
        for rec in records:
            sys.stdout.write("\t".join(str(v) for v in rec) + "\n")
    elif format == "table":
        table = Table(*columns)
        for rec in records:
            table.add_row(*(str(v) for v in rec))
        out.print(table)
        out.print(f"{len(records)} fact(s)", highlight=False)
    else:
        _fail(f"unknown format {format!r}; valid: table, tsv, json", 2)


@app.command()
@_errors
def explain(
    subject: Annotated[str, typer.Argument(help="Subject label, e.g. clonazepam.")],
    predicate: Annotated[str, typer.Argument(help="Predicate, e.g. treats.")],
    obj: Annotated[str, typer.Argument(metavar="OBJECT", help="Object label.")],
    store: StoreOpt = None,
) -> None:
    """Show the evidence sentences behind one fact."""
    with _open_store(store, read_only=True) as graph:
        rows = graph.explain(subject, predicate, obj)
    if not rows:
        _fail(f"no fact '{subject} {predicate} {obj}' in the store")
    for r in rows:
        flags = ", ".join(f for f, on in (("hedged", r.hedged),) if on)
        out.print(
            f"{r.doc_id} [{r.start}:{r.end}] rule={r.rule} confidence={r.confidence:.2f}"
            + (f" ({flags})" if flags else ""),
            highlight=False,
            markup=False,
        )
        out.print(f"  {r.path}", highlight=False, markup=False)
        out.print(f"  “{_clean(r.sentence)}”", highlight=False, markup=False)


@app.command()
@_errors
def validate(store: StoreOpt = None) -> None:
    """Check the store against the SHACL shapes of the ontology."""
    from drugkg.kg.validate import validate as run_validate

    with _open_store(store, read_only=True) as graph:
        report = run_validate(graph)
    if report.conforms:
        out.print("conforms: the graph satisfies every shape", highlight=False)
        return
    for v in report.violations:
        err.print(str(v), markup=False, highlight=False)
    err.print(f"{len(report.violations)} violation(s)", highlight=False)
    raise typer.Exit(1)


@app.command(name="eval")
@_errors
def eval_(
    gold: Annotated[
        Path, typer.Argument(help="Gold TSV (doc subject predicate object hedged evidence).")
    ],
    paths: PathsArg,
    errors: Annotated[
        bool, typer.Option("--errors", "-e", help="List false positives and misses.")
    ] = False,
    doses: Annotated[
        Path | None, typer.Option(help="Gold dose TSV [default: GOLD with .doses.tsv, if present].")
    ] = None,
    min_precision: Annotated[float, typer.Option(help="Fail below this precision.")] = 0.0,
    min_recall: Annotated[float, typer.Option(help="Fail below this recall.")] = 0.0,
    min_predicate_recall: Annotated[
        float, typer.Option(help="Fail if any predicate's recall is below this.")
    ] = 0.0,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    predicate: Annotated[
        list[str] | None,
        typer.Option(
            "--predicate", "-p", help="Score only this predicate (repeat for several)."
        ),
    ] = None,
) -> None:
    """Score extraction against a gold TSV: precision, recall, F1 per predicate.

    Only the gold rows of the documents read are scored; gold documents that were not read
    are named on stderr. Gold subjects go through the same lexicon as the extractor's, so an
    abbreviation or a brand in the gold matches its drug.
    """
    from drugkg.evaluate import evaluate, evaluate_doses, load_gold, load_gold_doses, restrict
    from drugkg.extract.lexicon import default_gazetteer
    from drugkg.model import Predicate
    from drugkg.pipeline import extract_paths
    from drugkg.readers import ReadError

    chosen = None
    if predicate:
        valid = {p.value: p for p in Predicate}
        unknown = [p for p in predicate if p not in valid]
        if unknown:
            _fail(f"unknown predicate {unknown[0]!r} (choose from {', '.join(valid)})")
        chosen = [valid[p] for p in predicate]
    gazetteer = default_gazetteer()

    def normalise(name: str) -> str | None:
        entity = gazetteer.lookup(name)
        return entity.label if entity is not None else None

    gold_facts = load_gold(gold, normalise=normalise)
    predicted: dict[str, Any] = {}
    predicted_doses: dict[str, Any] = {}
    for result in extract_paths(paths):
        if isinstance(result, ReadError):
            err.print(f"skipped {result}", markup=False, highlight=False)
            continue
        document, extraction = result
        assertions = extraction.assertions  # type: ignore[attr-defined]
        if chosen is not None:
            assertions = [a for a in assertions if a.triple.predicate in chosen]
        predicted[document.id] = assertions
        predicted_doses[document.id] = extraction.doses  # type: ignore[attr-defined]
    unread = sorted({g.doc for g in gold_facts} - set(predicted))
    gold_facts = restrict(gold_facts, predicted, chosen)
    if not gold_facts:
        _fail(f"{gold}: no gold rows for the documents read (gold documents: "
              f"{', '.join(unread[:5]) or 'none'}{' ...' if len(unread) > 5 else ''})")  # fmt: skip
    if unread:
        err.print(f"not scored: {len(unread)} gold documents were not read", highlight=False)
    score = evaluate(gold_facts, predicted)
    dose_path = doses or gold.with_name(gold.name.replace(".gold.tsv", ".doses.tsv"))
    dose_score = None
    if dose_path != gold and dose_path.exists():
        gold_doses = [d for d in load_gold_doses(dose_path) if d.doc in predicted]
        dose_score = evaluate_doses(gold_doses, predicted_doses)
    rows = score.table()
    if format == "json":
        payload: dict[str, Any] = {"predicates": rows, "hedge_agreement": score.hedge_agreement}
        if dose_score:
            payload["doses"] = {"gold": dose_score.gold, "predicted": dose_score.predicted,
                                "matched": dose_score.matched}  # fmt: skip
        out.print_json(data=payload)
    else:
        table = Table(*rows[0].keys())
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        out.print(table)
        out.print(f"hedge agreement on matched facts: {score.hedge_agreement:.3f}", highlight=False)
        if dose_score:
            out.print(
                f"doses: {dose_score.matched} of {dose_score.gold} gold records found "
                f"({dose_score.predicted} predicted)",
                highlight=False,
            )
    if errors:
        out.print("false positives:", highlight=False)
        for a in score.false_positives:
            t = a.triple
            out.print(f"  {a.evidence.doc_id}\t{t.subject.label}\t{t.predicate.value}\t"
                      f"{t.object.label}\t[{a.evidence.rule}]\t{_clean(a.evidence.sentence)[:160]}",
                      highlight=False, markup=False)  # fmt: skip
        out.print("misses:", highlight=False)
        for g in score.misses:
            out.print(f"  {g.label}\t{_clean(g.evidence)[:160]}", highlight=False, markup=False)
    overall = score.overall
    failures = []
    if overall.precision < min_precision:
        failures.append(f"precision {overall.precision:.3f} < {min_precision}")
    if overall.recall < min_recall:
        failures.append(f"recall {overall.recall:.3f} < {min_recall}")
    for predicate, counts in score.by_predicate.items():
        if counts.tp + counts.fn and counts.recall < min_predicate_recall:
            failures.append(
                f"{predicate.value} recall {counts.recall:.3f} < {min_predicate_recall}"
            )
    if failures:
        _fail("below the bar: " + "; ".join(failures))


def main() -> None:
    """Entry point of the ``drugkg`` script."""
    app()


from drugkg.commands import serve as _serve  # noqa: E402,F401  (registers 'drugkg serve')
from drugkg.commands import viz as _viz  # noqa: E402,F401  (registers 'drugkg viz')

if __name__ == "__main__":  # pragma: no cover
    # 'python -m drugkg.cli': this file runs as __main__, a second copy of drugkg.cli; the
    # commands above registered on drugkg.cli's app, so run that one
    from drugkg.cli import main as _main

    _main()
