"""The gazetteer in the literature register: HPO findings, compounds, modifiers, abbreviations."""

from __future__ import annotations

import importlib.resources

import pytest
import yaml

from drugkg.extract.lexicon import (
    SETTINGS_FILE,
    Gazetteer,
    GazetteerSettings,
    LexiconEntry,
    LexiconError,
    _parse_lexicon,
    parse_settings,
)
from drugkg.model import EntityType, entity_key

LEXICON_DIR = importlib.resources.files("drugkg.extract") / "lexicon"


def _mentions(gazetteer, text):
    return [(m.surface, m.entity.type, m.entity.label) for m in gazetteer.find(text)]


def test_a_hyphenated_compound_keeps_the_drug_a_mention():
    entries = [LexiconEntry(EntityType.DRUG, "lithium")]
    plain = Gazetteer.build(entries)
    assert plain.find("Lithium-induced tremor.") == []  # a word glued by a hyphen
    settings = GazetteerSettings(compound_heads=frozenset({"induced", "associated"}))
    reading = Gazetteer.build(entries, settings=settings)
    assert _mentions(reading, "Lithium-induced tremor.") == [
        ("Lithium", EntityType.DRUG, "lithium")
    ]
    assert reading.find("lithium-free diet") == []  # not a compound head


def test_an_abbreviation_matches_only_as_written():
    entry = LexiconEntry(EntityType.CONDITION, "toxic epidermal necrolysis", abbreviations=("TEN",))
    g = Gazetteer.build([entry])
    assert _mentions(g, "TEN after ten days.") == [
        ("TEN", EntityType.CONDITION, "toxic epidermal necrolysis")
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("MTX", "methotrexate"),
        ("5-FU", "fluorouracil"),
        ("IFN-alpha", "interferon-alpha"),
        ("TMP-SMX", "trimethoprim-sulfamethoxazole"),
        ("lithium carbonate", "lithium"),
        ("sodium valproate", "valproic acid"),
        ("L-thyroxine", "levothyroxine"),
        ("OXC", "oxcarbazepine"),
        ("TDF", "tenofovir"),
        ("HD-MTX", "methotrexate"),
        ("IFNalpha", "interferon-alpha"),
        ("rt-PA", "alteplase"),
    ],
)
def test_literature_drug_names_give_the_generic(gazetteer, text, label):
    (m,) = gazetteer.find(f"She received {text} for a year.")
    assert m.entity.type is EntityType.DRUG
    assert m.entity.label == label


def test_drug_in_a_compound_is_found_with_the_finding(gazetteer):
    found = _mentions(gazetteer, "IFN-alpha-induced thyroiditis and 5-FU-related angina.")
    assert [(s, t) for s, t, _ in found] == [
        ("IFN-alpha", EntityType.DRUG),
        ("thyroiditis", EntityType.CONDITION),
        ("5-FU", EntityType.DRUG),
        ("angina", EntityType.CONDITION),
    ]


def test_hpo_findings_carry_their_ids(gazetteer):
    (m,) = gazetteer.find("The biopsy showed hepatic necrosis.")
    assert m.entity.xref("umls") == "C0151798"  # HP:0002605's CUI (see gazetteer.yaml ids)
    assert m.entity.label == "hepatic necrosis"  # the label comes from the text


def test_an_hpo_name_of_a_curated_finding_is_that_finding(gazetteer):
    # HP:0002329 "Drowsiness" names "sleepy" and "somnolence" as exact synonyms: one node
    sleepy = gazetteer.lookup("sleepy")
    assert sleepy is not None and sleepy.label == "drowsiness"
    (m,) = gazetteer.find("He was sleepy all day.")
    assert m.entity.label == "drowsiness"


def test_a_related_hpo_synonym_stays_a_finding_of_its_own(gazetteer):
    # HP:0100749 "Chest pain" names "chest discomfort" a RELATED synonym, not the same thing
    discomfort = gazetteer.lookup("chest discomfort")
    assert discomfort is not None and discomfort.label == "chest discomfort"


def test_every_id_the_gazetteer_gives_can_be_exported(gazetteer):
    from drugkg.kg.rdf import entity_quads

    text = "Fatal hepatic necrosis, ataxia, TEN and HUS after MTX and 5-FU; drowsiness."
    for m in gazetteer.find(text):
        assert entity_quads(m.entity)  # an unknown id prefix would raise


def test_a_dictionary_finding_keeps_its_modifiers_and_the_bare_concept(gazetteer):
    (m,) = gazetteer.find("A fatal hepatic necrosis followed.")
    assert m.surface == "fatal hepatic necrosis"
    assert m.entity.key == entity_key("fatal hepatic necrosis")
    assert m.entity.synonyms == ("hepatic necrosis",)
    assert m.entity.xref("umls")


def test_hpo_outside_phenotypic_abnormality_and_lone_adjectives_are_not_findings(gazetteer):
    # "Autosomal dominant inheritance" is a mode of inheritance; "irritable" an adjective
    assert gazetteer.lookup("autosomal dominant inheritance") is None
    assert gazetteer.find("He was irritable.") == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hpo": {"roots": ["0000118"]}}, "is not an HPO id"),
        ({"hpo": {"branches": []}}, "keys among"),
        ({"compound_heads": "induced"}, "list of non-empty strings"),
        ({"colour": []}, "keys among"),
        ({"hpo": {"stop_patterns": ["("]}}, "bad regular expression"),
        ({"hpo": {"ids": ["orphanet"]}}, "hpo.ids must be a list among"),
    ],
)
def test_bad_settings_are_rejected_with_the_file_and_reason(data, message):
    with pytest.raises(LexiconError) as info:
        parse_settings(data, "gazetteer.yaml")
    assert "gazetteer.yaml" in str(info.value)
    assert message in str(info.value)


def test_bundled_settings_load():
    data = yaml.safe_load((LEXICON_DIR / SETTINGS_FILE).read_text(encoding="utf-8"))
    settings = parse_settings(data)
    assert "induced" in settings.compound_heads
    assert settings.hpo_roots == ("HP:0000118",)


def test_no_name_names_two_different_entities_across_lexicon_files():
    owner: dict[str, tuple[str, tuple[EntityType, str]]] = {}
    for item in sorted(LEXICON_DIR.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml") or item.name == SETTINGS_FILE:
            continue
        data = yaml.safe_load(item.read_text(encoding="utf-8"))
        if data["type"] == "Stopword":
            continue
        for entry in _parse_lexicon(data, item.name):
            identity = entry.entity().identity
            names = [(entity_key(n), n) for n in (entry.label, *entry.synonyms)]
            names += [(f"as written: {a}", a) for a in entry.abbreviations]  # "TEN", "TENS"
            for key, name in names:
                where, other = owner.setdefault(key, (item.name, identity))
                assert other == identity, f"{name!r} in {item.name} and {where}"


def test_a_salt_belongs_to_the_drug_name():
    entries = [LexiconEntry(EntityType.DRUG, "imatinib"), LexiconEntry(EntityType.DRUG, "heparin")]
    g = Gazetteer.build(
        entries, settings=GazetteerSettings(salts=frozenset({"mesylate", "sodium"}))
    )
    found = [(m.surface, m.entity.label) for m in g.find("Imatinib mesylate; sodium heparin.")]
    assert found == [("Imatinib mesylate", "imatinib"), ("sodium heparin", "heparin")]
