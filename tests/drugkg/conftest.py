"""A small corpus of hand-written articles, and a CLI runner that keeps stdout and stderr apart.

The articles were written for these tests; they are plausible but not medical advice.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from drugkg.extract.engine import Extractor

from .. import conftest as shared

PROPRANOLOL_TXT = """\
Propranolol and stage fright

Inderal is the brand name of propranolol.
Propranolol is used to treat high blood pressure and migraine.
Propranolol may cause tiredness and cold hands.
Propranolol does not treat asthma.
Do not take propranolol if you have asthma.
For migraine, adults usually start with 40 mg two times a day.
"""

LITHIUM_MD = """\
# Lithium in everyday practice

Lithium helps people with bipolar disorder.

Lithium can cause tremor and increased thirst. Avoid ibuprofen while taking lithium.

Lithium should be used with caution in people with kidney disease.
"""

# Main text about propranolol, wrapped in navigation, a cookie banner, an advert worded
# like a drug fact, and a footer: only the <article> may be read.
PAGE_HTML = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Propranolol explained | Example Health</title>
<meta name="keywords" content="buy propranolol cheap online"></head>
<body>
<header><nav><a href="/">Home</a> | <a href="/drugs">Drugs A-Z</a> |
<a href="/shop">Pharmacy shop</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<aside class="ad">Buy cheap propranolol online today! Propranolol cures anxiety forever!</aside>
<main><article>
<h1>Propranolol explained</h1>
<p>Propranolol is a beta blocker that doctors have prescribed for decades. Propranolol is
used to treat high blood pressure and migraine, and many people take it for years without
trouble.</p>
<p>Propranolol may cause tiredness and cold hands. These effects often fade after the first
few weeks, but tell your doctor if they do not.</p>
<p>Do not take propranolol if you have asthma, because it can narrow the airways and make
breathing harder.</p>
</article></main>
<footer><p>Copyright 2024 Example Health Ltd. Call 555-0100 for our newsletter.
Privacy policy.</p></footer>
</body></html>
"""

#: file name -> contents of the test corpus
ARTICLES = {
    "propranolol.txt": PROPRANOLOL_TXT,
    "lithium.md": LITHIUM_MD,
    "propranolol-page.html": PAGE_HTML,
}


def _write_corpus(directory: Path) -> Path:
    directory.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    """The test corpus: file name -> text."""
    return dict(ARTICLES)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A fresh copy of the test corpus in ``tmp_path/corpus``, for tests that change it."""
    return _write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="module")
def shared_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the test corpus per module, for tests that only read it."""
    return _write_corpus(tmp_path_factory.mktemp("shared") / "corpus")


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor, built once (its gazetteer takes a few seconds)."""
    return Extractor()


# -- running the CLI ------------------------------------------------------------------


Run = shared.Run
Invoke = shared.Invoke


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Invoke:
    """Run ``drugkg`` in-process in ``tmp_path``: ``cli("build", "corpus", "-j", "1")``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRUGKG_STORE", raising=False)
    return shared.run_drugkg


@pytest.fixture(scope="session")
def drugkg_script() -> list[str]:
    """The installed ``drugkg`` script beside this Python (``python -m drugkg.cli`` if none)."""
    script = Path(sys.executable).parent / "drugkg"
    if script.exists():
        return [str(script)]
    found = shutil.which("drugkg")
    return [found] if found else [sys.executable, "-m", "drugkg.cli"]


@pytest.fixture
def script_env() -> dict[str, str]:
    """The environment for a ``drugkg`` subprocess: no store override, wide tables."""
    env = {k: v for k, v in os.environ.items() if k != "DRUGKG_STORE"}
    env["COLUMNS"] = "200"
    return env
