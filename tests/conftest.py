"""Running ``drugkg`` in-process, shared by the test packages' ``cli`` fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner, Result

from drugkg.cli import app


@dataclass(frozen=True)
class Run:
    """What one ``drugkg`` invocation did."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def error_line(self) -> str:
        """The one line of stderr (fails if there are more, or a traceback)."""
        lines = self.stderr_lines()
        assert "Traceback" not in self.output, self.output
        assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
        return lines[0]


Invoke = Callable[..., Run]


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps stderr apart by itself


def run_drugkg(*args: str | Path, input: str | bytes | None = None) -> Run:
    """Run ``drugkg`` in this process; fails on an uncaught exception or a traceback."""
    rules = os.environ.get("DRUGKG_RULES")  # --rules sets it for the process: put it back
    try:
        result: Result = _runner().invoke(app, [str(a) for a in args], input=input)
    finally:
        if rules is None:
            os.environ.pop("DRUGKG_RULES", None)
        else:
            os.environ["DRUGKG_RULES"] = rules
    run = Run(result.exit_code, result.stdout, result.stderr)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"drugkg raised {result.exception!r}\n{run.output}")
    assert "Traceback" not in run.output, run.output
    return run
