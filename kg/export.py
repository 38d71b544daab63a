"""Write a store to a file, by format name from one registry of exporters.

``trig`` and ``nq`` keep the named graphs (one per document). ``turtle``, ``nt``
and ``jsonld`` hold one graph only, so they get the union of all graphs: the
default graph (entities, facts, statement nodes) merged with every document
graph (documents, evidence, dose records and the ``prov:wasDerivedFrom`` links).
Nothing is dropped, but which document graph a triple came from is; its evidence
still names its document through ``prov:wasQuotedFrom``.

Output is sorted, so exporting the same store twice gives the same bytes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import BinaryIO

import pyoxigraph as ox
import rdflib

from drugkg.kg._atomic import write_atomically
from drugkg.kg._safe_text import xml_safe
from drugkg.kg.formats import FORMATS
from drugkg.kg.rdf import to_rdflib, used_prefixes
from drugkg.kg.store import GraphStore
from drugkg.kg.vocab import ALL_PREFIXES

__all__ = [
    "EXPORTERS",
    "EXPORT_PREFIXES",
    "Exporter",
    "export",
    "exporter_name",
    "format_of_path",
    "union_triples",
]

#: Prefixes written in Turtle, TriG and JSON-LD output (those the data uses).
EXPORT_PREFIXES: Mapping[str, str] = MappingProxyType(ALL_PREFIXES)


@dataclass(frozen=True, slots=True)
class Exporter:
    """One output format: its name, media type, file extension and writer."""

    name: str
    media_type: str
    extension: str
    named_graphs: bool
    write: Callable[[GraphStore, BinaryIO], None]


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _predicate_object_key(t: ox.Triple | ox.Quad) -> tuple[bool, str, str]:
    """Order within a subject: ``rdf:type`` first, then by predicate and object."""
    return (t.predicate != _RDF_TYPE, str(t.predicate), str(t.object))


def union_triples(store: GraphStore) -> list[ox.Triple]:
    """Every triple of every graph, without duplicates, in a stable order.

    >>> union_triples(GraphStore.memory())
    []
    """
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    return sorted(triples, key=lambda t: (str(t.subject), *_predicate_object_key(t)))


def _sorted_quads(store: GraphStore) -> list[ox.Quad]:
    """All quads, the default graph first, then each named graph, each sorted."""

    def key(q: ox.Quad) -> tuple[object, ...]:
        named = not isinstance(q.graph_name, ox.DefaultGraph)
        return (named, str(q.graph_name), str(q.subject), *_predicate_object_key(q))

    return sorted(store.quads(), key=key)


def _pyoxigraph_writer(fmt: ox.RdfFormat, *, quads: bool) -> Callable[[GraphStore, BinaryIO], None]:
    def write(store: GraphStore, out: BinaryIO) -> None:
        data: list[ox.Triple] | list[ox.Quad] = (
            _sorted_quads(store) if quads else union_triples(store)
        )
        ox.serialize(data, out, fmt, prefixes=used_prefixes(data))

    return write


def _write_jsonld(store: GraphStore, out: BinaryIO) -> None:
    graph = rdflib.Graph()
    triples = union_triples(store)
    prefixes = used_prefixes(triples)
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    data = graph.serialize(format="json-ld", context=prefixes, indent=1)
    out.write(data.encode("utf-8"))


def _write_graphml(store: GraphStore, out: BinaryIO) -> None:
    """Entities and facts as GraphML (for Gephi, Cytoscape): ``kg/network.py``'s graph."""
    import networkx as nx

    from drugkg.kg.network import flat_graph, to_networkx

    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(to_networkx(store)), buffer, encoding="utf-8", prettyprint=True)
    out.write(xml_safe(buffer.getvalue()))  # no control character makes it ill-formed


def _write_edge_csv(store: GraphStore, out: BinaryIO) -> None:
    """One row per fact, the CSV edge list that Gephi and Cytoscape import."""
    import csv
    import io

    from drugkg.kg._safe_text import spreadsheet_safe
    from drugkg.kg.network import EDGE_COLUMNS, edge_rows, to_networkx

    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.DictWriter(text, fieldnames=EDGE_COLUMNS)  # RFC 4180: CRLF, quoted CR and LF
    writer.writeheader()
    for row in edge_rows(to_networkx(store)):  # no cell is read as a formula
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    text.flush()
    text.detach()


def _rdf(name: str, write: Callable[[GraphStore, BinaryIO], None] | None = None) -> Exporter:
    """The exporter of an RDF format of :mod:`drugkg.kg.formats` (pyoxigraph writes it,
    unless ``write`` is given)."""
    fmt = next(f for f in FORMATS if f.name == name and f.kind != "results")
    rdf_format = fmt.pyoxigraph
    assert isinstance(rdf_format, ox.RdfFormat)
    quads = fmt.kind == "dataset"
    writer = write or _pyoxigraph_writer(rdf_format, quads=quads)
    return Exporter(name, fmt.media_type, fmt.extension, quads, writer)


EXPORTERS: Mapping[str, Exporter] = MappingProxyType(
    {
        e.name: e
        for e in [
            _rdf("turtle"),
            _rdf("nt"),
            _rdf("jsonld", _write_jsonld),  # rdflib writes JSON-LD with a context
            _rdf("trig"),
            _rdf("nq"),
            # not RDF: the networkx graph of kg/network.py, for Gephi and Cytoscape
            Exporter("graphml", "application/graphml+xml", "graphml", False, _write_graphml),
            Exporter("csv", "text/csv", "csv", False, _write_edge_csv),
        ]
    }
)


#: Other names for formats: file extensions and the usual short names.
_ALIASES = {"ttl": "turtle", "n3": "turtle", "ntriples": "nt", "nquads": "nq", "json": "jsonld"}


def exporter_name(name: str) -> str | None:
    """The exporter a format name or file extension means (``ttl`` is ``turtle``).

    >>> exporter_name("ttl"), exporter_name("NT"), exporter_name("xyz")
    ('turtle', 'nt', None)
    """
    name = name.lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name in EXPORTERS:
        return name
    return next((e.name for e in EXPORTERS.values() if e.extension == name), None)


def format_of_path(path: str | os.PathLike[str]) -> str | None:
    """The exporter a file's extension asks for (None: not one drugkg writes).

    >>> format_of_path("graph.nt"), format_of_path("out/g.ttl"), format_of_path("g")
    ('nt', 'turtle', None)
    """
    suffix = os.path.splitext(os.fspath(path))[1]
    return exporter_name(suffix) if suffix else None


def export(store: GraphStore, fmt: str, out: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``store`` in format ``fmt`` to a file path or a binary stream.

    A path is written atomically (a temporary file renamed into place).

    >>> import io
    >>> buffer = io.BytesIO()
    >>> export(GraphStore.memory(), "nt", buffer)
    >>> buffer.getvalue()
    b''
    >>> export(GraphStore.memory(), "rdfxml", buffer)
    Traceback (most recent call last):
    ...
    ValueError: unknown export format 'rdfxml'; valid: turtle, nt, jsonld, trig, nq, graphml, csv
    """
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"unknown export format {fmt!r}; valid: {', '.join(EXPORTERS)}")
    if not isinstance(out, str | os.PathLike):
        exporter.write(store, out)
        return
    write_atomically(out, lambda stream: exporter.write(store, stream))
