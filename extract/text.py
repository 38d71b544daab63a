"""Split article text into blocks (headings, bullets, paragraphs) and sentences, keeping offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Block",
    "BlockKind",
    "Sentence",
    "fold",
    "is_phrase",
    "opens_list",
    "segment",
    "sentences",
]


class BlockKind(StrEnum):
    HEADING = "heading"
    BULLET = "bullet"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True, slots=True)
class Block:
    """A line-level unit of the document: ``text == doc[start:end]`` minus markup.

    ``heading`` is the text of the heading the block sits under (empty before the first
    one); ``lead_in`` is, for a list item, the line that introduced the list ("Possible side
    effects include:", "Common: may affect up to 1 in 10 people"), bulleted or not.
    """

    kind: BlockKind
    start: int
    end: int
    text: str
    heading: str = ""
    lead_in: str = ""
    level: int = 0  # a Markdown heading's level (``##`` is 2); 0 where the text does not say


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
# (and before "if you" in lower case: a leaflet's items run together on one line, "if you
# have kidney problems. if you have liver problems.")
_SENT_END = re.compile(r"(?<=[.!?])['\"”’)*_]*\s+(?=[\"“‘'(*_]*[A-Z0-9•]|if you\b)")
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

# A line that opens a list of items on the lines below it: it ends with a colon, or it is a
# frequency band of a leaflet ("Common: may affect up to 1 in 10 people", "Rare (0.1%)",
# "Not known"), with or without a gloss.
_FREQUENCY_BAND = re.compile(
    r"^(?:very |less |more |un)?(?:common|rare|frequent|infrequent)(?:ly)?\b(?:[^.]*)$"
    r"|^(?:frequency )?not known\b[^.]*$"
    r"|^(?:common|rare|uncommon|frequent)(?: (?:side|adverse) effects?)?\s*(?:\(.*\))?\s*:"
    # "Relatively common (>1% of patients):", "Less common (0.9% to 0.5%):"
    r"|^(?:relatively |quite |very |less |more )?(?:un|in)?(?:common|rare|frequent)(?:ly)?"
    r"(?: (?:side|adverse) effects?)?\s*(?:\([^()]*\))?\s*:",
    re.IGNORECASE,
)
# a frequency band glued to the end of the line before it, where a page's layout lost the
# line break: "... your doctor. Very common side effects (may affect more than 1 in 10
# people)", "fever, fatigue. Uncommon side effects: may affect up to 1 in 100 people"
_GLUED_BAND = re.compile(
    r"(?<=[\w.;:,)] )(?<!very )(?<!less )(?<!more )(?<!relatively )"
    r"(?:very common|common|uncommon|rare|very rare|not known)"
    r"(?: (?:side|adverse) effects?)?\s*"
    r"(?:\((?:may affect|affects?|affecting|frequency|occurs? in|more than|up to|less than|"
    r"fewer than)[^()]*(?:\([^()]*\)[^()]*)*\)|:\s*(?:may affect|affects?)\b[^.]*)\s*:?\s*$",
    re.IGNORECASE,
)
# the gloss after a band's colon, which is no item: "Common: may affect up to 1 in 10"
_BAND_GLOSS = re.compile(r"(?:may affect|affects?|affecting|frequency)\b", re.IGNORECASE)
# An item line: no full stop at its end, or short
_MAX_ITEM_WORDS = 30


# a line that stops on a word that needs what follows: "tell your doctor if you suffer from"
_OPEN_END = re.compile(
    r"\b(?:from|with|of|if you(?: have| are)?|include|includes|including|such as|like|"
    r"are taking|are using|if you take|in people with|in patients with|in those with)\s*$",
    re.IGNORECASE,
)
_OPEN_END_SPAN = 40  # longer than any open ending with the spaces after it

# the opening words of a sentence of prose rather than of a list item
_PROSE_OPENING = re.compile(
    r"(?:it|this|these|they|there|he|she|we|you|the (?:drug|medicine|medication))\b", re.IGNORECASE
)

# a finite verb makes a sentence of prose ("Most side effects are mild."), where an item is
# a noun phrase ("Acute psychosis, such as psychosis caused by ketamine.")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|can|could|may|might|will|would|should|must|"
    r"does|do|did|works?|acts?|helps?|causes?|makes?|takes?|contains?|includes?)\b",
    re.IGNORECASE,
)

# the titles of an encyclopedia article's or a leaflet's sections
_SECTION_TITLE = re.compile(
    r"(?:medical |other )?uses|indications|contraindications|(?:drug )?interactions|"
    r"side effects|adverse effects|overdose|overdosage|pharmacology|pharmacodynamics|"
    r"pharmacokinetics|mechanism of action|chemistry|history|society and culture|research|"
    r"pregnancy(?: and breast-?feeding)?|breast-?feeding|warnings(?: and precautions)?|"
    r"precautions|special cautions|dependence(?: and withdrawal)?|withdrawal|abuse",
    re.IGNORECASE,
)

# a leaflet item: "if you are allergic to ...", "If you have kidney disease."
_IF_ITEM = re.compile(r"if (?:you|your)\b", re.IGNORECASE)
# the same item after a lead-in that ends with its "if": "Do not use X if" / "you are
# allergic to ...", "Talk to your doctor before taking X if:" / "You have a heart problem."
_YOU_ITEM = re.compile(
    r"(?:you|your (?:child|baby))(?: or \w+)? (?:are|have|had|suffer|were|take|use|know|"
    r"need|get|develop|experience)\b",
    re.IGNORECASE,
)
_ENDS_WITH_IF = re.compile(r"\bif\s*:?$", re.IGNORECASE)


def _first_word(line: str) -> str:
    words = line.split()
    return words[0].lower() if words else ""


def opens_list(line: str) -> bool:
    """A lead-in line: ends with a colon or an open word, or names a frequency band.

    >>> [opens_list(x) for x in ["Side effects include:", "Very common: may affect 1 in 10",
    ...                          "Common (1-10%)", "It is common.", "Nausea",
    ...                          "Tell your doctor if you suffer from"]]
    [True, True, True, False, False, True]
    """
    stripped = line.strip()
    return (
        stripped.endswith(":")
        or names_band(stripped)
        # the open word is at the end: search the line's tail, not every position of it
        or (
            len(stripped.split()) >= 3
            and bool(_OPEN_END.search(stripped, max(0, len(stripped) - _OPEN_END_SPAN)))
        )
    )


def names_band(line: str) -> bool:
    """A leaflet's frequency band ("Very common (may affect more than 1 in 10 people):").

    >>> names_band("Uncommon: may affect up to 1 in 100 people"), names_band("Nausea")
    (True, False)
    """
    return bool(_FREQUENCY_BAND.match(line.strip()))


def _is_item(line: str) -> bool:
    """A line that continues a list: a phrase, not a sentence of prose.

    >>> lines = ["Dry mouth", "Headache, nausea,", "It is rare. Call your doctor if it lasts."]
    >>> [_is_item(x) for x in lines]
    [True, True, False]
    """
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > _MAX_ITEM_WORDS:
        return False
    if opens_list(stripped):
        return False
    body = stripped.rstrip(".;")
    return "." not in body.replace("e.g.", "").replace("i.e.", "") or len(words) <= 6


_MAX_LONG_ITEM_WORDS = 90
# what a leaflet's side-effect section says after its bands ("Other side effects",
# "Reporting of side effects"): no more items of theirs
_AFTER_BANDS = re.compile(
    r"(?:other|reporting of|additional|more|further)\b.*\bside effects?\b|how to store\b"
    r"|.*\b(?:driving and using machines|with (?:food|drink|alcohol))\b",
    re.IGNORECASE,
)
# a sentence addressed to the reader, not an item: "Tell your doctor if ...", "If you ..."
_ADDRESS = re.compile(
    r"(?:tell|talk|contact|ask|seek|stop|call|if|you|your|this|these|it|they|there|please)\b",
    re.IGNORECASE,
)


def _band_goes_on(lead_in: str, line: str, next_line: str | None) -> bool:
    """Whether a phrase set apart by a blank line goes on a frequency band's list: a
    leaflet that sets each effect apart ("Uncommon (may affect up to 1 in 100 people)" /
    "Failing of your kidneys" / "Paralysis, seizures, falling, movement disorders, ...").

    >>> band = "Uncommon (may affect up to 1 in 100 people)"
    >>> _band_goes_on(band, "Failing of your kidneys", None)
    True
    >>> _band_goes_on(band, "Reporting of side effects", None)
    False
    >>> _band_goes_on("Other medicines", "Failing of your kidneys", None)
    False
    >>> _band_goes_on(band, "Tell your doctor if any of these gets serious.", None)
    False
    >>> _band_goes_on(band, "Other medicines and X", "Tell your doctor if you take:")
    False
    """
    if not names_band(lead_in) or _AFTER_BANDS.search(line) or _SECTION_TITLE.fullmatch(line):
        return False
    if line.rstrip().endswith(".") and _ADDRESS.match(line):
        return False  # "Tell your doctor if any of these gets serious.": a sentence
    if next_line is not None and opens_list(next_line) and not names_band(next_line):
        return False  # "Other medicines and X" / "Tell your doctor if you take:": a heading
    return _is_item(line) or _long_item(line, next_line)


def _long_item(line: str, next_line: str | None) -> bool:
    """A long line amid a list's items that is one phrase, no sentence: no full stop inside
    it and an item on the line below ("Serious allergic reaction, signs of which may include
    difficulty breathing, chest pain, ..., collapse" / "Breast disorders"), so the list goes on.

    >>> _long_item("Rash, " * 40 + "collapse", "Breast disorders")
    True
    >>> _long_item("It is rare, " * 12 + "and it passes. Call your doctor.", "Breast disorders")
    False
    >>> _long_item("Rash, " * 40 + "collapse", None)
    False
    >>> _long_item("You may get a rash, " + "itching, " * 40 + "or collapse", "Hernia")
    False
    """
    words = line.split()
    if next_line is None or len(words) > _MAX_LONG_ITEM_WORDS or opens_list(line):
        return False
    if _ADDRESS.match(line):
        return False  # "You may get red spots ..., which can follow a fever": prose
    body = line.rstrip(".;").replace("e.g.", "").replace("i.e.", "")
    return "." not in body and _is_item(next_line)


def _opens_with_item(line: str, next_line: str | None) -> bool:
    """A line under a lead-in whose first sentence is an item and whose other sentences
    comment on it, with the list going on below: an item, not prose that ends the list.

    >>> _opens_with_item("Acute mania, as in bipolar disorder. It acts fast.", "Insomnia")
    True
    >>> _opens_with_item("It acts fast. Insomnia is common.", "Insomnia")
    False
    >>> _opens_with_item("Acute mania. It acts fast.", "It was approved in 1990. Rarely used.")
    False
    """
    end = _SENT_END.search(line)
    if end is None or not next_line or not _is_item(next_line):
        return False
    first = line[: end.start()].rstrip(".")
    return _is_item(first) and is_phrase(first)


def _first_is_item(line: str) -> bool:
    """A line under a frequency band whose first sentence names an effect, the others
    commenting on it: an item of the band, whatever the line below.

    >>> _first_is_item("Low red blood cell count (anaemia). You may feel tired and pale.")
    True
    >>> _first_is_item("You may feel tired. Tell your doctor.")
    False
    """
    end = _SENT_END.search(line)
    first = (line[: end.start()] if end else line).strip().rstrip(".")
    if not first or _NOT_AN_ITEM_START.match(first):
        return False
    return _is_item(first) and is_phrase(first)


# a sentence that opens as advice or comment, not as an effect's name
_NOT_AN_ITEM_START = re.compile(
    r"(?i)(?:if|when|tell|talk|ask|contact|call|stop|you|your|this|these|it|they|there|"
    r"please|see|do|the following)\b"
)


def is_phrase(text: str) -> bool:
    """Words without a finite verb: a list item's noun phrase, however long, rather than a
    sentence.

    >>> is_phrase("low blood pressure or a fall in blood pressure on standing up")
    True
    >>> is_phrase("this medicine may make you feel sleepy, so do not drive")
    False
    """
    return not _FINITE.search(text) and not _PROSE_OPENING.match(text)


def _labelled_items(line: str) -> bool:
    """A frequency band or label with its items on the same line: an item of the list
    above, not a lead-in of its own.

    >>> [_labelled_items(x) for x in ["Less common (0.5-1%): fatigue, delirium",
    ...                               "Less common (0.5-1%):", "Rare side effects include:"]]
    [True, False, False]
    """
    label, colon, rest = line.partition(":")
    return (
        bool(colon)
        and bool(rest.strip())
        and not _BAND_GLOSS.match(rest.strip())  # "Common: may affect up to 1 in 10 people"
        and bool(_FREQUENCY_BAND.match(line))
        and (len(label.split()) <= 8)
    )


def _lower_item(line: str) -> bool:
    """An item in lower case, as leaflets set them apart by blank lines: prose opens with a
    capital, so a phrase that does not is the list going on, however long it is.

    >>> lines = ["runny nose", "Reporting of side effects", "cough.", "fewer red cells, "
    ...          "fewer white cells (neutrophils) or fewer cells that help blood clot"]
    >>> [_lower_item(x) for x in lines]
    [True, False, True, True]
    """
    return line[:1].islower() and _is_item(line)


def _opens_item_run(line: str, below: str) -> bool:
    """A line right under a heading that opens a run of items: it and the line just below
    it are phrases, not sentences.

    >>> _opens_item_run("Coma, acute stroke", "Severe intoxication with alcohol")
    True
    >>> _opens_item_run("Coma", "It is rare. Call a doctor.")
    False
    """
    # (a line over "if you ..." items is their lead-in: "Talk to your doctor before taking X")
    return not _IF_ITEM.match(below) and all(
        _is_item(x) and not _TERMINAL.search(x) and not opens_list(x) for x in (line, below)
    )


def _goes_on_list(line: str, separator: str) -> bool:
    """After an item that ends with a semicolon or a comma, a line that ends with the same
    mark, or a phrase, is the list going on, however long it is: leaflets describe an effect
    before naming it.

    >>> _goes_on_list("Patches on the trunk, skin peeling, fever and flu-like "
    ...     "symptoms, sores of the mouth, throat and eyes (Stevens-Johnson syndrome);", ";")
    True
    >>> _goes_on_list("Muscle twitching or worse fits (signs of low sodium)", ";")
    True
    >>> _goes_on_list("clots in the veins, which may travel to the lungs (seek help),", ",")
    True
    >>> _goes_on_list("Tell your doctor if any of these gets serious.", ",")
    False
    """
    return line.endswith(separator) or (not _TERMINAL.search(line) and is_phrase(line))


def _continues_lower_list(line: str, below: str | None) -> bool:
    """Among items in lower case set apart by blank lines, a line that opens with a capital
    only because of a name in capitals ("COVID-19 infection", "INR increased") is the list
    going on when a lower-case item follows it; a title-case word opens a heading.

    >>> _continues_lower_list("COVID-19 infection", "bacterial infection")
    True
    >>> _continues_lower_list("Other side effects", "headache")
    False
    """
    first = line.split()[0] if line.split() else ""
    return (
        below is not None
        and _lower_item(below)
        and _is_item(line)
        and not re.fullmatch(r"[A-Z][a-z'’-]*", first)
        and not _SECTION_TITLE.fullmatch(line)
    )


def _is_numbered_heading(line: str, bullet: re.Match[str], next_line: str | None) -> bool:
    """ "5. Possible side effects" followed by prose is a numbered section heading."""
    if not _NUMBERED.match(line) or not next_line:
        return False
    body = line[bullet.end() :].strip()
    if _NUMBERED.match(next_line) or _BULLET.match(next_line):
        return False
    return _is_heading(body, next_line)


def _unglued(line: re.Match[str]) -> list[tuple[int, str]]:
    """A line, or the line and the frequency band glued to its end, as two lines.

    >>> text = "Tell your doctor. Common side effects (may affect up to 1 in 10 people)"
    >>> [part for _, part in _unglued(re.match(".*", text))]
    ['Tell your doctor. ', 'Common side effects (may affect up to 1 in 10 people)']
    >>> len(_unglued(re.match(".*", "Very common (may affect more than 1 in 10 people)")))
    1
    """
    raw = line.group()
    band = _GLUED_BAND.search(raw)
    if band is None:
        return [(line.start(), raw)]
    return [(line.start(), raw[: band.start()]), (line.start() + band.start(), raw[band.start() :])]


def segment(text: str) -> list[Block]:
    """Split text into blocks: markdown or short stand-alone lines are headings; bullets are kept.

    >>> [(b.kind.value, b.text) for b in segment("Uses\\n\\nIt treats pain.\\n  • Nausea\\n")]
    [('heading', 'Uses'), ('paragraph', 'It treats pain.'), ('bullet', 'Nausea')]

    Lines under a lead-in are list items even without bullet marks; each block knows its
    heading and, for items, its lead-in:

    >>> blocks = segment("Side effects\\nThey include:\\n\\nDry mouth\\nHeadache\\n\\nMore text.")
    >>> for b in blocks[1:4]:
    ...     print(b.kind.value, b.text, b.heading, b.lead_in or "-", sep=" | ")
    paragraph | They include: | Side effects | -
    bullet | Dry mouth | Side effects | They include:
    bullet | Headache | Side effects | They include:
    """
    blocks: list[Block] = []
    lines = [part for m in _LINE.finditer(text) if m.group() for part in _unglued(m)]
    # index of the next non-blank line after each line, computed once from the end
    following = [len(lines)] * len(lines)
    nxt = len(lines)
    for j in range(len(lines) - 1, -1, -1):
        following[j] = nxt
        if lines[j][1].strip():
            nxt = j
    heading = lead_in = ""
    items = 0  # items seen under the open lead-in
    blank = False  # a blank line since the last non-blank one
    last_item = ""  # the first word of the last item, for items set apart by blank lines
    separator = ""  # the mark the last item ended with, ";" or ",": the list's separator
    lower_list = False  # the last item was a lower-case item
    after_heading = False  # the last block was a heading
    for i, (offset, raw) in enumerate(lines):
        line = raw.rstrip("\n").rstrip()
        stripped = line.strip()
        if not stripped:
            blank = True
            continue
        next_line = lines[following[i]][1].strip() if following[i] < len(lines) else None
        if (
            blank
            and items
            and _first_word(stripped) != last_item
            and not _lower_item(stripped)
            and not (stripped[:1].islower() and _opens_with_item(stripped, next_line))
            and not (lower_list and _continues_lower_list(stripped, next_line))
            and not (separator == "," and _goes_on_list(stripped, separator))
            and not _band_goes_on(lead_in, stripped, next_line)
        ):
            lead_in, items = "", 0  # a blank line after items closes the list, unless the
            # next line goes on in parallel ("if you have ...", blank, "if you are ...") or
            # is another short lower-case item ("runny nose", blank, "cough")
        apart = blank and (i + 1 == len(lines) or not lines[i + 1][1].strip())
        below_gap = blank  # a blank line above this one
        blank = False
        lead = len(line) - len(line.lstrip())
        md = _MD_HEADING.match(line)
        bullet = _BULLET.match(line)
        level = 0
        if md:
            kind, lead = BlockKind.HEADING, md.end()
            level = md.group().strip().count("#")
        elif bullet and _is_numbered_heading(line, bullet, next_line):
            # "2. What you need to know ...": numbered sections are siblings, each at the top
            kind, lead, level = BlockKind.HEADING, bullet.end(), 1
        elif bullet:
            kind, lead = BlockKind.BULLET, bullet.end()
        elif apart and _SECTION_TITLE.fullmatch(stripped):
            kind = BlockKind.HEADING  # an article's section title set apart by blank lines
            # is a heading, even after a lead-in ("Rare (<1% incidence)", "Contraindications")
        elif lead_in and (
            _is_item(stripped)
            or (items and _long_item(stripped, next_line))
            or _labelled_items(stripped)
            or (lower_list and _continues_lower_list(stripped, next_line))
            or (bool(separator) and _goes_on_list(stripped, separator))
            or (
                (items or lead_in.endswith(":") or names_band(lead_in))
                and _opens_with_item(stripped, next_line)
            )
            or (names_band(lead_in) and _first_is_item(stripped))
        ):
            kind = BlockKind.BULLET  # one item per line under a lead-in, without a bullet
        elif (
            after_heading
            and below_gap
            and _SECTION_TITLE.fullmatch(heading)
            and not lead_in
            and next_line is not None
            and following[i] == i + 1  # the line right below, no blank line between
            and _opens_item_run(stripped, next_line)
        ):
            kind = BlockKind.BULLET  # lines under a heading set apart by a blank line,
            # items one after another with their bullets lost ("Contraindications" / "Coma,
            # acute stroke" / "Severe intoxication with alcohol"): the heading introduces
            # them (but a form's "Comment *" / "Name *" / "Email *" is no section)
        elif (_IF_ITEM.match(stripped) and (after_heading or lead_in or last_item == "if")) or (
            _YOU_ITEM.match(stripped)
            and (after_heading or lead_in or last_item in ("you", "your"))
            and _ENDS_WITH_IF.search(lead_in or heading)
        ):
            kind = BlockKind.BULLET  # "Do not take X" / "if you are allergic to ...": a
            # leaflet's condition items, set apart by line breaks under a heading
        elif opens_list(stripped):
            kind = BlockKind.PARAGRAPH
        elif _is_heading(stripped, next_line):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        start = offset + lead
        end = offset + len(line)
        body = text[start:end]
        if not body.strip():
            continue
        if kind is BlockKind.HEADING:
            heading, lead_in, items = body.strip(), "", 0
            last_item = ""
        elif kind is BlockKind.BULLET:
            items += 1
            last_item = _first_word(body)
            if not lead_in and (
                _IF_ITEM.match(body.strip()) or _YOU_ITEM.match(body.strip()) or after_heading
            ):
                lead_in = heading  # the heading introduces its "if you ..." items
        elif opens_list(body):
            lead_in, items = body.strip(), 0
        else:
            lead_in, items = "", 0
            last_item = ""
        after_heading = kind is BlockKind.HEADING
        end_mark = body.rstrip()[-1:]
        separator = end_mark if kind is BlockKind.BULLET and end_mark in ";," else ""
        lower_list = kind is BlockKind.BULLET and body[:1].islower()
        item_lead = lead_in if kind is BlockKind.BULLET else ""
        blocks.append(Block(kind, start, end, body, heading, item_lead, level))
        if kind is BlockKind.BULLET and opens_list(body) and not _labelled_items(body.strip()):
            lead_in, items = body.strip(), 0  # a bullet that introduces sub-items
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
