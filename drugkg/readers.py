"""Sources: find article files and read them as documents (HTML reduced to its main text)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from drugkg.model import Document

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "ReadError",
    "Skipped",
    "document_from_bytes",
    "document_id",
    "find_files",
    "printable",
    "read_document",
]

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
# Invisible format characters: soft hyphen, zero-width spaces and joiners, direction marks,
# embeddings and isolates, word joiners, byte-order marks. They split words ("sertra\u200bline")
# without showing, so they are taken out of the text (offsets refer to the text without them).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

#: Files larger than this are not read (an article is a few kilobytes; a file of many
#: megabytes is a dump, and would take minutes to extract).
MAX_BYTES = 16 * 2**20

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class ReadError(Exception):
    """A file that cannot be read as an article; the message is one line naming the problem."""

    def __init__(self, path: Path | str, reason: str) -> None:
        shown = printable(path)
        super().__init__(f"{shown}: {reason}")
        self.path = shown
        self.reason = reason

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        # Worker processes send read errors back pickled; the default would call
        # ReadError(message) and fail, breaking the whole process pool.
        return (ReadError, (self.path, self.reason))


def printable(path: Path | str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates,
    which cannot be printed, stored or put in an IRI) become U+FFFD.

    >>> printable(os.fsdecode(b"caf\\xe9.txt")), printable("café.txt")
    ('caf\ufffd.txt', 'café.txt')
    """
    text = str(path)
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path passed over while looking for articles, and why."""

    path: str
    reason: str


def find_files(
    paths: Iterable[Path | str], *, follow_links: bool = False
) -> Iterator[Path | Skipped]:
    """Article files under ``paths`` (files as given, directories recursively, sorted).

    Symbolic-link loops and unreadable directories are reported as :class:`Skipped`, and
    so are links in a directory to files and folders outside it, unless ``follow_links``.
    A path that does not exist raises :class:`ReadError`.
    """
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ReadError(path, "no such file or directory")
        if path.is_dir():
            yield from _walk(path, seen, follow_links)
        elif path.is_file():
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                yield path
        else:
            yield Skipped(printable(path), "not a regular file")


def _outside(path: str, root: str) -> bool:
    """Whether ``path`` (resolved) lies outside the folder ``root`` (resolved)."""
    return os.path.commonpath([os.path.realpath(path), root]) != root


_OUTSIDE = "symbolic link to outside the folder (not followed without --follow-links)"


def _walk(root: Path, seen: set[str], follow_links: bool = False) -> Iterator[Path | Skipped]:
    visited: set[str] = set()
    top = os.path.realpath(root)

    def onerror(exc: OSError) -> None:
        errors.append(Skipped(printable(exc.filename), f"cannot read directory: {exc.strerror}"))

    errors: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        real_dir = os.path.realpath(dirpath)
        if real_dir in visited:
            dirnames[:] = []
            yield Skipped(printable(dirpath), "symbolic link loop")
            continue
        visited.add(real_dir)
        dirnames.sort()
        if not follow_links:
            for name in [d for d in dirnames if _outside(os.path.join(dirpath, d), top)]:
                dirnames.remove(name)
                yield Skipped(printable(os.path.join(dirpath, name)), _OUTSIDE)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() not in SUFFIXES:
                continue
            outside = path.is_symlink() and path.exists() and _outside(str(path), top)
            if outside and not follow_links:  # a dangling link is reported when read
                yield Skipped(printable(path), _OUTSIDE)
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            kind = _special_kind(path)
            if kind is not None:  # reading a named pipe would wait forever
                yield Skipped(printable(path), f"not a regular file ({kind})")
                continue
            yield path
        yield from errors
        errors.clear()
    yield from errors  # a directory that failed after the last one read


def _special_kind(path: Path) -> str | None:
    """What ``path`` is if it is not a regular file (None for files and dangling links)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # reading it reports the problem
    return _kind(mode)


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a file")


def document_id(path: Path | str) -> str:
    """The document id of a file: its name without the extension.

    >>> document_id("corpus/sample/sertraline-guide.html")
    'sertraline-guide'
    """
    return Path(path).stem


def read_document(
    path: Path | str, *, doc_id: str | None = None, max_bytes: int = MAX_BYTES
) -> Document:
    """Read one article file; raise :class:`ReadError` with a one-line reason if it is not one.

    Invisible format characters (zero-width spaces, direction marks...) are left out of the
    text, and line ends are normalised to ``\\n``.
    """
    path = Path(path)
    return document_from_bytes(_read_bytes(path, max_bytes), path=path, doc_id=doc_id)


def document_from_bytes(
    data: bytes, *, path: Path | str, doc_id: str | None = None, media_type: str | None = None
) -> Document:
    """An article from its bytes, read as :func:`read_document` reads a file's (``path``
    names it in errors and gives its type by suffix unless ``media_type``; an HTML page
    without a suffix is told by its start).

    >>> document_from_bytes(b"<!DOCTYPE html><p>Aspirin treats pain.</p>", path="-",
    ...                     doc_id="stdin").media_type
    'text/html'
    """
    path = Path(path)
    if media_type is None:
        media_type = SUFFIXES.get(path.suffix.lower())
    if media_type is None:
        start = data[:512].lstrip().lower()
        html = start.startswith((b"<!doctype html", b"<html"))
        media_type = "text/html" if html else "text/plain"
    digest = hashlib.sha256(data).hexdigest()
    text, encoding = _decode(path, data)
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    title = ""
    if media_type == "text/html":
        text, title = _html_main_text(path, text)
    if not text.strip():
        raise ReadError(path, "empty file (no text)")
    if not title:
        title = _first_line(text)
    metadata = {"encoding": encoding} if encoding not in ("utf-8", "ascii") else {}
    return Document(
        id=printable(doc_id or document_id(path)),
        text=text,
        source=printable(path),
        title=title,
        sha256=digest,
        media_type=media_type,
        metadata=metadata,
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; never waits on a pipe."""
    try:
        # O_NONBLOCK: opening a named pipe does not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise ReadError(path, f"cannot read: not a regular file ({kind})")
        too_large = ReadError(
            path, f"too large ({_megabytes(info.st_size)}; the limit is {_megabytes(max_bytes)})"
        )
        if info.st_size > max_bytes:
            raise too_large
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(max_bytes + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > max_bytes:  # it grew while we read it
        raise too_large
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    """A size in bytes as megabytes, for messages.

    >>> _megabytes(50 * 2**20), _megabytes(1500)
    ('50.0 MB', '0.0 MB')
    """
    return f"{size / 2**20:.1f} MB"


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
        if (mended := _mostly_utf8(data)) is not None:
            return mended, "utf-8"
        guess = _guess_encoding(data)
        if guess is None:
            raise ReadError(
                path, f"not valid UTF-8 (byte {exc.start}) and no other text encoding fits"
            ) from None
        return data.decode(guess), guess


def _mostly_utf8(data: bytes) -> str | None:
    """The text, each invalid byte as U+FFFD, when there are no more invalid bytes than
    characters UTF-8 did decode beyond ASCII: a UTF-8 file with a stray byte.

    >>> _mostly_utf8("dépression, anxiété ".encode() + b"\\xe9 fin")
    'dépression, anxiété \ufffd fin'
    >>> _mostly_utf8("dépression".encode("cp1252")) is None
    True
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    return text if 0 < bad <= good else None


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

    html = _clean_html(html)
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
    return _INVISIBLE.sub("", text), _INVISIBLE.sub("", title).strip()


# Elements whose content is never article text, yet reaches trafilatura's fallback
# extraction when the main text is short: frames, no-script notices, templates, form fields.
_NOT_TEXT = ("iframe", "frame", "frameset", "noscript", "template", "object", "embed",
             "applet", "textarea")  # fmt: skip
_HIDDEN = frozenset((*_NOT_TEXT, "script", "style"))
_MAX_DEPTH = 200  # libxml2 stops parsing at 256 nested elements and drops the rest


def _clean_html(html: str) -> str:
    """The page without elements that hold no article text, nested at most ``_MAX_DEPTH`` deep."""
    import lxml.etree
    import lxml.html

    def parse(text: str) -> tuple[lxml.html.HtmlElement | None, bool]:
        parser = lxml.html.HTMLParser(encoding="utf-8", collect_ids=False)
        try:
            tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
        except (lxml.etree.ParserError, ValueError):
            return None, False
        deep = any("Excessive depth" in e.message for e in parser.error_log)
        return tree, deep

    tree, deep = parse(html)
    if deep:
        tree, _ = parse(_flatten(html, _MAX_DEPTH))
    if tree is None:
        return html
    lxml.etree.strip_elements(tree, *_NOT_TEXT, with_tail=False)
    return str(lxml.html.tostring(tree, encoding="unicode"))


_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"]
)  # fmt: skip
_INLINE = frozenset(
    ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
     "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"]
)  # fmt: skip


class _Flattener(HTMLParser):
    """Re-writes HTML with elements nested deeper than ``limit`` unwrapped (content kept),
    and elements that hold no article text (scripts, frames...) left out with their content."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, written)
        self.open: dict[str, int] = {}
        self.depth = 0  # open elements written
        self.hidden: tuple[str, int] | None = None  # inside a left-out element: (tag, nesting)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden is not None:
            if tag == self.hidden[0]:
                self.hidden = (tag, self.hidden[1] + 1)
            return
        if tag in _HIDDEN:
            self.hidden = (tag, 1)
            return
        text = self.get_starttag_text() or ""
        if tag in _VOID:
            self.out.append(text)
            return
        written = self.depth < self.limit
        self.stack.append((tag, written))
        self.open[tag] = self.open.get(tag, 0) + 1
        if written:
            self.depth += 1
            self.out.append(text)
        elif tag not in _INLINE:
            self.out.append("\n")  # an unwrapped paragraph still ends its sentences

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden is None and tag not in _HIDDEN:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden is not None:
            if tag == self.hidden[0]:
                depth = self.hidden[1] - 1
                self.hidden = (tag, depth) if depth else None
            return
        if not self.open.get(tag):
            return  # a stray end tag
        while self.stack:
            name, written = self.stack.pop()
            self.open[name] -= 1
            if written:
                self.depth -= 1
                self.out.append(f"</{name}>")
            elif name not in _INLINE:
                self.out.append("\n")
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.hidden is None:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if self.hidden is None:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if self.hidden is None:
            self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def _flatten(html: str, limit: int) -> str:
    """``html`` with elements nested deeper than ``limit`` unwrapped.

    >>> _flatten("<div><div><p>x</p><p>y</p></div></div>", 1)
    '<div>\\n\\nx\\n\\ny\\n\\n</div>'
    """
    flattener = _Flattener(limit)
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""
