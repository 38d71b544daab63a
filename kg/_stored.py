"""Stored RDF back to records: IRIs, literals, statements and entity descriptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast
from urllib.parse import unquote

import pyoxigraph as ox

from drugkg.kg import _terms as T
from drugkg.kg.derive import Statement
from drugkg.kg.errors import StoreError
from drugkg.model import Entity, Evidence

__all__ = ["entity_of", "evidence_of", "iri", "statement_of", "text"]


def iri(term: object) -> ox.NamedNode:
    """``term`` as an IRI (the store writes no blank nodes nor quoted triples)."""
    if not isinstance(term, ox.NamedNode):
        raise StoreError(f"expected an IRI in the store, found {term}")
    return term


def text(term: object) -> str:
    """The lexical value of an IRI or literal."""
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise StoreError(f"expected an IRI or literal in the store, found {term}")
    return term.value


def statement_of(quads: set[ox.Quad]) -> Statement | None:
    by_predicate = {q.predicate: q.object for q in quads}
    try:
        return cast(
            Statement,
            (by_predicate[T.SUBJECT], by_predicate[T.PREDICATE], by_predicate[T.OBJECT]),
        )
    except KeyError:
        return None


def entity_of(node: ox.NamedNode, quads: set[ox.Quad]) -> Entity | None:
    """The entity a stored description says (None if there is none)."""
    types = [
        T.NODE_TYPE[q.object]
        for q in quads
        if q.predicate == T.TYPE and isinstance(q.object, ox.NamedNode) and q.object in T.NODE_TYPE
    ]
    labels = [text(q.object) for q in quads if q.predicate == T.LABEL]
    if not types or not labels:
        return None
    xref_prefix = {prop: prefix for prefix, prop in T.XREF_PROPERTY.items()}
    return Entity(
        type=types[0],
        key=unquote(node.value.rsplit("/", 1)[-1]),
        label=min(labels),
        synonyms=tuple(sorted(text(q.object) for q in quads if q.predicate == T.ALT_LABEL)),
        xrefs=tuple(
            sorted(
                (xref_prefix[q.predicate], text(q.object))
                for q in quads
                if q.predicate in xref_prefix
            )
        ),
    )


def evidence_of(doc_id: str, props: Mapping[ox.NamedNode, object]) -> Evidence:
    """The evidence a stored evidence node says (its properties by predicate)."""

    def value(prop: ox.NamedNode, default: str = "") -> str:
        found = props.get(prop)
        return default if found is None else text(found)

    return Evidence(
        doc_id=doc_id,
        sentence=value(T.SENTENCE),
        start=int(value(T.START, "0")),
        end=int(value(T.END, "0")),
        rule=value(T.RULE),
        negated=value(T.NEGATED) == "true",
        hedged=value(T.HEDGED) == "true",
        confidence=float(value(T.CONFIDENCE, "0")),
        subject_text=value(T.SUBJECT_TEXT),
        object_text=value(T.OBJECT_TEXT),
    )
