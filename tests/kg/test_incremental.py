"""Property: any sequence of replacements and removals ends where a fresh build does."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore
from drugkg.model import (
    Assertion,
    Document,
    Dose,
    Entity,
    EntityType,
    Predicate,
)

from .conftest import reading_document

DRUGS = [Entity.make(EntityType.DRUG, d, synonyms=[d.title()]) for d in ("alprazolam", "diazepam")]
THINGS = [
    Entity.make(EntityType.CONDITION, "anxiety"),
    Entity.make(EntityType.CONDITION, "insomnia"),
    Entity.make(EntityType.SUBSTANCE, "alcohol"),
]
PREDICATES = {
    EntityType.CONDITION: [Predicate.TREATS, Predicate.HAS_SIDE_EFFECT],
    EntityType.SUBSTANCE: [Predicate.INTERACTS_WITH],
}

# One document version: (doc id, [(drug, thing, predicate choice, hedged, error)], with a dose?)
statement = st.tuples(
    st.integers(0, 1),
    st.integers(0, 2),
    st.integers(0, 1),
    st.booleans(),
    st.sampled_from([0.05, 0.1, 0.3]),
)
version = st.tuples(
    st.sampled_from(["a", "b", "c"]), st.lists(statement, max_size=4), st.booleans()
)
operation = st.one_of(version, st.sampled_from(["a", "b", "c"]))  # a str id means: remove it


def make(
    doc_id: str, statements: list[tuple[int, int, int, bool, float]], dose: bool
) -> tuple[Document, list[Assertion], list[Dose]]:
    rows = []
    for i, s in enumerate(statements):
        d, t, p, hedged, error = s
        thing = THINGS[t]
        predicate = PREDICATES[thing.type][p % len(PREDICATES[thing.type])]
        rows.append((f"Statement {i}: {s!r}.", DRUGS[d], predicate, thing, f"rule.{p}", hedged,
                     False, error))  # fmt: skip
    return reading_document(doc_id, rows, DRUGS[0] if dose else None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=8))
def test_incremental_store_equals_fresh_build(operations: list) -> None:
    final: dict[str, tuple] = {}
    with GraphStore.memory() as store:
        for op in operations:
            if isinstance(op, str):
                store.remove_document(op)
                final.pop(op, None)
            else:
                built = make(*op)
                store.replace_document(*built)
                final[op[0]] = built
        with GraphStore.memory() as fresh:
            for doc_id in sorted(final):
                fresh.replace_document(*final[doc_id])
            a, b = store.to_dataset(), fresh.to_dataset()
            assert datasets_isomorphic(a, b), dataset_diff(b, a)
            for built in final.values():  # and re-running changes nothing
                assert not store.replace_document(*built).changed
