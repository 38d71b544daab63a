"""Output files are written through temporary files no one can predict or plant, created in
the target's folder, and removed when the write fails (a full disk, a folder as target)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import Invoke

#: ``drugkg`` with files limited to ``argv[1]`` bytes: a bigger write fails as on a full disk.
SMALL_DISK = textwrap.dedent(
    """
    import resource, signal, sys

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from drugkg.cli import app

    app(sys.argv[2:], prog_name="drugkg")
    """
)


@pytest.fixture
def built(cli: Invoke, corpus: Path, tmp_path: Path) -> Path:
    assert cli("build", corpus, "-s", "store", "-j", "1", "--no-turtle").code == 0
    return tmp_path / "store"


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["build", "corpus", "-s", "store", "-j", "1", "--turtle", "out/g.ttl"], "g.ttl"),
        (["export", "-s", "store", "-o", "out/g.ttl"], "g.ttl"),
        (["viz", "-s", "store", "-o", "out/g.html"], "g.html"),
    ],
)
def test_a_planted_link_at_the_old_temporary_name_is_not_written_through(
    cli: Invoke, built: Path, tmp_path: Path, command: list[str], target: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (out / f".{target}.tmp").symlink_to(victim)
    run = cli(*command)
    assert run.code == 0, run.output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (out / target).stat().st_size > 0 and not (out / target).is_symlink()
    assert sorted(p.name for p in out.iterdir()) == sorted([target, f".{target}.tmp"])


@pytest.mark.parametrize(
    "command",
    [
        ["build", "corpus", "-s", "store", "-j", "1", "--turtle", "out/g.ttl"],
        ["export", "-s", "store", "-o", "out/g.ttl"],
        ["viz", "-s", "store", "-o", "out/g.html"],
    ],
)
def test_a_write_that_fails_leaves_no_temporary_file(
    built: Path, tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SMALL_DISK, "2000", *command],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    assert list(out.iterdir()) == []


def test_a_folder_as_target_is_an_error_and_writes_nothing(
    cli: Invoke, built: Path, tmp_path: Path
) -> None:
    (tmp_path / "out" / "sub").mkdir(parents=True)
    commands = [
        ["export", "-s", "store", "-o", "out/sub"],
        ["build", "corpus", "-s", "store", "-j", "1", "--turtle", "out/sub"],
    ]
    for command in commands:
        run = cli(*command)
        assert run.code != 0
        assert "is a folder" in run.error_line()
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sub"]
