"""The graph on an external SPARQL 1.1 server, as a GraphStore over its query and update endpoints.

:class:`RemoteGraphStore` is a :class:`~drugkg.kg.store.GraphStore` whose Oxigraph store
is replaced by :class:`SparqlClient`, which answers the calls ``GraphStore`` makes
(``quads_for_pattern``, ``query``, ``update``, ``bulk_load``...) with SPARQL 1.1
Protocol requests. Writing, reading, ``facts``, ``explain``, ``stats`` and every
exporter are the embedded store's own code, so both stores hold the same graph.

A document write is one SPARQL UPDATE request, atomic on servers that apply a request
in one transaction (Oxigraph, Fuseki). There is no lock across processes: run one
``drugkg build`` at a time against an endpoint.

>>> endpoints("http://localhost:7878")
('http://localhost:7878/query', 'http://localhost:7878/update')
>>> is_endpoint("drugkg-store"), is_endpoint("https://example.org/sparql")
(False, True)
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from drugkg.kg._sparql import prefix_block, substitute
from drugkg.kg._update import data_block
from drugkg.kg.backend import GraphName, QueryAnswer
from drugkg.kg.errors import StoreError
from drugkg.kg.formats import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES
from drugkg.kg.store import GraphStore

__all__ = [
    "RemoteGraphStore",
    "SparqlClient",
    "endpoints",
    "is_endpoint",
    "open_store",
]

#: Environment variables: the update endpoint (when it cannot be derived from the query
#: endpoint) and a bearer token sent with every request.
UPDATE_URL_ENV = "DRUGKG_UPDATE_URL"
TOKEN_ENV = "DRUGKG_STORE_TOKEN"

_RESULTS_JSON = RESULT_MEDIA_TYPES["json"]
_ACCEPT_QUERY = (
    f"{_RESULTS_JSON}, {GRAPH_MEDIA_TYPES['nt']};q=0.9, {GRAPH_MEDIA_TYPES['turtle']};q=0.8"
)
_INSERT_BATCH = 20_000  # quads per INSERT DATA request when loading in bulk
Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def is_endpoint(location: str | os.PathLike[str]) -> bool:
    """Whether a ``--store`` value is a SPARQL endpoint URL rather than a directory."""
    return str(location).lower().startswith(("http://", "https://"))


def endpoints(url: str) -> tuple[str, str]:
    """The query and update endpoints a store URL means.

    A bare server (``http://host:7878``) has Oxigraph's ``/query`` and ``/update``; a
    URL ending in ``/query`` has its update endpoint at ``/update`` beside it (Oxigraph,
    Fuseki); any other URL serves both. ``$DRUGKG_UPDATE_URL`` overrides the guess.

    >>> endpoints("http://h/ds/query"), endpoints("http://h/sparql")
    (('http://h/ds/query', 'http://h/ds/update'), ('http://h/sparql', 'http://h/sparql'))
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path:
        query = urlunsplit(parts._replace(path="/query"))
        update = urlunsplit(parts._replace(path="/update"))
    elif path.endswith("/query"):
        query = url
        update = urlunsplit(parts._replace(path=path.removesuffix("/query") + "/update"))
    else:
        query = update = url
    return query, os.environ.get(UPDATE_URL_ENV) or update


def _term_list(graphs: object) -> list[str]:
    if graphs is None:
        return []
    items = graphs if isinstance(graphs, list | tuple) else [graphs]
    return [g.value for g in items if isinstance(g, ox.NamedNode)]


def _graph_pattern(s: object, p: object, o: object, graph: object) -> tuple[str, list[str]]:
    """A pattern for ``quads_for_pattern`` and the variables it selects."""
    names = []
    parts = []
    for name, term in (("s", s), ("p", p), ("o", o)):
        if term is None:
            names.append(name)
            parts.append(f"?{name}")
        else:
            parts.append(str(term))
    triple = " ".join(parts)
    if isinstance(graph, ox.DefaultGraph):
        return f"{{ {triple} }}", names
    if graph is not None:
        return f"{{ GRAPH {graph} {{ {triple} }} }}", names
    return f"{{ {{ {triple} }} UNION {{ GRAPH ?g {{ {triple} }} }} }}", [*names, "g"]


class SparqlClient:
    """The part of ``pyoxigraph.Store`` that :class:`GraphStore` uses, over the SPARQL protocol.

    Terms go into the SPARQL text in their N-Triples form, written by pyoxigraph, so a
    document's text cannot break out of its literal.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = 300.0,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        headers = {"User-Agent": "drugkg"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=10.0), headers=headers, transport=transport
        )

    def close(self) -> None:
        self._http.close()

    # -- requests -----------------------------------------------------------------

    def _post(self, url: str, body: str, content_type: str, accept: str | None) -> httpx.Response:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        try:
            return self._http.post(url, content=body.encode("utf-8"), headers=headers)
        except httpx.TimeoutException:
            raise StoreError(f"the SPARQL endpoint {url} did not answer in time") from None
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {error}") from None

    def _ask(self, where: str) -> bool:
        return bool(self._select(f"ASK {where}"))

    def _select(self, query: str) -> Any:
        """An internal query: a failure is a :class:`StoreError`."""
        response = self._post(self.query_url, query, "application/sparql-query", _RESULTS_JSON)
        if response.status_code != 200:
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} answered {response.status_code}: "
                f"{_message(response)}"
            )
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    # -- pyoxigraph.Store ------------------------------------------------------------

    def query(
        self,
        query: str,
        /,
        *,
        prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: GraphName | list[GraphName] | None = None,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        | None = None,
    ) -> QueryAnswer:
        """Run a query on the endpoint; errors as pyoxigraph raises them.

        A malformed query (HTTP 400) raises ``SyntaxError``; another refusal
        ``RuntimeError``. Bound variables are written into the text by
        :func:`drugkg.kg._sparql.substitute`.
        """
        text = query
        if substitutions:
            terms = {}
            for variable, term in substitutions.items():
                if not isinstance(term, ox.NamedNode | ox.Literal):
                    raise TypeError(f"a SPARQL endpoint binds IRIs and literals only, not {term}")
                terms[variable.value] = term
            text = substitute(text, terms)
        if prefixes:
            text = prefix_block(prefixes) + text
        params: list[tuple[str, str | int | float | bool | None]]
        params = [("default-graph-uri", g) for g in _term_list(default_graph)]
        params += [("named-graph-uri", g) for g in _term_list(named_graphs)]
        url = self.query_url
        if params:
            url = str(httpx.URL(url).copy_merge_params(params))
        response = self._post(url, text, "application/sparql-query", _ACCEPT_QUERY)
        if response.status_code == 400:
            raise SyntaxError(_message(response))
        if response.status_code != 200:
            raise RuntimeError(
                f"the endpoint answered {response.status_code}: {_message(response)}"
            )
        graph_format = ox.RdfFormat.from_media_type(response.headers.get("content-type", ""))
        if graph_format is not None:
            quads = ox.parse(response.content, format=graph_format)
            return iter([ox.Triple(q.subject, q.predicate, q.object) for q in quads])
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def update(self, update: str, /, *, prefixes: dict[str, str] | None = None) -> None:
        """Run a SPARQL UPDATE request (one transaction on Oxigraph and Fuseki)."""
        text = (prefix_block(prefixes) if prefixes else "") + update
        response = self._post(self.update_url, text, "application/sparql-update", None)
        if response.status_code not in (200, 204):
            raise StoreError(
                f"the SPARQL endpoint {self.update_url} refused an update "
                f"({response.status_code}): {_message(response)}"
            )

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | ox.Triple | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None,
        graph_name: GraphName | None = None,
        /,
    ) -> Iterator[ox.Quad]:
        pattern, names = _graph_pattern(subject, predicate, object, graph_name)
        solutions = self._select(f"SELECT {' '.join('?' + n for n in names)} WHERE {pattern}")
        fixed: dict[str, Any] = {"s": subject, "p": predicate, "o": object}
        graph: Any = graph_name if graph_name is not None else ox.DefaultGraph()
        for row in solutions:
            terms: dict[str, Any] = {n: row[n] if n in names else fixed[n] for n in "spo"}
            g: Any = row["g"] if "g" in names and row["g"] is not None else graph
            yield ox.Quad(terms["s"], terms["p"], terms["o"], g)

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None, None)

    def __contains__(self, quad: object, /) -> bool:
        if not isinstance(quad, ox.Quad):
            return False
        pattern, _ = _graph_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)
        return self._ask(pattern)

    def __len__(self) -> int:
        pattern, _ = _graph_pattern(None, None, None, None)
        rows = list(self._select(f"SELECT (COUNT(*) AS ?n) WHERE {pattern}"))
        return int(rows[0]["n"].value) if rows else 0

    def contains_named_graph(self, graph_name: GraphName, /) -> bool:
        return self._ask(f"{{ GRAPH {graph_name} {{ ?s ?p ?o }} }}")

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return iter([cast(ox.NamedNode, row["g"]) for row in rows])

    def extend(self, quads: Iterable[ox.Quad], /) -> None:
        """Add quads in one INSERT DATA request (one transaction)."""
        batch = list(quads)
        if batch:
            self.update("INSERT DATA {\n" + data_block(batch) + "\n}")

    def bulk_load(
        self,
        input: bytes | str | IO[bytes] | IO[str] | None = None,
        format: ox.RdfFormat | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        lenient: bool = False,
    ) -> None:
        """Load N-Quads or TriG as INSERT DATA requests of up to 20 000 quads (not atomic)."""
        if path is not None:
            source: Any = Path(path).read_bytes()
        elif isinstance(input, str):
            source = input.encode("utf-8")
        else:
            source = input
        if isinstance(source, bytes):
            source = io.BytesIO(source)
        batch: list[ox.Quad] = []
        for quad in ox.parse(source, format=format or ox.RdfFormat.N_QUADS, lenient=lenient):
            batch.append(quad)
            if len(batch) >= _INSERT_BATCH:
                self.extend(batch)
                batch = []
        self.extend(batch)

    def dump(
        self,
        output: IO[bytes] | str | os.PathLike[str] | None = None,
        format: ox.RdfFormat | None = None,
    ) -> bytes | None:
        """Every quad, as N-Quads (or another quad format)."""
        return ox.serialize(list(self), output, format or ox.RdfFormat.N_QUADS)

    def flush(self) -> None:
        """Nothing to flush: the server writes each request."""


def _message(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return (text[:300] + "…") if len(text) > 300 else text or response.reason_phrase


class RemoteGraphStore(GraphStore):
    """A drugkg graph held by a SPARQL 1.1 server (query and update endpoints).

    ``url`` is the query endpoint, or the server's base URL (see :func:`endpoints`);
    ``token`` (default ``$DRUGKG_STORE_TOKEN``) is sent as a bearer token. Opening checks
    that the endpoint answers.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        read_only: bool = False,
        token: str | None = None,
        timeout: float = 300.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        query_url, guessed_update = endpoints(url)
        client = SparqlClient(
            query_url,
            update_url or guessed_update,
            timeout=timeout,
            token=token if token is not None else os.environ.get(TOKEN_ENV),
            transport=transport,
        )
        super().__init__(client, read_only=read_only)
        self._client = client
        self.url = url
        try:
            client._ask("{}")
        except StoreError:
            client.close()
            raise

    def close(self) -> None:
        if self._store is not None:
            self._client.close()
        super().close()

    def __repr__(self) -> str:
        return f"RemoteGraphStore({self.url!r})"


def open_store(
    location: str | os.PathLike[str], *, read_only: bool = False, **options: Any
) -> GraphStore:
    """The store at ``location``: a directory (embedded Oxigraph) or a SPARQL endpoint URL.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp, open_store(tmp) as store:
    ...     len(store)
    0
    """
    if is_endpoint(location):
        return RemoteGraphStore(str(location), read_only=read_only, **options)
    return GraphStore.open(location, read_only=read_only)
