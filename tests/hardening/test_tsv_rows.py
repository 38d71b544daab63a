"""Each fact is one line of ``extract``'s TSV, whatever the file name holds (a line break,
a tab, a backslash): they are written as ``\\n``, ``\\t`` and ``\\\\``."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Invoke

PROSE = "Sertraline notes\n\nSertraline may cause nausea and headache.\n"


@pytest.mark.parametrize("doses", [False, True])
def test_a_file_name_with_a_line_break_and_a_tab_stays_in_its_row(
    cli: Invoke, tmp_path: Path, doses: bool
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a\nb\tc\\d.txt").write_text(
        PROSE + "Adults usually take 50 mg of sertraline once a day.\n", encoding="utf-8"
    )
    run = cli("extract", corpus, *(["--doses"] if doses else []))
    assert run.code == 0, run.output
    header, *rows = run.stdout.splitlines()
    assert rows
    for row in rows:
        cells = row.split("\t")
        assert len(cells) == len(header.split("\t"))
        assert cells[0] == "a\\nb\\tc\\\\d"
