"""The gold sets the quality benchmark scores."""

from __future__ import annotations

from benchmarks.quality import GOLD_SETS, UNLABELED10_DEV, UNLABELED10_TEST, _files
from drugkg.evaluate import load_gold


def test_the_unlabeled10_halves_split_its_documents_and_its_gold_names_them():
    dev, test = GOLD_SETS["unlabeled10-dev"], GOLD_SETS["unlabeled10-test"]
    dev_docs = {p.stem for p in _files(dev)}
    test_docs = {p.stem for p in _files(test)}
    assert len(dev_docs) == len(UNLABELED10_DEV) == 5
    assert len(test_docs) == len(UNLABELED10_TEST) == 5
    assert not dev_docs & test_docs
    gold_docs = {fact.doc for fact in load_gold(dev.gold)}
    assert gold_docs == dev_docs | test_docs
    # names only: no sentence of the shared corpora is copied into the project
    assert all(not fact.evidence for fact in load_gold(dev.gold))
