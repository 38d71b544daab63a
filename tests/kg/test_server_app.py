"""The web application without a server: the host names it answers to (the loopback address
it listens on, ``--host 127.0.0.2``, included) and its errors, one line of text each."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from drugkg.kg.endpoint import QueryJob, run_query
from drugkg.kg.server import ServerOptions, create_app
from drugkg.kg.store import GraphStore


class _Pool:
    size, idle, restarts = 1, 1, 0

    def run(self, *args: Any) -> Any:  # pragma: no cover - not called by these requests
        raise AssertionError("no job expected")


@pytest.mark.parametrize("host", ["127.0.0.2", "127.0.0.1", "::1", "localhost"])
def test_the_address_listened_on_is_answered(host: str) -> None:
    app = create_app(ServerOptions("store", host=host), _Pool())  # type: ignore[arg-type]
    url = f"http://[{host}]:7878" if ":" in host else f"http://{host}:7878"
    with TestClient(app, base_url=url) as client:
        assert client.get("/health").status_code == 200
        assert client.get("/health", headers={"Host": "attacker.example"}).status_code == 400


@pytest.mark.parametrize(
    ("method", "path", "status", "line"),
    [
        ("GET", "/nowhere", 404, "no such page: /nowhere"),
        ("DELETE", "/sparql", 405, "DELETE is not allowed on: /sparql"),
        ("GET", "/graph?focus=x&depth=abc", 400, "bad request: depth: "),
        ("GET", "/graph?focus=x&page=abc", 400, "bad request: page: "),
    ],
)
def test_errors_are_one_line_of_text(method: str, path: str, status: int, line: str) -> None:
    app = create_app(ServerOptions("store"), _Pool())  # type: ignore[arg-type]
    with TestClient(app, base_url="http://127.0.0.1:7878") as client:
        response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith(line) and response.text.count("\n") == 1


@pytest.mark.parametrize("parameter", ["default_graphs", "named_graphs"])
def test_a_dataset_that_is_not_an_iri_is_a_400(parameter: str) -> None:
    with GraphStore.memory() as store:
        reply = run_query(store, QueryJob("ASK {}", **{parameter: ("not an iri",)}))
    assert reply.status == 400
    assert reply.body.decode().startswith(
        "default-graph-uri must be an IRI" if parameter == "default_graphs"
        else "named-graph-uri must be an IRI"
    )  # fmt: skip
