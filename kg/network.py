"""The store as a networkx graph: entities as nodes, facts as edges with their evidence.

:func:`to_networkx` reads a :class:`~drugkg.kg.store.GraphStore` into a
``networkx.MultiDiGraph``: one node per entity (keyed by its IRI) and one edge per
fact (keyed by its predicate), carrying the belief and every evidence sentence.
:func:`filter_graph` and :func:`neighbourhood` cut it down, :func:`layout` places
it, and :func:`flat_graph` / :func:`edge_rows` give the plain attributes that
GraphML and CSV hold (for Gephi and Cytoscape).

>>> from drugkg.kg.store import GraphStore
>>> graph = to_networkx(GraphStore.memory())
>>> graph.number_of_nodes(), graph.number_of_edges()
(0, 0)
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, cast
from urllib.parse import quote

import networkx as nx
import numpy as np
import pyoxigraph as ox
from drugkg.kg import _terms as T
from drugkg.kg.iri import doc_id_from_iri
from drugkg.kg.store import GraphStore
from drugkg.kg.vocab import DKGR, XREF_IRI

from drugkg.model import Predicate, entity_key

__all__ = [
    "EDGE_COLUMNS",
    "DoseInfo",
    "Quote",
    "edge_rows",
    "filter_graph",
    "find_nodes",
    "flat_graph",
    "layout",
    "neighbourhood",
    "short_id",
    "to_networkx",
    "xref_url",
]

Position = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Quote:
    """One evidence sentence of a fact, with the document it comes from."""

    doc_id: str
    title: str
    path: str
    sentence: str
    start: int
    end: int
    rule: str
    hedged: bool
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
_XREFS = """SELECT ?e ?p ?id WHERE {
  VALUES ?p { dkg:drugbank dkg:mesh dkg:rxnorm dkg:chebi dkg:medlineplus dkg:umls dkg:wikidata }
  ?e ?p ?id }"""
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
                doc_id=doc_id,
                title=title,
                path=path,
                sentence=" ".join(_value(row, "sentence").split()),
                start=int(_value(row, "start", "0")),
                end=int(_value(row, "end", "0")),
                rule=_value(row, "rule"),
                hedged=_value(row, "hedged") == "true",
                confidence=float(_value(row, "c", "0")),
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
    the next ``limit``, and so on. The result's ``graph.graph`` says ``near`` (how many
    other nodes are within ``depth``), ``page`` and ``limit``.

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
        return cast(nx.MultiDiGraph, graph.subgraph(sorted(distance)).copy())
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
    sub.graph.update(near=len(others), page=page, limit=limit)
    return sub


# -- layout ------------------------------------------------------------------------

_DEFAULT_BOX = (0.5, 0.5)


def layout(
    graph: nx.Graph,
    *,
    sizes: Mapping[Any, tuple[float, float]] | None = None,
    seed: int = 0,
    iterations: int | None = None,
    aspect: float = 1.5,
) -> dict[Any, Position]:
    """Positions for every node, edges about one unit long, no two nodes' boxes overlapping.

    ``sizes`` gives each node's box (width, height) in the same units, e.g. its label
    (default half a unit square). Each connected component is laid out by a
    force-directed simulation (Fruchterman-Reingold attraction, ForceAtlas2's
    degree-weighted repulsion), whose repulsion is exact for
    small components and approximated on a grid for large ones (so several thousand
    nodes take seconds), turned to lie wide, and freed of overlapping boxes; the
    components, then the isolated nodes, are packed into a rectangle about
    ``aspect`` times as wide as high, largest first.

    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos), all(isinstance(x, float) for xy in pos.values() for x in xy)
    ([0, 1, 2], True)
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    boxes = sizes or {}
    rng = np.random.default_rng(seed)
    isolated = sorted((n for n in simple if simple.degree(n) == 0), key=str)
    parts = [sorted(c, key=str) for c in nx.connected_components(simple) if len(c) > 1]
    parts.sort(key=lambda c: (-len(c), str(c[0])))
    blocks: list[tuple[list[Any], np.ndarray, np.ndarray]] = []
    for nodes in parts:
        index = {n: i for i, n in enumerate(nodes)}
        edges = np.array(
            [(index[u], index[v]) for u, v in simple.subgraph(nodes).edges()], dtype=np.int64
        ).reshape(-1, 2)
        half = np.array([boxes.get(n, _DEFAULT_BOX) for n in nodes], dtype=float) / 2
        xy = _lie_wide(_force_layout(len(nodes), edges, rng, iterations))
        blocks.append((nodes, _spread(xy, half), half))
    for node in isolated:  # one block each, so that they fill the gaps between components
        half = np.array([boxes.get(node, _DEFAULT_BOX)], dtype=float) / 2
        blocks.append(([node], np.zeros((1, 2)), half))
    return _pack(blocks, aspect)


def _force_layout(
    n: int, edges: np.ndarray, rng: np.random.Generator, iterations: int | None
) -> np.ndarray:
    """A force-directed layout in numpy, edges about one unit long.

    Attraction along edges grows with the square of their length (Fruchterman-Reingold);
    repulsion between every two nodes weighs by their degrees (ForceAtlas2), so that
    hubs keep apart and each keeps its own leaves around it.
    """
    if n <= 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]][:n])
    steps = iterations or int(np.clip(60_000 / n, 100, 400))
    radius = math.sqrt(n)
    # start on a spiral in breadth-first order: neighbours start close, the disc is evenly
    # filled (points one unit apart along an Archimedean spiral), and there are few twists
    order = list(nx.bfs_tree(nx.Graph(edges.tolist()), 0))
    theta = np.empty(n)
    theta[order] = np.sqrt(4 * np.pi * np.arange(1, n + 1))
    pos = np.c_[np.cos(theta), np.sin(theta)] * (theta / (2 * np.pi))[:, None]
    pos += rng.normal(scale=0.05, size=(n, 2))
    mass = np.bincount(edges.ravel(), minlength=n) + 1.0
    repulsion = _grid_repulsion if n > _EXACT_UP_TO else _exact_repulsion
    for step in range(steps):
        disp = repulsion(pos, mass) * _REPULSION
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        pull = delta * np.sqrt((delta**2).sum(axis=1))[:, None]  # |f| = d^2
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(edges[:, 0], pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(edges[:, 1], pull[:, axis], minlength=n)
        disp -= (pos - pos.mean(axis=0)) * mass[:, None] * 0.02  # gravity keeps it round
        disp /= mass[:, None]  # hubs move slowly
        length = np.sqrt((disp**2).sum(axis=1)) + 1e-9
        temperature = radius * 0.2 * (1 - step / steps) + 0.02
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
    return pos


#: Components up to this size get exact repulsion, larger ones the grid approximation.
_EXACT_UP_TO = 400
#: The strength of repulsion against attraction: lower packs nodes tighter.
_REPULSION = 0.1


def _exact_repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Every two points push apart with force ``mass_a * mass_b / d``."""
    dx = pos[:, 0, None] - pos[None, :, 0]
    dy = pos[:, 1, None] - pos[None, :, 1]
    weight = mass[:, None] * mass[None, :] / (dx * dx + dy * dy + 1e-4)
    np.fill_diagonal(weight, 0.0)
    return np.c_[(dx * weight).sum(axis=1), (dy * weight).sum(axis=1)]


def _grid_repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """The repulsion of :func:`_exact_repulsion` in about O(n^1.5).

    Points in the same or adjacent grid cells push exactly; farther cells push as
    one body from their centre of mass (a one-level Barnes-Hut approximation). The
    cells hold about ``sqrt(n) / 2`` points each, which balances the two parts' cost.
    """
    n = len(pos)
    extent = pos.max(axis=0) - pos.min(axis=0)
    cell = max(0.5, math.sqrt(float(extent[0] * extent[1]) / (2 * math.sqrt(n))))
    for _ in range(2):  # aim at about 0.5 * sqrt(n) points in each occupied cell
        key, width = _cell_keys(pos, cell)
        occupancy = n / len(np.unique(key))
        cell = max(0.5, cell * math.sqrt(0.5 * math.sqrt(n) / occupancy))
    key, width = _cell_keys(pos, cell)
    disp = np.zeros_like(pos)
    i, j = _pairs_in_cells(key, width)
    delta = pos[i] - pos[j]
    push = delta * (mass[i] * mass[j] / ((delta**2).sum(axis=1) + 1e-4))[:, None]
    for axis in (0, 1):
        disp[:, axis] += np.bincount(i, push[:, axis], minlength=len(pos))
        disp[:, axis] -= np.bincount(j, push[:, axis], minlength=len(pos))
    unique, inverse = np.unique(key, return_inverse=True)
    cell_mass = np.bincount(inverse, mass)
    centre = np.c_[np.bincount(inverse, pos[:, 0] * mass), np.bincount(inverse, pos[:, 1] * mass)]
    centre /= cell_mass[:, None]
    column, row = unique // width, unique % width
    for start in range(0, len(pos), 1024):
        chunk = slice(start, start + 1024)
        dx = pos[chunk, 0, None] - centre[None, :, 0]
        dy = pos[chunk, 1, None] - centre[None, :, 1]
        near = (np.abs((key[chunk] // width)[:, None] - column[None, :]) <= 1) & (
            np.abs((key[chunk] % width)[:, None] - row[None, :]) <= 1
        )
        weight = np.where(near, 0.0, cell_mass[None, :] / (dx * dx + dy * dy + 1e-4))
        weight *= mass[chunk, None]
        disp[chunk, 0] += (dx * weight).sum(axis=1)
        disp[chunk, 1] += (dy * weight).sum(axis=1)
    return disp


def _cell_keys(pos: np.ndarray, cell: float) -> tuple[np.ndarray, int]:
    """One integer per point naming its grid cell, and the row stride of the keys."""
    cells = np.floor((pos - pos.min(axis=0)) / cell).astype(np.int64)
    width = int(cells[:, 1].max()) + 3
    return (cells[:, 0] + 1) * width + (cells[:, 1] + 1), width


def _pairs_in_cells(key: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (each once) of points in the same or adjacent grid cells."""
    order = np.argsort(key, kind="stable")
    unique, first, counts = np.unique(key[order], return_index=True, return_counts=True)
    found_i, found_j = [], []
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        wanted = key + dx * width + dy
        slot = np.clip(np.searchsorted(unique, wanted), 0, len(unique) - 1)
        points = np.flatnonzero(unique[slot] == wanted)
        size = counts[slot[points]]
        offset = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size)
        i = np.repeat(points, size)
        j = order[np.repeat(first[slot[points]], size) + offset]
        if dx == 0 and dy == 0:
            i, j = i[i < j], j[i < j]
        found_i.append(i)
        found_j.append(j)
    return np.concatenate(found_i), np.concatenate(found_j)


def _lie_wide(pos: np.ndarray) -> np.ndarray:
    """The points turned so that their longest extent is horizontal."""
    centred = pos - pos.mean(axis=0)
    if len(pos) < 3:
        return centred
    _, vectors = np.linalg.eigh(np.cov(centred.T))
    return centred @ vectors[:, ::-1]


def _spread(pos: np.ndarray, half: np.ndarray, rounds: int = 300) -> np.ndarray:
    """Move boxes (centres ``pos``, half sizes ``half``) apart until none overlap.

    Each overlapping pair moves apart along the line between their centres, just
    far enough for their boxes (with a small margin) to touch.
    """
    pos = pos.copy()
    margin = 0.06
    cell = float(2 * half.max() + margin)
    for _ in range(rounds):
        key, width = _cell_keys(pos, cell)
        i, j = _pairs_in_cells(key, width)
        reach = half[i] + half[j] + margin
        u = (pos[i] - pos[j]) / reach  # in box units: overlapping while both |u| < 1
        norm = np.abs(u).max(axis=1)
        hit = norm < 1
        if not hit.any():
            break
        i, j, u, norm, reach = i[hit], j[hit], u[hit], norm[hit], reach[hit]
        same = norm < 1e-6  # on top of each other: part them diagonally, by index
        u[same] = np.c_[np.where(i[same] < j[same], 0.01, -0.01), np.full(same.sum(), 0.01)]
        norm[same] = 0.01
        push = (u / norm[:, None] - u) * reach * 0.5
        move = np.zeros_like(pos)
        for axis in (0, 1):
            move[:, axis] += np.bincount(i, push[:, axis], minlength=len(pos))
            move[:, axis] -= np.bincount(j, push[:, axis], minlength=len(pos))
        pos += move
    return pos


def _pack(
    blocks: list[tuple[list[Any], np.ndarray, np.ndarray]], aspect: float
) -> dict[Any, Position]:
    """Blocks placed in rows of columns, in order, in the most compact ``aspect`` rectangle."""
    gap = 1.0
    placed = []
    for nodes, xy, half in blocks:
        low = (xy - half).min(axis=0)
        high = (xy + half).max(axis=0)
        placed.append((nodes, xy - low, high - low))
    if not placed:
        return {}
    widest = max(size[0] for _, _, size in placed)
    total = sum(size[0] + gap for _, _, size in placed)
    best: tuple[float, list[tuple[float, float]]] | None = None
    for width in np.linspace(widest, max(widest, total), 24):
        corners, (w, h) = _shelves([size for _, _, size in placed], float(width), gap)
        score = max(w / aspect, h)
        if best is None or score < best[0] - 1e-9:
            best = (score, corners)
    assert best is not None
    out: dict[Any, Position] = {}
    for (nodes, xy, _), (x, y) in zip(placed, best[1], strict=True):
        for node, (px, py) in zip(nodes, xy, strict=True):
            out[node] = (float(px + x), float(py + y))
    return out


def _shelves(
    sizes: list[np.ndarray], width: float, gap: float
) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Corners for boxes in rows no wider than ``width``; a row's first box sets its
    height, and later boxes stack in columns within it. Returns corners and extent."""
    corners: list[tuple[float, float]] = []
    row_y = row_height = column_x = column_y = column_width = 0.0
    extent_w = extent_h = 0.0
    for w, h in sizes:
        if not corners:
            row_height = h
        elif column_y > 0 and column_y + h <= row_height:
            pass  # stack below in the current column
        elif column_x + column_width + gap + w <= width:
            column_x, column_y, column_width = column_x + column_width + gap, 0.0, 0.0
        else:
            row_y, row_height = row_y + row_height + gap, h
            column_x = column_y = column_width = 0.0
        corners.append((column_x, row_y + column_y))
        column_y += h + gap
        column_width = max(column_width, w)
        extent_w = max(extent_w, column_x + w)
        extent_h = max(extent_h, row_y + max(row_height, column_y - gap))
    return corners, (extent_w, extent_h)


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
