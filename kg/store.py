"""The graph store: documents in, facts with evidence out, over Oxigraph or a SPARQL server.

:class:`GraphStore` opens and locks a store and sends writes through one lock; the work
is done by its neighbours: :mod:`drugkg.kg._update` plans writes (with the derivation
of :mod:`drugkg.kg.derive`), :mod:`drugkg.kg.read` reads records back,
:mod:`drugkg.kg.results` runs queries, :mod:`drugkg.kg._lock` locks the directory.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, cast

import pyoxigraph as ox
import rdflib

from drugkg.kg import read
from drugkg.kg._damage import damaged, is_damage
from drugkg.kg._lock import StoreLock
from drugkg.kg._remove import removal_plan, removal_request
from drugkg.kg._update import plan, refresh_plan, update_request
from drugkg.kg.backend import Backend
from drugkg.kg.derive import Derivation
from drugkg.kg.errors import QueryError, StoreError, StoreLockedError
from drugkg.kg.formats import DATASET_FORMATS
from drugkg.kg.iri import graph_iri
from drugkg.kg.rdf import DocumentGraph, document_graph
from drugkg.kg.read import StoreStats
from drugkg.kg.results import QueryResult, run_query
from drugkg.model import Assertion, Document, Dose, Fact, Predicate, Quote

__all__ = [
    "Change",
    "GraphStore",
    "QueryError",
    "QueryResult",
    "StoreError",
    "StoreLockedError",
    "StoreStats",
]

_DATA_DIR = "oxigraph"


@dataclass(frozen=True, slots=True)
class Change:
    """What a write did: quads added and removed, facts recomputed."""

    doc_id: str
    added: int
    removed: int
    facts: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


class GraphStore:
    """A drugkg knowledge graph in an Oxigraph store (on disk or in memory).

    A store directory holds ``oxigraph/`` (the RocksDB data) and ``drugkg.lock``.
    One writer at a time may open it (an exclusive ``flock`` on the lock file; a
    second writer gets :class:`StoreLockedError`); any number of read-only readers
    may open it while no writer has it (a shared ``flock``: Oxigraph documents a
    read-only instance beside a writing process as undefined behaviour).

    Writes are atomic: :meth:`replace_document` and :meth:`remove_document` read what
    they need, then send the whole change (the document's named graph, the statement
    nodes of every fact it touched, the entities) as one SPARQL UPDATE request, which
    Oxigraph applies as a single RocksDB transaction: after a crash, even a SIGKILL,
    the store holds the old version or the new one (``tests/kg/test_atomicity.py``).

    >>> from drugkg.model import Entity, EntityType, Evidence, Triple
    >>> doc = Document.from_text("d1", "Clonazepam treats seizures.")
    >>> ev = Evidence("d1", doc.text, 0, 27, "treats.x", confidence=0.9)
    >>> t = Triple(Entity.make(EntityType.DRUG, "clonazepam"), Predicate.TREATS,
    ...            Entity.make(EntityType.CONDITION, "seizures"))
    >>> store = GraphStore.memory()
    >>> store.replace_document(doc, [Assertion(t, ev)])
    Change(doc_id='d1', added=31, removed=0, facts=1)
    >>> [(f.subject, f.predicate, f.object, f.confidence) for f in store.facts()]
    [('clonazepam', 'treats', 'seizures', 0.9)]
    >>> [(e.doc_id, e.sentence, e.rule) for e in store.explain("Clonazepam", "treats", "seizure")]
    [('d1', 'Clonazepam treats seizures.', 'treats.x')]
    >>> store.stats().facts_by_predicate
    {'treats': 1}
    >>> list(store.documents()) == ["d1"], store.remove_document("d1").removed
    (True, 31)
    >>> len(store), len(store.to_dataset())
    (0, 0)
    """

    def __init__(
        self,
        backend: Backend,
        *,
        path: Path | None = None,
        read_only: bool = False,
        lock: StoreLock | None = None,
    ) -> None:
        self._store: Backend | None = backend
        self._path = path
        self._read_only = read_only
        self._lock = lock
        self._write_lock = threading.RLock()

    # -- opening and closing -------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, locked: bool = False
    ) -> GraphStore:
        """Open the store in directory ``path``, creating it unless ``read_only``.

        Raises :class:`StoreLockedError` if another process writes it (or, for a
        writer, reads it), :class:`FileNotFoundError` for a missing read-only store and
        :class:`StoreError` for one a reader cannot open (its creation was interrupted).
        ``locked`` says the process that started this one holds the lock for it (``drugkg
        serve --allow-update`` for its worker), so it is not taken again.
        """
        directory = Path(path)
        if read_only:
            data_files = any((directory / _DATA_DIR).glob("*.sst"))
            if not (directory / _DATA_DIR / "CURRENT").exists() and not data_files:
                raise FileNotFoundError(f"no drugkg store at {directory}")
        else:
            directory.mkdir(parents=True, exist_ok=True)
        lock = None if locked else StoreLock(directory, shared=read_only)
        try:
            data = str(directory / _DATA_DIR)
            current = (directory / _DATA_DIR / "CURRENT").exists()
            if not current and any((directory / _DATA_DIR).glob("*.sst")):
                raise damaged(directory, "its RocksDB file CURRENT is missing")  # never made anew
            store = ox.Store.read_only(data) if read_only else ox.Store(data)
        except (RuntimeError, OSError) as exc:
            if lock is not None:
                lock.release()
            if isinstance(exc, StoreError):
                raise
            if is_damage(exc):
                raise damaged(directory, " ".join(str(exc).split())) from exc
            if not read_only or isinstance(exc, OSError):
                raise
            # RocksDB refuses a store whose creation was cut short (missing column
            # families); a writer completes it, so say how to recover.
            reason = " ".join(str(exc).split())
            raise StoreError(
                f"cannot read the store at {directory} ({reason}); if a build was "
                "interrupted, run 'drugkg build' again to complete it"
            ) from exc
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(store, path=directory, read_only=read_only, lock=lock)

    @classmethod
    def memory(cls) -> GraphStore:
        """A fresh in-memory store (nothing is written to disk)."""
        return cls(ox.Store())

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    def close(self) -> None:
        """Flush, close the store and release the lock; closing twice is harmless."""
        if self._store is None:
            return
        if self._path is not None and not self._read_only:
            self._store.flush()
        self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def backend(self) -> Backend:
        """The store underneath: a pyoxigraph Store, or a SPARQL client (read it; write
        through this class)."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    @property
    def oxigraph(self) -> Backend:
        """:attr:`backend`, by its older name."""
        return self.backend

    def quads(self, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one graph."""
        return self.backend.quads_for_pattern(None, None, None, graph)

    def __len__(self) -> int:
        return len(self.backend)

    # -- writing ---------------------------------------------------------------

    def replace_document(
        self, doc: Document, assertions: Iterable[Assertion] = (), doses: Iterable[Dose] = ()
    ) -> Change:
        """Replace everything ``doc`` says: its named graph and the facts it touches.

        Atomic: the whole change is one SPARQL UPDATE request, which Oxigraph applies
        in one transaction, so a crash leaves the old version or the new one. Running
        it again with the same input changes nothing.
        """
        return self._apply(doc.id, document_graph(doc, assertions, doses))

    def remove_document(self, doc_id: str) -> Change:
        """Remove a document, its evidence, and facts and entities left without support.

        Removing a document the store does not hold changes nothing. Atomic, like
        :meth:`replace_document`; see :meth:`remove_documents` for the cost.
        """
        return self._remove([doc_id], doc_id)

    def remove_documents(self, doc_ids: Iterable[str], *, batch: int = 500) -> Change:
        """Remove documents ``batch`` at a time, each batch in one transaction.

        A batch drops the documents' named graphs and derives again only the facts and
        entities they supported (:mod:`drugkg.kg._remove`): the cost follows what the
        documents said, not the size of the store.

        >>> store = GraphStore.memory()
        >>> for i in range(3):
        ...     _ = store.replace_document(Document.from_text(f"d{i}", "No facts."))
        >>> store.remove_documents(["d0", "d2", "absent"], batch=2).removed, list(store.documents())
        (10, ['d1'])
        """
        if batch < 1:
            raise ValueError(f"batch must be at least 1, not {batch}")
        ids = list(doc_ids)
        added = removed = facts = 0
        for start in range(0, len(ids), batch):
            change = self._remove(ids[start : start + batch], "")
            added, removed, facts = (
                added + change.added,
                removed + change.removed,
                facts + change.facts,
            )
        return Change(doc_id="", added=added, removed=removed, facts=facts)

    def _remove(self, doc_ids: list[str], name: str) -> Change:
        self._check_writable()
        with self._write_lock:
            removal = removal_plan(self.backend, doc_ids)
            if removal.graphs or removal.removes or removal.adds:
                self.backend.update(removal_request(removal))
            removed = removal.graph_quads + len(removal.removes)
            return Change(
                doc_id=name, added=len(removal.adds), removed=removed, facts=removal.facts
            )

    def _check_writable(self) -> None:
        if self._read_only:
            raise StoreError("the store is open read-only")

    def _apply(self, doc_id: str, new: DocumentGraph | None) -> Change:
        self._check_writable()
        with self._write_lock:
            removes, adds, facts = plan(self.backend, doc_id, new)
            drop = new is None and self.backend.contains_named_graph(graph_iri(doc_id))
            if removes or adds or drop:
                self.backend.update(
                    update_request(removes, adds, graph_iri(doc_id) if drop else None)
                )
            return Change(doc_id=doc_id, added=len(adds), removed=len(removes), facts=facts)

    # -- bulk writing (large builds) -------------------------------------------

    def bulk_load(
        self, data: bytes | str | os.PathLike[str] | IO[bytes], *, format: str = "nq"
    ) -> None:
        """Load N-Quads (``format="nq"``) or TriG (``"trig"``) as they are, fast.

        ``data`` is the serialization itself (``bytes``), or a file (a path or a binary
        file object). This is pyoxigraph's ``bulk_load``: no transaction, and nothing
        derived (fact statements, entities) is recomputed. It is meant for the named
        graphs of documents the store does not hold yet; follow it with :meth:`refresh`
        for the facts and entities they refer to.

        >>> store = GraphStore.memory()
        >>> store.bulk_load(b'<http://e/s> <http://e/p> "o" <http://e/g> .')
        >>> len(store)
        1
        """
        self._check_writable()
        if format not in DATASET_FORMATS:
            valid = ", ".join(sorted(DATASET_FORMATS))
            raise ValueError(f"unknown bulk format {format!r}; valid: {valid}")
        rdf_format = DATASET_FORMATS[format]
        with self._write_lock:
            if isinstance(data, bytes):
                self.backend.bulk_load(data, rdf_format, lenient=True)
            elif isinstance(data, str | os.PathLike):
                self.backend.bulk_load(path=data, format=rdf_format, lenient=True)
            else:
                self.backend.bulk_load(data, rdf_format, lenient=True)

    def refresh(self, derived: Derivation) -> Change:
        """Bring derived data up to date after :meth:`bulk_load`, in one transaction.

        What ``derived`` counted (facts, entities, checksums) is derived again from
        every reading the store holds (see :func:`drugkg.kg._update.refresh_plan`).
        """
        self._check_writable()
        with self._write_lock:
            removes, adds = refresh_plan(self.backend, derived)
            if removes:
                self.backend.update(update_request(removes, adds, None))
            elif adds:
                self.backend.extend(adds)  # one transaction, without a SPARQL text to parse
        return Change(
            doc_id="", added=len(adds), removed=len(removes), facts=len(derived.statements)
        )

    # -- reading (see drugkg.kg.read) ---------------------------------------------

    def documents(self) -> dict[str, str]:
        """Each stored document id with the sha256 it was stored with."""
        return read.documents(self.backend)

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` give variables values as RDF terms.

        Bound values are never pasted into the query text: they are substituted by
        the engine (pyoxigraph ``substitutions``), which requires a SELECT query that
        projects the bound variables. Prefixes of ``kg/vocab.py`` need no declaration.

        >>> with GraphStore.memory() as store:
        ...     store.query("SELECT ?x WHERE {}", bindings={"x": "a"}).rows()
        [('a',)]
        """
        return run_query(self.backend, sparql, bindings=bindings)

    def resolve(self, label: str) -> set[ox.NamedNode]:
        """The entities a label names: by label or synonym (case-insensitive) or by key.

        A brand name also resolves to its drugs.
        """
        return read.resolve(self.backend, label)

    def close_labels(self, name: str, *, n: int = 3) -> list[str]:
        """The labels and synonyms closest to ``name``: what a misspelt name meant."""
        from drugkg.kg.suggest import close_labels

        return close_labels(self.backend, name, n=n)

    def facts(
        self,
        *,
        drug: str | None = None,
        predicate: str | Predicate | None = None,
        inverse: bool = False,
    ) -> list[Fact]:
        """Facts with their belief, sorted by subject, predicate and falling confidence.

        ``drug`` keeps facts whose subject it names (a brand name resolves to its drug),
        both directions of a symmetric predicate (``interacts_with``) told from its
        side; with ``inverse``, the facts of other predicates it is the object of.
        ``predicate`` keeps one relation (``treats``...).
        """
        return read.facts(self.backend, drug=drug, predicate=predicate, inverse=inverse)

    def explain(self, subject: str, predicate: str | Predicate, obj: str) -> list[Quote]:
        """The evidence of the facts ``subject predicate obj``, labels matched loosely.

        Labels match case-insensitively, by synonym or by key; a brand name as the
        subject resolves to its drug. Rows are sorted by document and offset.
        """
        return read.explain(self.backend, subject, predicate, obj)

    def stats(self) -> StoreStats:
        """How many documents, facts, pieces of evidence, entities and dose records."""
        return read.stats(self.backend)

    def to_dataset(self) -> rdflib.Dataset:
        """The whole store as an rdflib Dataset (for SHACL, golden tests and rdflib tools)."""
        dataset = rdflib.Dataset()
        data = self.backend.dump(format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=cast(bytes, data), format="nquads")
        return dataset
