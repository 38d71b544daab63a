"""One derivation: a fact's belief and an entity's description from per-document readings.

Every writer of the graph derives the same numbers here: the store when it replaces a
document (from the readings it holds plus the new ones) or refreshes after a bulk load,
the pipeline's bulk writer, and the distributed build's reduce. A reading's confidence is
taken as the store keeps it (:func:`stored_confidence`), so the numbers derived from
fresh extractions and those derived from the store agree by construction.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad

from drugkg.kg.belief import Reading, Support, belief
from drugkg.model import Entity

__all__ = [
    "CONFIDENCE_DIGITS",
    "Derivation",
    "DocumentReading",
    "Statement",
    "Tally",
    "document_readings",
    "merge_entities",
    "stored_confidence",
    "support",
]

#: Confidences are stored rounded to this many decimals (equal beliefs print equal).
CONFIDENCE_DIGITS = 6

#: A fact's ``(subject, predicate, object)`` nodes.
Statement = tuple[NamedNode, NamedNode, NamedNode]


def stored_confidence(value: float) -> float:
    """A confidence as the store keeps it: a finite double rounded to 6 decimals.

    >>> stored_confidence(0.1 + 0.2), stored_confidence(1)
    (0.3, 1.0)
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return round(float(value), CONFIDENCE_DIGITS)


@dataclass(frozen=True, slots=True)
class DocumentReading:
    """What one document says of one fact: all :func:`support` needs from it.

    ``confidence`` is its best reading's (as stored), ``evidence`` how many readings
    it has and ``hedged`` whether every one is hedged. Negated readings assert nothing
    and never make a document reading (``negated`` is there for :class:`Reading`).

    >>> DocumentReading("d1", 0.9, evidence=2).hedged
    False
    """

    doc_id: str
    confidence: float
    evidence: int = 1
    hedged: bool = False

    @property
    def negated(self) -> bool:
        return False


def document_readings(evidence: Iterable[Reading]) -> list[DocumentReading]:
    """The readings of one fact grouped by document, negated ones left out, in order.

    >>> from drugkg.model import Evidence
    >>> ev = [Evidence("a", "s", 0, 1, "r", confidence=0.5, hedged=True),
    ...       Evidence("a", "t", 2, 3, "r", confidence=0.9),
    ...       Evidence("b", "u", 0, 1, "r", confidence=0.7, negated=True)]
    >>> document_readings(ev)
    [DocumentReading(doc_id='a', confidence=0.9, evidence=2, hedged=False)]
    """
    best: dict[str, float] = {}
    count: dict[str, int] = {}
    hedged: dict[str, bool] = {}
    for reading in evidence:
        if reading.negated:
            continue
        doc = reading.doc_id
        confidence = stored_confidence(reading.confidence)
        best[doc] = max(best.get(doc, confidence), confidence)
        count[doc] = count.get(doc, 0) + 1
        hedged[doc] = hedged.get(doc, True) and reading.hedged
    return [DocumentReading(doc, best[doc], count[doc], hedged[doc]) for doc in best]


class Tally:
    """A fact's document readings in little memory (no ids): its support to come.

    Each :meth:`add` is one more document.

    >>> t = Tally()
    >>> t.add(DocumentReading("a", 0.8, 2)); t.add(DocumentReading("b", 0.5, 1, hedged=True))
    >>> t.support()
    Support(confidence=0.9, documents=2, evidence=3, hedged=False)
    """

    __slots__ = ("best", "evidence", "hedged")

    def __init__(self) -> None:
        self.best = array("d")
        self.evidence = 0
        self.hedged = True

    def add(self, reading: DocumentReading) -> None:
        """Count one document's reading of the fact."""
        self.best.append(reading.confidence)
        self.evidence += reading.evidence
        self.hedged = self.hedged and reading.hedged

    def __len__(self) -> int:
        return len(self.best)

    def support(self) -> Support:
        """Belief, documents, evidence and hedging of the documents counted."""
        readings = (DocumentReading(str(i), c) for i, c in enumerate(self.best))
        return Support(
            confidence=belief(readings),
            documents=len(self.best),
            evidence=self.evidence,
            hedged=bool(self.best) and self.hedged,
        )


def support(readings: Iterable[DocumentReading]) -> Support | None:
    """The support of a fact from its document readings (None: nothing supports it).

    The same as :func:`drugkg.kg.belief.summarize` of the evidence they come from.

    >>> support([DocumentReading("a", 0.8), DocumentReading("b", 0.5)])
    Support(confidence=0.9, documents=2, evidence=2, hedged=False)
    >>> support([]) is None
    True
    """
    tally = Tally()
    for reading in readings:
        tally.add(reading)
    return tally.support() if len(tally) else None


def merge_entities(entities: Iterable[Entity]) -> Entity:
    """One description of a node from several readings of it.

    The label is the smallest one (stable whatever the order documents come in);
    synonyms and external ids are united.

    >>> from drugkg.model import EntityType
    >>> a = Entity.make(EntityType.CONDITION, "seizures", synonyms=["fits"])
    >>> b = Entity.make(EntityType.CONDITION, "seizure", xrefs={"mesh": "D012640"})
    >>> m = merge_entities([a, b])
    >>> m.label, m.synonyms, m.xrefs
    ('seizure', ('fits',), (('mesh', 'D012640'),))
    """
    items = list(entities)
    if not items:
        raise ValueError("merge_entities needs at least one entity")
    identities = {e.identity for e in items}
    if len(identities) != 1:
        raise ValueError(f"cannot merge different entities: {sorted(map(str, identities))}")
    return Entity(
        type=items[0].type,
        key=items[0].key,
        label=min(e.label for e in items),
        synonyms=tuple(sorted({s for e in items for s in e.synonyms})),
        xrefs=tuple(sorted({x for e in items for x in e.xrefs})),
    )


class Derivation:
    """What a batch of documents states, gathered to be derived once, at the end.

    The facts (their statements and a :class:`Tally` each: this grows with the
    vocabulary, not the corpus), the entities (merged as they come) and the documents'
    checksum quads (written last, with what derives from them).

    >>> from drugkg.model import EntityType
    >>> a, b = Derivation(), Derivation()
    >>> f, s, p, o = (NamedNode(f"http://e/{x}") for x in "fspo")
    >>> a.add({f: (s, p, o)}, {}, {f: [DocumentReading("d1", 0.8)]})
    >>> b.add({f: (s, p, o)}, {}, {f: [DocumentReading("d2", 0.5)]})
    >>> a.update(b)
    >>> a.supports()[f]
    Support(confidence=0.9, documents=2, evidence=2, hedged=False)
    """

    __slots__ = ("checksums", "entities", "statements", "tallies")

    def __init__(self) -> None:
        self.statements: dict[NamedNode, Statement] = {}
        self.tallies: dict[NamedNode, Tally] = {}
        self.entities: dict[NamedNode, Entity] = {}
        self.checksums: list[Quad] = []

    def __bool__(self) -> bool:
        return bool(self.statements or self.entities or self.checksums)

    def add(
        self,
        statements: Mapping[NamedNode, Statement],
        entities: Mapping[NamedNode, Entity],
        readings: Mapping[NamedNode, Iterable[DocumentReading]],
        checksums: Iterable[Quad] = (),
    ) -> None:
        """Count what documents state: facts, their readings, entities and checksums."""
        self.statements.update(statements)
        for fact, values in readings.items():
            tally = self.tallies.get(fact)
            if tally is None:
                tally = self.tallies[fact] = Tally()
            for value in values:
                tally.add(value)
        for node, entity in entities.items():
            known = self.entities.get(node)
            self.entities[node] = entity if known is None else merge_entities([known, entity])
        self.checksums.extend(checksums)

    def update(self, other: Derivation) -> None:
        """Count what ``other`` gathered (from other documents) as well."""
        self.statements.update(other.statements)
        for fact, theirs in other.tallies.items():
            mine = self.tallies.get(fact)
            if mine is None:
                mine = self.tallies[fact] = Tally()
            mine.best.extend(theirs.best)
            mine.evidence += theirs.evidence
            mine.hedged = mine.hedged and theirs.hedged
        for node, entity in other.entities.items():
            known = self.entities.get(node)
            self.entities[node] = entity if known is None else merge_entities([known, entity])
        self.checksums.extend(other.checksums)

    def supports(self) -> dict[NamedNode, Support]:
        """Each counted fact's support."""
        return {fact: tally.support() for fact, tally in self.tallies.items() if len(tally)}
