"""The lexicon: strict loading, names only (no relations), brands, plurals and ids."""

from __future__ import annotations

import importlib.resources

import pytest
import yaml

from drugkg.extract.lexicon import (
    SETTINGS_FILE,
    Gazetteer,
    LexiconEntry,
    LexiconError,
    _parse_lexicon,
    load_lexicon,
    parse_settings,
)
from drugkg.model import EntityType

LEXICON_DIR = importlib.resources.files("drugkg.extract") / "lexicon"
FILES = sorted(
    p.name for p in LEXICON_DIR.iterdir() if p.name.endswith(".yaml") and p.name != SETTINGS_FILE
)


@pytest.mark.parametrize("name", FILES)
def test_bundled_lexicon_files_load(name):
    entries = _parse_lexicon(yaml.safe_load((LEXICON_DIR / name).read_text()), name)
    assert entries


@pytest.mark.parametrize("name", FILES)
def test_lexicon_names_entities_and_holds_no_relations(name):
    data = yaml.safe_load((LEXICON_DIR / name).read_text())
    for entry in data["entries"]:
        assert set(entry) <= {"label", "synonyms", "xrefs", "brands", "abbreviations"}, entry


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"type": "Drug", "entries": [{"label": "x", "treats": ["y"]}]},
            "unknown key(s) ['treats']",
        ),
        ({"type": "Medicine", "entries": []}, "unknown type 'Medicine'"),
        ({"type": "Condition", "entries": [{"label": "x", "brands": ["Y"]}]}, "only allowed"),
        ({"type": "Condition", "entries": [{"label": "x", "xrefs": {"pubmed": "1"}}]}, "xrefs"),
        ({"type": "Condition", "entries": [{"synonyms": ["x"]}]}, "needs a 'label'"),
        (
            {"type": "Substance", "entries": [{"label": "x", "xrefs": {"chebi": "CHEBI:1"}}]},
            "chebi id 'CHEBI:1' does not look like",
        ),
        ({"type": "Condition", "entries": [{"label": ""}]}, "non-empty"),
        ({"entries": []}, "expected a mapping"),
    ],
)
def test_bad_lexicon_is_rejected_with_file_entry_and_reason(data, message):
    with pytest.raises(LexiconError) as info:
        _parse_lexicon(data, "bad.yaml")
    assert "bad.yaml" in str(info.value)
    assert message in str(info.value)


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("type: Drug\nentries: [\n")
    with pytest.raises(LexiconError, match=r"broken\.yaml"):
        load_lexicon(path)


def test_brand_surface_resolves_to_the_generic():
    g = Gazetteer.build([LexiconEntry(EntityType.DRUG, "lurasidone", brands=("Latuda",))])
    (m,) = g.find("Latuda can help.")
    assert m.entity.label == "lurasidone"
    assert m.brand is not None and m.brand.label == "Latuda"
    assert m.type is EntityType.BRAND


def test_plural_and_synonym_find_the_same_node():
    g = Gazetteer.build(
        [LexiconEntry(EntityType.CONDITION, "panic attack", synonyms=("panic episode",))]
    )
    found = g.find("panic attacks, a panic attack and panic episodes")
    assert len(found) == 3
    assert len({m.entity.identity for m in found}) == 1


def test_a_class_named_medications_is_named_medicines_and_drugs_too():
    g = Gazetteer.build(
        [
            LexiconEntry(EntityType.CLASS, "antidiabetics", synonyms=("diabetes medications",)),
            LexiconEntry(EntityType.CONDITION, "reaction to a drug"),
        ]
    )
    found = g.find("diabetes medicines, a diabetes drug and diabetes medications")
    assert [m.entity.label for m in found] == ["antidiabetics"] * 3
    # only a class's name: a finding that ends in "drug" keeps its own words
    assert g.resolve("reaction to a drug") is not None
    assert g.resolve("reaction to a medicine") is None


def test_a_prefix_written_with_or_without_its_hyphen_is_the_same_node():
    g = Gazetteer.build(
        [
            LexiconEntry(EntityType.CLASS, "antidepressants"),
            LexiconEntry(EntityType.CLASS, "non-steroidal anti-inflammatory drugs"),
        ]
    )
    found = g.find("anti-depressants, an antidepressant, nonsteroidal anti-inflammatory drugs")
    assert [m.entity.label for m in found] == [
        "antidepressants",
        "antidepressants",
        "non-steroidal anti-inflammatory drugs",
    ]


def test_longest_match_wins_and_words_are_bounded():
    g = Gazetteer.build(
        [
            LexiconEntry(EntityType.CONDITION, "anxiety"),
            LexiconEntry(EntityType.CONDITION, "anxiety disorder"),
        ]
    )
    assert [m.entity.label for m in g.find("an anxiety disorder")] == ["anxiety disorder"]
    assert g.find("anxietyx") == []


def test_a_possessive_whose_apostrophe_was_lost_is_still_the_name():
    """Scraped leaflets write "Crohn s disease": the same node as "Crohn's disease", with
    the offsets of the text as written."""
    g = Gazetteer.build([LexiconEntry(EntityType.CONDITION, "Crohn's disease")])
    (m,) = g.find("Treats Crohn s disease.")
    assert m.entity.label == "crohn's disease"
    assert (m.start, m.end, m.surface) == (7, 22, "Crohn s disease")
    assert g.find("crohns disease") == []  # only the lost apostrophe, not any spelling


def test_dictionaries_give_drugbank_and_brands(gazetteer):
    (m,) = gazetteer.find("Klonopin")
    assert m.entity.label == "clonazepam"
    assert m.entity.xref("drugbank") == "DB01068"
    assert [x.entity.label for x in gazetteer.find("Librium and Serax")] == [
        "chlordiazepoxide",
        "oxazepam",
    ]


@pytest.mark.parametrize(
    ("written", "label", "drugbank"),
    [
        ("adrenaline", "epinephrine", "DB00668"),  # a British name the dictionary lacks
        ("glyceryl trinitrate", "nitroglycerin", "DB00727"),
        ("Oestradiol", "estradiol", "DB00783"),
    ],
)
def test_a_name_our_lexicon_adds_is_the_dictionary_drug_with_its_ids(
    gazetteer, written, label, drugbank
):
    (m,) = gazetteer.find(f"Tell your doctor if you use {written}.")
    assert (m.entity.label, m.entity.xref("drugbank")) == (label, drugbank)
    # the ids the dictionary gives the drug, where our entry states none
    assert m.entity.xref("medlineplus")
    assert gazetteer.lookup(label) == m.entity  # one node, whichever name the text uses


def test_curated_lexicon_wins_over_dictionaries(gazetteer):
    (m,) = gazetteer.find("GABA")
    assert m.entity.type is EntityType.TARGET
    (m,) = gazetteer.find("alcohol")
    assert m.entity.type is EntityType.SUBSTANCE


def test_a_drug_keeps_its_name_when_a_class_is_its_plural(gazetteer):
    """ "amphetamines" is a class, "amphetamine" the drug; "tetracycline" too."""
    kinds = {
        m.surface: m.entity.type
        for m in gazetteer.find(
            "amphetamines such as amphetamine; tetracyclines such as tetracycline"
        )
    }
    assert kinds == {
        "amphetamines": EntityType.CLASS,
        "amphetamine": EntityType.DRUG,
        "tetracyclines": EntityType.CLASS,
        "tetracycline": EntityType.DRUG,
    }
    g = Gazetteer.build(
        [LexiconEntry(EntityType.CLASS, "widgetines"), LexiconEntry(EntityType.DRUG, "widgetine")]
    )
    assert [m.entity.type for m in g.find("widgetine")] == [EntityType.DRUG]
    g = Gazetteer.build([LexiconEntry(EntityType.CLASS, "widgetines")])
    assert [m.entity.type for m in g.find("widgetine")] == [EntityType.CLASS]


def test_common_words_are_not_entities(gazetteer):
    assert gazetteer.find("Take it with food and plan your day.") == []


def test_gazetteer_cache_round_trip(tmp_path, monkeypatch, gazetteer):
    from drugkg.extract import lexicon

    monkeypatch.setenv("DRUGKG_CACHE_DIR", str(tmp_path))
    files = list(lexicon._lexicon_files())
    path = lexicon._cache_path(files)
    assert path is not None and path.parent == tmp_path
    lexicon._write_cache(path, gazetteer)
    import pickle

    with path.open("rb") as fh:
        loaded = pickle.load(fh)
    text = "Klonopin (clonazepam) can cause drowsiness and panic attacks."
    assert [(m.start, m.entity) for m in loaded.find(text)] == [
        (m.start, m.entity) for m in gazetteer.find(text)
    ]
    # a different lexicon gives a different cache file; DRUGKG_NO_CACHE turns it off
    assert lexicon._cache_path([*files, ("extra.yaml", "type: Drug")]) != path
    monkeypatch.setenv("DRUGKG_NO_CACHE", "1")
    assert lexicon._cache_path(files) is None


def test_resolve_reads_a_name_with_its_salt_as_find_does(gazetteer):
    for name in ("imatinib mesylate", "Glatiramer acetate", "sodium warfarin"):
        (mention,) = gazetteer.find(name)
        assert gazetteer.lookup(name) is None  # an exact index does not know the salt
        assert gazetteer.resolve(name) == mention.entity
        assert gazetteer.label(name) == mention.entity.label
    assert gazetteer.label("imatinib and warfarin") is None  # two drugs name no one entity
    assert gazetteer.label("sertraline") == gazetteer.lookup("sertraline").label


def test_a_drug_named_with_its_dosage_form_is_one_mention_of_the_drug(gazetteer):
    text = "Efavirenz film-coated tablets and lithium tablet are taken whole; lithium tablets."
    found = [(m.surface, m.entity.label) for m in gazetteer.find(text)]
    assert found == [
        ("Efavirenz film-coated tablets", "efavirenz"),
        ("lithium tablet", "lithium"),
        ("lithium tablets", "lithium"),
    ]
    # only right after the name: "the tablets of lithium" are words of their own
    assert [m.surface for m in gazetteer.find("the tablets of lithium")] == ["lithium"]


def test_dosage_forms_are_checked_on_load():
    with pytest.raises(LexiconError, match="dosage_forms"):
        parse_settings({"dosage_forms": "tablets"})


def test_resolve_names_a_finding_without_its_severity_words(gazetteer):
    # a gold row's "severe neutropenia" is the concept the case-report reader gives the span
    assert gazetteer.label("Severe neutropenia") == gazetteer.label("neutropenia")
    assert gazetteer.label("transient severe neutropenia") == gazetteer.label("neutropenia")
    assert gazetteer.resolve("severe") is None  # a modifier alone names nothing
    assert gazetteer.label("severe warfarin") is None  # the words are a finding's, not a drug's
