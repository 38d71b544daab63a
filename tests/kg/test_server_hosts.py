"""``serve`` answers to the loopback address it listens on (``--host 127.0.0.2``), and only to
the names of this machine."""

from __future__ import annotations

from typing import Any

import pytest
from drugkg.kg.server import ServerOptions, create_app
from starlette.testclient import TestClient


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
