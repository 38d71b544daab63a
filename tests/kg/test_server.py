"""``drugkg serve``: the real server on a free local port, queried by SPARQLWrapper and by HTTP.

The server runs as a ``drugkg serve`` subprocess over a store built from two sample
articles. Every request goes to 127.0.0.1; loops that wait are bounded in count and time,
and the fixtures stop the servers. The query page in the browser is tested in
``test_query_page.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from drugkg.kg.endpoint import negotiate
from drugkg.kg.queries import load_queries
from drugkg.kg.store import GraphStore, StoreLockedError
from drugkg.kg.vocab import DKGR
from drugkg.pipeline import build

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
ARTICLES = ["sertraline-zoloft.html", "lamictal-rash-blog.md"]
SERTRALINE = f"{DKGR}drug/sertraline"
TIME_LIMIT = 5.0
MAX_ROWS = 50
TOKEN = "correct-horse-battery-staple-42"
SELECT_TREATS = "SELECT ?d ?c WHERE { ?d dkg:treats ?c } ORDER BY ?d ?c"
#: A query that would run for hours: three copies of every triple, joined with nothing.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _drugkg() -> list[str]:
    script = Path(sys.executable).parent / "drugkg"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from drugkg.cli import main; main()"]


@dataclass
class Server:
    """A running ``drugkg serve``: its URL, process, store and log."""

    url: str
    process: subprocess.Popen[bytes]
    store: Path
    log: Path

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(store: Path | str, log: Path, *args: str) -> Server:
    """Start ``drugkg serve`` on a free port and wait (at most 90 s) until it answers."""
    for _attempt in range(3):  # another process may take the free port first
        port = _free_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [*_drugkg(), "serve", "--store", str(store), "--port", str(port), *args],
                stdout=sink,
                stderr=subprocess.STDOUT,
                env={k: v for k, v in os.environ.items() if k != "DRUGKG_SERVE_TOKEN"},
            )
        server = Server(f"http://127.0.0.1:{port}/", process, Path(store), log)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(server.url + "health", timeout=2).status_code == 200:
                    return server
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        stop_server(server)
        if "address already in use" not in server.output().lower():
            break
    raise AssertionError(f"drugkg serve did not start:\n{server.output()}")


def stop_server(server: Server) -> None:
    """Stop the server as Ctrl+C does; kill it if it lingers."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from two sample articles (sertraline, lamotrigine)."""
    directory = tmp_path_factory.mktemp("served") / "store"
    with GraphStore.open(directory) as store:
        report = build([SAMPLE / name for name in ARTICLES], store, jobs=1)
        assert not report.skipped
    return directory


@pytest.fixture(scope="module")
def server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("log") / "serve.log"
    running = start_server(
        store_dir,
        log,
        "--time-limit",
        str(TIME_LIMIT),
        "--max-rows",
        str(MAX_ROWS),
        "--workers",
        "2",
    )
    yield running
    stop_server(running)
    assert running.process.returncode == 0, running.output()
    assert "Traceback" not in running.output(), running.output()


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def triples(store_dir: Path, server: Server) -> int:
    """How many triples the default graph holds (the server holds the store read-only)."""
    with GraphStore.open(store_dir, read_only=True) as store:
        return len(list(store.quads(ox.DefaultGraph())))


def wrapper(server: Server, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def treats_pairs(store_dir: Path) -> set[tuple[str, str]]:
    with GraphStore.open(store_dir, read_only=True) as store:
        rows = store.query(SELECT_TREATS).solutions()
    return {(row["d"].value, row["c"].value) for row in rows}


# -- SPARQLWrapper ----------------------------------------------------------------------


def test_sparqlwrapper_json(server: Server, store_dir: Path) -> None:
    result = wrapper(server, SELECT_TREATS, JSON).queryAndConvert()
    assert isinstance(result, dict)
    assert result["head"]["vars"] == ["d", "c"]
    pairs = {(b["d"]["value"], b["c"]["value"]) for b in result["results"]["bindings"]}
    assert pairs == treats_pairs(store_dir)
    assert (SERTRALINE, f"{DKGR}condition/panic-disorder") in pairs


def test_sparqlwrapper_xml(server: Server, store_dir: Path) -> None:
    document = wrapper(server, SELECT_TREATS, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert set(zip(uris[::2], uris[1::2], strict=True)) == treats_pairs(store_dir)


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_and_tsv(
    server: Server, store_dir: Path, fmt: str, delimiter: str
) -> None:
    data = wrapper(server, SELECT_TREATS, fmt).queryAndConvert()
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] in (["d", "c"], ["?d", "?c"])
    values = {tuple(cell.strip("<>") for cell in row) for row in rows[1:]}
    assert values == treats_pairs(store_dir)


def test_sparqlwrapper_ask(server: Server) -> None:
    query = f"ASK {{ <{SERTRALINE}> dkg:treats ?c }}"
    answer: Any = wrapper(server, query, JSON).queryAndConvert()
    assert answer["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, XML])
def test_sparqlwrapper_construct(server: Server, fmt: str) -> None:
    query = f"CONSTRUCT {{ <{SERTRALINE}> dkg:treats ?c }} WHERE {{ <{SERTRALINE}> dkg:treats ?c }}"
    graph = wrapper(server, query, fmt).queryAndConvert()
    if isinstance(graph, bytes):  # SPARQLWrapper hands Turtle over as it comes
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert isinstance(graph, rdflib.Graph)
    treats = rdflib.URIRef("https://w3id.org/drugkg/ontology#treats")
    objects = set(graph.objects(rdflib.URIRef(SERTRALINE), treats))
    assert rdflib.URIRef(f"{DKGR}condition/panic-disorder") in objects
    assert len(graph) == len(objects)


def test_sparqlwrapper_sees_a_malformed_query(server: Server) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT ?x WHERE { ?x ", JSON).queryAndConvert()


# -- plain HTTP: the protocol -------------------------------------------------------------

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def _solutions(body: bytes, media: str) -> set[tuple[str, ...]]:
    if media == "text/csv":  # lossy: pyoxigraph does not read it back
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows[0] == ["d", "c"]
        return {(d, c) for d, c in rows[1:]}
    parsed = ox.parse_query_results(body, format=RESULT_TYPES[media])
    return {tuple(str(s[v].value) for v in ("d", "c")) for s in parsed}  # type: ignore[union-attr]


@pytest.mark.parametrize("media", list(RESULT_TYPES))
@pytest.mark.parametrize("method", ["GET", "POST form", "POST query"])
def test_each_results_format_by_accept(
    client: httpx.Client, store_dir: Path, media: str, method: str
) -> None:
    headers = {"Accept": media}
    if method == "GET":
        response = client.get("/sparql", params={"query": SELECT_TREATS}, headers=headers)
    elif method == "POST form":
        response = client.post("/sparql", data={"query": SELECT_TREATS}, headers=headers)
    else:
        headers["Content-Type"] = "application/sparql-query"
        response = client.post("/sparql", content=SELECT_TREATS.encode(), headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert _solutions(response.content, media) == treats_pairs(store_dir)


@pytest.mark.parametrize("media", list(GRAPH_TYPES))
def test_each_graph_format_by_accept(client: httpx.Client, media: str) -> None:
    query = f"DESCRIBE <{SERTRALINE}>"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    parsed = list(ox.parse(response.content, format=GRAPH_TYPES[media]))
    assert ox.Literal("sertraline") in {q.object for q in parsed}


def test_results_default_to_json_and_turtle(client: httpx.Client) -> None:
    select = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    assert select.headers["content-type"].startswith("application/sparql-results+json")
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"})
    assert graph.headers["content-type"].startswith("text/turtle")


def test_a_format_parameter_wins_over_accept(client: httpx.Client) -> None:
    response = client.get(
        "/sparql",
        params={"query": SELECT_TREATS, "format": "csv"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert response.headers["content-type"].startswith("text/csv")


def test_accept_quality_values_are_honoured() -> None:
    accept = "text/csv;q=0.2, application/sparql-results+xml;q=0.9, text/turtle;q=0"
    assert negotiate(accept) == ("xml", "turtle")
    assert negotiate("application/n-triples, text/tab-separated-values;q=0.5") == ("tsv", "nt")


def test_a_malformed_query_is_a_400_with_a_message(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x "})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("malformed SPARQL query:")
    assert len(response.text.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "give exactly one 'query'"),
        ({"query": ["ASK {}", "ASK {}"]}, 400, "give exactly one 'query'"),
        ({"update": "DROP ALL"}, 400, "must be sent with POST"),
        ({"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, 400, "SERVICE"),
    ],
)
def test_bad_requests(
    client: httpx.Client, params: dict[str, Any], status: int, message: str
) -> None:
    response = client.get("/sparql", params=params)
    assert response.status_code == status
    assert message in response.text


def test_an_unknown_body_type_is_415(client: httpx.Client) -> None:
    response = client.post(
        "/sparql", content=b"ASK {}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 415


def test_a_huge_body_is_413(client: httpx.Client) -> None:
    body = "ASK {} #" + "x" * (2 << 20)
    response = client.post(
        "/sparql", content=body.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413


def test_the_dataset_can_be_chosen(client: httpx.Client) -> None:
    graph = f"{DKGR}graph/sertraline-zoloft"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?e a dkg:Evidence }"
    everything = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    one = client.get(
        "/sparql",
        params={"query": query, "default-graph-uri": graph},
        headers={"Accept": "text/csv"},
    )
    assert everything.text.split()[1] == "0"  # evidence lives in the documents' graphs
    assert int(one.text.split()[1]) > 0


def test_only_local_host_names_are_answered(client: httpx.Client) -> None:
    response = client.get("/health", headers={"Host": "attacker.example"})
    assert response.status_code == 400


# -- read-only -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"update=DROP%20ALL", "application/x-www-form-urlencoded"),
        (b"DROP ALL", "application/sparql-update"),
        (b"INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }", "application/sparql-update"),
    ],
)
def test_updates_are_refused(
    client: httpx.Client, triples: int, store_dir: Path, content: bytes, content_type: str
) -> None:
    response = client.post(
        "/sparql",
        content=content,
        headers={"Content-Type": content_type, "Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 403
    assert "read-only" in response.text
    count = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
    )
    assert int(count.text.split()[1]) == triples


def test_sparqlwrapper_update_is_refused(server: Server) -> None:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setMethod("POST")
    sparql.setQuery("DROP ALL")
    with pytest.raises(urllib.error.HTTPError, match="HTTP Error 403"):
        sparql.query()


def test_a_running_server_keeps_writers_off_the_store(server: Server, store_dir: Path) -> None:
    with pytest.raises(StoreLockedError, match="store in use"):
        GraphStore.open(store_dir)


# -- limits --------------------------------------------------------------------------------


def test_the_time_limit_stops_a_heavy_query_while_others_get_answers(
    client: httpx.Client, server: Server
) -> None:
    restarts = client.get("/health").json()["restarts"]
    heavy: dict[str, Any] = {}

    def run_heavy() -> None:
        started = time.monotonic()
        with httpx.Client(base_url=server.url, timeout=60) as other:
            response = other.get("/sparql", params={"query": EXPENSIVE})
        heavy.update(status=response.status_code, text=response.text,
                     seconds=time.monotonic() - started)  # fmt: skip

    thread = threading.Thread(target=run_heavy)
    thread.start()
    time.sleep(0.3)
    quick = []
    for _ in range(5):  # a second client, while the heavy query runs
        started = time.monotonic()
        response = client.get("/sparql", params={"query": SELECT_TREATS})
        quick.append((response.status_code, time.monotonic() - started))
    thread.join(60)
    assert not thread.is_alive()
    assert [status for status, _ in quick] == [200] * 5
    assert all(seconds < TIME_LIMIT for _, seconds in quick), quick
    assert heavy["status"] == 503, heavy
    assert "time limit" in heavy["text"]
    assert TIME_LIMIT <= heavy["seconds"] < TIME_LIMIT + 10
    deadline = time.monotonic() + 60  # the killed worker is replaced
    while time.monotonic() < deadline and client.get("/health").json()["idle"] < 2:
        time.sleep(0.2)
    health = client.get("/health").json()
    assert health["restarts"] == restarts + 1
    assert health["idle"] == 2
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_results_are_cut_at_the_row_limit(client: httpx.Client) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["x-drugkg-truncated"] == "true"
    assert response.headers["x-drugkg-row-limit"] == str(MAX_ROWS)
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/n-triples"})  # fmt: skip
    assert len(graph.text.strip().splitlines()) == MAX_ROWS
    small = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a dkg:Document }"})
    assert "x-drugkg-truncated" not in small.headers


# -- named queries and the graph view ------------------------------------------------------


def test_named_queries_are_listed(client: httpx.Client) -> None:
    listed = client.get("/queries").json()
    assert {q["name"] for q in listed} == set(load_queries())
    side_effects = next(q for q in listed if q["name"] == "side_effects")
    assert side_effects["params"][0] == {
        "name": "drug",
        "kind": "label",
        "required": True,
        "help": "the drug, by label, synonym, key or brand name",
    }


def test_a_named_query_runs_with_its_parameters(client: httpx.Client) -> None:
    response = client.get("/queries/side_effects", params={"drug": "Zoloft"},
                          headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert rows and {r["subject"]["value"] for r in rows} == {"sertraline"}
    csv_response = client.get("/queries/what_treats", params={"condition": "panic disorder",
                                                              "format": "csv"})  # fmt: skip
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert "sertraline" in csv_response.text


def test_named_queries_leave_out_their_parameters_and_keys(client: httpx.Client) -> None:
    response = client.get("/queries/side_effects", params={"drug": "Zoloft"})
    assert response.json()["head"]["vars"] == [
        "subject", "side_effect", "confidence", "support", "hedged"
    ]  # fmt: skip
    treats = client.get("/queries/what_treats", params={"condition": "panic disorder",
                                                        "format": "csv"})  # fmt: skip
    assert treats.text.splitlines()[0] == "drug,use,confidence,support,evidence,hedged"


def test_labels_and_terms_for_the_page(client: httpx.Client) -> None:
    iris = [SERTRALINE, f"{DKGR}drug/nothing", "not an iri", "http://x/'><script>"]
    assert client.post("/labels", json=iris).json() == {SERTRALINE: "sertraline"}
    for bad in (b"{}", b"[1]", b"not json", json.dumps(["x"] * 1001).encode()):
        refused = client.post("/labels", content=bad)
        assert refused.status_code == 400 and refused.text.count("\n") == 1
    found = client.get("/terms", params={"start": f"{DKGR}drug/sert"}).json()
    assert found == [{"iri": SERTRALINE, "label": "sertraline"}]
    assert client.get("/terms", params={"start": "http://example.org/"}).json() == []


def test_a_hostile_parameter_is_just_a_string(client: httpx.Client, triples: int) -> None:
    for name, param in [("what_treats", "condition"), ("interactions", "drug")]:
        response = client.get(f"/queries/{name}", params={param: 'x" } ; DROP ALL ; #'})
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == []
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                       headers={"Accept": "text/csv"})  # fmt: skip
    assert int(count.text.split()[1]) == triples


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/queries/nope", {}, 404, "no named query 'nope'; valid: contraindicated_in"),
        ("/queries/side_effects", {}, 400, "query side_effects needs parameter drug"),
        ("/queries/side_effects", {"drug": "x", "colour": "red"}, 400, "no parameter colour"),
        ("/graph", {}, 400, "give the entity"),
        ("/graph", {"focus": SERTRALINE, "depth": "9"}, 400, "depth must be 0 to 3"),
        ("/graph", {"focus": f"{DKGR}drug/nothing"}, 404, "no entity"),
    ],
)
def test_bad_named_query_and_graph_requests(
    client: httpx.Client, path: str, params: dict[str, str], status: int, message: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert message in response.text


def test_the_graph_view_of_an_entity(client: httpx.Client) -> None:
    response = client.get("/graph", params={"focus": SERTRALINE})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>drugkg: sertraline</title>" in response.text
    assert '"sertraline"' in response.text  # the node, in the page's data


def test_the_page_and_its_files(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "https://" not in page.text and "http://" not in page.text  # nothing from outside
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert "/static/vendor/yasgui/yasgui.min.js" in assets
    for asset in [*assets, "/static/vendor/yasgui/LICENSE.txt"]:
        assert client.get(asset).status_code == 200, asset
    config = client.get("/config.json").json()
    assert config["read_only"] is True and config["max_rows"] == MAX_ROWS
    assert f"{DKGR}drug/" in config["entities"]
    assert "https://w3id.org/drugkg/ontology#treats" in config["terms"]["properties"]
    for example in config["examples"]:  # every example on the page runs
        response = client.post("/sparql", data={"query": example["query"]})
        assert response.status_code == 200, (example["title"], response.text)


# -- updates with a token --------------------------------------------------------------------


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[Server]:
    directory = tmp_path / "store"
    with GraphStore.open(directory):
        pass
    env_token = ("--token", TOKEN)
    running = start_server(directory, tmp_path / "serve.log", "--allow-update", *env_token)
    yield running
    stop_server(running)


def test_updates_need_the_token(writable: Server) -> None:
    update = "INSERT DATA { <http://example.org/s> <http://example.org/p> 'o' }"
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    with httpx.Client(base_url=writable.url, timeout=30) as http:
        for auth in (None, "Bearer wrong-token-wrong-token", f"Basic {TOKEN}"):
            headers = {"Content-Type": "application/sparql-update"}
            if auth:
                headers["Authorization"] = auth
            refused = http.post("/sparql", content=update.encode(), headers=headers)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"].startswith("Bearer")
        assert http.get("/sparql", params={"query": count}, headers={"Accept": "text/csv"}
                        ).text.split()[1] == "0"  # fmt: skip
        done = http.post("/update", data={"update": update},
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert done.status_code == 204, done.text
        bad = http.post("/update", data={"update": "INSERT DATA {"},
                        headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert bad.status_code == 400
        assert http.get("/sparql", params={"query": count}, headers={"Accept": "text/csv"}
                        ).text.split()[1] == "1"  # fmt: skip
        assert http.get("/health").json()["read_only"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--allow-update"], "--allow-update needs a token of 16 characters or more"),
        (["--allow-update", "--token", "short"], "needs a token of 16 characters"),
        (["--token", TOKEN], "--token is only for --allow-update"),
    ],
)
def test_serve_refuses_updates_without_a_good_token(
    tmp_path: Path, args: list[str], message: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DRUGKG_SERVE_TOKEN"}
    done = subprocess.run(
        [*_drugkg(), "serve", "--store", str(tmp_path / "none"), "--port", "1", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {message}" or message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_serve_needs_a_store(tmp_path: Path) -> None:
    done = subprocess.run(
        [*_drugkg(), "serve", "--store", str(tmp_path / "none"), "--port", str(_free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: no store at {tmp_path / 'none'} (run 'drugkg build' first, or pass --store)"
    ]
