"""``drugkg extract``: facts (or dose records) to stdout, without a store."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated, Any

import typer

from drugkg.commands._common import (
    FollowOpt,
    OutputFormat,
    PathsArg,
    RulesOpt,
    check_format,
    clean,
    err,
    errors,
    format_option,
    use_rules,
)
from drugkg.model import Assertion, Dose

__all__ = ["extract"]


@errors
def extract(
    paths: PathsArg,
    rules: RulesOpt = None,
    format: Annotated[str, format_option("tsv or jsonl.", short=True)] = "tsv",
    include_negated: Annotated[
        bool, typer.Option("--include-negated", help="Also show negated statements.")
    ] = False,
    doses: Annotated[bool, typer.Option("--doses", help="Show dose records instead.")] = False,
    follow_links: FollowOpt = False,
) -> None:
    """Extract facts to stdout without a store (TSV or JSON lines); - reads stdin."""
    from drugkg.pipeline import BuildReport, extract_paths
    from drugkg.readers import ReadError

    use_rules(rules)
    check_format(format, [OutputFormat.TSV, OutputFormat.JSONL])
    report = BuildReport()
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar="\\")  # fmt: skip
    if format == "tsv":
        writer.writerow(_DOSE_COLUMNS if doses else _TSV_COLUMNS)
    failures = 0
    for result in extract_paths(paths, report=report, follow_links=follow_links):
        if isinstance(result, ReadError):
            failures += 1
            err.print(f"skipped {result}", markup=False, highlight=False)
            continue
        document, extraction = result
        if doses:
            for d in extraction.doses:
                _emit(writer, format, _dose_row(document.id, d), d.to_dict())
            continue
        for a in extraction.assertions:
            if a.evidence.negated and not include_negated:
                continue
            _emit(writer, format, _tsv_row(document.id, a), _json_row(document.id, a))
    for item in report.skipped:
        err.print(f"skipped {item.path}: {item.reason}", markup=False, highlight=False)
    if failures and failures == len(paths):
        raise typer.Exit(1)


_TSV_COLUMNS = ["doc", "subject", "predicate", "object", "hedged", "negated", "confidence",
                "rule", "start", "end", "sentence"]  # fmt: skip
_DOSE_COLUMNS = ["doc", "drug", "condition", "population", "kind", "amount", "unit",
                 "frequency", "start", "end", "sentence"]  # fmt: skip


def _tsv_row(doc: str, a: Assertion) -> list[object]:
    t, e = a.triple, a.evidence
    return [doc, t.subject.label, t.predicate.value, t.object.label, int(e.hedged),
            int(e.negated), e.confidence, e.rule, e.start, e.end, clean(e.sentence)]  # fmt: skip


def _json_row(doc: str, a: Assertion) -> dict[str, Any]:
    t, e = a.triple, a.evidence
    return {
        "doc": doc,
        "subject": t.subject.label,
        "predicate": t.predicate.value,
        "object": t.object.label,
        "subject_type": t.subject.type.value,
        "object_type": t.object.type.value,
        "subject_ids": dict(t.subject.xrefs),
        "object_ids": dict(t.object.xrefs),
        **{k: v for k, v in e.to_dict().items() if k != "doc_id"},
    }


def _dose_row(doc: str, d: Dose) -> list[object]:
    e = d.evidence
    return [doc, d.drug.label, d.condition.label if d.condition else "",
            d.population.label if d.population else "", d.kind, d.amount, d.unit,
            d.frequency or "", e.start, e.end, clean(e.sentence)]  # fmt: skip


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _emit(writer: Any, format: str, row: list[object], record: dict[str, Any]) -> None:
    if format == "tsv":  # one line a row: backslash, tab and line breaks written as \\ \t \n \r
        sys.stdout.write("\t".join(str(cell).translate(_TSV_ESCAPES) for cell in row) + "\n")
    else:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
