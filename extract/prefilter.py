"""Which rules can match a sentence, before any of them is tried.

Most rules match no sentence they are tried on, and trying each candidate's regular
expression in turn was the largest cost of reading. RE2's ``FilteredRE2`` reduces every
rule's pattern to the literal pieces ("atoms") a match must contain and, from the atoms
found in a sentence, names the rules that can match there. It runs on a looser form of
each pattern, without the lookarounds RE2 cannot run and with Unicode classes for Python's
``\\w``, ``\\s`` and ``\\d``, so it can only over-match: every rule Python's engine
would match is among its answer, and the exact pattern then runs on those few. Without the
``google-re2`` package (or for a pattern RE2 cannot compile) a rule is always a candidate.

>>> f = RulePrefilter([r"(?<!\\w)used for(?!\\w)", r"\\bcauses?\\s+\\w+"])
>>> f.candidates(["it is used for pain"]), f.candidates(["it causes nausea"])
(1, 2)
>>> f.candidates(["nothing here"])
0
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["RulePrefilter", "loosen"]

try:  # an optional speed-up: the pure-Python path reads the same facts
    import re2 as _re2
except ImportError:  # pragma: no cover - exercised where google-re2 is not installed
    _re2 = None

_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_COUNT = re.compile(r"\{(\d*),?(\d*)\}")
# Python's classes are Unicode-wide; RE2's shorthand ones are ASCII. Widen them.
_OUTSIDE = {"w": r"[\pL\pN_]", "d": r"\pN", "s": r"[\s\pZ\x{85}]"}
_INSIDE = {"w": r"\pL\pN_", "d": r"\pN", "s": r"\s\pZ\x{85}"}


def loosen(pattern: str) -> str:
    """A pattern RE2 can compile that matches wherever ``pattern`` matches in Python:
    lookarounds and ``\\b`` dropped (a weaker condition), ``\\w``, ``\\s`` and ``\\d``
    widened to Unicode.

    >>> loosen(r"(?<!\\w)(?:is|are)(?!\\w)\\s*⟨C\\d+\\|[^⟩]*⟩")
    '(?:is|are)[\\\\s\\\\pZ\\\\x{85}]*⟨C\\\\pN+\\\\|[^⟩]*⟩'
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt == "b":
                i += 2  # a word boundary: dropped
                continue
            out.append(_OUTSIDE.get(nxt, pattern[i : i + 2]))
            i += 2
        elif c == "[":
            j = _class_end(pattern, i)
            out.append(_widen_class(pattern[i:j]))
            i = j
        elif pattern.startswith(_LOOKAROUNDS, i):
            i = _group_end(pattern, i)
        elif c == "{" and (count := _COUNT.match(pattern, i)):
            # "{0,300}" unrolls into 300 states; "*" or "+" keeps the automaton small
            out.append("*" if count.group(1) in ("", "0") else "+")
            i = count.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """The index just past the character class opening at ``start``."""
    j = start + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1  # "[]...]": a literal bracket first
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _widen_class(cls: str) -> str:
    """``[\\w-]`` as ``[\\pL\\pN_-]``; a negated class is left as it is (RE2's narrower
    shorthand makes the negation wider, which only over-matches)."""
    if cls.startswith("[^"):
        return cls
    out: list[str] = []
    i = 0
    while i < len(cls):
        if cls[i] == "\\" and i + 1 < len(cls):
            out.append(_INSIDE.get(cls[i + 1], cls[i : i + 2]))
            i += 2
        else:
            out.append(cls[i])
            i += 1
    return "".join(out)


def _group_end(pattern: str, start: int) -> int:
    """The index just past the group opening at ``start`` (brackets and escapes skipped)."""
    depth = 0
    j = start
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(pattern, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


class RulePrefilter:
    """The rules (by number, as bits of an int) that may match a text.

    RE2's ``FilteredRE2`` reduces each loosened pattern to the literal pieces ("atoms")
    any match must contain, and answers from the atoms found in the text which patterns
    can match there; the exact pattern then runs only on those.
    """

    def __init__(self, patterns: Iterable[str], *, size: int | None = None) -> None:
        """``patterns``: the rules' compiled patterns, in rule order; ``size``: the number
        of rules, if more than the patterns given (the rest are always candidates, so
        no pattern at all switches the filter off)."""
        patterns = list(patterns)
        size = len(patterns) if size is None else size
        self._always = ((1 << size) - 1) ^ ((1 << len(patterns)) - 1)
        self._filter: Any = None
        self._bit: list[int] = []  # the filter's index -> the rule's bit
        if _re2 is None:
            self._always = (1 << size) - 1
            return
        options = _re2.Options()
        options.max_mem = 32 << 20
        atoms = _re2.Filter()
        for number, pattern in enumerate(patterns):
            try:
                atoms.Add(loosen(pattern), options)
            except _re2.error:  # a pattern RE2 refuses stays a candidate
                self._always |= 1 << number
                continue
            self._bit.append(1 << number)
        if not self._bit:
            return
        try:
            atoms.Compile()
        except _re2.error:  # then every rule stays a candidate
            self._always = (1 << size) - 1
            return
        self._filter = atoms

    def candidates(self, texts: Iterable[str]) -> int:
        """The rules that may match one of ``texts``, as a bit set over rule numbers."""
        hits = self._always
        if self._filter is None:
            return hits
        bit = self._bit
        for text in texts:
            # the atoms are lower case; the placeholders' type letters are not
            for index in self._filter.Match(text.lower(), True) or ():
                hits |= bit[index]
        return hits
