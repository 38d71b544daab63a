"""Split article text into blocks (headings, bullets, paragraphs) and sentences, keeping offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Block", "BlockKind", "Sentence", "fold", "segment", "sentences"]


class BlockKind(StrEnum):
    HEADING = "heading"
    BULLET = "bullet"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True, slots=True)
class Block:
    """A line-level unit of the document: ``text == doc[start:end]`` minus markup."""

    kind: BlockKind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its character offsets in the document (``doc[start:end] == text``)."""

    start: int
    end: int
    text: str
    block: Block


_BULLET = re.compile(r"^[ \t]*(?:[-*+•●▪◦‣∙·]|\d{1,2}[.)])[ \t]+")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+")
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_TERMINAL = re.compile(r"[.!?:;,]['\"”’)]*\s*$")

# A sentence ends at . ! or ? followed by space and an upper-case letter, digit, quote or bullet.
_SENT_END = re.compile(r"(?<=[.!?])['\"”’)*_]*\s+(?=[\"“‘'(*_]*[A-Z0-9•])")
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|St|Jr|Sr|No|approx|incl|Inc|Ltd|Co|Fig|al|U\.S|tab|caps)"
    r"|\b[A-Z])\.['\"”’)]*$"
)


def _is_heading(line: str, next_line: str | None) -> bool:
    """A short line without closing punctuation, standing on its own, reads as a heading."""
    words = line.split()
    if not words or len(words) > 14 or len(line) > 110:
        return False
    if _TERMINAL.search(line):
        return line.rstrip().endswith("?") and len(words) <= 12
    return words[0][:1].isupper() or words[0][:1].isdigit()


_NUMBERED = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]+")


def _is_numbered_heading(line: str, bullet: re.Match[str], next_line: str | None) -> bool:
    """ "5. Possible side effects" followed by prose is a numbered section heading."""
    if not _NUMBERED.match(line) or not next_line:
        return False
    body = line[bullet.end() :].strip()
    if _NUMBERED.match(next_line) or _BULLET.match(next_line):
        return False
    return _is_heading(body, next_line)


def segment(text: str) -> list[Block]:
    """Split text into blocks: markdown or short stand-alone lines are headings; bullets are kept.

    >>> [(b.kind.value, b.text) for b in segment("Uses\\n\\nIt treats pain.\\n  • Nausea\\n")]
    [('heading', 'Uses'), ('paragraph', 'It treats pain.'), ('bullet', 'Nausea')]
    """
    blocks: list[Block] = []
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group()]
    # index of the next non-blank line after each line, computed once from the end
    following = [len(lines)] * len(lines)
    nxt = len(lines)
    for j in range(len(lines) - 1, -1, -1):
        following[j] = nxt
        if lines[j][1].strip():
            nxt = j
    for i, (offset, raw) in enumerate(lines):
        line = raw.rstrip("\n").rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        next_line = lines[following[i]][1].strip() if following[i] < len(lines) else None
        md = _MD_HEADING.match(line)
        bullet = _BULLET.match(line)
        if md:
            kind, lead = BlockKind.HEADING, md.end()
        elif bullet and _is_numbered_heading(line, bullet, next_line):
            kind, lead = BlockKind.HEADING, bullet.end()
        elif bullet:
            kind, lead = BlockKind.BULLET, bullet.end()
        elif _is_heading(stripped, next_line):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        start = offset + lead
        end = offset + len(line)
        body = text[start:end]
        if body.strip():
            blocks.append(Block(kind, start, end, body))
    return blocks


def sentences(block: Block) -> Iterator[Sentence]:
    """The sentences of a block, with document offsets.

    >>> b = Block(BlockKind.PARAGRAPH, 10, 49, "Take 0.5 mg daily. Dr. Lee agrees. Ok.")
    >>> [(s.start, s.text) for s in sentences(b)]
    [(10, 'Take 0.5 mg daily.'), (29, 'Dr. Lee agrees.'), (45, 'Ok.')]
    """
    text = block.text
    pos = 0
    for m in _SENT_END.finditer(text):
        # only the last few characters can hold an abbreviation ("Dr.", "e.g."): looking at
        # them alone keeps a line of many abbreviations linear
        candidate = text[max(pos, m.start() - 16) : m.start()]
        if _ABBREV.search(candidate):
            continue
        yield from _emit(block, pos, m.start())
        pos = m.end()
    yield from _emit(block, pos, len(text))


def _emit(block: Block, lo: int, hi: int) -> Iterator[Sentence]:
    piece = block.text[lo:hi]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right > left:
        yield Sentence(block.start + lo + left, block.start + lo + right, piece[left:right], block)


_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": " ",  # en and em dashes separate words ("too—SSRIs"); hyphens join them
        "—": " ",
        "―": " ",
        "−": "-",
        "\u00a0": " ",
        "\u200b": " ",
        "\u200c": " ",
        "\u200d": " ",
        "\ufeff": " ",
        "μ": "µ",
    }
)


def fold(text: str) -> str:
    """Lower-case and unify quotes, dashes and odd spaces without changing the length.

    >>> fold("Parkinson’s — GABA‑A")
    "parkinson's   gaba-a"
    """
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
