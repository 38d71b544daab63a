"""``serve`` on a port in use fails at once with one line, before saying it serves."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from drugkg.kg.store import GraphStore

from .test_server import _drugkg


def test_a_port_in_use_is_one_error_line(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store"):
        pass
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*_drugkg(), "serve", "--store", str(tmp_path / "store"), "--port", str(port)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"error: cannot listen on http://127.0.0.1:{port}/: Address already in use"
    ]
