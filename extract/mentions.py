"""Names a document defines itself: a leaflet's product that no dictionary knows, tied to
its active substance by the leaflet's own words."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable

from drugkg.model import Entity, EntityType

from .lexicon import Mention, pluralize
from .literature import is_case_report

__all__ = [
    "combination_and_part",
    "defined_drug",
    "family_names",
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


# an encyclopedia article's opening: "NAME (ABBR), also known as ALIAS, is a psychedelic drug
# of the ... family"; the name is the article's subject, whatever a dictionary knows
_NAME_WORD = r"(?:[\w\u0370-\u03ff'-]|,(?=\d))+"
_OPENING_NAME = re.compile(
    rf"(?P<name>{_NAME_WORD}"
    rf"(?: (?!(?:or|and|is|was|also|formerly|sold|marketed)\b){_NAME_WORD}){{0,3}})"
    r"(?= ?\(| is | was |, )"
)
_DEFINITION = re.compile(
    r"(?:\s*\([^()]{0,200}\))?(?:,[^.;]{0,200}?,)?(?:\s*\([^()]{0,120}\))?"
    r",? (?:is|was) (?:a|an|one of the) (?P<what>[^.;:]{0,120})"
)
# what makes the defined thing a drug: its kind, as the definition names it
_DRUG_KIND = re.compile(
    r"\b(?:drugs?|medications?|medicines?|substances?|compounds?|agents?|chemicals?|alkaloids?"
    r"|opioids?|stimulants?|psychedelics?|hallucinogens?|entactogens?|empathogens?|depressants?"
    r"|sedatives?|hypnotics?|anxiolytics?|analgesics?|an(?:a)?esthetics?|dissociatives?"
    r"|benzodiazepines?|thienodiazepines?|barbiturates?|cathinones?|amphetamines?"
    r"|phenethylamines?|tryptamines?|nootropics?|eugeroics?|antidepressants?|antipsychotics?"
    r"|antihistamines?|anticonvulsants?|deliriants?|racetams?|prodrugs?|analogues?|analogs?"
    r"|derivatives?|hormones?|steroids?|supplements?|vitamins?|amino acids?|herbs?|decoctions?)\b",
    re.IGNORECASE,
)
# the other names the opening gives: "(DOB)", "(MDEA; also called MDE)", "also known as X"
_ALIAS_LIST = re.compile(
    r"(?:\(|(?:also|sometimes|commonly|formerly|otherwise) (?:known as|called|referred to as) )"
    r"(?P<names>[^()]{1,160}?)(?=\)|, is | is |, (?:was|sold|marketed|also|or|is)\b)"
)
_BRAND_CUE = re.compile(r"\b(?:brand|trade|marketed|sold)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")  # street names: "(known as "Eve")"
_NOT_A_NAME = frozenset({
    "this", "that", "these", "those", "it", "its", "they", "the", "a", "an", "your", "our",
    "my", "each", "every", "all", "some", "any", "one", "there", "here", "what", "which",
    "who", "when", "where", "if", "in", "on", "at", "for", "as",
})  # fmt: skip
_ALIAS = re.compile(r"[\w\u0370-\u03ff](?:[\w\u0370-\u03ff'-]|,(?=\d))*[\w\u0370-\u03ff]")
_NOT_ALIAS = frozenset({
    "also", "known", "as", "called", "and", "or", "the", "a", "an", "by", "its", "inn", "usan",
    "ban", "jan", "dcit", "colloquially", "simply", "sometimes", "commonly", "formerly",
    "brand", "names", "name", "trade", "marketed", "sold", "under", "among", "others",
    "abbreviated", "in", "for", "of", "standing", "previously", "originally", "code",
    "chemical",
})  # fmt: skip


def defined_drug(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the substance an encyclopedia article defines in its opening
    sentence, where no dictionary knows it: "2C-X, also known as ..., is a psychedelic drug
    of the phenethylamine family" makes 2C-X (and its abbreviations in the opening) a drug
    wherever the article names it, so that what the article says of it is read.

    The opening must define the name as a kind of drug ("a drug", "an opioid", "a
    stimulant", a class the lexicon knows); a known name keeps its dictionary entity, and an
    unknown name with a known alias ("also known as brolamfetamine") is that alias's drug.

    >>> from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "ketamine")])
    >>> text = ("Zolafenine\\n\\nZolafenine (ZLF), also known as zolafin, is a dissociative drug "
    ...         "related to ketamine. ZLF is taken orally.")
    >>> [(m.surface, m.entity.label) for m in defined_drug(text, g.find(text))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Zolafenine', 'zolafenine'), ('Zolafenine', 'zolafenine'), ('ZLF', 'zolafenine'),
     ('zolafin', 'zolafenine'), ('ketamine', 'ketamine'), ('ZLF', 'zolafenine')]
    """
    if _LEAFLET_TITLE.search(text, 0, 3000):
        return mentions  # a leaflet says what its product contains (with_local_brands)
    opening = _opening(text)
    if opening is None:
        return mentions
    start, sentence = opening
    name = _OPENING_NAME.match(sentence)
    if name is None or name.group("name").split()[0].lower() in _NOT_A_NAME:
        return mentions
    definition = _DEFINITION.match(sentence, name.end())
    if definition is None:
        return mentions
    end = start + name.end()
    if any(
        start <= m.start < end and _whole_words(text, m.start, min(m.end, end)) for m in mentions
    ):
        return mentions  # a name the dictionaries know, or a clause about one
    what = definition.group("what")
    what_at = start + definition.start("what")
    kinds = [m for m in mentions if what_at <= m.start < what_at + len(what)]
    if not _DRUG_KIND.search(what) and not any(m.type is EntityType.CLASS for m in kinds):
        return mentions
    aliases, brands = _aliases(sentence[name.end() : definition.start("what")])
    known = next(
        (
            m.entity
            for m in mentions
            if start + name.end() <= m.start < what_at
            and m.type is EntityType.DRUG
            and m.surface in aliases
        ),
        None,
    )
    entity = known or Entity.make(EntityType.DRUG, name.group("name"))
    own = name.group("name").lower()
    names: dict[str, Entity | None] = {own: None, **dict.fromkeys(aliases)}
    names |= {b: Entity.make(EntityType.BRAND, b, keep_case=True) for b in brands}
    pattern = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![\w-])",
        re.IGNORECASE,
    )
    # the name in any case; the other names as written ("DOM", not "dom")
    found = [m for m in pattern.finditer(text) if m.group().lower() == own or m.group() in names]
    if not found:
        return mentions
    ends = [m.end() for m in found]
    kept = []
    for m in mentions:
        j = bisect.bisect_left(ends, m.end)
        if j < len(found) and found[j].start() < m.end:
            continue  # inside the name: "amphetamine" in "2,5-dimethoxy-4-bromoamphetamine"
        kept.append(m)
    overlaps = _overlap_test(kept)
    added = [
        Mention(f.start(), f.end(), f.group(), entity, names.get(f.group()))
        for f in found
        if not overlaps(f.start(), f.end())
    ]
    return sorted([*kept, *added], key=lambda m: m.start)


def _overlap_test(kept: list[Mention]) -> Callable[[int, int], bool]:
    """Whether a span ``[start, end)`` overlaps one of ``kept`` (sorted by start), each
    question answered in logarithmic time (a long document names thousands of things)."""
    starts = [m.start for m in kept]
    reach = list(itertools.accumulate((m.end for m in kept), max))  # furthest end so far

    def overlaps(start: int, end: int) -> bool:
        before_end = bisect.bisect_left(starts, end)  # mentions starting before its end
        return bool(before_end) and reach[before_end - 1] > start

    return overlaps


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is made of whole words ("amphetamine" is no word of
    "4-bromoamphetamine")."""
    before = text[start - 1 : start] if start else " "
    after = text[end : end + 1] or " "
    return not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-")


def _opening(text: str) -> tuple[int, str] | None:
    """The first sentence of an article's first paragraph (within its first three), and
    where it starts; None for a leaflet or a case report (no definition opens them)."""
    at = 0
    for line in text[:4000].split("\n")[:6]:
        stripped = line.strip()
        if len(stripped) >= 60:
            end = re.search(r"(?<=[a-z0-9)\]])\.(?:\s|$)", stripped)
            first = stripped[: end.start() + 1] if end else stripped
            return at + line.index(stripped), first
        at += len(line) + 1
    return None


def _aliases(between: str) -> tuple[list[str], list[str]]:
    """The other names an opening gives between its name and its definition, and the
    brand names among them ("(marketed under the brand names A and B)")."""
    names: list[str] = []
    brands: list[str] = []
    for listed in _ALIAS_LIST.finditer(between):
        group = listed.group("names")
        into = brands if _BRAND_CUE.search(group) else names
        for part in re.split(r";|, |\bor\b|\band\b", _QUOTED.sub(" ", group)):
            words = [w for w in _ALIAS.findall(part) if w.lower() not in _NOT_ALIAS]
            if len(words) != 1 or words[0].isdigit():
                continue
            word = words[0]
            # a name, not a word: capitals, digits or a hyphen, or a long lower-case word
            if len(word) >= 6 or (len(word) >= 2 and word != word.lower()) or "-" in word:
                into.append(word)
    return names, brands


# "a psychedelic drug of the phenethylamine, amphetamine, and DOx families", "a designer
# drug from the substituted cathinone family", "of the piperidine chemical class"
_FAMILY_LIST = re.compile(
    r"\b(?:of|from|in) the "
    r"(?P<items>[\w-]+(?: [\w-]+)?(?:(?:,|,? and|,? or) [\w-]+(?: [\w-]+)?){0,5})"
    r" (?:chemical |structural )?(?:famil(?:y|ies)|class(?:es)?|group|series)\b",
    re.IGNORECASE,
)
_FAMILY_ITEM = re.compile(r",? and |,? or |, ")
# the shape of a chemical family's name the lexicon does not know: "DOx", "2C",
# "diarylethylamine", "phenylpiperidine", "racetam"
_CHEMICAL_NAME = re.compile(
    r"(?:[\w-]*\d[\w-]*|[A-Z][\w-]*[A-Z][\w-]*|[a-z-]{4,}(?:amines?|ines?|anes?|ones?|oles?"
    r"|ides?|azepines?|tams?|oids?|ylamines?|xanthines?))"
)
_NOT_A_FAMILY = frozenset(
    {"same", "drug", "drugs", "medicine", "medicines", "their", "its", "cytochrome", "p450"}
)


def family_names(
    text: str, mentions: list[Mention], lookup: Callable[[str], Entity | None]
) -> list[Mention]:
    """``mentions`` with the chemical families a text names as such ("of the phenethylamine
    and 2C families") read as drug classes: a drug's name there names its family
    ("phenethylamine" is the class "phenethylamines" where the lexicon has it), and a name
    the lexicon does not know, shaped like a chemical one, is a class of its own
    ("DOx family"). ``lookup``: the gazetteer's name lookup.

    >>> from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    >>> g = Gazetteer.build([LexiconEntry(EntityType.CLASS, "phenethylamines"),
    ...                      LexiconEntry(EntityType.DRUG, "phenethylamine")])
    >>> text = "It is a drug of the phenethylamine and DOx families."
    >>> [(m.surface, m.entity.type.value, m.entity.label)
    ...  for m in family_names(text, g.find(text), g.lookup)]
    [('phenethylamine', 'DrugClass', 'phenethylamines'), ('DOx', 'DrugClass', 'DOx family')]
    """
    changed: dict[tuple[int, int], Mention] = {}
    for listed in _FAMILY_LIST.finditer(text):
        at = listed.start("items")
        items = listed.group("items")
        bounds = [0, *(x for m in _FAMILY_ITEM.finditer(items) for x in m.span()), len(items)]
        for lo, hi in zip(bounds[::2], bounds[1::2], strict=True):
            item = items[lo:hi]
            start, end = at + lo, at + hi
            inside = [m for m in mentions if m.start < end and start < m.end]
            if any(m.type is EntityType.CLASS for m in inside):
                continue  # a class the lexicon knows already
            if any(m.start < start or m.end > end for m in inside):
                continue  # a name that runs out of the list
            if _NOT_A_FAMILY & set(item.lower().split()):
                continue  # "of the cytochrome P450 group of enzymes": no drug family
            family = lookup(pluralize(item))
            if family is None or family.type is not EntityType.CLASS:
                if inside or not _CHEMICAL_NAME.fullmatch(item.split()[-1]):
                    continue
                family = Entity.make(EntityType.CLASS, f"{item} family", synonyms=[item])
            changed[(start, end)] = Mention(start, end, item, family)
    if not changed:
        return mentions
    kept = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in changed)]
    return sorted([*kept, *changed.values()], key=lambda m: m.start)


def products(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the products the text names: its combinations and the brands it
    ties to their substances (:func:`with_combinations`, :func:`with_local_brands`).

    In the register of the medical literature (:func:`.literature.is_case_report`) a slash
    joins the drugs of a regimen or alternatives ("paclitaxel/carboplatin"), each of which
    keeps its own name.
    """
    if is_case_report(text):
        return with_product_name(text, with_local_brands(text, mentions))
    mentions = with_local_brands(text, with_combinations(text, mentions))
    return defined_drug(text, with_product_name(text, mentions))


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
    overlaps = _overlap_test(kept)
    added = []
    for match in pattern.finditer(text):
        if overlaps(match.start(), match.end()):
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
