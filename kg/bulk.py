"""Bulk loading: documents' named graphs loaded as they come, what derives from them once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from drugkg.kg import _terms as T
from drugkg.kg._atomic import write_atomically
from drugkg.kg.derive import Derivation, DocumentReading, Statement, document_readings
from drugkg.kg.iri import graph_iri
from drugkg.kg.rdf import document_graph, entity_quads, fact_quads
from drugkg.kg.store import GraphStore
from drugkg.model import Assertion, Document, Dose, Entity

__all__ = ["Built", "BulkWriter", "built", "default_graph", "holds", "write_nquads"]

_FLUSH_BYTES = 32 << 20  # load the pending named graphs once they reach this size


@dataclass(frozen=True, slots=True)
class Built:
    """One article turned into RDF (in a worker): what a writer needs.

    ``nquads`` is the document's named graph in N-Quads, less its checksum quad
    (``checksum``), which is written last so that an interrupted build reads the
    document again. ``statements`` are the facts it states and ``entities`` the nodes
    they and its doses refer to. ``readings`` gives, per fact, the document's reading
    of it: enough to compute a fact's belief without the store.
    """

    doc_id: str
    nquads: bytes
    checksum: tuple[ox.Quad, ...]
    statements: dict[ox.NamedNode, Statement]
    entities: dict[ox.NamedNode, Entity]
    readings: dict[ox.NamedNode, DocumentReading]
    quads: int
    cut: str = ""  # what was left unread at a limit, on one line (Extraction.cut)
    source: str = ""

    def derivation(self) -> Derivation:
        """What derives from this document alone (its readings, entities and checksum)."""
        derived = Derivation()
        readings = {fact: (reading,) for fact, reading in self.readings.items()}
        derived.add(self.statements, self.entities, readings, self.checksum)
        return derived


def built(
    document: Document,
    assertions: Iterable[Assertion],
    doses: Iterable[Dose],
    *,
    cut: str = "",
) -> Built:
    """What a writer needs of one document and what was extracted from it.

    >>> b = built(Document.from_text("d1", "No facts here."), [], [])
    >>> b.doc_id, b.statements, b.readings, b.quads
    ('d1', {}, {}, 5)
    """
    graph = document_graph(document, assertions, doses)
    checksum = tuple(q for q in graph.quads if q.predicate == T.SHA256)
    body = [q for q in graph.quads if q.predicate != T.SHA256]
    readings = {}
    for fact, evidence in graph.readings.items():
        for reading in document_readings(evidence):
            readings[fact] = reading
    return Built(
        doc_id=document.id,
        nquads=cast(bytes, ox.serialize(body, format=ox.RdfFormat.N_QUADS)),  # no output: bytes
        checksum=checksum,
        statements=dict(graph.statements),
        entities=dict(graph.entities),
        readings=readings,
        quads=len(graph.quads),
        cut=cut,
        source=document.source or document.id,
    )


class BulkWriter:
    """Writes built documents to a store in batches; :meth:`close` derives facts and entities.

    Named graphs are bulk-loaded as they come (in batches of up to 32 MB of N-Quads);
    the facts and entities they touch are remembered (a :class:`Derivation`, which grows
    with the vocabulary, not with the corpus) and recomputed once, at the end, from every
    reading in the store, together with the documents' checksums, in one transaction.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.derived = Derivation()
        self._pending: list[bytes] = []
        self._size = 0

    def add(self, built: Built, *, loaded: bool = False) -> None:
        """Queue one document's named graph (the store must not hold it, unless ``loaded``:
        it holds exactly that graph already, and only what derives from it is missing)."""
        self.add_graphs(b"" if loaded else built.nquads, built.derivation())

    def add_graphs(self, data: bytes | Path, derived: Derivation) -> None:
        """Queue named graphs as N-Quads (bytes, or a file loaded at once), and what they touch."""
        self.derived.update(derived)
        if isinstance(data, Path):
            self.flush()
            self.store.bulk_load(data)
            return
        if not data:
            return
        self._pending.append(data)
        self._size += len(data)
        if self._size >= _FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Load the queued named graphs now."""
        if self._pending:
            self.store.bulk_load(b"".join(self._pending))
            self._pending, self._size = [], 0

    def close(self) -> None:
        """Load what is queued, then recompute the facts and entities it touched."""
        self.flush()
        if self.derived:
            self.store.refresh(self.derived)
        self.derived = Derivation()


def holds(store: GraphStore, built: Built) -> bool:
    """Whether the store holds exactly the named graph of ``built`` (less its checksum)."""
    stored = set(store.quads(graph_iri(built.doc_id)))
    return stored == set(ox.parse(built.nquads, format=ox.RdfFormat.N_QUADS))


def default_graph(derived: Derivation) -> list[ox.Quad]:
    """The default graph of the documents counted: each fact's statement node, each entity.

    The same quads :meth:`GraphStore.refresh` derives from the store, computed from
    the documents' readings alone (checksums not included).
    """
    quads: list[ox.Quad] = []
    supports = derived.supports()
    for fact, (subject, predicate, obj) in sorted(derived.statements.items(), key=_by_value):
        if fact in supports:
            quads += fact_quads(fact, subject, predicate, obj, supports[fact])
    for _, entity in sorted(derived.entities.items(), key=_by_value):
        quads += entity_quads(entity)
    return quads


def write_nquads(path: Path, quads: Iterable[ox.Quad]) -> None:
    """Write ``quads`` to ``path`` as N-Quads, atomically (a temporary file renamed)."""
    rows = list(quads)

    def write(fh: BinaryIO) -> None:
        ox.serialize(rows, fh, ox.RdfFormat.N_QUADS)

    write_atomically(path, write)  # removed, not left behind, if the write fails


def _by_value(item: tuple[ox.NamedNode, object]) -> str:
    return item[0].value
