"""Products a document names itself: fixed-dose combinations, leaflet brands and the
substance an article defines in its opening."""

from __future__ import annotations

import pytest

from drugkg.extract.mentions import (
    defined_drug,
    family_names,
    part_of,
    products,
    with_combinations,
    with_product_name,
)
from drugkg.model import Entity, EntityType


def named(gazetteer, text: str, *, find=products) -> list[tuple[str, str, str | None]]:
    return [
        (text[m.start : m.end], m.entity.label, m.brand.label if m.brand else None)
        for m in find(text, gazetteer.find(text))
    ]


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("Take sertraline/lamotrigine.", "sertraline/lamotrigine", "sertraline/lamotrigine"),
        ("Take sertraline / lamotrigine.", "sertraline / lamotrigine", "sertraline/lamotrigine"),
        ("Use a/b: lopinavir/ritonavir/sertraline.", "lopinavir/ritonavir/sertraline",
         "lopinavir/ritonavir/sertraline"),
    ],
)  # fmt: skip
def test_a_slash_joins_drugs_into_one_combination(gazetteer, text, span, label):
    assert (span, label, None) in named(gazetteer, text, find=with_combinations)


def test_a_list_of_active_substances_is_one_combination_with_their_salts(gazetteer):
    text = "Zorvex contains two active substances called umeclidinium bromide and vilanterol."
    found = named(gazetteer, text)
    assert ("Zorvex", "umeclidinium/vilanterol", "Zorvex") in found
    assert any(label == "umeclidinium/vilanterol" and brand is None for _, label, brand in found)


def test_one_drug_named_twice_is_not_a_combination(gazetteer):
    found = named(gazetteer, "Take paracetamol/acetaminophen as needed.", find=with_combinations)
    assert not any("/" in label for _, label, _ in found)


def test_a_list_without_the_active_substances_lead_in_is_no_combination(gazetteer):
    found = named(gazetteer, "Do not take sertraline, lamotrigine and lithium together.")
    assert [label for _, label, _ in found] == ["sertraline", "lamotrigine", "lithium"]


def test_a_dictionary_brand_of_one_part_yields_to_the_leaflets_combination(gazetteer):
    text = "Zoloft contains the active substances sertraline and lamotrigine. Take Zoloft daily."
    found = named(gazetteer, text)
    assert ("Zoloft", "sertraline/lamotrigine", "Zoloft") in found
    assert not any(label == "sertraline" for _, label, _ in found)


def test_part_of():
    ab = Entity.make(EntityType.DRUG, "a/b")
    assert part_of(Entity.make(EntityType.DRUG, "b"), ab)
    assert not part_of(Entity.make(EntityType.DRUG, "c"), ab)
    assert not part_of(ab, Entity.make(EntityType.DRUG, "a"))


def test_a_generic_sold_under_a_company_name_is_one_mention_of_the_generic(gazetteer):
    text = (
        "Sertraline Pharmaco contains the active substance sertraline.\n"
        "If you take more Sertraline Pharmaco than you should, call a doctor."
    )
    found = named(gazetteer, text, find=with_product_name)
    assert found.count(("Sertraline Pharmaco", "sertraline", None)) == 2
    # and no brand: the generic name with a company's is not one (annotation.md)
    assert not any(brand for _, _, brand in named(gazetteer, text))


# --------------------------------------------------------------- an article's own substance
def test_an_opening_defines_an_unknown_substance_and_its_abbreviations(gazetteer):
    text = (
        "Zentamorphine\n\nZentamorphine (ZTM; also called zentamorphan), is an opioid "
        "analgesic related to morphine. ZTM is sold illicitly. Zentamorphine causes itching."
    )
    found = named(gazetteer, text, find=defined_drug)
    names = [(span, label) for span, label, _ in found if label == "zentamorphine"]
    assert names == [
        ("Zentamorphine", "zentamorphine"),
        ("Zentamorphine", "zentamorphine"),
        ("ZTM", "zentamorphine"),
        ("zentamorphan", "zentamorphine"),
        ("ZTM", "zentamorphine"),
        ("Zentamorphine", "zentamorphine"),
    ]
    assert ("morphine", "morphine", None) in found  # the other drugs stay


def test_the_defined_substance_is_what_the_article_states_facts_about(extractor):
    from drugkg.model import Document

    text = (
        "Zentamorphine\n\nZentamorphine is an opioid analgesic drug invented in the 1970s. "
        "Zentamorphine can cause constipation and nausea."
    )
    facts = {
        (a.triple.subject.label, a.triple.predicate.value, a.triple.object.label)
        for a in extractor.extract(Document(id="d", text=text)).assertions
    }
    assert ("zentamorphine", "has_side_effect", "constipation") in facts
    assert ("zentamorphine", "member_of_class", "opioids") in facts


def test_a_name_inside_the_defined_one_is_not_a_mention_of_its_own(gazetteer):
    text = "4-Fluoroamphetamine (4-FAX) is a stimulant drug. 4-FAX raises blood pressure."
    found = named(gazetteer, text, find=defined_drug)
    assert not any(label == "amphetamine" for _, label, _ in found)
    assert ("4-Fluoroamphetamine", "4-fluoroamphetamine", None) in found


def test_the_brand_names_of_the_opening_are_brands_of_the_defined_substance(gazetteer):
    text = (
        "Zentazepam (marketed under the brand names Zenta and Calmara) is a hypnotic drug. "
        "It is sold as Calmara."
    )
    found = named(gazetteer, text, find=defined_drug)
    assert ("Calmara", "zentazepam", "Calmara") in found
    assert ("Zenta", "zentazepam", "Zenta") in found


@pytest.mark.parametrize(
    "text",
    [
        "Lorazepam (Ativan) is a benzodiazepine medication. It calms.",  # known already
        "Zentaville is a small town in the valley of the river. It has a market.",  # no drug
        "This medicine is a tablet that contains the active substance lorazepam.",  # no name
        "Patients and methods: we describe a case. Zentamorphine was given for pain.",
    ],
)
def test_an_opening_that_defines_no_unknown_drug_changes_nothing(gazetteer, text):
    mentions = gazetteer.find(text)
    assert defined_drug(text, mentions) == mentions


def test_other_names_are_matched_as_written_the_defined_name_in_any_case(gazetteer):
    text = "Zentamine (ZEN) is a stimulant. Zen gardens calm. ZENTAMINE and ZEN act fast."
    spans = [span for span, label, _ in named(gazetteer, text, find=defined_drug)
             if label == "zentamine"]  # fmt: skip
    assert spans == ["Zentamine", "ZEN", "ZENTAMINE", "ZEN"]


# ------------------------------------------------------------------- chemical families
@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Mephedrone is a stimulant of the cathinone class.", "substituted cathinones"),
        ("It is a psychedelic drug of the phenethylamine and 2C families.", "2C family"),
        ("Oxiracetam is a nootropic drug of the racetam family.", "racetam family"),
    ],
)
def test_a_family_named_as_such_is_a_class(gazetteer, text, family):
    found = family_names(text, gazetteer.find(text), gazetteer.lookup)
    assert any(
        m.type is EntityType.CLASS and m.entity.label.lower() == family.lower() for m in found
    )


@pytest.mark.parametrize(
    "text",
    [
        "Modafinil inhibits enzymes of the cytochrome P450 group of enzymes.",
        "Sertraline is an antidepressant of the same class as fluoxetine.",
        "It is a member of the family of the patient.",
    ],
)
def test_words_that_name_no_drug_family_stay_as_they_are(gazetteer, text):
    mentions = gazetteer.find(text)
    assert family_names(text, mentions, gazetteer.lookup) == mentions
