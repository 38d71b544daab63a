"""The ``drugkg`` command line: every command, its exit codes and output, and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import typer.main
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from typer.testing import CliRunner

from drugkg.cli import app
from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore
from drugkg.model import Assertion, Document, Entity, EntityType, Evidence, Predicate, Triple
from drugkg.readers import read_document

Cli = Callable[..., Any]

COMMANDS = ["build", "eval", "explain", "export", "extract", "facts", "query", "serve",
            "validate", "viz"]  # fmt: skip
TSV_COLUMNS = ["doc", "subject", "predicate", "object", "hedged", "negated", "confidence",
               "rule", "start", "end", "sentence"]  # fmt: skip
RDFLIB_FORMAT = {
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "trig": "trig",
    "nq": "nquads",
}
TREATS = "SELECT ?d ?c WHERE { ?d dkg:treats ?c } ORDER BY ?d ?c"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
UNDECODABLE = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40 + b"\x01\x02\x03"


# -- helpers -----------------------------------------------------------------------------


def quads_of(store: Path) -> set[ox.Quad]:
    with GraphStore.open(store, read_only=True) as graph:
        return set(graph.quads())


def union_graph(store: Path) -> rdflib.Graph:
    with GraphStore.open(store, read_only=True) as graph:
        dataset = graph.to_dataset()
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph) -> None:
    if not isomorphic(expected, actual):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"graphs differ: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}")


def tsv(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line]


@pytest.fixture(scope="module")
def built(shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the test corpus, for the commands that only read it."""
    out = tmp_path_factory.mktemp("built")
    store = out / "store"
    runner = CliRunner()
    result = runner.invoke(
        app, ["build", str(shared_corpus), "-s", str(store), "-j", "1", "--no-turtle"]
    )
    assert result.exit_code == 0, result.output
    return store


# -- help ----------------------------------------------------------------------------


def test_the_commands_are_the_documented_ones() -> None:
    assert sorted(typer.main.get_command(app).commands) == COMMANDS  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli: Cli, command: str) -> None:
    run = cli(command, "--help")
    assert run.code == 0
    assert f"Usage: drugkg {command}" in " ".join(run.stdout.split())
    assert run.stdout.count("\n") > 3


def test_no_arguments_shows_the_commands(cli: Cli) -> None:
    run = cli()
    assert "Usage: drugkg" in run.output
    for command in COMMANDS:
        assert command in run.output


# -- build -----------------------------------------------------------------------------


def test_build_writes_the_store_the_turtle_and_a_summary(cli: Cli, corpus: Path) -> None:
    run = cli("build", "corpus", "-j", "1")
    assert run.code == 0, run.output
    assert "documents read: 3 (added 3, updated 0, unchanged 0, removed 0, skipped 0)" in run.stdout
    assert "store: drugkg-store  documents: 3  facts:" in run.stdout
    assert "facts by predicate" in run.stdout
    assert "turtle: graph.ttl" in run.stdout
    store, turtle = corpus.parent / "drugkg-store", corpus.parent / "graph.ttl"
    assert store.is_dir()
    # graph.ttl is the whole graph, and an independent parser reads it
    parsed = {ox.Triple(q.subject, q.predicate, q.object)
              for q in ox.parse(turtle.read_bytes(), format=ox.RdfFormat.TURTLE)}  # fmt: skip
    assert parsed == {ox.Triple(q.subject, q.predicate, q.object) for q in quads_of(store)}
    assert_isomorphic(union_graph(store), rdflib.Graph().parse(turtle, format="turtle"))


def test_build_honours_store_env_and_no_turtle(
    cli: Cli, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRUGKG_STORE", str(corpus.parent / "elsewhere"))
    run = cli("build", corpus / "lithium.md", "-j", "1", "--no-turtle")
    assert run.code == 0, run.output
    assert (corpus.parent / "elsewhere").is_dir()
    assert not (corpus.parent / "drugkg-store").exists()
    assert not (corpus.parent / "graph.ttl").exists()
    assert "turtle:" not in run.stdout


def test_rebuild_of_unchanged_files_changes_nothing(cli: Cli, corpus: Path) -> None:
    assert cli("build", "corpus", "-j", "1").code == 0
    store = corpus.parent / "drugkg-store"
    before, turtle = quads_of(store), (corpus.parent / "graph.ttl").read_bytes()
    run = cli("build", "corpus", "-j", "1")
    assert run.code == 0
    assert "(added 0, updated 0, unchanged 3, removed 0, skipped 0)" in run.stdout
    assert quads_of(store) == before
    assert (corpus.parent / "graph.ttl").read_bytes() == turtle


def test_rebuild_after_an_edit_reads_only_that_file(cli: Cli, corpus: Path) -> None:
    assert cli("build", "corpus", "-j", "1").code == 0
    lithium = corpus / "lithium.md"
    lithium.write_text(lithium.read_text() + "\nLithium may cause weight gain.\n")
    run = cli("build", "corpus", "-j", "1")
    assert "(added 0, updated 1, unchanged 2, removed 0, skipped 0)" in run.stdout
    facts = cli("facts", "--drug", "lithium", "--format", "tsv").stdout
    assert ["lithium", "has_side_effect", "weight gain"] in [r[:3] for r in tsv(facts)]


def test_force_rereads_everything(cli: Cli, corpus: Path) -> None:
    assert cli("build", "corpus", "-j", "1").code == 0
    run = cli("build", "corpus", "-j", "1", "--force")
    assert "(added 0, updated 3, unchanged 0, removed 0, skipped 0)" in run.stdout


def test_build_validate_reports_what_the_shapes_say_of_the_documents_written(
    cli: Cli, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = cli("build", "corpus", "-j", "1", "--validate", "--no-turtle")
    assert clean.code == 0 and "invalid" not in clean.stderr
    import drugkg.kg.validate as validation

    broken = validation.Violation("evidence:x", "dkg:end", "ends too late", "Violation")
    monkeypatch.setattr(
        validation,
        "validate_documents",
        lambda store, graphs: validation.ValidationReport(False, (broken,)),
    )
    run = cli("build", "corpus", "-j", "1", "--force", "--validate", "--no-turtle")
    assert run.code == 0
    assert "invalid: Violation: evidence:x dkg:end: ends too late" in run.stderr
    assert "1 shape violation(s) in the documents written" in run.stderr


def test_prune_removes_documents_whose_files_are_gone(cli: Cli, corpus: Path) -> None:
    assert cli("build", "corpus", "-j", "1").code == 0
    (corpus / "lithium.md").unlink()
    kept = cli("build", "corpus", "-j", "1")
    assert "removed 0" in kept.stdout and "documents: 3" in kept.stdout
    pruned = cli("build", "corpus", "-j", "1", "--prune")
    assert "(added 0, updated 0, unchanged 2, removed 1, skipped 0)" in pruned.stdout
    assert "documents: 2" in pruned.stdout
    gone = cli("facts", "--drug", "lithium", "--format", "tsv")  # no node left
    assert gone.code == 1 and gone.stdout == "" and "no entity named 'lithium'" in gone.stderr
    assert "lithium" not in cli("facts", "--format", "tsv").stdout


@pytest.mark.slow
def test_parallel_build_gives_the_same_store(cli: Cli, corpus: Path) -> None:
    (corpus / "picture.txt").write_bytes(PNG)  # a read error comes back from a worker
    assert cli("build", "corpus", "-s", "serial", "-j", "1", "--no-turtle").code == 0
    run = cli("build", "corpus", "-s", "parallel", "-j", "2", "--no-turtle")
    assert run.code == 0, run.output
    assert "(added 3, updated 0, unchanged 0, removed 0, skipped 1)" in run.stdout
    assert "picture.txt: binary file (a PNG image)" in run.error_line()
    assert quads_of(corpus.parent / "parallel") == quads_of(corpus.parent / "serial")


def test_a_locked_store_is_a_one_line_error(cli: Cli, corpus: Path) -> None:
    with GraphStore.open(corpus.parent / "drugkg-store"):
        run = cli("build", "corpus", "-j", "1")
    assert run.code == 1
    assert "store in use by another drugkg process" in run.error_line()


# -- bad input: one line, exit 1, the store as it was ------------------------------------

BAD_FILES = {
    "empty": ("empty.txt", b"", "empty file"),
    "whitespace": ("blank.md", b" \n\t\n", "empty file"),
    "png": ("picture.txt", PNG, "binary file (a PNG image)"),
    "undecodable": ("garbled.txt", UNDECODABLE, "not valid UTF-8"),
    "html without text": (
        "shell.html",
        b"<html><body><div><img src=a.png></div></body></html>",
        "no article text",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES.values(), ids=list(BAD_FILES))
def test_build_of_a_bad_file_leaves_the_store_as_it_was(
    cli: Cli, corpus: Path, case: tuple[str, bytes, str]
) -> None:
    name, data, reason = case
    assert cli("build", "corpus", "-j", "1").code == 0
    before = quads_of(corpus.parent / "drugkg-store")
    bad = corpus.parent / name
    bad.write_bytes(data)
    run = cli("build", bad, "-j", "1")
    assert run.code == 1
    line = run.error_line()
    assert name in line and reason in line
    assert quads_of(corpus.parent / "drugkg-store") == before


def test_a_bad_file_among_good_ones_is_skipped_and_reported(cli: Cli, corpus: Path) -> None:
    (corpus / "picture.txt").write_bytes(PNG)
    run = cli("build", "corpus", "-j", "1")
    assert run.code == 0
    assert "(added 3, updated 0, unchanged 0, removed 0, skipped 1)" in run.stdout
    assert "picture.txt" in run.error_line()


def test_build_of_a_missing_path_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    run = cli("build", "no-such-dir", "-j", "1")
    assert run.code == 1
    assert run.error_line() == "error: no-such-dir: no such file or directory"
    assert not (tmp_path / "drugkg-store").exists()
    assert not (tmp_path / "graph.ttl").exists()


def test_build_of_a_missing_path_leaves_the_store_as_it_was(cli: Cli, corpus: Path) -> None:
    assert cli("build", "corpus", "-j", "1").code == 0
    before = quads_of(corpus.parent / "drugkg-store")
    run = cli("build", "corpus", "nowhere.txt", "-j", "1", "--prune")
    assert run.code == 1
    assert "nowhere.txt: no such file or directory" in run.error_line()
    assert quads_of(corpus.parent / "drugkg-store") == before


@pytest.mark.parametrize("case", BAD_FILES.values(), ids=list(BAD_FILES))
def test_extract_of_a_bad_file_is_a_one_line_error(
    cli: Cli, tmp_path: Path, case: tuple[str, bytes, str]
) -> None:
    name, data, reason = case
    (tmp_path / name).write_bytes(data)
    run = cli("extract", name)
    assert run.code == 1
    line = run.error_line()
    assert name in line and reason in line


def test_extract_of_a_missing_path_is_a_one_line_error(cli: Cli) -> None:
    run = cli("extract", "missing.txt")
    assert run.code == 1
    assert run.error_line() == "error: missing.txt: no such file or directory"


def test_a_latin1_article_is_decoded(cli: Cli, tmp_path: Path) -> None:
    text = (
        "Propranolol and the nervous café singer\n\nPropranolol is used to treat migraine, "
        "says the pharmacist at the Ménière clinic. Propranolol may cause tiredness.\n"
    )
    (tmp_path / "cafe.txt").write_bytes(text.encode("latin-1"))
    run = cli("extract", "cafe.txt")
    assert run.code == 0, run.output
    rows = [dict(zip(TSV_COLUMNS, r, strict=True)) for r in tsv(run.stdout)[1:]]
    treats = [r for r in rows if r["predicate"] == "treats"]
    assert treats and "Ménière clinic" in treats[0]["sentence"]


# -- extract -------------------------------------------------------------------------------


def test_extract_tsv_columns_and_offsets(cli: Cli, shared_corpus: Path) -> None:
    run = cli("extract", shared_corpus)
    assert run.code == 0, run.output
    rows = tsv(run.stdout)
    assert rows[0] == TSV_COLUMNS
    records = [dict(zip(TSV_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert {r["doc"] for r in records} == {"propranolol", "lithium", "propranolol-page"}
    texts = {
        "propranolol": read_document(shared_corpus / "propranolol.txt").text,
        "lithium": read_document(shared_corpus / "lithium.md").text,
        "propranolol-page": read_document(shared_corpus / "propranolol-page.html").text,
    }
    for r in records:
        start, end = int(r["start"]), int(r["end"])
        assert " ".join(texts[r["doc"]][start:end].split()) == r["sentence"]
        assert r["negated"] == "0"
        assert r["hedged"] in ("0", "1") and 0 < float(r["confidence"]) <= 1
    triples = {(r["doc"], r["subject"], r["predicate"], r["object"]) for r in records}
    assert ("propranolol", "propranolol", "treats", "migraine") in triples
    assert ("lithium", "lithium", "interacts_with", "ibuprofen") in triples
    assert ("propranolol", "propranolol", "treats", "asthma") not in triples  # negated
    # the advert around the HTML article is not read
    assert not any(r["predicate"] == "treats" and r["object"] == "anxiety" for r in records)


def test_extract_include_negated(cli: Cli, shared_corpus: Path) -> None:
    run = cli("extract", shared_corpus / "propranolol.txt", "--include-negated")
    rows = [dict(zip(TSV_COLUMNS, r, strict=True)) for r in tsv(run.stdout)[1:]]
    negated = [r for r in rows if r["negated"] == "1"]
    assert [(r["subject"], r["predicate"], r["object"]) for r in negated] == [
        ("propranolol", "treats", "asthma")
    ]
    assert negated[0]["sentence"] == "Propranolol does not treat asthma."


def test_extract_jsonl(cli: Cli, shared_corpus: Path) -> None:
    run = cli("extract", shared_corpus / "lithium.md", "--format", "jsonl")
    assert run.code == 0
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert records
    text = read_document(shared_corpus / "lithium.md").text
    for r in records:
        assert r["doc"] == "lithium" and r["negated"] is False
        assert text[r["start"] : r["end"]] == r["sentence"]
        assert r["subject_type"] == "Drug"
        assert isinstance(r["subject_ids"], dict)
    assert {"subject": "lithium", "predicate": "caution_in", "object": "kidney disease"}.items() \
        <= next(r for r in records if r["predicate"] == "caution_in").items()  # fmt: skip


def test_extract_doses(cli: Cli, shared_corpus: Path) -> None:
    run = cli("extract", shared_corpus / "propranolol.txt", "--doses")
    rows = tsv(run.stdout)
    assert rows[0][:8] == ["doc", "drug", "condition", "population", "kind", "amount", "unit",
                           "frequency"]  # fmt: skip
    assert [r[:7] for r in rows[1:]] == [
        ["propranolol", "propranolol", "migraine", "adults", "starting", "40.0", "mg"]
    ]


def test_extract_unknown_format_is_a_usage_error(cli: Cli, shared_corpus: Path) -> None:
    run = cli("extract", shared_corpus, "--format", "xml")
    assert run.code == 2
    assert run.error_line() == "error: unknown format 'xml'; valid: tsv, jsonl"


# -- query --------------------------------------------------------------------------------


def test_query_table(cli: Cli, built: Path) -> None:
    run = cli("query", TREATS, "-s", built)
    assert run.code == 0, run.output
    assert "drug:lithium" in run.stdout and "condition:bipolar-disorder" in run.stdout
    assert "3 row(s)" in run.stdout


def test_query_json_is_w3c_sparql_results(cli: Cli, built: Path) -> None:
    run = cli("query", TREATS, "-s", built, "--format", "json")
    data = json.loads(run.stdout)
    assert data["head"]["vars"] == ["d", "c"]
    pairs = [(b["d"]["value"].rsplit("/", 1)[1], b["c"]["value"].rsplit("/", 1)[1])
             for b in data["results"]["bindings"]]  # fmt: skip
    assert pairs == [("lithium", "bipolar-disorder"), ("propranolol", "hypertension"),
                     ("propranolol", "migraine")]  # fmt: skip
    assert {b["d"]["type"] for b in data["results"]["bindings"]} == {"uri"}


def test_query_csv_and_tsv(cli: Cli, built: Path) -> None:
    rows = list(
        csv.reader(io.StringIO(cli("query", TREATS, "-s", built, "--format", "csv").stdout))
    )
    assert rows[0] == ["d", "c"] and len(rows) == 4
    assert rows[1][0] == "https://w3id.org/drugkg/resource/drug/lithium"
    lines = tsv(cli("query", TREATS, "-s", built, "--format", "tsv").stdout)
    assert lines[0] == ["?d", "?c"] and len(lines) == 4
    assert lines[1][0] == "<https://w3id.org/drugkg/resource/drug/lithium>"


def test_query_ask_and_construct(cli: Cli, built: Path) -> None:
    assert cli("query", "ASK { ?d dkg:treats ?c }", "-s", built).stdout.strip() == "true"
    run = cli("query", "CONSTRUCT { ?d dkg:treats ?c } WHERE { ?d dkg:treats ?c }", "-s", built,
              "--format", "nt")  # fmt: skip
    assert len(list(ox.parse(run.stdout.encode(), format=ox.RdfFormat.N_TRIPLES))) == 3


def test_query_from_a_file_and_from_stdin(cli: Cli, built: Path, tmp_path: Path) -> None:
    (tmp_path / "treats.rq").write_text(TREATS)
    from_file = cli("query", "--file", "treats.rq", "-s", built, "--format", "csv")
    from_stdin = cli("query", "--file", "-", "-s", built, "--format", "csv", input=TREATS)
    assert from_file.code == from_stdin.code == 0
    assert from_file.stdout == from_stdin.stdout
    assert len(from_file.stdout.splitlines()) == 4


def test_named_query(cli: Cli, built: Path) -> None:
    run = cli("query", "--name", "what_treats", "-p", "condition=migraine", "-s", built,
              "--format", "json")  # fmt: skip
    assert run.code == 0, run.output
    bindings = json.loads(run.stdout)["results"]["bindings"]
    assert [(b["drug"]["value"], b["support"]["value"]) for b in bindings] == [("propranolol", "2")]
    missing = cli("query", "--name", "what_treats", "-s", built)
    assert missing.code == 1 and "condition" in missing.error_line()
    unknown = cli("query", "--name", "no_such_query", "-s", built)
    assert unknown.code == 1 and "no named query 'no_such_query'" in unknown.error_line()


def test_malformed_query_is_a_one_line_error(cli: Cli, built: Path) -> None:
    before = quads_of(built)
    run = cli("query", "SELECT ?d WHERE { ?d dkg:treats ", "-s", built)
    assert run.code == 1
    assert run.error_line().startswith("error: malformed SPARQL query")
    assert run.stdout == ""
    assert quads_of(built) == before


def test_query_usage_errors(cli: Cli, built: Path) -> None:
    both = cli("query", TREATS, "--name", "what_treats", "-s", built)
    assert both.code == 2 and "exactly one of" in both.error_line()
    assert cli("query", "-s", built).code == 2
    bad_param = cli("query", "--name", "what_treats", "-p", "migraine", "-s", built)
    assert bad_param.code == 2 and "NAME=VALUE" in bad_param.error_line()
    bad_format = cli("query", TREATS, "-s", built, "--format", "turtle")
    assert bad_format.code == 1 and "unknown results format" in bad_format.error_line()


def test_reading_commands_need_a_store(cli: Cli) -> None:
    for args in (["query", TREATS], ["export"], ["facts"], ["validate"],
                 ["explain", "a", "treats", "b"]):  # fmt: skip
        run = cli(*args)
        assert run.code == 1, args
        assert run.error_line().startswith("error: no store at drugkg-store"), args


# -- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(RDFLIB_FORMAT))
def test_export_round_trips(cli: Cli, built: Path, fmt: str) -> None:
    out = Path(f"graph.{fmt}")
    run = cli("export", "-s", built, "--format", fmt, "-o", out)
    assert run.code == 0 and run.stdout == ""
    if fmt in ("trig", "nq"):
        back = rdflib.Dataset()
        back.parse(out, format=RDFLIB_FORMAT[fmt])
        with GraphStore.open(built, read_only=True) as graph:
            expected = graph.to_dataset()
        assert datasets_isomorphic(back, expected), dataset_diff(expected, back)
    else:
        assert_isomorphic(union_graph(built), rdflib.Graph().parse(out, format=RDFLIB_FORMAT[fmt]))


def test_export_turtle_to_stdout_reads_in_pyoxigraph(cli: Cli, built: Path) -> None:
    run = cli("export", "-s", built)
    assert run.code == 0
    parsed = {ox.Triple(q.subject, q.predicate, q.object)
              for q in ox.parse(run.stdout.encode(), format=ox.RdfFormat.TURTLE)}  # fmt: skip
    assert parsed == {ox.Triple(q.subject, q.predicate, q.object) for q in quads_of(built)}
    assert cli("export", "-s", built, "-o", "-").stdout == run.stdout


def test_export_unknown_format(cli: Cli, built: Path) -> None:
    run = cli("export", "-s", built, "--format", "rdfxml")
    assert run.code == 2
    assert run.error_line().startswith("error: unknown format 'rdfxml'; valid:")


# -- facts and explain ----------------------------------------------------------------------


def test_facts_by_drug_and_predicate(cli: Cli, built: Path) -> None:
    run = cli("facts", "-s", built, "--drug", "Inderal", "--predicate", "treats", "--format", "tsv")
    rows = tsv(run.stdout)
    assert rows[0] == ["subject", "predicate", "object", "support", "evidence", "confidence",
                       "hedged", "side"]  # fmt: skip
    by_object = {r[2]: r for r in rows[1:]}
    assert set(by_object) == {"hypertension", "migraine"}
    assert by_object["migraine"][3] == "2"  # the article and the web page
    assert float(by_object["migraine"][5]) > float(by_object["hypertension"][5]) - 1e-9


def test_facts_json_and_table(cli: Cli, built: Path) -> None:
    records = json.loads(cli("facts", "-s", built, "--drug", "lithium", "--format", "json").stdout)
    assert {(r["predicate"], r["object"]) for r in records} >= {
        ("treats", "bipolar disorder"), ("interacts_with", "ibuprofen")
    }  # fmt: skip
    assert all(r["subject"] == "lithium" for r in records)
    table = cli("facts", "-s", built, "--drug", "lithium")
    assert f"{len(records)} fact(s)" in table.stdout


def test_facts_errors(cli: Cli, built: Path) -> None:
    unknown = cli("facts", "-s", built, "--predicate", "cures")
    assert unknown.code == 1 and "unknown predicate 'cures'" in unknown.error_line()
    bad_format = cli("facts", "-s", built, "--format", "xml")
    assert bad_format.code == 2 and "valid: table, tsv, json" in bad_format.error_line()


def test_explain_shows_the_evidence(cli: Cli, built: Path) -> None:
    run = cli("explain", "propranolol", "treats", "migraines", "-s", built)
    assert run.code == 0, run.output
    lines = run.stdout.splitlines()
    headers = [line for line in lines if "rule=" in line]
    assert [h.split()[0] for h in headers] == ["propranolol", "propranolol-page"]
    assert "rule=treats.used_to_treat" in headers[0]
    assert any("Propranolol is used to treat high blood pressure and migraine." in line
               for line in lines)  # fmt: skip
    assert any(line.strip().endswith("propranolol.txt") for line in lines)


def test_explain_of_an_unknown_fact(cli: Cli, built: Path) -> None:
    run = cli("explain", "lithium", "treats", "migraine", "-s", built)
    assert run.code == 1
    assert run.error_line() == "error: no fact 'lithium treats migraine' in the store"


# -- validate and eval --------------------------------------------------------------------


def test_validate_a_built_store(cli: Cli, built: Path) -> None:
    run = cli("validate", "-s", built)
    assert run.code == 0, run.output
    assert run.stdout.strip() == "conforms: the graph satisfies every shape"


def test_validate_reports_violations_one_per_line(cli: Cli, tmp_path: Path) -> None:
    text = "Propranolol treats adults."
    doc = Document.from_text("odd", text)
    drug = Entity.make(EntityType.DRUG, "propranolol")
    adults = Entity.make(EntityType.POPULATION, "adults")  # treats needs a condition
    evidence = Evidence("odd", text, 0, len(text), "treats.verb", confidence=0.9)
    with GraphStore.open(tmp_path / "odd") as graph:
        graph.replace_document(doc, [Assertion(Triple(drug, Predicate.TREATS, adults), evidence)])
    run = cli("validate", "-s", "odd")
    assert run.code == 1
    lines = run.stderr.strip().splitlines()
    assert lines[-1] == f"{len(lines) - 1} violation(s)"
    assert "Violation: drug:propranolol dkg:treats: The object of dkg:treats must be" in lines[0]
    full = cli("validate", "-s", "odd", "--full")  # pySHACL's report: the same lines
    assert full.code == 1 and full.stderr == run.stderr
    assert "conforms" not in run.stdout


GOLD = """\
doc\tsubject\tpredicate\tobject\thedged\tevidence
propranolol\tpropranolol\ttreats\thigh blood pressure|hypertension\t0\tused to treat
propranolol\tPropranolol\ttreats\tmigraines\t0\tused to treat
propranolol\tpropranolol\thas_brand_name\tInderal\t0\tbrand name
propranolol\tpropranolol\tcontraindicated_in\tasthma\t0\tDo not take
propranolol\tpropranolol\tinteracts_with\talcohol\t0\tnot in the text
lithium\tlithium\ttreats\tbipolar disorder\t0\thelps people
lithium\tlithium\tinteracts_with\tibuprofen\t0\tAvoid ibuprofen
"""


def test_eval_on_a_tiny_gold_file(cli: Cli, shared_corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "tiny.gold.tsv").write_text(GOLD)
    run = cli("eval", "tiny.gold.tsv", shared_corpus, "--format", "json")
    assert run.code == 0, run.output
    rows = {r["predicate"]: r for r in json.loads(run.stdout)["predicates"]}
    assert rows["overall"]["gold"] == 7
    assert rows["interacts_with"]["gold"] == 2 and rows["interacts_with"]["fn"] >= 1
    assert rows["treats"]["gold"] == 3
    for r in rows.values():
        assert r["tp"] + r["fn"] == r["gold"] and r["tp"] + r["fp"] == r["predicted"]
    assert sum(r["gold"] for name, r in rows.items() if name != "overall") == 7


def test_eval_table_and_errors(cli: Cli, shared_corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "tiny.gold.tsv").write_text(GOLD)
    run = cli("eval", "tiny.gold.tsv", shared_corpus, "--errors")
    assert run.code == 0, run.output
    assert "overall" in run.stdout and "hedge agreement on matched facts" in run.stdout
    misses = " ".join(run.stdout.split("misses:", 1)[1].split())
    assert "propranolol propranolol interacts_with alcohol not in the text" in misses


def test_eval_with_a_broken_gold_file(cli: Cli, shared_corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.gold.tsv").write_text(GOLD.replace("\ttreats\t", "\tcures\t", 1))
    run = cli("eval", "bad.gold.tsv", shared_corpus)
    assert run.code == 1
    assert run.error_line() == "error: bad.gold.tsv:2: unknown predicate 'cures'"
    missing = cli("eval", "none.gold.tsv", shared_corpus)
    assert missing.code == 1 and "none.gold.tsv" in missing.error_line()


# -- the real script, end to end -----------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"


@pytest.mark.slow
@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the bundled sample corpus is not here")
def test_quick_start_on_the_sample_corpus(
    drugkg_script: list[str], script_env: dict[str, str], tmp_path: Path
) -> None:
    """``drugkg build corpus/sample``, as in the README, in a fresh directory."""

    def drugkg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*drugkg_script, *args], cwd=tmp_path, env=script_env,
                              capture_output=True, text=True, timeout=600)  # fmt: skip

    first = drugkg("build", str(SAMPLE))
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    assert "documents read: 8 (added 8" in first.stdout
    assert (tmp_path / "drugkg-store").is_dir()
    triples = list(ox.parse((tmp_path / "graph.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    assert len(triples) > 1000
    again = drugkg("build", str(SAMPLE))
    assert "(added 0, updated 0, unchanged 8, removed 0, skipped 0)" in again.stdout
    bad = drugkg("query", "SELECT * WHERE {")
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_facts_of_a_drug_include_those_it_is_the_object_of_labelled(cli: Cli, built: Path) -> None:
    records = json.loads(cli("facts", "-s", built, "--drug", "migraine", "--format", "json").stdout)
    treats = next(r for r in records if r["predicate"] == "treats")
    assert (treats["subject"], treats["object"], treats["side"]) == (
        "propranolol", "migraine", "object"
    )  # fmt: skip
    # the object of a symmetric fact is told from its side, as a subject
    ibuprofen = json.loads(
        cli("facts", "-s", built, "--drug", "ibuprofen", "--format", "json").stdout
    )
    assert [(r["subject"], r["predicate"], r["object"], r["side"]) for r in ibuprofen] == [
        ("ibuprofen", "interacts_with", "lithium", "subject")
    ]
    table = cli("facts", "-s", built, "--drug", "migraine").stdout
    assert "side" in table and "object" in table


# -- empty results are never silent ---------------------------------------------------------


def test_an_unknown_drug_name_is_an_error_with_suggestions(cli: Cli, built: Path) -> None:
    facts = cli("facts", "-s", built, "--drug", "propranolo")
    assert facts.code == 1
    assert "no entity named 'propranolo'" in facts.error_line()
    assert "did you mean: propranolol" in facts.error_line()
    named = cli("query", "-s", built, "--name", "side_effects", "-p", "drug=lithum")
    assert named.code == 1 and "did you mean: lithium" in named.error_line()
    assert named.stdout == ""
    explain = cli("explain", "-s", built, "propranolol", "treats", "migrane")
    assert explain.code == 1 and "did you mean: migraine" in explain.error_line()


def test_a_known_name_with_no_facts_is_empty_not_an_error(cli: Cli, built: Path) -> None:
    run = cli("facts", "-s", built, "--drug", "lithium", "--predicate", "mechanism")
    assert run.code == 0 and "0 fact(s)" in run.stdout and run.stderr == ""


def test_an_unknown_ontology_term_in_a_query_gets_a_hint(cli: Cli, built: Path) -> None:
    run = cli("query", "-s", built, "SELECT ?d ?c WHERE { ?d dkg:treat ?c }")
    assert run.code == 0 and "0 row(s)" in run.stdout
    assert "dkg:treat is not a term of the drugkg ontology; did you mean: dkg:treats" in (
        run.error_line()
    )
    fine = cli("query", "-s", built, "SELECT ?d ?c WHERE { ?d dkg:treats ?c } LIMIT 1")
    assert fine.code == 0 and fine.stderr == ""


def test_a_syntax_error_says_where_and_what(cli: Cli, built: Path) -> None:
    run = cli("query", "-s", built, "SELECT ?d WHERE { ?d dkg:treats ?c ")
    line = run.error_line()
    assert run.code == 1 and "error at 1:" in line and "near '" in line


def test_an_update_is_refused_as_such(cli: Cli, built: Path) -> None:
    before = quads_of(built)
    for update in ("INSERT DATA { drug:x dkg:treats drug:y }",
                   "PREFIX ex: <http://e/>\nDELETE WHERE { ?s ?p ?o }"):  # fmt: skip
        run = cli("query", "-s", built, update)
        assert run.code == 1
        assert "updates are refused" in run.error_line(), run.error_line()
    assert quads_of(built) == before


# -- first impressions ---------------------------------------------------------------------


def test_version(cli: Cli) -> None:
    from importlib.metadata import version

    run = cli("--version")
    assert run.code == 0 and run.stdout.strip() == f"drugkg {version('drugkg')}"


def test_extract_reads_stdin(cli: Cli) -> None:
    run = cli("extract", "-", "--format", "jsonl", input="Propranolol may cause tiredness.\n")
    assert run.code == 0, run.output
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(r["doc"], r["subject"], r["predicate"], r["object"]) for r in records] == [
        ("stdin", "propranolol", "has_side_effect", "fatigue")
    ]
    empty = cli("extract", "-", input="  \n")
    assert empty.code == 1 and "-: empty file" in empty.stderr


def test_extract_with_extra_rules(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "mine" / "rules").mkdir(parents=True)
    (tmp_path / "mine" / "rules" / "soothes.yaml").write_text(
        "predicate: treats\nrules:\n  - id: mine.soothes\n"
        '    pattern: "{subject=drug} soothes {objects}"\n'
        '    example: "Propranolol soothes migraine."\n'
        "    yields: [[propranolol, migraine]]\n",
        encoding="utf-8",
    )
    text = "Propranolol soothes migraine.\n"
    assert "mine.soothes" not in cli("extract", "-", input=text).stdout
    run = cli("extract", "-", "--rules", tmp_path / "mine", input=text)
    assert run.code == 0 and "mine.soothes" in run.stdout, run.output
    missing = cli("extract", "-", "--rules", tmp_path / "nowhere", input=text)
    assert missing.code == 1 and "is not a directory" in missing.error_line()


def test_export_takes_the_format_from_the_file_extension(cli: Cli, built: Path) -> None:
    for name, first in (("g.nt", "<https://"), ("g.ttl", "@prefix"), ("g.jsonld", "{")):
        run = cli("export", "-s", built, "-o", name)
        assert run.code == 0, run.output
        assert Path(name).read_text(encoding="utf-8").lstrip().startswith(first), name
    assert cli("export", "-s", built, "-f", "ttl", "-o", "x.out").code == 0
    assert Path("x.out").read_text(encoding="utf-8").startswith("@prefix")
    unknown = cli("export", "-s", built, "-o", "g.xyz")
    assert unknown.code == 2 and "cannot tell the format of g.xyz" in unknown.error_line()


def test_eval_reads_a_gold_drug_with_its_salt_as_the_extractor_does(
    cli: Cli, tmp_path: Path
) -> None:
    """A gold row may name the drug with its salt ("imatinib mesylate"): the extractor reads
    the salt as part of the drug's name, and the gold name is normalised the same way."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "salt.txt").write_text("Imatinib mesylate can cause nausea.\n")
    (tmp_path / "salt.gold.tsv").write_text(
        "doc\tsubject\tpredicate\tobject\thedged\tevidence\n"
        "salt\timatinib mesylate\thas_side_effect\tnausea\t0\tcan cause\n"
    )
    run = cli("eval", "salt.gold.tsv", docs, "--format", "json")
    assert run.code == 0, run.output
    rows = {r["predicate"]: r for r in json.loads(run.stdout)["predicates"]}
    assert (rows["has_side_effect"]["tp"], rows["has_side_effect"]["fp"]) == (1, 0)
