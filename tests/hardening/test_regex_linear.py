"""No catastrophic regular expressions: no rule backtracks exponentially, every rule is
bounded on a sentence as long as the extractor reads, and extraction time grows linearly
with the document.

Rules run on masked sentences (entities replaced by placeholders like ``⟨D0|sertraline⟩``)
through :func:`drugkg.extract.engine._matches`, the engine's own entry point. The adversarial
inputs are built around each rule: its masked example cut after every word, followed by a
long run of one word the rule knows (or a placeholder, or punctuation), and its example
repeated without a full stop. Times are bounded by generous limits and by growth ratios,
never by a tight wall clock: growth is measured in the thread's CPU time, best of five
rounds that alternate the two lengths, and a failing ratio is measured again before it
counts (growth that is real fails every time; a busy machine does not). A ``SIGPROF``
deadline on the process's CPU time interrupts a runaway match (CPython's regular-expression
engine checks for signals), so a catastrophic rule fails instead of hanging the suite, and a
time over the runaway limit is measured again before it counts, like a failing ratio.
"""

from __future__ import annotations

import functools
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from drugkg.extract.engine import _MAX_SENTENCE, Extractor, _Masked, _matches
from drugkg.extract.rules import Rule, load_rules
from drugkg.extract.text import segment, sentences
from drugkg.model import Document

Deadline = Callable[[float, str], AbstractContextManager[None]]

RULES = {rule.id: rule for rule in load_rules().rules}
PLACEHOLDERS = ["⟨D0|x⟩", "⟨B1|x⟩", "⟨K2|x⟩", "⟨C3|x⟩", "⟨S4|x⟩", "⟨P5|x⟩", "⟨H6|x⟩", "⟨G7|x⟩"]
PUNCTUATION = [",", "(", ")", "'s", "n't", "-", "/"]
REPEATS = 20  # a run this long costs 2**20 backtracking steps if a rule is exponential
RUNAWAY = 0.25  # seconds: a rule on a few hundred characters takes microseconds
AT_THE_CAP = 2.0  # seconds for one rule on one sentence as long as the extractor reads

# A macro that lists one word twice makes "{adv}*" match a run of n such words in 2**n ways,
# and a failing match tries them all ("Sertraline is particularly particularly ... helpful."
# took over a minute when {adv} listed "particularly" twice). The rule loader now rejects a
# macro with a repeated alternative, and these tests keep every rule bounded.


def _rule_params() -> Iterator[object]:
    for rule_id in sorted(RULES):
        yield pytest.param(rule_id, id=rule_id)


# -- adversarial inputs -------------------------------------------------------------------


@functools.cache
def masked_examples(extractor: Extractor, rule_id: str) -> tuple[str, ...]:
    """The sentences of the rule's example as the engine sees them: folded, entities masked."""
    document = Document.from_text("example", RULES[rule_id].example)
    mentions = extractor.gazetteer.find(document.text)
    masked = []
    for block in segment(document.text):
        for sentence in sentences(block):
            local = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
            masked.append(_Masked.build(sentence, local).text)
    return tuple(masked)


def vocabulary(rule: Rule) -> list[str]:
    """Every word the compiled pattern spells out, every placeholder kind, punctuation."""
    words = set(re.findall(r"[a-z][a-z'\-]+", rule.regex.pattern))
    return sorted(words) + PLACEHOLDERS + PUNCTUATION


Shape = tuple[str, str]  # (prefix, unit): the text prefix + unit * n + "⟧"


def shapes(extractor: Extractor, rule: Rule) -> Iterator[Shape]:
    """Adversarial shapes around the rule: each sentence of its masked example cut after each
    word and followed by a run of one word (space- or comma-separated), and each sentence
    repeated without its full stop."""
    words = vocabulary(rule)
    for example in masked_examples(extractor, rule.id):
        for cut in sorted({0} | {m.end() for m in re.finditer(r"\S+", example)}):
            for word in words:
                for sep in (" ", ", "):
                    yield example[:cut] + " ", word + sep
        yield "", example.rstrip(" .") + " "


def text_of(shape: Shape, *, repeats: int = 0, length: int = 0) -> str:
    """The shape with ``repeats`` units, or stretched to about ``length`` characters."""
    prefix, unit = shape
    n = repeats or max(1, (length - len(prefix)) // len(unit))
    return prefix + unit * n + "⟧"


# -- timing -------------------------------------------------------------------------------


class Runaway(Exception):
    pass


def timed(rule: Rule, text: str, limit: float) -> float:
    """CPU seconds of this thread to find every match of ``rule`` in ``text`` (``inf`` past
    ``limit`` seconds of the process's CPU time).

    CPU time, not wall time, for the measure and for the deadline alike: on a loaded machine
    the process waits for a core, which the wall clock counts and the CPU clocks do not."""

    def stop(signum: int, frame: object) -> None:
        raise Runaway

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, limit)
    start = time.thread_time()
    try:
        for _ in _matches(rule, text):
            pass
        return time.thread_time() - start
    except Runaway:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def confirmed(rule: Rule, text: str, limit: float, *, confirm: int = 3) -> float:
    """The time of :func:`timed`, measured again while it is over ``limit``: a runaway match
    is over every time, a pause of the machine (a collection, a page fault) is not."""
    seconds = timed(rule, text, limit)
    for _ in range(confirm - 1):
        if seconds < limit:
            break
        seconds = timed(rule, text, limit)
    return seconds


Pair = tuple[float, float]


def best_of_pair(rule: Rule, small: str, large: str, limit: float, tries: int = 5) -> Pair:
    """The best time of each text over ``tries`` rounds, the two measured in turn in each
    round, so that a slow spell of the machine falls on both alike."""
    best_small = best_large = float("inf")
    for _ in range(tries):
        best_small = min(best_small, timed(rule, small, limit))
        best_large = min(best_large, timed(rule, large, limit))
    return best_small, best_large


def grows_at_most(
    measure: Callable[[], Pair], factor: float, slack: float, *, confirm: int = 3
) -> tuple[bool, Pair]:
    """Whether ``large <= factor * small + slack`` for the pair ``measure`` returns. A
    failing measurement is repeated: growth that is real fails every time (``confirm``
    times), a pause of the machine does not.

    >>> noisy = iter([(0.016, 0.108), (0.016, 0.05)])  # a pause, then the truth
    >>> grows_at_most(lambda: next(noisy), 6, 0.01)
    (True, (0.016, 0.05))
    >>> grows_at_most(lambda: (0.01, 1.0), 6, 0.01)
    (False, (0.01, 1.0))
    """
    pair = measure()
    for _ in range(confirm - 1):
        if pair[1] <= factor * pair[0] + slack:
            break
        pair = measure()
    return pair[1] <= factor * pair[0] + slack, pair


# -- each rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", list(_rule_params()))
def test_a_rule_never_backtracks_exponentially_and_is_bounded_per_sentence(
    extractor: Extractor, rule_id: str
) -> None:
    """A run of 20 copies of any word the rule knows, placed after every word of its
    example, is matched in microseconds; the slowest such shapes, stretched to the longest
    sentence the extractor reads, take under 2 s and grow no faster than quadratically."""
    rule = RULES[rule_id]
    worst: list[tuple[float, Shape]] = []
    for shape in shapes(extractor, rule):
        text = text_of(shape, repeats=REPEATS)
        seconds = confirmed(rule, text, RUNAWAY)
        assert seconds < RUNAWAY, (
            f"{rule_id}: {shape[0][-60:]!r} + {shape[1]!r} * {REPEATS} ({len(text)} characters) "
            f"took over {RUNAWAY} s: catastrophic backtracking"
        )
        worst.append((seconds, shape))
    worst.sort(reverse=True)
    for _, shape in worst[:3]:
        small, large = (text_of(shape, length=n) for n in (_MAX_SENTENCE // 2, _MAX_SENTENCE))
        # doubling the length at most quadruples the time (quadratic: a search restarts at
        # every position), with room for noise
        ok, (t_small, t_large) = grows_at_most(
            lambda small=small, large=large: best_of_pair(rule, small, large, AT_THE_CAP),
            6,
            0.01,
        )
        assert t_large < AT_THE_CAP, (
            f"{rule_id}: {shape[0][-60:]!r} + {shape[1]!r} * n at {len(large)} characters "
            f"took over {AT_THE_CAP} s"
        )
        assert ok, (
            f"{rule_id}: {shape[1]!r} * n: {t_small:.4f} s at {len(small)} characters, "
            f"{t_large:.4f} s at {len(large)}: worse than quadratic"
        )


# -- whole documents ----------------------------------------------------------------------


def sentence_of(example: str, length: int) -> str:
    """A rule's example repeated into one sentence of about ``length`` characters."""
    body = " ".join(example.split()).rstrip(".")
    unit = body[:1].lower() + body[1:] + ", and "
    return (body + ", and " + unit * (length // len(unit)))[:length].rstrip(" ,") + "."


def extraction_seconds(extractor: Extractor, text: str) -> float:
    """CPU seconds, which other work on a busy machine does not stretch as it does wall time."""
    start = time.process_time()
    extractor.extract(Document.from_text("adversarial", text))
    return time.process_time() - start


def test_a_1_mb_line_is_extracted_in_bounded_time(extractor: Extractor, deadline: Deadline) -> None:
    """One line, no sentence end: a single 1 MB "sentence", skipped as run-on."""
    words = " ".join(sorted({w for r in RULES.values() for w in vocabulary(r)[:40]}))
    line = ("Sertraline may cause nausea " + words + " ") * (2**20 // (len(words) + 30) + 1)
    assert len(line) > 2**20 and "\n" not in line
    with deadline(60, "extracting a 1 MB line"):
        extractor.extract(Document.from_text("line", line))


@pytest.mark.slow
def test_extraction_time_is_linear_in_the_number_of_sentences(
    extractor: Extractor, deadline: Deadline
) -> None:
    """Every rule's example stretched into one sentence near the length limit, all on one
    line; then six times that, a single line of over 1 MB: it takes about six times as
    long (each sentence costs at most a few milliseconds, whatever is around it)."""
    one = " ".join(sentence_of(r.example, _MAX_SENTENCE - 100) for r in RULES.values())
    six = " ".join([one] * 6)
    assert len(six) > 2**20 and "\n" not in six
    with deadline(180, "extracting a 1 MB line of sentences near the length limit"):
        extraction_seconds(extractor, one[:20_000])  # warm up
        t_one = extraction_seconds(extractor, one)
        t_six = extraction_seconds(extractor, six)
    assert t_six <= 6 * 1.6 * t_one + 0.5, f"1x: {t_one:.2f} s, 6x: {t_six:.2f} s"


def test_a_run_of_adverbs_does_not_hang_extraction(
    extractor: Extractor, deadline: Deadline
) -> None:
    text = "Sertraline is " + "particularly " * 30 + "helpful."
    with deadline(5, "extracting a sentence with a run of adverbs"):
        extractor.extract(Document.from_text("adverbs", text))


def _sentence_split_seconds(text: str) -> float:
    """The best of three runs, so a pause of the machine (GC, another process) is not
    read as growth."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for block in segment(text):
            for _ in sentences(block):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def test_sentence_splitting_is_linear_in_abbreviations(deadline: Deadline) -> None:
    unit = "Dr. A "
    with deadline(60, "splitting sentences"):
        small = _sentence_split_seconds(unit * 1000)
        large = _sentence_split_seconds(unit * 4000)
    assert large <= 4 * 2 * small + 0.05, f"{small:.3f} s for 6 KB, {large:.3f} s for 24 KB"


def test_segmenting_is_linear_in_lines(deadline: Deadline) -> None:
    with deadline(60, "segmenting lines"):
        small = _sentence_split_seconds("A word.\n" * 10_000)
        large = _sentence_split_seconds("A word.\n" * 40_000)
    assert large <= 4 * 2 * small + 0.05, f"{small:.3f} s for 10k lines, {large:.3f} s for 40k"
