"""Rule files are validated strictly: errors name the file, the rule and what is wrong."""

from __future__ import annotations

import importlib.resources

import pytest

from drugkg.extract.rules import RuleError, compile_pattern, load_rules

RULES_DIR = importlib.resources.files("drugkg.extract") / "rules"


def _files(**overrides: str) -> dict[str, str]:
    files = {p.name: p.read_text() for p in RULES_DIR.iterdir() if p.name.endswith(".yaml")}
    files.update(overrides)
    return files


RULE = """
predicate: treats
rules:
  - id: custom.rule
    pattern: "{subject} is used for {objects}"
    example: "Sertraline is used for depression."
    yields: [[sertraline, depression]]
"""


def test_a_valid_extra_rule_file_loads():
    rules = load_rules(_files(**{"custom.yaml": RULE}))
    assert any(r.id == "custom.rule" for r in rules.rules)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("example:", "exemple:"), "unknown key(s) ['exemple']"),
        (("predicate: treats", "predicate: cures"), "unknown predicate 'cures'; valid: treats"),
        (("is used for", "is used (for"), "unclosed '('"),
        (("{objects}", "{objectz}"), "unknown macro {objectz}"),
        # a regular-expression character class is not pattern syntax: "[^()]" would
        # otherwise compile to a literal "[^", an empty group and a literal "]"
        (("is used for", "is used [^()]* for"), "empty group '()'"),
        (("{subject} is", "it is"), "no {subject} slot"),
        (("    yields: [[sertraline, depression]]", "    yields: sertraline"), "'yields' must be"),
        (
            ("    example:", "    object: overdose\n    example:"),
            "has no {object} or {objects} slot",
        ),
        (("    example:", "    object: ''\n    example:"), "object must be the label"),
        (("    example:", "    in_passing: often\n    example:"), "in_passing must be true"),
    ],
)
def test_mistakes_are_rejected_with_file_rule_and_reason(change, message):
    bad = RULE.replace(*change)
    with pytest.raises(RuleError) as info:
        load_rules(_files(**{"custom.yaml": bad}))
    text = str(info.value)
    assert "custom.yaml" in text
    assert message in text
    if "exemple" not in change[1]:
        assert "custom.rule" in text


def test_duplicate_ids_are_rejected():
    twice = RULE + RULE.split("rules:\n", 1)[1]
    with pytest.raises(RuleError, match="duplicate id"):
        load_rules(_files(**{"custom.yaml": twice}))


def test_bad_regex_in_cues_is_rejected():
    context = (
        (RULES_DIR / "context.yaml").read_text().replace('  - "\\\\bmight\\\\b"', '  - "(might"', 1)
    )
    with pytest.raises(RuleError, match=r"context\.yaml"):
        load_rules(_files(**{"context.yaml": context}))


def test_unknown_vocabulary_is_rejected():
    bad = RULE.replace("    yields:", "    objects: nonsense\n    yields:")
    with pytest.raises(RuleError, match="unknown objects vocabulary 'nonsense'"):
        load_rules(_files(**{"custom.yaml": bad}))


def test_pattern_language():
    macros = {"subject": "⟨D\\d+⟩", "list": "[^.]*", "entity": "⟨\\w\\d+⟩", "adv": "also|often"}
    rx = compile_pattern("{subject} is {adv}* (used|given) for {objects}", macros)
    assert rx.search("⟨D0⟩ is also often used for x").group("objects") == "x"
    assert rx.search("⟨D0⟩ is usedfor x") is None  # words keep their boundaries
    optional = compile_pattern("{subject} (the )?effects? of {objects}", macros)
    assert optional.search("⟨D0⟩ effect of x") and optional.search("⟨D0⟩ the effects of x")
    escaped = compile_pattern("{subject} \\( {objects} \\)", macros)
    assert escaped.search("⟨D0⟩ (x)").group("objects") == "x"
    ended = compile_pattern("{subject} for {objects} (,|\\.|$)", {**macros, "list": "[^.,]*"})
    assert ended.search("⟨D0⟩ for x").group("objects") == "x"  # "$": the sentence's end
    assert ended.search("⟨D0⟩ for x, y").group("objects") == "x"
    assert compile_pattern("{subject} for x $", macros).search("⟨D0⟩ for x $ y") is None


def test_a_macro_listing_a_word_twice_is_rejected():
    macros = (RULES_DIR / "macros.yaml").read_text()
    bad = macros.replace('  adv: "(?:also|', '  adv: "(?:also|also|', 1)
    assert bad != macros
    with pytest.raises(RuleError, match="macro 'adv' lists 'also' twice"):
        load_rules(_files(**{"macros.yaml": bad}))


def test_requires_adds_a_word_the_sentence_must_have():
    rule = RULE.replace("    yields:", "    requires: [depression, anxiety]\n    yields:")
    loaded = next(r for r in load_rules(_files(**{"custom.yaml": rule})).rules
                  if r.id == "custom.rule")  # fmt: skip
    assert frozenset({"depression", "anxiety"}) in loaded.required


@pytest.mark.parametrize(
    ("requires", "message"),
    [
        ("requires: [insomnia]", "the example has none of the required words"),
        ("requires: Depression", "requires must be a list of lower-case words"),
        ("requires: []", "requires must be a list of lower-case words"),
    ],
)
def test_bad_requires_are_rejected(requires, message):
    rule = RULE.replace("    yields:", f"    {requires}\n    yields:")
    with pytest.raises(RuleError, match=message):
        load_rules(_files(**{"custom.yaml": rule}))


def test_a_rule_may_name_its_object_instead_of_reading_it():
    rule = RULE.replace("is used for {objects}", "taken in excess").replace(
        "    example:", "    object: overdose\n    example:"
    )
    rules = load_rules(_files(**{"custom.yaml": rule}))
    (custom,) = [r for r in rules.rules if r.id == "custom.rule"]
    assert custom.constant_object == "overdose"
    assert "object" not in custom.regex.groupindex


def test_a_bad_regex_in_the_goals_is_rejected():
    lists = (RULES_DIR / "lists.yaml").read_text()
    assert "\ngoals:\n" in lists
    bad = lists.replace("\ngoals:\n", '\ngoals:\n  "(lower blood": hypertension\n', 1)
    with pytest.raises(RuleError, match=r"lists\.yaml: goals"):
        load_rules(_files(**{"lists.yaml": bad}))


def test_the_lists_file_must_name_its_goals():
    lists = (RULES_DIR / "lists.yaml").read_text()
    bad = lists.replace("\ngoals:\n", "\nobjectives:\n", 1)
    with pytest.raises(RuleError, match="expected exactly the keys"):
        load_rules(_files(**{"lists.yaml": bad}))


def test_a_sections_no_effects_flag_must_be_true_or_false():
    sections = _files()["sections.yaml"].replace("no_effects: true", "no_effects: sometimes")
    with pytest.raises(RuleError, match="no_effects must be true or false"):
        load_rules(_files(**{"sections.yaml": sections}))
    overdose = next(s for s in load_rules().sections if s.id == "section.overdose")
    assert overdose.no_effects
