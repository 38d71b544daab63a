"""Segmentation into headings, bullets and sentences, with exact offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drugkg.extract.text import BlockKind, fold, segment, sentences

ARTICLE = (
    "# Lithium guide\n\nWhat is lithium?\n\nLithium is a mood stabilizer. Dr. Smith uses it.\n"
    "Side effects\n\n  • Tremor\n  - Thirst: common early on.\n1. First step\n2. Second step\n"
    "5. Stopping lithium\n\nTalk to your doctor first.\n"
)


def test_blocks_are_classified():
    kinds = [(b.kind, b.text) for b in segment(ARTICLE)]
    assert (BlockKind.HEADING, "Lithium guide") in kinds
    assert (BlockKind.HEADING, "What is lithium?") in kinds
    assert (BlockKind.HEADING, "Side effects") in kinds
    assert (BlockKind.BULLET, "Tremor") in kinds
    assert (BlockKind.BULLET, "Thirst: common early on.") in kinds
    assert (BlockKind.BULLET, "First step") in kinds
    assert (BlockKind.HEADING, "Stopping lithium") in kinds


def test_sentences_keep_offsets_and_abbreviations():
    para = next(b for b in segment(ARTICLE) if b.text.startswith("Lithium is"))
    found = list(sentences(para))
    assert [s.text for s in found] == ["Lithium is a mood stabilizer.", "Dr. Smith uses it."]
    for s in found:
        assert ARTICLE[s.start : s.end] == s.text


def test_dose_units_end_sentences():
    (block,) = segment("The maximum is 4 mg. Children need less.")
    assert [s.text for s in sentences(block)] == ["The maximum is 4 mg.", "Children need less."]


def test_fold_keeps_length_and_unifies_punctuation():
    text = "Parkinson’s “disease” — İstanbul ‑ x"
    assert len(fold(text)) == len(text)
    assert fold("Parkinson’s") == "parkinson's"


@given(st.text(max_size=400))
def test_offsets_always_slice_the_text(text):
    for block in segment(text):
        assert text[block.start : block.end].endswith(block.text.rstrip()) or block.text in text
        for s in sentences(block):
            assert text[s.start : s.end] == s.text
            assert s.text == s.text.strip()


def test_if_you_items_under_a_heading_continue_across_blank_lines():
    from drugkg.extract.text import BlockKind, segment

    text = (
        "Do not take it\nif you are pregnant.\n\nif you have gout.\n\n"
        "An ordinary paragraph follows here.\n"
    )
    kinds = [(b.kind, b.text) for b in segment(text)]
    assert kinds[1:3] == [
        (BlockKind.BULLET, "if you are pregnant."),
        (BlockKind.BULLET, "if you have gout."),
    ]
    assert kinds[3][0] is BlockKind.PARAGRAPH


def test_short_lower_case_items_set_apart_by_blank_lines_stay_in_their_list():
    text = (
        "Common side effects (may affect up to 1 in 10 people)\n\nrunny nose\n\ncough\n\n"
        "sore throat\n\nReporting of side effects\nTell us what you noticed.\n"
    )
    kinds = {b.text: b.kind.value for b in segment(text)}
    assert kinds["runny nose"] == kinds["cough"] == kinds["sore throat"] == "bullet"
    assert kinds["Reporting of side effects"] != "bullet"


def test_a_long_lower_case_item_set_apart_by_blank_lines_keeps_the_list_open():
    text = (
        "Very common (may affect more than 1 in 10 people):\n\nheadache\n\n"
        "fewer red blood cells, fewer white blood cells (neutrophils) or fewer of the cells "
        "that help the blood to clot (platelets)\n\nhigh blood pressure\n\n"
        "Reporting of side effects\nTell us what you noticed.\n"
    )
    kinds = {b.text[:20]: b.kind.value for b in segment(text)}
    assert kinds["headache"] == kinds["fewer red blood cell"] == "bullet"
    assert kinds["high blood pressure"] == "bullet"
    assert kinds["Reporting of side ef"] != "bullet"


def test_frequency_bands_with_their_items_on_the_line_are_items_of_the_list():
    text = (
        "Side effects\n\nAdverse reactions of nadolol include:\n\n"
        "Relatively common (>1% of people): fatigue, dizziness\n"
        "Less common (0.9% to 0.5% of people): cold hands, nausea\n"
        "Rare (<0.5%): rash\n\n"
        "Nadolol was first made long ago and is still used in many countries today.\n"
    )
    blocks = segment(text)
    items = [b for b in blocks if b.kind is BlockKind.BULLET]
    assert [b.text.split(":")[0] for b in items] == [
        "Relatively common (>1% of people)",
        "Less common (0.9% to 0.5% of people)",
        "Rare (<0.5%)",
    ]
    assert {b.lead_in for b in items} == {"Adverse reactions of nadolol include:"}
    assert blocks[-1].kind is BlockKind.PARAGRAPH


def test_a_frequency_band_glued_to_the_line_before_opens_its_own_list():
    text = (
        "Possible side effects\n\nStop taking nadolol and see a doctor at once. Very common "
        "side effects (may affect more than 1 in 10 people)\n\nheadache\n\nnausea\n\n"
        "tiredness (fatigue). Common side effects: may affect up to 1 in 10 people\n\n"
        "dizziness\n"
    )
    blocks = segment(text)
    assert [(b.kind, b.text) for b in blocks[1:3]] == [
        (BlockKind.PARAGRAPH, "Stop taking nadolol and see a doctor at once."),
        (BlockKind.PARAGRAPH, "Very common side effects (may affect more than 1 in 10 people)"),
    ]
    items = [b for b in blocks if b.kind is BlockKind.BULLET]
    assert [b.text for b in items] == ["headache", "nausea", "tiredness (fatigue).", "dizziness"]
    assert items[-1].lead_in == "Common side effects: may affect up to 1 in 10 people"
    for b in blocks:
        assert text[b.start : b.end] == b.text
    # a band named inside a sentence is no band glued on
    prose = segment("Nausea is very common (may affect more than 1 in 10 people) at first.\n")
    assert len(prose) == 1


def test_a_band_whose_first_item_comments_on_itself_keeps_its_items():
    text = (
        "Possible side effects\n\nVery common (may affect more than 1 in 10 people)\n"
        "Bone pain and joint pain. Tell your doctor if the pain is severe.\nNausea.\n"
    )
    items = [b.text for b in segment(text) if b.kind is BlockKind.BULLET]
    assert items == ["Bone pain and joint pain. Tell your doctor if the pain is severe.", "Nausea."]


def test_lower_case_items_go_on_past_a_name_in_capitals_and_a_comment():
    text = (
        "Possible side effects\n\nCommon side effects:\n\nheadache\n\nHIV infection\n\n"
        "cough\n\nblood tests showing high sugar. Your doctor will check this.\n\n"
        "dry mouth\n\nOther side effects\n\nTalk to your doctor.\n"
    )
    blocks = segment(text)
    items = [b.text for b in blocks if b.kind is BlockKind.BULLET]
    assert items == [
        "headache",
        "HIV infection",
        "cough",
        "blood tests showing high sugar. Your doctor will check this.",
        "dry mouth",
    ]
    assert next(b for b in blocks if b.text == "Other side effects").kind is BlockKind.HEADING


def test_you_items_under_a_lead_in_that_ends_with_if():
    text = (
        "Do not use nadolol if\n\nyou are allergic to nadolol or any of the other "
        "ingredients of this medicine (listed in section 6)\n\nyou have severe asthma.\n\n"
        "Warnings and precautions\nTalk to your doctor before taking nadolol if:\n"
        "You have a heart problem. Examples include a slow heart rhythm or low blood pressure "
        "that makes you faint when you stand up quickly.\nYou have diabetes\n"
    )
    blocks = segment(text)
    items = [(b.text.split(".")[0][:24], b.lead_in) for b in blocks if b.kind is BlockKind.BULLET]
    assert items == [
        ("you are allergic to nado", "Do not use nadolol if"),
        ("you have severe asthma", "Do not use nadolol if"),
        ("You have a heart problem", "Talk to your doctor before taking nadolol if:"),
        ("You have diabetes", "Talk to your doctor before taking nadolol if:"),
    ]
    # "you" lines under a heading that does not end with "if" are no items of it
    prose = segment("Pregnancy\n\nyou should not take nadolol while pregnant.\n")
    assert prose[-1].kind is BlockKind.PARAGRAPH


def test_a_comma_list_goes_on_past_a_long_item():
    text = (
        "Not known: may affect an unknown number of people:\nfainting,\n"
        "blood clots in the veins, above all in the legs (signs are swelling, pain and "
        "redness of the leg), which may travel through the blood to the lungs and cause "
        "chest pain (if you notice these symptoms, seek medical advice at once),\nbaldness,\n"
        "sweating.\n"
    )
    items = [b.text for b in segment(text) if b.kind is BlockKind.BULLET]
    assert items[2:] == ["baldness,", "sweating."]


def test_a_section_title_set_apart_after_a_trailing_frequency_label_is_a_heading():
    text = (
        "Side effects\n\nCommon side effects of nadolol:\n\nFatigue\nDizziness\n"
        "Rare (<1% of people)\n\nInteractions\n\nNadolol adds to the effect of verapamil.\n"
    )
    blocks = segment(text)
    interactions = next(b for b in blocks if b.text == "Interactions")
    assert interactions.kind is BlockKind.HEADING
    assert blocks[-1].heading == "Interactions"
    # the same word as a list item, not set apart, stays an item
    items = segment("Tell your doctor if you take:\nwarfarin\nInteractions\n")
    assert [b.kind for b in items[1:]] == [BlockKind.BULLET, BlockKind.BULLET]


def test_a_list_whose_items_end_with_semicolons_keeps_its_long_items():
    long_item = (
        "Red spots on the chest or back, often with blisters, peeling skin, sores of the "
        "mouth, throat, nose and eyes, red and swollen eyes, which can follow a fever, "
        "headache and aching limbs or some other flu-like illness "
        "(Stevens-Johnson syndrome);"
    )
    text = (
        "Rare side effects are:\nHair loss;\n"
        + long_item
        + "\nTwitching or worse fits (possible signs of low sodium)\n\n"
        "Tell your doctor if any of these gets serious.\n"
    )
    blocks = segment(text)
    assert [b.kind for b in blocks] == [
        BlockKind.PARAGRAPH,
        BlockKind.BULLET,
        BlockKind.BULLET,
        BlockKind.BULLET,
        BlockKind.PARAGRAPH,
    ]
    assert blocks[2].text == long_item
    # without the semicolons it is still one phrase between items; with a sentence of its
    # own inside, it is prose that ends the list
    assert segment(text.replace(";", ""))[2].kind is BlockKind.BULLET
    prose = segment(text.replace(";", "").replace("Red spots", "You may get red spots"))
    assert prose[2].kind is BlockKind.PARAGRAPH


def test_lines_under_a_section_title_that_lost_their_bullets_are_its_items():
    text = (
        "Contraindications\n\nComa, acute stroke\nSevere intoxication with alcohol\n"
        "Known heart disease\n\nHistory\n\nIt was made in 1958.\n"
    )
    blocks = segment(text)
    items = [b for b in blocks if b.kind is BlockKind.BULLET]
    assert [b.text for b in items] == [
        "Coma, acute stroke",
        "Severe intoxication with alcohol",
        "Known heart disease",
    ]
    assert {b.lead_in for b in items} == {"Contraindications"}
    # a form's fields under a heading of its own are no section's items
    form = segment("Leave a comment\n\nComment *\nName *\nPost Comment\n")
    assert BlockKind.BULLET not in {b.kind for b in form}
    # a line over "if you" items is their lead-in, not an item
    leaflet = segment(
        "Warnings and precautions\n\nTalk to your doctor before taking it\n"
        "if you have liver problems\nif you are over 55\n"
    )
    assert leaflet[1].kind is not BlockKind.BULLET
    assert [b.lead_in for b in leaflet[2:]] == ["Talk to your doctor before taking it"] * 2


def test_effects_under_a_band_stay_items_though_some_carry_a_comment():
    text = (
        "Very common side effects (may affect more than 1 in 10 people)\n"
        "Low red blood cell count (anaemia). You may feel tired.\n"
        "Low platelet count. You may bruise easily and bleed for longer.\n"
        "Headache.\n"
    )
    items = [b.text for b in segment(text) if b.kind is BlockKind.BULLET]
    assert items == [
        "Low red blood cell count (anaemia). You may feel tired.",
        "Low platelet count. You may bruise easily and bleed for longer.",
        "Headache.",
    ]


def test_a_long_phrase_item_amid_one_item_a_line_keeps_the_list_open():
    long_item = (
        "Severe allergic reaction, signs of which may include " + "itching, " * 30 + "and collapse"
    )
    text = (
        "Rare side effects (may affect up to 1 in 1,000 people)\n"
        f"Hiccups\n{long_item}\nBreast disorders\nHernia\n"
    )
    blocks = segment(text)
    after = [b for b in blocks if b.text in ("Breast disorders", "Hernia")]
    assert [b.kind for b in after] == [BlockKind.BULLET, BlockKind.BULLET]
    assert all(b.lead_in.startswith("Rare side effects") for b in after)
    # a sentence of prose ends the list: what follows is no item of it
    prose = "It is rare. Call your doctor if it happens, " + "and so on, " * 30 + "at once"
    blocks = segment(text.replace(long_item, prose))
    assert not any(b.text == "Hernia" and b.kind is BlockKind.BULLET for b in blocks)


def test_a_band_whose_items_are_set_apart_by_blank_lines_keeps_them():
    text = (
        "Uncommon (may affect up to 1 in 100 people)\n\nFailing of your kidneys\n\n"
        "Hiccups, speech disorders\n\nReporting of side effects\n\nIf you get any side "
        "effects, talk to your doctor. This includes any side effects not listed here.\n"
    )
    kinds = {b.text: (b.kind, b.lead_in) for b in segment(text)}
    band = "Uncommon (may affect up to 1 in 100 people)"
    assert kinds["Failing of your kidneys"] == (BlockKind.BULLET, band)
    assert kinds["Hiccups, speech disorders"] == (BlockKind.BULLET, band)
    assert kinds["Reporting of side effects"][0] is BlockKind.HEADING  # the band's list ends
