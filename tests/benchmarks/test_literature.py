"""The case-report reader's cost benchmark runs on any two folders and prints a ratio."""

from __future__ import annotations

from benchmarks.literature import literature_cost, report


def test_the_cost_of_the_reader_is_measured_on_each_corpus(tmp_path):
    cases, articles = tmp_path / "cases", tmp_path / "articles"
    cases.mkdir()
    articles.mkdir()
    (cases / "c1.txt").write_text(
        "A 63-year-old man developed thrombocytopenia after starting carbamazepine.\n\n"
        "We report a second patient with the same reaction.\n",
        encoding="utf-8",
    )
    (articles / "a1.txt").write_text(
        "Carbamazepine is used to treat epilepsy. It can cause dizziness.\n", encoding="utf-8"
    )
    rows = literature_cost({"cases": cases, "articles": articles}, limit=5, rounds=1)
    assert [r["corpus"] for r in rows] == ["cases", "articles"]
    assert all(r["documents"] == 1 and r["ratio"] > 0 for r in rows)
    table = report(rows)
    assert table.splitlines()[0].startswith("| corpus | documents | MB |")
    assert "| cases | 1 |" in table
