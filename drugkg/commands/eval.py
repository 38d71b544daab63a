"""``drugkg eval``: score extraction against a gold TSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from drugkg.commands._common import (
    PathsArg,
    RulesOpt,
    clean,
    err,
    errors,
    fail,
    format_option,
    out,
    use_rules,
)
from drugkg.model import Assertion, Dose

__all__ = ["eval_"]


@errors
def eval_(
    gold: Annotated[
        Path, typer.Argument(help="Gold TSV (doc subject predicate object hedged evidence).")
    ],
    paths: PathsArg,
    rules: RulesOpt = None,
    errors: Annotated[
        bool, typer.Option("--errors", "-e", help="List false positives and misses.")
    ] = False,
    doses: Annotated[
        Path | None, typer.Option(help="Gold dose TSV [default: GOLD with .doses.tsv, if present].")
    ] = None,
    min_precision: Annotated[float, typer.Option(help="Fail below this precision.")] = 0.0,
    min_recall: Annotated[float, typer.Option(help="Fail below this recall.")] = 0.0,
    min_predicate_recall: Annotated[
        float, typer.Option(help="Fail if any predicate's recall is below this.")
    ] = 0.0,
    format: Annotated[str, format_option("table or json.")] = "table",
    predicate: Annotated[
        list[str] | None,
        typer.Option("--predicate", "-p", help="Score only this predicate (repeat for several)."),
    ] = None,
) -> None:
    """Score extraction against a gold TSV: precision, recall, F1 per predicate.

    Only the gold rows of the documents read are scored; gold documents that were not read
    are named on stderr. Gold subjects go through the same lexicon as the extractor's, so an
    abbreviation or a brand in the gold matches its drug.
    """
    from drugkg.evaluate import evaluate, evaluate_doses, load_gold, load_gold_doses, restrict
    from drugkg.extract.lexicon import default_gazetteer
    from drugkg.model import Predicate
    from drugkg.pipeline import extract_paths
    from drugkg.readers import ReadError

    use_rules(rules)

    chosen = None
    if predicate:
        valid = {p.value: p for p in Predicate}
        unknown = [p for p in predicate if p not in valid]
        if unknown:
            fail(f"unknown predicate {unknown[0]!r} (choose from {', '.join(valid)})")
        chosen = [valid[p] for p in predicate]
    gazetteer = default_gazetteer()

    gold_facts = load_gold(gold, normalise=gazetteer.label)
    predicted: dict[str, list[Assertion]] = {}
    predicted_doses: dict[str, tuple[Dose, ...]] = {}
    for result in extract_paths(paths):
        if isinstance(result, ReadError):
            err.print(f"skipped {result}", markup=False, highlight=False)
            continue
        document, extraction = result
        assertions = list(extraction.assertions)
        if chosen is not None:
            assertions = [a for a in assertions if a.triple.predicate in chosen]
        predicted[document.id] = assertions
        predicted_doses[document.id] = extraction.doses
    unread = sorted({g.doc for g in gold_facts} - set(predicted))
    gold_facts = restrict(gold_facts, predicted, chosen)
    if not gold_facts:
        fail(f"{gold}: no gold rows for the documents read (gold documents: "
              f"{', '.join(unread[:5]) or 'none'}{' ...' if len(unread) > 5 else ''})")  # fmt: skip
    if unread:
        err.print(f"not scored: {len(unread)} gold documents were not read", highlight=False)
    score = evaluate(gold_facts, predicted)
    dose_path = doses or gold.with_name(gold.name.replace(".gold.tsv", ".doses.tsv"))
    dose_score = None
    if dose_path != gold and dose_path.exists():
        gold_doses = [d for d in load_gold_doses(dose_path) if d.doc in predicted]
        dose_score = evaluate_doses(gold_doses, predicted_doses)
    rows = score.table()
    if format == "json":
        payload: dict[str, Any] = {"predicates": rows, "hedge_agreement": score.hedge_agreement}
        if dose_score:
            payload["doses"] = {"gold": dose_score.gold, "predicted": dose_score.predicted,
                                "matched": dose_score.matched}  # fmt: skip
        out.print_json(data=payload)
    else:
        table = Table(*rows[0].keys())
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        out.print(table)
        out.print(f"hedge agreement on matched facts: {score.hedge_agreement:.3f}", highlight=False)
        if dose_score:
            out.print(
                f"doses: {dose_score.matched} of {dose_score.gold} gold records found "
                f"({dose_score.predicted} predicted)",
                highlight=False,
            )
    if errors:
        out.print("false positives:", highlight=False)
        for a in score.false_positives:
            t = a.triple
            out.print(f"  {a.evidence.doc_id}\t{t.subject.label}\t{t.predicate.value}\t"
                      f"{t.object.label}\t[{a.evidence.rule}]\t{clean(a.evidence.sentence)[:160]}",
                      highlight=False, markup=False)  # fmt: skip
        out.print("misses:", highlight=False)
        for g in score.misses:
            out.print(f"  {g.label}\t{clean(g.evidence)[:160]}", highlight=False, markup=False)
    failures = score.shortfalls(
        min_precision=min_precision,
        min_recall=min_recall,
        min_predicate_recall=min_predicate_recall,
    )
    if failures:
        fail("below the bar: " + "; ".join(failures))
