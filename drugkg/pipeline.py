"""The main job: read articles, extract facts, write them to the store (incrementally)."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from drugkg.kg._fork import die_with_parent
from drugkg.kg.bulk import Built, BulkWriter, built, holds
from drugkg.kg.iri import graph_iri
from drugkg.kg.store import GraphStore
from drugkg.model import Document
from drugkg.readers import (
    MAX_BYTES,
    ReadError,
    Skipped,
    document_from_bytes,
    find_files,
    printable,
    read_document,
)

if TYPE_CHECKING:
    from drugkg.extract.engine import Extraction, Extractor

__all__ = [
    "BuildReport",
    "Extracted",
    "build",
    "build_one",
    "default_jobs",
    "extract_paths",
    "plan",
    "plan_ids",
    "prune_missing",
    "validate_written",
    "write",
]

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did, document by document, and what it skipped and why."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    cut: list[Skipped] = field(default_factory=list)  # documents read only in part, and why
    #: what the shapes say of the documents written (``build(validate=True)``), one a line
    invalid: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


def plan_ids(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Give every file its document id: the file name without extension, made unique.

    >>> [i for _, i in plan_ids([Path("a/x.txt"), Path("b/x.html"), Path("b/y.md")])]
    ['x', 'b/x', 'y']
    """
    taken: set[str] = set()
    planned = []
    for path in paths:
        # a name that is not UTF-8 gets U+FFFD for its odd bytes, as read_document does
        stem, parent = printable(path.stem), printable(path.parent.name)
        doc_id = stem
        if doc_id in taken:
            doc_id = f"{parent}/{stem}"
            n = 2
            while doc_id in taken:
                doc_id, n = f"{parent}/{stem}~{n}", n + 1
        taken.add(doc_id)
        planned.append((path, doc_id))
    return planned


def _files(
    paths: Iterable[Path | str], report: BuildReport, follow_links: bool = False
) -> list[Path]:
    files = []
    for item in find_files(paths, follow_links=follow_links):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            files.append(item)
    return files


# Each worker (process, or thread of a threaded Dask worker) builds its extractor once: the
# gazetteer takes seconds, and an extractor keeps per-document state, so threads cannot
# share one.
_WORKER = threading.local()


def _extractor() -> Extractor:
    from drugkg.extract.extra import RULES_ENV

    # the user's extra rule files and the relation model, as the environment says
    setting = (os.environ.get(RULES_ENV, ""), os.environ.get("DRUGKG_MODEL", ""))
    extractor: Extractor | None = getattr(_WORKER, "extractor", None)
    if extractor is None or getattr(_WORKER, "setting", None) != setting:
        from drugkg.extract import literature
        from drugkg.extract.engine import Extractor
        from drugkg.extract.relation import from_environment

        # the learned models as $DRUGKG_MODEL says (precise by default, off for the rules
        # alone; workers inherit it)
        extractor = _WORKER.extractor = Extractor(
            model=from_environment(), literature=literature.from_environment()
        )
        _WORKER.setting = setting
    return extractor


class Extracted(NamedTuple):
    """One article read and what the extractor found in it."""

    document: Document
    extraction: Extraction


def _extract_one(task: tuple[str, str]) -> Extracted | ReadError:
    path, doc_id = task
    extractor = _extractor()  # outside the try: a broken rule or lexicon file stops it all
    try:
        document = read_document(path, doc_id=doc_id)
        return Extracted(document, extractor.extract(document))
    except ReadError as exc:
        return exc
    except Exception as exc:  # a bug on one document must not stop the others
        return _failed(path, exc)


def _failed(path: str, exc: Exception) -> ReadError:
    """A document the extractor failed on, as a skipped file with a one-line reason."""
    message = " ".join(str(exc).split())[:200]
    return ReadError(path, f"internal error: {type(exc).__name__}: {message}")


def build_one(task: tuple[str, str]) -> Built | ReadError:
    """Read, extract and convert one article ``(path, doc_id)``; a pure function of the file."""
    path, doc_id = task
    extractor = _extractor()  # outside the try: a broken rule or lexicon file stops it all
    try:
        document = read_document(path, doc_id=doc_id)
        extraction = extractor.extract(document)
        return built(document, extraction.asserted(), extraction.doses, cut=extraction.cut)
    except ReadError as exc:
        return exc
    except Exception as exc:  # a bug on one document must not stop the others
        return _failed(path, exc)


def _build_many(tasks: list[tuple[str, str]]) -> list[Built | ReadError]:
    return [build_one(t) for t in tasks]


def _extract_many(tasks: list[tuple[str, str]]) -> list[Extracted | ReadError]:
    return [_extract_one(t) for t in tasks]


R = TypeVar("R")


def _run(
    tasks: list[tuple[str, str]],
    one: Callable[[tuple[str, str]], R],
    many: Callable[[list[tuple[str, str]]], list[R]],
    jobs: int,
) -> Iterator[R]:
    """``one`` over ``tasks`` in order, on ``jobs`` processes, with few results in flight.

    Tasks go to the workers in chunks, and no more than ``3 * jobs`` chunks are out
    at a time, so a slow consumer (the store) never lets results pile up in memory.
    """
    if jobs <= 1 or len(tasks) < 2:
        yield from map(one, tasks)
        return
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        # build the extractor once, here: forked workers share it instead of each
        # spending seconds on its own gazetteer
        _extractor()
        context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=die_with_parent,  # a killed build leaves no worker behind
        initargs=(os.getpid(),),
    )
    window: deque[Future[list[R]]] = deque()
    try:
        for i in range(0, len(tasks), chunk):
            window.append(pool.submit(many, tasks[i : i + chunk]))
            if len(window) >= 3 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def extract_paths(
    paths: Iterable[Path | str],
    *,
    jobs: int = 1,
    report: BuildReport | None = None,
    follow_links: bool = False,
) -> Iterator[Extracted | ReadError]:
    """Read and extract every article under ``paths``, in order, on ``jobs`` processes;
    ``-`` is the article on standard input (read first).

    Yields :class:`Extracted` records, or the :class:`ReadError` of a bad file.
    """
    report = report if report is not None else BuildReport()
    paths = list(paths)
    if any(str(p) == "-" for p in paths):  # the article on stdin, read here
        yield _extract_stdin()
        paths = [p for p in paths if str(p) != "-"]
        if not paths:
            return
    tasks = [(str(p), i) for p, i in plan_ids(_files(paths, report, follow_links))]
    yield from _run(tasks, _extract_one, _extract_many, jobs)


def _extract_stdin() -> Extracted | ReadError:
    """The article on standard input (document id ``stdin``; HTML told by its start)."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return ReadError("-", f"standard input is larger than {MAX_BYTES // 2**20} MB")
    try:
        document = document_from_bytes(data, path="-", doc_id="stdin")
    except ReadError as exc:
        return exc
    return Extracted(document, _extractor().extract(document))


def plan(
    paths: Iterable[Path | str],
    existing: Mapping[str, str],
    report: BuildReport,
    *,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    follow_links: bool = False,
) -> tuple[list[tuple[str, str]], set[str]]:
    """The ``(path, doc_id)`` tasks to build (new or changed files) and every document id seen.

    Unchanged files (same bytes as stored, unless ``force``) are recorded in ``report``.
    """
    files = plan_ids(_files(paths, report, follow_links))
    if on_total is not None:
        on_total(len(files))
    todo: list[tuple[str, str]] = []
    for path, doc_id in files:
        if not force and doc_id in existing and existing[doc_id] == _sha256(path):
            report.unchanged.append(doc_id)
            if progress:
                progress(1)
        else:
            todo.append((str(path), doc_id))
    return todo, {doc_id for _, doc_id in files}


def prune_missing(
    store: GraphStore, existing: Mapping[str, str], seen: set[str], report: BuildReport
) -> None:
    """Remove the stored documents whose files were not seen."""
    gone = sorted(set(existing) - seen)
    store.remove_documents(gone)
    report.removed.extend(gone)


def build(
    paths: Iterable[Path | str],
    store: GraphStore,
    *,
    prune: bool = False,
    force: bool = False,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    follow_links: bool = False,
    validate: bool = False,
) -> BuildReport:
    """Bring the store up to date with the articles under ``paths``.

    A document whose bytes did not change is not read again (unless ``force``); a changed
    one has its evidence replaced; with ``prune``, documents whose files are gone are
    removed. Files that cannot be read are skipped and reported, the rest is built.
    Symbolic links out of a folder given are followed only with ``follow_links``. With
    ``validate``, the named graphs written are checked against the shapes, inside the
    store (:func:`drugkg.kg.validate.validate_documents`), into ``report.invalid``.

    Articles are read and extracted on ``jobs`` processes and streamed to the store, whose
    writes are batched (see :class:`BulkWriter`): memory stays flat as the corpus grows.
    """
    report = BuildReport()
    existing = store.documents()
    todo, seen = plan(paths, existing, report, force=force, progress=progress,
                      on_total=on_total, follow_links=follow_links)  # fmt: skip
    write(_run(todo, build_one, _build_many, jobs), store, existing, report, progress)
    if prune:
        prune_missing(store, existing, seen, report)
    if validate:
        validate_written(store, report)
    return report


def validate_written(store: GraphStore, report: BuildReport) -> None:
    """Check the documents a build added or updated; what is wrong goes to ``report.invalid``."""
    from drugkg.kg.validate import validate_documents

    written = [graph_iri(doc_id) for doc_id in [*report.added, *report.updated]]
    report.invalid.extend(str(v) for v in validate_documents(store, written).violations)


def write(
    results: Iterable[Built | ReadError],
    store: GraphStore,
    existing: Mapping[str, str],
    report: BuildReport,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write built documents to ``store``: new ones in bulk, changed ones replacing theirs."""
    writer = BulkWriter(store)
    try:
        for result in results:
            if isinstance(result, Built) and result.cut:
                report.cut.append(Skipped(result.source, result.cut))
            if isinstance(result, ReadError):
                report.skipped.append(Skipped(result.path, result.reason))
            elif existing.get(result.doc_id) == "" and holds(store, result):
                # left by an interrupted build with its named graph loaded but not its
                # checksum (written last, with the facts): derive what it states, now
                writer.add(result, loaded=True)
                report.updated.append(result.doc_id)
            elif result.doc_id in existing:
                writer.flush()  # its old named graph goes before the new one is loaded
                store.remove_document(result.doc_id)
                writer.add(result)
                report.updated.append(result.doc_id)
            else:
                writer.add(result)
                report.added.append(result.doc_id)
            if progress:
                progress(1)
    finally:
        writer.close()


def _sha256(path: Path) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
