"""Named SPARQL queries: the files are well-formed, answer as expected, and bind safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugkg.kg.queries import QueryFileError, load_queries, parse_query_file, run_named
from drugkg.kg.store import GraphStore, QueryError

QUERIES = load_queries()
EVIL = 'x" } ; DROP ALL ; #'


def table(store: GraphStore, name: str, **params: str) -> list[dict[str, str]]:
    result = run_named(store, name, params)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows()]


def test_the_expected_queries_exist() -> None:
    assert set(QUERIES) == {
        "what_treats",
        "interactions",
        "withdrawal_shared",
        "single_hedged_source",
        "contraindicated_in",
        "side_effects",
        "drug_profile",
    }


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_file_is_described(name: str) -> None:
    query = QUERIES[name]
    assert query.name == name and query.source.endswith(f"{name}.rq")
    assert len(query.description) > 20
    for param in query.params:
        assert param.help, f"{name}: parameter {param.name} needs a help text"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_malicious_parameter_is_just_a_string(store: GraphStore, name: str) -> None:
    before = set(store.quads())
    params = {p.name: EVIL for p in QUERIES[name].params}
    result = run_named(store, name, params)
    if params:
        assert result.rows() == []
    assert set(store.quads()) == before


def test_what_treats(store: GraphStore) -> None:
    rows = table(store, "what_treats", condition="Seizures")
    assert [(r["drug"], r["use"], r["confidence"], r["support"]) for r in rows] == [
        ("clonazepam", "treats", "0.98", "2")
    ]
    assert table(store, "what_treats", condition="seizure")[0]["drug"] == "clonazepam", "by key"
    assert [r["drug"] for r in table(store, "what_treats", condition="ANXIETY")] == ["diazepam"]
    assert table(store, "what_treats", condition="pain") == [], "negated statements assert nothing"


def test_interactions_come_with_their_sentences(
    store: GraphStore, sentences: dict[str, str]
) -> None:
    rows = table(store, "interactions", drug="Klonopin")
    assert [(r["subject"], r["interacts_with"], r["doc"], r["sentence"]) for r in rows] == [
        ("clonazepam", "alcohol", "corpus/klonopin.txt", sentences["K3"])
    ]
    both_ways = table(store, "interactions", drug="alcohol")
    assert sorted(r["interacts_with"] for r in both_ways) == ["clonazepam", "diazepam"]


def test_withdrawal_symptoms_shared_by_two_drugs(store: GraphStore) -> None:
    rows = table(store, "withdrawal_shared")
    assert [(r["symptom"], r["drugs"]) for r in rows] == [("anxiety", "2"), ("seizures", "2")]
    assert rows[0]["drug_list"] == "clonazepam, diazepam"  # in order, whatever the store


def test_facts_resting_on_one_hedged_sentence(store: GraphStore) -> None:
    rows = table(store, "single_hedged_source")
    assert [(r["subject"], r["predicate"], r["object"], r["confidence"]) for r in rows] == [
        ("clonazepam", "has_side_effect", "drowsiness", "0.54"),
        ("diazepam", "treats", "muscle spasms", "0.48"),
    ]
    assert rows[0]["sentence"] == "Clonazepam may cause drowsiness."


def test_contraindicated_in(store: GraphStore) -> None:
    rows = table(store, "contraindicated_in", condition="Liver Disease")
    assert [(r["drug"], r["confidence"]) for r in rows] == [("clonazepam", "0.9")]


def test_side_effects(store: GraphStore) -> None:
    assert [
        (r["side_effect"], r["hedged"]) for r in table(store, "side_effects", drug="klonopin")
    ] == [("drowsiness", "true")]
    assert table(store, "side_effects", drug="valium") == []


def test_drug_profile_lists_every_fact_about_the_drug(store: GraphStore) -> None:
    rows = table(store, "drug_profile", drug="Valium")
    assert sorted((r["predicate"], r["object"]) for r in rows) == [
        ("has_brand_name", "Valium"),
        ("has_withdrawal_symptom", "anxiety"),
        ("has_withdrawal_symptom", "seizures"),
        ("interacts_with", "alcohol"),
        ("treats", "anxiety"),
        ("treats", "muscle spasms"),
    ]
    assert [r["predicate"] for r in rows] == sorted(r["predicate"] for r in rows)


def test_parameters_are_checked(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="needs parameter condition"):
        run_named(store, "what_treats", {})
    with pytest.raises(QueryError, match="no parameter drug; valid: condition"):
        run_named(store, "what_treats", {"condition": "x", "drug": "y"})
    with pytest.raises(QueryError, match="no named query 'cures'; valid: contraindicated_in"):
        run_named(store, "cures")


# -- strict loading ------------------------------------------------------------

GOOD = """# name: q
# description: A query for the tests.
# param: drug (label, required) the drug
SELECT ?d $drug WHERE { ?d rdfs:label ?l FILTER (lcase(str(?l)) = $drug) }
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD.replace("# description", "# author: me\n# description"),
            "unknown header key 'author'",
        ),
        (
            GOOD.replace("# param: drug (label, required) the drug\n", ""),
            r"uses \$drug but declares no '# param: drug'",
        ),
        (
            GOOD.replace("$drug WHERE", "?x WHERE").replace("= $drug", "= ?x"),
            "parameter drug is declared but not used",
        ),
        (GOOD.replace("# name: q", "# name: other"), "must be the file name 'q'"),
        (
            GOOD.replace("(label,", "(colour,"),
            "unknown kind 'colour'; valid: label, string, integer",
        ),
        (GOOD.replace("required)", "mandatory)"), "say 'required' or 'optional'"),
        (
            GOOD.replace("# description: A query for the tests.\n", ""),
            "exactly one non-empty '# description:'",
        ),
        (GOOD.replace("WHERE {", "WHERE"), "malformed SPARQL query"),
        (GOOD.replace("SELECT ?d $drug", "SELECT ?d"), "SELECT projection"),
        ("# name: q\nnot a header\n", "the header needs exactly one non-empty '# description:'"),
    ],
)
def test_bad_query_files_are_rejected_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "q.rq").write_text(text, encoding="utf-8")
    with pytest.raises(QueryFileError, match=message) as info:
        load_queries(tmp_path)
    assert str(tmp_path / "q.rq") in str(info.value)


def test_a_good_query_file_loads(tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    assert list(load_queries(tmp_path)) == ["q"]


def test_header_lines_may_be_parsed_apart() -> None:
    q = parse_query_file(
        "SELECT ?n $n WHERE {}",
        name="q",
        header="# name: q\n# description: d\n# param: n (integer, optional) n",
    )
    assert q.bindings({"n": "3"}) == {"n": 3}
    assert q.bindings({}) == {}
    with pytest.raises(QueryError, match="must be an integer"):
        q.bindings({"n": "three"})
