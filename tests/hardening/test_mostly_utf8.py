"""A UTF-8 file with one invalid byte is read as UTF-8, the bad byte as U+FFFD: "dépression"
never becomes "dÃ©pression"; a file with no UTF-8 in it is still read as Windows-1252."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugkg.readers import read_document

TEXT = "La dépression et l'anxiété: la sertraline peut causer des nausées."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode() + b" \xff fin.", TEXT + " \ufffd fin."),
        (b"\x80" + TEXT.encode(), "\ufffd" + TEXT),
        (TEXT.encode()[:3] + b"\xe9" + TEXT.encode()[3:], TEXT[:3] + "\ufffd" + TEXT[3:]),
    ],
)
def test_one_bad_byte_in_utf8_is_replaced(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document.text == expected
    assert "Ã" not in document.text
    assert document.metadata.get("encoding", "utf-8") == "utf-8"


def test_windows_1252_is_still_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    assert read_document(path).text == TEXT
