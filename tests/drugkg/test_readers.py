"""Readers: finding article files, decoding them, and reducing HTML to its main text."""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import threading
from pathlib import Path

import pytest

from drugkg.readers import ReadError, Skipped, document_id, find_files, read_document

LATIN1_PROSE = (
    "Betahistine and Ménière's disease\n\n"
    "Betahistine is used to treat the dizzy spells of Ménière's disease. The usual dose is "
    "16 mg three times a day, taken with food; a café au lait with breakfast is fine. Some "
    "people notice a mild headache or an upset stomach, and a naïve first-time user may "
    "feel bloated for a week. Store the tablets below 25 °C.\n"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert caught.value.path == str(path)
    return caught.value.reason


# -- plain text and Markdown --------------------------------------------------------------


def test_plain_text(tmp_path: Path, articles: dict[str, str]) -> None:
    path = write(tmp_path / "propranolol.txt", articles["propranolol.txt"])
    doc = read_document(path)
    assert doc.id == "propranolol"
    assert doc.text == articles["propranolol.txt"]
    assert doc.title == "Propranolol and stage fright"
    assert doc.media_type == "text/plain"
    assert doc.source == str(path)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.metadata == {}


def test_markdown_keeps_its_text_and_takes_the_heading_as_title(
    tmp_path: Path, articles: dict[str, str]
) -> None:
    doc = read_document(write(tmp_path / "lithium.md", articles["lithium.md"]))
    assert doc.media_type == "text/markdown"
    assert doc.text == articles["lithium.md"]
    assert doc.title == "Lithium in everyday practice"


def test_windows_line_endings_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", b"Aspirin eases pain.\r\nIt may upset the stomach.\r")
    assert read_document(path).text == "Aspirin eases pain.\nIt may upset the stomach.\n"


def test_doc_id_can_be_given(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Aspirin eases pain.")
    assert read_document(path, doc_id="sub/a").id == "sub/a"
    assert document_id("x/y/sertraline-guide.html") == "sertraline-guide"


# -- HTML ----------------------------------------------------------------------------------


def test_html_keeps_the_article_and_drops_the_boilerplate(
    tmp_path: Path, articles: dict[str, str]
) -> None:
    doc = read_document(write(tmp_path / "page.html", articles["propranolol-page.html"]))
    assert doc.media_type == "text/html"
    assert doc.title == "Propranolol explained"
    flat = " ".join(doc.text.split())
    for kept in (
        "Propranolol is used to treat high blood pressure and migraine",
        "Propranolol may cause tiredness and cold hands.",
        "Do not take propranolol if you have asthma",
    ):
        assert kept in flat
    boilerplate = [
        "Drugs A-Z",
        "Pharmacy shop",
        "cookies",
        "Buy cheap",
        "cures anxiety",
        "Copyright",
        "555-0100",
        "newsletter",
        "buy propranolol cheap online",
    ]
    for dropped in boilerplate:
        assert dropped not in doc.text


def test_html_read_twice_in_one_process_gives_the_same_text(
    tmp_path: Path, articles: dict[str, str]
) -> None:
    """No state carries over between pages (trafilatura's deduplication cache did)."""
    path = write(tmp_path / "page.html", articles["propranolol-page.html"])
    first = read_document(path)
    copy = write(tmp_path / "copy.html", articles["propranolol-page.html"])
    assert read_document(path).text == first.text
    assert read_document(copy).text == first.text


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path / "shell.html", "<html><body><div><img src=a.png></div></body></html>")
    assert read_error(path) == "no article text found in the HTML page"


# -- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "bom", "name"),
    [("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("utf-16-le", b"\xff\xfe", "utf-16"),
     ("utf-16-be", b"\xfe\xff", "utf-16"), ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32")],
)  # fmt: skip
def test_byte_order_marks(tmp_path: Path, codec: str, bom: bytes, name: str) -> None:
    text = "Naproxen eases pain — and “Ménière’s” stays intact.\n"
    doc = read_document(write(tmp_path / "bom.txt", bom + text.encode(codec)))
    assert doc.text == text  # the mark itself is not part of the text
    assert doc.metadata == {"encoding": name}


def test_latin1_prose_is_decoded(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "latin1.txt", LATIN1_PROSE.encode("latin-1")))
    assert doc.text == LATIN1_PROSE
    assert doc.metadata["encoding"] in ("cp1252", "latin_1", "iso8859_15")


def test_a_short_latin1_line_is_western_not_central_european(tmp_path: Path) -> None:
    line = "Naproxen eases pain · the café owner said it soothes his naïve knee.\n"
    doc = read_document(write(tmp_path / "short.txt", line.encode("latin-1")))
    assert doc.text == line


def test_windows_1252_punctuation(tmp_path: Path) -> None:
    text = "Ibuprofen – “the usual painkiller” – eases aches; don’t exceed 1200 mg a day.\n" * 3
    assert read_document(write(tmp_path / "cp1252.txt", text.encode("cp1252"))).text == text


@pytest.mark.parametrize(
    "data",
    [bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40 + b"\x01\x02\x03", bytes(range(0x80, 0x100)) * 4],
    ids=["c1-controls", "high-bytes"],
)
def test_undecodable_bytes(tmp_path: Path, data: bytes) -> None:
    reason = read_error(write(tmp_path / "garbled.txt", data))
    assert reason == "not valid UTF-8 (byte 0) and no other text encoding fits"


def test_a_broken_utf16_file(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")
    assert read_error(path) == "invalid utf-16 text after its byte-order mark"


# -- files that are not articles ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file (no text)"),
        ("blank.md", b"  \n\t\r\n   ", "empty file (no text)"),
        ("blank16.txt", "   \n".encode("utf-16"), "empty file (no text)"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32),
            "binary file (a PNG image), not an article",
        ),
        (
            "archive.md",
            gzip.compress(b"Aspirin eases pain.", mtime=0),
            "binary file (gzip data), not an article",
        ),
        (
            "paper.html",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "binary file (a PDF file), not an article",
        ),
        (
            "nul.txt",
            b"Aspirin\x00eases\x00pain",
            "binary file (contains NUL bytes), not an article",
        ),
    ],
)
def test_not_an_article(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    assert read_error(write(tmp_path / name, data)) == reason


def test_a_read_error_survives_pickling(tmp_path: Path) -> None:
    """Worker processes of a parallel build send read errors back pickled."""
    error = ReadError(tmp_path / "a.txt", "empty file (no text)")
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), str(back), back.path, back.reason) == (
        ReadError, str(error), error.path, error.reason
    )  # fmt: skip


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "Aspirin eases pain.")
    path.chmod(0)
    try:
        assert read_error(path) == "cannot read: Permission denied"
    finally:
        path.chmod(0o644)


def test_a_directory_is_not_readable_as_a_document(tmp_path: Path) -> None:
    assert read_error(tmp_path).startswith("cannot read: ")


# -- finding files -----------------------------------------------------------------------


def test_find_files_recurses_sorted_and_keeps_article_suffixes(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "sub/c.html", "sub/d.HTM", "notes.pdf", "sub/image.png",
                 "sub/deeper/e.markdown"):  # fmt: skip
        write(tmp_path / name, "x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_files([tmp_path])
             if isinstance(p, Path)]  # fmt: skip
    assert found == ["a.md", "b.txt", "sub/c.html", "sub/d.HTM", "sub/deeper/e.markdown"]


def test_find_files_takes_files_as_given_and_each_once(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "x")
    odd = write(
        tmp_path / "article.data", "x"
    )  # a file named explicitly is read whatever its suffix
    os.symlink(a, tmp_path / "link.txt")
    assert list(find_files([odd, a, tmp_path / "link.txt", tmp_path])) == [odd, a]


def test_find_files_of_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"nowhere: no such file or directory$"):
        list(find_files([tmp_path / "nowhere"]))


def test_a_symlink_loop_is_skipped_not_followed_forever(tmp_path: Path) -> None:
    write(tmp_path / "corpus/sub/a.txt", "x")
    os.symlink("..", tmp_path / "corpus/sub/up")
    os.symlink(tmp_path / "corpus", tmp_path / "corpus/self")
    found: list[Path | Skipped] = []
    worker = threading.Thread(target=lambda: found.extend(find_files([tmp_path / "corpus"])))
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "find_files is following a symbolic link loop"
    files = [p for p in found if isinstance(p, Path)]
    skipped = [s for s in found if isinstance(s, Skipped)]
    assert files == [tmp_path / "corpus/sub/a.txt"]
    assert skipped and all(s.reason == "symbolic link loop" for s in skipped)


def test_a_dangling_symlink_is_found_and_fails_to_read_in_one_line(tmp_path: Path) -> None:
    write(tmp_path / "corpus/a.txt", "x")
    os.symlink(tmp_path / "gone.txt", tmp_path / "corpus/b.txt")
    found = list(find_files([tmp_path / "corpus"]))
    assert found == [tmp_path / "corpus/a.txt", tmp_path / "corpus/b.txt"]
    assert read_error(tmp_path / "corpus/b.txt") == "cannot read: No such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads directories whatever their mode")
def test_an_unreadable_directory_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "corpus/a.txt", "x")
    locked = tmp_path / "corpus/locked"
    write(locked / "b.txt", "x")
    locked.chmod(0)
    try:
        found = list(find_files([tmp_path / "corpus"]))
    finally:
        locked.chmod(0o755)
    assert found[0] == tmp_path / "corpus/a.txt"
    assert [s.reason for s in found[1:] if isinstance(s, Skipped)] == [
        "cannot read directory: Permission denied"
    ]
