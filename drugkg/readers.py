"""Sources: find article files and read them as documents (HTML reduced to its main text)."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from drugkg.model import Document

__all__ = ["SUFFIXES", "ReadError", "Skipped", "document_id", "find_files", "read_document"]

#: The article formats drugkg reads, by file suffix.
SUFFIXES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\x1f\x8b": "gzip data",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a zip archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReadError(Exception):
    """A file that cannot be read as an article; the message is one line naming the problem."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        # Worker processes send read errors back pickled; the default would call
        # ReadError(message) and fail, breaking the whole process pool.
        return (ReadError, (self.path, self.reason))


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path passed over while looking for articles, and why."""

    path: str
    reason: str


def find_files(paths: Iterable[Path | str]) -> Iterator[Path | Skipped]:
    """Article files under ``paths`` (files as given, directories recursively, sorted).

    Symbolic-link loops and unreadable directories are reported as :class:`Skipped`.
    A path that does not exist raises :class:`ReadError`.
    """
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ReadError(path, "no such file or directory")
        if path.is_dir():
            yield from _walk(path, seen)
        elif path.is_file():
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                yield path
        else:
            yield Skipped(str(path), "not a regular file")


def _walk(root: Path, seen: set[str]) -> Iterator[Path | Skipped]:
    visited: set[str] = set()

    def onerror(exc: OSError) -> None:
        errors.append(Skipped(str(exc.filename), f"cannot read directory: {exc.strerror}"))

    errors: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        real_dir = os.path.realpath(dirpath)
        if real_dir in visited:
            dirnames[:] = []
            yield Skipped(dirpath, "symbolic link loop")
            continue
        visited.add(real_dir)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() not in SUFFIXES:
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            yield path
        yield from errors
        errors.clear()


def document_id(path: Path | str) -> str:
    """The document id of a file: its name without the extension.

    >>> document_id("corpus/sample/sertraline-guide.html")
    'sertraline-guide'
    """
    return Path(path).stem


def read_document(path: Path | str, *, doc_id: str | None = None) -> Document:
    """Read one article file; raise :class:`ReadError` with a one-line reason if it is not one."""
    path = Path(path)
    media_type = SUFFIXES.get(path.suffix.lower(), "text/plain")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    text, encoding = _decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = ""
    if media_type == "text/html":
        text, title = _html_main_text(path, text)
    if not text.strip():
        raise ReadError(path, "empty file (no text)")
    if not title:
        title = _first_line(text)
    metadata = {"encoding": encoding} if encoding not in ("utf-8", "ascii") else {}
    return Document(
        id=doc_id or document_id(path),
        text=text,
        source=str(path),
        title=title,
        sha256=digest,
        media_type=media_type,
        metadata=metadata,
    )


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise ReadError(path, "empty file (no text)")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ReadError(path, f"binary file ({what}), not an article")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise ReadError(path, f"invalid {codec} text after its byte-order mark") from None
    if b"\x00" in data[:8192]:
        raise ReadError(path, "binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(data)
        if guess is None:
            raise ReadError(
                path, f"not valid UTF-8 (byte {exc.start}) and no other text encoding fits"
            ) from None
        return data.decode(guess), guess


def _guess_encoding(data: bytes) -> str | None:
    """A legacy single-byte encoding (Latin-1, Windows-1252) when the bytes read as prose."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:65536])
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    # On a tie, Windows-1252 (the superset of Latin-1 that English web text uses) wins over
    # whichever Central European code page happens to rank first: "naïve" must not read "naďve".
    best = next(
        (m for m in matches if m.chaos <= best.chaos and "cp1252" in m.could_be_from_charset),
        best,
    )
    text = str(best)
    letters = sum(c.isalpha() for c in text)
    if letters < 0.5 * max(len(text.strip()), 1) or _CONTROL.search(text):
        return None
    return best.encoding


def _html_main_text(path: Path, html: str) -> tuple[str, str]:
    """The article text of an HTML page, without navigation, ads or comments (trafilatura)."""
    import trafilatura

    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        include_formatting=False,
        # trafilatura's deduplication keeps a process-wide cache of the text it has seen, so a
        # page read twice in one process (or a paragraph two pages share) would vanish.
        deduplicate=False,
    )
    if not text or not text.strip():
        raise ReadError(path, "no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta is not None else None) or ""
    return text, title.strip()


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""
