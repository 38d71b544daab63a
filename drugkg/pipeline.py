"""The main job: read articles, extract facts, write them to the store (incrementally)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from drugkg.kg.store import GraphStore
from drugkg.model import Document
from drugkg.readers import ReadError, Skipped, find_files, read_document

__all__ = ["BuildReport", "build", "extract_paths", "plan_ids"]

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did, document by document, and what it skipped and why."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

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
        doc_id = path.stem
        if doc_id in taken:
            doc_id = f"{path.parent.name}/{path.stem}"
            n = 2
            while doc_id in taken:
                doc_id, n = f"{path.parent.name}/{path.stem}~{n}", n + 1
        taken.add(doc_id)
        planned.append((path, doc_id))
    return planned


def _files(paths: Iterable[Path | str], report: BuildReport) -> list[Path]:
    files = []
    for item in find_files(paths):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            files.append(item)
    return files


# Each worker process builds its extractor once (the gazetteer takes a couple of seconds).
_WORKER_EXTRACTOR = None


def _extract_one(task: tuple[str, str]) -> tuple[Document, object] | ReadError:
    global _WORKER_EXTRACTOR
    from drugkg.extract.engine import Extractor

    path, doc_id = task
    try:
        document = read_document(path, doc_id=doc_id)
    except ReadError as exc:
        return exc
    if _WORKER_EXTRACTOR is None:
        _WORKER_EXTRACTOR = Extractor()
    return document, _WORKER_EXTRACTOR.extract(document)


def extract_paths(
    paths: Iterable[Path | str], *, jobs: int = 1, report: BuildReport | None = None
) -> Iterator[tuple[Document, object] | ReadError]:
    """Read and extract every article under ``paths``, in order, on ``jobs`` processes.

    Yields ``(document, extraction)`` pairs, or the :class:`ReadError` of a bad file.
    """
    report = report if report is not None else BuildReport()
    tasks = [(str(p), i) for p, i in plan_ids(_files(paths, report))]
    if jobs <= 1 or len(tasks) < 2:
        yield from map(_extract_one, tasks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(
            _extract_one, tasks, chunksize=max(1, min(64, len(tasks) // (jobs * 4)))
        )


def build(
    paths: Iterable[Path | str],
    store: GraphStore,
    *,
    prune: bool = False,
    force: bool = False,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> BuildReport:
    """Bring the store up to date with the articles under ``paths``.

    A document whose bytes did not change is not read again (unless ``force``); a changed
    one has its evidence replaced; with ``prune``, documents whose files are gone are
    removed. Files that cannot be read are skipped and reported, the rest is built.
    """
    from drugkg.extract.engine import Extraction

    report = BuildReport()
    existing = store.documents()
    files = plan_ids(_files(paths, report))
    if on_total is not None:
        on_total(len(files))
    todo: list[tuple[Path, str]] = []
    for path, doc_id in files:
        if not force and doc_id in existing and existing[doc_id] == _sha256(path):
            report.unchanged.append(doc_id)
            if progress:
                progress(1)
        else:
            todo.append((path, doc_id))
    tasks = [(str(p), i) for p, i in todo]
    results: Iterable[tuple[Document, object] | ReadError]
    if jobs > 1 and len(tasks) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(_extract_one, tasks, chunksize=max(1, min(32, len(tasks) // (jobs * 4))))
    else:
        pool = None
        results = map(_extract_one, tasks)
    try:
        for result in results:
            if isinstance(result, ReadError):
                report.skipped.append(Skipped(result.path, result.reason))
            else:
                document, extraction = result
                assert isinstance(extraction, Extraction)
                was_there = document.id in existing
                store.replace_document(document, extraction.asserted(), extraction.doses)
                (report.updated if was_there else report.added).append(document.id)
            if progress:
                progress(1)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if prune:
        seen = {doc_id for _, doc_id in files}
        for doc_id in sorted(set(existing) - seen):
            store.remove_document(doc_id)
            report.removed.append(doc_id)
    return report


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
