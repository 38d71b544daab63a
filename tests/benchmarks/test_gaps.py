"""The list of sentences the rules say nothing about."""

from __future__ import annotations

import pytest

from benchmarks.gaps import main


def test_a_sentence_with_the_cue_and_the_types_but_no_reading_is_listed(tmp_path, capsys):
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "lithium.txt").write_text(
        "Lithium treats mania. Lithium helps in the treatment of mania and of a rash in dogs "
        "at night sometimes. Lithium is a salt.\n",
        encoding="utf-8",
    )
    assert main(["--corpus", str(tmp_path), "--predicate", "treats", "--cue", r"\btreat"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 sentences")
    assert "lithium :: Lithium helps in the treatment of mania" in out
    assert "Lithium treats mania." not in out  # read: a use was stated
    assert "a salt" not in out  # no cue


def test_an_empty_corpus_is_one_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--corpus", str(tmp_path), "--predicate", "treats", "--cue", "treat"])
    assert exit.value.code == 2
    assert "no */*.txt under" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--types", "Class"], "no entity type 'Class'; did you mean: DrugClass?"),
        (["--cue", "(treat"], "--cue is no regular expression"),
    ],
)
def test_a_wrong_option_is_one_line_that_says_what_was_meant(tmp_path, capsys, option, said):
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "a.txt").write_text("Lithium treats mania.\n", encoding="utf-8")
    args = ["--corpus", str(tmp_path), "--predicate", "treats", "--cue", "treat", *option]
    with pytest.raises(SystemExit) as exit:
        main(args)
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err
