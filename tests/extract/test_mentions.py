"""Products a document names itself: fixed-dose combinations and leaflet brands."""

from __future__ import annotations

import pytest

from drugkg.extract.mentions import part_of, products, with_combinations, with_product_name
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
