"""The case-report reader: its register, spans, concepts, the shipped model and its training."""

from __future__ import annotations

import dataclasses
import pickle
import threading
from pathlib import Path

import numpy as np
import pytest

from drugkg.extract import literature
from drugkg.extract.engine import Extractor
from drugkg.extract.literature import (
    LiteratureModel,
    Pair,
    Span,
    event_entity,
    is_case_report,
    is_indication,
    pair_features,
    spans_of,
    tokens,
    widened,
)
from drugkg.extract.literature_train import AdeCorpus, fit, load_corpus
from drugkg.model import Assertion, Document, Entity, EntityType, Evidence, Predicate, Triple

CASE = (
    "A 63-year-old man developed severe thrombocytopenia two weeks after starting "
    "carbamazepine.\n\n"
    "A 41-year-old woman treated with lamotrigine for epilepsy presented with a widespread "
    "blistering rash.\n\n"
    "No signs of hepatotoxicity were seen in a 70-year-old patient given amiodarone.\n"
)
LEAFLET = (
    "Carbamazepine is used to treat epilepsy.\n\n"
    "Possible side effects\n\n"
    "Like all medicines, it can cause side effects such as dizziness and severe rash.\n"
)


@pytest.fixture(scope="module")
def model() -> LiteratureModel:
    return LiteratureModel.load()


@pytest.fixture(scope="module")
def accepts_all(model) -> LiteratureModel:
    """The shipped tagger with a pair model that accepts every pair."""
    return dataclasses.replace(
        model, features=np.zeros(0, np.int64), weights=np.zeros(0, np.float32), bias=30.0
    )


def _read(reader: LiteratureModel, gazetteer, text: str) -> list[Assertion]:
    """What ``reader`` adds reading ``text`` as a document of its own."""
    return reader.read(Document.from_text("c", text), gazetteer, gazetteer.find(text))[1]


def _events(found) -> set[tuple[str, str]]:
    return {
        (a.triple.subject.label, a.triple.object.label)
        for a in found
        if a.triple.predicate is Predicate.HAS_SIDE_EFFECT and not a.evidence.negated
    }


# --------------------------------------------------------------------------- register
def test_case_reports_are_told_from_consumer_text():
    assert is_case_report(CASE)
    assert not is_case_report(LEAFLET)
    assert not is_case_report("")


@pytest.mark.parametrize(
    "text",
    [
        "Zorbex-induced pancreatitis.\n\nThe mechanism is unknown.",
        "Pancreatitis in three patients on zorbex.\n\nThe mechanism is unknown.",
        "The rash resolved after discontinuation of zorbex.\n\nIt did not recur.",
    ],
)
def test_an_abstract_without_a_patients_age_is_a_case_report_too(text):
    assert is_case_report(text)


def test_hyphenated_compounds_are_split_into_words():
    assert [t[2] for t in tokens("Zorbex-associated gloom")] == [
        "Zorbex",
        "-",
        "associated",
        "gloom",
    ]
    assert spans_of(["B-D", "I-D", "O", "B-E"], "D") == [(0, 2)]


# --------------------------------------------------------------------------- concepts
def test_an_event_is_its_concept_and_keeps_its_span(gazetteer):
    event = event_entity("a transient agranulocytosis", gazetteer)
    assert event is not None
    assert event.key == "agranulocytosis"
    assert "transient agranulocytosis" in event.synonyms
    assert event.xrefs, "a finding the gazetteer knows keeps its identifiers"


def test_an_unknown_event_is_named_without_its_modifiers(gazetteer):
    event = event_entity("severe glimmering vexopathy", gazetteer)
    assert event is not None and event.type is EntityType.CONDITION
    assert event.label == "glimmering vexopathy"
    assert event.synonyms == ("severe glimmering vexopathy",)
    assert event_entity("the", gazetteer) is None


def test_an_event_ending_in_a_known_finding_is_that_finding(gazetteer):
    """The head of a noun phrase is its last words: "widespread skin rash" is a rash, one
    node with the rash the dictionary knows; the words before a function word are not."""
    event = event_entity("widespread skin rash", gazetteer)
    assert event is not None and event.key == "rash"
    assert {"widespread skin rash", "skin rash"} <= set(event.synonyms)
    assert event.xrefs
    fear = event_entity("fear of seizures", gazetteer)
    assert fear is not None and fear.key == "fear-of-seizure"


# --------------------------------------------------------------------------- the shipped model
def test_the_shipped_model_reads_events_of_a_case_report(model, gazetteer):
    doc = Document.from_text("case", CASE)
    found = model.read(doc, gazetteer, gazetteer.find(doc.text))[1]
    events = _events(found)
    assert ("carbamazepine", "thrombocytopenia") in events
    assert ("lamotrigine", "rash") in events  # the rash concept, the span kept:
    rash = next(a for a in found if a.triple.object.label == "rash")
    assert rash.evidence.object_text == "blistering rash"
    assert "blistering rash" in rash.triple.object.synonyms
    assert not any(obj == "hepatotoxicity" for _, obj in events)  # "No signs of"
    assert not any(obj == "epilepsy" for _, obj in events)  # what it was given for
    one = next(a for a in found if a.triple.object.label == "thrombocytopenia")
    assert one.evidence.rule == "model:literature-v1"
    assert 0.3 <= one.evidence.confidence <= 1.0
    assert (one.evidence.subject_text, one.evidence.object_text) == (
        "carbamazepine",
        "severe thrombocytopenia",
    )
    assert doc.text[one.evidence.start : one.evidence.end] == one.evidence.sentence


@pytest.mark.parametrize(
    ("text", "disease", "event"),
    [
        (
            "A 41-year-old woman with chronic gloomitis developed agranulocytosis.",
            "chronic",
            "agran",
        ),
        ("Two children with asthma developed tremor on zorbex.", "asthma", "tremor"),
        ("A boy diagnosed with hepatitis developed a rash.", "hepatitis", "a rash"),
        ("A man given zorbex for gloom developed myocarditis.", "gloom", "myocarditis"),
        ("She had a history of migraine and developed seizures.", "migraine", "seizures"),
        # a disease in a list of the patient's, or one the drug was given for
        ("A man with asthma and gout developed fever and a rash.", "gout", "a rash"),
        ("A woman with lupus developed fever and myalgia on zorbex.", "lupus", "myalgia"),
        ("Gloomitis in a man receiving zorbex for chronic gout.", "chronic gout", "Gloomitis"),
        ("Anemia during treatment of hypertension with zorbex.", "hypertension", "Anemia"),
        # a qualified disease, and patients named otherwise
        ("Fever in a girl with idiopathic juvenile gloomitis on zorbex.", "juvenile", "Fever"),
        ("Purpura in a 70-year-old male with severe chronic gout.", "gout", "Purpura"),
        # a longer list of the patient's diseases, with abbreviations and asides in it
        (
            "A man with gloom disorder (GD), gout, chronic gloomitis and asthma developed a rash.",
            "asthma",
            "a rash",
        ),
        ("Two patients (aged 40 and 52) with gloomitis developed fever.", "gloomitis", "fever"),
        ("A young woman, affected by lupus and gout, developed fever.", "gout", "fever"),
    ],
)
def test_the_patients_disease_is_not_an_event(text, disease, event):
    assert is_indication(text, text.index(disease))
    assert not is_indication(text, text.index(event))


def test_even_a_model_that_accepts_every_pair_states_no_disease(
    accepts_all, gazetteer, monkeypatch
):
    text = "A woman with lupus developed a rash after starting hydralazine."
    # the tagger, whatever it reads, proposes the disease as an event too
    real_candidates = LiteratureModel._candidates
    proposed = []

    def with_disease(self, sentence, mentions, finding_words=frozenset(), modifiers=frozenset()):
        words, pairs, spans = real_candidates(self, sentence, mentions, finding_words, modifiers)
        lo = sentence.index("lupus")
        lupus = Span(3, 4, lo, lo + len("lupus"))
        proposed.extend(dataclasses.replace(p, event=lupus) for p in pairs[:1])
        return words, pairs + proposed[-1:], spans

    monkeypatch.setattr(LiteratureModel, "_candidates", with_disease)
    events = _events(_read(accepts_all, gazetteer, text))
    assert proposed, "the disease was proposed"
    assert ("hydralazine", "rash") in events
    assert not any(obj == "lupus" for _, obj in events)


def test_a_phrase_followed_by_its_cause_is_an_event():
    text = "We describe a patient with hepatitis caused by zorbex."
    at = text.index("hepatitis")
    assert is_indication(text, at)  # without its end, "a patient with X" is the disease
    assert not is_indication(text, at, at + len("hepatitis"))
    text = "A patient with gout after starting zorbex."  # "after" names a cause too
    assert not is_indication(text, text.index("gout"), text.index("gout") + 4)


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("She received zorbex for 3 days, and a rash appeared.", "a rash"),
        ("Zorbex was administered for five days, neutropenia ensued.", "neutropenia"),
        ("It took two weeks for the rash to resolve.", "the rash"),
        ("He was given zorbex for a few weeks; hepatitis followed.", "hepatitis"),
    ],
)
def test_a_length_of_time_is_no_disease(text, event):
    assert not is_indication(text, text.index(event), text.index(event) + len(event))


def test_the_patient_of_an_event_already_named_keeps_the_disease():
    # "during Y" dates the event named first, not the patient's disease
    text = "Hepatitis in a boy with nephrotic syndrome during zorbex therapy."
    at = text.index("nephrotic")
    assert is_indication(text, at, text.index(" during"))
    text = "Hepatitis in patients with gloomitis during zorbex therapy."  # no article
    assert is_indication(text, text.index("gloomitis"), text.index(" during"))
    text = "Hepatitis in a boy with gloomitis caused by zorbex."  # a cause is still a cause
    assert not is_indication(text, text.index("gloomitis"), text.index(" caused"))


def test_the_disease_an_event_complicates_is_not_an_event():
    text = "Myeloma complicated by heart failure after zorbex."
    assert is_indication(text, 0, text.index(" complicated"))
    assert not is_indication(text, text.index("heart"), text.index(" after"))


def test_a_list_of_diseases_ends_where_the_sentence_goes_on():
    text = "A man with gout, asthma and lupus; later, on zorbex, fever and a rash."
    assert is_indication(text, text.index("lupus"))
    assert not is_indication(text, text.index("fever"))
    text = "A man with gout and asthma who was given zorbex had a rash."
    assert not is_indication(text, text.index("a rash"))


def test_a_sentence_that_goes_on_after_the_disease_is_not_read_as_it():
    for text in ("A woman with lupus who had a rash.", "A woman with lupus presents with a rash."):
        assert not is_indication(text, text.index("a rash"))


def test_an_event_keeps_the_severity_and_course_words_before_it(model, monkeypatch):
    text = "After zorbex the patient had severe recurrent agitation."

    def tags(self, toks, tags, finding_words=frozenset()):  # the tagger marks the noun only
        return [
            ("B-D" if w == "zorbex" else "B-E" if w == "agitation" else "O", 0.9)
            for _, _, w in toks
        ]

    monkeypatch.setattr(LiteratureModel, "tag", tags)
    _, pairs = model.pairs(text, [], modifiers=frozenset({"severe", "recurrent"}))
    assert [text[p.event.start : p.event.end] for p in pairs] == ["severe recurrent agitation"]
    _, pairs = model.pairs(text, [])
    assert [text[p.event.start : p.event.end] for p in pairs] == ["agitation"]


def test_the_pair_model_reads_what_the_event_is():
    words = ["drug", "raised", "the", "serum", "ammonia", "level"]
    pair = Pair(Span(0, 1, 0, 4), Span(3, 6, 16, 35), None, 0.9)
    feats = pair_features(words, pair, [pair.drug], 1)
    assert {"ehead=level", "efirst=serum", "ew=ammonia", "elen=3"} <= set(feats)


def test_no_drug_name_reaches_the_pair_model(model, gazetteer):
    """The pair model decides from the context, never from which drug it is (that would be
    knowledge of drugs, not reading): every drug and brand the gazetteer knows is DRUG."""
    text = "A rash developed after carbamazepine and Tegretol, not after lupus."
    words, pairs = model.pairs(text, gazetteer.find(text))
    assert words.count("DRUG") == 2
    assert "carbamazepine" not in words and "tegretol" not in words
    assert "lupus" in words  # a finding stays a word
    assert not any("carbamazepine" in f for p in pairs for f in pair_features(words, p, [], 1))


# --------------------------------------------------------------------------- a rule's event
def _rule_event(sentence: str, phrase: str) -> Assertion:
    drug = Entity.make(EntityType.DRUG, "zorbex")
    event = Entity.make(EntityType.CONDITION, phrase, xrefs={"hpo": "HP:0000001"})
    evidence = Evidence("c", sentence, 0, len(sentence), "literature.x", object_text=phrase)
    return Assertion(Triple(drug, Predicate.HAS_SIDE_EFFECT, event), evidence)


def test_a_rules_event_takes_the_taggers_whole_phrase(gazetteer):
    sentence = "A woman developed a bullous gloomy eruption after zorbex."
    rule = _rule_event(sentence, "gloomy eruption")
    lo = sentence.index("bullous")
    whole = Span(3, 6, lo, lo + len("bullous gloomy eruption"))
    wide = widened(rule, sentence, [whole], gazetteer)
    assert wide is not None
    assert wide.triple == rule.triple, "the concept stays the rule's"
    assert wide.triple.object.xrefs == rule.triple.object.xrefs
    assert "bullous gloomy eruption" in wide.triple.object.synonyms
    assert wide.evidence.object_text == "bullous gloomy eruption"
    # a span no longer than the rule's, or elsewhere, changes nothing
    inside = Span(4, 6, lo + 8, lo + len("bullous gloomy eruption"))
    assert widened(rule, sentence, [inside], gazetteer) == rule
    assert widened(rule, sentence, [], gazetteer) == rule


def test_a_rules_event_that_is_the_patients_disease_is_dropped(gazetteer):
    sentence = "A man with asthma and gout developed a rash after zorbex."
    assert widened(_rule_event(sentence, "gout"), sentence, [], gazetteer) is None
    assert widened(_rule_event(sentence, "rash"), sentence, [], gazetteer) is not None


def test_the_extractor_widens_the_rules_events_of_a_case_report(
    rules, gazetteer, model, monkeypatch
):
    text = "A 60-year-old man developed severe persistent thrombocytopenia after carbamazepine."
    lo = text.index("severe")
    tagged = Span(5, 8, lo, text.index(" after"))
    real_candidates = LiteratureModel._candidates

    def tags_whole(self, sentence, mentions, finding_words=frozenset(), modifiers=frozenset()):
        words, pairs, _ = real_candidates(self, sentence, mentions, finding_words, modifiers)
        return words, pairs, [tagged] if sentence == text else []

    monkeypatch.setattr(LiteratureModel, "_candidates", tags_whole)
    found = Extractor(rules, gazetteer, literature=model).extract_text(text).assertions
    ruled = [a for a in found if not a.evidence.rule.startswith("model:")]
    event = next(a for a in ruled if a.triple.predicate is Predicate.HAS_SIDE_EFFECT)
    assert event.triple.object.key == "thrombocytopenia"
    assert event.evidence.object_text == "severe persistent thrombocytopenia"
    assert "severe persistent thrombocytopenia" in event.triple.object.synonyms


def _span(text: str, phrase: str) -> Span:
    toks = tokens(text)
    lo, hi = text.index(phrase), text.index(phrase) + len(phrase)
    first = next(i for i, t in enumerate(toks) if t[0] == lo)
    last = next(i for i, t in enumerate(toks) if t[1] == hi)
    return Span(first, last + 1, lo, hi)


@pytest.mark.parametrize(
    ("text", "phrases", "kept"),
    [
        (  # a measure is no event until it is abnormal
            "Serum zinc levels and elevated serum urea levels were seen after zorbex.",
            ["Serum zinc levels", "elevated serum urea levels"],
            {"elevated serum urea levels"},
        ),
        (  # an outcome is no event
            "Platelet counts normalized and a rash appeared after zorbex was stopped.",
            ["Platelet counts normalized", "a rash"],
            {"a rash"},
        ),
    ],
)
def test_a_measure_or_an_outcome_is_no_event(
    accepts_all, gazetteer, monkeypatch, text, phrases, kept
):
    drug = _span(text, "zorbex")
    events = [_span(text, phrase) for phrase in phrases]

    def proposes(self, sentence, mentions, finding_words=frozenset(), modifiers=frozenset()):
        words = [t[2].lower() for t in tokens(sentence)]
        return words, [Pair(drug, e, None, 0.9) for e in events], events

    monkeypatch.setattr(LiteratureModel, "_candidates", proposes)
    read = _read(accepts_all, gazetteer, text)
    assert {a.evidence.object_text for a in read} == kept


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("On prednisone she had no rash.", True),
        ("On prednisone she did not sleep and had a rash.", False),
        ("On prednisone she did not sleep and had rash.", False),
        ("On prednisone she had no fever or rash.", True),
    ],
)
def test_an_event_the_sentence_denies_is_negated(accepts_all, gazetteer, text, negated):
    read = [
        a for a in _read(accepts_all, gazetteer, text) if a.evidence.object_text.endswith("rash")
    ]
    assert read and all(a.evidence.negated is negated for a in read)


def test_an_event_a_compound_gives_to_one_drug_is_no_other_drugs(accepts_all, gazetteer):
    text = "Lithium relieved haloperidol-induced akathisia within days."
    read = _read(accepts_all, gazetteer, text)
    pairs = {(a.triple.subject.key, a.triple.object.key) for a in read}
    assert ("haloperidol", "akathisia") in pairs
    assert ("lithium", "akathisia") not in pairs


def test_a_case_reports_events_are_those_of_a_drug_it_names(rules, gazetteer, model):
    text = (
        "A 52-year-old woman developed a rash two weeks after starting carbamazepine.\n\n"
        "It can also cause hepatitis.\n"
    )
    case = Extractor(rules, gazetteer, literature=model).extract_text(text).assertions
    events = {(a.triple.subject.key, a.triple.object.key) for a in case}
    assert ("carbamazepine", "rash") in events
    assert ("carbamazepine", "hepatitis") not in events
    # the rules alone, or in an article of consumer health, read "it" as the article's drug
    alone = Extractor(rules, gazetteer).extract_text(text).assertions
    assert ("carbamazepine", "hepatitis") in {
        (a.triple.subject.key, a.triple.object.key) for a in alone
    }


@pytest.mark.parametrize(
    ("text", "drug", "event"),
    [
        ("The rash was successfully treated with oral prednisone.", "prednisone", "rash"),
        ("Her fever responded to paracetamol within a day.", "paracetamol", "fever"),
        ("The akathisia was alleviated by propranolol.", "propranolol", "akathisia"),
        ("Naloxone promptly reversed the respiratory depression.", "Naloxone", "respiratory"),
        ("Biperiden was transiently effective in the akathisia.", "Biperiden", "akathisia"),
        ("The beneficial effect of low-dose mianserin on akathisia.", "mianserin", "akathisia"),
        ("Gabapentin, given to treat seizures, caused ataxia.", "Gabapentin", "seizures"),
        ("Her vasospasm usually responds to nifedipine.", "nifedipine", "vasospasm"),
        ("The chorea subsided when she was switched to clozapine.", "clozapine", "chorea"),
        (
            "Dystonia on haloperidol resolved after switching from it to quetiapine.",
            "quetiapine",
            "Dystonia",
        ),
        ("We report the use of pamidronate for hypercalcaemia.", "pamidronate", "hypercalcaemia"),
        ("She received prednisone for asthma and later developed a rash.", "prednisone", "asthma"),
    ],
)
def test_a_drug_that_treats_an_event_is_not_its_cause(accepts_all, gazetteer, text, drug, event):
    read = _read(accepts_all, gazetteer, text)
    assert not any(
        a.evidence.subject_text == drug and a.evidence.object_text.startswith(event) for a in read
    ), [(a.evidence.subject_text, a.evidence.object_text) for a in read]


@pytest.mark.parametrize(
    ("text", "drug", "event"),
    [
        ("The rash resolved after stopping carbamazepine.", "carbamazepine", "rash"),
        ("Hepatitis in a patient treated with isoniazid.", "isoniazid", "Hepatitis"),
        # an event after a switch is the new drug's, whichever comes first in the sentence
        (
            "After she was switched to clozapine, agranulocytosis set in.",
            "clozapine",
            "agranulocytosis",
        ),
        (
            "Agranulocytosis developed after she was switched to clozapine.",
            "clozapine",
            "Agranulocytosis",
        ),
        (
            "Seizures occurred two weeks after switching from haloperidol to clozapine.",
            "clozapine",
            "Seizures",
        ),
    ],
)
def test_dechallenge_and_exposure_still_name_the_cause(text, drug, event):
    pair = Pair(_span(text, drug), _span(text, event), None, 0.0)
    assert not literature.treated_by(text, pair)


def test_what_the_rules_said_is_not_said_again(model, gazetteer):
    doc = Document.from_text("case", CASE)
    first = model.read(doc, gazetteer, gazetteer.find(doc.text))[1]
    again = model.read(doc, gazetteer, gazetteer.find(doc.text), first)[1]
    assert first and not again


def test_the_extractor_reads_case_reports_with_it_and_nothing_else(rules, gazetteer, model):
    extractor = Extractor(rules, gazetteer, literature=model)
    case = extractor.extract_text(CASE).assertions
    leaflet = extractor.extract_text(LEAFLET).assertions
    assert any(a.evidence.rule == "model:literature-v1" for a in case)
    assert not any(a.evidence.rule.startswith("model:literature") for a in leaflet)
    # the rules alone read the leaflet the same
    assert {a.triple for a in leaflet} == {
        a.triple for a in Extractor(rules, gazetteer).extract_text(LEAFLET).assertions
    }


def test_it_survives_pickling_and_threads(model, gazetteer):
    doc = Document.from_text("case", CASE)
    mentions = gazetteer.find(doc.text)
    expected = _events(model.read(doc, gazetteer, mentions)[1])
    copy = pickle.loads(pickle.dumps(model))
    assert _events(copy.read(doc, gazetteer, mentions)[1]) == expected
    results: list[set[tuple[str, str]]] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(_events(model.read(doc, gazetteer, mentions)[1]))
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_model_off_means_rules_alone(monkeypatch):
    monkeypatch.setenv("DRUGKG_MODEL", "off")
    assert literature.from_environment() is None
    monkeypatch.setenv("DRUGKG_MODEL", "precise")
    assert literature.from_environment() is not None


# --------------------------------------------------------------------------- training
_DOCS = {
    "c1": ["A 50-year-old man developed hepatitis after taking zorbex.", "He had gloom."],
    "c2": ["Zorbex-induced pancreatitis in a child.", "The child was treated for gloom."],
    "c3": ["A woman on quintafen developed a rash.", "Quintafen was started for gloom."],
    "c4": ["Severe neutropenia after quintafen therapy.", "We report this case."],
    "c5": [
        "A 30-year-old man developed pancreatitis after starting quintafen.",
        "Quintafen gave no rash.",  # a pair the abstract does not state: a negative
    ],
    "c6": ["Hepatitis associated with zorbex.", "She recovered."],
    "c7": ["A patient developed neutropenia during zorbex therapy.", "It was stopped."],
    "c8": ["Quintafen-induced hepatitis in a man.", "He was treated for gloom."],
}
_GOLD = [
    ("c1", "zorbex", "hepatitis", 0), ("c2", "zorbex", "pancreatitis", 0),
    ("c3", "quintafen", "rash", 0), ("c4", "quintafen", "severe neutropenia", 0),
    ("c5", "quintafen", "pancreatitis", 0), ("c6", "zorbex", "hepatitis", 0),
    ("c7", "zorbex", "neutropenia", 0), ("c8", "quintafen", "hepatitis", 0),
]  # fmt: skip


def _small_corpus(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "docs"
    root.mkdir()
    for doc, sentences in _DOCS.items():
        (root / f"{doc}.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.tsv"
    lines = ["doc\tsubject\tpredicate\tobject\thedged\tevidence"]
    for doc, drug, event, i in _GOLD:
        lines.append(f"{doc}\t{drug}\thas_side_effect\t{event}\t0\t{_DOCS[doc][i]}")
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, gold


def test_training_is_deterministic_and_round_trips(tmp_path, gazetteer):
    root, gold = _small_corpus(tmp_path)
    corpus = load_corpus(root, gold, gazetteer)
    assert [s.gold for s in corpus.sentences["c1"]] == [[("zorbex", "hepatitis")], []]
    docs = sorted(corpus.documents)
    one = fit(corpus, docs, gazetteer, tmp_path)
    two = fit(corpus, docs, gazetteer, tmp_path)
    one.save(tmp_path / "one")
    two.save(tmp_path / "two")
    for name in ("literature-v1.crfsuite", "literature-v1-pairs.npz"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    back = LiteratureModel.load(tmp_path / "one")
    assert back.threshold == one.threshold and back.bias == pytest.approx(one.bias)
    assert dict(back.metadata)["documents"] == "8"


def _one_abstract(
    tmp_path: Path, gazetteer, sentences: list[str], rows: list[tuple[str, int]]
) -> AdeCorpus:
    """An abstract "t" of ``sentences`` with gold rows (amoxicillin, event, sentence index)."""
    root = tmp_path / "docs"
    root.mkdir()
    (root / "t.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.tsv"
    lines = ["doc\tsubject\tpredicate\tobject\thedged\tevidence"]
    lines += [f"t\tamoxicillin\thas_side_effect\t{e}\t0\t{sentences[i]}" for e, i in rows]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_corpus(root, gold, gazetteer)


def test_a_pair_the_document_states_elsewhere_is_not_a_negative(tmp_path, gazetteer, model):
    """The corpus annotates a pair in the sentence it chose; the same pair in the title is
    left out of the pair model's training, not taught as a negative."""
    from drugkg.extract.literature_train import _normaliser, _pair_rows

    title = "Amoxicillin-induced hepatitis."
    body = "A man developed hepatitis and fever on amoxicillin."
    corpus = _one_abstract(tmp_path, gazetteer, [title, body], [("hepatitis", 1)])
    first, second = corpus.sentences["t"]
    keys = _normaliser(gazetteer)
    _, pairs = model.pairs(first.text, first.mentions, gazetteer.words_of(EntityType.CONDITION))
    assert len(pairs) == 1
    rows, labels = _pair_rows(model, [first], gazetteer, keys, corpus.sentences)
    assert labels == []  # the title's only pair is the annotated one: left out
    rows, labels = _pair_rows(model, [second], gazetteer, keys, corpus.sentences)
    events = [next(f[6:] for f in r if f.startswith("enext=")) for r in rows]
    assert sorted(zip(events, labels, strict=True)) == [("and", 1), ("on", 0)]


def test_an_event_annotated_in_another_sentence_is_still_an_event_to_the_tagger(
    tmp_path, gazetteer
):
    from drugkg.extract.literature_train import tagger_labels

    first = "A man on amoxicillin developed hepatitis and a rash."
    second = "The rash faded after amoxicillin was stopped."
    corpus = _one_abstract(tmp_path, gazetteer, [first, second], [("hepatitis", 0), ("rash", 1)])
    labelled = dict((s.text, labels) for s, labels in tagger_labels(corpus.sentences["t"]))
    words = [t[2] for t in literature.tokens(first)]
    tags = dict(zip(words, labelled[first], strict=True))
    assert tags["hepatitis"] == "B-E" and tags["rash"] == "B-E"  # the rash of the other row
    assert tags["amoxicillin"] == "B-D"


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_model(tmp_path):
    """``python -m drugkg.extract.literature_train`` gives back the shipped files (a minute)."""
    from drugkg.extract.literature_train import main

    project = Path(__file__).resolve().parents[2]
    shared = project.parent / "shared" / "corpus"
    if not (shared / "ade.gold.tsv").exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    assert main(["--out", str(tmp_path)]) == 0
    shipped = project / "extract" / "models"
    for name in ("literature-v1.crfsuite", "literature-v1-pairs.npz"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_a_state_of_the_patient_is_never_an_event(rules, gazetteer):
    """Whatever the reader proposes, pregnancy is a state, not an adverse event."""
    from drugkg.model import Assertion, Entity, Evidence, Triple

    class Proposes:
        def read(self, document, gazetteer, mentions, known=(), blocks=None):
            drug = Entity.make(EntityType.DRUG, "lamotrigine")
            evidence = Evidence(document.id, document.text, 0, len(document.text), "model:x")
            return tuple(known), [
                Assertion(
                    Triple(
                        drug, Predicate.HAS_SIDE_EFFECT, Entity.make(EntityType.CONDITION, name)
                    ),
                    evidence,
                )
                for name in ("pregnancy", "rash")
            ]

    extractor = Extractor(rules, gazetteer, literature=Proposes())  # type: ignore[arg-type]
    found = extractor.extract_text("A 25-year-old woman developed a rash on lamotrigine.\n")
    objects = {a.triple.object.key for a in found.assertions if a.evidence.rule == "model:x"}
    assert objects == {"rash"}
