"""The serialization formats drugkg names, one table over pyoxigraph's own format objects.

Each format has the short name drugkg's options and the endpoint's ``format`` parameter
use; its media type and file extension are pyoxigraph's (without parameters such as
``charset``). The store, the HTTP endpoint, the exporters and the SPARQL client all read
this table.

>>> RESULT_MEDIA_TYPES["csv"], GRAPH_FORMATS["turtle"].file_extension
('text/csv', 'ttl')
>>> aliases("graph")["application/x-turtle"], aliases("results")["application/json"]
('turtle', 'json')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import pyoxigraph as ox

__all__ = [
    "DATASET_FORMATS",
    "FORMATS",
    "GRAPH_FORMATS",
    "GRAPH_MEDIA_TYPES",
    "RESULT_FORMATS",
    "RESULT_MEDIA_TYPES",
    "Format",
    "Kind",
    "aliases",
]

#: What a format serializes: SPARQL SELECT/ASK results, triples, or quads.
Kind = Literal["results", "graph", "dataset"]


@dataclass(frozen=True, slots=True)
class Format:
    """One format: drugkg's name for it, what it holds, pyoxigraph's format object.

    ``aliases`` are the other media types and names a client may ask for it by.
    """

    name: str
    kind: Kind
    pyoxigraph: ox.RdfFormat | ox.QueryResultsFormat
    aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        """The media type, without parameters."""
        return self.pyoxigraph.media_type.split(";")[0].strip()

    @property
    def extension(self) -> str:
        return self.pyoxigraph.file_extension


_R, _Q = ox.RdfFormat, ox.QueryResultsFormat

#: Every format, in the order options list them.
FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        "results",
        _Q.JSON,
        ("application/json", "text/javascript", "application/javascript"),
    ),
    Format("xml", "results", _Q.XML, ("application/xml", "text/xml")),
    Format("csv", "results", _Q.CSV),
    Format("tsv", "results", _Q.TSV),
    Format(
        "turtle",
        "graph",
        _R.TURTLE,
        # Turtle is N3
        (
            "application/turtle",
            "application/x-turtle",
            "text/n3",
            "text/rdf+n3",
            "application/n3",
            "ttl",
            "n3",
        ),
    ),
    Format("nt", "graph", _R.N_TRIPLES, ("text/plain", "ntriples", "n-triples")),
    Format("jsonld", "graph", _R.JSON_LD, ("application/x-json+ld", "json-ld", "json")),
    Format("xml", "graph", _R.RDF_XML, ("application/xml", "text/xml", "rdf+xml", "rdfxml")),
    Format("trig", "dataset", _R.TRIG),
    Format("nq", "dataset", _R.N_QUADS),
)


def _of(kind: Kind) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.kind == kind)


def _rdf(kind: Kind) -> Mapping[str, ox.RdfFormat]:
    return MappingProxyType(
        {f.name: f.pyoxigraph for f in _of(kind) if isinstance(f.pyoxigraph, ox.RdfFormat)}
    )


#: SPARQL results formats (SELECT and ASK) by name.
RESULT_FORMATS: Mapping[str, ox.QueryResultsFormat] = MappingProxyType(
    {
        f.name: f.pyoxigraph
        for f in _of("results")
        if isinstance(f.pyoxigraph, ox.QueryResultsFormat)
    }
)
#: RDF formats of triples (CONSTRUCT and DESCRIBE results, graph exports) by name.
GRAPH_FORMATS: Mapping[str, ox.RdfFormat] = _rdf("graph")
#: RDF formats of quads (named graphs: exports, bulk loads) by name.
DATASET_FORMATS: Mapping[str, ox.RdfFormat] = _rdf("dataset")
#: Results of SELECT and ASK: format name -> media type.
RESULT_MEDIA_TYPES: Mapping[str, str] = MappingProxyType(
    {f.name: f.media_type for f in _of("results")}
)
#: Results of CONSTRUCT and DESCRIBE: format name -> media type.
GRAPH_MEDIA_TYPES: Mapping[str, str] = MappingProxyType(
    {f.name: f.media_type for f in _of("graph")}
)


def aliases(kind: Kind) -> dict[str, str]:
    """Media types and names a client may ask for -> the name of the format of ``kind``."""
    found = {f.media_type: f.name for f in _of(kind)}
    for f in _of(kind):
        found.update(dict.fromkeys(f.aliases, f.name))
    found.update({f.name: f.name for f in _of(kind)})
    return found
