"""Every rule's example sentence yields exactly the facts the rule declares (one subtest each)."""

from __future__ import annotations

import dataclasses

import pytest

from drugkg.extract.engine import Extractor
from drugkg.extract.rules import Rule, RuleSet, SectionRule, compile_pattern, load_rules
from drugkg.model import Document, Predicate, entity_key

RULES = load_rules()
# A section example is a heading and its bullets; it is read as part of an article about
# the drug named in this opening line.
SECTION_PREAMBLE = "Sertraline is an antidepressant.\n\n"


def _key(gazetteer, label: str, *, brand: bool = False) -> str:
    """The node a label names: the lexicon's entity if it knows the phrase."""
    entity = None if brand else gazetteer.lookup(label)
    return entity.key if entity is not None else entity_key(label)


def _is_topic(rule_id: str) -> bool:
    return any(r.id == rule_id and r.topic for r in RULES.rules)


def _pair(rule: Rule | SectionRule, subject: str, obj: str) -> tuple[str, ...]:
    """Interactions are symmetric (the extractor states them about the article's drug)."""
    if rule.predicate is Predicate.INTERACTS_WITH:
        return tuple(sorted((subject, obj)))
    return (subject, obj)


def _only(rule: Rule | SectionRule) -> RuleSet:
    """A rule set with just this rule (plus the passages a topic rule needs)."""
    if isinstance(rule, SectionRule):
        return dataclasses.replace(RULES, rules=(), sections=(rule,))
    if rule.topic is not None:  # a passage: the rule that sets it and the rules that use it
        return dataclasses.replace(
            RULES, rules=tuple(r for r in RULES.rules if r.topic is not None), sections=()
        )
    sections = RULES.sections if rule.within else ()  # a rule that applies inside sections
    return dataclasses.replace(RULES, rules=(rule,), sections=sections)


@pytest.mark.parametrize("rule", [*RULES.rules, *RULES.sections], ids=lambda r: r.id)
def test_rule_example_yields_declared_facts(rule, gazetteer):
    text = rule.example if isinstance(rule, Rule) else SECTION_PREAMBLE + rule.example
    extractor = Extractor(_only(rule), gazetteer)
    found = {
        _pair(rule, a.triple.subject.key, a.triple.object.key)
        for a in extractor.extract(Document.from_text("example", text)).assertions
        if (a.evidence.rule == rule.id or (rule.topic and _is_topic(a.evidence.rule)))
        and not a.evidence.negated
    }
    brand = rule.predicate is Predicate.HAS_BRAND_NAME
    expected = {
        _pair(rule, _key(gazetteer, s), _key(gazetteer, o, brand=brand)) for s, o in rule.yields
    }
    assert found == expected, f"{rule.id}: {rule.example!r}"


def test_rule_ids_are_unique():
    ids = [r.id for r in (*RULES.rules, *RULES.sections)]
    assert len(ids) == len(set(ids))


def test_every_predicate_has_rules():
    covered = {r.predicate for r in RULES.rules}
    assert covered == set(Predicate)


def test_a_choice_of_plain_words_tries_the_longest_first():
    # "(with|with pre-existing) {objects}": the longer trigger wins, so the object list
    # does not start with the trigger's own last word
    macros = {"list": "[^.]+", "entity": "⟨\\w\\d+⟩"}
    rx = compile_pattern("patients (with|with pre-existing) {objects} should", macros)
    match = rx.search("patients with pre-existing heart disease should rest.")
    assert match is not None
    assert match.group("objects").strip() == "heart disease"
