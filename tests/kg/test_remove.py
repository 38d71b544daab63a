"""Removing documents: the graph a fresh build of the rest gives, at a cost the store's size
does not set."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drugkg.kg.bulk import BulkWriter, built
from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore
from drugkg.model import Entity, EntityType, Predicate

from .conftest import reading_document

DRUGS = [Entity.make(EntityType.DRUG, d) for d in ("alprazolam", "diazepam")]
THINGS = [
    (Predicate.TREATS, Entity.make(EntityType.CONDITION, "anxiety")),
    (Predicate.HAS_SIDE_EFFECT, Entity.make(EntityType.CONDITION, "drowsiness")),
    (Predicate.INTERACTS_WITH, Entity.make(EntityType.SUBSTANCE, "alcohol")),
]

# One reading: (drug, thing, hedged, negated, error); a document: its readings and a dose?
reading = st.tuples(
    st.integers(0, 1),
    st.integers(0, 2),
    st.booleans(),
    st.booleans(),
    st.sampled_from([0.0, 0.01, 0.05, 0.3, 0.6]),
)
document = st.tuples(st.lists(reading, max_size=3), st.booleans())


def make(i: int, readings: list[tuple[int, int, bool, bool, float]], dose: bool) -> tuple:
    rows = [
        (f"Reading {n}: {r!r}.", DRUGS[r[0]], *THINGS[r[1]], "rule.x", r[2], r[3], r[4])
        for n, r in enumerate(readings)
    ]
    return reading_document(f"doc-{i:03d}", rows, DRUGS[i % 2] if dose else None)


def bulk_store(docs: list[tuple]) -> GraphStore:
    """A store built the way ``drugkg build`` builds one (bulk load, one derivation)."""
    store = GraphStore.memory()
    writer = BulkWriter(store)
    for doc, assertions, doses in docs:
        writer.add(built(doc, assertions, doses))
    writer.close()
    return store


def assert_same(store: GraphStore, fresh: GraphStore) -> None:
    a, b = store.to_dataset(), fresh.to_dataset()
    assert datasets_isomorphic(a, b), dataset_diff(b, a)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(document, min_size=1, max_size=16),
    st.data(),
    st.integers(1, 5),
)
def test_removing_documents_leaves_what_building_the_rest_gives(
    documents: list, data: st.DataObject, batch: int
) -> None:
    docs = [make(i, *d) for i, d in enumerate(documents)]
    gone = data.draw(st.sets(st.integers(0, len(docs) - 1)))
    with bulk_store(docs) as store:
        names = [docs[i][0].id for i in sorted(gone)] + ["not-stored"]
        store.remove_documents(names, batch=batch)
        with bulk_store([d for i, d in enumerate(docs) if i not in gone]) as fresh:
            assert_same(store, fresh)


def test_a_well_supported_fact_keeps_its_counts_when_documents_go() -> None:
    """Twenty sure readings settle the belief: removal then counts, it does not re-read."""
    docs = [make(i, [(0, 0, i % 3 == 0, False, 0.05)], False) for i in range(20)]
    with bulk_store(docs) as store, bulk_store(docs[5:]) as fresh:
        change = store.remove_documents([d[0].id for d in docs[:5]])
        assert change.facts == 1
        assert_same(store, fresh)
        assert [(f.confidence, f.support) for f in store.facts()] == [(1.0, 15)]


def test_a_document_stored_without_its_checksum_is_removed_from_what_the_store_holds() -> None:
    """A document an interrupted build loaded but never derived: the facts are derived
    from the readings left, not from counts that never included it."""
    docs = [make(i, [(0, 0, False, False, 0.01)], False) for i in range(8)]
    with bulk_store(docs) as store, bulk_store(docs) as fresh:
        loaded = built(*make(8, [(0, 0, False, False, 0.01)], False))
        store.bulk_load(loaded.nquads)  # no checksum, nothing derived
        store.remove_documents([loaded.doc_id, docs[0][0].id])
        fresh.remove_documents([docs[0][0].id])
        assert_same(store, fresh)


def test_removing_the_only_support_removes_the_fact_and_its_entities() -> None:
    docs = [
        make(0, [(0, 2, False, False, 0.05)], True),
        make(1, [(1, 0, False, False, 0.3)], False),
    ]
    with bulk_store(docs) as store:
        store.remove_documents([docs[0][0].id])
        assert [(f.subject, f.object) for f in store.facts()] == [("diazepam", "anxiety")]
        labels = {str(r[0]) for r in store.query("SELECT ?l { ?e rdfs:label ?l }").rows()}
        assert labels == {"diazepam", "anxiety"}


def test_batch_must_be_positive() -> None:
    with GraphStore.memory() as store, pytest.raises(ValueError, match="batch"):
        store.remove_documents(["a"], batch=0)


class _Counting:
    """A backend that counts the quads read through it (the work a removal does)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.read = 0

    def quads_for_pattern(self, *args: Any) -> Iterator[ox.Quad]:
        for q in self.store.quads_for_pattern(*args):
            self.read += 1
            yield q

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def __contains__(self, quad: object) -> bool:
        return quad in self.store

    def __len__(self) -> int:
        return len(self.store)


def _quads_read_removing(size: int) -> int:
    """Quads read to remove the same 3 documents from a store of ``size`` documents that
    all state the same facts (the worst case: every fact's support grows with the store)."""
    docs = [
        make(i, [(0, 0, False, False, 0.05), (1, 1, False, False, 0.3)], i % 5 == 0)
        for i in range(size)
    ]
    with bulk_store(docs) as built_store:
        counting = _Counting(built_store.backend)  # type: ignore[arg-type]
        with GraphStore(counting) as store:  # type: ignore[arg-type]
            store.remove_documents([d[0].id for d in docs[10:13]])
            return counting.read


def test_removal_reads_as_much_from_a_large_store_as_from_a_small_one() -> None:
    assert _quads_read_removing(200) == _quads_read_removing(40)
