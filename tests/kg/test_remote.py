"""The graph on an external SPARQL server: ``oxigraph serve`` started by the tests, not a mock.

The server (the ``oxigraph`` package's binary, in memory) listens on a free 127.0.0.1
port; every test starts from an empty server. The sample corpus is extracted once and
written both into it and into an embedded store, and the two must hold the same graph.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from drugkg.cli import app
from drugkg.kg._sparql import substitute
from drugkg.kg.bulk import Built
from drugkg.kg.export import export
from drugkg.kg.queries import load_queries, run_named
from drugkg.kg.remote import RemoteGraphStore, endpoints, open_store
from drugkg.kg.store import GraphStore, StoreError
from drugkg.pipeline import BuildReport, build_one, plan_ids, write
from drugkg.readers import find_files

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
TWO = ["sertraline-zoloft.html", "lamictal-rash-blog.md"]
HOSTILE = 'x" } ; DROP ALL ; #'
#: A value per named-query parameter that matches something in the test data.
PARAMS = {"drug": "clonazepam", "condition": "seizures"}
OVERRIDES = {"contraindicated_in": {"condition": "liver disease"}}


def _params(name: str) -> dict[str, str]:
    query = load_queries()[name]
    return {p.name: OVERRIDES.get(name, PARAMS).get(p.name, PARAMS[p.name]) for p in query.params}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve`` (in memory) on a free port; its base URL."""
    binary = _oxigraph_binary()
    if binary is None:
        reason = "the oxigraph server is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI must test the remote store")
        pytest.skip(reason)
    log = tmp_path_factory.mktemp("oxigraph") / "serve.log"
    for _attempt in range(3):
        port = _free_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [binary, "serve", "--bind", f"127.0.0.1:{port}"], stdout=sink, stderr=sink
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            process.kill()
            process.wait(10)
            continue
        try:
            yield url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        return
    raise AssertionError(f"oxigraph serve did not start:\n{log.read_text(errors='replace')}")


@pytest.fixture
def remote(oxigraph_url: str) -> Iterator[RemoteGraphStore]:
    """An empty graph on the server."""
    httpx.post(f"{oxigraph_url}/update", data={"update": "DROP ALL"}, timeout=30)
    with RemoteGraphStore(oxigraph_url) as store:
        assert len(store) == 0
        yield store


@pytest.fixture(scope="module")
def built() -> list[Built]:
    """The sample corpus, read, extracted and converted once."""
    tasks = [(str(path), doc_id) for path, doc_id in plan_ids(find_files([SAMPLE]))]  # type: ignore[arg-type]
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(build_one, tasks))
    assert all(isinstance(r, Built) for r in results), results
    return results  # type: ignore[return-value]


def _write_all(results: list[Built], store: GraphStore) -> BuildReport:
    report = BuildReport()
    write(iter(results), store, store.documents(), report)
    return report


# -- the same graph --------------------------------------------------------------------------


def test_the_sample_corpus_gives_the_same_graph_remote_and_embedded(
    remote: RemoteGraphStore,
    built: list[Built],
    assert_same: Callable[[GraphStore, GraphStore], None],
) -> None:
    embedded = GraphStore.memory()
    _write_all(built, embedded)
    report = _write_all(built, remote)
    assert len(report.added) == 8
    assert len(remote) == len(embedded) > 5000
    assert_same(embedded, remote)
    assert remote.stats() == embedded.stats()
    assert remote.documents() == embedded.documents()
    assert remote.facts(drug="Zoloft") == embedded.facts(drug="Zoloft")
    assert remote.explain("sertraline", "treats", "panic disorder") == embedded.explain(
        "sertraline", "treats", "panic disorder"
    )
    for fmt in ("nq", "turtle"):  # exports are sorted: the same bytes
        a, b = _export(embedded, fmt), _export(remote, fmt)
        assert a == b, fmt


def _export(store: GraphStore, fmt: str) -> bytes:
    import io

    buffer = io.BytesIO()
    export(store, fmt, buffer)
    return buffer.getvalue()


def test_replacing_and_removing_documents_matches_the_embedded_store(
    remote: RemoteGraphStore,
    sources: dict[str, object],
    klonopin_without: Callable[..., object],
    assert_same: Callable[[GraphStore, GraphStore], None],
) -> None:
    embedded = GraphStore.memory()
    steps: list[Callable[[GraphStore], object]] = [
        lambda s: sources["klonopin"].write(s),  # type: ignore[attr-defined]
        lambda s: sources["valium"].write(s),  # type: ignore[attr-defined]
        lambda s: sources["second"].write(s),  # type: ignore[attr-defined]
        lambda s: klonopin_without(without=["Klonopin (clonazepam) is used to treat seizures "
                                            "and panic disorder."]).write(s),  # type: ignore[attr-defined]
        lambda s: s.remove_document(sources["valium"].doc.id),  # type: ignore[attr-defined]
        lambda s: s.remove_document("not stored"),
    ]  # fmt: skip
    for step in steps:
        a, b = step(embedded), step(remote)
        assert a == b
        assert_same(embedded, remote)


def test_a_second_write_of_the_same_document_changes_nothing(
    remote: RemoteGraphStore, sources: dict[str, object]
) -> None:
    sources["klonopin"].write(remote)  # type: ignore[attr-defined]
    doc = sources["klonopin"]
    again = remote.replace_document(doc.doc, doc.assertions, doc.doses)  # type: ignore[attr-defined]
    assert not again.changed


# -- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_named_queries_give_the_same_rows(
    remote: RemoteGraphStore, store: GraphStore, name: str
) -> None:
    remote.oxigraph.bulk_load(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS))
    params = _params(name)
    local = run_named(store, name, params)
    there = run_named(remote, name, params)
    assert there.variables == local.variables
    assert sorted(there.rows()) == sorted(local.rows())
    assert local.rows() or not params  # the parameters match something


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_written_terms_mean_what_substitution_means(store: GraphStore, name: str) -> None:
    """What the remote store sends (terms written in place) equals pyoxigraph's substitution."""
    query = load_queries()[name]
    for values in (_params(name),
                   {p.name: HOSTILE for p in query.params}):  # fmt: skip
        bindings = query.bindings(values)
        substituted = store.query(query.text, bindings=bindings)
        terms = {k: ox.Literal(v) for k, v in bindings.items()}
        written = store.query(substitute(query.text, terms))
        assert written.variables == substituted.variables
        assert written.rows() == substituted.rows()


def test_a_hostile_parameter_is_harmless_on_the_remote_store(
    remote: RemoteGraphStore, store: GraphStore
) -> None:
    remote.oxigraph.bulk_load(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS))
    before = len(remote)
    for name, param in [("what_treats", "condition"), ("side_effects", "drug")]:
        assert run_named(remote, name, {param: HOSTILE}).rows() == []
    assert len(remote) == before


def test_query_errors_read_like_the_embedded_ones(remote: RemoteGraphStore) -> None:
    from drugkg.kg.store import QueryError

    with pytest.raises(QueryError, match="malformed SPARQL query"):
        remote.query("SELECT ?x WHERE { ?x ")
    graph = remote.query("CONSTRUCT { drug:x dkg:treats condition:y } WHERE {}")
    assert graph.kind == "graph" and len(graph) == 1
    assert remote.query("ASK { ?s ?p ?o }").boolean is False


def test_the_dataset_round_trips(remote: RemoteGraphStore, store: GraphStore) -> None:
    data = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    remote.oxigraph.bulk_load(data, ox.RdfFormat.N_QUADS)
    assert sorted(remote.quads(), key=str) == sorted(store.quads(), key=str)
    assert set(remote.oxigraph.named_graphs()) == set(store.oxigraph.named_graphs())


# -- opening -----------------------------------------------------------------------------------


def test_a_read_only_remote_store_refuses_writes(
    oxigraph_url: str, sources: dict[str, object]
) -> None:
    with (
        RemoteGraphStore(oxigraph_url, read_only=True) as store,
        pytest.raises(StoreError, match="read-only"),
    ):
        sources["klonopin"].write(store)  # type: ignore[attr-defined]


def test_an_unreachable_endpoint_is_a_store_error() -> None:
    url = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        open_store(url)


def test_endpoint_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    assert endpoints("http://h:7878/") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("https://h/ds/query") == ("https://h/ds/query", "https://h/ds/update")
    assert endpoints("http://h/sparql") == ("http://h/sparql", "http://h/sparql")
    monkeypatch.setenv("DRUGKG_UPDATE_URL", "http://h/statements")
    assert endpoints("http://h/sparql") == ("http://h/sparql", "http://h/statements")


# -- the command line ----------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_build_query_and_export_against_the_endpoint(
    remote: RemoteGraphStore, oxigraph_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRUGKG_STORE", raising=False)
    files = [str(SAMPLE / name) for name in TWO]
    code, out, err = _cli("build", "--store", oxigraph_url, "-j", "1", "--no-turtle", *files)
    assert code == 0, err
    assert f"store: {oxigraph_url}  documents: 2" in out
    code, out, err = _cli("build", "--store", str(tmp_path / "local"), "-j", "1",
                          "--no-turtle", *files)  # fmt: skip
    assert code == 0, err

    treats = "SELECT ?c WHERE { drug:sertraline dkg:treats ?c } ORDER BY ?c"
    code, out, err = _cli("query", "--store", oxigraph_url, "--format", "csv", treats)
    assert code == 0, err
    assert "https://w3id.org/drugkg/resource/condition/panic-disorder" in out.splitlines()
    code, out, err = _cli("query", "--store", oxigraph_url, "--name", "side_effects",
                          "--param", "drug=Zoloft", "--format", "tsv")  # fmt: skip
    assert code == 0, err
    assert len(out.splitlines()) > 3

    exported = {}
    for where in (oxigraph_url, str(tmp_path / "local")):
        code, out, err = _cli("export", "--store", where, "--format", "nq", "-o",
                              str(tmp_path / "out.nq"))  # fmt: skip
        assert code == 0, err
        exported[where] = (tmp_path / "out.nq").read_bytes()
    assert exported[oxigraph_url] == exported[str(tmp_path / "local")]

    code, out, err = _cli("build", "--store", oxigraph_url, "-j", "1", "--no-turtle", *files)
    assert code == 0, err
    assert "unchanged 2" in out


def test_an_unreachable_store_url_is_one_line_on_stderr() -> None:
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    code, _out, err = _cli("facts", "--store", url)
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: cannot reach the SPARQL endpoint {url}: [Errno 111] Connection refused"
    ] or err.startswith(f"error: cannot reach the SPARQL endpoint {url}")
    assert len(err.strip().splitlines()) == 1


def test_drugkg_serve_over_a_remote_store(
    remote: RemoteGraphStore, store: GraphStore, oxigraph_url: str, tmp_path: Path
) -> None:
    """``drugkg serve --store URL``: the endpoint's workers read the remote graph."""
    remote.oxigraph.bulk_load(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS))
    script = Path(sys.executable).parent / "drugkg"
    command = [str(script)]
    if not script.exists():
        command = [sys.executable, "-c", "from drugkg.cli import main; main()"]
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "serve", "--store", oxigraph_url, "--port", str(port), "--workers", "1"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(url + "health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        response = httpx.get(
            url + "queries/what_treats", params={"condition": "seizures"}, timeout=30
        )
        assert response.status_code == 200, response.text
        drugs = {b["drug"]["value"] for b in response.json()["results"]["bindings"]}
        assert drugs == {"clonazepam"}
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    assert "Traceback" not in log.read_text(errors="replace")
