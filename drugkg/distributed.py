"""Builds on a Dask cluster: workers extract partitions of the corpus, the driver loads them.

Extraction is a pure function of a document, so it maps over partitions of the corpus
on any number of machines; what needs the whole corpus (a fact's belief, an entity's
merged description) is a small reduce on the driver. Each partition becomes one N-Quads
file of named graphs (``part-00000.nq``...); the driver bulk-loads them into the store,
then derives facts and entities once. With ``output``, the partitions stay on disk and
the reduce is written beside them as ``default.nq`` (the default graph: facts, entities,
and the documents' checksums), so the directory is the whole dataset, ready for a SPARQL
server's bulk loader.

Workers read the article paths the driver gives them and write partitions to
``output``: on a cluster of several machines both must be on a shared file system.
Without ``output``, partitions travel back to the driver through Dask instead.

Why Dask rather than Ray: the job is a plain map of a Python function over files and
a reduce of small dictionaries, which is what ``dask.distributed`` does with no more
than ``pip install "dask[distributed]"`` (pure Python wheels); a ``LocalCluster`` runs
in-process for tests; and it deploys on the schedulers a pharmacovigilance team's
cluster already has (SSH, Slurm/PBS through dask-jobqueue, Kubernetes, YARN). Ray's
strengths (actors, a shared object store, GPU scheduling) buy nothing here, for a
much larger install and a runtime of its own.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drugkg.kg._atomic import write_atomically
from drugkg.kg.bulk import BulkWriter, default_graph, write_nquads
from drugkg.kg.derive import Derivation
from drugkg.kg.store import GraphStore
from drugkg.pipeline import BuildReport, build_one, plan, prune_missing, validate_written
from drugkg.readers import ReadError, Skipped

__all__ = [
    "Partition",
    "build_distributed",
    "dask_build",
    "extract_partition",
]

#: Documents per partition (one Dask task, one N-Quads file).
PARTITION_SIZE = 500


@dataclass
class Partition:
    """What one partition of the corpus gave: its N-Quads and what they touch.

    ``derived`` counts what its documents state (facts with their document readings,
    entities, checksums): enough to derive the facts' belief without a store.
    """

    index: int
    doc_ids: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    path: str | None = None  # the partition file, when written by the worker
    nquads: bytes = b""  # the named graphs, when sent back to the driver
    derived: Derivation = field(default_factory=Derivation)


def extract_partition(
    index: int, tasks: list[tuple[str, str]], output: str | None = None
) -> Partition:
    """Read, extract and convert the ``(path, doc_id)`` tasks of partition ``index``.

    With ``output``, the named graphs go to ``output/part-<index>.nq`` (written under a
    temporary name, then renamed: a retried task never leaves half a file).
    """
    part = Partition(index)
    chunks: list[bytes] = []
    for task in tasks:
        result = build_one(task)
        if isinstance(result, ReadError):
            part.skipped.append(Skipped(result.path, result.reason))
            continue
        part.doc_ids.append(result.doc_id)
        part.derived.update(result.derivation())
        chunks.append(result.nquads)
    data = b"".join(chunks)
    if output is None:
        part.nquads = data
    else:
        path = Path(output) / f"part-{index:05d}.nq"
        write_atomically(path, data)
        part.path = str(path)
    return part


def _partitions(tasks: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def _results(
    client: Any,
    parts: list[list[tuple[str, str]]],
    output: str | None,
    window: int,
) -> Iterator[Partition]:
    """Partitions in order, with at most ``window`` of them submitted at a time."""
    pending: deque[Any] = deque()
    try:
        for index, tasks in enumerate(parts):
            pending.append(client.submit(extract_partition, index, tasks, output, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def build_distributed(
    paths: Iterable[Path | str],
    store: GraphStore | None,
    *,
    scheduler: str | None = None,
    client: Any = None,
    output: Path | str | None = None,
    partition_size: int = PARTITION_SIZE,
    prune: bool = False,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    follow_links: bool = False,
    validate: bool = False,
) -> BuildReport:
    """Like :func:`drugkg.pipeline.build`, with extraction on a Dask cluster.

    Give the cluster as a ``scheduler`` address (``tcp://host:8786``) or a connected
    ``dask.distributed.Client``. With ``output``, the partitions and ``default.nq``
    are kept there (see the module docstring). ``store`` may be ``None`` to write
    only ``output``.
    """
    if store is None and output is None:
        raise ValueError("nowhere to write: give a store, an output directory, or both")
    from dask.distributed import Client

    report = BuildReport()
    existing = store.documents() if store is not None else {}
    todo, seen = plan(paths, existing, report, force=force, progress=progress,
                      on_total=on_total, follow_links=follow_links)  # fmt: skip
    own_client = None
    if client is None:
        if scheduler is None:
            raise ValueError("give a Dask scheduler address or a client")
        client = own_client = Client(scheduler)
    out_dir: str | None = None
    if output is not None:
        Path(output).mkdir(parents=True, exist_ok=True)
        for stale in Path(output).glob("*.nq"):
            stale.unlink()
        out_dir = str(Path(output).resolve())
    try:
        workers = max(1, sum(client.nthreads().values()))
        size = max(1, min(partition_size, math.ceil(len(todo) / (workers * 4)) or 1))
        parts = _partitions(todo, size)
        writer = BulkWriter(store) if store is not None else None
        derived = Derivation()
        try:
            for part in _results(client, parts, out_dir, window=2 * workers):
                report.skipped.extend(part.skipped)
                if writer is not None and store is not None:
                    for doc_id in part.doc_ids:
                        if doc_id in existing:
                            writer.flush()
                            store.remove_document(doc_id)
                    data = Path(part.path) if part.path is not None else part.nquads
                    writer.add_graphs(data, part.derived)
                if out_dir is not None:
                    if part.path is None:
                        Path(out_dir, f"part-{part.index:05d}.nq").write_bytes(part.nquads)
                    derived.update(part.derived)
                for doc_id in part.doc_ids:
                    (report.updated if doc_id in existing else report.added).append(doc_id)
                if progress:
                    progress(len(part.doc_ids) + len(part.skipped))
        finally:
            if writer is not None:
                writer.close()
        if out_dir is not None:
            quads = default_graph(derived) + derived.checksums
            write_nquads(Path(out_dir) / "default.nq", quads)
    finally:
        if own_client is not None:
            own_client.close()
    if prune and store is not None:
        prune_missing(store, existing, seen, report)
    if validate and store is not None:
        validate_written(store, report)
    return report


def dask_build(
    paths: Iterable[Path | str],
    store: GraphStore | None,
    *,
    scheduler: str | None = None,
    output: Path | str | None = None,
    jobs: int = 1,
    **options: Any,
) -> BuildReport:
    """:func:`build_distributed` on the cluster at ``scheduler``, or on a local cluster of
    ``jobs`` single-threaded worker processes started for the build (``drugkg build
    --engine dask``)."""
    if scheduler is not None:
        return build_distributed(paths, store, scheduler=scheduler, output=output, **options)
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=max(1, jobs), threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        return build_distributed(paths, store, client=client, output=output, **options)
