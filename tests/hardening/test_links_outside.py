"""Symbolic links in a corpus to files and folders outside it are not followed (a link to the
password file never becomes a document) unless ``--follow-links`` is given; links that stay
inside the corpus are read as before."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .conftest import Invoke

OUTSIDE = "Secret notes\n\nLisinopril may cause dry cough.\n"
SECRET_FACT = ("lisinopril", "has_side_effect", "dry cough")


def _corpus_with_links(corpus: Path) -> None:
    outside = corpus.parent / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(OUTSIDE, encoding="utf-8")
    (outside / "folder" / "more.txt").write_text(OUTSIDE, encoding="utf-8")
    os.symlink(outside / "secret.txt", corpus / "secret.txt")
    os.symlink(outside / "folder", corpus / "folder")
    os.symlink(corpus / "lithium.md", corpus / "inside.md")  # stays in the corpus


def test_links_out_of_the_corpus_are_not_followed(
    cli: Invoke, corpus: Path, facts: Callable[[Path], set[tuple[str, str, str]]],
    good_facts: set[tuple[str, str, str]],
) -> None:  # fmt: skip
    _corpus_with_links(corpus)
    run = cli("build", "corpus", "-j", "1", "--no-turtle")
    assert run.code == 0, run.output
    reason = "symbolic link to outside the folder (not followed without --follow-links)"
    assert sorted(run.stderr_lines()) == [
        f"skipped corpus/folder: {reason}",
        f"skipped corpus/secret.txt: {reason}",
    ]
    found = facts(corpus.parent / "drugkg-store")
    assert good_facts <= found and SECRET_FACT not in found
    extracted = cli("extract", "corpus")
    assert "lisinopril" not in extracted.stdout and len(extracted.stderr_lines()) == 2


def test_follow_links_reads_them(
    cli: Invoke, corpus: Path, facts: Callable[[Path], set[tuple[str, str, str]]]
) -> None:
    _corpus_with_links(corpus)
    run = cli("build", "corpus", "-j", "1", "--no-turtle", "--follow-links")
    assert run.code == 0, run.output
    assert not run.stderr_lines()
    assert SECRET_FACT in facts(corpus.parent / "drugkg-store")
    assert "lisinopril" in cli("extract", "corpus", "--follow-links").stdout
