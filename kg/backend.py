"""What a :class:`~drugkg.kg.store.GraphStore` needs of the store under it.

The embedded store is a ``pyoxigraph.Store``; a store on a SPARQL server is a
:class:`~drugkg.kg.remote.SparqlClient`. Both are a :class:`Backend`, checked by mypy:

>>> import pyoxigraph as ox
>>> backend: Backend = ox.Store()
>>> len(backend)
0
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, Protocol

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Triple,
    Variable,
)

__all__ = ["Backend", "GraphName", "QueryAnswer"]

#: A graph to read from: a named graph or the default graph.
GraphName = NamedNode | BlankNode | DefaultGraph
#: What a query answers: solutions (SELECT), a boolean (ASK) or triples.
QueryAnswer = QuerySolutions | QueryBoolean | Iterator[Triple]


class Backend(Protocol):
    """The part of ``pyoxigraph.Store`` drugkg uses (quads in, quads and answers out)."""

    def quads_for_pattern(
        self,
        subject: NamedNode | BlankNode | Triple | None,
        predicate: NamedNode | None,
        object: NamedNode | BlankNode | Literal | Triple | None,
        graph_name: GraphName | None = None,
        /,
    ) -> Iterator[Quad]: ...

    def query(
        self,
        query: str,
        /,
        *,
        prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: GraphName | list[GraphName] | None = None,
        named_graphs: list[NamedNode | BlankNode] | None = None,
        substitutions: dict[Variable, NamedNode | BlankNode | Literal | Triple] | None = None,
    ) -> QueryAnswer: ...

    def update(self, update: str, /, *, prefixes: dict[str, str] | None = None) -> None: ...

    def extend(self, quads: Iterable[Quad], /) -> None: ...

    def bulk_load(
        self,
        input: bytes | str | IO[bytes] | IO[str] | None = None,
        format: RdfFormat | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        lenient: bool = False,
    ) -> None: ...

    def dump(
        self,
        output: IO[bytes] | str | os.PathLike[str] | None = None,
        format: RdfFormat | None = None,
    ) -> bytes | None: ...

    def flush(self) -> None: ...

    def contains_named_graph(self, graph_name: GraphName, /) -> bool: ...

    def named_graphs(self) -> Iterator[NamedNode | BlankNode]: ...

    def __contains__(self, quad: object, /) -> bool: ...

    def __iter__(self) -> Iterator[Quad]: ...

    def __len__(self) -> int: ...
