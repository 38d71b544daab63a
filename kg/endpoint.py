"""The SPARQL 1.1 Protocol without the web server: content negotiation and limited query runs.

:func:`negotiate` picks the result formats from an ``Accept`` header (or a ``format``
parameter); :func:`run_query`, :func:`run_update` and :func:`graph_page` are the jobs
that the server's worker processes run against a store (``kg/server.py``), each
returning a :class:`Reply` (status, media type, body). A query stops reading results at
``max_rows`` rows (or triples), and the reply says it was cut.

>>> negotiate("application/sparql-results+xml, text/turtle;q=0.5")
('xml', 'turtle')
>>> with GraphStore.memory() as store:
...     reply = run_query(store, QueryJob("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }",
...                                       results_format="csv", max_rows=2))
>>> reply.status, reply.media_type, reply.body, reply.truncated
(200, 'text/csv', b'x\\r\\n1\\r\\n2\\r\\n', True)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, cast

import pyoxigraph as ox

from drugkg.kg._outbound import forbidden
from drugkg.kg._safe_text import xml_safe
from drugkg.kg._sparql import calls_out, readable
from drugkg.kg.formats import (
    GRAPH_FORMATS,
    GRAPH_MEDIA_TYPES,
    RESULT_FORMATS,
    RESULT_MEDIA_TYPES,
    aliases,
)
from drugkg.kg.rdf import used_prefixes
from drugkg.kg.results import QUERY_PREFIXES
from drugkg.kg.store import GraphStore
from drugkg.kg.vocab import DKGR

__all__ = [
    "GRAPH_MEDIA_TYPES",
    "RESULT_MEDIA_TYPES",
    "QueryJob",
    "Reply",
    "entity_terms",
    "graph_page",
    "labels",
    "negotiate",
    "ping",
    "readable",
    "run_query",
    "run_update",
]

# Media types (and the names clients put in a ``format`` parameter) -> format names.
_RESULT_ALIASES = aliases("results")
_GRAPH_ALIASES = aliases("graph")
_WILDCARDS = ("*/*", "application/*", "text/*")


def _accepted(accept: str) -> list[str]:
    """The media types of an ``Accept`` header, most wanted first (``q=0`` left out)."""
    items = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            items.append((-quality, position, media.lower()))
    return [media for *_, media in sorted(items)]


def negotiate(accept: str | None, formats: Sequence[str] = ()) -> tuple[str, str]:
    """The results format and the graph format to answer with.

    A known name or media type in ``formats`` (the request's ``format`` parameters)
    wins; then the ``Accept`` header decides; JSON and Turtle are the defaults.

    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    ('xml', 'xml')
    >>> negotiate("*/*", ["tsv", "text/tab-separated-values"]), negotiate(None, ["json"])
    (('tsv', 'turtle'), ('json', 'jsonld'))
    """
    results: str | None = None
    graph: str | None = None
    for value in formats:
        key = value.strip().lower()
        results = results or _RESULT_ALIASES.get(key)
        graph = graph or _GRAPH_ALIASES.get(key)
    for media in _accepted(accept or ""):
        if results is None and (media in _RESULT_ALIASES or media in _WILDCARDS):
            results = _RESULT_ALIASES.get(media, "json")
        if graph is None and (media in _GRAPH_ALIASES or media in _WILDCARDS):
            graph = _GRAPH_ALIASES.get(media, "turtle")
    return results or "json", graph or "turtle"


def format_names(values: Iterable[str]) -> list[str]:
    """The values of ``format`` that name a format (others are ignored, as other servers do)."""
    return [v for v in values if v.strip().lower() in _RESULT_ALIASES | _GRAPH_ALIASES]


@dataclass(frozen=True, slots=True)
class Reply:
    """What a job answers: an HTTP status, a media type and a body."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One query to run: its text, bound values, dataset, formats and row limit.

    ``bindings`` are ``(variable, value)`` pairs (strings and integers), bound as RDF
    literals by the engine, never written into ``query``. ``SERVICE`` is refused unless
    ``allow_outbound``. The ``hidden`` variables are left out of SELECT results (a named
    query's parameters and internal keys).
    """

    query: str
    bindings: tuple[tuple[str, str | int], ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_format: str = "json"
    graph_format: str = "turtle"
    max_rows: int = 10_000
    allow_outbound: bool = False
    hidden: tuple[str, ...] = ()


def _term_json(term: Any) -> dict[str, Any]:
    """A term in W3C SPARQL results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")  # pragma: no cover


def results_json(variables: Sequence[str], rows: Iterable[ox.QuerySolution]) -> bytes:
    """SELECT solutions as W3C SPARQL results JSON.

    >>> with GraphStore.memory() as store:
    ...     result = store.oxigraph.query('SELECT ?x WHERE { VALUES ?x { "a"@en } }')
    ...     results_json(["x"], result)
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"a","xml:lang":"en"}}]}}'
    """
    bindings = []
    for row in rows:
        bindings.append({v: _term_json(row[v]) for v in variables if row[v] is not None})
    payload = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _limit_headers(job: QueryJob, truncated: bool) -> dict[str, str]:
    if not truncated:
        return {}
    return {"X-Drugkg-Truncated": "true", "X-Drugkg-Row-Limit": str(job.max_rows)}


def _outbound_refusal(text: str, *, update: bool, allowed: bool) -> Reply | None:
    """A 400 reply if ``text`` would make the engine fetch from another server (``SERVICE``,
    ``LOAD``) and that is not ``allowed``; a text the parser cannot read is let through
    only where this process cannot open connections (``kg/_outbound.py``)."""
    if allowed:
        return None
    found = calls_out(text, update=update)
    if found is None and not forbidden():
        return Reply.error(
            400,
            "this request cannot be checked for SERVICE and LOAD, so it is refused "
            "(write it in standard SPARQL 1.1)",
        )
    if found:
        names = " and ".join(sorted(found))
        return Reply.error(
            400,
            f"{names} (fetching from other servers) is not allowed on this endpoint "
            "(start 'drugkg serve --allow-service' to allow it)",
        )
    return None


def run_query(store: GraphStore, job: QueryJob) -> Reply:
    """Run ``job`` on ``store``: a malformed query is a 400 reply, never an exception.

    Prefixes of ``kg/vocab.py`` (``dkg:``, ``drug:``...) need no declaration.
    """
    refusal = _outbound_refusal(job.query, update=False, allowed=job.allow_outbound)
    if refusal is not None:
        return refusal
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): ox.Literal(value) for name, value in job.bindings
    }
    options: dict[str, Any] = {}
    datasets = [
        ("default_graph", job.default_graphs, "default-graph-uri"),
        ("named_graphs", job.named_graphs, "named-graph-uri"),
    ]
    for key, graphs, parameter in datasets:
        try:
            if graphs:
                options[key] = [ox.NamedNode(g) for g in graphs]
        except ValueError as error:
            return Reply.error(400, f"{parameter} must be an IRI: {readable(error, '')}")
    try:
        result = store.oxigraph.query(
            job.query,
            prefixes=dict(QUERY_PREFIXES),
            substitutions=substitutions or None,
            **options,
        )
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=RESULT_FORMATS[job.results_format])
            return Reply(200, RESULT_MEDIA_TYPES[job.results_format], cast(bytes, body))
        xml = job.results_format == "xml" if isinstance(result, ox.QuerySolutions) else (
            job.graph_format == "xml"
        )  # fmt: skip
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables if v.value not in job.hidden]
            rows = list(islice(result, job.max_rows + 1))
            truncated = len(rows) > job.max_rows
            body = results_json(variables, rows[: job.max_rows])
            if job.results_format != "json":
                parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
                body = cast(bytes, parsed.serialize(format=RESULT_FORMATS[job.results_format]))
            return Reply(
                200,
                RESULT_MEDIA_TYPES[job.results_format],
                xml_safe(body) if xml else body,
                truncated,
                _limit_headers(job, truncated),
            )
        triples = list(islice(cast(Iterable[ox.Triple], result), job.max_rows + 1))
        truncated = len(triples) > job.max_rows
        triples = triples[: job.max_rows]
        data = ox.serialize(
            triples, format=GRAPH_FORMATS[job.graph_format], prefixes=used_prefixes(triples)
        )
        return Reply(
            200,
            GRAPH_MEDIA_TYPES[job.graph_format],
            xml_safe(cast(bytes, data)) if xml else cast(bytes, data),
            truncated,
            _limit_headers(job, truncated),
        )
    except SyntaxError as error:
        return Reply.error(400, f"malformed SPARQL query: {readable(error, job.query)}")
    except (RuntimeError, OSError, ValueError) as error:
        return Reply.error(400, f"SPARQL query failed: {readable(error, job.query)}")


def run_update(store: GraphStore, update: str, allow_outbound: bool = False) -> Reply:
    """Run a SPARQL UPDATE request on ``store`` as it is (no fact bookkeeping): 204 or 400.

    ``LOAD`` and ``SERVICE`` are refused unless ``allow_outbound``.
    """
    refusal = _outbound_refusal(update, update=True, allowed=allow_outbound)
    if refusal is not None:
        return refusal
    try:
        store.oxigraph.update(update, prefixes=dict(QUERY_PREFIXES))
    except SyntaxError as error:
        return Reply.error(400, f"malformed SPARQL update: {readable(error, update)}")
    except (RuntimeError, OSError, ValueError) as error:
        return Reply.error(400, f"SPARQL update failed: {readable(error, update)}")
    _GRAPHS.clear()
    return Reply(204, "text/plain", b"")


# The networkx graph of the store, built once per worker (a read-only store never changes;
# an update clears it).
_GRAPHS: dict[int, Any] = {}


#: The most entities one ``/graph`` page draws around its focus (best supported first).
GRAPH_PAGE_LIMIT = 300


def graph_page(store: GraphStore, focus: str, depth: int = 1, page: int = 1) -> Reply:
    """The interactive page (``kg/viz.py``) of the entities within ``depth`` facts of ``focus``:
    at most ``GRAPH_PAGE_LIMIT`` of them, the best supported first; ``page`` 2 has the next."""
    from drugkg.kg.network import neighbourhood, short_id, to_networkx
    from drugkg.kg.viz import render_html

    graph = _GRAPHS.get(id(store))
    if graph is None:
        graph = _GRAPHS.setdefault(id(store), to_networkx(store))
    try:
        near = neighbourhood(graph, [focus], depth=depth, limit=GRAPH_PAGE_LIMIT, page=page)
    except ValueError:
        return Reply.error(404, f"no entity {focus} in the graph")
    label = graph.nodes[focus].get("label") if focus in graph else None
    title = f"drugkg: {label or short_id(focus)}"
    if near.graph["near"] > GRAPH_PAGE_LIMIT or page > 1:
        total = near.graph["near"]
        title += f" (page {page}, {GRAPH_PAGE_LIMIT} of {total} a page, best supported first)"
    html = render_html(near, title=title)
    return Reply(200, "text/html; charset=utf-8", html.encode("utf-8"))


#: The most IRIs one ``/labels`` request may ask about, and the most completions given.
LABELS_LIMIT = 1000
TERMS_LIMIT = 50


def _json(payload: Any) -> Reply:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(200, "application/json", body)


def labels(store: GraphStore, iris: Sequence[str]) -> Reply:
    """The label of each IRI of ``iris`` that has one (``skos:prefLabel``, else
    ``rdfs:label``), as JSON ``{iri: label}``; what is not an IRI is left out.

    >>> with GraphStore.memory() as store:
    ...     store.oxigraph.update('INSERT DATA { drug:a rdfs:label "a" . drug:b rdfs:label "b" ;'
    ...                           ' skos:prefLabel "B" }', prefixes=dict(QUERY_PREFIXES))
    ...     labels(store, [f"{QUERY_PREFIXES['drug']}{k}" for k in "abc"] + ["no iri"]).body
    b'{"https://w3id.org/drugkg/resource/drug/a":"a","https://w3id.org/drugkg/resource/drug/b":"B"}'
    """
    values = []
    for iri in list(dict.fromkeys(iris))[:LABELS_LIMIT]:
        try:
            values.append(str(ox.NamedNode(iri)))  # <iri>: checked, so nothing else
        except ValueError:
            continue
    if not values:
        return _json({})
    query = (
        f"SELECT ?s ?label ?preferred WHERE {{ VALUES ?s {{ {' '.join(values)} }} "
        "{ ?s skos:prefLabel ?label BIND(true AS ?preferred) } UNION { ?s rdfs:label ?label } }"
    )
    found: dict[str, str] = {}
    preferred: set[str] = set()
    result = store.oxigraph.query(query, prefixes=dict(QUERY_PREFIXES))
    for row in cast(ox.QuerySolutions, result):
        iri, label = row["s"].value, row["label"].value
        if iri in preferred:
            continue
        if row["preferred"] is not None:
            preferred.add(iri)
            found[iri] = label
        else:
            found.setdefault(iri, label)
    return _json(dict(sorted(found.items())))


def entity_terms(store: GraphStore, start: str) -> Reply:
    """Completions for an IRI of the store that begins with ``start`` (a drugkg resource
    IRI, or nothing is completed): JSON ``[{"iri": ..., "label": ...}]``, at most
    ``TERMS_LIMIT``.

    >>> with GraphStore.memory() as store:
    ...     store.oxigraph.update('INSERT DATA { drug:zolpidem rdfs:label "zolpidem" }',
    ...                           prefixes=dict(QUERY_PREFIXES))
    ...     entity_terms(store, QUERY_PREFIXES["drug"] + "zol").body
    b'[{"iri":"https://w3id.org/drugkg/resource/drug/zolpidem","label":"zolpidem"}]'
    """
    if not start.startswith(str(DKGR)):
        return _json([])
    query = (
        "SELECT ?start ?s (SAMPLE(?l) AS ?label) WHERE { ?s rdfs:label ?l "
        "FILTER(STRSTARTS(STR(?s), ?start)) } "
        f"GROUP BY ?start ?s ORDER BY ?s LIMIT {TERMS_LIMIT}"
    )
    rows = store.oxigraph.query(
        query,
        prefixes=dict(QUERY_PREFIXES),
        substitutions={ox.Variable("start"): ox.Literal(start)},
    )
    found = cast(ox.QuerySolutions, rows)
    return _json([{"iri": row["s"].value, "label": row["label"].value} for row in found])


def ping(store: GraphStore) -> Reply:
    """A cheap query, to show a worker answers."""
    store.oxigraph.query("ASK {}")
    return Reply(200, "text/plain", b"ok\n")
