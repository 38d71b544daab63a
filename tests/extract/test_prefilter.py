"""The RE2 prefilter: it may let through rules that do not match, never drop one that does."""

from __future__ import annotations

import re

import pytest

from drugkg.extract import prefilter
from drugkg.extract.engine import Extractor
from drugkg.extract.prefilter import RulePrefilter, loosen
from drugkg.extract.rules import load_rules
from drugkg.model import Document

pytest.importorskip("re2")


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?<!\w)café(?!\w)", "un café noir"),  # lookarounds dropped
        (r"[\w-]+ syndrome", "sérotonine syndrome"),  # \w is Unicode-wide in Python
        (r"dose\s+of", "dose\u00a0of"),  # so is \s (a no-break space)
        (r"⟨C\d+\|[^⟩]*⟩", "⟨C12|nausea⟩"),  # a placeholder, upper-case type letter
        (r"[^.;]{0,300}? include", "a long qualifier include"),  # a counted repeat
    ],
)
def test_a_loosened_pattern_matches_wherever_python_matches(pattern, text):
    assert re.search(pattern, text)
    assert RulePrefilter([pattern]).candidates([text]) == 1, loosen(pattern)


def test_a_rule_that_cannot_match_is_left_out():
    f = RulePrefilter([r"(?<!\w)used for(?!\w)", r"causes? nausea"])
    assert f.candidates(["it is used for pain"]) == 0b01
    assert f.candidates(["nothing of the kind"]) == 0


def test_every_bundled_rule_compiles_for_re2():
    rules = load_rules().rules
    f = RulePrefilter(r.regex.pattern for r in rules)
    assert f._always == 0  # no rule falls back to "always try"


def test_without_re2_every_rule_is_a_candidate(monkeypatch):
    monkeypatch.setattr(prefilter, "_re2", None)
    assert RulePrefilter(["a", "b", "c"]).candidates(["zzz"]) == 0b111


TEXT = """Sertraline

Sertraline is used to treat depression and panic disorder. It can cause nausea,
insomnia and sexual dysfunction. Do not take it with MAOIs such as phenelzine.
Sertraline (Zoloft) is an SSRI. Stopping it suddenly may cause dizziness and irritability.
"""


def test_the_extractor_reads_the_same_with_and_without_it():
    def read(extractor):
        found = extractor.extract(Document.from_text("d", TEXT)).assertions
        return sorted(
            (a.triple.subject.key, a.triple.predicate.value, a.triple.object.key, a.evidence.rule)
            for a in found
        )

    with_filter = read(Extractor())
    assert with_filter  # the text states facts, so the comparison means something
    assert with_filter == read(Extractor(prefilter=False))
