"""Reading a store: documents, facts with their belief, evidence and counts, as records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

import pyoxigraph as ox

from drugkg.kg import _terms as T
from drugkg.kg._stored import evidence_of, iri, text
from drugkg.kg.backend import Backend
from drugkg.kg.iri import doc_id_from_iri, document_iri, fact_iri_for
from drugkg.kg.results import run_query
from drugkg.kg.vocab import DKGR
from drugkg.model import EntityType, Fact, Predicate, Quote, entity_key

__all__ = [
    "StoreStats",
    "documents",
    "explain",
    "facts",
    "resolve",
    "stats",
]


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Counts of what the store holds."""

    documents: int
    facts: int
    evidence: int
    entities: int
    doses: int
    facts_by_predicate: Mapping[str, int] = field(default_factory=dict)


def documents(backend: Backend) -> dict[str, str]:
    """Each stored document id with the sha256 it was stored with."""
    out: dict[str, str] = {}
    for q in backend.quads_for_pattern(None, T.TYPE, T.DOCUMENT, None):
        if isinstance(q.graph_name, ox.DefaultGraph):
            continue
        props = {
            p.predicate: text(p.object)
            for p in backend.quads_for_pattern(q.subject, None, None, q.graph_name)
        }
        out[props.get(T.IDENTIFIER, doc_id_from_iri(cast(ox.NamedNode, q.graph_name)))] = props.get(
            T.SHA256, ""
        )
    return dict(sorted(out.items()))


def resolve(backend: Backend, label: str) -> set[ox.NamedNode]:
    """The entities a label names: by label or synonym (case-insensitive) or by key.

    A brand name also resolves to its drugs.
    """
    found: set[ox.NamedNode] = set()
    result = run_query(
        backend,
        "SELECT ?e ?wanted WHERE { ?e rdfs:label|skos:altLabel ?l "
        "FILTER(lcase(str(?l)) = ?wanted) }",
        bindings={"wanted": label.strip().lower()},
    )
    found |= {cast(ox.NamedNode, row["e"]) for row in result.solutions()}
    key = entity_key(label)
    for entity_type in EntityType:
        node = ox.NamedNode(f"{DKGR}{entity_type.slug}/{key}")
        if ox.Quad(node, T.TYPE, T.CLASS_NODE[entity_type]) in backend:
            found.add(node)
    brand_of = T.PREDICATE_NODE[Predicate.HAS_BRAND_NAME]
    for node in list(found):
        for q in backend.quads_for_pattern(None, brand_of, node, ox.DefaultGraph()):
            found.add(cast(ox.NamedNode, q.subject))
    return found


def facts(
    backend: Backend,
    *,
    drug: str | None = None,
    predicate: str | Predicate | None = None,
    inverse: bool = False,
) -> list[Fact]:
    """Facts with their belief, sorted by subject, predicate and falling confidence.

    ``drug`` keeps facts whose subject it names (a brand name resolves to its drug),
    and the facts of symmetric predicates (``interacts_with``) it is the object of,
    turned so that it is the subject. With ``inverse``, ``drug`` keeps the facts of
    other predicates it is the object of instead ("ramelteon alternative_to
    zolpidem" for zolpidem). ``predicate`` keeps one relation (``treats``...).
    """
    wanted_predicate = _predicate(predicate) if predicate is not None else None
    named = resolve(backend, drug) if drug is not None else None
    result = run_query(
        backend,
        """SELECT ?s ?p ?o ?sl ?ol ?c ?n ?e ?h WHERE {
             ?f a dkg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                dkg:confidence ?c ; dkg:supportCount ?n ; dkg:evidenceCount ?e ;
                dkg:hedged ?h .
             ?s rdfs:label ?sl . ?o rdfs:label ?ol .
           }""",
    )
    rows = []
    for row in result.solutions():
        p = T.NODE_PREDICATE.get(cast(ox.NamedNode, row["p"]))
        if p is None or (wanted_predicate is not None and p != wanted_predicate):
            continue
        subject, obj = row["sl"].value, row["ol"].value
        if named is not None:
            as_subject, as_object = row["s"] in named, row["o"] in named
            if p.symmetric:
                if inverse or not (as_subject or as_object):
                    continue
                if not as_subject:  # told from the drug's side
                    subject, obj = obj, subject
            elif not (as_object if inverse else as_subject):
                continue
        rows.append(
            Fact(
                subject=subject,
                predicate=p.value,
                object=obj,
                support=int(row["n"].value),
                evidence=int(row["e"].value),
                confidence=float(row["c"].value),
                hedged=row["h"].value == "true",
            )
        )
    return sorted(rows, key=lambda r: (r.subject, r.predicate, -r.confidence, r.object))


def explain(backend: Backend, subject: str, predicate: str | Predicate, obj: str) -> list[Quote]:
    """The evidence of the facts ``subject predicate obj``, labels matched loosely.

    Labels match case-insensitively, by synonym or by key; a brand name as the
    subject resolves to its drug. Rows are sorted by document and offset.
    """
    wanted = _predicate(predicate)
    p = T.PREDICATE_NODE[wanted]
    rows = []
    pairs = {(s, o) for s in resolve(backend, subject) for o in resolve(backend, obj)}
    if wanted.symmetric:  # stored once, in one direction: ask both
        pairs |= {(o, s) for s, o in pairs}
    for s, o in sorted(pairs, key=lambda pair: (pair[0].value, pair[1].value)):
        fact = fact_iri_for(s.value, p.value, o.value)
        for link in backend.quads_for_pattern(fact, T.WAS_DERIVED_FROM, None, None):
            if isinstance(link.graph_name, ox.DefaultGraph):
                continue
            rows.append(
                _evidence_row(backend, iri(link.object), cast(ox.NamedNode, link.graph_name))
            )
    return sorted(set(rows), key=lambda r: (r.doc_id, r.start, r.end, r.rule))


def _evidence_row(backend: Backend, node: ox.NamedNode, graph: ox.NamedNode) -> Quote:
    props = {q.predicate: q.object for q in backend.quads_for_pattern(node, None, None, graph)}
    doc_id = doc_id_from_iri(graph)
    document = {
        q.predicate: text(q.object)
        for q in backend.quads_for_pattern(document_iri(doc_id), None, None, graph)
        if q.predicate in (T.PATH, T.TITLE)
    }
    return Quote(
        evidence_of(doc_id, props),
        title=document.get(T.TITLE, ""),
        path=document.get(T.PATH, ""),
    )


def stats(backend: Backend) -> StoreStats:
    """How many documents, facts, pieces of evidence, entities and dose records."""
    default = ox.DefaultGraph()

    def count(cls: ox.NamedNode, graph: ox.DefaultGraph | None) -> int:
        # nodes typed in several graphs come one after the other (the index is sorted
        # by subject, then graph), so counting changes of subject counts each once,
        # in constant memory: a set of the 5 M evidence nodes of 100 000 articles
        # took a gigabyte
        n, previous = 0, None
        for q in backend.quads_for_pattern(None, T.TYPE, cls, graph):
            if q.subject != previous:
                n, previous = n + 1, q.subject
        return n

    by_predicate: Counter[str] = Counter()
    for q in backend.quads_for_pattern(None, T.PREDICATE, None, default):
        p = T.NODE_PREDICATE.get(cast(ox.NamedNode, q.object))
        if p is not None:
            by_predicate[p.value] += 1
    return StoreStats(
        documents=len(documents(backend)),
        facts=count(T.FACT, default),
        evidence=count(T.EVIDENCE, None),
        entities=sum(count(c, default) for c in T.NODE_TYPE),
        doses=count(T.DOSE_RECORD, None),
        facts_by_predicate=dict(sorted(by_predicate.items())),
    )


def _predicate(value: str | Predicate) -> Predicate:
    if isinstance(value, Predicate):
        return value
    name = value.removeprefix("dkg:")
    try:
        return Predicate(name)
    except ValueError:
        valid = ", ".join(p.value for p in Predicate)
        raise ValueError(f"unknown predicate {value!r}; valid: {valid}") from None
