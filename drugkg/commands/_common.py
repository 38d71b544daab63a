"""What every ``drugkg`` command shares: consoles, errors, and options declared once."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

import typer
from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

    from drugkg.kg.store import GraphStore

__all__ = [
    "DEFAULT_STORE",
    "CliError",
    "FollowOpt",
    "OutputFormat",
    "PathsArg",
    "RulesOpt",
    "StoreOpt",
    "check_format",
    "clean",
    "err",
    "errors",
    "fail",
    "format_option",
    "known_name",
    "open_store",
    "out",
    "progress_bar",
    "store_location",
    "use_rules",
    "write_output",
]

out = Console(soft_wrap=True)


def _reader_gone() -> None:
    raise BrokenPipeError  # rich would exit 1; errors() ends quietly with 0, as for print()


out.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
err = Console(stderr=True, soft_wrap=True)

DEFAULT_STORE = "drugkg-store"
F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(StrEnum):
    """Every format a command writes, by the name ``--format`` takes.

    Each command accepts a few of them (see :func:`check_format`); RDF and SPARQL
    results formats are those of :mod:`drugkg.kg.formats` and :mod:`drugkg.kg.export`.
    """

    TABLE = "table"
    TSV = "tsv"
    JSONL = "jsonl"
    JSON = "json"
    CSV = "csv"
    XML = "xml"
    TURTLE = "turtle"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    GRAPHML = "graphml"


class CliError(Exception):
    """An error to show as one line, with an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 1) -> NoReturn:
    raise CliError(message, code)


def check_format(value: str, valid: Iterable[OutputFormat | str]) -> OutputFormat:
    """``value`` as a format among ``valid``, or a usage error (exit code 2) naming them.

    >>> check_format("tsv", [OutputFormat.TSV, OutputFormat.JSONL])
    <OutputFormat.TSV: 'tsv'>
    """
    names = [str(v) for v in valid]
    if value not in names:
        fail(f"unknown format {value!r}; valid: {', '.join(names)}", 2)
    return OutputFormat(value)


def format_option(help: str, *, short: bool = False) -> Any:
    """The ``--format`` option (``-f`` too with ``short``): one declaration for every command."""
    flags = ("--format", "-f") if short else ("--format",)
    return typer.Option(*flags, help=help)


def _one_line(exc: BaseException, *, limit: int = 400) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def errors(func: F) -> F:
    """Turn every error into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from drugkg.evaluate import GoldError
        from drugkg.extract.lexicon import LexiconError
        from drugkg.extract.rules import RuleError
        from drugkg.kg.errors import StoreError
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
                message = damaged("", _one_line(exc, limit=300))
                err.print(f"error: {message}", markup=False, highlight=False)
                raise typer.Exit(1) from None
            err.print(
                f"internal error: {exc.__class__.__name__}: {_one_line(exc)}",
                markup=False,
                highlight=False,
            )
            raise typer.Exit(70) from None

    return cast(F, wrapper)


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
RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="A directory of extra rule files (rules/*.yaml) and lexicon files "
        "(lexicon/*.yaml), checked like the bundled ones [default: $DRUGKG_RULES].",
        show_default=False,
    ),
]


def use_rules(rules: Path | None) -> None:
    """Read ``rules`` (``--rules``) as ``$DRUGKG_RULES``: this process and its workers
    load its files with the bundled ones. Its layout is checked now."""
    from drugkg.extract.extra import RULES_ENV, extra_files

    if rules is not None:
        os.environ[RULES_ENV] = str(rules)
    extra_files("rules")  # a missing directory or an empty one is an error now


def progress_bar() -> Progress:
    """The progress bar of long commands, on stderr, gone when the work is done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def store_location(store: str | Path | None) -> str:
    """The ``--store`` value, ``$DRUGKG_STORE`` or the default: a directory or an endpoint URL."""
    return str(store or os.environ.get("DRUGKG_STORE") or DEFAULT_STORE)


def open_store(store: str | Path | None, *, read_only: bool) -> GraphStore:
    """The store ``--store`` names: a directory (a reader needs it to exist) or an endpoint."""
    from drugkg.kg.remote import RemoteGraphStore, is_endpoint
    from drugkg.kg.store import GraphStore

    location = store_location(store)
    if is_endpoint(location):
        return RemoteGraphStore(location, read_only=read_only)
    path = Path(location)
    if read_only:
        if not path.exists():
            fail(f"no store at {path} (run 'drugkg build' first, or pass --store)")
        return GraphStore.open(path, read_only=True)
    return GraphStore.open(path)


def known_name(graph: GraphStore, name: str, *, what: str = "entity") -> None:
    """Fail, with the closest labels, unless ``name`` names something in the store."""
    if graph.resolve(name):
        return
    from drugkg.kg.suggest import did_you_mean

    fail(f"no {what} named {name!r} in the store{did_you_mean(graph.close_labels(name))}")


def write_output(data: bytes, output: Path | None) -> None:
    """Write ``data`` to ``output`` atomically, or to stdout for ``-`` or None."""
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from drugkg.kg._atomic import write_atomically

    write_atomically(output, data)  # never a half-written file, nor a predictable temporary


def clean(text: str) -> str:
    """``text`` on one line, runs of white space made one space."""
    return " ".join(text.split())
