"""A store on a read-only file system can be read by every reader, and a build says in one
line that it cannot write there. The store is bind-mounted read-only in a private mount
namespace (``unshare -m``); the test skips where that is not allowed."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from ..kg.test_server import _drugkg
from .conftest import Invoke


def _read_only(store: Path, *commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Each command run with ``store`` mounted read-only (a private mount per command)."""
    done = []
    for command in commands:
        script = (
            f"mount --bind {shlex.quote(str(store))} {shlex.quote(str(store))} && "
            f"mount -o remount,ro,bind {shlex.quote(str(store))} && "
            f"! touch {shlex.quote(str(store / 'probe'))} 2>/dev/null && "
            f"exec {shlex.join(command)}"
        )
        done.append(subprocess.run(["unshare", "-m", "sh", "-c", script],
                                   capture_output=True, text=True, timeout=600))  # fmt: skip
    return done


@pytest.fixture
def store(cli: Invoke, corpus: Path, tmp_path: Path) -> Path:
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) to make a read-only mount")
    assert cli("build", "corpus", "-s", "store", "-j", "1", "--no-turtle").code == 0
    probe = subprocess.run(["unshare", "-m", "mount", "--bind", str(tmp_path), str(tmp_path)],
                           capture_output=True, timeout=60)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip("this machine does not allow a private read-only mount")
    return tmp_path / "store"


def test_readers_read_a_store_on_a_read_only_file_system(store: Path, corpus: Path) -> None:
    s = str(store)
    query, facts, export, build = _read_only(
        store,
        [*_drugkg(), "query", "-s", s, "--format", "csv", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"],
        [*_drugkg(), "facts", "-s", s],
        [*_drugkg(), "export", "-s", s, "-f", "nt", "-o", "-"],
        [*_drugkg(), "build", str(corpus), "-s", s, "-j", "1", "--no-turtle"],
    )
    assert query.returncode == 0, query.stderr
    assert int(query.stdout.split()[1]) > 0
    assert facts.returncode == 0 and "propranolol" in facts.stdout, facts.stderr
    assert export.returncode == 0 and export.stdout.count("\n") > 10, export.stderr
    assert build.returncode == 1
    assert build.stderr.strip() == (
        f"error: cannot write the store at {s}: it is on a read-only file system"
    )
