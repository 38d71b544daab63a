"""The store as a networkx graph: entities as nodes, facts as edges with their evidence.

:func:`to_networkx` reads a :class:`~drugkg.kg.store.GraphStore` into a
``networkx.MultiDiGraph``: one node per entity (keyed by its IRI) and one edge per
fact (keyed by its predicate), carrying the belief and every evidence sentence.
:func:`filter_graph` and :func:`neighbourhood` cut it down, :mod:`drugkg.kg.layout`
places it, and :func:`flat_graph` / :func:`edge_rows` give the plain attributes that
GraphML and CSV hold (for Gephi and Cytoscape).

>>> from drugkg.kg.store import GraphStore
>>> graph = to_networkx(GraphStore.memory())
>>> graph.number_of_nodes(), graph.number_of_edges()
(0, 0)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, cast
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox

from drugkg.kg import _terms as T
from drugkg.kg.iri import doc_id_from_iri
from drugkg.kg.store import GraphStore
from drugkg.kg.vocab import DKGR, XREF_IRI
from drugkg.model import Evidence, Predicate, Quote, entity_key
from drugkg.xrefs import XREFS

__all__ = [
    "EDGE_COLUMNS",
    "DoseInfo",
    "edge_rows",
    "filter_graph",
    "find_nodes",
    "flat_graph",
    "neighbourhood",
    "short_id",
    "to_networkx",
    "xref_url",
]

Position = tuple[float, float]


@dataclass(frozen=True, slots=True)
class DoseInfo:
    """One dose record of a drug (amount, unit, kind, and what it is for)."""

    amount: float
    unit: str
    kind: str
    frequency: str
    condition: str
    population: str
    doc_id: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def xref_url(prefix: str, value: str) -> str | None:
    """The public page of an external id, or None for an unknown prefix.

    >>> xref_url("drugbank", "DB01068")
    'https://go.drugbank.com/drugs/DB01068'
    >>> xref_url("mesh", "D00/../x") is None, xref_url("nope", "1")
    (False, None)
    """
    pattern = XREF_IRI.get(prefix)
    return pattern.format(quote(value, safe="")) if pattern else None


# -- from the store ------------------------------------------------------------------

_ENTITIES = """SELECT ?e ?type ?label WHERE { ?e a ?type ; rdfs:label ?label }"""
_SYNONYMS = """SELECT ?e ?alt WHERE { ?e skos:altLabel ?alt }"""
_XREFS = (
    "SELECT ?e ?p ?id WHERE { VALUES ?p { "
    + " ".join(f"dkg:{prefix}" for prefix in XREFS)
    + " } ?e ?p ?id }"
)
_FACTS = """SELECT ?f ?s ?p ?o ?c ?n ?k ?h WHERE {
  ?f a dkg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     dkg:confidence ?c ; dkg:supportCount ?n ; dkg:evidenceCount ?k ; dkg:hedged ?h }"""
_DOCUMENTS = """SELECT ?g ?id ?title ?path WHERE { GRAPH ?g {
  ?d a dkg:Document ; dcterms:identifier ?id .
  OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dkg:path ?path } } }"""
_EVIDENCE = """SELECT ?f ?g ?sentence ?start ?end ?rule ?hedged ?c WHERE { GRAPH ?g {
  ?f prov:wasDerivedFrom ?e .
  ?e a dkg:Evidence ; dkg:sentence ?sentence ; dkg:start ?start ; dkg:end ?end ;
     dkg:rule ?rule ; dkg:hedged ?hedged ; dkg:confidence ?c } }"""
_DOSES = """SELECT ?drug ?g ?amount ?unit ?kind ?freq ?cond ?pop ?sentence WHERE { GRAPH ?g {
  ?x a dkg:DoseRecord ; dkg:doseOf ?drug ; dkg:amount ?amount ; dkg:unit ?unit .
  OPTIONAL { ?x dkg:doseKind ?kind } OPTIONAL { ?x dkg:frequency ?freq }
  OPTIONAL { ?x dkg:forCondition ?cond } OPTIONAL { ?x dkg:forPopulation ?pop }
  OPTIONAL { ?x prov:wasDerivedFrom/dkg:sentence ?sentence } } }"""


def _value(row: Mapping[str, Any], name: str, default: str = "") -> str:
    term = row.get(name)
    return str(term.value) if term is not None else default


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Every entity as a node and every fact as an edge, in a stable order.

    Node keys are entity IRIs, with attributes ``label``, ``type`` (``Drug``,
    ``Condition``...), ``synonyms``, ``xrefs`` (``{"drugbank": "DB01068"}``) and
    ``doses`` (:class:`DoseInfo`). Edge keys are predicate names, with attributes
    ``predicate``, ``fact`` (the IRI of its statement node), ``confidence``,
    ``support`` (documents), ``evidence_count``, ``hedged`` and ``evidence``
    (:class:`Quote`, sorted by document and offset).
    """
    graph = nx.MultiDiGraph()
    synonyms: dict[str, list[str]] = defaultdict(list)
    for row in store.query(_SYNONYMS).solutions():
        synonyms[_value(row, "e")].append(_value(row, "alt"))
    xrefs: dict[str, dict[str, str]] = defaultdict(dict)
    prefix_of = {node.value: prefix for prefix, node in T.XREF_PROPERTY.items()}
    for row in store.query(_XREFS).solutions():
        xrefs[_value(row, "e")][prefix_of[_value(row, "p")]] = _value(row, "id")
    documents = {
        _value(row, "g"): (_value(row, "id"), _value(row, "title"), _value(row, "path"))
        for row in store.query(_DOCUMENTS).solutions()
    }
    entities = []
    for row in store.query(_ENTITIES).solutions():
        entity_type = T.NODE_TYPE.get(cast(ox.NamedNode, row["type"]))
        if entity_type is not None:
            entities.append((_value(row, "e"), entity_type, _value(row, "label")))
    labels = {iri: label for iri, _, label in entities}
    doses: dict[str, list[DoseInfo]] = defaultdict(list)
    for row in store.query(_DOSES).solutions():
        doses[_value(row, "drug")].append(
            DoseInfo(
                amount=float(_value(row, "amount", "0")),
                unit=_value(row, "unit"),
                kind=_value(row, "kind"),
                frequency=_value(row, "freq"),
                condition=labels.get(_value(row, "cond"), ""),
                population=labels.get(_value(row, "pop"), ""),
                doc_id=documents.get(_value(row, "g"), ("",))[0]
                or doc_id_from_iri(ox.NamedNode(_value(row, "g"))),
                sentence=" ".join(_value(row, "sentence").split()),
            )
        )

    for iri, entity_type, label in sorted(entities):
        if iri in graph:  # two labels (never written by drugkg): keep the first
            continue
        graph.add_node(
            iri,
            label=label,
            type=entity_type.value,
            synonyms=tuple(sorted(set(synonyms.get(iri, ())))),
            xrefs=dict(sorted(xrefs.get(iri, {}).items())),
            doses=tuple(sorted(set(doses.get(iri, ())), key=_dose_order)),
        )

    quotes: dict[str, list[Quote]] = defaultdict(list)
    for row in store.query(_EVIDENCE).solutions():
        graph_name = _value(row, "g")
        doc_id, title, path = documents.get(
            graph_name, (doc_id_from_iri(ox.NamedNode(graph_name)), "", "")
        )
        quotes[_value(row, "f")].append(
            Quote(
                Evidence(
                    doc_id=doc_id,
                    sentence=" ".join(_value(row, "sentence").split()),
                    start=int(_value(row, "start", "0")),
                    end=int(_value(row, "end", "0")),
                    rule=_value(row, "rule"),
                    hedged=_value(row, "hedged") == "true",
                    confidence=float(_value(row, "c", "0")),
                ),
                title=title,
                path=path,
            )
        )
    facts = []
    for row in store.query(_FACTS).solutions():
        predicate = T.NODE_PREDICATE.get(cast(ox.NamedNode, row["p"]))
        s, o = _value(row, "s"), _value(row, "o")
        if predicate is None or s not in graph or o not in graph:
            continue
        facts.append((s, predicate.value, o, row))
    for s, predicate_name, o, row in sorted(facts, key=lambda f: f[:3]):
        fact = _value(row, "f")
        graph.add_edge(
            s,
            o,
            key=predicate_name,
            predicate=predicate_name,
            fact=fact,
            confidence=float(_value(row, "c", "0")),
            support=int(_value(row, "n", "0")),
            evidence_count=int(_value(row, "k", "0")),
            hedged=_value(row, "h") == "true",
            evidence=tuple(sorted(set(quotes.get(fact, ())), key=_quote_order)),
        )
    return graph


def _quote_order(q: Quote) -> tuple[Any, ...]:
    return (q.doc_id, q.start, q.end, q.rule)


def _dose_order(d: DoseInfo) -> tuple[Any, ...]:
    return (d.doc_id, d.kind, d.condition, d.population, d.amount, d.unit, d.frequency)


# -- cutting it down -----------------------------------------------------------------


def _predicates(names: Iterable[str | Predicate]) -> set[str]:
    valid = {p.value for p in Predicate}
    wanted = set()
    for name in names:
        value = name.value if isinstance(name, Predicate) else name.removeprefix("dkg:")
        if value not in valid:
            raise ValueError(f"unknown predicate {name!r}; valid: {', '.join(sorted(valid))}")
        wanted.add(value)
    return wanted


def filter_graph(
    graph: nx.MultiDiGraph,
    *,
    predicates: Collection[str | Predicate] = (),
    min_confidence: float = 0.0,
) -> nx.MultiDiGraph:
    """A copy keeping the facts of ``predicates`` (all if empty) with enough confidence.

    When anything is filtered out, nodes left without a fact are dropped too.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="treats", predicate="treats", confidence=0.9)
    'treats'
    >>> g.add_edge("a", "c", key="has_risk", predicate="has_risk", confidence=0.5)
    'has_risk'
    >>> sorted(filter_graph(g, predicates=["treats"]).nodes)
    ['a', 'b']
    >>> sorted(filter_graph(g, min_confidence=0.6).edges(keys=True))
    [('a', 'b', 'treats')]
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence}")
    wanted = _predicates(predicates) if predicates else None
    if wanted is None and min_confidence <= 0.0:
        return graph.copy()
    kept = graph.__class__()
    kept.graph.update(graph.graph)
    for s, o, key, data in graph.edges(keys=True, data=True):
        if wanted is not None and data.get("predicate") not in wanted:
            continue
        if float(data.get("confidence", 1.0)) < min_confidence:
            continue
        for node in (s, o):
            if node not in kept:
                kept.add_node(node, **graph.nodes[node])
        kept.add_edge(s, o, key=key, **data)
    return kept


def find_nodes(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """The nodes a name means: by label, synonym or key (case-insensitive), or by IRI.

    A brand name also finds its drugs.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d", label="clonazepam", synonyms=("Klonopin",))
    >>> g.add_node("b", label="Klonopin", type="BrandName")
    >>> g.add_edge("d", "b", key="has_brand_name", predicate="has_brand_name")
    'has_brand_name'
    >>> find_nodes(g, "KLONOPIN"), find_nodes(g, "Clonazepams"), find_nodes(g, "x")
    (['b', 'd'], ['d'], [])
    """
    if name in graph:
        return [name]
    wanted = name.strip().lower()
    key = entity_key(name)
    found = set()
    for node, data in graph.nodes(data=True):
        labels = [data.get("label", ""), *data.get("synonyms", ())]
        if any(label.lower() == wanted or entity_key(label) == key for label in labels):
            found.add(node)
    for node in list(found):
        for s, _, p in graph.in_edges(node, keys=True):
            if p == Predicate.HAS_BRAND_NAME.value:
                found.add(s)
    return sorted(found)


def neighbourhood(
    graph: nx.MultiDiGraph,
    names: Iterable[str],
    depth: int = 1,
    *,
    limit: int | None = None,
    page: int = 1,
) -> nx.MultiDiGraph:
    """The nodes within ``depth`` facts of the named ones (either direction), and their facts.

    With a ``limit``, the named nodes and at most ``limit`` others are kept: nearest
    first, then those with the best-supported fact to a nearer node; ``page`` 2 holds
    the next ``limit``, and so on. The result's ``graph.graph`` says ``names`` (as
    given, for the page's title), and with a limit ``near`` (how many other nodes are
    within ``depth``), ``page`` and ``limit``.

    Raises ``ValueError`` for a name that matches no node.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("d", "c")])
    >>> for n in g:
    ...     g.nodes[n]["label"] = n
    >>> sorted(neighbourhood(g, ["a"], depth=1)), sorted(neighbourhood(g, ["a"], depth=2))
    (['a', 'b'], ['a', 'b', 'c'])
    >>> _ = g.add_edge("c", "e", support=5)
    >>> sub = neighbourhood(g, ["c"], limit=2)
    >>> sorted(sub), sub.graph["near"], sorted(neighbourhood(g, ["c"], limit=2, page=2))
    (['b', 'c', 'e'], 3, ['c', 'd'])
    """
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, got {depth}")
    names = list(names)
    seeds: set[str] = set()
    for name in names:
        found = find_nodes(graph, name)
        if not found:
            raise ValueError(f"no node named {name!r} in the graph")
        seeds.update(found)
    undirected = graph.to_undirected(as_view=True)
    distance: dict[str, int] = {}
    for seed in seeds:
        reached = nx.single_source_shortest_path_length(undirected, seed, cutoff=depth)
        for node, steps in reached.items():
            distance[node] = min(steps, distance.get(node, steps))
    if limit is None:
        whole = cast(nx.MultiDiGraph, graph.subgraph(sorted(distance)).copy())
        whole.graph["names"] = list(names)
        return whole
    if limit < 1 or page < 1:
        raise ValueError(f"the limit and the page must be 1 or more, got {limit} and {page}")
    support: dict[str, float] = {}
    for u, v, data in graph.subgraph(distance).edges(data=True):
        weight = float(data.get("support") or 0)
        for near, far in ((u, v), (v, u)):
            if distance[near] < distance[far]:
                support[far] = max(weight, support.get(far, 0.0))
    others = sorted(
        (n for n in distance if n not in seeds),
        key=lambda n: (distance[n], -support.get(n, 0.0), str(n)),
    )
    chosen = others[(page - 1) * limit : page * limit]
    sub = cast(nx.MultiDiGraph, graph.subgraph(sorted({*seeds, *chosen}, key=str)).copy())
    sub.graph.update(names=list(names), near=len(others), page=page, limit=limit)
    return sub


# -- flat attributes for GraphML and CSV ----------------------------------------------


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    r"""``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD.

    >>> _xml_text("a\x00b\x0cc\td") == "a\ufffdb\ufffdc\td"
    True
    """
    return _NOT_XML.sub("\ufffd", text)


def _documents(evidence: Iterable[Quote]) -> str:
    return "; ".join(sorted({q.doc_id for q in evidence}))


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are plain strings, numbers and booleans (what GraphML holds).

    Nodes keep ``label``, ``type``, ``iri``, ``synonyms`` (joined by ``|``) and one
    ``xref_<prefix>`` per external id; edges keep ``label`` (the predicate), ``weight``
    (the support), the belief, ``documents`` and the evidence ``sentences``
    (joined by ``||``). Characters that XML cannot hold become U+FFFD.
    """
    flat = nx.MultiDiGraph()
    text = _xml_text
    for node, data in graph.nodes(data=True):
        attrs: dict[str, Any] = {
            "label": text(data.get("label", str(node))),
            "type": data.get("type", ""),
            "iri": str(node),
            "synonyms": text("|".join(data.get("synonyms", ()))),
        }
        for prefix, value in data.get("xrefs", {}).items():
            attrs[f"xref_{prefix}"] = text(value)
        flat.add_node(text(str(node)), **attrs)
    for s, o, key, data in graph.edges(keys=True, data=True):
        evidence = data.get("evidence", ())
        flat.add_edge(
            text(str(s)),
            text(str(o)),
            key=str(key),
            label=data.get("predicate", str(key)),
            predicate=data.get("predicate", str(key)),
            weight=int(data.get("support", 1)),
            confidence=float(data.get("confidence", 0.0)),
            support=int(data.get("support", 0)),
            evidence_count=int(data.get("evidence_count", len(evidence))),
            hedged=bool(data.get("hedged", False)),
            fact=data.get("fact", ""),
            documents=text(_documents(evidence)),
            sentences=text(" || ".join(q.sentence for q in evidence)),
        )
    return flat


EDGE_COLUMNS = (
    "source", "source_label", "source_type", "predicate", "target", "target_label",
    "target_type", "confidence", "support", "evidence_count", "hedged", "documents", "fact",
)  # fmt: skip


def edge_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One row per fact for a CSV edge list (columns :data:`EDGE_COLUMNS`)."""
    for s, o, key, data in graph.edges(keys=True, data=True):
        source, target = graph.nodes[s], graph.nodes[o]
        yield {
            "source": str(s),
            "source_label": source.get("label", str(s)),
            "source_type": source.get("type", ""),
            "predicate": data.get("predicate", str(key)),
            "target": str(o),
            "target_label": target.get("label", str(o)),
            "target_type": target.get("type", ""),
            "confidence": round(float(data.get("confidence", 0.0)), 4),
            "support": int(data.get("support", 0)),
            "evidence_count": int(data.get("evidence_count", 0)),
            "hedged": int(bool(data.get("hedged", False))),
            "documents": _documents(data.get("evidence", ())),
            "fact": data.get("fact", ""),
        }


def short_id(iri: str) -> str:
    """An entity IRI without the resource namespace: ``drug/clonazepam``.

    >>> short_id("https://w3id.org/drugkg/resource/drug/clonazepam")
    'drug/clonazepam'
    """
    return iri.removeprefix(str(DKGR))
