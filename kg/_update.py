"""Writing a store: the quads a change removes and adds, as one SPARQL UPDATE request.

Facts and entities are derived by :mod:`drugkg.kg.derive`; this module reads what the
store holds of them and turns the difference into quads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

import pyoxigraph as ox

from drugkg.kg import _terms as T
from drugkg.kg._stored import entity_of, evidence_of, iri, statement_of, text
from drugkg.kg.backend import Backend
from drugkg.kg.derive import (
    Derivation,
    DocumentReading,
    document_readings,
    merge_entities,
    support,
)
from drugkg.kg.iri import doc_id_from_iri, graph_iri
from drugkg.kg.rdf import DocumentGraph, entity_quads, fact_quads
from drugkg.kg.vocab import DKGR

__all__ = ["data_block", "plan", "refresh_plan", "still_referenced", "update_request"]

_FACT_NS = f"{DKGR}fact/"


def plan(
    backend: Backend, doc_id: str, new: DocumentGraph | None
) -> tuple[set[ox.Quad], set[ox.Quad], int]:
    """The quads to remove and add to go from the stored version of ``doc_id`` to ``new``,
    and how many facts that touches."""
    graph = graph_iri(doc_id)
    default = ox.DefaultGraph()
    old = set(backend.quads_for_pattern(None, None, None, graph))
    wanted = new.quads if new is not None else frozenset()
    removes, adds = old - wanted, set(wanted - old)

    old_facts = {
        iri(q.subject)
        for q in old
        if q.predicate == T.WAS_DERIVED_FROM and text(q.subject).startswith(_FACT_NS)
    }
    statements = dict(new.statements) if new is not None else {}
    touched = sorted(old_facts | statements.keys(), key=lambda n: n.value)
    alive: dict[ox.NamedNode, bool] = {}
    candidates: set[ox.NamedNode] = set()
    for fact in touched:
        current = set(backend.quads_for_pattern(fact, None, None, default))
        spo = statements.get(fact) or statement_of(current)
        if spo is None:  # pragma: no cover - a fact always has its statement node
            continue
        subject, predicate, obj = spo
        plain = ox.Quad(subject, predicate, obj)
        if plain in backend:
            current.add(plain)
        readings = document_readings(new.readings.get(fact, ())) if new else []
        readings += _stored_readings(backend, fact, skip=graph)
        counted = support(readings)
        wanted_fact = set(fact_quads(fact, subject, predicate, obj, counted)) if counted else set()
        alive[fact] = counted is not None
        removes |= current - wanted_fact
        adds |= wanted_fact - current
        candidates |= {subject, obj}

    candidates |= {iri(q.object) for q in old if q.predicate in T.DOSE_LINKS}
    if new is not None:
        candidates |= set(new.entities)
    for node in sorted(candidates, key=lambda n: n.value):
        current = {
            q
            for q in backend.quads_for_pattern(node, None, None, default)
            if q.predicate not in T.NODE_PREDICATE
        }
        if _referenced(backend, node, graph, new, alive):
            readings_of = [e for e in [entity_of(node, current)] if e is not None]
            if new is not None and node in new.entities:
                readings_of.append(new.entities[node])
            # No reading at all: the entity is named only by a document an interrupted
            # build loaded without deriving; that document's own rebuild adds it.
            wanted_entity = set(entity_quads(merge_entities(readings_of))) if readings_of else set()
        else:
            wanted_entity = set()
        removes |= current - wanted_entity
        adds |= wanted_entity - current
    return removes, adds, len(touched)


def refresh_plan(backend: Backend, derived: Derivation) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The quads to remove and add to bring what ``derived`` touches up to date.

    Each fact of ``derived`` (its IRI and subject, predicate, object nodes) gets its
    plain triple and its statement node recomputed from every reading the store
    holds; each of its entities is merged into its stored description; its checksum
    quads (written last so that an interrupted build reads those documents again)
    are added.

    A fact's support as ``derived`` counted it from the readings loaded is used when
    the store holds just that many readings of the fact (they are then the same),
    which saves reading every one back.
    """
    default = ox.DefaultGraph()
    removes: set[ox.Quad] = set()
    adds: set[ox.Quad] = set(derived.checksums)
    supports = derived.supports()
    for fact, (subject, predicate, obj) in sorted(derived.statements.items(), key=_by_value):
        current = set(backend.quads_for_pattern(fact, None, None, default))
        plain = ox.Quad(subject, predicate, obj)
        if plain in backend:
            current.add(plain)
        counted = supports.get(fact)
        if counted is None or counted.evidence != _count_readings(backend, fact):
            counted = support(_stored_readings(backend, fact))
        wanted = set(fact_quads(fact, subject, predicate, obj, counted)) if counted else set()
        removes |= current - wanted
        adds |= wanted - current
    for node, entity in sorted(derived.entities.items(), key=_by_value):
        current = {
            q
            for q in backend.quads_for_pattern(node, None, None, default)
            if q.predicate not in T.NODE_PREDICATE
        }
        stored = entity_of(node, current)
        merged = merge_entities([entity] if stored is None else [stored, entity])
        wanted = set(entity_quads(merged))
        removes |= current - wanted
        adds |= wanted - current
    return removes, adds


def _count_readings(backend: Backend, fact: ox.NamedNode) -> int:
    """How many readings (evidence links in documents' graphs) of ``fact`` are stored."""
    links = backend.quads_for_pattern(fact, T.WAS_DERIVED_FROM, None, None)
    return sum(1 for q in links if not isinstance(q.graph_name, ox.DefaultGraph))


def _stored_readings(
    backend: Backend, fact: ox.NamedNode, *, skip: ox.NamedNode | None = None
) -> list[DocumentReading]:
    """The document readings of ``fact`` the store holds (but those of graph ``skip``)."""
    evidence = []
    for link in backend.quads_for_pattern(fact, T.WAS_DERIVED_FROM, None, None):
        if link.graph_name == skip or isinstance(link.graph_name, ox.DefaultGraph):
            continue
        props = {
            q.predicate: q.object
            for q in backend.quads_for_pattern(iri(link.object), None, None, link.graph_name)
        }
        doc_id = doc_id_from_iri(cast(ox.NamedNode, link.graph_name))
        evidence.append(evidence_of(doc_id, props))
    return document_readings(evidence)


def _referenced(
    backend: Backend,
    node: ox.NamedNode,
    graph: ox.NamedNode,
    new: DocumentGraph | None,
    alive: Mapping[ox.NamedNode, bool],
) -> bool:
    """Whether a fact or dose refers to ``node`` once the change is made."""
    if still_referenced(backend, node, frozenset({graph}), alive):
        return True
    if any(alive_ and node in _spo(new, fact) for fact, alive_ in alive.items()):
        return True
    return new is not None and any(
        q.object == node and q.predicate in T.DOSE_LINKS for q in new.quads
    )


def still_referenced(
    backend: Backend,
    node: ox.NamedNode,
    dropped: frozenset[ox.NamedNode],
    alive: Mapping[ox.NamedNode, bool],
) -> bool:
    """Whether a stored fact that stays ``alive`` (facts not in it stay) or a dose outside
    the ``dropped`` document graphs still refers to ``node``."""
    default = ox.DefaultGraph()
    for link in (T.SUBJECT, T.OBJECT):
        for q in backend.quads_for_pattern(None, link, node, default):
            if alive.get(cast(ox.NamedNode, q.subject), True):
                return True
    for link in T.DOSE_LINKS:
        for q in backend.quads_for_pattern(None, link, node, None):
            if q.graph_name not in dropped:
                return True
    return False


def _spo(new: DocumentGraph | None, fact: ox.NamedNode) -> tuple[ox.NamedNode, ...]:
    if new is None or fact not in new.statements:
        return ()
    s, _, o = new.statements[fact]
    return (s, o)


def _by_value(item: tuple[ox.NamedNode, object]) -> str:
    return item[0].value


def _quad_text(q: ox.Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} ."


def data_block(quads: Iterable[ox.Quad]) -> str:
    """The body of an INSERT/DELETE DATA block, grouped by graph, in a stable order."""
    default: list[str] = []
    named: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.append(_quad_text(q))
        else:
            named.setdefault(str(q.graph_name), []).append(_quad_text(q))
    parts = sorted(default)
    for graph, lines in sorted(named.items()):
        parts.append(f"GRAPH {graph} {{\n" + "\n".join(sorted(lines)) + "\n}")
    return "\n".join(parts)


def update_request(removes: set[ox.Quad], adds: set[ox.Quad], drop: ox.NamedNode | None) -> str:
    """One SPARQL UPDATE request for the whole change.

    Terms are written by pyoxigraph itself (their N-Triples form, valid SPARQL), so
    no text from a document can break out of its literal.
    """
    operations = []
    if removes:
        operations.append("DELETE DATA {\n" + data_block(removes) + "\n}")
    if adds:
        operations.append("INSERT DATA {\n" + data_block(adds) + "\n}")
    if drop is not None:
        operations.append(f"DROP SILENT GRAPH {drop}")
    return " ;\n".join(operations)
