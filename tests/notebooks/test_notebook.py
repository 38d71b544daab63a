"""The notebooks run top to bottom (nbclient), so what they show cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install nbformat nbclient ipykernel")
nbclient = pytest.importorskip("nbclient", reason="pip install nbformat nbclient ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _text(output: dict[str, object]) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    assert isinstance(data, dict)
    return str(data.get("text/html", "")) + str(data.get("text/plain", ""))


@pytest.mark.slow
def test_the_tour_runs_and_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"  # the kernel's temporary directory: nothing may be left in it
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    notebook = nbformat.read(NOTEBOOKS / "drugkg-tour.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    outputs = [_text(o) for cell in notebook.cells if cell.cell_type == "code"
               for o in cell.outputs]  # fmt: skip
    everything = "\n".join(outputs)
    assert "read 8 articles" in everything
    # what treats insomnia, and why lorazepam interacts with oxycodone
    assert "<td style='text-align:left'>zolpidem</td>" in everything
    assert "ativan-lorazepam-rehab" in everything and "oxycodone" in everything
    # withdrawal symptoms shared by several drugs, and the weakest (single hedged) facts
    shared = [o for o in outputs if "<th>symptom</th><th>drugs</th>" in o]
    assert len(shared) == 1 and "<p>0 row(s)</p>" not in shared[0], "one table, shown once"
    [weakest] = [o for o in outputs if "<th>subject</th><th>predicate</th><th>object</th>" in o]
    assert "<p>0 row(s)</p>" not in weakest
    # the interactive graph, inline and self-contained
    frames = [o for o in outputs if o.startswith("<iframe srcdoc=")]
    assert len(frames) == 2
    assert all("&lt;script&gt;" in f and "vis.Network" in f for f in frames)
    assert "source,source_label,source_type,predicate" in everything
    # two charts (facts per predicate, top side effects), no warning, nothing left behind
    every = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    charts = [o for o in every if "image/png" in o.get("data", {})]
    assert len(charts) == 2
    stderr = [o["text"] for o in every if o.get("name") == "stderr"]
    assert stderr == [], stderr
    assert list(scratch.iterdir()) == []


def test_notebooks_are_kept_without_outputs() -> None:
    """Outputs hold the whole page and run-specific paths: they are not committed."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name
