"""``drugkg serve`` never fetches from other servers: ``SERVICE`` and ``LOAD`` in every form.

A local HTTP listener on 127.0.0.1 records every request it gets; each attack is sent
to a real ``drugkg serve`` and the listener must have heard nothing. Requests are sent
the way another website's page would send them too (a cross-site GET, an auto-submitted
form); that the query page does not run a linked query is tested in the browser
(``tests/kg/test_server.py``). ``--allow-service`` is the one way to reach the listener.
"""

from __future__ import annotations

import http.server
import platform
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from drugkg.kg._pool import WorkerPool
from drugkg.kg.store import GraphStore

from ..kg.test_server import TOKEN, Server, start_server, stop_server

_RESULTS = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'


class Listener:
    """An HTTP server on 127.0.0.1 that answers empty SPARQL results and records requests."""

    def __init__(self) -> None:
        self.heard: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.heard.append(f"{self.command} {self.path}")
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(_RESULTS)))
                self.end_headers()
                self.wfile.write(_RESULTS)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/x"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("outbound") / "store"
    with GraphStore.open(directory) as store:
        store.oxigraph.update("INSERT DATA { <http://e/s> <http://e/p> 'o' }")
    return directory


@pytest.fixture(scope="module")
def server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(store_dir, tmp_path_factory.mktemp("log") / "serve.log")
    yield running
    stop_server(running)


def _forms(url: str) -> list[str]:
    service = f"SERVICE <{url}> {{ ?s ?p ?o }}"
    return [
        f"SELECT * WHERE {{ {service} }}",
        # ``\\#`` is a legal escape in a prefixed name, not the start of a comment
        f"SELECT * WHERE {{ BIND(drug:a\\# AS ?z) {service} }}",
        f"SELECT * WHERE {{ BIND(drug:a\\#b AS ?z) {service} }}",
        f"select * where {{ sErViCe silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{url.removesuffix('x')}> SELECT * WHERE {{ SERVICE x:x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {{ SELECT * {{ {service} }} }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ GRAPH ?g {{ {service} }} }} }}",
        f"ASK {{ {{ ?a ?b ?c }} UNION {{ {service} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?a ?b ?c MINUS {{ {service} }} }}",
        f"SELECT * WHERE {{ #\n{service} }} # SERVICE",
        f"SELECT * WHERE {{ << ?a ?b ?c >> ?d ?e . {service} }}",  # beyond the checker
    ]


@pytest.mark.parametrize("index", range(13))
def test_no_form_of_service_reaches_another_server(
    server: Server, listener: Listener, index: int
) -> None:
    query = _forms(listener.url)[index]
    with httpx.Client(base_url=server.url, timeout=60) as http:
        answers = [
            http.get("/sparql", params={"query": query}),
            http.post("/sparql", data={"query": query}),
            http.post(
                "/sparql",
                content=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
            ),
        ]
    assert listener.heard == []
    if "<<" not in query:  # the checker reads it: refused before it runs
        assert [a.status_code for a in answers] == [400, 400, 400], [a.text for a in answers]


def test_a_cross_site_request_cannot_make_the_server_call_out(
    server: Server, listener: Listener
) -> None:
    query = _forms(listener.url)[1]
    cross_site = {"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site",
                  "Referer": "https://attacker.example/page.html"}  # fmt: skip
    with httpx.Client(base_url=server.url, timeout=60, headers=cross_site) as http:
        image = http.get("/sparql", params={"query": query}, headers={"Accept": "image/*"})
        form = http.post("/sparql", data={"query": query})
        page = http.get("/", params={"query": query})
    assert (image.status_code, form.status_code, page.status_code) == (400, 400, 200)
    assert listener.heard == []


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("writable") / "store"
    with GraphStore.open(directory):
        pass
    log = tmp_path_factory.mktemp("log") / "serve.log"
    running = start_server(directory, log, "--allow-update", "--token", TOKEN)
    yield running
    stop_server(running)


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{url}>",
        "LOAD SILENT <{url}> INTO GRAPH <http://e/g>",
        "INSERT DATA {{ <http://e/s> <http://e/p> 1 }} ; load <{url}>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "DELETE {{ ?s ?p ?o }} WHERE {{ BIND(drug:a\\# AS ?z) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_updates_with_the_token_cannot_call_out(
    writable: Server, listener: Listener, template: str
) -> None:
    update = template.format(url=listener.url)
    with httpx.Client(base_url=writable.url, timeout=60) as http:
        answer = http.post("/update", data={"update": update},
                           headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        count = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                         headers={"Accept": "text/csv"})  # fmt: skip
    assert answer.status_code == 400, answer.text
    assert count.text.split()[1] == "0"  # a refused update changes nothing
    assert listener.heard == []


def _connect(_store: object, url: str) -> str:
    """A job that tries to open a connection itself, as a bypassed check would let the engine."""
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=30).read()
    except OSError as error:
        return f"refused: {error}"
    return "connected"


def test_a_query_worker_cannot_open_connections_at_all(
    store_dir: Path, listener: Listener, tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    with WorkerPool(str(copy), workers=1, time_limit=60).start() as pool:
        answer = pool.run(_connect, listener.url)
        ask = pool.run(_ask)
    assert answer.startswith("refused:") and "Permission denied" in answer
    assert ask is True
    assert listener.heard == []


def _ask(store: GraphStore) -> bool:
    return bool(store.oxigraph.query("ASK { ?s ?p ?o }"))


def test_the_engine_cannot_call_out_once_forbidden(listener: Listener) -> None:
    select = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    code = (
        "import sys, pyoxigraph as ox\n"
        "from drugkg.kg._outbound import forbid\n"
        "assert forbid()\n"
        f"try:\n    list(ox.Store().query({select!r}))\n"
        "except OSError as error:\n    print('refused', error)\n"
        f"try:\n    ox.Store().update('LOAD <{listener.url}>')\n"
        "except OSError as error:\n    print('refused', error)\n"
    )
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "aarch64"):
        pytest.skip("the seccomp guard exists on Linux (x86-64, AArch64) only")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("refused") == 2
    assert listener.heard == []


def test_allow_service_lets_a_query_reach_another_server(store_dir: Path, tmp_path: Path) -> None:
    listener = Listener()
    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    running = start_server(copy, tmp_path / "serve.log", "--allow-service")
    try:
        with httpx.Client(base_url=running.url, timeout=60) as http:
            answer = http.get("/sparql", params={"query": _forms(listener.url)[0]})
    finally:
        stop_server(running)
        listener.close()
    assert answer.status_code == 200, answer.text
    assert len(listener.heard) == 1
