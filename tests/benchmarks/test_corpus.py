"""The scaled corpus is deterministic, varied and readable; README results are rewritten."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # benchmarks/ is a top-level folder, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.bench import Figure, _markdown, _update_readme  # noqa: E402
from benchmarks.corpus import generate, write_corpus  # noqa: E402
from drugkg.readers import read_document  # noqa: E402


def test_document_i_depends_only_on_i() -> None:
    small = list(generate(20))
    assert small == list(generate(40))[:20]
    assert [a.name for a in generate(25, start=20)] == [a.name for a in generate(40)][20:25]


def test_articles_are_varied_and_named_uniquely() -> None:
    articles = list(generate(300))
    assert len({Path(a.name).stem for a in articles}) == 300
    suffixes = Counter(Path(a.name).suffix for a in articles)
    assert set(suffixes) == {".md", ".txt", ".html"} and suffixes[".html"] < 60
    sizes = [len(a.text.encode()) for a in articles if not a.name.endswith(".html")]
    assert 3000 < sum(sizes) / len(sizes) < 8000  # about 5 KB, like the sample articles
    titles = Counter(a.text.split(":")[0] for a in articles)
    assert len(titles) > 20  # about many drugs, not the 8 of the sample


def test_written_articles_read_as_documents(tmp_path: Path) -> None:
    files, size = write_corpus(tmp_path, 30)
    assert files == 30 and size == sum(p.stat().st_size for p in tmp_path.rglob("*.*"))
    for path in sorted(tmp_path.rglob("*.*")):
        assert read_document(path).text.strip()
    assert write_corpus(tmp_path, 30) == (files, size)  # a second call keeps the files


def test_the_results_block_is_replaced_not_repeated(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\nintro\n\n## Results\n")
    first = [Figure("s", "m", "1 MB/s", "≥ 2 MB/s", False)]
    for value in ("1 MB/s", "3 MB/s"):
        figures = [Figure("s", "m", value, "≥ 2 MB/s", value == "3 MB/s")]
        _update_readme(readme, 20, _markdown(20, "cmd", {"cpu": "x"}, figures, 60))
    _update_readme(readme, 100, _markdown(100, "cmd", {"cpu": "x"}, first, 60))
    text = readme.read_text()
    assert text.startswith("# Benchmarks\n\nintro\n\n## Results\n")
    assert text.count("| m | 3 MB/s | ≥ 2 MB/s | met |") == 1 and "| m | 1 MB/s" in text
    assert text.count("<!-- results docs=20 -->") == 1
    assert text.count("<!-- results docs=100 -->") == 1
