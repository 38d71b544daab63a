"""No cell of the CSV edge list is read by a spreadsheet as a formula, whatever the file
names and labels hold (``=``, ``+``, ``-``, ``@`` at the start of a cell)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from .conftest import Invoke

PROSE = "Sertraline notes\n\nSertraline may cause nausea and headache.\n"


@pytest.mark.parametrize("name", ["=HYPERLINK(1)", "+1+cmd", "-2+3", "@SUM(A1)"])
def test_csv_cells_never_start_a_formula(cli: Invoke, tmp_path: Path, name: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{name}.txt").write_text(PROSE, encoding="utf-8")
    assert cli("build", corpus, "-s", "store", "-j", "1", "--no-turtle").code == 0
    run = cli("export", "-s", "store", "-f", "csv", "-o", "edges.csv")
    assert run.code == 0, run.output
    with (tmp_path / "edges.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and all(row["documents"] == f"'{name}" for row in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), row
