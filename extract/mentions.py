"""Names a document defines itself: a leaflet's product that no dictionary knows, tied to
its active substance by the leaflet's own words."""

from __future__ import annotations

import bisect
import itertools
import re

from drugkg.model import Entity, EntityType

from .lexicon import Mention
from .literature import is_case_report

__all__ = [
    "combination_and_part",
    "part_of",
    "products",
    "with_combinations",
    "with_local_brands",
    "with_product_name",
]

# "Zorvex Breezhaler contains the active substance varenicline", "Zorvex is a medicine that
# contains two active substances called A and B"
_ACTIVE_SUBSTANCE = re.compile(
    r"(?P<name>\b[A-Z][\w-]*(?: [A-Z][\w-]*){0,2})"
    r"(?: (?:tablets|capsules))?(?: is an? (?:[\w-]+ ){0,3}(?:medicine|product) (?:that|which))?"
    r" (?:contains?|is a combination of) (?:the |a |an )?(?:(?:two|three|four) )?(?:different )?"
    r"(?:(?:(?:(?:active )?(?:substances?|ingredients?)|medicines)(?: called|:|,)?"
    r"|(?:medicine|substance|hormone|protein|antibody) called) )?\(?(?P<generic>\w)"
    r"|[Tt]he active (?:substance|ingredient) (?:in|of) (?P<name2>[A-Z][\w-]*(?: [A-Z][\w-]*){0,2})"
    r",? (?:is )?(?P<generic2>\w)"
)

# the list of a product's active substances: "contains (the|two) active substances (called)",
# "contains two different medicines called", "is a combination of two active substances,"
_ACTIVE_LIST = re.compile(
    r"\b(?:contains?|is a combination of) (?:the |(?:two|three|four) )?(?:different )?"
    r"(?:(?:active )?(?:substances|ingredients)|medicines)(?: called|:|,)? \(?",
    re.IGNORECASE,
)
# between two parts of a combination: "A, B and C", "A/B"
_LIST_JOINT = re.compile(r",? and |, ")
_SLASH_JOINT = re.compile(r" ?/ ?")
# the salt or ester a dictionary name may leave out ("umeclidinium bromide")
_SALT = re.compile(
    r"(?: (?:bromide|chloride|hydrochloride|hydrobromide|fumarate|dihydrate|monohydrate|"
    r"hemihydrate|acetate|sodium|potassium|calcium|magnesium|maleate|mesylate|mesilate|"
    r"succinate|tartrate|sulfate|sulphate|phosphate|tetraphosphate|citrate|besilate|besylate|"
    r"furoate|propionate|dipropionate|xinafoate|disoproxil|alafenamide|medoxomil|"
    r"hyclate|trihydrate))*"
)


_LEAFLET_SECTION_2 = re.compile(r"^\s*2\.\s", re.MULTILINE)
# a leaflet's first heading names its product: "1. What Zorvex is and what it is used for"
_LEAFLET_TITLE = re.compile(
    r"^\s*1\.\s+What (?P<name>[\w/-]+(?: [\w/-]+){0,2}) (?:is|are) and what "
    r"(?:it is|they are) used for",
    re.MULTILINE | re.IGNORECASE,
)


def products(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the products the text names: its combinations and the brands it
    ties to their substances (:func:`with_combinations`, :func:`with_local_brands`).

    In the register of the medical literature (:func:`.literature.is_case_report`) a slash
    joins the drugs of a regimen or alternatives ("paclitaxel/carboplatin"), each of which
    keeps its own name.
    """
    if not is_case_report(text):
        mentions = with_combinations(text, mentions)
    return with_product_name(text, with_local_brands(text, mentions))


def with_combinations(text: str, mentions: list[Mention]) -> list[Mention]:
    """A fixed-dose combination as one mention of its own drug: drugs joined by slashes
    ("olanzapine/fluoxetine") and the list of a product's active substances ("Zorvex
    contains the active substances A, B and C").

    The combination's label names its parts in the text's order ("a/b/c"), as the gold sets
    write it; what is said of the combination is not said of each part.

    >>> from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "olanzapine"),
    ...                      LexiconEntry(EntityType.DRUG, "fluoxetine")])
    >>> text = "It is sold as olanzapine/fluoxetine."
    >>> [(text[m.start:m.end], m.entity.label) for m in with_combinations(text, g.find(text))]
    [('olanzapine/fluoxetine', 'olanzapine/fluoxetine')]
    """
    drugs = [i for i, m in enumerate(mentions) if m.entity.type is EntityType.DRUG]
    if len(drugs) < 2:
        return mentions
    # linear in the mentions: a long document names thousands (tests/hardening)
    drug_at = {mentions[i].start: i for i in drugs}
    runs: list[list[int]] = []
    covered: set[int] = set()
    for listed in _ACTIVE_LIST.finditer(text):
        first = drug_at.get(listed.end())
        if first is not None and first not in covered:
            runs.append(_run(text, mentions, first, _LIST_JOINT, salts=True))
            covered.update(runs[-1])
    for i in drugs:
        if i not in covered:
            runs.append(_run(text, mentions, i, _SLASH_JOINT, salts=False))
            covered.update(runs[-1])
    merged: dict[int, Mention] = {}
    skip: set[int] = set()
    for run in runs:
        parts = [mentions[i] for i in run]
        if len(parts) < 2 or len({p.entity.identity for p in parts}) < len(parts):
            continue  # one drug, or the same drug named twice ("paracetamol/acetaminophen")
        label = "/".join(p.entity.label for p in parts)
        start, end = parts[0].start, parts[-1].end
        merged[run[0]] = Mention(start, end, text[start:end], Entity.make(EntityType.DRUG, label))
        skip.update(run[1:])
    if not merged:
        return mentions
    return [merged.get(i, m) for i, m in enumerate(mentions) if i not in skip]


def combination_and_part(one: Entity, other: Entity) -> bool:
    """Whether one of the two is a combination and the other one of its own parts, which no
    statement of a text relates ("Exforge ... the blood levels of amlodipine").

    >>> a, ab = (Entity.make(EntityType.DRUG, n) for n in ("a", "a/b"))
    >>> combination_and_part(a, ab), combination_and_part(ab, a), combination_and_part(a, a)
    (True, True, False)
    """
    return part_of(one, other) or part_of(other, one)


def part_of(one: Entity, other: Entity) -> bool:
    """Whether one drug is a part of the other, a combination ("a" of "a/b").

    >>> a, ab = (Entity.make(EntityType.DRUG, n) for n in ("a", "a/b"))
    >>> part_of(a, ab), part_of(ab, a), part_of(ab, ab)
    (True, False, False)
    """
    return "/" in other.label and one.label in other.label.split("/")


def _run(
    text: str, mentions: list[Mention], first: int, joint: re.Pattern[str], *, salts: bool
) -> list[int]:
    """The drug mentions from ``first`` on that ``joint`` strings together."""
    run = [first]
    while run[-1] + 1 < len(mentions):
        here, after = mentions[run[-1]], mentions[run[-1] + 1]
        if after.entity.type is not EntityType.DRUG:
            break  # (a brand may be a part: "emtricitabine/tenofovir disoproxil")
        pos = here.end
        if salts:
            salt = _SALT.match(text, pos)
            pos = salt.end() if salt else pos
        between = joint.fullmatch(text, pos, after.start)
        if between is None:
            break
        run.append(run[-1] + 1)
    return run


def with_product_name(text: str, mentions: list[Mention]) -> list[Mention]:
    """A leaflet's product named as its generic and a company's ("Clopidogrel Pharmaco", in
    "1. What Clopidogrel Pharmaco is and what it is used for" or "Clopidogrel Pharmaco
    contains the active substance clopidogrel") as one mention of the generic, wherever the
    text names it, so that "Do not take Clopidogrel Pharmaco if" reads as the drug. It is
    no brand (annotation.md), so the mention has none.

    >>> from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "clopidogrel")])
    >>> text = ("1. What Clopidogrel Pharmaco is and what it is used for\\n"
    ...         "Take Clopidogrel Pharmaco.")
    >>> [(text[m.start:m.end], m.entity.label) for m in with_product_name(text, g.find(text))]
    [('Clopidogrel Pharmaco', 'clopidogrel'), ('Clopidogrel Pharmaco', 'clopidogrel')]
    """
    title = _LEAFLET_TITLE.search(text, 0, 3000)
    names = [title.span("name")] if title else []
    names += [  # "Clopidogrel Pharmaco contains the active substance clopidogrel"
        statement.span("name")
        for statement in _ACTIVE_SUBSTANCE.finditer(text, 0, 3000)
        if statement.group("name")
    ]
    for lo, hi in names:
        first = next((m for m in mentions if m.start == lo), None)
        if first is None or first.entity.type is not EntityType.DRUG or first.end >= hi:
            continue  # the name is the drug's own (or no drug's)
        if any(first.end <= m.start < hi for m in mentions):
            continue  # "What A and B are": another name follows
        return _renamed(text, mentions, lo, hi, first)
    return mentions


def _renamed(text: str, mentions: list[Mention], lo: int, hi: int, first: Mention) -> list[Mention]:
    """``mentions`` with every occurrence of ``text[lo:hi]`` one mention of ``first``'s drug."""
    found = [
        (m.start(), m.end())
        for m in re.finditer(r"(?<![\w/-])" + re.escape(text[lo:hi]) + r"(?![\w/-])", text, re.I)
    ]
    ends = [b for _, b in found]
    kept = []
    for m in mentions:  # (linear: the spans found are sorted and do not overlap)
        j = bisect.bisect_left(ends, m.end)
        if j < len(found) and found[j][0] <= m.start:
            continue  # inside a name of the product
        kept.append(m)
    named = [Mention(a, b, text[a:b], first.entity, first.brand) for a, b in found]
    return sorted([*kept, *named], key=lambda m: m.start)


def with_local_brands(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions of a product name the document itself ties to its active substance
    ("Zorvex contains the active substance varenicline"), wherever it names it again.

    A leaflet's product is often missing from every dictionary; once the leaflet says what
    it contains, "before using Zorvex" is about varenicline.
    """
    found: dict[str, Mention] = {}
    section_2 = _LEAFLET_SECTION_2.search(text)  # "contains X" says what it is before it
    end = section_2.start() if section_2 else 3000
    for statement in _ACTIVE_SUBSTANCE.finditer(text, 0, end):
        n, g = ("name", "generic") if statement.group("name") else ("name2", "generic2")
        name = statement.group(n).strip()
        if name.lower() in ("this medicine", "each", "it", "the", "this"):
            title = _LEAFLET_TITLE.search(text, 0, statement.start())
            if name.lower() in ("each", "the") or title is None:
                continue
            name = _as_written(text, title.group("name"))  # "It contains ...": the leaflet's
        generic = next((m for m in mentions if m.start == statement.start(g)), None)
        if generic is None or generic.entity.type is not EntityType.DRUG:
            continue
        known = [m for m in mentions if m.surface.lower() == name.lower()]
        if known and (generic.brand is not None or "/" not in generic.entity.label):
            continue  # the dictionary knows the name already
        # (a dictionary that reads a combination's brand as one of its parts is overruled)
        brand = Entity.make(EntityType.BRAND, name, keep_case=True)
        found[name.lower()] = Mention(0, 0, name, generic.entity, brand)
    if not found:
        return mentions
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in found) + r")(?![\w-])", re.IGNORECASE
    )
    kept = [m for m in mentions if m.surface.lower() not in found]
    starts = [m.start for m in kept]
    reach = list(itertools.accumulate((m.end for m in kept), max))  # furthest end so far
    added = []
    for match in pattern.finditer(text):
        before_end = bisect.bisect_left(starts, match.end())  # mentions starting before its end
        if before_end and reach[before_end - 1] > match.start():
            continue  # the name overlaps a mention the text has already
        model = found[match.group().lower()]
        added.append(Mention(match.start(), match.end(), match.group(), model.entity, model.brand))
    return sorted([*kept, *added], key=lambda m: m.start)


def _as_written(text: str, name: str) -> str:
    """``name`` as the text spells it where it starts with a capital ("Zorvex", not the
    heading's "zorvex")."""
    for match in re.finditer(re.escape(name), text, re.IGNORECASE):
        if match.group()[:1].isupper():
            return match.group()
    return name
