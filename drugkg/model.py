"""The domain model: documents, entities, evidence, facts and doses as frozen records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from drugkg.keys import entity_key, singular

__all__ = [
    "Assertion",
    "Document",
    "Dose",
    "Entity",
    "EntityType",
    "Evidence",
    "Fact",
    "Predicate",
    "Quote",
    "Triple",
    "entity_key",
]


def _singular(word: str) -> str:  # extract/lexicon.py's name for it
    return singular(word)


class EntityType(StrEnum):
    """The kinds of node in the graph (facts.md, "Entities")."""

    DRUG = "Drug"
    BRAND = "BrandName"
    CLASS = "DrugClass"
    SUBSTANCE = "Substance"
    CONDITION = "Condition"
    THERAPY = "Therapy"
    POPULATION = "Population"
    TARGET = "Target"

    @property
    def slug(self) -> str:
        """The IRI path segment for this type, e.g. ``drug`` or ``condition``."""
        return _SLUGS[self]


_SLUGS = {
    EntityType.DRUG: "drug",
    EntityType.BRAND: "brand",
    EntityType.CLASS: "class",
    EntityType.SUBSTANCE: "substance",
    EntityType.CONDITION: "condition",
    EntityType.THERAPY: "therapy",
    EntityType.POPULATION: "population",
    EntityType.TARGET: "target",
}


class Predicate(StrEnum):
    """The relations of facts.md, by their contract names."""

    TREATS = "treats"
    USED_OFF_LABEL_FOR = "used_off_label_for"
    HAS_SIDE_EFFECT = "has_side_effect"
    HAS_WITHDRAWAL_SYMPTOM = "has_withdrawal_symptom"
    HAS_RISK = "has_risk"
    INTERACTS_WITH = "interacts_with"
    CONTRAINDICATED_IN = "contraindicated_in"
    CAUTION_IN = "caution_in"
    MEMBER_OF_CLASS = "member_of_class"
    HAS_BRAND_NAME = "has_brand_name"
    MECHANISM = "mechanism"
    ALTERNATIVE_TO = "alternative_to"

    @property
    def symmetric(self) -> bool:
        """Whether ``A p B`` says the same as ``B p A`` (``interacts_with``).

        >>> Predicate.INTERACTS_WITH.symmetric, Predicate.TREATS.symmetric
        (True, False)
        """
        return self in _SYMMETRIC


_SYMMETRIC = frozenset({Predicate.INTERACTS_WITH})


@dataclass(frozen=True, slots=True)
class Entity:
    """A named thing: a drug, a condition, a class, a population...

    Identity is ``(type, key)``; label, synonyms and external ids describe it.

    >>> e = Entity.make(EntityType.DRUG, "Clonazepam", xrefs={"drugbank": "DB01068"})
    >>> e.key, e.label, e.xref("drugbank")
    ('clonazepam', 'clonazepam', 'DB01068')
    >>> Entity.from_dict(e.to_dict()) == e
    True
    """

    type: EntityType
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def make(
        cls,
        type: EntityType,
        label: str,
        *,
        synonyms: tuple[str, ...] | list[str] = (),
        xrefs: dict[str, str] | None = None,
        keep_case: bool = False,
    ) -> Entity:
        """Build an entity from a label; drug-like labels are lower-cased unless ``keep_case``."""
        shown = label.strip() if keep_case else _display_label(label)
        return cls(
            type=type,
            key=entity_key(label),
            label=shown,
            synonyms=tuple(sorted(set(synonyms))),
            xrefs=tuple(sorted((xrefs or {}).items())),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as its fields in order: a cached gazetteer holds ~100,000 entities, and
        # the dataclass default (a state dict set field by field) made loading it slow
        return (Entity, (self.type, self.key, self.label, self.synonyms, self.xrefs))

    @property
    def identity(self) -> tuple[EntityType, str]:
        """What makes two entities the same node."""
        return (self.type, self.key)

    def xref(self, prefix: str) -> str | None:
        """The external id with ``prefix`` (``drugbank``, ``mesh``...), if any."""
        return dict(self.xrefs).get(prefix)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "key": self.key,
            "label": self.label,
            "synonyms": list(self.synonyms),
            "xrefs": dict(self.xrefs),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            type=EntityType(data["type"]),
            key=data["key"],
            label=data["label"],
            synonyms=tuple(data.get("synonyms", ())),
            xrefs=tuple(sorted(data.get("xrefs", {}).items())),
        )


def _display_label(label: str) -> str:
    """Lower-case a label unless it is an acronym or holds one (``GABA``, ``CYP3A4 inhibitors``)."""
    words = label.strip().split()
    return " ".join(w if _is_acronym(w) else w.lower() for w in words)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    uppers = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and uppers >= 2 and uppers >= len(letters) - 1


@dataclass(frozen=True, slots=True)
class Triple:
    """The identity of a fact: subject, predicate, object (INDRA's shallow hash)."""

    subject: Entity
    predicate: Predicate
    object: Entity

    @property
    def identity(self) -> tuple[Any, ...]:
        return (self.subject.identity, self.predicate, self.object.identity)

    def __hash__(self) -> int:
        return hash(self.identity)

    def __eq__(self, other: Any) -> bool:  # "object" here would name the field
        return isinstance(other, Triple) and self.identity == other.identity

    def canonical(self) -> Triple:
        """The one direction a fact of a symmetric predicate is stored in.

        Its ends are ordered by type (a drug before a class before a substance), then
        key; other triples are returned as they are.

        >>> a = Entity.make(EntityType.DRUG, "oxycodone")
        >>> b = Entity.make(EntityType.DRUG, "lorazepam")
        >>> Triple(a, Predicate.INTERACTS_WITH, b).canonical().subject.label
        'lorazepam'
        """
        if not self.predicate.symmetric or _order(self.subject) <= _order(self.object):
            return self
        return Triple(self.object, self.predicate, self.subject)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_dict(),
            "predicate": self.predicate.value,
            "object": self.object.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Triple:
        return cls(
            subject=Entity.from_dict(data["subject"]),
            predicate=Predicate(data["predicate"]),
            object=Entity.from_dict(data["object"]),
        )


_TYPE_ORDER = {t: i for i, t in enumerate(EntityType)}


def _order(entity: Entity) -> tuple[int, str]:
    return (_TYPE_ORDER[entity.type], entity.key)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where and how a statement was read: one sentence of one document, by one rule.

    ``start``/``end`` are character offsets of ``sentence`` in the document text,
    so ``document.text[start:end] == sentence``. ``confidence`` is this one
    reading's probability of being right (rule reliability, lowered if hedged).
    ``subject_text`` and ``object_text`` are the phrases of the sentence that name
    the subject and the object, when the extractor knows them ("" otherwise; the
    dict form leaves them out when empty).

    >>> ev = Evidence("d1", "Klonopin treats fits.", 0, 21, "r", subject_text="Klonopin")
    >>> ev.to_dict()["subject_text"], "object_text" in ev.to_dict()
    ('Klonopin', False)
    >>> Evidence.from_dict(ev.to_dict()) == ev
    True
    """

    doc_id: str
    sentence: str
    start: int
    end: int
    rule: str
    negated: bool = False
    hedged: bool = False
    confidence: float = 1.0
    subject_text: str = ""
    object_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "negated": self.negated,
            "hedged": self.hedged,
            "confidence": self.confidence,
        }
        if self.subject_text:
            data["subject_text"] = self.subject_text
        if self.object_text:
            data["object_text"] = self.object_text
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Assertion:
    """One extracted statement: a triple read from one piece of evidence."""

    triple: Triple
    evidence: Evidence

    def canonical(self) -> Assertion:
        """The assertion with its triple in :meth:`Triple.canonical` direction.

        The evidence's subject and object phrases swap with the ends they name.
        """
        triple = self.triple.canonical()
        if triple is self.triple:
            return self
        ev = self.evidence
        swapped = replace(ev, subject_text=ev.object_text, object_text=ev.subject_text)
        return Assertion(triple, swapped)

    def to_dict(self) -> dict[str, Any]:
        return {"triple": self.triple.to_dict(), "evidence": self.evidence.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assertion:
        return cls(Triple.from_dict(data["triple"]), Evidence.from_dict(data["evidence"]))


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact as the graph holds it: its subject, predicate and object labels, and the
    belief derived from all its evidence (``support`` documents, ``evidence`` readings;
    hedged only if every reading is).

    >>> f = Fact("clonazepam", "treats", "seizure", support=2, evidence=3, confidence=0.9)
    >>> Fact.from_dict(f.to_dict()) == f, f.hedged
    (True, False)
    """

    subject: str
    predicate: str
    object: str
    support: int
    evidence: int
    confidence: float
    hedged: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "support": self.support,
            "evidence": self.evidence,
            "confidence": self.confidence,
            "hedged": self.hedged,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Quote:
    """A piece of evidence read back from the graph, with the document it quotes.

    A thin view of :class:`Evidence`: its fields read through, and the document's
    ``title`` and ``path`` (as stored) come with it.

    >>> q = Quote(Evidence("d1", "Clonazepam treats seizures.", 0, 27, "r"), path="a.txt")
    >>> q.doc_id, q.sentence, q.path
    ('d1', 'Clonazepam treats seizures.', 'a.txt')
    >>> Quote.from_dict(q.to_dict()) == q
    True
    """

    evidence: Evidence
    title: str = ""
    path: str = ""

    @property
    def doc_id(self) -> str:
        return self.evidence.doc_id

    @property
    def sentence(self) -> str:
        return self.evidence.sentence

    @property
    def start(self) -> int:
        return self.evidence.start

    @property
    def end(self) -> int:
        return self.evidence.end

    @property
    def rule(self) -> str:
        return self.evidence.rule

    @property
    def hedged(self) -> bool:
        return self.evidence.hedged

    @property
    def confidence(self) -> float:
        return self.evidence.confidence

    def to_dict(self) -> dict[str, Any]:
        return {**self.evidence.to_dict(), "title": self.title, "path": self.path}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        fields = dict(data)
        title, path = fields.pop("title", ""), fields.pop("path", "")
        return cls(Evidence.from_dict(fields), title=title, path=path)


@dataclass(frozen=True, slots=True)
class Dose:
    """A structured dosing statement (facts.md, "Dosing statements").

    ``kind`` is ``starting``, ``maximum`` or ``usual``; ``frequency`` is normalised
    text such as ``2 times a day`` or ``per day``.
    """

    drug: Entity
    amount: float
    unit: str
    evidence: Evidence
    kind: str = "usual"
    frequency: str | None = None
    condition: Entity | None = None
    population: Entity | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "drug": self.drug.to_dict(),
            "amount": self.amount,
            "unit": self.unit,
            "kind": self.kind,
            "frequency": self.frequency,
            "condition": self.condition.to_dict() if self.condition else None,
            "population": self.population.to_dict() if self.population else None,
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dose:
        return cls(
            drug=Entity.from_dict(data["drug"]),
            amount=float(data["amount"]),
            unit=data["unit"],
            kind=data.get("kind", "usual"),
            frequency=data.get("frequency"),
            condition=Entity.from_dict(data["condition"]) if data.get("condition") else None,
            population=Entity.from_dict(data["population"]) if data.get("population") else None,
            evidence=Evidence.from_dict(data["evidence"]),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """An article as the extractor sees it.

    ``text`` is the readable text (for HTML, the main text without boilerplate);
    evidence offsets refer to it. ``sha256`` is the hash of the source bytes.
    """

    id: str
    text: str
    source: str = ""
    title: str = ""
    sha256: str = ""
    media_type: str = "text/plain"
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "title": self.title,
            "sha256": self.sha256,
            "media_type": self.media_type,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """
        >>> d = Document.from_text("d1", "Aspirin treats pain.", title="Aspirin")
        >>> Document.from_dict(d.to_dict()) == d
        True
        """
        return cls(**{**data, "metadata": dict(data.get("metadata") or {})})

    @classmethod
    def from_text(cls, doc_id: str, text: str, **kwargs: Any) -> Document:
        """A document from a string (its hash is the hash of the text).

        >>> Document.from_text("d1", "Aspirin treats pain.").sha256[:8]
        'df3270d4'
        """
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(id=doc_id, text=text, sha256=kwargs.pop("sha256", digest), **kwargs)
