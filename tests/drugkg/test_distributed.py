"""Builds on a Dask cluster the test starts itself equal the single-process build."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore
from drugkg.pipeline import build

distributed = pytest.importorskip("dask.distributed")
from drugkg.distributed import build_distributed  # noqa: E402

Invoke = Callable[..., Any]
SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """A local cluster: one worker, two threads, in this process (starts in a second)."""
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus and the test corpus together, with an unreadable file."""
    root = tmp_path_factory.mktemp("articles")
    shutil.copytree(SAMPLE, root / "sample")
    (root / "sample" / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def single(articles: Path) -> Iterator[GraphStore]:
    with GraphStore.memory() as store:
        build([articles], store)
        yield store


def assert_isomorphic(actual: GraphStore, expected: GraphStore) -> None:
    a, e = actual.to_dataset(), expected.to_dataset()
    assert datasets_isomorphic(a, e), dataset_diff(e, a)


def test_a_dask_build_equals_the_single_process_build(
    articles: Path, single: GraphStore, client: object, tmp_path: Path
) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        report = build_distributed([articles], store, client=client, partition_size=3)
        assert len(report.added) == 8 and report.updated == report.unchanged == []
        assert [Path(s.path).name for s in report.skipped] == ["empty.txt"]
        assert_isomorphic(store, single)
        assert set(store.quads()) == set(single.quads())
        again = build_distributed([articles], store, client=client)
        assert len(again.unchanged) == 8 and again.added == []


def test_partitioned_nquads_are_the_whole_graph(
    articles: Path, single: GraphStore, client: object, tmp_path: Path
) -> None:
    out = tmp_path / "nquads"
    build_distributed([articles], None, client=client, output=out, partition_size=2)
    parts = sorted(p.name for p in out.glob("*.nq"))
    assert parts[0] == "default.nq" and len(parts) >= 3
    loaded = ox.Store()
    for part in out.glob("*.nq"):  # what a SPARQL server's bulk loader would do
        loaded.bulk_load(path=part, format=ox.RdfFormat.N_QUADS)
    assert_isomorphic(GraphStore(loaded), single)


def test_a_changed_article_is_replaced(articles: Path, client: object, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(articles, corpus)
    with GraphStore.memory() as store:
        build_distributed([corpus], store, client=client)
        leaflet = corpus / "sample" / "oxycodone-patient-leaflet.txt"
        leaflet.write_text(leaflet.read_text() + "\nOxycodone may cause hiccups.\n")
        report = build_distributed([corpus], store, client=client)
        assert report.updated == ["oxycodone-patient-leaflet"]
        with GraphStore.memory() as fresh:
            build([corpus], fresh)
            assert_isomorphic(store, fresh)


def test_the_build_command_runs_on_a_scheduler(
    articles: Path, single: GraphStore, client: object, cli: Invoke, tmp_path: Path
) -> None:
    address = client.scheduler.address  # type: ignore[attr-defined]
    run = cli("build", articles, "--no-turtle", "--engine", "dask", "--scheduler", address,
              "--nquads", "parts")  # fmt: skip
    assert run.code == 0, run.output
    assert "added 8" in run.stdout
    with GraphStore.open(tmp_path / "drugkg-store", read_only=True) as store:
        assert_isomorphic(store, single)
    assert (tmp_path / "parts" / "default.nq").exists()


def test_scheduler_without_the_dask_engine_is_a_usage_error(cli: Invoke, articles: Path) -> None:
    run = cli("build", articles, "--scheduler", "tcp://localhost:8786")
    assert run.code == 2
    assert run.error_line() == "error: --scheduler and --nquads need --engine dask"
