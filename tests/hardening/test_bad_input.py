"""Bad input: every file is either read correctly or skipped with one line naming it, and the
rest of the corpus is still built; ``build`` ends with what it skipped and why.

Each case drops one file into a corpus of good articles and runs ``drugkg build``. Exit
codes: 0 when something was built (skipped files are warnings), 1 when nothing could be
read or a path is missing (the user has to act).
"""

from __future__ import annotations

import ctypes
import gzip
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from drugkg.extract.engine import Extractor
from drugkg.kg.store import GraphStore
from drugkg.model import Document
from drugkg.readers import MAX_BYTES, read_document

Facts = set[tuple[str, str, str]]
Invoke = Callable[..., Any]
Deadline = Callable[[float, str], AbstractContextManager[None]]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
PROSE = "Sertraline may cause nausea and headache. The café owner's naïve knee ached."
SERTRALINE = {
    ("sertraline", "has_side_effect", "nausea"),
    ("sertraline", "has_side_effect", "headache"),
}


def build(cli: Invoke, *extra: str) -> Any:
    return cli("build", "corpus", "-j", "1", "--no-turtle", *extra)


def skipped_lines(run: Any) -> list[str]:
    return [line for line in run.stderr_lines() if line.startswith("skipped ")]


def assert_built_without(run: Any, good: Facts, facts: Facts) -> None:
    """The good articles are in the store, nothing crashed, and the exit code is 0."""
    assert run.code == 0, run.output
    assert good <= facts


# -- files that must be skipped, each with one line naming it ---------------------------

SKIPPED = {
    "empty": ("empty.txt", b"", "empty file (no text)"),
    "whitespace only": ("blank.md", " \n\t\r\n\u00a0 \n".encode(), "empty file (no text)"),
    "zero-width only": ("invisible.txt", "\u200b\u200d\ufeff\n".encode(), "empty file (no text)"),
    "png": ("image.txt", PNG, "binary file (a PNG image), not an article"),
    "gzip": ("notes.md", gzip.compress(PROSE.encode()), "binary file (gzip data), not an article"),
    "invalid utf-8": (
        "garbled.txt",
        bytes(range(0x80, 0x100)) * 4 + b"\x01\x02",
        "not valid UTF-8 (byte 0) and no other text encoding fits",
    ),
    "utf-16 without a byte-order mark": (
        "wide.txt",
        PROSE.encode("utf-16-le"),
        "binary file (contains NUL bytes), not an article",
    ),
    "utf-16 broken after its mark": (
        "broken16.txt",
        b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8",
        "invalid utf-16 text after its byte-order mark",
    ),
    "html without text": (
        "shell.html",
        b"<html><head><script>var a = 'Warfarin may cause hair loss.';</script></head>"
        b"<body><div><img src=a.png></div></body></html>",
        "no article text found in the HTML page",
    ),
}


@pytest.mark.parametrize("case", SKIPPED.values(), ids=list(SKIPPED))
def test_a_bad_file_is_skipped_in_one_line_and_the_rest_is_built(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    case: tuple[str, bytes, str],
) -> None:
    name, data, reason = case
    (corpus / name).write_bytes(data)
    run = build(cli)
    assert_built_without(run, good_facts, facts(corpus.parent / "drugkg-store"))
    assert run.error_line() == f"skipped corpus/{name}: {reason}"
    assert "(added 2, updated 0, unchanged 0, removed 0, skipped 1)" in run.stdout


def test_a_50_mb_document_is_refused_without_reading_it(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    deadline: Deadline,
) -> None:
    """Far above any article (an hour of extraction): refused by its size, at once."""
    line = ((PROSE + " ") * 40 + "\n").encode()
    with open(corpus / "dump.txt", "wb") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
        fh.truncate(50 * 2**20)
    assert (corpus / "dump.txt").stat().st_size == 50 * 2**20 > MAX_BYTES
    with deadline(60, "building beside a 50 MB file"):
        run = build(cli)
    assert_built_without(run, good_facts, facts(corpus.parent / "drugkg-store"))
    assert run.error_line() == (
        "skipped corpus/dump.txt: too large (50.0 MB; the limit is 16.0 MB)"
    )


def test_a_named_pipe_is_skipped_not_waited_on(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    deadline: Deadline,
) -> None:
    """Reading a FIFO blocks until someone writes to it: the build must not wait."""
    os.mkfifo(corpus / "pipe.txt")
    with deadline(60, "building beside a named pipe"):
        run = build(cli)
    assert_built_without(run, good_facts, facts(corpus.parent / "drugkg-store"))
    assert run.error_line() == "skipped corpus/pipe.txt: not a regular file (a named pipe)"


def test_a_named_pipe_given_by_name_is_skipped(
    cli: Invoke, corpus: Path, deadline: Deadline
) -> None:
    os.mkfifo(corpus / "pipe.txt")
    with deadline(60, "building a named pipe"):
        run = cli("build", "corpus/pipe.txt", "corpus/lithium.md", "-j", "1", "--no-turtle")
    assert run.code == 0, run.output
    assert run.error_line() == "skipped corpus/pipe.txt: not a regular file"


def test_a_dangling_symlink_is_skipped(
    cli: Invoke, corpus: Path, facts: Callable[[Path], Facts], good_facts: Facts
) -> None:
    os.symlink(corpus / "gone.txt", corpus / "link.txt")
    run = build(cli)
    assert_built_without(run, good_facts, facts(corpus.parent / "drugkg-store"))
    assert run.error_line() == "skipped corpus/link.txt: cannot read: No such file or directory"


def test_a_symlink_loop_is_skipped_not_followed(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    deadline: Deadline,
) -> None:
    (corpus / "sub").mkdir()
    (corpus / "sub" / "naproxen.txt").write_text("Naproxen may cause heartburn.\n")
    os.symlink("..", corpus / "sub" / "up")
    os.symlink(corpus, corpus / "self")
    with deadline(60, "building a directory with symbolic link loops"):
        run = build(cli)
    assert_built_without(
        run, good_facts | {("naproxen", "has_side_effect", "heartburn")},
        facts(corpus.parent / "drugkg-store"),
    )  # fmt: skip
    assert "(added 3, " in run.stdout  # each file once
    lines = skipped_lines(run)
    assert lines and all(line.endswith(": symbolic link loop") for line in lines), lines


# -- unreadable files -------------------------------------------------------------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_root_reads() -> None:
    """In the child, before exec: give up root's power to read any file whatever its mode
    (the capabilities leave the bounding set, so the new program never gets them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _run_without_root_reads(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DRUGKG_STORE"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "drugkg.cli", *args], cwd=cwd, env=env,
            preexec_fn=_drop_root_reads, capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot drop root's read capabilities here: {exc}")


def build_unprivileged(cli: Invoke, corpus: Path) -> tuple[int, list[str]]:
    """``drugkg build corpus`` as a user who cannot read every file: exit code and stderr."""
    if os.geteuid() != 0:
        run = build(cli)
        return run.code, run.stderr_lines()
    # root reads any file: build in a child process without the capabilities that allow it
    done = _run_without_root_reads(corpus.parent, "build", "corpus", "-j", "1", "--no-turtle")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, [line for line in done.stderr.splitlines() if line.strip()]


@pytest.mark.slow  # as root, a fresh process builds its gazetteer
def test_an_unreadable_file_is_skipped(
    cli: Invoke, corpus: Path, facts: Callable[[Path], Facts], good_facts: Facts
) -> None:
    secret = corpus / "secret.txt"
    secret.write_text("Metformin may cause diarrhea.\n")
    secret.chmod(0)
    code, lines = build_unprivileged(cli, corpus)
    assert code == 0, lines
    assert lines == ["skipped corpus/secret.txt: cannot read: Permission denied"]
    assert good_facts <= facts(corpus.parent / "drugkg-store")


@pytest.mark.slow
def test_an_unreadable_directory_is_skipped(
    cli: Invoke, corpus: Path, facts: Callable[[Path], Facts], good_facts: Facts
) -> None:
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Metformin may cause diarrhea.\n")
    locked.chmod(0)
    try:
        code, lines = build_unprivileged(cli, corpus)
    finally:
        locked.chmod(0o755)
    assert code == 0, lines
    assert lines == ["skipped corpus/locked: cannot read directory: Permission denied"]
    assert good_facts <= facts(corpus.parent / "drugkg-store")


# -- files that must be read, and read right ---------------------------------------------

ENCODED = {
    "latin-1": ("latin1.txt", PROSE.encode("latin-1"), "cp1252"),
    "windows-1252": ("cp1252.txt", (PROSE + " “Quoted” – dashed.").encode("cp1252"), "cp1252"),
    "utf-8 with a byte-order mark": ("bom8.txt", b"\xef\xbb\xbf" + PROSE.encode(), "utf-8-sig"),
    "utf-16 le with a byte-order mark": ("le16.txt", PROSE.encode("utf-16"), "utf-16"),
    "utf-16 be with a byte-order mark": (
        "be16.md",
        b"\xfe\xff" + PROSE.encode("utf-16-be"),
        "utf-16",
    ),
    "utf-32 with a byte-order mark": ("wide32.txt", PROSE.encode("utf-32"), "utf-32"),
}


@pytest.mark.parametrize("case", ENCODED.values(), ids=list(ENCODED))
def test_other_encodings_are_decoded(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    case: tuple[str, bytes, str],
) -> None:
    name, data, encoding = case
    (corpus / name).write_bytes(data)
    run = build(cli)
    store = corpus.parent / "drugkg-store"
    assert_built_without(run, good_facts | SERTRALINE, facts(store))
    assert not run.stderr_lines()
    with GraphStore.open(store, read_only=True) as graph:
        [row] = graph.explain("sertraline", "has_side_effect", "nausea")
    assert row.sentence == "Sertraline may cause nausea and headache."
    document = read_document(row.path)
    assert "The café owner's naïve knee ached." in document.text
    assert document.metadata["encoding"] == encoding


INVISIBLE = {
    "zero-width space inside words": "Sertra\u200bline may cause nau\u200bsea and head\u00adache.",
    "zero-width joiners": "Sertra\u200dline may cause nausea\u200d and \u2060headache.",
    "byte-order mark inside the text": "Sertraline may cause \ufeffnausea and headache.",
    "right-to-left marks": "\u200fSertraline\u200f may cause nausea and headache.\u200f",
    "right-to-left override": "\u202eSertraline may cause nausea and headache.\u202c",
    "directional isolates": "\u2067Sertraline\u2069 may cause \u2066nausea\u2069 and headache.",
    "hebrew and arabic text": "סרטרלין: Sertraline may cause nausea (غثيان) and headache (صداع).",
}


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=list(INVISIBLE))
def test_zero_width_and_right_to_left_characters(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    text: str,
) -> None:
    """Invisible characters do not split words; the stored sentence is the visible text."""
    (corpus / "sertraline.txt").write_text(f"Sertraline notes\n\n{text}\n", encoding="utf-8")
    run = build(cli)
    store = corpus.parent / "drugkg-store"
    assert_built_without(run, good_facts | SERTRALINE, facts(store))
    with GraphStore.open(store, read_only=True) as graph:
        [row] = graph.explain("sertraline", "has_side_effect", "nausea")
    assert "Sertraline may cause" in row.sentence
    assert not any(c in row.sentence for c in "\u200b\u200d\u2060\ufeff\u200f\u202e\u2066\u2067")


JUNK = "Warfarin may cause hair loss."
ARTICLE = (
    "<h1>Metformin explained</h1>"
    "<p>Metformin is a medicine that doctors have prescribed for type 2 diabetes for decades, "
    "and many people take it for years without trouble.</p>"
    "<p>Metformin may cause diarrhea. This effect often fades after the first few weeks, but "
    "tell your doctor if it does not.</p>"
)
HIDDEN = (
    f"<script>document.write('<p>{JUNK}</p>'); var s = '{JUNK}';</script>"
    f"<style>p::after {{ content: '{JUNK}'; }}</style>"
    f"<iframe src='ad.html'>{JUNK}</iframe><noscript>{JUNK}</noscript>"
    f"<template><p>{JUNK}</p></template><object data='x.swf'>{JUNK}</object>"
    f"<textarea>{JUNK}</textarea><!-- {JUNK} -->"
)
METFORMIN = ("metformin", "has_side_effect", "diarrhea")
WARFARIN = ("warfarin", "has_side_effect", "hair loss")


def page(body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Metformin</title>{HIDDEN}</head>"
        f"<body>{HIDDEN}{body}{HIDDEN}</body></html>"
    )


HTML = {
    "scripts, styles, frames and templates": page(f"<main><article>{ARTICLE}</article></main>"),
    "hidden elements beside a short text": page("<p>Metformin may cause diarrhea.</p>"),
    "300 nested divs": page("<div>" * 300 + ARTICLE + "</div>" * 300),
    "5000 nested divs": page("<div>" * 5000 + ARTICLE + "</div>" * 5000),
    "5000 nested spans and tables": page(
        "<table><tr><td><span>" * 5000 + ARTICLE + "</span></td></tr></table>" * 5000
    ),
    "100000 unclosed divs": page("<div>" * 100_000 + ARTICLE),
    "deep nesting then stray end tags": page("<div>" * 3000 + ARTICLE + "</span>" * 3000),
}


@pytest.mark.parametrize("html", HTML.values(), ids=list(HTML))
def test_html_gives_its_article_and_nothing_hidden(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    deadline: Deadline,
    html: str,
) -> None:
    (corpus / "metformin.html").write_text(html, encoding="utf-8")
    with deadline(60, "building an odd HTML page"):
        run = build(cli)
    found = facts(corpus.parent / "drugkg-store")
    assert_built_without(run, good_facts | {METFORMIN}, found)
    assert WARFARIN not in found
    assert not run.stderr_lines()


def test_one_line_of_a_megabyte(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    deadline: Deadline,
) -> None:
    """A 1 MB line: the sentences around a 1 MB run-on "sentence" are read, the run-on is
    passed over (the extractor skips sentences of more than 1500 characters)."""
    filler = "and the words go on " * (2**20 // 20)
    line = f"Metformin may cause diarrhea. Then {filler}forever. Naproxen may cause heartburn."
    (corpus / "long.txt").write_text(line, encoding="utf-8")
    assert "\n" not in line and len(line) > 2**20
    with deadline(60, "building a 1 MB line"):
        run = build(cli)
    wanted = good_facts | {METFORMIN, ("naproxen", "has_side_effect", "heartburn")}
    assert_built_without(run, wanted, facts(corpus.parent / "drugkg-store"))
    assert not run.stderr_lines()


def test_odd_file_names_are_documents_too(
    cli: Invoke, corpus: Path, facts: Callable[[Path], Facts], good_facts: Facts
) -> None:
    """Spaces, IRI delimiters, quotes, newlines and bytes that are not UTF-8 in file names."""
    names = ["a b.txt", "x#y?.txt", "100%.txt", "<tag>.txt", 'quote".txt', "back\\slash.txt",
             "new\nline.txt", "{brace}|pipe|.txt", "ünï.txt", "`tick`.txt"]  # fmt: skip
    for name in names:
        (corpus / name).write_text("Naproxen may cause heartburn.\n", encoding="utf-8")
    raw = os.fsencode(corpus) + b"/bad\xff\xfename.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Metformin may cause diarrhea.\n")
    run = build(cli)
    store = corpus.parent / "drugkg-store"
    assert_built_without(
        run, good_facts | {METFORMIN, ("naproxen", "has_side_effect", "heartburn")}, facts(store)
    )
    assert f"documents read: {len(names) + 3} (added {len(names) + 3}," in run.stdout
    assert not run.stderr_lines()
    with GraphStore.open(store, read_only=True) as graph:
        assert "bad\ufffd\ufffdname" in graph.documents()
    # and a second build finds every one of them unchanged (and prunes none)
    again = build(cli, "--prune")
    assert f"(added 0, updated 0, unchanged {len(names) + 3}, removed 0, skipped 0)" in again.stdout


def test_a_document_the_extractor_fails_on_is_skipped_and_the_rest_built(
    cli: Invoke,
    corpus: Path,
    facts: Callable[[Path], Facts],
    good_facts: Facts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug that shows on one document costs that document, not the build."""
    original = Extractor.extract

    def extract(self: Extractor, document: Document) -> Any:
        if "BOOM" in document.text:
            raise RuntimeError("boom\non two lines")
        return original(self, document)

    monkeypatch.setattr(Extractor, "extract", extract)
    (corpus / "boom.txt").write_text("BOOM. Metformin may cause diarrhea.\n")
    run = build(cli)
    assert_built_without(run, good_facts, facts(corpus.parent / "drugkg-store"))
    assert METFORMIN not in facts(corpus.parent / "drugkg-store")
    assert run.error_line() == (
        "skipped corpus/boom.txt: internal error: RuntimeError: boom on two lines"
    )


# -- the summary and the exit code -----------------------------------------------------


def test_the_summary_lists_every_skipped_file_and_why(
    cli: Invoke, corpus: Path, facts: Callable[[Path], Facts], good_facts: Facts
) -> None:
    for name, data, _ in SKIPPED.values():
        (corpus / name).write_bytes(data)
    os.mkfifo(corpus / "pipe.txt")
    os.symlink(corpus / "gone.txt", corpus / "link.txt")
    run = build(cli)
    assert_built_without(run, good_facts, facts(corpus.parent / "drugkg-store"))
    expected = {f"skipped corpus/{name}: {reason}" for name, _, reason in SKIPPED.values()}
    expected |= {"skipped corpus/pipe.txt: not a regular file (a named pipe)",
                 "skipped corpus/link.txt: cannot read: No such file or directory"}  # fmt: skip
    assert sorted(run.stderr_lines()) == sorted(expected)
    assert f"skipped {len(expected)})" in run.stdout
    # a second build reads nothing again, and says again what it skips
    again = build(cli)
    assert again.code == 0
    assert f"(added 0, updated 0, unchanged 2, removed 0, skipped {len(expected)})" in again.stdout
    assert sorted(again.stderr_lines()) == sorted(expected)


def test_nothing_readable_is_an_error(cli: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "corpus"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "image.md").write_bytes(PNG)
    run = build(cli)
    assert run.code == 1
    assert sorted(run.stderr_lines()) == [
        "skipped corpus/empty.txt: empty file (no text)",
        "skipped corpus/image.md: binary file (a PNG image), not an article",
    ]


def test_a_directory_without_articles_is_an_error(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    run = build(cli)
    assert run.code == 1
    assert run.error_line() == (
        "error: no articles (.txt, .text, .md, .markdown, .html, .htm) in corpus"
    )


def test_a_missing_path_is_an_error_and_writes_nothing(
    cli: Invoke, corpus: Path, quads: Callable[[Path], Any]
) -> None:
    assert build(cli).code == 0
    before = quads(corpus.parent / "drugkg-store")
    run = cli("build", "corpus", "nowhere", "-j", "1", "--prune", "--no-turtle")
    assert run.code == 1
    assert run.error_line() == "error: nowhere: no such file or directory"
    assert quads(corpus.parent / "drugkg-store") == before


# -- many files ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_directory_of_10k_tiny_files(cli: Invoke, tmp_path: Path, deadline: Deadline) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(10_000):
        (corpus / f"note{i:05d}.txt").write_text(f"Note {i}\n\nCitalopram may cause sweating.\n")
    with deadline(240, "building 10,000 files"):
        run = build(cli)
    assert run.code == 0, run.output
    assert "(added 10000, updated 0, unchanged 0, removed 0, skipped 0)" in run.stdout
    with GraphStore.open(tmp_path / "drugkg-store", read_only=True) as graph:
        [fact] = graph.facts()
        stats = graph.stats()
    assert (fact.subject, fact.object, fact.support) == ("citalopram", "sweating", 10_000)
    assert (stats.documents, stats.evidence) == (10_000, 10_000)
    with deadline(120, "re-building 10,000 unchanged files"):
        again = build(cli)
    assert "(added 0, updated 0, unchanged 10000, removed 0, skipped 0)" in again.stdout
