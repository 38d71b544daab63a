"""Extraction rules as data: load the YAML strictly and compile patterns to regular expressions.

A pattern reads like the sentence it matches::

    {subject} {be} {adv}* (used|prescribed) {adv}* (to treat|for) {objects}

Words match themselves (case-insensitively, on folded text), ``(a|b c)`` is a choice,
``?`` and ``*`` after a group or macro make it optional or repeatable (``effects?`` right
after a word makes its last letter optional), ``\\(`` is a literal bracket, ``$`` alone is
the end of the sentence ("(,|\\.|$)": a comma, a full stop or nothing more), items written
without a space between them are glued together, and ``{name}`` is a macro
from ``rules/macros.yaml``. The slots ``{subject}``, ``{object}`` and ``{objects}`` mark
what the fact is about; ``{object=brand}`` fills a slot with a specific macro.
Entities are matched before rules run and stand in the text as placeholders such as
``⟨D3⟩`` (the fourth mention, a drug): macros like ``{drug}`` match those.
"""

from __future__ import annotations

import importlib.resources
import re
import re._constants as re_constants
import re._parser as re_parser
from dataclasses import dataclass, field
from typing import Any

import yaml

from drugkg.model import EntityType, Predicate

__all__ = [
    "PLACEHOLDER_CODE",
    "CompiledPattern",
    "ContextCues",
    "ListSyntax",
    "Rule",
    "RuleError",
    "RuleSet",
    "SectionRule",
    "compile_pattern",
    "compile_rule_pattern",
    "load_rules",
    "slot_start",
]

#: The letter standing for each entity type inside placeholders (``⟨D3⟩``).
PLACEHOLDER_CODE = {
    EntityType.DRUG: "D",
    EntityType.BRAND: "B",
    EntityType.CLASS: "K",
    EntityType.SUBSTANCE: "S",
    EntityType.CONDITION: "C",
    EntityType.THERAPY: "H",
    EntityType.POPULATION: "P",
    EntityType.TARGET: "G",
}

_RULE_KEYS = {
    "id", "predicate", "pattern", "example", "yields", "error_rate", "negation",
    "objects", "exclude", "known", "subject", "note", "swap", "topic", "local", "within",
    "requires", "object", "in_passing", "class_own",
}  # fmt: skip
_REQUIRED = {"id", "pattern", "example", "yields"}
_SECTION_KEYS = {
    "id", "predicate", "heading", "example", "yields", "error_rate", "note", "subheadings",
    "prose", "no_effects",
}  # fmt: skip
_SLOTS = {"subject": "subject", "object": "entity", "objects": "list"}
# slot: the pattern's {subject}; focus: the drug being discussed; section: the section's
# drug, else the document's, for a statement that names no drug at all; document: the
# section's drug, else the document's, though the sentence names others (the leaflet's "tell
# your doctor if you are taking X" is about its own medicine and X), else the focus
_SUBJECT_MODES = {"slot", "focus", "section", "document"}

DEFAULT_OBJECT_TYPES: dict[Predicate, tuple[EntityType, ...]] = {
    Predicate.TREATS: (EntityType.CONDITION,),
    Predicate.USED_OFF_LABEL_FOR: (EntityType.CONDITION,),
    Predicate.HAS_SIDE_EFFECT: (EntityType.CONDITION,),
    Predicate.HAS_WITHDRAWAL_SYMPTOM: (EntityType.CONDITION,),
    Predicate.HAS_RISK: (EntityType.CONDITION,),
    Predicate.INTERACTS_WITH: (EntityType.DRUG, EntityType.CLASS, EntityType.SUBSTANCE),
    Predicate.CONTRAINDICATED_IN: (EntityType.CONDITION, EntityType.POPULATION),
    Predicate.CAUTION_IN: (EntityType.CONDITION, EntityType.POPULATION),
    Predicate.MEMBER_OF_CLASS: (EntityType.CLASS,),
    Predicate.HAS_BRAND_NAME: (EntityType.BRAND,),
    Predicate.MECHANISM: (EntityType.TARGET,),
    Predicate.ALTERNATIVE_TO: (EntityType.DRUG,),
}


# an alternative of plain words ("with pre-existing"), no macro, group or quantifier
_PLAIN_WORDS = re.compile(r"[\w' ,.-]+")


class RuleError(ValueError):
    """A rule file breaks the schema; the message names the file, the rule and the problem."""


# the macros whose slot holds the members of a list (its drugs and substances)
_MEMBER_MACROS = ("members", "member_list", "bracket_members")
# the macros whose slot holds a list every agent of which is a subject (a class with its
# examples among them)
_EVERY_MACROS = ("comparators",)


@dataclass(frozen=True, slots=True)
class Rule:
    """A sentence pattern that yields facts of one predicate."""

    id: str
    predicate: Predicate
    pattern: str
    regex: re.Pattern[str]
    example: str
    yields: tuple[tuple[str, str], ...]
    source: str
    error_rate: float = 0.1
    negation: bool = True
    subject: str = "slot"
    objects: str | None = None
    exclude: str | None = None
    known: bool = False
    swap: bool = False
    topic: str | None = None  # "set": remember the objects; "use": the remembered are objects
    required: tuple[frozenset[str], ...] = ()  # a matching sentence has a word of each set
    leading_objects: bool = False  # the pattern opens with {objects}
    needs_subject: bool = False  # its {subject} slot is not optional
    local: bool = False  # a noun-phrase pattern ("X (Brand)"): its subject may follow "and"
    members: bool = False  # its subject is {members}: the drugs and substances of a list
    every: bool = False  # its subject is {comparators}: every drug, class, substance of it
    # its drugs are named in passing ("calcium channel blockers like verapamil"): they do
    # not become what the text goes on to speak about
    in_passing: bool = False
    # what it says of a class stays the class's own, in a member's article too ("unlike
    # other opioids, X does not cause miosis" is not a side effect of X)
    class_own: bool = False
    # the object every match states, when the words name it without a slot: "if you take
    # more X than you should" is about an overdose
    constant_object: str | None = None
    # only inside sections of these predicates, and then with the section's predicate:
    # "Symptoms include ..." under "Stopping sertraline" are withdrawal symptoms
    within: frozenset[Predicate] = frozenset()


@dataclass(frozen=True, slots=True)
class SectionRule:
    """A heading that turns the bulleted items below it into facts about the article's drug."""

    id: str
    predicate: Predicate | None  # None: the bullets of this section state no fact
    heading: re.Pattern[str]
    example: str
    yields: tuple[tuple[str, str], ...]
    source: str
    error_rate: float = 0.15
    # a heading below this one that no section names is a sub-heading: it keeps this
    # section, and if ``subheadings`` it names an object itself ("Adverse effects" >
    # "Sexual dysfunction")
    subheadings: bool = False
    # entity types whose mentions in any sentence of the section are objects ("Interactions":
    # the drugs, classes and substances its sentences name), besides what the rules read
    prose: tuple[EntityType, ...] = ()
    # no sentence of the section states a side effect ("Overdose": what its sentences list
    # are the signs of overdose, facts.md)
    no_effects: bool = False


@dataclass(frozen=True, slots=True)
class ContextCues:
    """Negation and hedge cues (ConText-style), as regular expressions over folded text."""

    negation: re.Pattern[str]
    negation_exceptions: re.Pattern[str]
    hedge: re.Pattern[str]
    hedge_factor: float
    # a sentence of an interactions section that names other drugs without stating a
    # harmful interaction: a combination given on purpose, an alternative, an advert
    not_an_interaction: re.Pattern[str] = re.compile("(?!)")
    # words that end a negation's scope (ConText's terminations): "should not exceed two
    # weeks because of the risk of abuse" states the risk
    termination: re.Pattern[str] = re.compile("(?!)")


@dataclass(frozen=True, slots=True)
class ListSyntax:
    """How a captured list splits into items and how items are trimmed."""

    separator: re.Pattern[str]
    clause_stop: re.Pattern[str]
    leading: re.Pattern[str]
    trailing: re.Pattern[str]
    modifiers: frozenset[str]
    generic: frozenset[str]
    stages: frozenset[str]
    kinds: frozenset[str]
    function_words: frozenset[str]
    class_heads: frozenset[str]
    target_heads: frozenset[str]
    drug_suffix: re.Pattern[str]
    class_suffix: re.Pattern[str] = re.compile(r"(?!)")
    vocabularies: dict[str, frozenset[str]] = field(default_factory=dict)
    rewrites: tuple[tuple[re.Pattern[str], str], ...] = ()
    # what a purpose "to ..." names: "to lower blood pressure" is hypertension (only after
    # "to", where "lower blood pressure" alone is a finding of its own)
    goals: tuple[tuple[re.Pattern[str], str], ...] = ()
    overrides: dict[Predicate, frozenset[Predicate]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    sections: tuple[SectionRule, ...]
    context: ContextCues
    lists: ListSyntax
    macros: dict[str, str]

    def rule(self, rule_id: str) -> Rule | SectionRule:
        candidates: tuple[Rule | SectionRule, ...] = (*self.rules, *self.sections)
        for r in candidates:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


# ---------------------------------------------------------------------------------- compiler

_SPECIAL = set(" (){}|?*+")  # a backslash escapes one of these inside a word


class _Parser:
    """Recursive descent over the pattern language; produces a regex string."""

    def __init__(self, pattern: str, macros: dict[str, str], where: str) -> None:
        # "(the )?word" reads as "(the)? word": a space closing a group separates words
        pattern = re.sub(r"(?<!\\)\s+\)([?*+]?)", r")\1 ", pattern)
        self.s = re.sub(r"\s+", " ", pattern).strip()
        self.i = 0
        self.macros = macros
        self.where = where
        self.slots: list[str] = []
        self.required: list[frozenset[str]] = []  # words the sentence must contain
        self.leading_slot = False  # the pattern opens with {objects}
        self.subject_optional = False

    def fail(self, msg: str) -> RuleError:
        return RuleError(f"{self.where}: {msg} (at {self.i} in pattern {self.s!r})")

    def parse(self) -> str:
        out, _ = self.alternation(top=True)
        if self.i != len(self.s):
            raise self.fail("unexpected ')'")
        return out

    def alternation(self, *, top: bool = False) -> tuple[str, frozenset[str] | None]:
        """A choice of sequences, and the words one of which must start it (None: unknown)."""
        start = self.i
        options = [self.sequence(top=top)]
        sources = [self.s[start : self.i]]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            start = self.i
            options.append(self.sequence())
            sources.append(self.s[start : self.i])
            self.required = []  # a top-level choice: no word is required as such
        if all(_PLAIN_WORDS.fullmatch(src) for src in sources):
            # words only: the longest first, so that "(with|with pre-existing) {objects}"
            # reads "pre-existing" as part of the trigger rather than of the object
            order = sorted(range(len(options)), key=lambda k: -len(sources[k].strip()))
            options = [options[k] for k in order]
        anchors: frozenset[str] | None = frozenset()
        for _, first in options:
            anchors = None if first is None or anchors is None else anchors | first
        regex = options[0][0] if len(options) == 1 else _choice([o[0] for o in options])
        return regex, anchors

    def sequence(self, *, top: bool = False) -> tuple[str, frozenset[str] | None]:
        # (regex, quantifier, is_punctuation, preceded_by_space, is_macro)
        items: list[tuple[str, str, bool, bool, bool]] = []
        anchors: list[frozenset[str] | None] = []
        while True:
            spaced = False
            while self.i < len(self.s) and self.s[self.i] == " ":
                self.i += 1
                spaced = True
            if self.i >= len(self.s) or self.s[self.i] in "|)":
                break
            atom, quant, punct, anchor = self.item()
            macro = self.s[self._start] == "{" and not atom.startswith("(?P<")
            if macro:
                anchor = _first_words(atom)  # "{cause}": cause, causes, lead...
            if items and not spaced:  # glued ("{anaphor}'s"): neither is a word of its own
                anchors[-1] = anchor = None
            items.append((atom, quant, punct, spaced, macro))
            anchors.append(anchor if quant in ("", "+") else None)
        if top:
            self.required = [a for a in anchors if a]
            self.leading_slot = bool(items) and items[0][0].startswith("(?P<objects>")
        first = anchors[0] if anchors and anchors[0] else None
        return _join(items), first

    def item(self) -> tuple[str, str, bool, frozenset[str] | None]:
        self._start = self.i
        c = self.s[self.i]
        punct = False
        anchor: frozenset[str] | None = None
        if c == "{":
            end = self.s.find("}", self.i)
            if end < 0:
                raise self.fail("unclosed '{'")
            atom = self.macro(self.s[self.i + 1 : end])
            self.i = end + 1
        elif c == "(":
            self.i += 1
            atom, anchor = self.alternation()
            if self.i >= len(self.s) or self.s[self.i] != ")":
                raise self.fail("unclosed '('")
            if not atom:
                raise self.fail("empty group '()'; a pattern is words, (a|b) and {macros}")
            self.i += 1
            atom = f"(?:{atom})"
        elif c in _SPECIAL and c != "\\":
            raise self.fail(f"unexpected {c!r}")
        else:
            chars: list[str] = []
            while self.i < len(self.s) and self.s[self.i] not in _SPECIAL:
                if self.s[self.i] == "\\" and self.i + 1 < len(self.s):
                    self.i += 1  # a backslash makes the next character literal: \( \)
                chars.append(self.s[self.i])
                self.i += 1
            word = "".join(chars).lower()
            punct = not any(ch.isalnum() for ch in word)
            # "$" alone ends the sentence: a list item without its full stop
            atom = "$" if word == "$" else re.escape(word)
            if len(word) > 1 and word[-1].isalnum() and self.s[self.i : self.i + 1] == "?":
                # "effects?" makes the last letter optional, as in a regular expression
                self.i += 1
                atom = re.escape(word[:-1]) + re.escape(word[-1]) + "?"
            first_run = re.match(r"[a-z0-9][a-z0-9']*", word)  # "'s" is glued to a word
            # the word's first run of letters anchors it ("off" for "off-label"), unless
            # the optional last letter is part of that run ("effects?")
            if first_run and (not atom.endswith("?") or len(first_run.group()) < len(word)):
                anchor = frozenset({first_run.group()})
            if word[:1].isalnum():
                atom = r"(?<!\w)" + atom
            if word[-1:].isalnum():
                atom += r"(?!\w)"
        quant = ""
        if self.i < len(self.s) and self.s[self.i] in "?*+":
            quant = self.s[self.i]
            self.i += 1
        if quant in ("?", "*") and "(?P<subject>" in atom:
            self.subject_optional = True
        return atom, quant, punct, anchor

    def macro(self, body: str) -> str:
        name, _, arg = body.partition("=")
        name = name.strip()
        if name in _SLOTS:
            if name in self.slots:
                raise self.fail(f"slot {{{name}}} used twice")
            self.slots.append(name)
            inner = self.expand(arg.strip() or _SLOTS[name], depth=0)
            return f"(?P<{name}>{inner})"
        return f"(?:{self.expand(name, depth=0)})"

    def expand(self, name: str, depth: int) -> str:
        if depth > 8:
            raise self.fail(f"macro {name!r} expands too deeply")
        if name not in self.macros:
            raise self.fail(f"unknown macro {{{name}}}; known: {', '.join(sorted(self.macros))}")
        return re.sub(
            r"\{(\w+)\}",
            lambda m: f"(?:{self.expand(m.group(1), depth + 1)})",
            self.macros[name],
        )


_WORD_CHAR = re.compile(r"[a-z0-9']")


def _first_words(regex: str) -> frozenset[str] | None:
    r"""The words one of which any match of ``regex`` must begin with, if that can be told.

    >>> sorted(_first_words("(?:cause|causes|lead to)"))
    ['cause', 'causes', 'lead']
    >>> _first_words("(?:effects?)") is None, _first_words("(?:⟨D\\d+⟩|it)") is None
    (True, True)
    """
    try:
        parsed = re_parser.parse(regex)
    except re.error:
        return None
    return _first_words_of(list(parsed))


def _first_words_of(items: list[Any]) -> frozenset[str] | None:
    ops = re_constants
    for n, (op, arg) in enumerate(items):
        if op in (ops.ASSERT_NOT, ops.ASSERT, ops.AT):
            continue  # zero-width
        if op is ops.LITERAL:
            run = []
            for op2, arg2 in items[n:]:
                if op2 is ops.LITERAL and _WORD_CHAR.fullmatch(chr(arg2)):
                    run.append(chr(arg2))
                    continue
                if op2 is ops.LITERAL or op2 in (ops.ASSERT_NOT, ops.AT):
                    break  # a space or a boundary ends the word
                return None  # something else could extend the word
            return frozenset({"".join(run)}) if run else None
        if op is ops.BRANCH:
            words: set[str] = set()
            for branch in arg[1]:
                found = _first_words_of(list(branch))
                if found is None:
                    return None
                words |= found
            return frozenset(words)
        if op is ops.SUBPATTERN:
            inner = list(arg[-1])
            rest = items[n + 1 :]
            if not rest:
                return _first_words_of(inner)
            return None if not inner else _first_words_of(inner) if _ends_word(inner) else None
        return None
    return None


def _ends_word(items: list[Any]) -> bool:
    """Whether every alternative of a group ends in a whole word (so a run cannot go on)."""
    ops = re_constants
    op, arg = items[-1]
    if op is ops.BRANCH:
        return all(b and _ends_word(list(b)) for b in arg[1])
    if op is ops.SUBPATTERN:
        return _ends_word(list(arg[-1]))
    if op is ops.ASSERT_NOT or op is ops.AT:
        return True
    return op is ops.LITERAL


_WORD_START, _WORD_END = r"(?<!\w)", r"(?!\w)"


def _choice(options: list[str]) -> str:
    r"""A choice of regexes, with the word boundaries that neighbouring options share
    moved outside them.

    ``(?:(?<!\w)is(?!\w)|(?<!\w)are(?!\w))`` becomes ``(?<!\w)(?:is|are)(?!\w)``: the
    same matches, tried in the same order, but each option now opens with a literal
    letter, which the regex engine checks before it enters the option. On the long word
    choices of the rules this is most of the matching time.

    >>> _choice([r"(?<!\w)is(?!\w)", r"(?<!\w)are(?!\w)"])
    '(?<!\\w)(?:is|are)(?!\\w)'
    >>> _choice([r"(?<!\w)is(?!\w)", r"(?<!\w)are(?!\w)", ":"])
    '(?:(?<!\\w)(?:is|are)(?!\\w)|:)'
    """
    runs: list[list[str]] = []
    for option in options:
        bounded = option.startswith(_WORD_START) and option.endswith(_WORD_END)
        if bounded and runs and runs[-1][0].startswith(_WORD_START):
            runs[-1].append(option)
        else:
            runs.append([option] if bounded else ["", option])
    parts = []
    for run in runs:
        if run[0] == "":
            parts.append(run[1])
        elif len(run) == 1:
            parts.append(run[0])
        else:
            inner = "|".join(o[len(_WORD_START) : -len(_WORD_END)] for o in run)
            parts.append(f"{_WORD_START}(?:{inner}){_WORD_END}")
    if len(parts) == 1 and len(runs[0]) > 1 and runs[0][0] != "":
        return parts[0]
    return "(?:" + "|".join(parts) + ")"


def _join(items: list[tuple[str, str, bool, bool, bool]]) -> str:
    """Join pattern items with optional whitespace; words carry their own word boundaries.

    Because every literal word is wrapped in ``(?<!\\w)...(?!\\w)``, items can be joined
    with ``\\s*`` and optional items can simply be made optional: nothing depends on which
    of them is present. Items written without a space between them are glued.
    """
    out = []
    for n, (atom, quant, _punct, spaced, macro) in enumerate(items):
        glued_after = n + 1 < len(items) and not items[n + 1][3]
        if macro:  # a macro stands for whole words: "{be}" must not match inside "because"
            left = r"(?<!\w)" if n == 0 or spaced else ""
            atom = f"{left}{atom}" + ("" if glued_after else r"(?!\w)")
        sep = r"\s*" if n and spaced else ""
        out.append(f"(?:{sep}{atom}){quant}" if quant else sep + atom)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """A rule pattern as a regular expression, with what makes matching it cheap.

    ``required`` lists sets of words: a sentence can only match if it has a word from each.
    ``leading_objects`` is true when the pattern opens with ``{objects}``; such a pattern
    is matched anchored at the start of the clause, not searched from every position.
    """

    regex: re.Pattern[str]
    required: tuple[frozenset[str], ...]
    leading_objects: bool
    needs_subject: bool = False  # a {subject} slot that must be filled


def slot_start(match: re.Match[str], *slots: str) -> int | None:
    """Where the first of the named slots that took part in ``match`` starts, or None (a
    rule without the slot, or an optional slot left empty).

    >>> m = re.match(r"(?P<subject>[A-Z]) treats (?P<objects>[A-Z])", "X treats Y")
    >>> slot_start(m, "objects", "object"), slot_start(m, "object")
    (9, None)
    """
    for slot in slots:
        if slot in match.re.groupindex and match.start(slot) >= 0:
            return match.start(slot)
    return None


def compile_pattern(
    pattern: str, macros: dict[str, str], *, where: str = "pattern"
) -> re.Pattern[str]:
    """Compile the pattern language to a regular expression over masked, folded text.

    >>> rx = compile_pattern("{subject} is (used|given) for {objects}",
    ...                      {"subject": "⟨D\\\\d+⟩", "list": "[^.]+", "entity": "⟨\\\\w\\\\d+⟩"})
    >>> rx.search("⟨D0⟩ is used for ⟨C1⟩ and pain.").groupdict()
    {'subject': '⟨D0⟩', 'objects': '⟨C1⟩ and pain'}
    """
    return compile_rule_pattern(pattern, macros, where=where).regex


def compile_rule_pattern(
    pattern: str, macros: dict[str, str], *, where: str = "pattern"
) -> CompiledPattern:
    """Compile a pattern and work out the words a matching sentence must contain.

    >>> macros = {"subject": "X", "list": "[^.]+"}
    >>> c = compile_rule_pattern("{subject} is (used|given) for {objects}", macros)
    >>> sorted(map(sorted, c.required))
    [['for'], ['given', 'used'], ['is']]
    """
    parser = _Parser(pattern, macros, where)
    body = parser.parse()
    # a list may follow a colon: "side effects include: nausea, ..."
    body = body.replace(r"\s*(?P<objects>", r"\s*:?\s*(?P<objects>")
    try:
        regex = re.compile(r"(?<![\w])" + body + r"(?!\w)")
    except re.error as exc:
        raise RuleError(f"{where}: pattern does not compile: {exc}") from None
    needs_subject = "subject" in regex.groupindex and not parser.subject_optional
    return CompiledPattern(regex, tuple(parser.required), parser.leading_slot, needs_subject)


# ------------------------------------------------------------------------------------ loading


def _resource(name: str) -> tuple[str, str]:
    path = importlib.resources.files("drugkg.extract") / "rules" / name
    return name, path.read_text(encoding="utf-8")


def _yaml(name: str, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleError(f"{name}: not valid YAML: {exc}") from None


def _regex(where: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise RuleError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def _either(where: str, patterns: list[str]) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise RuleError(f"{where}: expected a list of regular expressions")
    for p in patterns:
        _regex(where, p)
    return _regex(where, "|".join(f"(?:{p})" for p in patterns) or r"(?!)")


def _predicate(where: str, value: Any) -> Predicate:
    try:
        return Predicate(value)
    except ValueError:
        valid = ", ".join(p.value for p in Predicate)
        raise RuleError(f"{where}: unknown predicate {value!r}; valid: {valid}") from None


def _yields(where: str, value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(
        isinstance(y, list) and len(y) == 2 and all(isinstance(v, str) for v in y) for y in value
    ):
        raise RuleError(f"{where}: 'yields' must be a list of [subject, object] pairs")
    return tuple((s, o) for s, o in value)


def _error_rate(where: str, value: Any, default: float) -> float:
    rate = default if value is None else value
    if not isinstance(rate, (int, float)) or not 0.0 <= rate < 1.0:
        raise RuleError(f"{where}: error_rate must be a number in [0, 1), got {rate!r}")
    return float(rate)


def _parse_rule(
    raw: Any, source: str, default_predicate: Any, macros: dict[str, str], vocab: set[str]
) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{source}: each rule must be a mapping")
    where = f"{source}: rule {raw.get('id', '?')!r}"
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}; valid: {sorted(_RULE_KEYS)}")
    missing = _REQUIRED - set(raw)
    if missing:
        raise RuleError(f"{where}: missing key(s) {sorted(missing)}")
    predicate = _predicate(where, raw.get("predicate", default_predicate))
    parser_where = where
    compiled = compile_rule_pattern(str(raw["pattern"]), macros, where=parser_where)
    regex = compiled.regex
    subject = raw.get("subject", "slot")
    if subject not in _SUBJECT_MODES:
        raise RuleError(f"{where}: subject must be one of {sorted(_SUBJECT_MODES)}")
    groups = set(regex.groupindex)
    if subject == "slot" and "subject" not in groups:
        raise RuleError(f"{where}: the pattern has no {{subject}} slot (or set subject: focus)")
    topic = raw.get("topic")
    if topic not in (None, "set", "use", "use_or_focus"):
        raise RuleError(f"{where}: topic must be 'set', 'use' or 'use_or_focus'")
    constant = raw.get("object")
    if constant is not None and (not isinstance(constant, str) or not constant.strip()):
        raise RuleError(f"{where}: object must be the label of one entity")
    if constant is not None and groups & {"object", "objects"}:
        raise RuleError(f"{where}: a rule with object: has no {{object}} or {{objects}} slot")
    if (
        topic not in ("use", "use_or_focus")
        and constant is None
        and not groups & {"object", "objects"}
    ):
        raise RuleError(f"{where}: the pattern needs an {{object}} or {{objects}} slot")
    for key in ("objects", "exclude"):
        if raw.get(key) is not None and raw[key] not in vocab:
            raise RuleError(
                f"{where}: unknown {key} vocabulary {raw[key]!r}; valid: {sorted(vocab)}"
            )
    for key in ("negation", "known", "swap", "local", "in_passing", "class_own"):
        if key in raw and not isinstance(raw[key], bool):
            raise RuleError(f"{where}: {key} must be true or false")
    return Rule(
        id=str(raw["id"]),
        predicate=predicate,
        pattern=str(raw["pattern"]),
        regex=regex,
        example=str(raw["example"]),
        yields=_yields(where, raw["yields"]),
        source=source,
        error_rate=_error_rate(where, raw.get("error_rate"), 0.1),
        negation=raw.get("negation", True),
        subject=subject,
        objects=raw.get("objects"),
        exclude=raw.get("exclude"),
        known=raw.get("known", False),
        swap=raw.get("swap", False),
        topic=topic,
        local=raw.get("local", False),
        members=any(f"{{subject={m}}}" in str(raw["pattern"]) for m in _MEMBER_MACROS),
        every=any(f"{{subject={m}}}" in str(raw["pattern"]) for m in _EVERY_MACROS),
        in_passing=raw.get("in_passing", False),
        class_own=raw.get("class_own", False),
        constant_object=constant,
        required=compiled.required + _requires(where, raw),
        within=frozenset(_predicate(where, p) for p in raw.get("within") or ()),
        leading_objects=compiled.leading_objects,
        needs_subject=compiled.needs_subject and subject == "slot",
    )


def _requires(where: str, raw: dict[str, Any]) -> tuple[frozenset[str], ...]:
    """``requires``: words one of which a sentence must have for the rule to be tried, for
    a pattern whose trigger the compiler cannot see as a word ("{drug}-(induced|related)").
    The example must have one of them."""
    words = raw.get("requires")
    if words is None:
        return ()
    if (
        not isinstance(words, list)
        or not words
        or not all(isinstance(w, str) and re.fullmatch(r"[a-z0-9']+", w) for w in words)
    ):
        raise RuleError(f"{where}: requires must be a list of lower-case words")
    example = set(re.findall(r"[a-z0-9']+", str(raw.get("example", "")).lower()))
    if not example & set(words):
        raise RuleError(f"{where}: the example has none of the required words {words}")
    return (frozenset(words),)


def _parse_section(raw: Any, source: str) -> SectionRule:
    where = f"{source}: section {raw.get('id', '?') if isinstance(raw, dict) else '?'!r}"
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: each section must be a mapping")
    unknown = set(raw) - _SECTION_KEYS
    if unknown:
        raise RuleError(
            f"{where}: unknown key(s) {sorted(unknown)}; valid: {sorted(_SECTION_KEYS)}"
        )
    missing = {"id", "predicate", "heading", "example", "yields"} - set(raw)
    if missing:
        raise RuleError(f"{where}: missing key(s) {sorted(missing)}")
    return SectionRule(
        id=str(raw["id"]),
        predicate=None if raw["predicate"] == "none" else _predicate(where, raw["predicate"]),
        heading=_regex(where, str(raw["heading"])),
        example=str(raw["example"]),
        yields=_yields(where, raw["yields"]),
        source=source,
        error_rate=_error_rate(where, raw.get("error_rate"), 0.15),
        subheadings=_flag(where, raw, "subheadings"),
        prose=_types(where, raw.get("prose", [])),
        no_effects=_flag(where, raw, "no_effects"),
    )


def _flag(where: str, raw: dict[str, Any], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise RuleError(f"{where}: {key} must be true or false, not {value!r}")
    return value


def _types(where: str, value: Any) -> tuple[EntityType, ...]:
    valid = {t.value: t for t in EntityType}
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: prose must be a list of entity types ({', '.join(valid)})")
    unknown = [v for v in value if v not in valid]
    if unknown:
        raise RuleError(
            f"{where}: unknown entity type {unknown[0]!r} in prose; valid: {', '.join(valid)}"
        )
    return tuple(valid[v] for v in value)


def _parse_lists(data: Any, name: str) -> ListSyntax:
    keys = {
        "separator", "clause_stop", "leading", "trailing", "modifiers", "generic", "stages",
        "kinds", "function_words", "class_heads", "target_heads", "drug_suffix", "class_suffix",
        "vocabularies", "rewrites", "goals", "overrides",
    }  # fmt: skip
    if not isinstance(data, dict) or set(data) != keys:
        raise RuleError(f"{name}: expected exactly the keys {sorted(keys)}")

    def words(key: str) -> frozenset[str]:
        value = data[key]
        if not isinstance(value, list):
            raise RuleError(f"{name}: {key} must be a list of strings")
        for v in value:
            if not isinstance(v, str):
                raise RuleError(f"{name}: {key}: {v!r} is not a string (quote it in YAML)")
        return frozenset(v.lower() for v in value)

    vocabularies = data["vocabularies"]
    if not isinstance(vocabularies, dict):
        raise RuleError(f"{name}: vocabularies must map a name to a list of labels")
    return ListSyntax(
        separator=_either(f"{name}: separator", data["separator"]),
        clause_stop=_either(f"{name}: clause_stop", data["clause_stop"]),
        leading=_either(f"{name}: leading", data["leading"]),
        trailing=_either(f"{name}: trailing", data["trailing"]),
        modifiers=words("modifiers"),
        generic=words("generic"),
        stages=words("stages"),
        kinds=words("kinds"),
        function_words=words("function_words"),
        class_heads=words("class_heads"),
        target_heads=words("target_heads"),
        drug_suffix=_either(f"{name}: drug_suffix", data["drug_suffix"]),
        class_suffix=_either(f"{name}: class_suffix", data["class_suffix"]),
        vocabularies={k: frozenset(v) for k, v in vocabularies.items()},
        rewrites=tuple(
            (_regex(f"{name}: rewrites", str(k)), str(v))
            for k, v in (data["rewrites"] or {}).items()
        ),
        goals=tuple(
            (_regex(f"{name}: goals", str(k)), str(v)) for k, v in (data["goals"] or {}).items()
        ),
        overrides={
            _predicate(f"{name}: overrides", k): frozenset(
                _predicate(f"{name}: overrides of {k}", p) for p in v
            )
            for k, v in (data["overrides"] or {}).items()
        },
    )


def _parse_context(data: Any, name: str) -> ContextCues:
    keys = {"negation", "negation_exceptions", "hedge", "hedge_factor"}
    optional = {"not_an_interaction", "termination"}
    if not isinstance(data, dict) or not keys <= set(data) <= keys | optional:
        raise RuleError(
            f"{name}: expected the keys {sorted(keys)} (and optionally {sorted(optional)})"
        )
    factor = data["hedge_factor"]
    if not isinstance(factor, (int, float)) or not 0 < factor <= 1:
        raise RuleError(f"{name}: hedge_factor must be in (0, 1]")
    return ContextCues(
        negation=_either(f"{name}: negation", data["negation"]),
        negation_exceptions=_either(f"{name}: negation_exceptions", data["negation_exceptions"]),
        hedge=_either(f"{name}: hedge", data["hedge"]),
        hedge_factor=float(factor),
        not_an_interaction=_either(
            f"{name}: not_an_interaction", data.get("not_an_interaction") or ["(?!)"]
        ),
        termination=_either(f"{name}: termination", data.get("termination") or ["(?!)"]),
    )


def _repeated_alternative(regex: str) -> str | None:
    """An alternative listed twice at the top level of ``(?:a|b|...)``, if any.

    >>> _repeated_alternative("(?:also|often|also)"), _repeated_alternative("(?:a|(?:b|a)|\\\\|)")
    ('also', None)
    """
    if not (regex.startswith("(?:") and regex.endswith(")")):
        return None
    body = regex[3:-1]
    parts: list[str] = []
    part: list[str] = []
    depth = 0
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":  # an escaped character is never structure: "\\|"
            part.append(body[i : i + 2])
            i += 2
            continue
        if ch == "[":  # a character class, copied whole
            end = i + 1
            while end < len(body) and body[end] != "]":
                end += 2 if body[end] == "\\" else 1
            part.append(body[i : end + 1])
            i = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(part))
            part = []
        else:
            part.append(ch)
        i += 1
    parts.append("".join(part))
    seen: set[str] = set()
    for p in parts:
        if p in seen:
            return p
        seen.add(p)
    return None


def load_rules(files: dict[str, str] | None = None) -> RuleSet:
    """Load every rule file (``rules/*.yaml``, and the user's: :mod:`drugkg.extract.extra`)
    strictly; ``files`` maps names to YAML text (and then is all there is).

    Special files: ``macros.yaml``, ``context.yaml``, ``lists.yaml``, ``sections.yaml``;
    every other file holds ``rules:`` (and an optional default ``predicate:``).
    """
    if files is None:
        from drugkg.extract.extra import extra_files

        root = importlib.resources.files("drugkg.extract") / "rules"
        files = dict(
            _resource(p.name) for p in sorted(root.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".yaml")
        )  # fmt: skip
        files.update(extra_files("rules"))  # the user's ($DRUGKG_RULES), named by path
    for special in ("macros.yaml", "context.yaml", "lists.yaml", "sections.yaml"):
        if special not in files:
            raise RuleError(f"{special}: missing from the rule files")
    macro_data = _yaml("macros.yaml", files["macros.yaml"])
    if not isinstance(macro_data, dict) or set(macro_data) != {"macros"}:
        raise RuleError("macros.yaml: expected one key 'macros'")
    macros = {str(k): str(v) for k, v in macro_data["macros"].items()}
    for name, value in macros.items():
        _regex(f"macros.yaml: macro {name!r}", re.sub(r"\{\w+\}", "x", value))
        repeated = _repeated_alternative(value)
        if repeated:
            # "(?:also|often|also)*" matches a run of n words in 2**n ways: a hang
            raise RuleError(f"macros.yaml: macro {name!r} lists {repeated!r} twice")
    lists = _parse_lists(_yaml("lists.yaml", files["lists.yaml"]), "lists.yaml")
    context = _parse_context(_yaml("context.yaml", files["context.yaml"]), "context.yaml")
    section_data = _yaml("sections.yaml", files["sections.yaml"])
    if not isinstance(section_data, dict) or set(section_data) != {"sections"}:
        raise RuleError("sections.yaml: expected one key 'sections'")
    sections = tuple(_parse_section(s, "sections.yaml") for s in section_data["sections"])
    rules: list[Rule] = []
    vocab = set(lists.vocabularies)
    for name, text in files.items():
        if name in ("macros.yaml", "context.yaml", "lists.yaml", "sections.yaml"):
            continue
        data = _yaml(name, text)
        if not isinstance(data, dict) or set(data) - {"predicate", "rules"} or "rules" not in data:
            raise RuleError(f"{name}: expected keys 'rules' and optionally 'predicate'")
        if not isinstance(data["rules"], list):
            raise RuleError(f"{name}: 'rules' must be a list")
        rules.extend(
            _parse_rule(raw, name, data.get("predicate"), macros, vocab) for raw in data["rules"]
        )
    seen: dict[str, str] = {}
    every: tuple[Rule | SectionRule, ...] = (*rules, *sections)
    for r in every:
        if r.id in seen:
            raise RuleError(f"{r.source}: rule {r.id!r}: duplicate id (also in {seen[r.id]})")
        seen[r.id] = r.source
    return RuleSet(tuple(rules), sections, context, lists, macros)
