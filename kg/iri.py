"""Stable, readable IRIs for entities, facts, evidence, documents and doses (graph-model.md)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from urllib.parse import quote, unquote

from pyoxigraph import NamedNode

from drugkg.kg.vocab import DKGR, PREDICATE_PROPERTY
from drugkg.model import Dose, Entity, Evidence, Triple

__all__ = [
    "doc_id_from_iri",
    "document_iri",
    "dose_iri",
    "entity_iri",
    "evidence_iri",
    "fact_iri",
    "fact_iri_for",
    "graph_iri",
]

_BASE = str(DKGR)
_TRAILING_DOTS = re.compile(r"\.+$")


def _hash16(*parts: object) -> str:
    """16 hex digits of the SHA-1 of ``parts`` written as a compact JSON array.

    JSON keeps the parts apart unambiguously, whatever characters a doc id holds.

    >>> _hash16("a", 1)
    '69ba4b1fae637923'
    """
    text = json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _encode_segment(text: str) -> str:
    """Percent-encode ``text`` as one IRI path segment of unreserved ASCII.

    Trailing dots are encoded too: ``.`` and ``..`` are path operators, and some
    Turtle parsers (rdflib) reject a prefixed name ending in an escaped dot.

    >>> _encode_segment("corpus/a b.txt")
    'corpus%2Fa%20b.txt'
    >>> _encode_segment("..")
    '%2E%2E'
    """
    encoded = quote(text, safe="")
    return _TRAILING_DOTS.sub(lambda m: "%2E" * len(m.group()), encoded)


def entity_iri(entity: Entity) -> NamedNode:
    """``dkgr:<type-slug>/<key>``.

    >>> from drugkg.model import EntityType
    >>> entity_iri(Entity.make(EntityType.CONDITION, "Panic Disorders")).value
    'https://w3id.org/drugkg/resource/condition/panic-disorder'
    """
    return NamedNode(f"{_BASE}{entity.type.slug}/{_encode_segment(entity.key)}")


def fact_iri_for(subject: str, predicate: str, obj: str) -> NamedNode:
    """The fact IRI of a statement given as three full IRI strings.

    >>> fact_iri_for("https://w3id.org/drugkg/resource/drug/clonazepam",
    ...     "https://w3id.org/drugkg/ontology#treats",
    ...     "https://w3id.org/drugkg/resource/condition/panic-disorder").value
    'https://w3id.org/drugkg/resource/fact/d3ae963c113ecd45'
    """
    digest = hashlib.sha1(f"{subject} {predicate} {obj}".encode()).hexdigest()[:16]
    return NamedNode(f"{_BASE}fact/{digest}")


def fact_iri(triple: Triple) -> NamedNode:
    """``dkgr:fact/<16 hex of sha1("s-iri p-iri o-iri")>``.

    >>> from drugkg.model import EntityType, Predicate
    >>> t = Triple(Entity.make(EntityType.DRUG, "clonazepam"), Predicate.TREATS,
    ...            Entity.make(EntityType.CONDITION, "panic disorder"))
    >>> fact_iri(t).value
    'https://w3id.org/drugkg/resource/fact/d3ae963c113ecd45'

    A triple of a symmetric predicate names its canonical direction's fact.
    """
    triple = triple.canonical()
    return fact_iri_for(
        entity_iri(triple.subject).value,
        str(PREDICATE_PROPERTY[triple.predicate]),
        entity_iri(triple.object).value,
    )


def evidence_iri(evidence: Evidence, fact_iri: NamedNode) -> NamedNode:
    """``dkgr:evidence/<16 hex of sha1([doc-id, start, end, rule, fact-iri])>``.

    For the evidence of a dose, pass the dose IRI as ``fact_iri``.

    >>> ev = Evidence("article-1", "Clonazepam treats panic disorder.", 0, 33, "treats.x")
    >>> evidence_iri(ev, NamedNode("https://w3id.org/drugkg/resource/fact/d3ae963c113ecd45")).value
    'https://w3id.org/drugkg/resource/evidence/31a742b0c7827523'
    """
    digest = _hash16(evidence.doc_id, evidence.start, evidence.end, evidence.rule, fact_iri.value)
    return NamedNode(f"{_BASE}evidence/{digest}")


def document_iri(doc_id: str) -> NamedNode:
    """``dkgr:doc/<percent-encoded doc id>``; valid for any doc id.

    >>> document_iri("corpus/sample/article 1.txt").value
    'https://w3id.org/drugkg/resource/doc/corpus%2Fsample%2Farticle%201.txt'
    """
    return NamedNode(f"{_BASE}doc/{_encode_segment(doc_id)}")


def graph_iri(doc_id: str) -> NamedNode:
    """``dkgr:graph/<percent-encoded doc id>``: the named graph of a document.

    >>> graph_iri("article-1").value
    'https://w3id.org/drugkg/resource/graph/article-1'
    """
    return NamedNode(f"{_BASE}graph/{_encode_segment(doc_id)}")


def doc_id_from_iri(iri: NamedNode | str) -> str:
    """The doc id back from a document or graph IRI.

    >>> doc_id_from_iri(graph_iri("a b/c."))
    'a b/c.'
    """
    value = iri.value if isinstance(iri, NamedNode) else iri
    for kind in ("doc/", "graph/"):
        if value.startswith(_BASE + kind):
            return unquote(value[len(_BASE) + len(kind) :])
    raise ValueError(f"not a drugkg document or graph IRI: {value}")


def _amount_text(amount: float) -> str:
    """A stable text for a dose amount: ``0.5``, ``20`` (not ``20.0``).

    >>> _amount_text(20.0), _amount_text(0.5)
    ('20', '0.5')
    """
    if not math.isfinite(amount):
        raise ValueError(f"dose amount must be a finite number, not {amount!r}")
    return str(int(amount)) if float(amount).is_integer() else repr(float(amount))


def dose_iri(dose: Dose) -> NamedNode:
    """``dkgr:dose/<16 hex of sha1([doc-id, start, end, drug-iri, amount, unit, kind])>``.

    >>> from drugkg.model import EntityType
    >>> ev = Evidence("article-1", "Start with 0.5 mg.", 10, 28, "dose.start")
    >>> d = Dose(Entity.make(EntityType.DRUG, "clonazepam"), 0.5, "mg", ev, kind="starting")
    >>> dose_iri(d).value
    'https://w3id.org/drugkg/resource/dose/44154e8593128acf'
    """
    ev = dose.evidence
    digest = _hash16(
        ev.doc_id,
        ev.start,
        ev.end,
        entity_iri(dose.drug).value,
        _amount_text(dose.amount),
        dose.unit,
        dose.kind,
    )
    return NamedNode(f"{_BASE}dose/{digest}")
