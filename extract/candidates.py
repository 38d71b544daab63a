"""Candidate (subject, object) pairs within a sentence, for the relation model to score."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from drugkg.model import Document, Entity, EntityType

from .lexicon import Gazetteer, Mention
from .mentions import combination_and_part, products
from .text import Block, BlockKind, Sentence, fold, segment, sentences

__all__ = [
    "OBJECT_TYPES",
    "SUBJECT_TYPES",
    "Candidate",
    "Span",
    "candidates",
    "focus_drug",
]

SUBJECT_TYPES = frozenset({EntityType.DRUG, EntityType.CLASS, EntityType.THERAPY})
OBJECT_TYPES = frozenset(
    {
        EntityType.CONDITION,
        EntityType.DRUG,
        EntityType.CLASS,
        EntityType.SUBSTANCE,
        EntityType.POPULATION,
        EntityType.BRAND,
        EntityType.TARGET,
    }
)
_MAX_SENTENCE = 1500  # longer "sentences" are run-on junk (menus, keyword spam)


@dataclass(frozen=True, slots=True)
class Span:
    """A mention's place in the document: ``document.text[start:end] == surface``."""

    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A (subject, object) pair in one sentence, with the context a classifier may read.

    ``subject_span`` is ``None`` when the subject is the implicit focus drug of a sentence
    that names no drug (a list item, a leaflet section). ``object_type`` is the type of the
    object mention (``BrandName`` for a brand, whose drug is ``object`` and brand ``brand``).

    >>> from drugkg.model import Entity, EntityType
    >>> d = Entity.make(EntityType.DRUG, "x")
    >>> c = Candidate("d", "It helps.", 0, 9, d, None, d, Span(0, 2, "It"), EntityType.DRUG)
    >>> c.implicit, c.object_entity(for_brand=True) is d
    (True, True)
    """

    doc_id: str
    sentence: str
    start: int
    end: int
    subject: Entity
    subject_span: Span | None
    object: Entity
    object_span: Span
    object_type: EntityType
    brand: Entity | None = None
    block_kind: str = BlockKind.PARAGRAPH.value
    # the section heading and the list lead-in, each entity name replaced by its type
    # ("Side effects of <Drug>"): context for a classifier, never a name
    heading: str = ""
    lead_in: str = ""
    previous: str = ""  # the sentence before, in the same section (names replaced by types)
    # the other mentions of the sentence, as (start, end, type) in document offsets
    others: tuple[tuple[int, int, EntityType], ...] = ()
    # discourse roles (not names): is the subject, or the object, the document's focus drug
    subject_focus: bool = False
    object_focus: bool = False

    @property
    def implicit(self) -> bool:
        """Whether the subject is the focus drug rather than a mention of the sentence."""
        return self.subject_span is None

    @property
    def subject_type(self) -> EntityType:
        return self.subject.type

    def object_entity(self, *, for_brand: bool) -> Entity:
        """The object as a predicate wants it: the brand for ``has_brand_name``, else the drug."""
        if for_brand and self.brand is not None:
            return self.brand
        return self.object


def focus_drug(document: Document, mentions: Sequence[Mention]) -> Entity | None:
    """The drug the document is about: a drug named in the title, else the most frequent one.

    >>> from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "aspirin"),
    ...                      LexiconEntry(EntityType.DRUG, "ibuprofen")])
    >>> doc = Document.from_text("d", "Ibuprofen. Aspirin, aspirin.", title="About ibuprofen")
    >>> focus_drug(doc, g.find(doc.text)).label
    'ibuprofen'
    """
    ranking = ranked_drugs(mentions)
    if not ranking:
        return None
    title = fold(document.title or "")
    named = [e for e in ranking if e.label and fold(e.label) in title]
    return named[0] if named else ranking[0]


def ranked_drugs(mentions: Iterable[Mention]) -> list[Entity]:
    """The drugs named, most often first (ties: the one named first).

    >>> from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "aspirin"),
    ...                      LexiconEntry(EntityType.DRUG, "ibuprofen")])
    >>> [e.label for e in ranked_drugs(g.find("Ibuprofen. Aspirin, aspirin."))]
    ['aspirin', 'ibuprofen']
    """
    counts: Counter[Entity] = Counter()
    first: dict[Entity, int] = {}
    for i, m in enumerate(mentions):
        if m.entity.type is EntityType.DRUG:
            counts[m.entity] += 1
            first.setdefault(m.entity, i)
    return sorted(counts, key=lambda e: (-counts[e], first[e]))


def _as_subject(m: Mention) -> Entity | None:
    if m.brand is not None:
        return m.entity if m.entity.type is EntityType.DRUG else None
    return m.entity if m.entity.type in SUBJECT_TYPES else None


class _Context:
    """Section heading and list lead-in while walking the blocks (until text.py gives them)."""

    def __init__(self) -> None:
        self.heading = ""
        self.lead_in = ""
        self.in_list = False

    def enter(self, block: Block) -> tuple[str, str]:
        heading = getattr(block, "heading", None)
        lead_in = getattr(block, "lead_in", None)
        text = block.text.strip()
        # fallback: a line ending with ":" opens a list of bullets or bare lines
        if block.kind is BlockKind.BULLET or (
            block.kind is BlockKind.HEADING and self.in_list and len(text) < 80
        ):
            own_lead = self.lead_in if self.in_list else ""
        else:
            own_lead = ""
            if block.kind is BlockKind.HEADING:
                self.heading = text
            self.in_list = text.endswith(":")
            self.lead_in = text if self.in_list else ""
        if block.kind is BlockKind.BULLET and text.endswith(":"):
            self.in_list, self.lead_in = True, text
        return (
            heading if heading is not None else self.heading,
            lead_in if lead_in is not None else own_lead,
        )


def candidates(
    document: Document, gazetteer: Gazetteer, *, mentions: Sequence[Mention] | None = None
) -> Iterator[Candidate]:
    """Every (subject, object) candidate pair of ``document``, sentence by sentence.

    Subjects are drugs (brands read as their drug), classes and therapies named in the
    sentence; a sentence that names no drug also gets the document's focus drug as an
    implicit subject. Objects are the other mentions of a type some predicate allows.
    ``mentions`` are the gazetteer's mentions of the whole text, if the caller has them.

    >>> from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    >>> g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "aspirin"),
    ...                      LexiconEntry(EntityType.CONDITION, "pain"),
    ...                      LexiconEntry(EntityType.CONDITION, "nausea")])
    >>> doc = Document.from_text("d", "Aspirin treats pain.\\nSide effects:\\n- nausea\\n")
    >>> [(c.subject.label, c.object.label, c.implicit, c.lead_in) for c in candidates(doc, g)]
    [('aspirin', 'pain', False, ''), ('aspirin', 'nausea', True, 'Side effects:')]
    """
    text = document.text
    if mentions is None:
        mentions = products(text, gazetteer.find(text))
    focus = focus_drug(document, mentions)
    starts = [m.start for m in mentions]
    context = _Context()
    masked: dict[str, str] = {}
    previous = ""
    for block in segment(text):
        heading, lead_in = (_mask(t, gazetteer, masked) for t in context.enter(block))
        if block.kind is BlockKind.HEADING and not lead_in:
            previous = ""
        for sentence in sentences(block):
            if sentence.end - sentence.start > _MAX_SENTENCE:
                continue
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end)
            local = [m for m in mentions[lo:hi] if m.end <= sentence.end]
            if local:
                yield from _pairs(document.id, sentence, local, focus, heading, lead_in, previous)
            previous = _typed(sentence, local)


def _typed(sentence: Sentence, local: list[Mention]) -> str:
    """A sentence with its mentions replaced by their types."""
    parts, pos = [], sentence.start
    for m in local:
        parts += [
            sentence.text[pos - sentence.start : m.start - sentence.start],
            f"<{m.type.value}>",
        ]
        pos = m.end
    parts.append(sentence.text[pos - sentence.start :])
    return "".join(parts)


def _mask(text: str, gazetteer: Gazetteer, cache: dict[str, str]) -> str:
    """``text`` with every entity name replaced by its type, e.g. ``<Drug>``."""
    if not text:
        return text
    hit = cache.get(text)
    if hit is None:
        parts, pos = [], 0
        for m in gazetteer.find(text):
            parts += [text[pos : m.start], f"<{m.type.value}>"]
            pos = m.end
        hit = cache[text] = "".join([*parts, text[pos:]])
    return hit


def _pairs(
    doc_id: str,
    sentence: Sentence,
    local: list[Mention],
    focus: Entity | None,
    heading: str,
    lead_in: str,
    previous: str,
) -> Iterator[Candidate]:
    spans = [Span(m.start, m.end, m.surface) for m in local]
    kinds = [m.type for m in local]
    seen: set[tuple[object, object, int, int]] = set()

    def make(subject: Entity, s: int | None, o: int) -> Candidate | None:
        m = local[o]
        if kinds[o] not in OBJECT_TYPES:
            return None
        if m.entity.identity == subject.identity and m.brand is None:
            return None
        if combination_and_part(m.entity, subject):
            return None  # a combination and its own parts
        key = (subject.identity, m.entity.identity, -1 if s is None else s, o)
        if key in seen:
            return None
        seen.add(key)
        others = tuple(
            (spans[i].start, spans[i].end, kinds[i]) for i in range(len(local)) if i not in (s, o)
        )
        return Candidate(
            doc_id=doc_id,
            sentence=sentence.text,
            start=sentence.start,
            end=sentence.end,
            subject=subject,
            subject_span=None if s is None else spans[s],
            object=m.entity,
            object_span=spans[o],
            object_type=kinds[o],
            brand=m.brand,
            block_kind=sentence.block.kind.value,
            heading=heading,
            lead_in=lead_in,
            previous=previous,
            others=others,
            subject_focus=focus is not None and subject.identity == focus.identity,
            object_focus=focus is not None and m.entity.identity == focus.identity,
        )

    names_focus = False
    for s, m in enumerate(local):
        subject = _as_subject(m)
        if subject is None:
            continue
        names_focus = names_focus or (focus is not None and subject.identity == focus.identity)
        for o in range(len(local)):
            if o != s:
                c = make(subject, s, o)
                if c is not None:
                    yield c
    if focus is not None and not names_focus:
        for o in range(len(local)):
            c = make(focus, None, o)
            if c is not None:
                yield c
