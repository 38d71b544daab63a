"""Word classes: the shipped file, its strict reading, and its reproducible training."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugkg.extract.clusters import (
    CLUSTERS,
    FILE,
    ClusterError,
    main,
    read_clusters,
    train,
    word_clusters,
    write,
)
from drugkg.extract.literature import token_features, tokens


def test_the_shipped_classes_group_words_of_one_kind():
    classes = word_clusters()
    assert len(classes) > 10_000
    assert classes["rash"] == classes["urticaria"] == classes["hives"]
    assert classes["neutropenia"] == classes["thrombocytopenia"]
    assert classes["rash"] != classes["neutropenia"]
    assert all(0 <= c < CLUSTERS for c in classes.values())


def test_the_tagger_reads_a_words_class_and_its_neighbours():
    classes = word_clusters()
    features = token_features(tokens("severe urticaria"), ["O", "B-condition"])
    assert f"c={classes['urticaria']}" in features[1]
    assert f"c-1={classes['severe']}" in features[1]
    assert "c1=</s>" in features[1]
    assert "c=?" in token_features(tokens("zzqx"), ["O"])[0], "an unknown word has no class"


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("rash\t3\n", "header"),
        ("word\tcluster\nrash\t3\nrash\t4\n", "listed twice"),
        ("word\tcluster\nrash\n", "expected word<TAB>class"),
        (f"word\tcluster\nrash\t{CLUSTERS}\n", "is not below"),
        ("word\tcluster\nRash\t3\n", "expected word<TAB>class"),
    ],
)
def test_a_malformed_file_is_refused_with_its_line(text, complaint):
    with pytest.raises(ClusterError, match=complaint):
        read_clusters(text, "bad.tsv")


_TEXT = (
    "The patient developed a rash and hives after the first dose of the medicine.\n"
    "Another patient developed hives and itching after the second dose of the medicine.\n"
    "A third patient developed itching and a rash after the first dose of the tablets.\n"
)


def test_training_is_deterministic_and_round_trips(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"a{i}.txt").write_text(_TEXT, encoding="utf-8")
    one, two = train(corpus), train(corpus)
    assert one == two
    assert {"rash", "hives", "itching", "patient"} <= set(one)
    write(one, tmp_path / FILE)
    assert read_clusters((tmp_path / FILE).read_text(encoding="utf-8")) == one


def test_an_empty_corpus_is_one_line_of_error(tmp_path, capsys):
    assert main(["--corpus", str(tmp_path), "--out", str(tmp_path / FILE)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert not (tmp_path / FILE).exists()


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_classes(tmp_path):
    """``python -m drugkg.extract.clusters`` gives back the shipped file (about a minute)."""
    project = Path(__file__).resolve().parents[2]
    unlabeled = project.parent / "shared" / "corpus" / "unlabeled"
    if not unlabeled.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    assert main(["--corpus", str(unlabeled), "--out", str(tmp_path / FILE)]) == 0
    shipped = project / "extract" / "models" / FILE
    assert (tmp_path / FILE).read_bytes() == shipped.read_bytes()
