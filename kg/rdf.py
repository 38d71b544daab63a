"""Documents, assertions and doses as RDF quads (pyoxigraph terms), with rdflib conversion."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, cast
from urllib.parse import quote

import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from drugkg.kg import _terms as T
from drugkg.kg.belief import Support
from drugkg.kg.derive import merge_entities, stored_confidence
from drugkg.kg.iri import document_iri, dose_iri, entity_iri, evidence_iri, fact_iri, graph_iri
from drugkg.kg.vocab import ALL_PREFIXES, XREF_IRI
from drugkg.model import Assertion, Document, Dose, Entity, Evidence

__all__ = [
    "DocumentGraph",
    "Term",
    "dataset_diff",
    "dataset_from_quads",
    "datasets_isomorphic",
    "document_graph",
    "double_literal",
    "entity_quads",
    "fact_quads",
    "from_rdflib",
    "to_rdflib",
    "used_prefixes",
]

Term = NamedNode | BlankNode | Literal


def double_literal(value: float) -> Literal:
    """An ``xsd:double`` rounded to 6 decimals, so equal beliefs print (and compare) equal.

    The lexical form is the one Oxigraph stores (it keeps numbers as values and
    writes them back canonically), so what we write is what we read back.

    >>> double_literal(0.1 + 0.2).value, double_literal(1.0).value
    ('0.3', '1')
    """
    return Literal(stored_confidence(value))


def _decimal(value: float) -> Literal:
    """An ``xsd:decimal`` for a dose amount, in the canonical form Oxigraph stores.

    >>> _decimal(0.5).value, _decimal(1e-05).value, _decimal(20).value
    ('0.5', '0.00001', '20')
    """
    if not math.isfinite(value):
        raise ValueError(f"dose amount must be a finite number, not {value!r}")
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return Literal(text, datatype=T.XSD_DECIMAL)


def entity_quads(entity: Entity) -> list[Quad]:
    """The default-graph description of an entity: type, labels, synonyms, external ids.

    >>> from drugkg.model import EntityType
    >>> e = Entity.make(EntityType.DRUG, "clonazepam", synonyms=["Klonopin"],
    ...                 xrefs={"drugbank": "DB01068"})
    >>> for q in entity_quads(e): print(q.predicate.value.rsplit("/", 1)[-1], q.object.value)
    22-rdf-syntax-ns#type https://w3id.org/drugkg/ontology#Drug
    rdf-schema#label clonazepam
    core#prefLabel clonazepam
    core#altLabel Klonopin
    ontology#drugbank DB01068
    core#exactMatch https://go.drugbank.com/drugs/DB01068
    """
    node = entity_iri(entity)
    quads = [
        Quad(node, T.TYPE, T.CLASS_NODE[entity.type]),
        Quad(node, T.LABEL, Literal(entity.label)),
        Quad(node, T.PREF_LABEL, Literal(entity.label)),
    ]
    quads += [Quad(node, T.ALT_LABEL, Literal(s)) for s in entity.synonyms]
    for prefix, ident in entity.xrefs:
        if prefix not in XREF_IRI:
            raise ValueError(
                f"unknown external id prefix {prefix!r} on {entity.label!r}; "
                f"valid: {', '.join(sorted(XREF_IRI))}"
            )
        quads.append(Quad(node, T.XREF_PROPERTY[prefix], Literal(ident)))
        target = XREF_IRI[prefix].format(_quote_id(ident))
        quads.append(Quad(node, T.EXACT_MATCH, NamedNode(target)))
    return quads


def _quote_id(ident: str) -> str:
    return quote(ident, safe=":")


def fact_quads(
    fact: NamedNode, subject: NamedNode, predicate: NamedNode, obj: NamedNode, support: Support
) -> list[Quad]:
    """The plain triple of a fact and its statement node with the aggregate belief.

    >>> s, p, o = (NamedNode(f"http://e/{x}") for x in "spo")
    >>> qs = fact_quads(NamedNode("http://e/f"), s, p, o, Support(0.9, 1, 2, False))
    >>> len(qs), qs[0].subject == s
    (10, True)
    """
    return [
        Quad(subject, predicate, obj),
        Quad(fact, T.TYPE, T.FACT),
        Quad(fact, T.TYPE, T.STATEMENT),
        Quad(fact, T.SUBJECT, subject),
        Quad(fact, T.PREDICATE, predicate),
        Quad(fact, T.OBJECT, obj),
        Quad(fact, T.CONFIDENCE, double_literal(support.confidence)),
        Quad(fact, T.SUPPORT_COUNT, Literal(support.documents)),
        Quad(fact, T.EVIDENCE_COUNT, Literal(support.evidence)),
        Quad(fact, T.HEDGED, Literal(support.hedged)),
    ]


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """What one document contributes to the graph.

    ``quads`` is the content of its named graph; ``statements`` maps each fact it
    states to ``(subject, predicate, object)`` nodes and ``readings`` to its evidence;
    ``entities`` are the nodes its facts and doses refer to (merged per identity).
    """

    doc_id: str
    graph: NamedNode
    quads: frozenset[Quad]
    statements: Mapping[NamedNode, tuple[NamedNode, NamedNode, NamedNode]]
    readings: Mapping[NamedNode, tuple[Evidence, ...]]
    entities: Mapping[NamedNode, Entity]


def _check_evidence(doc: Document, evidence: Evidence) -> None:
    if evidence.doc_id != doc.id:
        raise ValueError(
            f"evidence of document {doc.id!r} names another document {evidence.doc_id!r}"
        )
    if not 0 <= evidence.start <= evidence.end:
        raise ValueError(
            f"bad offsets {evidence.start}..{evidence.end} in document {doc.id!r} "
            f"(rule {evidence.rule!r})"
        )


def _evidence_quads(node: NamedNode, doc_node: NamedNode, ev: Evidence) -> list[Quad]:
    phrases = ((T.SUBJECT_TEXT, ev.subject_text), (T.OBJECT_TEXT, ev.object_text))
    return [
        *(Quad(node, prop, Literal(text)) for prop, text in phrases if text),
        Quad(node, T.TYPE, T.EVIDENCE),
        Quad(node, T.WAS_QUOTED_FROM, doc_node),
        Quad(node, T.SENTENCE, Literal(ev.sentence)),
        Quad(node, T.START, Literal(ev.start)),
        Quad(node, T.END, Literal(ev.end)),
        Quad(node, T.RULE, Literal(ev.rule)),
        Quad(node, T.NEGATED, Literal(ev.negated)),
        Quad(node, T.HEDGED, Literal(ev.hedged)),
        Quad(node, T.CONFIDENCE, double_literal(ev.confidence)),
    ]


def _document_quads(doc: Document, node: NamedNode) -> list[Quad]:
    quads = [
        Quad(node, T.TYPE, T.DOCUMENT),
        Quad(node, T.IDENTIFIER, Literal(doc.id)),
        Quad(node, T.FORMAT, Literal(doc.media_type)),
        Quad(node, T.TEXT_LENGTH, Literal(len(doc.text))),
    ]
    optional = ((T.TITLE, doc.title), (T.PATH, doc.source), (T.SHA256, doc.sha256))
    quads += [Quad(node, prop, Literal(value)) for prop, value in optional if value]
    return quads


def _dose_quads(dose: Dose, node: NamedNode, doc_node: NamedNode) -> list[Quad]:
    ev_node = evidence_iri(dose.evidence, node)
    quads = [
        Quad(node, T.TYPE, T.DOSE_RECORD),
        Quad(node, T.DOSE_OF, entity_iri(dose.drug)),
        Quad(node, T.AMOUNT, _decimal(dose.amount)),
        Quad(node, T.UNIT, Literal(dose.unit)),
        Quad(node, T.DOSE_KIND, Literal(dose.kind)),
        Quad(node, T.WAS_DERIVED_FROM, ev_node),
        *_evidence_quads(ev_node, doc_node, dose.evidence),
    ]
    if dose.frequency:
        quads.append(Quad(node, T.FREQUENCY, Literal(dose.frequency)))
    if dose.condition is not None:
        quads.append(Quad(node, T.FOR_CONDITION, entity_iri(dose.condition)))
    if dose.population is not None:
        quads.append(Quad(node, T.FOR_POPULATION, entity_iri(dose.population)))
    return quads


def document_graph(
    doc: Document, assertions: Iterable[Assertion] = (), doses: Iterable[Dose] = ()
) -> DocumentGraph:
    """The named graph of a document and the facts and entities it refers to.

    Negated assertions assert nothing and are skipped. Every piece of evidence must
    belong to ``doc``. Two doses with the same IRI (same span, drug, amount, unit and
    kind) are one record: the first wins.

    >>> from drugkg.model import EntityType, Predicate, Triple
    >>> doc = Document.from_text("d1", "Clonazepam treats seizures.")
    >>> ev = Evidence("d1", "Clonazepam treats seizures.", 0, 27, "treats.x", confidence=0.9)
    >>> t = Triple(Entity.make(EntityType.DRUG, "clonazepam"), Predicate.TREATS,
    ...            Entity.make(EntityType.CONDITION, "seizures"))
    >>> g = document_graph(doc, [Assertion(t, ev)])
    >>> g.graph.value, len(g.statements), len(g.quads), sorted(e.label for e in g.entities.values())
    ('https://w3id.org/drugkg/resource/graph/d1', 1, 15, ['clonazepam', 'seizures'])
    """
    doc_node = document_iri(doc.id)
    quads: set[Quad] = set()
    graph = graph_iri(doc.id)
    statements: dict[NamedNode, tuple[NamedNode, NamedNode, NamedNode]] = {}
    readings: dict[NamedNode, list[Evidence]] = {}
    seen_evidence: set[NamedNode] = set()
    entities: dict[NamedNode, list[Entity]] = {}

    def mention(entity: Entity) -> NamedNode:
        node = entity_iri(entity)
        entities.setdefault(node, []).append(entity)
        return node

    triples: list[Quad] = _document_quads(doc, doc_node)
    for assertion in assertions:
        canonical = assertion.canonical()  # A interacts_with B and B with A: one fact
        ev, triple = canonical.evidence, canonical.triple
        _check_evidence(doc, ev)
        if ev.negated:
            continue
        fact = fact_iri(triple)
        statements[fact] = (
            mention(triple.subject),
            T.PREDICATE_NODE[triple.predicate],
            mention(triple.object),
        )
        ev_node = evidence_iri(ev, fact)
        if ev_node not in seen_evidence:
            seen_evidence.add(ev_node)
            readings.setdefault(fact, []).append(ev)
        triples += _evidence_quads(ev_node, doc_node, ev)
        triples.append(Quad(fact, T.WAS_DERIVED_FROM, ev_node))
    seen_doses: set[NamedNode] = set()
    for dose in doses:
        _check_evidence(doc, dose.evidence)
        node = dose_iri(dose)
        if node in seen_doses:
            continue
        seen_doses.add(node)
        for entity in (dose.drug, dose.condition, dose.population):
            if entity is not None:
                mention(entity)
        triples += _dose_quads(dose, node, doc_node)
    quads = {Quad(q.subject, q.predicate, q.object, graph) for q in triples}
    return DocumentGraph(
        doc_id=doc.id,
        graph=graph,
        quads=frozenset(quads),
        statements=MappingProxyType(statements),
        readings=MappingProxyType({f: tuple(r) for f, r in readings.items()}),
        entities=MappingProxyType({n: merge_entities(es) for n, es in entities.items()}),
    )


def to_rdflib(term: Term | Triple | DefaultGraph) -> rdflib.term.Node:
    """The rdflib term of a pyoxigraph term (``xsd:string`` literals become plain).

    >>> to_rdflib(Literal("x")), to_rdflib(Literal(2))
    (rdflib.term.Literal('x'), rdflib.term.Literal('2', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))
    """
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, DefaultGraph):
        return DATASET_DEFAULT_GRAPH_ID
    if isinstance(term, Triple):
        raise TypeError(f"rdflib has no quoted triples: {term}")
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype in (T.XSD_STRING, T.RDF_LANG_STRING):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def from_rdflib(term: Any) -> Term:
    """The pyoxigraph term of an rdflib term.

    >>> from_rdflib(rdflib.Literal("x", lang="en"))
    <Literal value=x language=en>
    """
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype is not None:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def dataset_from_quads(quads: Iterable[Quad]) -> rdflib.Dataset:
    """An rdflib Dataset holding ``quads`` (default-graph quads in its default graph).

    >>> ds = dataset_from_quads([Quad(NamedNode("http://e/s"), T.TYPE, T.FACT)])
    >>> len(ds)
    1
    """
    dataset = rdflib.Dataset()
    for q in quads:
        if isinstance(q.subject, Triple) or isinstance(q.object, Triple):
            raise TypeError("quoted triples (RDF-star) are not supported")
        context = (
            dataset.default_graph
            if isinstance(q.graph_name, DefaultGraph)
            else dataset.graph(cast(rdflib.term.IdentifiedNode, to_rdflib(q.graph_name)))
        )
        context.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return dataset


def _graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    """The non-empty graphs of a dataset by name (``""`` for the default graph)."""
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = "" if g is None or g == DATASET_DEFAULT_GRAPH_ID else str(g)
        graphs.setdefault(name, rdflib.Graph()).add((s, p, o))
    return graphs


def datasets_isomorphic(a: rdflib.Dataset, b: rdflib.Dataset) -> bool:
    """Whether two datasets have the same graph names and isomorphic graphs.

    (``rdflib.compare.isomorphic`` compares graphs; this applies it graph by graph.)

    >>> datasets_isomorphic(rdflib.Dataset(), rdflib.Dataset())
    True
    """
    ga, gb = _graphs(a), _graphs(b)
    return ga.keys() == gb.keys() and all(isomorphic(ga[k], gb[k]) for k in ga)


def dataset_diff(a: rdflib.Dataset, b: rdflib.Dataset, *, limit: int = 40) -> str:
    """A readable difference of two datasets, graph by graph (``graph_diff``).

    >>> dataset_diff(rdflib.Dataset(), rdflib.Dataset())
    ''
    """
    ga, gb = _graphs(a), _graphs(b)
    lines: list[str] = []
    for name in sorted(ga.keys() | gb.keys()):
        _, only_a, only_b = graph_diff(
            to_isomorphic(ga.get(name, rdflib.Graph())), to_isomorphic(gb.get(name, rdflib.Graph()))
        )
        for sign, graph in (("-", only_a), ("+", only_b)):
            for triple in sorted(graph):
                lines.append(f"{sign} [{name or 'default'}] " + " ".join(t.n3() for t in triple))
    if len(lines) > limit:
        lines = [*lines[:limit], f"... and {len(lines) - limit} more differences"]
    return "\n".join(lines)


def used_prefixes(
    statements: Iterable[Triple | Quad], prefixes: Mapping[str, str] = ALL_PREFIXES
) -> dict[str, str]:
    """The ``prefixes`` that abbreviate some IRI or datatype in ``statements``.

    >>> q = Quad(NamedNode("https://w3id.org/drugkg/resource/drug/x"), T.TYPE, T.FACT)
    >>> sorted(used_prefixes([q]))
    ['dkg', 'drug', 'rdf']
    """
    iris: set[str] = set()
    for st in statements:
        terms: list[object] = [st.subject, st.predicate, st.object]
        if isinstance(st, Quad):
            terms.append(st.graph_name)
        for term in terms:
            if isinstance(term, NamedNode):
                iris.add(term.value)
            elif isinstance(term, Literal):
                iris.add(term.datatype.value)
    used = set()
    for iri in iris:
        matches = [(len(ns), p) for p, ns in prefixes.items() if iri.startswith(ns)]
        if matches:
            used.add(max(matches)[1])
    return {p: ns for p, ns in prefixes.items() if p in used}
