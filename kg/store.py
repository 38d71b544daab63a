"""The graph store: documents in, facts with evidence out, over a pyoxigraph Store."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import IO, Any, Literal, cast
from urllib.parse import unquote

import pyoxigraph as ox
import rdflib
from drugkg.kg import _terms as T
from drugkg.kg._damage import damaged, is_damage
from drugkg.kg._fork import alive, holders, not_inherited
from drugkg.kg.belief import Support, summarize
from drugkg.kg.iri import doc_id_from_iri, document_iri, fact_iri_for, graph_iri
from drugkg.kg.rdf import (
    DocumentGraph,
    Term,
    document_graph,
    double_literal,
    entity_quads,
    fact_quads,
    from_rdflib,
    merge_entities,
    used_prefixes,
)
from drugkg.kg.vocab import ALL_PREFIXES, DKGR

from drugkg.model import (
    Assertion,
    Document,
    Dose,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    entity_key,
)

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Change",
    "EvidenceRow",
    "FactRow",
    "GraphStore",
    "QueryError",
    "QueryResult",
    "StoreError",
    "StoreLockedError",
    "StoreStats",
]

#: Prefixes every query may use without declaring them (``dkg:``, ``drug:``...).
QUERY_PREFIXES: Mapping[str, str] = MappingProxyType(ALL_PREFIXES)

_DATA_DIR = "oxigraph"
_LOCK_FILE = "drugkg.lock"
_FACT_NS = f"{DKGR}fact/"
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class StoreError(Exception):
    """A problem with a drugkg store."""


class StoreLockedError(StoreError):
    """Another drugkg process holds the store."""


class QueryError(StoreError, ValueError):
    """A SPARQL query that cannot run: malformed, or with bad bindings."""


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


@dataclass(frozen=True, slots=True)
class FactRow:
    """One fact with its aggregate belief, for listing."""

    subject: str
    predicate: str
    object: str
    support: int
    evidence: int
    confidence: float
    hedged: bool


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One piece of evidence for a fact, for ``explain``."""

    doc_id: str
    path: str
    sentence: str
    start: int
    end: int
    rule: str
    hedged: bool
    confidence: float


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Counts of what the store holds."""

    documents: int
    facts: int
    evidence: int
    entities: int
    doses: int
    facts_by_predicate: Mapping[str, int] = field(default_factory=dict)


#: SPARQL results formats and RDF formats by name (shared with the HTTP endpoint).
RESULT_FORMATS = _RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = _GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def _display(term: Term | None) -> str:
    """A term as a table cell: literal values as they are, IRIs as prefixed names.

    >>> _display(ox.NamedNode("https://w3id.org/drugkg/resource/drug/clonazepam"))
    'drug:clonazepam'
    >>> _display(ox.Literal("0.9")), _display(None)
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
                tuple(_display(t) for t in (x.subject, x.predicate, x.object)) for x in self.triples
            ]
        return [tuple(_display(row.get(v)) for v in self.variables) for row in self.solutions()]

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows())

    def serialize(self, fmt: str) -> bytes:
        """The result in format ``fmt`` (see the class docstring for the choices)."""
        if self.kind == "graph":
            if fmt not in _GRAPH_FORMATS:
                raise ValueError(
                    f"unknown graph format {fmt!r}; valid: {', '.join(_GRAPH_FORMATS)}"
                )
            out = ox.serialize(
                self.triples, format=_GRAPH_FORMATS[fmt], prefixes=used_prefixes(self.triples)
            )
            return cast(bytes, out)
        if fmt not in _RESULT_FORMATS:
            raise ValueError(f"unknown results format {fmt!r}; valid: {', '.join(_RESULT_FORMATS)}")
        if fmt == "json":
            return self._json
        parsed = ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON)
        return cast(bytes, parsed.serialize(format=_RESULT_FORMATS[fmt]))


def _binding_term(name: str, value: Any) -> Term:
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, rdflib.term.Identifier):
        return from_rdflib(value)
    if isinstance(value, bool | int | float | str):
        return ox.Literal(value)
    raise QueryError(f"binding ?{name}: cannot bind a {type(value).__name__} as an RDF term")


def _iri(term: object) -> ox.NamedNode:
    """``term`` as an IRI (the store writes no blank nodes nor quoted triples)."""
    if not isinstance(term, ox.NamedNode):
        raise StoreError(f"expected an IRI in the store, found {term}")
    return term


def _text(term: object) -> str:
    """The lexical value of an IRI or literal."""
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise StoreError(f"expected an IRI or literal in the store, found {term}")
    return term.value


def _one_line(error: Exception, *, limit: int = 240) -> str:
    """An error message on one line, cut to ``limit`` characters."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Lock:
    """An advisory lock file: exclusive for a writer, shared for readers."""

    def __init__(self, directory: Path, *, shared: bool) -> None:
        path = directory / _LOCK_FILE
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:  # not ours to write, or a read-only file system
            if error.errno == errno.EROFS and not shared:
                raise StoreError(
                    f"cannot write the store at {directory}: it is on a read-only file system"
                ) from None
            if not isinstance(error, PermissionError) and error.errno != errno.EROFS:
                raise
            fd = os.open(path, os.O_RDONLY)
        self._file: IO[str] | None = os.fdopen(fd, "r+" if os.access(path, os.W_OK) else "r")
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._file.read().strip()
            self._file.close()
            self._file = None
            if holder.isdigit() and not alive(int(holder)):  # a stale pid: name who holds it
                holder = ", ".join(str(p) for p in holders(str(path)) if p != os.getpid())
            who = f" (pid {holder})" if holder else ""
            raise StoreLockedError(
                f"store in use by another drugkg process{who}: {directory}"
            ) from None
        if not shared:
            self._file.seek(0)
            self._file.truncate()
            self._file.write(str(os.getpid()))
            self._file.flush()
        not_inherited(self._file)  # a forked child never holds the lock (kg/_fork.py)

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


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

    >>> from drugkg.model import EntityType, Evidence, Triple
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
        store: ox.Store,
        *,
        path: Path | None = None,
        read_only: bool = False,
        lock: _Lock | None = None,
    ) -> None:
        self._store: ox.Store | None = store
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
        lock = None if locked else _Lock(directory, shared=read_only)
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
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph Store (read it; write through this class)."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def quads(self, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one graph."""
        return self.oxigraph.quads_for_pattern(None, None, None, graph)

    def __len__(self) -> int:
        return len(self.oxigraph)

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

        Removing a document the store does not hold changes nothing.
        """
        return self._apply(doc_id, None)

    def _apply(self, doc_id: str, new: DocumentGraph | None) -> Change:
        if self._read_only:
            raise StoreError("the store is open read-only")
        with self._write_lock:
            removes, adds, facts = self._plan(doc_id, new)
            drop = new is None and self.oxigraph.contains_named_graph(graph_iri(doc_id))
            if removes or adds or drop:
                self.oxigraph.update(
                    _update_request(removes, adds, graph_iri(doc_id) if drop else None)
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
        if self._read_only:
            raise StoreError("the store is open read-only")
        formats = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        if format not in formats:
            raise ValueError(f"unknown bulk format {format!r}; valid: {', '.join(formats)}")
        with self._write_lock:
            if isinstance(data, bytes):
                self.oxigraph.bulk_load(data, formats[format], lenient=True)
            elif isinstance(data, str | os.PathLike):
                self.oxigraph.bulk_load(path=data, format=formats[format], lenient=True)
            else:
                self.oxigraph.bulk_load(data, formats[format], lenient=True)

    def refresh(
        self,
        facts: Mapping[ox.NamedNode, tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]],
        entities: Mapping[ox.NamedNode, Entity],
        extra: Iterable[ox.Quad] = (),
        supports: Mapping[ox.NamedNode, Support] | None = None,
    ) -> Change:
        """Bring derived data up to date after :meth:`bulk_load`, in one transaction.

        Each fact of ``facts`` (its IRI and subject, predicate, object nodes) gets its
        plain triple and its statement node recomputed from every reading the store
        holds; each entity of ``entities`` is merged into its stored description; the
        ``extra`` quads (say, documents' checksums, written last so that an interrupted
        build reads those documents again) are added.

        ``supports`` may give a fact's support as computed by the caller from the
        readings it loaded; it is used when the store holds just that many readings of
        the fact (they are then the same), which saves reading every one back.
        """
        if self._read_only:
            raise StoreError("the store is open read-only")
        store = self.oxigraph
        default = ox.DefaultGraph()
        removes: set[ox.Quad] = set()
        adds: set[ox.Quad] = set(extra)
        with self._write_lock:
            for fact, (subject, predicate, obj) in sorted(facts.items(), key=_by_value):
                current = set(store.quads_for_pattern(fact, None, None, default))
                plain = ox.Quad(subject, predicate, obj)
                if plain in store:
                    current.add(plain)
                support = (supports or {}).get(fact)
                if support is None or support.evidence != self._count_readings(fact):
                    readings = self._stored_readings(fact, skip=cast(ox.NamedNode, default))
                    support = summarize(readings) if readings else None
                wanted = (
                    set(fact_quads(fact, subject, predicate, obj, support)) if support else set()
                )
                removes |= current - wanted
                adds |= wanted - current
            for node, entity in sorted(entities.items(), key=_by_value):
                current = {
                    q
                    for q in store.quads_for_pattern(node, None, None, default)
                    if q.predicate not in T.NODE_PREDICATE
                }
                stored = _entity_of(node, current)
                merged = merge_entities([entity] if stored is None else [stored, entity])
                wanted = set(entity_quads(merged))
                removes |= current - wanted
                adds |= wanted - current
            if removes:
                store.update(_update_request(removes, adds, None))
            elif adds:
                store.extend(adds)  # one transaction, without a SPARQL text to parse
        return Change(doc_id="", added=len(adds), removed=len(removes), facts=len(facts))

    def _plan(
        self, doc_id: str, new: DocumentGraph | None
    ) -> tuple[set[ox.Quad], set[ox.Quad], int]:
        """The quads to remove and add to go from the stored version of ``doc_id`` to ``new``."""
        store = self.oxigraph
        graph = graph_iri(doc_id)
        default = ox.DefaultGraph()
        old = set(store.quads_for_pattern(None, None, None, graph))
        wanted = new.quads if new is not None else frozenset()
        removes, adds = old - wanted, set(wanted - old)

        old_facts = {
            _iri(q.subject)
            for q in old
            if q.predicate == T.WAS_DERIVED_FROM and _text(q.subject).startswith(_FACT_NS)
        }
        statements = dict(new.statements) if new is not None else {}
        touched = sorted(old_facts | statements.keys(), key=lambda n: n.value)
        alive: dict[ox.NamedNode, bool] = {}
        candidates: set[ox.NamedNode] = set()
        for fact in touched:
            current = set(store.quads_for_pattern(fact, None, None, default))
            spo = statements.get(fact) or _statement_of(current)
            if spo is None:  # pragma: no cover - a fact always has its statement node
                continue
            subject, predicate, obj = spo
            plain = ox.Quad(subject, predicate, obj)
            if plain in store:
                current.add(plain)
            readings = [_as_stored(e) for e in new.readings.get(fact, ())] if new else []
            readings += self._stored_readings(fact, skip=graph)
            wanted_fact = (
                set(fact_quads(fact, subject, predicate, obj, summarize(readings)))
                if readings
                else set()
            )
            alive[fact] = bool(readings)
            removes |= current - wanted_fact
            adds |= wanted_fact - current
            candidates |= {subject, obj}

        candidates |= {_iri(q.object) for q in old if q.predicate in T.DOSE_LINKS}
        if new is not None:
            candidates |= set(new.entities)
        for node in sorted(candidates, key=lambda n: n.value):
            current = {
                q
                for q in store.quads_for_pattern(node, None, None, default)
                if q.predicate not in T.NODE_PREDICATE
            }
            if self._referenced(node, graph, new, alive):
                readings_of = [e for e in [_entity_of(node, current)] if e is not None]
                if new is not None and node in new.entities:
                    readings_of.append(new.entities[node])
                # No reading at all: the entity is named only by a document an interrupted
                # build loaded without deriving; that document's own rebuild adds it.
                wanted_entity = (
                    set(entity_quads(merge_entities(readings_of))) if readings_of else set()
                )
            else:
                wanted_entity = set()
            removes |= current - wanted_entity
            adds |= wanted_entity - current
        return removes, adds, len(touched)

    def _count_readings(self, fact: ox.NamedNode) -> int:
        """How many readings (evidence links in documents' graphs) of ``fact`` are stored."""
        links = self.oxigraph.quads_for_pattern(fact, T.WAS_DERIVED_FROM, None, None)
        return sum(1 for q in links if not isinstance(q.graph_name, ox.DefaultGraph))

    def _stored_readings(self, fact: ox.NamedNode, *, skip: ox.NamedNode) -> list[_StoredReading]:
        store = self.oxigraph
        readings = []
        for link in store.quads_for_pattern(fact, T.WAS_DERIVED_FROM, None, None):
            if link.graph_name == skip or isinstance(link.graph_name, ox.DefaultGraph):
                continue
            props = {
                q.predicate: q.object
                for q in store.quads_for_pattern(_iri(link.object), None, None, link.graph_name)
            }
            readings.append(
                _StoredReading(
                    doc_id=doc_id_from_iri(cast(ox.NamedNode, link.graph_name)),
                    confidence=float(_text(props[T.CONFIDENCE])),
                    hedged=_text(props[T.HEDGED]) == "true",
                    negated=_text(props[T.NEGATED]) == "true",
                )
            )
        return readings

    def _referenced(
        self,
        node: ox.NamedNode,
        graph: ox.NamedNode,
        new: DocumentGraph | None,
        alive: Mapping[ox.NamedNode, bool],
    ) -> bool:
        """Whether a fact or dose refers to ``node`` once the change is made."""
        store = self.oxigraph
        default = ox.DefaultGraph()
        for link in (T.SUBJECT, T.OBJECT):
            for q in store.quads_for_pattern(None, link, node, default):
                if alive.get(cast(ox.NamedNode, q.subject), True):
                    return True
        if any(alive_ and node in _spo(new, fact) for fact, alive_ in alive.items()):
            return True
        for link in T.DOSE_LINKS:
            for q in store.quads_for_pattern(None, link, node, None):
                if q.graph_name != graph:
                    return True
        return new is not None and any(
            q.object == node and q.predicate in T.DOSE_LINKS for q in new.quads
        )

    # -- reading ---------------------------------------------------------------

    def documents(self) -> dict[str, str]:
        """Each stored document id with the sha256 it was stored with."""
        out: dict[str, str] = {}
        store = self.oxigraph
        for q in store.quads_for_pattern(None, T.TYPE, T.DOCUMENT, None):
            if isinstance(q.graph_name, ox.DefaultGraph):
                continue
            props = {
                p.predicate: _text(p.object)
                for p in store.quads_for_pattern(q.subject, None, None, q.graph_name)
            }
            out[props.get(T.IDENTIFIER, doc_id_from_iri(cast(ox.NamedNode, q.graph_name)))] = (
                props.get(T.SHA256, "")
            )
        return dict(sorted(out.items()))

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` give variables values as RDF terms.

        Bound values are never pasted into the query text: they are substituted by
        the engine (pyoxigraph ``substitutions``), which requires a SELECT query that
        projects the bound variables. Prefixes of ``kg/vocab.py`` need no declaration.

        >>> with GraphStore.memory() as store:
        ...     store.query("SELECT ?x WHERE {}", bindings={"x": "a"}).rows()
        [('a',)]
        """
        substitutions = {}
        for name, value in (bindings or {}).items():
            if not _VARNAME.match(name):
                raise QueryError(f"bad binding name {name!r}: use a SPARQL variable name")
            substitutions[ox.Variable(name)] = _binding_term(name, value)
        try:
            result = self.oxigraph.query(
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
            raise QueryError(f"malformed SPARQL query: {_one_line(error)}") from None
        except RuntimeError as error:
            raise QueryError(f"SPARQL query failed: {_one_line(error)}") from None

    def resolve(self, label: str) -> set[ox.NamedNode]:
        """The entities a label names: by label or synonym (case-insensitive) or by key.

        A brand name also resolves to its drugs.
        """
        store = self.oxigraph
        found: set[ox.NamedNode] = set()
        result = self.query(
            "SELECT ?e ?wanted WHERE { ?e rdfs:label|skos:altLabel ?l "
            "FILTER(lcase(str(?l)) = ?wanted) }",
            bindings={"wanted": label.strip().lower()},
        )
        found |= {cast(ox.NamedNode, row["e"]) for row in result.solutions()}
        key = entity_key(label)
        for entity_type in EntityType:
            node = ox.NamedNode(f"{DKGR}{entity_type.slug}/{key}")
            if ox.Quad(node, T.TYPE, T.CLASS_NODE[entity_type]) in store:
                found.add(node)
        brand_of = T.PREDICATE_NODE[Predicate.HAS_BRAND_NAME]
        for node in list(found):
            for q in store.quads_for_pattern(None, brand_of, node, ox.DefaultGraph()):
                found.add(cast(ox.NamedNode, q.subject))
        return found

    def facts(
        self, *, drug: str | None = None, predicate: str | Predicate | None = None
    ) -> list[FactRow]:
        """Facts with their belief, sorted by subject, predicate and falling confidence.

        ``drug`` keeps facts whose subject it names (a brand name resolves to its drug);
        ``predicate`` keeps one relation (``treats``...).
        """
        wanted_predicate = _predicate(predicate) if predicate is not None else None
        subjects = self.resolve(drug) if drug is not None else None
        result = self.query(
            """SELECT ?s ?p ?sl ?ol ?c ?n ?e ?h WHERE {
                 ?f a dkg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                    dkg:confidence ?c ; dkg:supportCount ?n ; dkg:evidenceCount ?e ;
                    dkg:hedged ?h .
                 ?s rdfs:label ?sl . ?o rdfs:label ?ol .
               }"""
        )
        rows = []
        for row in result.solutions():
            p = T.NODE_PREDICATE.get(cast(ox.NamedNode, row["p"]))
            if p is None or (wanted_predicate is not None and p != wanted_predicate):
                continue
            if subjects is not None and row["s"] not in subjects:
                continue
            rows.append(
                FactRow(
                    subject=row["sl"].value,
                    predicate=p.value,
                    object=row["ol"].value,
                    support=int(row["n"].value),
                    evidence=int(row["e"].value),
                    confidence=float(row["c"].value),
                    hedged=row["h"].value == "true",
                )
            )
        return sorted(rows, key=lambda r: (r.subject, r.predicate, -r.confidence, r.object))

    def explain(self, subject: str, predicate: str | Predicate, obj: str) -> list[EvidenceRow]:
        """The evidence of the facts ``subject predicate obj``, labels matched loosely.

        Labels match case-insensitively, by synonym or by key; a brand name as the
        subject resolves to its drug. Rows are sorted by document and offset.
        """
        p = T.PREDICATE_NODE[_predicate(predicate)]
        store = self.oxigraph
        rows = []
        for s in self.resolve(subject):
            for o in self.resolve(obj):
                fact = fact_iri_for(s.value, p.value, o.value)
                for link in store.quads_for_pattern(fact, T.WAS_DERIVED_FROM, None, None):
                    if isinstance(link.graph_name, ox.DefaultGraph):
                        continue
                    rows.append(
                        self._evidence_row(link.object, cast(ox.NamedNode, link.graph_name))
                    )
        return sorted(set(rows), key=lambda r: (r.doc_id, r.start, r.end, r.rule))

    def _evidence_row(self, node: Term, graph: ox.NamedNode) -> EvidenceRow:
        store = self.oxigraph
        props = {
            q.predicate: _text(q.object) for q in store.quads_for_pattern(node, None, None, graph)
        }
        doc_id = doc_id_from_iri(graph)
        paths = store.quads_for_pattern(document_iri(doc_id), T.PATH, None, graph)
        path = next((_text(q.object) for q in paths), "")
        return EvidenceRow(
            doc_id=doc_id,
            path=path,
            sentence=props[T.SENTENCE],
            start=int(props[T.START]),
            end=int(props[T.END]),
            rule=props[T.RULE],
            hedged=props[T.HEDGED] == "true",
            confidence=float(props[T.CONFIDENCE]),
        )

    def stats(self) -> StoreStats:
        """How many documents, facts, pieces of evidence, entities and dose records."""
        store = self.oxigraph
        default = ox.DefaultGraph()

        def count(cls: ox.NamedNode, graph: ox.DefaultGraph | None) -> int:
            # nodes typed in several graphs come one after the other (the index is sorted
            # by subject, then graph), so counting changes of subject counts each once,
            # in constant memory: a set of the 5 M evidence nodes of 100 000 articles
            # took a gigabyte
            n, previous = 0, None
            for q in store.quads_for_pattern(None, T.TYPE, cls, graph):
                if q.subject != previous:
                    n, previous = n + 1, q.subject
            return n

        by_predicate: Counter[str] = Counter()
        for q in store.quads_for_pattern(None, T.PREDICATE, None, default):
            p = T.NODE_PREDICATE.get(cast(ox.NamedNode, q.object))
            if p is not None:
                by_predicate[p.value] += 1
        return StoreStats(
            documents=len(self.documents()),
            facts=count(T.FACT, default),
            evidence=count(T.EVIDENCE, None),
            entities=sum(count(c, default) for c in T.NODE_TYPE),
            doses=count(T.DOSE_RECORD, None),
            facts_by_predicate=dict(sorted(by_predicate.items())),
        )

    def to_dataset(self) -> rdflib.Dataset:
        """The whole store as an rdflib Dataset (for SHACL, golden tests and rdflib tools)."""
        dataset = rdflib.Dataset()
        data = self.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=cast(bytes, data), format="nquads")
        return dataset


@dataclass(frozen=True, slots=True)
class _StoredReading:
    doc_id: str
    confidence: float
    hedged: bool
    negated: bool


def _as_stored(evidence: Evidence) -> _StoredReading:
    """A reading as it will read back from the store (confidence rounded the same way)."""
    return _StoredReading(
        doc_id=evidence.doc_id,
        confidence=float(double_literal(evidence.confidence).value),
        hedged=evidence.hedged,
        negated=evidence.negated,
    )


def _predicate(value: str | Predicate) -> Predicate:
    if isinstance(value, Predicate):
        return value
    name = value.removeprefix("dkg:")
    try:
        return Predicate(name)
    except ValueError:
        valid = ", ".join(p.value for p in Predicate)
        raise ValueError(f"unknown predicate {value!r}; valid: {valid}") from None


def _statement_of(quads: set[ox.Quad]) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode] | None:
    by_predicate = {q.predicate: q.object for q in quads}
    try:
        return cast(
            tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode],
            (by_predicate[T.SUBJECT], by_predicate[T.PREDICATE], by_predicate[T.OBJECT]),
        )
    except KeyError:
        return None


def _spo(new: DocumentGraph | None, fact: ox.NamedNode) -> tuple[ox.NamedNode, ...]:
    if new is None or fact not in new.statements:
        return ()
    s, _, o = new.statements[fact]
    return (s, o)


def _entity_of(node: ox.NamedNode, quads: set[ox.Quad]) -> Entity | None:
    """The entity a stored description says (None if there is none)."""
    types = [
        T.NODE_TYPE[q.object] for q in quads if q.predicate == T.TYPE and q.object in T.NODE_TYPE
    ]
    labels = [_text(q.object) for q in quads if q.predicate == T.LABEL]
    if not types or not labels:
        return None
    xref_prefix = {prop: prefix for prefix, prop in T.XREF_PROPERTY.items()}
    return Entity(
        type=types[0],
        key=unquote(node.value.rsplit("/", 1)[-1]),
        label=min(labels),
        synonyms=tuple(sorted(_text(q.object) for q in quads if q.predicate == T.ALT_LABEL)),
        xrefs=tuple(
            sorted(
                (xref_prefix[q.predicate], _text(q.object))
                for q in quads
                if q.predicate in xref_prefix
            )
        ),
    )


def _by_value(item: tuple[ox.NamedNode, object]) -> str:
    return item[0].value


def _quad_text(q: ox.Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} ."


def _data_block(quads: Iterable[ox.Quad]) -> str:
    """The body of an INSERT/DELETE DATA block, grouped by graph, in a stable order."""
    default: list[str] = []
    named: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.append(_quad_text(q))
        else:
            named.setdefault(str(q.graph_name), []).append(_quad_text(q))
    parts = sorted(default)
    for graph, lines in sorted(named.items()):
        parts.append(f"GRAPH {graph} {{\n" + "\n".join(sorted(lines)) + "\n}")
    return "\n".join(parts)


def _update_request(removes: set[ox.Quad], adds: set[ox.Quad], drop: ox.NamedNode | None) -> str:
    """One SPARQL UPDATE request for the whole change.

    Terms are written by pyoxigraph itself (their N-Triples form, valid SPARQL), so
    no text from a document can break out of its literal.
    """
    operations = []
    if removes:
        operations.append("DELETE DATA {\n" + _data_block(removes) + "\n}")
    if adds:
        operations.append("INSERT DATA {\n" + _data_block(adds) + "\n}")
    if drop is not None:
        operations.append(f"DROP SILENT GRAPH {drop}")
    return " ;\n".join(operations)
