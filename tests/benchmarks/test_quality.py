"""The gold sets the quality benchmark scores."""

from __future__ import annotations

import pytest

from benchmarks.quality import (
    GOLD_SETS,
    UNLABELED10_DEV,
    UNLABELED10_TEST,
    UNLABELED12_DEV,
    UNLABELED12_TEST,
    _files,
)
from drugkg.evaluate import load_gold


@pytest.mark.parametrize(
    ("name", "dev_files", "test_files", "size"),
    [
        ("unlabeled10", UNLABELED10_DEV, UNLABELED10_TEST, 5),
        ("unlabeled12", UNLABELED12_DEV, UNLABELED12_TEST, 6),
    ],
)
def test_a_blind_sets_halves_split_its_documents_and_its_gold_names_them(
    name, dev_files, test_files, size
):
    dev, test = GOLD_SETS[f"{name}-dev"], GOLD_SETS[f"{name}-test"]
    dev_docs = {p.stem for p in _files(dev)}
    test_docs = {p.stem for p in _files(test)}
    assert len(dev_docs) == len(dev_files) == size
    assert len(test_docs) == len(test_files) == size
    assert not dev_docs & test_docs
    gold_docs = {fact.doc for fact in load_gold(dev.gold)}
    assert gold_docs == dev_docs | test_docs
    # names only: no sentence of the shared corpora is copied into the project
    assert all(not fact.evidence for fact in load_gold(dev.gold))
