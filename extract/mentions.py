"""Names a document defines itself: a leaflet's product that no dictionary knows, tied to
its active substance by the leaflet's own words."""

from __future__ import annotations

import re

from drugkg.model import Entity, EntityType

from .lexicon import Mention

__all__ = ["with_local_brands"]

# "Zorvex Breezhaler contains the active substance varenicline"
_ACTIVE_SUBSTANCE = re.compile(
    r"(?P<name>\b[A-Z][\w-]*(?: [A-Z][\w-]*){0,2}) contains? (?:the |a |an )?(?:(?:active "
    r"(?:substances?|ingredients?)|(?:medicine|substance|hormone|protein|antibody) called) )?"
    r"(?P<generic>\w)"
    r"|[Tt]he active (?:substance|ingredient) (?:in|of) (?P<name2>[A-Z][\w-]*(?: [A-Z][\w-]*){0,2})"
    r",? (?:is )?(?P<generic2>\w)"
)


_LEAFLET_SECTION_2 = re.compile(r"^\s*2\.\s", re.MULTILINE)


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
            continue
        generic = next((m for m in mentions if m.start == statement.start(g)), None)
        if generic is None or generic.entity.type is not EntityType.DRUG:
            continue
        if any(m.start < statement.end(n) and statement.start(n) < m.end for m in mentions):
            continue  # the dictionary knows the name already
        brand = Entity.make(EntityType.BRAND, name, keep_case=True)
        found[name.lower()] = Mention(0, 0, name, generic.entity, brand)
    if not found:
        return mentions
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in found) + r")(?![\w-])", re.IGNORECASE
    )
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for match in pattern.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        model = found[match.group().lower()]
        added.append(Mention(match.start(), match.end(), match.group(), model.entity, model.brand))
    return sorted([*mentions, *added], key=lambda m: m.start)
