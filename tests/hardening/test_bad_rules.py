"""Rule and lexicon files with mistakes are rejected when they are loaded, with the file, the
rule (or entry) and what is wrong; ``drugkg`` shows that as one line and writes nothing."""

from __future__ import annotations

import importlib.resources
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from drugkg.extract.lexicon import LexiconError, load_lexicon
from drugkg.extract.rules import RuleError, load_rules

RULES = importlib.resources.files("drugkg.extract") / "rules"
FILES = {p.name: p.read_text(encoding="utf-8") for p in RULES.iterdir() if p.name.endswith(".yaml")}
SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
Invoke = Callable[..., Any]

RULE = """\
predicate: treats
rules:
  - id: custom.rule
    pattern: "{subject} is used for {objects}"
    example: "Sertraline is used for depression."
    yields: [[sertraline, depression]]
"""
MACROS, SECTIONS, CONTEXT, LISTS = (
    FILES[f"{name}.yaml"] for name in ("macros", "sections", "context", "lists")
)


def with_macro(name: str, regex: str) -> str:
    return MACROS.replace("macros:\n", f'macros:\n  {name}: "{regex}"\n', 1)


def first_section_id() -> str:
    return re.search(r"- id: (\S+)", SECTIONS).group(1)  # type: ignore[union-attr]


# (files to change, what the message must say: the file, the rule, the mistake)
RULE_MISTAKES: dict[str, tuple[dict[str, str], list[str]]] = {
    "unknown key in a rule": (
        {"custom.yaml": RULE.replace("example:", "exemple:")},
        ["custom.yaml", "'custom.rule'", "unknown key(s) ['exemple']", "valid: ["],
    ),
    "unknown key in a file": (
        {"custom.yaml": RULE.replace("predicate:", "predicat:")},
        ["custom.yaml", "expected keys 'rules' and optionally 'predicate'"],
    ),
    "missing key": (
        {"custom.yaml": RULE.replace('    example: "Sertraline is used for depression."\n', "")},
        ["custom.yaml", "'custom.rule'", "missing key(s) ['example']"],
    ),
    "unknown predicate of a file": (
        {"custom.yaml": RULE.replace("predicate: treats", "predicate: cures")},
        ["custom.yaml", "'custom.rule'", "unknown predicate 'cures'", "valid: treats"],
    ),
    "unknown predicate of a rule": (
        {"custom.yaml": RULE.replace("    yields:", "    predicate: cures\n    yields:")},
        ["custom.yaml", "'custom.rule'", "unknown predicate 'cures'", "valid: treats"],
    ),
    "unknown predicate in within": (
        {"custom.yaml": RULE.replace("    yields:", "    within: [side_effect]\n    yields:")},
        ["custom.yaml", "'custom.rule'", "unknown predicate 'side_effect'", "has_side_effect"],
    ),
    "unknown predicate of a section": (
        {
            "sections.yaml": SECTIONS.replace(
                "    predicate: has_withdrawal_symptom", "    predicate: withdrawal", 1
            )
        },
        ["sections.yaml", "unknown predicate 'withdrawal'", "has_withdrawal_symptom"],
    ),
    "unknown predicate in list overrides": (
        {"lists.yaml": LISTS.replace("overrides:", "overrides:\n  cures: [treats]", 1)},
        ["lists.yaml", "overrides", "unknown predicate 'cures'"],
    ),
    "unclosed bracket in a pattern": (
        {"custom.yaml": RULE.replace("is used for", "is (used for")},
        ["custom.yaml", "'custom.rule'", "unclosed '('", "{subject} is (used for {objects}"],
    ),
    "stray bracket in a pattern": (
        {"custom.yaml": RULE.replace("is used for", "is used) for")},
        ["custom.yaml", "'custom.rule'", "unexpected ')'"],
    ),
    "unknown macro": (
        {"custom.yaml": RULE.replace("{objects}", "{objectz}")},
        ["custom.yaml", "'custom.rule'", "unknown macro {objectz}", "known: "],
    ),
    "pattern that does not compile": (
        {
            "custom.yaml": RULE.replace("is used for", "is {clash} for"),
            "macros.yaml": with_macro("clash", "(?P<subject>x)"),
        },
        ["custom.yaml", "'custom.rule'", "pattern does not compile", "group name 'subject'"],
    ),
    "bad regex in a macro": (
        {"macros.yaml": with_macro("broken", "(?:x")},
        ["macros.yaml", "macro 'broken'", "bad regular expression '(?:x'"],
    ),
    "a macro that lists an alternative twice": (
        {"macros.yaml": with_macro("twice", "(?:often|usually|often)")},
        ["macros.yaml", "macro 'twice'", "'often' twice"],
    ),
    "bad regex in a section heading": (
        {"sections.yaml": re.sub(r'heading: "[^"\n]*"', 'heading: "(side"', SECTIONS, count=1)},
        ["sections.yaml", f"section '{first_section_id()}'", "bad regular expression '(side'"],
    ),
    "bad regex in the negation cues": (
        {"context.yaml": CONTEXT.replace('  - "', '  - "(', 1)},
        ["context.yaml", "negation", "bad regular expression"],
    ),
    "bad regex in the list separator": (
        {"lists.yaml": LISTS.replace('separator:\n  - "', 'separator:\n  - "[', 1)},
        ["lists.yaml", "separator", "bad regular expression", "unterminated character set"],
    ),
    "duplicate id in one file": (
        {"custom.yaml": RULE + RULE.split("rules:\n", 1)[1]},
        ["custom.yaml", "'custom.rule'", "duplicate id (also in custom.yaml)"],
    ),
    "duplicate id across files": (
        {"custom.yaml": RULE.replace("custom.rule", "treats.verb")},
        ["custom.yaml", "'treats.verb'", "duplicate id (also in treats.yaml)"],
    ),
    "a rule with a section's id": (
        {"custom.yaml": RULE.replace("custom.rule", first_section_id())},
        ["sections.yaml", f"'{first_section_id()}'", "duplicate id (also in custom.yaml)"],
    ),
    "error rate out of range": (
        {"custom.yaml": RULE.replace("    yields:", "    error_rate: 1.5\n    yields:")},
        ["custom.yaml", "'custom.rule'", "error_rate must be a number in [0, 1), got 1.5"],
    ),
    "not a boolean": (
        {"custom.yaml": RULE.replace("    yields:", "    negation: maybe\n    yields:")},
        ["custom.yaml", "'custom.rule'", "negation must be true or false"],
    ),
    "bad yields": (
        {"custom.yaml": RULE.replace("[[sertraline, depression]]", "[[sertraline]]")},
        ["custom.yaml", "'custom.rule'", "'yields' must be a list of [subject, object] pairs"],
    ),
    "not YAML": (
        {"custom.yaml": RULE.replace("rules:", "rules: [")},
        ["custom.yaml", "not valid YAML"],
    ),
}


@pytest.mark.parametrize("case", RULE_MISTAKES.values(), ids=list(RULE_MISTAKES))
def test_a_rule_file_mistake_is_rejected_with_file_rule_and_reason(
    case: tuple[dict[str, str], list[str]],
) -> None:
    changes, fragments = case
    with pytest.raises(RuleError) as caught:
        load_rules({**FILES, **changes})
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message


def test_the_bundled_rule_files_load() -> None:
    assert load_rules(dict(FILES)).rules


# -- lexicon files ----------------------------------------------------------------------------

LEXICON = """\
type: Drug
entries:
  - label: sertraline
    synonyms: [sertraline hydrochloride]
    brands: [Zoloft]
    xrefs: {drugbank: DB01104}
  - label: lithium
"""

LEXICON_MISTAKES: dict[str, tuple[str, list[str]]] = {
    "unknown key in an entry": (
        LEXICON.replace("synonyms:", "synonym:"),
        ["custom.yaml", "entry 'sertraline'", "unknown key(s) ['synonym']", "valid: ["],
    ),
    "unknown type": (
        LEXICON.replace("type: Drug", "type: Drugs"),
        ["custom.yaml", "unknown type 'Drugs'", "valid: Drug, "],
    ),
    "unknown key in a file": (
        LEXICON.replace("entries:", "entrys:"),
        ["custom.yaml", "expected a mapping with keys ['entries', 'type']"],
    ),
    "unknown kind of id": (
        LEXICON.replace("drugbank:", "drugbnk:"),
        ["custom.yaml", "entry 'sertraline'", "xrefs must map one of ["],
    ),
    "an id of the wrong shape": (
        LEXICON.replace("DB01104", "DB1104"),
        ["custom.yaml", "entry 'sertraline'", "drugbank id 'DB1104' does not look like"],
    ),
    "brands on a condition": (
        LEXICON.replace("type: Drug", "type: Condition"),
        ["custom.yaml", "entry 'sertraline'", "'brands' is only allowed for type Drug"],
    ),
    "an empty label": (
        LEXICON.replace("label: lithium", "label: ''"),
        ["custom.yaml", "labels, synonyms, brands and abbreviations must be non-empty strings"],
    ),
    "an entry without a label": (
        "type: Drug\nentries:\n  - synonyms: [x]\n",
        ["custom.yaml", "entry 1", "each entry needs a 'label'"],
    ),
    "not YAML": (LEXICON.replace("entries:", "entries: ["), ["custom.yaml", "not valid YAML"]),
}


@pytest.mark.parametrize("case", LEXICON_MISTAKES.values(), ids=list(LEXICON_MISTAKES))
def test_a_lexicon_mistake_is_rejected_with_file_entry_and_reason(
    tmp_path: Path, case: tuple[str, list[str]]
) -> None:
    text, fragments = case
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message


DUPLICATES = {
    "the same label twice": LEXICON + "  - label: sertraline\n",
    "the same label in another form": LEXICON + "  - label: Sertralines\n",
    "a synonym of another entry": LEXICON + "  - label: zoloft pills\n    synonyms: [lithium]\n",
}


@pytest.mark.parametrize("text", DUPLICATES.values(), ids=list(DUPLICATES))
def test_a_lexicon_entity_named_twice_is_rejected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_lexicon(path)
    except LexiconError as error:
        assert "custom.yaml" in str(error) and "twice" in str(error)
    else:
        raise AssertionError("loaded")


def test_a_lexicon_file_that_is_not_utf8_is_rejected_by_name(tmp_path: Path) -> None:
    path = tmp_path / "custom.yaml"
    path.write_bytes("type: Drug\nentries:\n  - label: café\n".encode("latin-1"))
    with pytest.raises(LexiconError, match=r"custom\.yaml"):
        load_lexicon(path)


# -- through the command line -----------------------------------------------------------------

# drugkg with one packaged data file replaced, as a developer editing it would have it
PATCHED = textwrap.dedent(
    """
    import sys

    import drugkg.extract.lexicon as lexicon
    import drugkg.extract.rules as rules

    which, old, new = sys.argv[1:4]
    if which == "rules":
        read = rules._resource

        def _resource(name):
            name, text = read(name)
            return name, text.replace(old, new, 1) if name == "treats.yaml" else text

        rules._resource = _resource
    else:
        files = lexicon._lexicon_files

        def _lexicon_files():
            for name, text in files():
                yield name, text.replace(old, new, 1) if name == "drugs.yaml" else text

        lexicon._lexicon_files = _lexicon_files
    from drugkg.cli import app

    app(sys.argv[4:], prog_name="drugkg")
    """
)


def _drugkg(tmp_path: Path, change: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "patched.py"
    script.write_text(PATCHED, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script), *change, *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_with_a_broken_rule_file_is_one_line_and_writes_nothing(
    cli: Invoke, tmp_path: Path, quads: Callable[[Path], Any], jobs: str
) -> None:
    shutil.copytree(SAMPLE, tmp_path / "corpus")
    assert cli("build", "corpus", "-j", "1", "--no-turtle").code == 0
    before = quads(tmp_path / "drugkg-store")
    (tmp_path / "corpus" / "new.txt").write_text("Lithium may cause tremor.\n")
    done = _drugkg(tmp_path, ["rules", "example:", "exemple:"],
                   "build", "corpus", "--force", "-j", jobs, "--no-turtle")  # fmt: skip
    assert done.returncode == 1
    line = _one_line(done)
    assert line.startswith("error: treats.yaml: rule 'treats."), line
    assert "unknown key(s) ['exemple']" in line
    assert quads(tmp_path / "drugkg-store") == before


def test_extract_with_a_broken_lexicon_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Lithium may cause tremor.\n")
    done = _drugkg(tmp_path, ["lexicon", "entries:", "entrys:"], "extract", "a.txt")
    assert done.returncode == 1
    assert _one_line(done) == "error: drugs.yaml: expected a mapping with keys ['entries', 'type']"
