"""SPARQL queries on a store and their results, in the formats of :mod:`drugkg.kg.formats`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, cast

import pyoxigraph as ox
import rdflib

from drugkg.kg._sparql import is_update, readable
from drugkg.kg.backend import Backend
from drugkg.kg.errors import QueryError
from drugkg.kg.formats import GRAPH_FORMATS, RESULT_FORMATS
from drugkg.kg.rdf import Term, from_rdflib, used_prefixes
from drugkg.kg.vocab import ALL_PREFIXES

__all__ = ["QUERY_PREFIXES", "QueryResult", "display", "run_query"]

#: Prefixes every query may use without declaring them (``dkg:``, ``drug:``...).
QUERY_PREFIXES: Mapping[str, str] = MappingProxyType(ALL_PREFIXES)

_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def display(term: Term | ox.Triple | None) -> str:
    """A term as a table cell: literal values as they are, IRIs as prefixed names.

    >>> display(ox.NamedNode("https://w3id.org/drugkg/resource/drug/clonazepam"))
    'drug:clonazepam'
    >>> display(ox.Literal("0.9")), display(None)
    ('0.9', '')
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max(
            ((p, ns) for p, ns in QUERY_PREFIXES.items() if term.value.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{term.value[len(best[1]) :]}" if best else f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The result of a SPARQL query: solutions (SELECT), a boolean (ASK) or triples.

    SELECT and ASK results are kept as W3C SPARQL results JSON and serialise to
    ``json``, ``xml``, ``csv`` and ``tsv``; CONSTRUCT and DESCRIBE results serialise
    to ``turtle``, ``nt``, ``jsonld`` and ``xml`` (RDF/XML).
    """

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...]
    _json: bytes = b""
    triples: tuple[ox.Triple, ...] = ()

    @property
    def boolean(self) -> bool | None:
        """The answer of an ASK query."""
        if self.kind != "ask":
            return None
        return bool(ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON))

    def solutions(self) -> list[dict[str, Term]]:
        """SELECT rows as ``{variable: term}`` (unbound variables left out)."""
        if self.kind != "select":
            return []
        parsed = ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON)
        rows = []
        for solution in cast(ox.QuerySolutions, parsed):
            row = {v: solution[v] for v in self.variables if solution[v] is not None}
            rows.append(row)
        return rows

    def rows(self) -> list[tuple[str, ...]]:
        """Display rows: one tuple of cells per solution (or per triple, or the boolean)."""
        if self.kind == "ask":
            return [("true" if self.boolean else "false",)]
        if self.kind == "graph":
            return [
                tuple(display(t) for t in (x.subject, x.predicate, x.object)) for x in self.triples
            ]
        return [tuple(display(row.get(v)) for v in self.variables) for row in self.solutions()]

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows())

    def serialize(self, fmt: str) -> bytes:
        """The result in format ``fmt`` (see the class docstring for the choices)."""
        if self.kind == "graph":
            if fmt not in GRAPH_FORMATS:
                raise ValueError(f"unknown graph format {fmt!r}; valid: {', '.join(GRAPH_FORMATS)}")
            out = ox.serialize(
                self.triples, format=GRAPH_FORMATS[fmt], prefixes=used_prefixes(self.triples)
            )
            return cast(bytes, out)
        if fmt not in RESULT_FORMATS:
            raise ValueError(f"unknown results format {fmt!r}; valid: {', '.join(RESULT_FORMATS)}")
        if fmt == "json":
            return self._json
        parsed = ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON)
        return cast(bytes, parsed.serialize(format=RESULT_FORMATS[fmt]))


def _binding_term(name: str, value: Any) -> Term:
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, rdflib.term.Identifier):
        return from_rdflib(value)
    if isinstance(value, bool | int | float | str):
        return ox.Literal(value)
    raise QueryError(f"binding ?{name}: cannot bind a {type(value).__name__} as an RDF term")


def run_query(
    backend: Backend, sparql: str, *, bindings: Mapping[str, Any] | None = None
) -> QueryResult:
    """Run a SPARQL query; ``bindings`` give variables values as RDF terms.

    Bound values are never pasted into the query text: they are substituted by
    the engine (pyoxigraph ``substitutions``), which requires a SELECT query that
    projects the bound variables. Prefixes of ``kg/vocab.py`` need no declaration.

    >>> run_query(ox.Store(), "SELECT ?x WHERE {}", bindings={"x": "a"}).rows()
    [('a',)]
    """
    if is_update(sparql):
        raise QueryError(
            "SPARQL updates are refused: queries only read the store "
            "(drugkg build writes it; SELECT, ASK, CONSTRUCT or DESCRIBE read it)"
        )
    substitutions: dict[ox.Variable, Term | ox.Triple] = {}
    for name, value in (bindings or {}).items():
        if not _VARNAME.match(name):
            raise QueryError(f"bad binding name {name!r}: use a SPARQL variable name")
        substitutions[ox.Variable(name)] = _binding_term(name, value)
    try:
        result = backend.query(
            sparql, prefixes=dict(QUERY_PREFIXES), substitutions=substitutions or None
        )
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            return QueryResult(
                "select",
                variables,
                _json=cast(bytes, result.serialize(format=ox.QueryResultsFormat.JSON)),
            )
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(
                "ask",
                (),
                _json=cast(bytes, result.serialize(format=ox.QueryResultsFormat.JSON)),
            )
        return QueryResult("graph", ("subject", "predicate", "object"), triples=tuple(result))
    except SyntaxError as error:
        raise QueryError(f"malformed SPARQL query: {readable(error, sparql)}") from None
    except RuntimeError as error:
        raise QueryError(f"SPARQL query failed: {_one_line(error)}") from None


def _one_line(error: Exception, *, limit: int = 240) -> str:
    """An error message on one line, cut to ``limit`` characters."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
