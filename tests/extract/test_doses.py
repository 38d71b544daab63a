"""Dose records: amount, unit, frequency, kind, condition and population."""

from __future__ import annotations

import pytest

from drugkg.extract.doses import normalize_frequency
from drugkg.model import Document


def doses(extractor, text):
    return extractor.extract(Document.from_text("d", text)).doses


def test_starting_and_maximum_doses_with_condition_and_population(extractor):
    text = (
        "For adults with epilepsy, the initial dose of levetiracetam is 500 mg taken twice daily. "
        "It can be increased, but the maximum recommended daily dose is 3,000 mg."
    )
    found = {(d.kind, d.amount, d.unit, d.frequency, d.condition.label, d.population.label)
             for d in doses(extractor, text)}  # fmt: skip
    assert ("starting", 500.0, "mg", "2 times a day", "epilepsy", "adults") in found
    assert ("maximum", 3000.0, "mg", "per day", "epilepsy", "adults") in found


def test_tablet_strengths_and_steps_are_not_doses(extractor):
    text = (
        "Lamotrigine is an anticonvulsant. It comes as 25 mg, 100 mg and 200 mg tablets. "
        "The dose is raised in steps of 25 mg."
    )
    assert doses(extractor, text) == ()


def test_population_named_after_the_amount(extractor):
    text = "Zolpidem treats insomnia. The starting dose is 5 mg for women and 10 mg for men."
    found = {(d.amount, d.population.label) for d in doses(extractor, text)}
    assert found == {(5.0, "women"), (10.0, "men")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three times a day", "3 times a day"),
        ("two times a day", "2 times a day"),
        ("once daily", "once a day"),
        ("every 4 to 6 hours", "every 4 to 6 hours"),
        ("every other day", "every other day"),
        ("right before bed", "at bedtime"),
        ("a daily dose", "per day"),
        ("with food", None),
    ],
)
def test_frequencies_have_one_spelling(text, expected):
    assert normalize_frequency(text) == expected


def test_seed_doses(extractor):
    """The seed corpus' dose records are found (its gold lives beside the checkout)."""
    from pathlib import Path

    from drugkg.evaluate import evaluate_doses, load_gold_doses
    from drugkg.readers import read_document

    shared = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    if not (shared / "seeds.doses.tsv").exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    gold = load_gold_doses(shared / "seeds.doses.tsv")
    predicted = {}
    for path in sorted((shared / "seeds").iterdir()):
        doc = read_document(path)
        predicted[doc.id] = extractor.extract(doc).doses
    score = evaluate_doses(gold, predicted)
    assert score.matched == score.gold
