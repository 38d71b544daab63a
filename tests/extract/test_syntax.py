"""The dependency syntax layer: the shipped parser, its provenance, and path features."""

from __future__ import annotations

import configparser
import json
import socket
from pathlib import Path

import pytest

from drugkg.extract import syntax
from drugkg.extract.syntax import Parse, path_features

MODELS = Path(syntax.__file__).parent / "models"


def _tree(words: str, heads: list[int], deps: str, tags: str = "") -> Parse:
    """A hand-made parse of space-separated words (offsets follow the words)."""
    ws = words.split()
    starts, pos = [], 0
    for w in ws:
        starts.append(pos)
        pos += len(w) + 1
    return Parse(
        words=tuple(w.lower() for w in ws),
        tags=tuple(tags.split()) if tags else ("X",) * len(ws),
        starts=tuple(starts),
        ends=tuple(s + len(w) for s, w in zip(starts, ws, strict=True)),
        heads=tuple(heads),
        deps=tuple(deps.split()),
    )


def _span(tree: Parse, i: int) -> tuple[int, int]:
    return tree.starts[i], tree.ends[i]


# --------------------------------------------------------------------------- path features
def test_a_plain_statement_is_subject_verb_object():
    t = _tree("Zorbex treats gloom", [1, 1, 1], "nsubj ROOT obj", "PROPN VERB NOUN")
    f = path_features(t, _span(t, 0), _span(t, 2), ())
    assert "y:path=nsubj^obj" in f
    assert "y:lca=treats" in f and "y:sdep=nsubj" in f
    assert "y:len=2" in f
    assert not any(x.startswith(("y:appos", "y:relcl", "y:bracket")) for x in f)


def test_an_apposition_between_the_pair_is_flagged():
    # "Zorbex , a glimmerine , treats gloom": the class is an aside of the subject
    t = _tree("Zorbex , a glimmerine , treats gloom", [5, 3, 3, 0, 3, 5, 5],
              "nsubj punct det appos punct ROOT obj")  # fmt: skip
    f = path_features(t, _span(t, 0), _span(t, 3), [(*_span(t, 3), "<DrugClass>")])
    assert "y:appos" in f and "y:path=^appos" in f
    treats = path_features(t, _span(t, 0), _span(t, 6), [(*_span(t, 3), "<DrugClass>")])
    assert "y:appos" not in treats and "y:path=nsubj^obj" in treats


def test_a_relative_clause_and_brackets_are_flagged():
    # "gloom ( which zorbex treats )": the pair is read through a relative clause in brackets
    t = _tree("Gloom ( which Zorbex treats )", [0, 4, 4, 4, 0, 4],
              "ROOT punct obj nsubj acl:relcl punct")  # fmt: skip
    f = path_features(t, _span(t, 3), _span(t, 0), ())
    assert "y:relcl" in f and "y:bracket" in f


def test_other_mentions_stand_as_their_type_never_their_name():
    t = _tree("Zorbex and quintafen cause gloom", [3, 2, 0, 3, 3],
              "nsubj cc conj ROOT obj")  # fmt: skip
    f = path_features(t, _span(t, 2), _span(t, 4), [(*_span(t, 0), "<Drug>")])
    assert "y:conj" in f and "y:agent_on_path" in f and "y:lca=cause" in f
    assert not any("zorbex" in x or "quintafen" in x or "gloom" in x for x in f)


def test_an_implicit_subject_reads_the_object_path_to_the_root():
    t = _tree("It can cause gloom", [2, 2, 2, 2], "nsubj aux ROOT obj")
    f = path_features(t, None, _span(t, 3), ())
    assert {"y:root=cause", "y:rpath=obj", "y:odep=obj"} <= set(f)


def test_pairs_without_a_path_say_so():
    t = _tree("Zorbex . Gloom", [0, 0, 2], "ROOT punct ROOT")  # two sentences
    assert "y:nopath" in path_features(t, _span(t, 0), _span(t, 2), ())
    assert path_features(t, _span(t, 0), (100, 105), ()) == ["y:none"]


def test_the_switch_is_strict(monkeypatch):
    monkeypatch.setenv("DRUGKG_SYNTAX", "on")
    assert syntax.enabled()
    monkeypatch.setenv("DRUGKG_SYNTAX", "off")
    assert not syntax.enabled()
    monkeypatch.setenv("DRUGKG_SYNTAX", "maybe")
    with pytest.raises(ValueError, match="choose on or off"):
        syntax.enabled()


# ---------------------------------------------------------------------------- the parser
def test_the_shipped_parser_parses_offline(monkeypatch):
    pytest.importorskip("spacy")

    def no_network(*args, **kwargs):
        raise AssertionError("the parser must not touch the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    syntax.parser.cache_clear()
    (tree,) = syntax.parse(["The nurse gave the patient a small tablet."])
    assert tree.words[:3] == ("the", "nurse", "gave")
    assert tree.deps[tree.words.index("gave")] == "ROOT"
    assert tree.heads[tree.words.index("nurse")] == tree.words.index("gave")
    assert tree.deps[tree.words.index("nurse")] == "nsubj"
    assert tree.tags[tree.words.index("tablet")] == "NOUN"


def test_the_shipped_parser_records_how_it_was_trained():
    from drugkg.extract.parser_train import CONFIG, TREEBANK_COMMIT, config_digest

    meta = json.loads((MODELS / syntax.PARSER / "meta.json").read_text())
    config = configparser.ConfigParser(interpolation=None)
    config.read(CONFIG)
    own = meta["drugkg"]
    assert own["seed"] == int(config["system"]["seed"])
    assert own["max_epochs"] == int(config["training"]["max_epochs"])
    assert own["config_sha256"] == config_digest()
    assert own["treebank_commit"] == TREEBANK_COMMIT
    assert meta["license"] == "CC BY-SA 4.0"
    assert {"dev", "test"} <= set(own["scores"])
    assert own["scores"]["test"]["dep_uas"] > 0.7


def test_the_parser_is_small():
    size = sum(p.stat().st_size for p in (MODELS / syntax.PARSER).rglob("*") if p.is_file())
    assert size < 8_000_000


# ----------------------------------------------------------- the relation model reads it
def test_the_relation_model_with_syntax_records_and_reads_the_parse(tmp_path):
    pytest.importorskip("spacy")
    from drugkg.extract.candidates import candidates
    from drugkg.extract.lexicon import Gazetteer, LexiconEntry
    from drugkg.extract.relation import RelationModel, batch_features
    from drugkg.extract.train import PREDICATES, fit
    from drugkg.model import Document, EntityType, Predicate

    gaz = Gazetteer.build(
        [LexiconEntry(EntityType.DRUG, "zorbex"), LexiconEntry(EntityType.CONDITION, "gloom"),
         LexiconEntry(EntityType.CONDITION, "wobbles")]
    )  # fmt: skip
    doc = Document.from_text("t", "Zorbex is used to treat gloom. Zorbex can cause wobbles.")
    cands = list(candidates(doc, gaz))
    plain, parsed = list(batch_features(cands)), list(batch_features(cands, syntax=True))
    assert all(not any(f.startswith("y:") for f in p) for p in plain)
    assert all(any(f.startswith("y:") for f in p) for p in parsed)

    import numpy as np
    from scipy import sparse

    from drugkg.extract.relation import hash_features

    rows = [hash_features(f) for f in parsed]
    x = sparse.csr_matrix(
        (np.ones(sum(map(len, rows))), np.concatenate(rows), np.cumsum([0, *map(len, rows)])),
        shape=(len(rows), 1 << 20),
    )
    y = np.zeros((len(cands), len(PREDICATES)), dtype=np.int64)
    k = PREDICATES.index(Predicate.TREATS)
    y[:, k] = [int(c.object.label == "gloom") for c in cands]
    model = fit(x, y, np.ones(len(cands)), syntax=syntax.PARSER)
    model.save(tmp_path / "m.npz")
    back = RelationModel.load(tmp_path / "m.npz")
    assert back.syntax and back.version == "relation-v1+syntax"
    assert np.allclose(back.scores(cands), model.scores(cands), atol=1e-6)


def test_the_environment_chooses_the_model_with_syntax(monkeypatch):
    pytest.importorskip("spacy")
    from drugkg.extract.relation import from_environment

    monkeypatch.setenv("DRUGKG_SYNTAX", "on")
    model = from_environment()
    assert model is not None and model.syntax and model.version == "relation-v1+syntax"
    monkeypatch.setenv("DRUGKG_SYNTAX", "off")
    model = from_environment()
    assert model is not None and not model.syntax
