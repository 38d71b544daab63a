"""Scoring against gold facts, on a small example whose numbers are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugkg.evaluate import (
    GoldError,
    evaluate,
    evaluate_doses,
    load_gold,
    load_gold_doses,
)
from drugkg.model import Assertion, Dose, Entity, EntityType, Evidence, Predicate, Triple

P = Predicate
HEADER = "doc\tsubject\tpredicate\tobject\thedged\tevidence\n"
GOLD = HEADER + (
    "d1\tpropranolol\ttreats\thigh blood pressure|hypertension\t0\tused to treat\n"
    "d1\tPropranolol\ttreats\tmigraine\t0\tused to treat\n"
    "d1\tpropranolol\thas_side_effect\ttiredness|fatigue\t1\tmay cause\n"
    "d1\tpropranolol\thas_side_effect\tcold hands\t1\tmay cause\n"
    "d1\tpropranolol\tcontraindicated_in\tasthma\t0\tdo not take\n"
    "\n"
    "d2\tlithium\ttreats\tbipolar disorder\t0\thelps\n"
    "d2\tlithium\thas_side_effect\ttremor\t0\tcan cause\n"
)
DOSE_HEADER = "doc\tdrug\tcondition\tpopulation\tkind\tamount\tunit\tfrequency\tevidence\n"


def gold_file(tmp_path: Path, text: str = GOLD, name: str = "tiny.gold.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def said(
    doc: str,
    subject: str,
    predicate: Predicate,
    obj: str,
    *,
    hedged: bool = False,
    negated: bool = False,
    object_type: EntityType = EntityType.CONDITION,
) -> Assertion:
    sentence = f"{subject} {predicate.value} {obj}."
    triple = Triple(Entity.make(EntityType.DRUG, subject), predicate, Entity.make(object_type, obj))
    evidence = Evidence(doc, sentence, 0, len(sentence), "test.rule", negated, hedged, 0.9)
    return Assertion(triple, evidence)


PREDICTED = {
    "d1": [
        said("d1", "propranolol", P.TREATS, "Hypertension"),  # tp: an alternative, any case
        said("d1", "propranolol", P.TREATS, "high blood pressure"),  # the same gold row again
        said("d1", "Propranolol", P.TREATS, "migraines"),  # tp: plural
        said("d1", "propranolol", P.TREATS, "migraine"),  # the same triple, another sentence
        said("d1", "propranolol", P.HAS_SIDE_EFFECT, "fatigue", hedged=True),  # tp
        said("d1", "propranolol", P.HAS_SIDE_EFFECT, "dizziness"),  # fp
        said("d1", "propranolol", P.TREATS, "asthma", negated=True),  # ignored: negated
        said("d1", "propranolol", P.CONTRAINDICATED_IN, "asthma", hedged=True),  # tp, hedge wrong
    ],
    "d2": [
        said("d2", "lithium", P.TREATS, "bipolar disorders"),  # tp
        said("d2", "lithium", P.INTERACTS_WITH, "ibuprofen", object_type=EntityType.DRUG),  # fp
        said("d2", "lithium", P.HAS_SIDE_EFFECT, "tremor", negated=True),  # ignored: a miss
    ],
    "d3": [said("d3", "lithium", P.TREATS, "mania")],  # no gold rows: not scored
}


def test_load_gold(tmp_path: Path) -> None:
    gold = load_gold(gold_file(tmp_path))
    assert len(gold) == 7
    first = gold[0]
    assert first.doc == "d1" and first.predicate is P.TREATS
    assert first.subjects == frozenset({"propranolol"})
    assert first.objects == frozenset({"high-blood-pressure", "hypertension"})
    assert first.hedged is False and first.line == 2
    assert gold[2].hedged is True
    assert gold[-1].line == 9  # blank lines are skipped but counted
    assert first.label == "d1\tpropranolol\ttreats\thigh-blood-pressure"


def test_hand_computed_scores(tmp_path: Path) -> None:
    score = evaluate(load_gold(gold_file(tmp_path)), PREDICTED)
    rows = {r["predicate"]: r for r in score.table()}
    # one row per predicate in the order of Predicate, then overall
    assert list(rows) == ["treats", "has_side_effect", "interacts_with", "contraindicated_in",
                          "overall"]  # fmt: skip
    assert rows["treats"] == {"predicate": "treats", "gold": 3, "predicted": 3, "tp": 3, "fp": 0,
                              "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}  # fmt: skip
    assert rows["has_side_effect"] == {
        "predicate": "has_side_effect", "gold": 3, "predicted": 2, "tp": 1, "fp": 1, "fn": 2,
        "precision": 0.5, "recall": 0.333, "f1": 0.4,
    }  # fmt: skip
    assert rows["interacts_with"] == {
        "predicate": "interacts_with", "gold": 0, "predicted": 1, "tp": 0, "fp": 1, "fn": 0,
        "precision": 0.0, "recall": 0.0, "f1": 0.0,
    }  # fmt: skip
    assert (rows["contraindicated_in"]["tp"], rows["contraindicated_in"]["fn"]) == (1, 0)
    assert rows["overall"] == {"predicate": "overall", "gold": 7, "predicted": 7, "tp": 5,
                               "fp": 2, "fn": 2, "precision": 0.714, "recall": 0.714,
                               "f1": 0.714}  # fmt: skip
    # 5 matched facts, of which the contraindication disagrees on hedging
    assert score.hedge_agreement == pytest.approx(4 / 5)


def test_errors_are_listed(tmp_path: Path) -> None:
    score = evaluate(load_gold(gold_file(tmp_path)), PREDICTED)
    assert sorted((a.evidence.doc_id, a.triple.object.label) for a in score.false_positives) == [
        ("d1", "dizziness"),
        ("d2", "ibuprofen"),
    ]
    assert sorted(g.label for g in score.misses) == [
        "d1\tpropranolol\thas_side_effect\tcold-hand",
        "d2\tlithium\thas_side_effect\ttremor",
    ]


def test_duplicates_of_one_gold_row_count_once(tmp_path: Path) -> None:
    gold = load_gold(gold_file(tmp_path, HEADER + "d1\tpropranolol\ttreats\tmigraine\t0\tx\n"))
    forms = ["migraine", "Migraines", "MIGRAINE", "migraines"]
    score = evaluate(gold, {"d1": [said("d1", "propranolol", P.TREATS, f) for f in forms]})
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (1, 0, 0)


def test_two_surface_forms_of_one_row_are_one_hit_not_a_false_positive(tmp_path: Path) -> None:
    gold = load_gold(gold_file(tmp_path, HEADER + "d1\tx\ttreats\thypertension|high blood pressure"
                                                  "\t0\te\n"))  # fmt: skip
    predicted = [said("d1", "x", P.TREATS, "high blood pressure"),
                 said("d1", "x", P.TREATS, "hypertension")]  # fmt: skip
    score = evaluate(gold, {"d1": predicted})
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (1, 0, 0)


def test_negated_predictions_are_ignored(tmp_path: Path) -> None:
    gold = load_gold(gold_file(tmp_path, HEADER + "d1\tpropranolol\ttreats\tmigraine\t0\tx\n"))
    negated = said("d1", "propranolol", P.TREATS, "migraine", negated=True)
    wrong_and_negated = said("d1", "propranolol", P.TREATS, "asthma", negated=True)
    score = evaluate(gold, {"d1": [negated, wrong_and_negated]})
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (0, 0, 1)


def test_the_predicate_must_match(tmp_path: Path) -> None:
    gold = load_gold(gold_file(tmp_path, HEADER + "d1\tpropranolol\ttreats\tmigraine\t0\tx\n"))
    score = evaluate(gold, {"d1": [said("d1", "propranolol", P.USED_OFF_LABEL_FOR, "migraine")]})
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (0, 1, 1)


def test_no_predictions_at_all(tmp_path: Path) -> None:
    score = evaluate(load_gold(gold_file(tmp_path)), {})
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (0, 0, 7)
    assert score.overall.precision == score.overall.recall == score.overall.f1 == 0.0
    assert score.hedge_agreement == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("doc\tsubject\tobject\n", "expected the header doc subject predicate object hedged"),
        (HEADER + "d1\tx\tcures\ty\t0\te\n", ":2: unknown predicate 'cures'"),
        (HEADER + "d1\tx\ttreats\n", ":2: expected 6 columns"),
        ("", "expected the header"),
    ],
    ids=["header", "predicate", "columns", "empty"],
)
def test_broken_gold_files(tmp_path: Path, text: str, message: str) -> None:
    path = gold_file(tmp_path, text)
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=r"nothing\.gold\.tsv: cannot read"):
        load_gold(tmp_path / "nothing.gold.tsv")


def test_the_evidence_column_may_be_missing(tmp_path: Path) -> None:
    gold = load_gold(gold_file(tmp_path, HEADER + "d1\tx\ttreats\ty\t1\n"))
    assert gold[0].evidence == "" and gold[0].hedged is True


# -- doses -----------------------------------------------------------------------------------


def dose(doc: str, amount: float, unit: str = "mg", **kw: object) -> Dose:
    sentence = f"Take {amount} {unit}."
    condition = kw.pop("condition", None)
    population = kw.pop("population", None)
    return Dose(
        drug=Entity.make(EntityType.DRUG, str(kw.pop("drug", "propranolol"))),
        amount=amount,
        unit=unit,
        evidence=Evidence(doc, sentence, 0, len(sentence), "dose.amount"),
        condition=Entity.make(EntityType.CONDITION, str(condition)) if condition else None,
        population=Entity.make(EntityType.POPULATION, str(population)) if population else None,
        **kw,  # type: ignore[arg-type]
    )


def test_dose_scores(tmp_path: Path) -> None:
    path = tmp_path / "tiny.doses.tsv"
    path.write_text(
        DOSE_HEADER
        + "d1\tpropranolol\tmigraine|migraines\tadults\tstarting\t40\tmg\t2 times a day\te\n"
        + "d1\tpropranolol\t\t\tmaximum\t160\tMG\tper day\te\n"
        + "d1\tpropranolol\t\t\tstarting\t10\tmg\tonce a day\te\n"
    )
    gold = load_gold_doses(path)
    assert [g.amount for g in gold] == [40.0, 160.0, 10.0]
    predicted = {
        "d1": [
            dose(
                "d1",
                40,
                kind="starting",
                frequency="2 times a day",
                condition="Migraines",
                population="adult",
            ),
            dose("d1", 160, "mg", kind="maximum", frequency="per day", condition="angina"),
            dose("d1", 10, kind="starting", frequency="2 times a day"),  # wrong frequency
            dose("d1", 80, kind="usual"),
        ],
        "d9": [dose("d9", 5)],  # no gold: not scored
    }
    score = evaluate_doses(gold, predicted)
    assert (score.gold, score.predicted, score.matched) == (3, 4, 2)
    assert [m.amount for m in score.misses] == [10.0]
    assert score.recall == pytest.approx(2 / 3) and score.precision == pytest.approx(2 / 4)


def test_a_bad_dose_amount(tmp_path: Path) -> None:
    path = tmp_path / "bad.doses.tsv"
    path.write_text(DOSE_HEADER + "d1\tx\t\t\tstarting\tforty\tmg\t\te\n")
    with pytest.raises(GoldError, match=r"bad.doses.tsv:2: amount 'forty' is not a number"):
        load_gold_doses(path)


def test_an_interaction_matches_its_gold_row_either_way_round(tmp_path: Path) -> None:
    gold = load_gold(
        gold_file(tmp_path, HEADER + "d\tlorazepam\tinteracts_with\toxycodone\t0\tx\n")
    )
    drug = EntityType.DRUG
    predicted = {
        "d": [
            said("d", "oxycodone", P.INTERACTS_WITH, "lorazepam", object_type=drug),
            said("d", "lorazepam", P.INTERACTS_WITH, "oxycodone", object_type=drug),
        ]
    }
    score = evaluate(gold, predicted)
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (1, 0, 0)


def test_rows_naming_one_finding_with_and_without_its_severity_are_one_fact(tmp_path: Path) -> None:
    from drugkg.extract.lexicon import default_gazetteer

    rows = (
        "d1\tzorbex\thas_side_effect\tneutropenia\t0\te\n"
        "d1\tzorbex\thas_side_effect\tsevere neutropenia\t0\te\n"
    )
    gold = load_gold(gold_file(tmp_path, HEADER + rows), normalise=default_gazetteer().label)
    score = evaluate(gold, {"d1": [said("d1", "zorbex", P.HAS_SIDE_EFFECT, "neutropenia")]})
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (1, 0, 0)
    # without the lexicon the two rows are two facts, the way they are written
    gold = load_gold(gold_file(tmp_path, HEADER + rows))
    score = evaluate(gold, {"d1": [said("d1", "zorbex", P.HAS_SIDE_EFFECT, "neutropenia")]})
    assert (score.overall.tp, score.overall.fn) == (1, 1)
