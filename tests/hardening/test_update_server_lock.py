"""``serve --allow-update`` keeps every writer off its store, also while its one worker is
replaced after a time-limit kill: the server holds the store's lock for the worker."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from drugkg.kg.store import GraphStore, StoreLockedError

from ..kg.test_server import EXPENSIVE, TOKEN, start_server, stop_server


def test_no_writer_gets_in_while_the_writing_worker_restarts(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store"):
        pass
    running = start_server(tmp_path / "store", tmp_path / "serve.log", "--allow-update",
                           "--token", TOKEN, "--time-limit", "2")  # fmt: skip
    try:
        with httpx.Client(base_url=running.url, timeout=120) as http:
            rows = " ".join(f"<http://e/s{i}> <http://e/p> {i} ." for i in range(300))
            inserted = http.post("/update", data={"update": f"INSERT DATA {{ {rows} }}"},
                                 headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
            assert inserted.status_code == 204, inserted.text
            restarts = http.get("/health").json()["restarts"]
            heavy = http.get("/sparql", params={"query": EXPENSIVE})
            assert heavy.status_code == 503  # its worker was killed; another is starting
            for _ in range(20):  # while the new worker starts, and once it runs
                with pytest.raises(StoreLockedError, match="store in use"):
                    GraphStore.open(tmp_path / "store")
            assert http.get("/health").json()["restarts"] == restarts + 1
            count = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) {?s ?p ?o}"},
                             headers={"Accept": "text/csv"})  # fmt: skip
            assert count.status_code == 200 and count.text.split()[1] == "300"
    finally:
        stop_server(running)
    assert running.process.returncode == 0, running.output()
