"""A reader that goes away (``drugkg extract ... | head``) stops drugkg quietly: exit 0, no
"Broken pipe" error."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..kg.test_server import _drugkg


@pytest.mark.parametrize(
    "command",
    [
        ["extract", "corpus"],
        ["query", "-s", "store", "SELECT * { ?s ?p ?o }"],
        ["export", "-s", "store", "-o", "-"],
        ["facts", "-s", "store"],
    ],
)
def test_a_closed_pipe_ends_drugkg_quietly(
    corpus: Path, tmp_path: Path, command: list[str]
) -> None:
    built = subprocess.run([*_drugkg(), "build", "corpus", "-s", "store", "-j", "1", "--no-turtle"],
                           cwd=tmp_path, capture_output=True, timeout=600)  # fmt: skip
    assert built.returncode == 0, built.stderr
    process = subprocess.Popen(
        [*_drugkg(), *command], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as 'head' does once it has its lines: every write fails (EPIPE)
    stderr = process.stderr.read().decode()
    assert process.wait(600) == 0, stderr
    assert "Broken pipe" not in stderr and "error" not in stderr, stderr
