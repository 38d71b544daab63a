"""How removing documents scales with the store: ``python -m benchmarks removal``.

Builds a store of ``small`` generated articles and one ``factor`` times larger (the larger
holds the smaller's articles), then removes the same ``remove`` articles from each, as
``drugkg build --prune`` does (:meth:`GraphStore.remove_documents`) and, on a copy, the way
it was done before (one document at a time, every fact it touched derived again from all
its readings). Prints the cost per removed document on each store and their ratio: 1.0
means the cost does not grow with the store. Times are CPU seconds of the thread that
removes (Oxigraph reads and writes in the caller's thread), so neither other load on the
machine nor RocksDB's background compaction of a freshly built store counts.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import write_corpus
from drugkg.kg.store import GraphStore
from drugkg.pipeline import build

__all__ = ["removal_scaling"]


def _timed(store_dir: Path, remove: Callable[[GraphStore], object]) -> float:
    with GraphStore.open(store_dir) as store:
        start = time.thread_time()
        remove(store)
        return time.thread_time() - start


def _one_at_a_time(ids: list[str]) -> Callable[[GraphStore], object]:
    def remove(store: GraphStore) -> None:
        for doc_id in ids:
            store._apply(doc_id, None)  # the path before batched removal: a full re-derivation

    return remove


def removal_scaling(
    *, small: int = 200, factor: int = 8, remove: int = 40, jobs: int = 2, work: Path | None = None
) -> dict[str, float]:
    """Per-document removal cost (ms) on a small and a larger store, now and before."""
    root = Path(tempfile.mkdtemp(prefix="drugkg-removal-", dir=work))
    try:
        write_corpus(root / "corpus", small * factor)
        files = sorted((root / "corpus").rglob("*.*"))
        stores = {"small": (root / "small", files[:small]), "large": (root / "large", files)}
        for store_dir, paths in stores.values():
            with GraphStore.open(store_dir) as store:
                build(paths, store, jobs=jobs)
        with GraphStore.open(root / "small", read_only=True) as store:
            ids = list(store.documents())[:: max(1, small // remove)][:remove]
        figures: dict[str, float] = {}
        for name, (store_dir, _) in stores.items():
            with GraphStore.open(store_dir, read_only=True) as store:
                figures[f"{name}_quads"] = len(store)
            shutil.copytree(store_dir, root / f"{name}-old")
            now = _timed(store_dir, lambda s: s.remove_documents(ids))
            before = _timed(root / f"{name}-old", _one_at_a_time(ids))
            figures[f"{name}_ms"] = 1000 * now / len(ids)
            figures[f"{name}_before_ms"] = 1000 * before / len(ids)
        figures["ratio"] = figures["large_ms"] / figures["small_ms"]
        figures["ratio_before"] = figures["large_before_ms"] / figures["small_before_ms"]
        return figures
    finally:
        shutil.rmtree(root, ignore_errors=True)


def report(figures: dict[str, float], *, small: int, factor: int, remove: int) -> str:
    """The figures as the lines ``python -m benchmarks removal`` prints."""
    return "\n".join(
        [
            f"removing {remove} documents, CPU ms per document",
            f"  {small} documents ({figures['small_quads']:,.0f} quads): "
            f"{figures['small_ms']:.1f} (before: {figures['small_before_ms']:.1f})",
            f"  {small * factor} documents ({figures['large_quads']:,.0f} quads): "
            f"{figures['large_ms']:.1f} (before: {figures['large_before_ms']:.1f})",
            f"  large / small: {figures['ratio']:.2f} (before: {figures['ratio_before']:.2f})",
        ]
    )
