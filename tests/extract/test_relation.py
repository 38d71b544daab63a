"""The relation model: context-only features, deterministic training, the shipped model."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from drugkg.evaluate import GoldFact
from drugkg.extract.candidates import candidates
from drugkg.extract.lexicon import Gazetteer, LexiconEntry
from drugkg.extract.relation import MODEL_VERSION, RelationModel, allowed, features
from drugkg.model import Document, EntityType, Predicate, entity_key

# invented names: the model must read the context, it cannot know these entities
LEXICON = [
    LexiconEntry(EntityType.DRUG, "zorbex", brands=("Zorbia",)),
    LexiconEntry(EntityType.DRUG, "quintafen"),
    LexiconEntry(EntityType.CLASS, "glimmerines"),
    LexiconEntry(EntityType.CONDITION, "gloom"),
    LexiconEntry(EntityType.CONDITION, "wobbles"),
    LexiconEntry(EntityType.CONDITION, "fizzing"),
    LexiconEntry(EntityType.CONDITION, "kidney disease"),
    LexiconEntry(EntityType.SUBSTANCE, "alcohol"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.build(LEXICON)


@pytest.fixture(scope="module")
def shipped() -> RelationModel:
    return RelationModel.load()


def found(model, gaz, text, *, title="Zorbex", threshold=None):
    doc = Document.from_text("t", text, title=title)
    return {
        (a.triple.subject.label, a.triple.predicate.value, a.triple.object.label): a
        for a in model.assertions(doc, gaz, threshold=threshold)
    }


def test_features_never_name_the_entities(gaz):
    doc = Document.from_text("t", "Zorbex is used to treat gloom.\nGloom guide:\n- wobbles\n")
    for cand in candidates(doc, gaz):
        for f in features(cand):
            assert not any(name in f for name in ("zorbex", "gloom", "wobbles")), f


def test_swapping_names_keeps_the_scores(gaz, shipped):
    """The same sentence about other entities of the same types scores the same."""
    a = Document.from_text("t", "Zorbex is used to treat gloom.")
    b = Document.from_text("t", "Quintafen is used to treat fizzing.")
    sa = shipped.scores(list(candidates(a, gaz)))
    sb = shipped.scores(list(candidates(b, gaz)))
    assert np.allclose(sa, sb)


def test_shipped_model_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the model tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    model = RelationModel.load()
    assert model.version == MODEL_VERSION
    assert len(model.predicates) == 12
    assert len(model.thresholds) == 12
    assert all(t > 0.0 for t in model.thresholds)


def test_shipped_model_reads_plain_statements(gaz, shipped):
    facts = found(shipped, gaz, "Zorbex is used to treat gloom. It is one of the glimmerines.")
    assert ("zorbex", "treats", "gloom") in facts
    assert ("zorbex", "member_of_class", "glimmerines") in facts
    a = facts[("zorbex", "treats", "gloom")]
    assert a.evidence.rule == f"model:{MODEL_VERSION}"
    k = shipped.predicates.index(Predicate.TREATS)
    assert shipped.thresholds[k] <= a.evidence.confidence <= 1.0


def test_shipped_model_reads_side_effect_lists(gaz, shipped):
    text = "Zorbex\n\nPossible side effects\n\nCommon side effects include:\n- wobbles\n- fizzing\n"
    facts = found(shipped, gaz, text, threshold=0.5)
    assert ("zorbex", "has_side_effect", "wobbles") in facts
    assert ("zorbex", "has_side_effect", "fizzing") in facts
    assert not any(p == "treats" for _, p, _ in facts)


def test_shipped_model_tells_treatment_from_side_effect(gaz, shipped):
    doc = Document.from_text("t", "Zorbex is used to treat gloom. Zorbex can cause wobbles.")
    probs = {}
    for cand, row in zip(c := list(candidates(doc, gaz)), shipped.scores(c), strict=True):
        probs[cand.object.label] = dict(zip(shipped.predicates, row, strict=True))
    assert probs["gloom"][Predicate.TREATS] > probs["gloom"][Predicate.HAS_SIDE_EFFECT]
    assert probs["wobbles"][Predicate.HAS_SIDE_EFFECT] > probs["wobbles"][Predicate.TREATS]


def test_types_limit_the_predicates(gaz, shipped):
    doc = Document.from_text("t", "Zorbex should not be taken with alcohol.")
    (cand,) = candidates(doc, gaz)
    row = shipped.scores([cand])[0]
    for p, value in zip(shipped.predicates, row, strict=True):
        if not allowed(p, cand):
            assert value == 0.0
    assert not allowed(Predicate.TREATS, cand)


def test_rule_facts_are_not_repeated(gaz, shipped):
    doc = Document.from_text("t", "Zorbex is used to treat gloom.", title="Zorbex")
    first = shipped.assertions(doc, gaz)
    assert first
    assert shipped.assertions(doc, gaz, first) == []


# ----------------------------------------------------------------------------- training
def _fixture_examples(gaz):
    from drugkg.extract.train import label_documents

    texts = {
        "a": "Zorbex is used to treat gloom. Zorbex can cause wobbles.",
        "b": "Quintafen is used to treat wobbles. Quintafen can cause fizzing.",
        "c": "Zorbex is used to treat fizzing. Do not take zorbex with alcohol.",
        "d": "Quintafen can cause gloom. Quintafen is one of the glimmerines.",
    }
    rows = [
        ("a", "zorbex", Predicate.TREATS, "gloom", "used to treat gloom"),
        ("a", "zorbex", Predicate.HAS_SIDE_EFFECT, "wobbles", "can cause wobbles"),
        ("b", "quintafen", Predicate.TREATS, "wobbles", "used to treat wobbles"),
        ("b", "quintafen", Predicate.HAS_SIDE_EFFECT, "fizzing", "can cause fizzing"),
        ("c", "zorbex", Predicate.TREATS, "fizzing", "used to treat fizzing"),
        ("c", "zorbex", Predicate.INTERACTS_WITH, "alcohol", "Do not take zorbex with alcohol"),
        ("d", "quintafen", Predicate.HAS_SIDE_EFFECT, "gloom", "can cause gloom"),
        ("d", "quintafen", Predicate.MEMBER_OF_CLASS, "glimmerines", "one of the glimmerines"),
    ]
    gold = [
        GoldFact(d, frozenset({entity_key(s)}), p, frozenset({entity_key(o)}), False, e, i)
        for i, (d, s, p, o, e) in enumerate(rows)
    ]
    docs = [Document.from_text(k, v) for k, v in texts.items()]
    return label_documents(docs, gold, gaz, corpus="fixture")


def test_labels_come_from_gold_rows(gaz):
    from drugkg.extract.train import PREDICATES

    ex = _fixture_examples(gaz)
    k = PREDICATES.index(Predicate.TREATS)
    labelled = {
        (c.doc_id, c.object.label): row[k] for c, row in zip(ex.candidates, ex.labels, strict=True)
    }
    assert labelled[("a", "gloom")] == 1
    assert labelled[("a", "wobbles")] == 0


def test_training_is_deterministic(gaz, tmp_path):
    from drugkg.extract.train import fit

    ex = _fixture_examples(gaz)
    labels = np.array(ex.labels)
    weights = np.array(ex.weights)
    one = fit(ex.matrix(), labels, weights)
    two = fit(ex.matrix(), labels, weights)
    one.save(tmp_path / "one.npz")
    two.save(tmp_path / "two.npz")
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    back = RelationModel.load(tmp_path / "one.npz")
    assert np.array_equal(back.features, one.features)
    assert np.allclose(back.weights, one.weights)
    doc = Document.from_text("t", "Quintafen is used to treat gloom.")
    cands = list(candidates(doc, gaz))
    assert np.allclose(back.scores(cands), one.scores(cands), atol=1e-6)


# ------------------------------------------------------------------- reproducing the model
@pytest.mark.slow
def test_retraining_reproduces_the_shipped_model(tmp_path, gaz):
    """``python -m drugkg.extract.train`` gives back the shipped file (a few minutes)."""
    from pathlib import Path

    from drugkg.extract.train import main

    root = Path(__file__).resolve().parents[2]
    shared = root.parent / "shared" / "corpus"
    if not (shared / "real.gold.tsv").exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    out = tmp_path / "relation.npz"
    assert (
        main(["--shared", str(shared), "--project", str(root / "corpus"), "--out", str(out)]) == 0
    )
    retrained, shipped = RelationModel.load(out), RelationModel.load()
    doc = Document.from_text(
        "t", "Zorbex is used to treat gloom. Side effects include:\n- wobbles\n- fizzing\n"
    )
    cands = list(candidates(doc, gaz))
    assert np.allclose(retrained.scores(cands), shipped.scores(cands), atol=1e-6)
    assert retrained.thresholds == shipped.thresholds
    assert out.read_bytes() == (root / "extract" / "models" / "relation-v1.npz").read_bytes()
