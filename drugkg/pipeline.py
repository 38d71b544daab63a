"""The main job: read articles, extract facts, write them to the store (incrementally)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import pyoxigraph as ox

from drugkg.kg._fork import die_with_parent
from drugkg.kg.belief import Support, belief
from drugkg.kg.iri import graph_iri
from drugkg.kg.rdf import document_graph, double_literal, merge_entities
from drugkg.kg.store import GraphStore
from drugkg.kg.vocab import DKG
from drugkg.model import Document, Entity
from drugkg.readers import ReadError, Skipped, find_files, printable, read_document

if TYPE_CHECKING:
    from drugkg.extract.engine import Extractor

__all__ = [
    "BuildReport",
    "Built",
    "BulkWriter",
    "Tally",
    "build",
    "build_one",
    "default_jobs",
    "extract_paths",
    "plan",
    "plan_ids",
    "prune_missing",
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
_SHA256 = ox.NamedNode(str(DKG.sha256))
_FLUSH_BYTES = 32 << 20  # load the pending named graphs once they reach this size


def _extractor() -> Extractor:
    extractor: Extractor | None = getattr(_WORKER, "extractor", None)
    if extractor is None:
        from drugkg.extract.engine import Extractor

        extractor = _WORKER.extractor = Extractor()
    return extractor


def _extract_one(task: tuple[str, str]) -> tuple[Document, object] | ReadError:
    path, doc_id = task
    extractor = _extractor()  # outside the try: a broken rule or lexicon file stops it all
    try:
        document = read_document(path, doc_id=doc_id)
        return document, extractor.extract(document)
    except ReadError as exc:
        return exc
    except Exception as exc:  # a bug on one document must not stop the others
        return _failed(path, exc)


def _failed(path: str, exc: Exception) -> ReadError:
    """A document the extractor failed on, as a skipped file with a one-line reason."""
    message = " ".join(str(exc).split())[:200]
    return ReadError(path, f"internal error: {type(exc).__name__}: {message}")


Statement = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]


@dataclass(frozen=True, slots=True)
class Built:
    """One article read, extracted and turned into RDF (in a worker): what a writer needs.

    ``nquads`` is the document's named graph in N-Quads, less its checksum quad
    (``checksum``), which is written last so that an interrupted build reads the
    document again. ``statements`` are the facts it states and ``entities`` the nodes
    they and its doses refer to. ``readings`` gives, per fact, the best confidence of
    its readings in this document (rounded as stored), how many readings there are and
    whether all are hedged: enough to compute a fact's belief without the store.
    """

    doc_id: str
    nquads: bytes
    checksum: tuple[ox.Quad, ...]
    statements: dict[ox.NamedNode, Statement]
    entities: dict[ox.NamedNode, Entity]
    readings: dict[ox.NamedNode, tuple[float, int, bool]]
    quads: int
    cut: str = ""  # what was left unread at a limit, on one line (Extraction.cut)
    source: str = ""


def build_one(task: tuple[str, str]) -> Built | ReadError:
    """Read, extract and convert one article ``(path, doc_id)``; a pure function of the file."""
    path, doc_id = task
    extractor = _extractor()  # outside the try: a broken rule or lexicon file stops it all
    try:
        return _build(read_document(path, doc_id=doc_id), extractor)
    except ReadError as exc:
        return exc
    except Exception as exc:  # a bug on one document must not stop the others
        return _failed(path, exc)


def _build(document: Document, extractor: Extractor) -> Built:
    extraction = extractor.extract(document)
    graph = document_graph(document, extraction.asserted(), extraction.doses)
    checksum = tuple(q for q in graph.quads if q.predicate == _SHA256)
    body = [q for q in graph.quads if q.predicate != _SHA256]
    readings = {}
    for fact, evidence in graph.readings.items():
        kept = [e for e in evidence if not e.negated]
        if kept:
            best = max(float(double_literal(e.confidence).value) for e in kept)
            readings[fact] = (best, len(kept), all(e.hedged for e in kept))
    return Built(
        doc_id=document.id,
        nquads=cast(bytes, ox.serialize(body, format=ox.RdfFormat.N_QUADS)),
        checksum=checksum,
        statements=dict(graph.statements),
        entities=dict(graph.entities),
        readings=readings,
        quads=len(graph.quads),
        cut=extraction.cut,
        source=document.source or document.id,
    )


@dataclass(frozen=True, slots=True)
class _PerDocument:
    """One document's best reading of a fact, as :func:`belief` reads it."""

    doc_id: str
    confidence: float
    hedged: bool = False
    negated: bool = False


class Tally:
    """A fact's readings, one entry per document, in little memory: its belief to come.

    >>> t = Tally()
    >>> t.add(0.8, 2, False); t.add(0.5, 1, True)
    >>> t.support()
    Support(confidence=0.9, documents=2, evidence=3, hedged=False)
    """

    __slots__ = ("best", "evidence", "hedged")

    def __init__(self) -> None:
        self.best = array("d")
        self.evidence = 0
        self.hedged = True

    def add(self, best: float, evidence: int, hedged: bool) -> None:
        """Count one document: its best confidence, how many readings, whether all hedged."""
        self.best.append(best)
        self.evidence += evidence
        self.hedged = self.hedged and hedged

    def support(self) -> Support:
        """What :func:`drugkg.kg.belief.summarize` gives for the same readings."""
        return Support(
            confidence=belief(_PerDocument(str(i), c) for i, c in enumerate(self.best)),
            documents=len(self.best),
            evidence=self.evidence,
            hedged=bool(self.best) and self.hedged,
        )


def _build_many(tasks: list[tuple[str, str]]) -> list[Built | ReadError]:
    return [build_one(t) for t in tasks]


def _extract_many(tasks: list[tuple[str, str]]) -> list[tuple[Document, object] | ReadError]:
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
) -> Iterator[tuple[Document, object] | ReadError]:
    """Read and extract every article under ``paths``, in order, on ``jobs`` processes.

    Yields ``(document, extraction)`` pairs, or the :class:`ReadError` of a bad file.
    """
    report = report if report is not None else BuildReport()
    tasks = [(str(p), i) for p, i in plan_ids(_files(paths, report, follow_links))]
    yield from _run(tasks, _extract_one, _extract_many, jobs)


class BulkWriter:
    """Writes built documents to a store in batches; :meth:`close` derives facts and entities.

    Named graphs are bulk-loaded as they come (in batches of up to 32 MB of N-Quads);
    the facts and entities they touch are remembered (their number grows with the
    vocabulary, not with the corpus) and recomputed once, at the end, from every reading
    in the store, together with the documents' checksums, in one transaction.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.facts: dict[ox.NamedNode, Statement] = {}
        self.entities: dict[ox.NamedNode, Entity] = {}
        self.checksums: list[ox.Quad] = []
        self.tallies: dict[ox.NamedNode, Tally] = {}
        self._pending: list[bytes] = []
        self._size = 0

    def add(self, built: Built, *, loaded: bool = False) -> None:
        """Queue one document's named graph (the store must not hold it, unless ``loaded``:
        it holds exactly that graph already, and only what derives from it is missing)."""
        readings = {fact: (reading,) for fact, reading in built.readings.items()}
        data = b"" if loaded else built.nquads
        self.add_graphs(data, built.statements, built.entities, built.checksum, readings)

    def add_graphs(
        self,
        data: bytes | Path,
        statements: Mapping[ox.NamedNode, Statement],
        entities: Mapping[ox.NamedNode, Entity],
        checksums: Iterable[ox.Quad],
        readings: Mapping[ox.NamedNode, Iterable[tuple[float, int, bool]]],
    ) -> None:
        """Queue named graphs as N-Quads (bytes, or a file loaded at once), and what they touch.

        ``readings`` are the per-document readings of each fact (see :class:`Built`).
        """
        self.facts.update(statements)
        for fact, values in readings.items():
            tally = self.tallies.get(fact)
            if tally is None:
                tally = self.tallies[fact] = Tally()
            for value in values:
                tally.add(*value)
        for node, entity in entities.items():
            known = self.entities.get(node)
            self.entities[node] = entity if known is None else merge_entities([known, entity])
        self.checksums.extend(checksums)
        if isinstance(data, Path):
            self.flush()
            self.store.bulk_load(data)
            return
        if not data:
            return
        self._pending.append(data)
        self._size += len(data)
        if self._size >= _FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Load the queued named graphs now."""
        if self._pending:
            self.store.bulk_load(b"".join(self._pending))
            self._pending, self._size = [], 0

    def close(self) -> None:
        """Load what is queued, then recompute the facts and entities it touched."""
        self.flush()
        if self.facts or self.entities or self.checksums:
            supports = {fact: tally.support() for fact, tally in self.tallies.items()}
            self.store.refresh(self.facts, self.entities, self.checksums, supports=supports)
        self.facts, self.entities, self.checksums, self.tallies = {}, {}, [], {}


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
    for doc_id in sorted(set(existing) - seen):
        store.remove_document(doc_id)
        report.removed.append(doc_id)


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
) -> BuildReport:
    """Bring the store up to date with the articles under ``paths``.

    A document whose bytes did not change is not read again (unless ``force``); a changed
    one has its evidence replaced; with ``prune``, documents whose files are gone are
    removed. Files that cannot be read are skipped and reported, the rest is built.
    Symbolic links out of a folder given are followed only with ``follow_links``.

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
    return report


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
            elif existing.get(result.doc_id) == "" and _holds(store, result):
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


def _holds(store: GraphStore, built: Built) -> bool:
    """Whether the store holds exactly the named graph of ``built`` (less its checksum)."""
    stored = set(store.quads(graph_iri(built.doc_id)))
    return stored == set(ox.parse(built.nquads, format=ox.RdfFormat.N_QUADS))


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
