"""Hand-made documents, assertions and doses, and stores built from them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from drugkg.kg.belief import evidence_confidence
from drugkg.kg.rdf import dataset_diff, datasets_isomorphic
from drugkg.kg.store import GraphStore
from drugkg.model import Assertion, Document, Dose, Entity, EntityType, Evidence, Predicate, Triple

P = Predicate
#: The Chromium the browser tests drive (headless), if installed.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def drug(label: str, **kw: object) -> Entity:
    return Entity.make(EntityType.DRUG, label, **kw)  # type: ignore[arg-type]


def condition(label: str) -> Entity:
    return Entity.make(EntityType.CONDITION, label)


#: One reading of a made-up document: its sentence, the triple, the rule, hedged, negated and
#: the rule's error rate.
Reading = tuple[str, Entity, Predicate, Entity, str, bool, bool, float]


def reading_document(
    doc_id: str, readings: list[Reading], dose_drug: Entity | None = None
) -> tuple[Document, list[Assertion], list[Dose]]:
    """A document with one sentence per reading (or "Nothing."), the assertions read there
    with their offsets and confidence, and a dose of ``dose_drug`` for older adults."""
    sentences = [r[0] for r in readings] or ["Nothing."]
    doc = Document.from_text(doc_id, " ".join(sentences))
    assertions, start = [], 0
    for sentence, subject, predicate, thing, rule, hedged, negated, error in readings:
        ev = Evidence(
            doc_id,
            sentence,
            start,
            start + len(sentence),
            rule,
            hedged=hedged,
            negated=negated,
            confidence=evidence_confidence(error, hedged=hedged),
        )
        assertions.append(Assertion(Triple(subject, predicate, thing), ev))
        start += len(sentence) + 1
    doses = []
    if dose_drug is not None:
        ev = Evidence(doc_id, sentences[0], 0, len(sentences[0]), "dose.x")
        adults = Entity.make(EntityType.POPULATION, "older adults")
        doses.append(Dose(dose_drug, 0.25, "mg", ev, population=adults))
    return doc, assertions, doses


CLONAZEPAM = drug("clonazepam", synonyms=["Klonopin"], xrefs={"drugbank": "DB01068"})
DIAZEPAM = drug("diazepam", synonyms=["Valium"], xrefs={"drugbank": "DB00829"})
KLONOPIN = Entity.make(EntityType.BRAND, "Klonopin", keep_case=True)
VALIUM = Entity.make(EntityType.BRAND, "Valium", keep_case=True)
ALCOHOL = Entity.make(EntityType.SUBSTANCE, "alcohol")
ADULT = Entity.make(EntityType.POPULATION, "adults")


@dataclass(frozen=True)
class Source:
    """One hand-made document with what an extractor would read from it."""

    doc: Document
    assertions: tuple[Assertion, ...]
    doses: tuple[Dose, ...] = ()

    def write(self, store: GraphStore) -> None:
        store.replace_document(self.doc, self.assertions, self.doses)


class _Reader:
    """Builds evidence whose offsets point at a sentence of the document text."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def evidence(
        self,
        sentence: str,
        rule: str,
        *,
        error: float = 0.1,
        hedged: bool = False,
        negated: bool = False,
    ) -> Evidence:
        start = self.doc.text.index(sentence)
        return Evidence(
            doc_id=self.doc.id,
            sentence=sentence,
            start=start,
            end=start + len(sentence),
            rule=rule,
            negated=negated,
            hedged=hedged,
            confidence=evidence_confidence(error, hedged=hedged),
        )

    def says(
        self, s: Entity, p: Predicate, o: Entity, sentence: str, rule: str, **kw: object
    ) -> Assertion:
        return Assertion(Triple(s, p, o), self.evidence(sentence, rule, **kw))  # type: ignore[arg-type]


K1 = "Klonopin (clonazepam) is used to treat seizures and panic disorder."
K2 = "Clonazepam may cause drowsiness."
K3 = "Do not drink alcohol while taking clonazepam."
K4 = "Clonazepam should not be used if you have liver disease."
K5 = "Withdrawal from clonazepam can cause seizures and anxiety."
K6 = "Klonopin is not a substitute for pain medications."
K7 = "For seizure disorders, adults start with 0.5 mg three times a day."


def one_fact(doc_id: str, sentence: str, label: str) -> tuple[Document, Assertion]:
    """A document that is one ``sentence`` stating that drug ``label`` treats ``label``
    (any characters: for the round-trip properties of the exports)."""
    triple = Triple(
        Entity.make(EntityType.DRUG, label),
        Predicate.TREATS,
        Entity(EntityType.CONDITION, "c", label),
    )
    evidence = Evidence(doc_id, sentence, 0, len(sentence), "rule", confidence=0.5)
    return Document.from_text(doc_id, sentence, title=label), Assertion(triple, evidence)


def klonopin_source(*, without: Iterable[str] = ()) -> Source:
    """An article about clonazepam; ``without`` drops sentences (a new version)."""
    dropped = set(without)
    text = " ".join(s for s in (K1, K2, K3, K4, K5, K6, K7) if s not in dropped)
    doc = Document.from_text(
        "corpus/klonopin.txt", text, source="corpus/klonopin.txt", title="Klonopin"
    )
    r = _Reader(doc)
    assertions = []
    if K1 not in dropped:
        assertions += [
            r.says(CLONAZEPAM, P.TREATS, condition("seizures"), K1, "treats.used_to_treat"),
            r.says(CLONAZEPAM, P.TREATS, condition("panic disorder"), K1, "treats.used_to_treat"),
            r.says(CLONAZEPAM, P.HAS_BRAND_NAME, KLONOPIN, K1, "brand.parenthesis", error=0.05),
        ]
    if K2 not in dropped:
        assertions.append(
            r.says(
                CLONAZEPAM,
                P.HAS_SIDE_EFFECT,
                condition("drowsiness"),
                K2,
                "side_effect.cause",
                hedged=True,
            )
        )
    if K3 not in dropped:
        assertions.append(
            r.says(CLONAZEPAM, P.INTERACTS_WITH, ALCOHOL, K3, "interaction.do_not", error=0.15)
        )
    if K4 not in dropped:
        assertions.append(
            r.says(
                CLONAZEPAM,
                P.CONTRAINDICATED_IN,
                condition("liver disease"),
                K4,
                "contraindication.should_not",
            )
        )
    if K5 not in dropped:
        assertions += [
            r.says(
                CLONAZEPAM, P.HAS_WITHDRAWAL_SYMPTOM, condition("seizures"), K5, "withdrawal.cause"
            ),
            r.says(
                CLONAZEPAM, P.HAS_WITHDRAWAL_SYMPTOM, condition("anxiety"), K5, "withdrawal.cause"
            ),
        ]
    if K6 not in dropped:
        assertions.append(
            r.says(CLONAZEPAM, P.TREATS, condition("pain"), K6, "treats.substitute", negated=True)
        )
    doses = ()
    if K7 not in dropped:
        doses = (
            Dose(
                CLONAZEPAM,
                0.5,
                "mg",
                r.evidence(K7, "dose.start"),
                kind="starting",
                frequency="3 times a day",
                condition=condition("seizure disorder"),
                population=ADULT,
            ),
        )
    return Source(doc, tuple(assertions), doses)


V1 = "Valium (diazepam) treats anxiety."
V2 = "Diazepam might help with muscle spasms."
V3 = "Stopping diazepam suddenly can cause seizures and anxiety."
V4 = "Diazepam interacts with alcohol."

#: A document id that needs percent-encoding: spaces, quotes, <>, non-ASCII, a trailing dot.
NASTY_ID = 'valium "article" <2> – é.'


def valium_source() -> Source:
    doc = Document.from_text(NASTY_ID, " ".join([V1, V2, V3, V4]), title="Valium")
    r = _Reader(doc)
    return Source(
        doc,
        (
            r.says(DIAZEPAM, P.TREATS, condition("anxiety"), V1, "treats.treats"),
            r.says(DIAZEPAM, P.HAS_BRAND_NAME, VALIUM, V1, "brand.parenthesis", error=0.05),
            r.says(
                DIAZEPAM,
                P.TREATS,
                condition("muscle spasms"),
                V2,
                "treats.help_with",
                hedged=True,
                error=0.2,
            ),
            r.says(
                DIAZEPAM, P.HAS_WITHDRAWAL_SYMPTOM, condition("seizures"), V3, "withdrawal.cause"
            ),
            r.says(
                DIAZEPAM, P.HAS_WITHDRAWAL_SYMPTOM, condition("anxiety"), V3, "withdrawal.cause"
            ),
            r.says(DIAZEPAM, P.INTERACTS_WITH, ALCOHOL, V4, "interaction.interacts"),
        ),
    )


S1 = "Clonazepam is prescribed for seizures."
S2 = "Klonopin is often prescribed for seizure."


def second_opinion_source() -> Source:
    """A second document stating ``clonazepam treats seizures`` (with a lower confidence)."""
    doc = Document.from_text("notes/second-opinion.txt", S1)
    r = _Reader(doc)
    return Source(
        doc,
        (
            r.says(
                CLONAZEPAM, P.TREATS, condition("seizures"), S1, "treats.prescribed_for", error=0.2
            ),
        ),
    )


def singular_source() -> Source:
    """A document naming the condition ``seizure`` (singular) rather than ``seizures``."""
    doc = Document.from_text("notes/singular.txt", S2)
    r = _Reader(doc)
    return Source(
        doc, (r.says(CLONAZEPAM, P.TREATS, condition("seizure"), S2, "treats.prescribed_for"),)
    )


@pytest.fixture
def sources() -> dict[str, Source]:
    return {
        "klonopin": klonopin_source(),
        "valium": valium_source(),
        "second": second_opinion_source(),
    }


@pytest.fixture
def singular() -> Source:
    return singular_source()


@pytest.fixture
def build() -> Callable[..., GraphStore]:
    """A fresh in-memory store holding the given sources, written in the given order."""

    def make(*items: Source) -> GraphStore:
        store = GraphStore.memory()
        for item in items:
            item.write(store)
        return store

    return make


@pytest.fixture
def store(build: Callable[..., GraphStore], sources: dict[str, Source]) -> GraphStore:
    return build(sources["klonopin"], sources["valium"], sources["second"])


@pytest.fixture
def assert_same() -> Callable[[GraphStore, GraphStore], None]:
    """Assert two stores hold isomorphic datasets, showing the difference if not."""

    def check(a: GraphStore, b: GraphStore) -> None:
        da, db = a.to_dataset(), b.to_dataset()
        assert datasets_isomorphic(da, db), "datasets differ:\n" + dataset_diff(da, db)

    return check


@pytest.fixture
def klonopin_without() -> Callable[..., Source]:
    return klonopin_source


SENTENCES = {"K1": K1, "K2": K2, "K3": K3, "K4": K4, "K5": K5, "K6": K6, "K7": K7, "S1": S1}


@pytest.fixture
def sentences() -> dict[str, str]:
    return SENTENCES


def _missing(reason: str) -> None:
    """Skip, saying why; or fail, where CI says the browser must be there."""
    if os.environ.get("DRUGKG_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, and DRUGKG_REQUIRE_BROWSER is set")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        _missing("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
