"""Extra rule and lexicon files (``--rules DIR`` / ``$DRUGKG_RULES``), checked like ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugkg.extract.engine import Extractor
from drugkg.extract.extra import RULES_ENV, extra_files
from drugkg.extract.lexicon import LexiconError, default_gazetteer
from drugkg.extract.rules import RuleError, load_rules
from drugkg.model import Document

RULE = """\
predicate: treats
rules:
  - id: mine.soothes
    pattern: "{subject=drug} soothes {objects}"
    example: "Zzzquilonex soothes restless legs syndrome."
    yields: [[zzzquilonex, restless legs syndrome]]
"""
LEXICON = """\
type: Drug
entries:
  - label: zzzquilonex
"""


def _extras(tmp_path: Path, rule: str = RULE, lexicon: str = LEXICON) -> Path:
    (tmp_path / "extra" / "rules").mkdir(parents=True)
    (tmp_path / "extra" / "lexicon").mkdir()
    (tmp_path / "extra" / "rules" / "mine.yaml").write_text(rule, encoding="utf-8")
    (tmp_path / "extra" / "lexicon" / "mine.yaml").write_text(lexicon, encoding="utf-8")
    return tmp_path / "extra"


def test_no_extras_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULES_ENV, raising=False)
    assert extra_files("rules") == [] and extra_files("lexicon") == []


def test_extra_rules_and_lexicon_entries_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RULES_ENV, str(_extras(tmp_path)))
    monkeypatch.setenv("DRUGKG_CACHE_DIR", str(tmp_path / "cache"))
    rules = load_rules()
    assert "mine.soothes" in {r.id for r in rules.rules}
    extractor = Extractor(rules, default_gazetteer())
    text = "Zzzquilonex soothes restless legs syndrome."
    found = extractor.extract(Document.from_text("d", text)).assertions
    assert [(a.triple.subject.label, a.triple.predicate.value, a.evidence.rule) for a in found] == [
        ("zzzquilonex", "treats", "mine.soothes")
    ]


def test_a_bad_extra_rule_is_refused_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = RULE.replace("    example:", "    colour: red\n    example:")
    monkeypatch.setenv(RULES_ENV, str(_extras(tmp_path, rule=bad)))
    with pytest.raises(RuleError, match=r"mine\.yaml.*mine\.soothes.*colour"):
        load_rules()


def test_an_extra_rule_may_not_reuse_a_bundled_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash = RULE.replace("mine.soothes", "alternatives.instead_of")
    monkeypatch.setenv(RULES_ENV, str(_extras(tmp_path, rule=clash)))
    with pytest.raises(RuleError, match="duplicate id"):
        load_rules()


def test_a_bad_extra_lexicon_is_refused_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RULES_ENV, str(_extras(tmp_path, lexicon="type: Potion\nentries: []\n")))
    monkeypatch.setenv("DRUGKG_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(LexiconError, match=r"mine\.yaml"):
        default_gazetteer()


def test_a_missing_or_empty_directory_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RULES_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(RuleError, match="not a directory"):
        extra_files("rules")
    monkeypatch.setenv(RULES_ENV, str(tmp_path))
    with pytest.raises(RuleError, match="neither rules/ nor lexicon/"):
        extra_files("rules")
