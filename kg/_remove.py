"""Removing documents: their named graphs dropped, and only what they supported derived again.

The cost of a removal follows what the removed documents said, not the size of the store:
each named graph is read once and dropped whole, and each fact it supported gets its
support from the stored statement less the removed readings. A fact's belief needs its
remaining readings, but only until their errors multiply below what six decimals can
show (then the belief is 1.0, whatever the other readings say): a handful, however many
documents the fact has. Facts left with few readings are read whole, exactly as a full
derivation does (:func:`drugkg.kg.derive.support`), so the graph is the one a build of
the remaining documents gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox

from drugkg.kg import _terms as T
from drugkg.kg._stored import entity_of, iri, statement_of, text
from drugkg.kg._update import still_referenced, update_request
from drugkg.kg.backend import Backend
from drugkg.kg.belief import Support
from drugkg.kg.derive import document_readings, merge_entities, support
from drugkg.kg.iri import graph_iri
from drugkg.kg.rdf import entity_quads, fact_quads
from drugkg.kg.vocab import DKGR

__all__ = ["Removal", "removal_plan", "removal_request"]

_FACT_NS = f"{DKGR}fact/"
#: Below this product of errors, ``1 - product`` rounds to 1.0 at six decimals (with room).
_SURE = 1e-7


@dataclass(slots=True)
class _Gone:
    """What the removed documents said of one fact: documents and non-negated readings."""

    documents: int = 0
    evidence: int = 0
    #: one of them was stored without its checksum, so the fact may not count it
    uncounted: bool = False


@dataclass(frozen=True, slots=True)
class Removal:
    """The change that removes some documents: graphs to drop, default-graph quads."""

    graphs: tuple[ox.NamedNode, ...]
    graph_quads: int
    removes: frozenset[ox.Quad]
    adds: frozenset[ox.Quad]
    facts: int


def removal_plan(backend: Backend, doc_ids: Iterable[str]) -> Removal:
    """What removing ``doc_ids`` drops, removes and adds (documents not stored are ignored)."""
    graphs = tuple(
        g for g in dict.fromkeys(graph_iri(d) for d in doc_ids) if backend.contains_named_graph(g)
    )
    dropped = frozenset(graphs)
    gone: dict[ox.NamedNode, _Gone] = {}
    candidates: set[ox.NamedNode] = set()
    size = 0
    for graph in graphs:
        size += _read_graph(backend, graph, gone, candidates)

    default = ox.DefaultGraph()
    removes: set[ox.Quad] = set()
    adds: set[ox.Quad] = set()
    alive: dict[ox.NamedNode, bool] = {}
    for fact in sorted(gone, key=lambda n: n.value):
        current = set(backend.quads_for_pattern(fact, None, None, default))
        spo = statement_of(current)
        if spo is None:  # never derived (an interrupted build): nothing to update
            continue
        subject, predicate, obj = spo
        plain = ox.Quad(subject, predicate, obj)
        if plain in backend:
            current.add(plain)
        counted = _support_after(backend, fact, current, gone[fact], dropped)
        wanted = set(fact_quads(fact, subject, predicate, obj, counted)) if counted else set()
        alive[fact] = counted is not None
        removes |= current - wanted
        adds |= wanted - current
        candidates |= {subject, obj}

    for node in sorted(candidates, key=lambda n: n.value):
        current = {
            q
            for q in backend.quads_for_pattern(node, None, None, default)
            if q.predicate not in T.NODE_PREDICATE
        }
        entity = (
            entity_of(node, current) if still_referenced(backend, node, dropped, alive) else None
        )
        wanted = set(entity_quads(merge_entities([entity]))) if entity is not None else set()
        removes |= current - wanted
        adds |= wanted - current
    return Removal(graphs, size, frozenset(removes), frozenset(adds), len(gone))


def removal_request(removal: Removal) -> str:
    """One SPARQL UPDATE request for ``removal`` (applied as one transaction)."""
    operations = [update_request(set(removal.removes), set(removal.adds), None)]
    operations += [f"DROP SILENT GRAPH {g}" for g in removal.graphs]
    return " ;\n".join(op for op in operations if op)


def _read_graph(
    backend: Backend,
    graph: ox.NamedNode,
    gone: dict[ox.NamedNode, _Gone],
    entities: set[ox.NamedNode],
) -> int:
    """Count what one removed document says of each fact; note the entities its doses name."""
    props: dict[object, dict[ox.NamedNode, object]] = {}
    links: list[tuple[ox.NamedNode, object]] = []
    checksum = False
    size = 0
    for q in backend.quads_for_pattern(None, None, None, graph):
        size += 1
        props.setdefault(q.subject, {})[q.predicate] = q.object
        if q.predicate == T.WAS_DERIVED_FROM and text(q.subject).startswith(_FACT_NS):
            links.append((iri(q.subject), q.object))
        elif q.predicate in T.DOSE_LINKS:
            entities.add(iri(q.object))
        elif q.predicate == T.SHA256:
            checksum = True
    readings: dict[ox.NamedNode, int] = {}
    for fact, evidence in links:
        entry = gone.setdefault(fact, _Gone())
        entry.uncounted = entry.uncounted or not checksum
        negated = props.get(evidence, {}).get(T.NEGATED)
        if negated is not None and text(negated) == "true":
            continue
        readings[fact] = readings.get(fact, 0) + 1
    for fact, n in readings.items():
        gone[fact].documents += 1
        gone[fact].evidence += n
    return size


@dataclass(frozen=True, slots=True)
class _Reading:
    """What belief needs of a stored piece of evidence (a :class:`~drugkg.kg.belief.Reading`;
    ``doc_id`` is its graph's IRI, which tells documents apart as well)."""

    doc_id: str
    confidence: float
    hedged: bool
    negated: bool


def _reading(backend: Backend, evidence: ox.NamedNode, graph: ox.NamedNode) -> _Reading:
    """Only the three values belief needs (not the sentence and the rest)."""

    def value(prop: ox.NamedNode) -> str:
        return next(
            (text(q.object) for q in backend.quads_for_pattern(evidence, prop, None, graph)), ""
        )

    return _Reading(
        doc_id=graph.value,
        confidence=float(value(T.CONFIDENCE) or "0"),
        hedged=value(T.HEDGED) == "true",
        negated=value(T.NEGATED) == "true",
    )


def _stored_support(current: set[ox.Quad]) -> Support | None:
    """The support a fact's statement node declares (None if a value is missing)."""
    values = {q.predicate: text(q.object) for q in current}
    try:
        return Support(
            confidence=float(values[T.CONFIDENCE]),
            documents=int(values[T.SUPPORT_COUNT]),
            evidence=int(values[T.EVIDENCE_COUNT]),
            hedged=values[T.HEDGED] == "true",
        )
    except (KeyError, ValueError):
        return None


def _support_after(
    backend: Backend,
    fact: ox.NamedNode,
    current: set[ox.Quad],
    gone: _Gone,
    dropped: frozenset[ox.NamedNode],
) -> Support | None:
    """The support of ``fact`` once the documents of ``dropped`` are gone.

    The remaining readings are read until they settle the belief (1.0) and hedging; the
    counts are then the stored ones less the removed ones. Otherwise every remaining
    reading is read and the support derived from them, as a build does.
    """
    stored = _stored_support(current)
    shortcut = stored is not None and not gone.uncounted and stored.confidence == 1.0
    evidence = []
    best: dict[str, float] = {}
    bound = 1.0  # the product of the best errors seen per document: above the true one
    unhedged = False
    for link in backend.quads_for_pattern(fact, T.WAS_DERIVED_FROM, None, None):
        graph = link.graph_name
        if isinstance(graph, ox.DefaultGraph) or graph in dropped:
            continue
        reading = _reading(backend, iri(link.object), cast(ox.NamedNode, graph))
        evidence.append(reading)
        if reading.negated or not shortcut or stored is None:
            continue
        unhedged = unhedged or not reading.hedged
        known = best.get(reading.doc_id)
        if known is None or reading.confidence > known:
            best[reading.doc_id] = reading.confidence
            bound = (
                _product(best.values()) if known is not None else bound * (1 - reading.confidence)
            )
        if bound < _SURE and (stored.hedged != unhedged):
            settled = _settled(stored, gone, len(best), sum(not e.negated for e in evidence))
            if settled is not None:
                return settled
    return support(document_readings(evidence))


def _settled(stored: Support, gone: _Gone, documents_seen: int, seen: int) -> Support | None:
    """The support once the belief is settled: the stored counts less the removed ones
    (None when they cannot be right: the store was changed behind drugkg's back)."""
    documents = stored.documents - gone.documents
    evidence = stored.evidence - gone.evidence
    if documents < documents_seen or evidence < seen:
        return None
    return Support(confidence=1.0, documents=documents, evidence=evidence, hedged=stored.hedged)


def _product(values: Iterable[float]) -> float:
    out = 1.0
    for value in values:
        out *= 1 - value
    return out
