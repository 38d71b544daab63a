"""Behaviour of the extractor on short texts written for these tests."""

from __future__ import annotations

import pytest

from drugkg.model import Document, EntityType, Predicate


def facts(extractor, text: str, *, negated: bool = False) -> set[tuple[str, str, str]]:
    doc = Document.from_text("t", text)
    return {
        (a.triple.subject.label, a.triple.predicate.value, a.triple.object.label)
        for a in extractor.extract(doc).assertions
        if a.evidence.negated == negated
    }


def statements(extractor, text: str) -> set[tuple[str, str]]:
    """(predicate, object) of every reading of ``text``, whoever the subject."""
    return {(p, o) for _, p, o in facts(extractor, text)}


def of(found: set[tuple[str, str, str]], predicate: str) -> set[tuple[str, str, str]]:
    """The facts of one predicate."""
    return {f for f in found if f[1] == predicate}


def objects(extractor, text: str, predicate: str) -> set[str]:
    """The objects of one predicate read from ``text``, whoever the subject."""
    return {o for _, p, o in facts(extractor, text) if p == predicate}


def readings(extractor, text: str):
    return extractor.extract(Document.from_text("t", text)).assertions


def leaflet_side_effects(extractor, section: str) -> set[str]:
    """The side effects read from a leaflet's side-effects section about nadolol."""
    text = "Nadolol\n\nPossible side effects\n\n" + section
    return {o for p, o in statements(extractor, text) if p == "has_side_effect"}


# ----------------------------------------------------------------------- normalisation
def test_brand_resolves_to_generic(extractor):
    found = facts(extractor, "Zoloft is used to treat depression.")
    assert ("sertraline", "treats", "depression") in found


def test_brand_name_fact_needs_the_text_to_say_it(extractor):
    assert not any(
        p == "has_brand_name" for _, p, _ in facts(extractor, "Zoloft helps depression.")
    )
    found = facts(extractor, "Zoloft (sertraline) is an antidepressant.")
    assert ("sertraline", "has_brand_name", "Zoloft") in found


def test_plurals_and_synonyms_are_one_node(extractor):
    text = (
        "Baclofen can cause seizures. Stopping baclofen may cause a seizure. "
        "Baclofen may cause sleepiness. Baclofen can cause drowsiness."
    )
    found = readings(extractor, text)
    seizure_nodes = {a.triple.object.identity for a in found if "seiz" in a.triple.object.key}
    assert len(seizure_nodes) == 1
    sleepy = {a.triple.object.identity for a in found if a.triple.object.label == "drowsiness"}
    assert len(sleepy) == 1
    assert sum(1 for a in found if a.triple.object.label == "drowsiness") == 2


def test_entities_keep_standard_ids(extractor):
    found = readings(extractor, "Sertraline can cause nausea.")
    drug = next(a.triple.subject for a in found)
    assert drug.type is EntityType.DRUG
    assert drug.xref("drugbank") == "DB01104"
    nausea = next(a.triple.object for a in found if a.triple.object.label == "nausea")
    assert nausea.xref("mesh") == "D009325"


def test_unknown_condition_is_still_found(extractor):
    found = facts(extractor, "Bismuth subsalicylate can cause a black tongue and dark stools.")
    assert ("bismuth subsalicylate", "has_side_effect", "black tongue") in found
    assert ("bismuth subsalicylate", "has_side_effect", "dark stools") in found


def test_a_stage_word_keeps_the_condition_node_and_the_phrase_as_a_name(extractor):
    (a,) = [
        a
        for a in readings(extractor, "Bevacizumab is used to treat advanced breast cancer.")
        if a.triple.predicate is Predicate.TREATS
    ]
    assert a.triple.object.label == "breast cancer"
    assert "advanced breast cancer" in a.triple.object.synonyms
    found = facts(
        extractor, "Tofacitinib is used for moderately to severely active ulcerative colitis."
    )
    assert ("tofacitinib", "treats", "ulcerative colitis") in found


def test_a_class_keeps_its_node_under_its_qualifiers(extractor):
    found = facts(
        extractor, "Midazolam is a potent benzodiazepine derivative first synthesized in 1975."
    )
    assert ("midazolam", "member_of_class", "benzodiazepines") in found
    found = facts(extractor, "Sorafenib is a so-called multikinase inhibitor.")
    assert ("sorafenib", "member_of_class", "multikinase inhibitor") in found


def test_a_range_of_severity_is_not_part_of_the_condition(extractor):
    found = facts(
        extractor, "Tramadol is used for mild-to-moderate pain and moderate to severe cough."
    )
    assert {("tramadol", "treats", "pain"), ("tramadol", "treats", "cough")} <= found
    assert not any(o.startswith(("to", "-")) for _, _, o in found)


@pytest.mark.parametrize(
    "group",
    [
        "patients of all ages",
        "children 6 months to 11 years old",
        "adults and adolescents (12 years and older)",
        "adults, adolescents and children from 2 years of age",
        "adults newly diagnosed",
        "adults who have been diagnosed",
    ],
)
def test_who_is_treated_is_not_what_is_treated(extractor, group):
    found = facts(extractor, f"Rituximab is used to treat {group} with rheumatoid arthritis.")
    assert found == {("rituximab", "treats", "rheumatoid arthritis")}


def test_a_group_with_a_condition_stays_a_group_where_groups_are_objects(extractor):
    found = facts(
        extractor,
        "Sertraline should be used with caution in premature infants or infants with liver"
        " disease.",
    )
    assert {
        ("sertraline", "caution_in", "premature infants"),
        ("sertraline", "caution_in", "liver disease"),
    } <= found


def test_the_group_a_statement_is_about_is_not_what_occurs(extractor):
    text = (
        "Darunavir treats HIV. In some patients with hepatitis B and a history of "
        "pancreatitis, headache may occur."
    )
    found = statements(extractor, text)
    assert ("has_side_effect", "headache") in found
    assert ("has_side_effect", "hepatitis B") not in found
    assert ("has_side_effect", "pancreatitis") not in found


def test_the_patient_being_treated_is_not_what_the_drug_treats(extractor):
    found = statements(
        extractor,
        "If you have liver problems while you are being treated with regorafenib, tell your"
        " doctor.",
    )
    assert not any(p == "treats" for p, _ in found)


def test_the_symptoms_associated_with_a_condition_are_that_condition(extractor):
    found = facts(
        extractor, "Loratadine is used to relieve the symptoms associated with hay fever."
    )
    assert ("loratadine", "treats", "hay fever") in found


# ------------------------------------------------------------------- negation, hedging
def test_negated_treatment_is_flagged_not_asserted(extractor):
    text = "Diazepam is not a substitute for traditional pain medications."
    assert not any(p == "treats" for _, p, _ in facts(extractor, text))
    text = "Metformin is not used to treat type 1 diabetes."
    assert ("metformin", "treats", "type 1 diabetes") in facts(extractor, text, negated=True)
    assert ("metformin", "treats", "type 1 diabetes") not in facts(extractor, text)


def test_should_not_be_used_is_a_contraindication_not_a_treatment(extractor):
    found = facts(extractor, "Naproxen should not be used if a patient has kidney disease.")
    assert ("naproxen", "contraindicated_in", "kidney disease") in found
    assert not any(p == "treats" for _, p, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Sertraline may cause nausea.",
        "Research suggests that sertraline causes nausea.",
        "In rare cases, sertraline can cause nausea.",
        "Some users have reported nausea while taking sertraline.",
        "Sertraline might lead to nausea.",
    ],
)
def test_hedges_are_recorded(extractor, text):
    hits = [a for a in readings(extractor, text) if a.triple.object.label == "nausea"]
    assert hits and all(a.evidence.hedged for a in hits)


@pytest.mark.parametrize(
    "text",
    [
        "Naltrexone is currently being studied for alcohol dependence.",
        "Naltrexone has been investigated as a treatment for alcohol dependence.",
        "Naltrexone is under investigation for alcohol dependence.",
    ],
)
def test_research_in_progress_is_a_hedged_use(extractor, text):
    hits = [a for a in readings(extractor, text) if a.triple.object.key == "alcohol-use-disorder"]
    assert hits and all(a.evidence.hedged for a in hits)
    assert {a.triple.predicate.value for a in hits} == {"treats"}


@pytest.mark.parametrize(
    "text", ["Sertraline can cause nausea.", "Sertraline is associated with nausea."]
)
def test_can_and_associated_with_are_not_hedges(extractor, text):
    hits = [a for a in readings(extractor, text) if a.triple.object.label == "nausea"]
    assert hits and not any(a.evidence.hedged for a in hits)


def test_a_negation_before_because_does_not_reach_the_risk_after_it(extractor):
    text = "Lorazepam helps anxiety. Use should not exceed four weeks because of the risk of abuse."
    assert ("lorazepam", "has_risk", "abuse") in facts(extractor, text)
    text = "Lorazepam helps anxiety. It does not carry the same risk of abuse."
    assert ("lorazepam", "has_risk", "abuse") in facts(extractor, text, negated=True)


def test_no_reports_of_an_overdose_is_no_overdose_risk(extractor):
    text = "There are no reports of acute overdose with lorazepam."
    assert ("lorazepam", "has_risk", "overdose") not in facts(extractor, text)
    assert ("lorazepam", "has_risk", "overdose") in facts(extractor, text, negated=True)


def test_no_reports_of_a_side_effect_is_no_side_effect(extractor):
    text = "No rash has been reported with lorazepam."
    assert ("lorazepam", "has_side_effect", "rash") not in facts(extractor, text)
    assert ("lorazepam", "has_side_effect", "rash") in facts(extractor, text, negated=True)
    text = "Rash has been reported with lorazepam."
    assert ("lorazepam", "has_side_effect", "rash") in facts(extractor, text)


def test_not_uncommon_is_not_a_negation(extractor):
    text = "Sweating and tremor are not uncommon during alprazolam withdrawal."
    found = facts(extractor, text)
    assert ("alprazolam", "has_withdrawal_symptom", "sweating") in found


def test_hedged_confidence_is_lower(extractor):
    plain = readings(extractor, "Sertraline causes nausea.")[0].evidence.confidence
    hedged = readings(extractor, "Sertraline may cause nausea.")[0].evidence.confidence
    assert hedged < plain


def test_no_evidence_before_a_statement_denies_it(extractor):
    text = "There is no evidence that memantine improves the symptoms of autism."
    assert ("memantine", "treats", "autism spectrum disorder") in facts(
        extractor, text, negated=True
    )
    assert not any(p == "treats" for _, p, _ in facts(extractor, text))
    text = "There is good evidence that memantine improves the symptoms of dementia."
    assert ("memantine", "treats", "dementia") in facts(extractor, text)


# ------------------------------------------------------------------- lists and sections
def test_such_as_list_gives_one_fact_per_item(extractor):
    text = "Common side effects of gabapentin include dizziness, fatigue, and blurred vision."
    found = facts(extractor, text)
    for effect in ("dizziness", "fatigue", "blurred vision"):
        assert ("gabapentin", "has_side_effect", effect) in found


def test_bullets_under_a_heading(extractor):
    text = (
        "Tramadol is an opioid painkiller.\n\n"
        "Withdrawal symptoms of tramadol\n\n"
        "  • Sweating\n  • Diarrhea\n  • Restlessness\n\n"
        "Side effects\n\n- Constipation\n- Nausea: often in the first week.\n"
    )
    found = facts(extractor, text)
    for symptom in ("sweating", "diarrhea", "restlessness"):
        assert ("tramadol", "has_withdrawal_symptom", symptom) in found
    assert ("tramadol", "has_side_effect", "constipation") in found
    assert ("tramadol", "has_side_effect", "nausea") in found
    assert ("tramadol", "has_side_effect", "sweating") not in found


def test_list_introduced_by_a_colon(extractor):
    text = "Venlafaxine eases depression.\n\nDo not take venlafaxine if you have:\n\n- glaucoma\n"
    assert ("venlafaxine", "contraindicated_in", "glaucoma") in facts(extractor, text)


def test_overdose_signs_are_not_side_effects(extractor):
    text = "Methadone treats opioid addiction.\n\nSigns of an overdose\n\n- Pinpoint pupils\n"
    assert not any(p == "has_side_effect" for _, p, _ in facts(extractor, text))


# --------------------------------------------------------------------------- pronouns
def test_pronoun_and_this_medication_refer_to_the_drug(extractor):
    text = (
        "Buspirone is an anti-anxiety medicine. It is used to treat generalized anxiety "
        "disorder. This medication can cause dizziness."
    )
    found = facts(extractor, text)
    assert ("buspirone", "treats", "generalized anxiety disorder") in found
    assert ("buspirone", "has_side_effect", "dizziness") in found


def test_class_statement_applied_to_the_drug(extractor):
    found = facts(extractor, "Benzodiazepines like Xanax are addictive.")
    assert ("alprazolam", "has_risk", "addiction") in found


def test_interactions_are_stated_about_the_article_drug(extractor):
    text = "Warfarin thins the blood. Aspirin interacts with warfarin. Warfarin is a pill."
    found = facts(extractor, text)
    assert ("warfarin", "interacts_with", "aspirin") in found


# ----------------------------------------------------------------------- no spam facts
def test_spam_ads_menus_and_phone_numbers_yield_nothing(extractor):
    text = (
        "Home | Drugs A-Z | Contact us\n\n"
        "xanax kopen zonder recept goedkoop\n\n"
        "Call 1-800-555-0199 now for a free consultation!\n\n"
        "Subscribe to our newsletter. Leave a reply. Your email address will not be published.\n"
    )
    assert facts(extractor, text) == set()


# ------------------------------------------------------------------------- evidence
def test_evidence_offsets_slice_the_document(extractor):
    text = "Intro line.\n\nLithium is used to treat bipolar disorder. It can cause tremor.\n"
    doc = Document.from_text("d", text)
    for a in extractor.extract(doc).assertions:
        assert doc.text[a.evidence.start : a.evidence.end] == a.evidence.sentence
        assert a.evidence.doc_id == "d"
        assert a.evidence.rule


def test_every_predicate_can_be_extracted(extractor):
    text = (
        "Clonidine (Catapres) is an alpha-2 agonist used to treat high blood pressure. "
        "It is sometimes prescribed off-label for ADHD. Clonidine can cause dry mouth. "
        "Stopping clonidine suddenly can cause rebound hypertension. Clonidine carries a "
        "risk of dependence. Clonidine interacts with alcohol. Clonidine should not be used "
        "by people with severe bradycardia. Use clonidine with caution in older adults. "
        "Clonidine works by stimulating alpha-2 adrenergic receptors. Guanfacine is an "
        "alternative to clonidine."
    )
    predicates = {p for _, p, _ in facts(extractor, text)}
    assert predicates >= {p.value for p in Predicate} - {"member_of_class"}


# ------------------------------------------------------------------- reading real layouts
def test_a_class_the_lexicon_does_not_know_is_read_from_its_examples(extractor):
    found = facts(extractor, "Avoid potassium-sparing diuretics such as amiloride.")
    assert ("amiloride", "member_of_class", "potassium-sparing diuretics") in found


def test_one_word_of_a_class_s_shape_before_drug_examples_is_a_class(extractor):
    found = facts(extractor, "Avoid glycopeptides like vancomycin and cocaine-free rinses.")
    assert ("vancomycin", "member_of_class", "glycopeptides") in found
    # the shape alone is not enough: the examples must begin with a drug
    assert not any(
        p == "member_of_class"
        for _, p, _ in facts(extractor, "Avoid proteins and glycopeptides like albumen.")
    )
    # nor for a word that is never a class
    assert not any(
        p == "member_of_class"
        for _, p, _ in facts(extractor, "It binds substrates such as loperamide.")
    )
    text = "Drugs with short half-lives such as lorazepam, or alternatives such as zolpidem."
    assert not any(p == "member_of_class" for _, p, _ in facts(extractor, text))


def test_class_examples_may_mix_classes_drugs_and_substances(extractor):
    found = facts(
        extractor, "Do not combine it with depressants such as opioids, diazepam or alcohol."
    )
    members = {(s, o) for s, p, o in found if p == "member_of_class"}
    assert members == {("diazepam", "CNS depressants"), ("alcohol", "CNS depressants")}


def test_a_list_of_classes_each_with_its_examples(extractor):
    text = (
        "Options include SSRIs such as citalopram (Celexa), SNRIs such as duloxetine "
        "(Cymbalta), and pregabalin."
    )
    members = {(s, o) for s, p, o in facts(extractor, text) if p == "member_of_class"}
    assert members == {("citalopram", "SSRIs"), ("duloxetine", "SNRIs")}
    text = "Stimulants such as modafinil, caffeine, and methylphenidate keep you awake."
    members = {s for s, p, o in facts(extractor, text) if p == "member_of_class"}
    assert members == {"modafinil", "caffeine", "methylphenidate"}


def test_drugs_named_before_other_members_of_a_class_belong_to_it(extractor):
    found = facts(extractor, "Codeine, morphine and other opioids slow breathing.")
    assert {
        ("codeine", "member_of_class", "opioids"),
        ("morphine", "member_of_class", "opioids"),
    } <= found
    found = facts(extractor, "Naproxen must not be taken with other NSAIDs.")
    assert ("naproxen", "member_of_class", "NSAIDs") in found


@pytest.mark.parametrize(
    ("group", "label"),
    [
        ("children aged under 4", "children"),
        ("people under 18 years of age", "patients under 18"),
        ("individuals under the age of 18", "patients under 18"),
        ("anyone under the age of 18", "patients under 18"),
    ],
)
def test_an_age_limit_on_a_group_leaves_the_group(extractor, group, label):
    text = f"Rivaroxaban is not recommended for {group}."
    assert ("rivaroxaban", "contraindicated_in", label) in facts(extractor, text)


@pytest.mark.parametrize(
    "when",
    [
        "during the initial recovery phase of a heart attack",
        "in the first weeks after a heart attack",
    ],
)
def test_a_time_within_a_condition_leaves_the_condition(extractor, when):
    text = f"Amitriptyline is not recommended for use {when}."
    assert ("amitriptyline", "contraindicated_in", "heart attack") in facts(extractor, text)


def test_a_period_of_days_is_not_a_condition(extractor):
    found = facts(extractor, "Naproxen was given for a period of 19 days for back pain.")
    assert not any("19" in obj for _, _, obj in found)


@pytest.mark.parametrize("group", ["children who suffer from", "patients who have", "adults with"])
def test_a_treated_group_named_by_its_condition_gives_the_condition(extractor, group):
    text = f"Filgrastim is used to treat {group} severe neutropenia."
    assert ("filgrastim", "treats", "neutropenia") in facts(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Modafinil is a central nervous system (CNS) stimulant used in treating narcolepsy.",
        "Modafinil, sold under the brand name Provigil among others, is a central nervous system "
        "(CNS) stimulant used in the treatment of narcolepsy.",
    ],
)
def test_a_class_spelled_out_with_its_initials_is_the_class(extractor, text):
    assert ("modafinil", "member_of_class", "stimulants") in facts(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Quetiapine is licensed for use as an add-on treatment in major depression.",
        "Quetiapine is used at a dosage of 150 to 300 mg a day for the treatment of depression.",
        "Quetiapine is used to both prevent and treat relapses of depression.",
        "Quetiapine was registered for the treatment of depression in 2010.",
        "The guideline recommends quetiapine for the treatment of depression.",
    ],
)
def test_uses_stated_by_licence_dose_or_guideline_are_treatments(extractor, text):
    assert {o for _, p, o in facts(extractor, text) if p == "treats"} & {
        "major depression",
        "depression",
        "major depressive disorder",
    }


def test_a_subtype_number_alone_names_no_condition(extractor):
    text = "The guideline recommends modafinil for the treatment of type 1 and type 2 narcolepsy."
    found = facts(extractor, text)
    assert not {o for _, _, o in found} & {"type 1", "type-1"}
    assert ("modafinil", "treats", "type 2 narcolepsy") in found


def test_a_drug_named_in_passing_with_its_purpose_treats_it(extractor):
    text = (
        "Tell your doctor if you take fentanyl or tramadol (used to treat pain), "
        "ritonavir (for HIV infection) or metformin, a medicine for diabetes. "
        "The other ingredients are mannitol and hydrochloric acid (for pH adjustment)."
    )
    treats = {(s, o) for s, p, o in facts(extractor, text) if p == "treats"}
    assert treats == {
        ("fentanyl", "pain"),
        ("tramadol", "pain"),
        ("ritonavir", "HIV infection"),
        ("metformin", "diabetes"),
    }


def test_a_goal_the_lexicon_names_is_a_purpose(extractor):
    """The leaflets' "to help you stop smoking": the lexicon names the goal, the
    phrasing ties it to the drug; a goal the lexicon does not know gives nothing."""
    text = (
        "Varenicline is used in adults to help them quit smoking. "
        "Do not take it with bupropion (a medicine used to help you stop smoking). "
        "Zolpidem is used to help you sleep."
    )
    treats = {(s, o) for s, p, o in facts(extractor, text) if p == "treats"}
    assert treats == {("varenicline", "smoking cessation"), ("bupropion", "smoking cessation")}


def test_an_object_with_no_word_of_any_finding_is_no_condition(extractor):
    text = "Nadolol\n\nTell your doctor if your carer notices that you have tremor."
    cautions = {o for s, p, o in facts(extractor, text) if p == "caution_in"}
    assert "carer notices" not in cautions
    # words of known findings carry an unknown phrase: "thoughts about self-harm"
    found = facts(extractor, "Side effects of nadolol include thoughts about self-harm.")
    assert ("nadolol", "has_side_effect", "thoughts about self-harm") in found


def test_a_drug_the_subject_is_compared_with_is_not_the_subject(extractor):
    for text in (
        "Nadolol, like atenolol, is used to prevent migraine.",
        "Like atenolol, nadolol is used to prevent migraine.",
        "Unlike atenolol, nadolol is used to prevent migraine.",
    ):
        treats = {(s, o) for s, p, o in facts(extractor, text) if p == "treats"}
        assert treats == {("nadolol", "migraine")}, text


def test_examples_in_a_bracket_may_hold_fillers_and_substances(extractor):
    text = (
        "Tell your doctor about medicines used to treat depression (such as sertraline, "
        "other SSRIs e.g. paroxetine, or St John's wort)."
    )
    treats = {s for s, p, o in facts(extractor, text) if p == "treats" and o == "depression"}
    assert {"sertraline", "paroxetine", "st. john's wort"} <= treats


def test_a_long_qualifier_between_side_effects_and_include(extractor):
    text = (
        "Nadolol lowers blood pressure. Side effects seen in nadolol-treated people in "
        "trials, at rates above 5% and twice those on placebo, include fatigue and cold hands."
    )
    found = {o for s, p, o in facts(extractor, text) if p == "has_side_effect"}
    assert {"fatigue", "cold hands"} <= found


def test_the_subject_and_other_members_of_its_class_is_no_combination(extractor):
    text = "Fatigue and nausea are common side effects of nadolol and other beta blockers."
    found = facts(extractor, text)
    assert {
        ("nadolol", "has_side_effect", "fatigue"),
        ("nadolol", "has_side_effect", "nausea"),
    } <= found
    text = "Fatigue and nausea are common side effects of nadolol and alcohol."
    assert not any(p == "has_side_effect" for _, p, _ in facts(extractor, text))


def test_leaflet_cautions_in_other_words(extractor):
    text = (
        "Nadolol\n\nTell your doctor if you have had a stroke or have epilepsy. If you have "
        "problems with your liver, talk to your doctor before taking nadolol. Nadolol is not "
        "recommended for use in children as safety was not shown. It is preferable to avoid "
        "the use of nadolol while you are pregnant.\n"
    )
    found = statements(extractor, text)
    assert {
        ("caution_in", "stroke"),
        ("caution_in", "epilepsy"),
        ("caution_in", "liver disease"),
        ("contraindicated_in", "children"),
        ("contraindicated_in", "pregnancy"),
    } <= found


def test_particularly_before_a_condition_goes_on_with_the_list(extractor):
    text = (
        "Nadolol\n\nContraindications\n\nOther contraindications include lung diseases, "
        "particularly asthma, and cardiogenic shock. Caution is needed in kidney disease, "
        "especially in the first weeks."
    )
    found = statements(extractor, text)
    assert {("contraindicated_in", "asthma"), ("contraindicated_in", "cardiogenic shock")} <= found
    assert not any("weeks" in o for p, o in found)


def test_what_an_overdose_with_some_milligrams_of_a_drug_caused_is_no_side_effect(extractor):
    text = "Overdoses with 250 mg and up to 300 mg of nadolol have resulted in drowsiness."
    assert not any(p == "has_side_effect" for _, p, _ in facts(extractor, text))


def test_leaflet_lead_ins_whose_items_say_you(extractor):
    text = (
        "Nadolol\n\nDo not take Nadolol if:\nyou are allergic to nadolol;\n"
        "you have severe asthma.\n\nWarnings and precautions\nTalk to your doctor before you "
        "take this medicine if you have any of the following:\na higher risk of falls, such "
        "as:\nbalance disorders;\nvery low blood pressure;\n"
    )
    found = statements(extractor, text)
    assert {
        ("contraindicated_in", "allergy to nadolol"),
        ("contraindicated_in", "asthma"),
        ("caution_in", "balance disorders"),
        ("caution_in", "hypotension"),
    } <= found


def test_what_occurs_after_stopping_is_withdrawal_not_a_side_effect(extractor):
    for text in (
        "Nadolol\n\nNadolol lowers blood pressure. Rebound angina may occur after "
        "abrupt discontinuation of nadolol.",
        "Nadolol\n\nNadolol lowers blood pressure. Angina may occur if you stop taking it.",
    ):
        found = statements(extractor, text)
        assert ("has_withdrawal_symptom", "angina") in found, text
        assert ("has_side_effect", "angina") not in found, text


def test_in_a_drugs_own_article_its_classes_facts_are_its_own(extractor):
    own = "Nadolol\n\nNadolol is a beta blocker. Beta blockers can cause tiredness.\n"
    assert ("nadolol", "has_side_effect", "fatigue") in facts(extractor, own)
    assert ("beta blockers", "has_side_effect", "fatigue") not in facts(extractor, own)
    # an article about two drugs keeps the class as the subject
    both = "Nadolol or atenolol\n\nNadolol is a beta blocker. Beta blockers can cause tiredness.\n"
    assert ("beta blockers", "has_side_effect", "fatigue") in facts(extractor, both)


def test_a_leaflet_item_named_by_its_finding_in_brackets(extractor):
    effects = leaflet_side_effects(
        extractor,
        "Uncommon side effects include:\n"
        "muscle problem causing twisting movements (dystonia),\n"
        "jerky movements of the mouth, tongue and limbs (tardive dyskinesia)\n"
        "headache (very common)\n"
        "vasculitis (inflammation of blood vessels)\n",
    )
    assert effects == {"dystonia", "tardive dyskinesia", "headache", "vasculitis"}


def test_a_band_glued_to_the_sentence_before_still_lists_side_effects(extractor):
    effects = leaflet_side_effects(
        extractor,
        "Tell your doctor straight away if you notice any of these. Other side effects of "
        "nadolol include Very common (may affect more than 1 in 10 people)\n\n"
        "headache\n\nvomiting\n\nfever. Common side effects: may affect up to 1 in 10 "
        "people\n\nhair loss\n",
    )
    assert effects == {"headache", "vomiting", "fever", "hair loss"}


def test_a_frequency_band_lists_the_leaflets_own_medicine_effects(extractor):
    text = (
        "Nadolol\n\nPossible side effects\n\n"
        "Headaches may be eased by taking paracetamol or ibuprofen.\n\n"
        "Common (may affect up to 1 in 10 people):\ndizziness\ncold hands\n"
    )
    found = facts(extractor, text)
    assert {(s, o) for s, p, o in of(found, "has_side_effect")} >= {
        ("nadolol", "dizziness"),
        ("nadolol", "cold hands"),
    }
    assert not [f for f in of(found, "has_side_effect") if f[0] in {"acetaminophen", "ibuprofen"}]


def test_a_contraindications_item_naming_medicines_gives_no_condition(extractor):
    text = (
        "Nadolol\n\nDo not take nadolol\n"
        "- if you have severe liver disease\n"
        "- rifampicin - used for bacterial infections, including tuberculosis\n"
        "- anti-epileptic medicines including carbamazepine\n"
    )
    found = facts(extractor, text)
    assert {o for s, p, o in of(found, "contraindicated_in")} == {"liver disease"}


def test_the_states_a_leaflet_names_in_other_words(extractor):
    text = (
        "Nadolol\n\nDo not take nadolol\n"
        "- if you are allergic to the active substance (nadolol) or any of the other "
        "ingredients\n\nWarnings and precautions\n"
        "Talk to your doctor or nurse before receiving nadolol:\n"
        "- if you have been told by your doctor that you have gout;\n"
        "- if you know that you have heart failure.\n"
    )
    found = facts(extractor, text)
    assert {o for s, p, o in of(found, "contraindicated_in")} == {"allergy to nadolol"}
    assert {o for s, p, o in of(found, "caution_in")} == {"gout", "heart failure"}


def test_a_medicine_set_apart_as_a_heading_among_the_interactions(extractor):
    text = (
        "Nadolol\n\nOther medicines and nadolol\n"
        "Tell your doctor if you take medicines for diabetes, such as insulin.\n\n"
        "Warfarin\n\n"
        "St John's wort, a herbal medicine used to treat depression\n\n"
        "Nadolol may change how other medicines work, including:\n\n"
        "digoxin\n\nnadolol given by injection\n"
    )
    found = facts(extractor, text)
    assert {o for s, p, o in of(found, "interacts_with") if s == "nadolol"} >= {
        "insulin",
        "warfarin",
        "st. john's wort",
        "digoxin",
    }
    assert not of(found, "treats") - {("insulin", "treats", "diabetes")}  # no use misread
    assert all(s != o for s, p, o in found)  # nadolol does not interact with itself
    assert not [f for f in found if f[0] == "warfarin"]  # the heading names no new subject


def test_feeling_goes_with_each_word_of_a_list_of_feelings(extractor):
    effects = leaflet_side_effects(
        extractor,
        "Common side effects:\n"
        "Feeling generally weak, unwell or numb;\n"
        "Headache, feeling anxious, nervous or restless;\n"
        "Feeling tired, bleeding or bruising;\n"
        "Feeling unwell, red or hot.\n",
    )
    assert effects == {
        "weakness",
        "malaise",
        "numbness",
        "headache",
        "anxiety",
        "nervousness",
        "restlessness",
        "fatigue",
        "bleeding",
        "bruising",
    }  # "red" and "hot" make no feeling the lexicon knows


def test_the_examples_an_item_gives_of_itself_in_brackets_are_items_too(extractor):
    uses = of(
        facts(
            extractor,
            "Buspirone is used to treat anxiety disorders (such as generalised anxiety "
            "disorder and panic disorder).",
        ),
        "treats",
    )
    assert {o for _, _, o in uses} >= {"anxiety disorder", "panic disorder"}
    assert len(uses) == 3
    effects = leaflet_side_effects(
        extractor, "Common side effects:\nSkin reactions (e.g. rash, itching), headache.\n"
    )
    assert {"rash", "itching", "headache"} <= effects
    contra = of(
        facts(extractor, "Do not take nadolol if you have a heart problem (such as angina)."),
        "contraindicated_in",
    )
    assert ("nadolol", "contraindicated_in", "angina") in contra


def test_the_signs_an_item_lists_of_itself_are_not_its_kinds(extractor):
    found = facts(
        extractor,
        "Talk to your doctor before taking nadolol if you have symptoms of low blood sugar "
        "(such as sweating or tremor).",
    )
    assert not {o for _, p, o in found if p == "caution_in"} & {"sweating", "tremor"}
    found = facts(
        extractor,
        "Such use of nadolol is off-label, and the risk of adverse effects (e.g. fatigue, "
        "dizziness) must be weighed against its benefit.",
    )
    assert not {o for _, p, o in found if p == "used_off_label_for"} & {"fatigue", "dizziness"}


def test_a_long_item_describing_a_syndrome_is_that_syndrome(extractor):
    effects = leaflet_side_effects(
        extractor,
        "Rare side effects are:\n"
        "Hair loss;\n"
        "Red spots on the chest, peeling skin, sores of the lips, mouth and nose, swollen "
        "red eyes, which can come after a fever or flu-like illness (Stevens-Johnson "
        "syndrome/toxic epidermal necrolysis);\n"
        "Sleepiness, tiredness or weakness (asthenia);\n"
        "Cramps in the legs.\n",
    )
    assert effects == {
        "hair loss",
        "stevens-johnson syndrome",
        "toxic epidermal necrolysis",
        "drowsiness",
        "fatigue",
        "weakness",
        "muscle cramps",
    }


def test_signs_of_a_finding_name_that_finding(extractor):
    effects = leaflet_side_effects(
        extractor,
        "Tell your doctor at once if you notice:\n"
        "thirst, dark urine, dry skin (possible signs of dehydration)\n"
        "swelling of the face (a sign of an allergic reaction)\n",
    )
    assert effects == {"dehydration", "facial swelling", "allergic reaction"}


def test_what_a_blood_test_shows_is_the_finding(extractor):
    effects = leaflet_side_effects(
        extractor,
        "Uncommon side effects are:\n"
        "Headache;\nBlood tests showing that you have low levels of sodium in your blood;\n"
        "blood tests may show a reduced number of platelets;\nDizziness.\n",
    )
    assert effects == {"headache", "hyponatremia", "thrombocytopenia", "dizziness"}


def test_the_not_known_frequency_band_is_no_negation(extractor):
    text = (
        "Nadolol\n\nPossible side effects\n\nNot known (frequency cannot be estimated "
        "from the available data): dry eyes, nausea.\n"
    )
    effects = {o for s, p, o in facts(extractor, text) if p == "has_side_effect"}
    assert effects == {"dry eyes", "nausea"}
    assert not of(facts(extractor, text, negated=True), "has_side_effect")


def test_an_encyclopedias_lists_without_bullets_are_read_under_their_section(extractor):
    text = (
        "Nadolol\n\nNadolol is a beta blocker.\n\nMedical uses\n\n"
        "Nadolol is used in the control of:\n\n"
        "Treatment of heart rhythm disorders, including arrhythmias such as atrial "
        "fibrillation, and angina\n"
        "Treatment of severe nausea in palliative care, especially for radiotherapy in "
        "oncology\n\n"
        "Contraindications\n\nPre-existing coma, acute stroke\nKnown heart failure\n\n"
        "Precautions\n\nImpaired liver function\nOlder adults\n"
    )
    found = facts(extractor, text)
    assert {o for s, p, o in of(found, "treats")} == {
        "arrhythmia",  # "heart rhythm disorders" is its name too
        "atrial fibrillation",
        "angina",
        "nausea",
    }
    assert {o for s, p, o in of(found, "contraindicated_in")} == {
        "coma",
        "acute stroke",
        "heart failure",
    }
    assert {o for s, p, o in of(found, "caution_in")} == {"liver disease", "older adults"}


def test_care_as_a_setting_is_no_caution(extractor):
    text = (
        "Nadolol is given in palliative care, especially for patients with cancer. "
        "Take special care if you have asthma."
    )
    assert {o for s, p, o in of(facts(extractor, text), "caution_in")} == {"asthma"}


def test_a_bracket_inside_a_list_does_not_end_it(extractor):
    text = (
        "Contraindications of nadolol include sinus bradycardia (a slow pulse; under 50 "
        "beats/min), cardiogenic shock and bronchial asthma."
    )
    contra = {o for s, p, o in facts(extractor, text) if p == "contraindicated_in"}
    assert contra == {"sinus bradycardia", "cardiogenic shock", "asthma"}


def test_hypersensitivity_to_the_drug_is_the_allergy(extractor):
    text = "Do not use nadolol if you have asthma or a known hypersensitivity to nadolol."
    contra = {o for s, p, o in facts(extractor, text) if p == "contraindicated_in"}
    assert contra == {"asthma", "hypersensitivity to nadolol"}


def test_taking_more_than_you_should_is_an_overdose(extractor):
    text = "Nadolol\n\nIf you take more Nadolol than you should\n\nCall a doctor at once.\n"
    assert ("nadolol", "has_risk", "overdose") in facts(extractor, text)


def test_a_class_name_keeps_a_target_word_inside_it(extractor):
    found = facts(extractor, "Effects add up with serotonin receptor agonists like buspirone.")
    assert ("buspirone", "member_of_class", "serotonin receptor agonists") in found


def test_items_under_a_lead_in_without_bullets_are_read(extractor):
    text = (
        "Lisinopril lowers blood pressure.\n\nSide effects\n\n"
        "Side effects of lisinopril include:\n\nDry cough\nDizziness\nHeadache\n\n"
        "History\n\nIt was first sold long ago.\n"
    )
    found = facts(extractor, text)
    assert {
        ("lisinopril", "has_side_effect", c) for c in ["dry cough", "dizziness", "headache"]
    } <= found


def test_a_sub_heading_names_a_condition_of_its_section(extractor):
    text = "Amlodipine treats angina.\n\nMedical uses\n\nHypertension\n\nIt is a first choice.\n"
    assert ("amlodipine", "treats", "hypertension") in facts(extractor, text)


def test_a_sub_heading_that_names_a_risk_heads_a_topic_not_an_effect(extractor):
    text = "Zolpidem helps sleep.\n\nAdverse effects\n\n{}\n\nIt is rare at low doses.\n"
    assert not {
        o for _, p, o in facts(extractor, text.format("Dependence")) if p == "has_side_effect"
    }
    assert ("zolpidem", "has_side_effect", "amnesia") in facts(extractor, text.format("Amnesia"))


def test_a_heading_that_starts_another_part_ends_the_section(extractor):
    text = "Amlodipine treats angina.\n\nMedical uses\n\nPharmacology\n\nHypertension\n"
    assert ("amlodipine", "treats", "hypertension") not in facts(extractor, text)


def test_every_drug_an_interactions_section_names_interacts(extractor):
    text = (
        "Simvastatin lowers cholesterol.\n\nInteractions\n\n"
        "Levels rise with clarithromycin and with grapefruit juice.\n"
    )
    found = facts(extractor, text)
    assert ("simvastatin", "interacts_with", "clarithromycin") in found


def test_advice_against_a_combination_is_an_interaction_not_its_negation(extractor):
    for advice in [
        "Its use with pimozide is advised against.",
        "Doctors advise against the use of pimozide with it.",
    ]:
        text = f"Sertraline treats depression.\n\nInteractions\n\n{advice}\n"
        assert ("sertraline", "interacts_with", "pimozide") in facts(extractor, text)


def test_a_negated_sentence_of_an_interactions_section_names_no_interaction(extractor):
    text = "Simvastatin lowers cholesterol.\n\nInteractions\n\nIt does not interact with aspirin.\n"
    assert not any(p == "interacts_with" for _, p, _ in facts(extractor, text))


def test_a_lead_in_that_ends_in_an_open_word_introduces_items(extractor):
    text = (
        "Metformin treats diabetes.\n\nWarnings\n\n"
        "Talk to your doctor before taking metformin if you have\n"
        "kidney disease, since the dose may need to change\nheart failure\n"
    )
    found = facts(extractor, text)
    assert ("metformin", "caution_in", "kidney disease") in found


def test_a_use_the_document_calls_off_label_is_not_also_a_treatment(extractor):
    text = (
        "Gabapentin is used to treat epilepsy and hot flashes. "
        "Gabapentin is prescribed off-label for hot flashes."
    )
    found = facts(extractor, text)
    assert ("gabapentin", "used_off_label_for", "hot flashes") in found
    assert ("gabapentin", "treats", "hot flashes") not in found
    assert ("gabapentin", "treats", "epilepsy") in found


def test_three_drugs_for_three_conditions_are_not_distributed(extractor):
    text = "Sumatriptan, tramadol and lithium are used for migraine, pain and mania."
    assert not any(p == "treats" for _, p, _ in facts(extractor, text))


def test_an_aside_between_subject_and_verb_is_read_across(extractor):
    text = (
        "Venlafaxine, sold under the brand name Effexor among others, is an antidepressant "
        "medication used for the treatment of major depressive disorder."
    )
    found = facts(extractor, text)
    assert ("venlafaxine", "treats", "major depressive disorder") in found
    assert ("venlafaxine", "has_brand_name", "Effexor") in found


def test_an_event_in_a_patient_treated_with_the_drug_is_its_side_effect(extractor):
    found = facts(extractor, "Hepatitis in a man treated with isoniazid is described.")
    assert ("isoniazid", "has_side_effect", "hepatitis") in found


def test_what_a_combination_causes_is_not_a_side_effect_of_one_drug(extractor):
    found = facts(extractor, "Sertraline can cause bleeding when combined with warfarin.")
    assert ("sertraline", "has_side_effect", "bleeding") not in found


def test_the_drugs_own_class_in_an_interactions_section_is_not_an_interaction(extractor):
    text = (
        "Atenolol is a beta blocker.\n\nInteractions\n\n"
        "Like other beta blockers, atenolol adds to the effect of verapamil.\n"
    )
    found = facts(extractor, text)
    assert ("atenolol", "interacts_with", "verapamil") in found
    assert ("atenolol", "interacts_with", "beta blockers") not in found


LEAFLET = """Lisinopril lowers blood pressure.

Do not take Lisinopril
if you are allergic to lisinopril or any of the other ingredients of this medicine.
if you have severe kidney disease.

if you are pregnant.

Warnings and precautions
Talk to your doctor before taking Lisinopril:

if you have diabetes.

if you have liver problems.
"""


def test_a_leaflets_if_you_items_under_do_not_take_are_contraindications(extractor):
    found = facts(extractor, LEAFLET)
    assert {
        ("lisinopril", "contraindicated_in", "allergy to lisinopril"),
        ("lisinopril", "contraindicated_in", "kidney disease"),
    } <= found


@pytest.mark.parametrize(
    "heading",
    [
        "Contraindications\n\nDo not take it with medicines that:",
        "Possible side effects\n\nCommon (may affect up to 1 in 10 people):",
    ],
)
def test_an_item_that_says_what_medicines_are_for_names_no_condition(extractor, heading):
    text = (
        "Zorvex contains the active substance sertraline.\n\n"
        f"{heading}\n\n"
        "treat gout (such as colchicine)\n\n"
        "medicines for epilepsy such as phenytoin\n\n"
        "lower number of red blood cells (anaemia)\n"
    )
    found = facts(extractor, text)
    objects = {o for s, _, o in found if s == "sertraline"}
    assert not objects & {"gout", "epilepsy"}
    if heading.startswith("Possible"):  # "lower number of" is a finding, not a purpose
        assert ("sertraline", "has_side_effect", "anemia") in found


def test_other_ones_of_a_class_make_the_drug_a_member_unless_the_class_is_one_of_two(
    extractor,
):
    found = facts(
        extractor,
        "Unlike other SSRIs, fluoxetine has a long half-life. Zopiclone, similar to other "
        "benzodiazepines and nonbenzodiazepine hypnotics, impairs balance.",
    )
    assert ("fluoxetine", "member_of_class", "SSRIs") in found
    assert not any(s == "zopiclone" and p == "member_of_class" for s, p, _ in found)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        (
            "Darunavir is an antiviral medicine used to treat infection with human "
            "immunodeficiency virus 1 (HIV-1).",
            ("darunavir", "treats", "HIV infection"),
            ("darunavir", "treats", "infection"),
        ),
        (
            "Entecavir is used to treat infections with the hepatitis B virus in adults.",
            ("entecavir", "treats", "hepatitis b"),
            ("entecavir", "treats", "infection"),
        ),
        (  # a finding, not an agent: two items
            "Sertraline can cause infection with fever.",
            ("sertraline", "has_side_effect", "infection"),
            None,
        ),
    ],
)
def test_an_infection_with_an_agent_is_that_agents_infection(extractor, text, expected, unexpected):
    found = facts(extractor, text)
    assert expected in found
    assert unexpected not in found


def test_these_medicines_after_the_drug_is_put_in_a_class_are_said_of_the_drug(extractor):
    found = facts(
        extractor,
        "Zorvex contains the active substance perampanel. It belongs to a group of medicines "
        "called anti epileptics. These medicines are used to treat epilepsy.\n\n"
        "Tell your doctor if you take corticosteroids such as dexamethasone. These medicines "
        "are used to treat asthma.",
    )
    assert ("perampanel", "member_of_class", "anticonvulsants") in found
    assert ("perampanel", "treats", "epilepsy") in found
    assert ("dexamethasone", "treats", "asthma") not in found  # a member named in passing


def test_a_class_named_before_a_disease_called_something_stays_the_class(extractor):
    found = facts(
        extractor,
        "Regdanvimab is a monoclonal antibody used for the treatment of COVID-19, a disease "
        "caused by a virus called SARS-CoV-2.",
    )
    assert ("regdanvimab", "member_of_class", "monoclonal antibodies") in found
    assert ("regdanvimab", "treats", "COVID-19") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tell your doctor if you take warfarin (a medicine to reduce blood clotting).",
            {("warfarin", "treats", "blood clots")},
        ),
        (
            "Tell your doctor if you take amlodipine or ramipril, medicines to lower blood "
            "pressure.",
            {("amlodipine", "treats", "hypertension"), ("ramipril", "treats", "hypertension")},
        ),
        (
            "Tell your doctor if you take medicines to lower cholesterol such as simvastatin.",
            {("simvastatin", "treats", "high cholesterol")},
        ),
        (  # a list of goals: "to slow heart rate" is what it treats, not what it causes
            "Tell your doctor if you take metoprolol (a medicine to lower blood pressure, to "
            "slow heart rate or to correct irregular heartbeat).",
            {
                ("metoprolol", "treats", "hypertension"),
                ("metoprolol", "treats", "tachycardia"),
                ("metoprolol", "treats", "arrhythmia"),
            },
        ),
        (  # on its own, "lower blood sugar" is a finding, not a goal
            "Sertraline lifts mood.\n\nSide effects\n\nCommon:\n\nlower blood sugar\n",
            set(),
        ),
    ],
)
def test_a_purpose_names_the_condition_it_treats(extractor, text, expected):
    found = facts(extractor, text)
    treats = of(found, "treats")
    assert treats == expected
    assert not any(o in ("hyperglycemia", "bradycardia") for _, _, o in found)


@pytest.mark.parametrize(
    ("text", "label", "span"),
    [
        (
            "Progressive pulmonary fibrosis complicating cyclophosphamide therapy.",
            "pulmonary fibrosis",
            "progressive pulmonary fibrosis",
        ),
        (
            "Methotrexate-induced diffuse interstitial pulmonary fibrosis.",
            "pulmonary fibrosis",
            "diffuse interstitial pulmonary fibrosis",
        ),
        ("A patient developed hyperkalemia during trimethoprim therapy.", "hyperkalemia", None),
    ],
)
def test_a_finding_keeps_the_texts_modifiers_as_a_name_of_its_node(extractor, text, label, span):
    objects = [
        a.triple.object
        for a in extractor.extract_text(text).assertions
        if a.triple.predicate.value == "has_side_effect"
    ]
    assert [o.label for o in objects] == [label]
    if span is None:  # a verb before it is no modifier
        assert not any("developed" in s for s in objects[0].synonyms)
    else:
        assert span in objects[0].synonyms


def test_a_kind_before_a_class_with_examples_is_a_class_of_its_own(extractor):
    found = facts(extractor, "Second-generation antidepressants such as bupropion are used.")
    assert ("bupropion", "member_of_class", "second-generation antidepressants") in found
    assert ("bupropion", "member_of_class", "antidepressants") in found


def test_a_warning_before_taking_a_named_drug_is_about_that_drug(extractor):
    text = (
        "Trazodone helps sleep. Use trazodone with care if you have heart disease.\n\n"
        "Tell your doctor before taking mirtazapine if you have liver disease.\n"
    )
    found = facts(extractor, text)
    assert ("mirtazapine", "caution_in", "liver disease") in found
    assert ("trazodone", "caution_in", "liver disease") not in found


def test_items_under_talk_to_your_doctor_before_taking_are_cautions(extractor):
    found = facts(extractor, LEAFLET)
    assert ("lisinopril", "caution_in", "diabetes") in found
    assert ("lisinopril", "caution_in", "liver disease") in found
    assert not any(o == "diabetes" and p == "contraindicated_in" for _, p, o in found)


@pytest.mark.parametrize(
    ("item", "condition"),
    [
        ("shakes (tremor) since your doctor may check you", "tremor"),
        ("severe breathing problems in sleep (severe sleep apnoea)", "sleep apnea"),
        ("asthma, or a personal history of stroke", "stroke"),
        ("a family history of diabetes", "family history of diabetes"),
        ("past experience with excessive gambling", "gambling disorder"),
        ("a carrier of hepatitis B", "hepatitis b"),
    ],
)
def test_a_caution_item_names_its_condition_under_history_gloss_or_carrier(
    extractor, item, condition
):
    text = f"Lisinopril lowers blood pressure.\n\nTell your doctor if you have:\n\n- {item}\n"
    assert ("lisinopril", "caution_in", condition) in facts(extractor, text)


def test_a_combination_given_on_purpose_is_not_an_interaction(extractor):
    text = (
        "Metformin lowers blood sugar.\n\nInteractions\n\n"
        "Doctors often add sitagliptin on purpose, because the pairing works better.\n"
    )
    assert not any(p == "interacts_with" for _, p, _ in facts(extractor, text))


def test_a_markdown_heading_of_the_same_level_is_not_a_sub_heading(extractor):
    text = (
        "Metformin lowers blood sugar.\n\n## Stopping metformin\n\nIt is rarely a problem.\n\n"
        "## Who needs care?\n\n- Kidney disease\n"
    )
    found = facts(extractor, text)
    assert not any(p == "has_withdrawal_symptom" for _, p, _ in found)


def test_an_unknown_single_word_is_a_condition_only_if_it_looks_clinical(extractor):
    text = "Side effects of lisinopril include:\n\nDifficulty\nAngioedemitis\n"
    found = {o for _, p, o in facts(extractor, text) if p == "has_side_effect"}
    assert "difficulty" not in {o.lower() for o in found}
    assert "angioedemitis" in {o.lower() for o in found}


def test_an_unknown_long_phrase_needs_a_clinical_head(extractor):
    found = facts(extractor, "Lisinopril can cause a severe allergic skin reaction.")
    assert ("lisinopril", "has_side_effect", "allergic skin reaction") in found
    found = facts(extractor, "Lisinopril can cause trouble with the morning routine chores.")
    assert not any(p == "has_side_effect" for _, p, _ in found)


def test_a_relation_model_adds_what_the_rules_did_not_state(extractor):
    from drugkg.extract.engine import Extractor
    from drugkg.model import Assertion, Entity, Evidence, Triple

    class Model:
        """Stands in for RelationModel: one reading the rules cannot make."""

        def assertions(self, document, gazetteer, rule_assertions, *, mentions=None):
            self.seen = (len(tuple(rule_assertions)), len(mentions or ()))
            drug = Entity.make(EntityType.DRUG, "lisinopril")
            cough = Entity.make(EntityType.CONDITION, "cough")
            evidence = Evidence(document.id, document.text, 0, len(document.text), "model:test")
            return [Assertion(Triple(drug, Predicate.HAS_SIDE_EFFECT, cough), evidence)]

    model = Model()
    with_model = Extractor(extractor.rules, extractor.gazetteer, model=model)  # type: ignore[arg-type]
    doc = Document.from_text("t", "Lisinopril is used to treat hypertension.")
    found = {(a.triple.predicate.value, a.triple.object.label, a.evidence.rule)
             for a in with_model.extract(doc).assertions}  # fmt: skip
    assert ("treats", "hypertension", "treats.used_to_treat") in found
    assert ("has_side_effect", "cough", "model:test") in found
    assert model.seen[0] >= 1 and model.seen[1] >= 2  # it saw the rules' readings and mentions


def test_the_patients_a_use_is_for_are_not_its_condition(extractor):
    found = facts(extractor, "Allopurinol is used to treat adults and children with gout.")
    assert ("allopurinol", "treats", "gout") in found


# ----------------------------------------------------------- examples and long list items
def test_a_class_with_examples_in_brackets_gives_the_fact_to_each(extractor):
    found = facts(
        extractor,
        "Tell your doctor if you use blood pressure medicines or antidepressants "
        "(such as sertraline, citalopram) used to treat depression or anxiety.",
    )
    for subject in ("antidepressants", "sertraline", "citalopram"):
        assert (subject, "treats", "depression") in found
        assert (subject, "treats", "anxiety") in found


def test_a_bracket_that_is_not_a_list_of_names_keeps_one_subject(extractor):
    found = facts(extractor, "Sertraline (taken with food) is used to treat depression.")
    assert ("sertraline", "treats", "depression") in found
    assert all(s == "sertraline" for s, p, _ in found if p == "treats")


def test_a_long_item_that_is_a_list_of_short_ones_is_read(extractor):
    text = (
        "# Possible side effects of naproxen\n\nCommon: may affect up to 1 in 10 people\n"
        "Heartburn, bloating, wind, feeling sick, stomach pain, toothache, dry mouth, "
        "headache\nRash\n"
    )
    found = facts(extractor, text)
    for effect in ("heartburn", "headache", "dry mouth", "rash"):
        assert ("naproxen", "has_side_effect", effect) in found


def test_a_long_item_that_is_a_sentence_is_not_a_list(extractor):
    text = (
        "# Side effects of naproxen\n\nTell your doctor:\n"
        "if you notice that your stomach pain gets worse after meals and does not go away\n"
    )
    assert not any(o == "meals" for _, _, o in facts(extractor, text))


def test_what_an_overdose_brings_is_not_a_side_effect(extractor):
    found = facts(
        extractor,
        "Atenolol overdose can bring on slow heartbeat and fainting. "
        "Fits may occur after an overdose of atenolol. Atenolol can cause cold hands.",
    )
    side_effects = {o for s, p, o in found if p == "has_side_effect"}
    assert "cold hands" in side_effects
    assert not side_effects & {"bradycardia", "fainting", "seizures", "slow heartbeat"}


def test_evidence_keeps_the_words_that_name_subject_and_object(extractor):
    found = readings(
        extractor,
        "Zoloft (sertraline) can cause a widespread rash. It is also used to treat panic "
        "disorder. Zoloft can cause nausea.",
    )
    phrases = {
        (a.triple.predicate.value, a.triple.object.label): (
            a.evidence.subject_text,
            a.evidence.object_text,
        )
        for a in found
    }
    assert phrases["has_brand_name", "Zoloft"] == ("sertraline", "Zoloft")
    assert phrases["has_side_effect", "widespread rash"] == ("sertraline", "widespread rash")
    assert phrases["has_side_effect", "nausea"] == ("Zoloft", "nausea")
    assert phrases["treats", "panic disorder"] == ("", "panic disorder")  # "it"


def test_a_brand_in_capitals_as_leaflets_write_it_is_a_brand(extractor):
    found = facts(extractor, "ZOLOFT contains the active substance sertraline.")
    assert ("sertraline", "has_brand_name", "Zoloft") in found
    # a short word in capitals is an acronym, not a brand written as a name
    assert not any(p == "has_brand_name" for _, p, _ in facts(extractor, "TEN is rare."))


def test_what_follows_stopping_a_drug_is_withdrawal_not_a_side_effect(extractor):
    found = facts(
        extractor, "Some people experience headaches and dizziness after stopping paroxetine."
    )
    assert ("paroxetine", "has_withdrawal_symptom", "headache") in found
    assert not any(p == "has_side_effect" for _, p, _ in found)


def test_a_verdict_after_the_statement_takes_it_back(extractor):
    text = "Modafinil is a stimulant. Its efficacy in treating fatigue has not been established."
    assert ("modafinil", "treats", "fatigue") in facts(extractor, text, negated=True)
    assert ("modafinil", "treats", "fatigue") not in facts(extractor, text)


def test_this_medicine_is_the_product_not_the_last_ingredient_named(extractor):
    text = (
        "Zyban contains the active substance bupropion.\n\n"
        "Zyban contains sorbitol. If you have diabetes, talk to your doctor before taking "
        "this medicine.\n"
    )
    found = facts(extractor, text)
    assert ("bupropion", "caution_in", "diabetes") in found
    assert not any(s == "sorbitol" for s, _, _ in found)


def test_a_class_in_an_interaction_list_is_an_object_beside_its_examples(extractor):
    text = (
        "# Interactions\n\nAtenolol lowers blood pressure. It may interact with digoxin, "
        "cardiac glycosides, calcium channel blockers like verapamil, and ergot alkaloids.\n"
    )
    objects = {o for s, p, o in facts(extractor, text) if p == "interacts_with"}
    assert {"digoxin", "cardiac glycosides", "calcium channel blockers", "verapamil"} <= objects
    assert "ergot alkaloids" in objects


def test_a_list_item_with_a_class_head_needs_a_class_name(extractor):
    text = (
        "# Interactions\n\nAtenolol lowers blood pressure. Tell your doctor if you smuggle, "
        "receive medicines, or use chemically unrelated drugs.\n"
    )
    objects = {o for s, p, o in facts(extractor, text) if p == "interacts_with"}
    assert not objects & {"receive medicines", "chemically unrelated drugs", "unrelated drugs"}


def test_greek_letters_name_the_same_target_as_their_spelled_out_names(extractor):
    found = facts(extractor, "Propranolol works by blocking β-adrenergic receptors.")
    assert ("propranolol", "mechanism", "beta-adrenergic receptors") in found


def test_a_class_named_after_a_receptor_names_the_mechanism(extractor):
    found = facts(
        extractor, "Naloxone is an opioid antagonist. Buprenorphine is a μ-opioid receptor agonist."
    )
    assert ("naloxone", "mechanism", "mu-opioid receptor") in found
    assert ("buprenorphine", "mechanism", "mu-opioid receptor") in found
    # examples of a class named in passing say nothing of how they act
    passing = facts(extractor, "Avoid calcium channel blockers like verapamil.")
    assert not any(p == "mechanism" for _, p, _ in passing)


def test_a_leaflet_product_unknown_to_the_dictionaries_is_its_active_substance(extractor):
    text = (
        "Zorvex Inhaler contains the active substance indacaterol.\n\n"
        "Warnings and precautions\n"
        "Talk to your doctor or pharmacist before using Zorvex Inhaler\n\n"
        "if you have epilepsy.\n\n"
        "if you have diabetes.\n"
    )
    found = facts(extractor, text)
    assert ("indacaterol", "has_brand_name", "Zorvex Inhaler") in found
    assert ("indacaterol", "caution_in", "epilepsy") in found
    assert ("indacaterol", "caution_in", "diabetes") in found


def test_numbered_leaflet_sections_are_siblings_not_subsections(extractor):
    text = (
        "1. What Zorvex is and what it is used for\n"
        "Zorvex contains the active substance varenicline. It is used to help adults stop "
        "smoking.\n\n"
        "2. What you need to know before you take Zorvex\n"
        "You must not be given Zorvex\n"
        "if you have epilepsy.\n"
    )
    found = facts(extractor, text)
    assert ("varenicline", "contraindicated_in", "epilepsy") in found
    assert ("varenicline", "treats", "epilepsy") not in found


def test_a_disease_introduced_by_called_is_the_object(extractor):
    found = facts(
        extractor,
        "Eculizumab is used to treat adults with a rare disease of the blood called "
        "paroxysmal nocturnal haemoglobinuria.",
    )
    assert ("eculizumab", "treats", "paroxysmal nocturnal haemoglobinuria") in found
    # the kind of disease may be a name itself: what is called is still the object
    named = facts(
        extractor,
        "Nadolol\n\nWarnings and precautions\n"
        "Talk to your doctor before taking nadolol if you have a heart rhythm disorder "
        "called Brugada syndrome.",
    )
    assert ("nadolol", "caution_in", "brugada syndrome") in named
    assert ("nadolol", "caution_in", "arrhythmia") not in named


def test_other_ways_a_leaflet_names_its_active_substance(extractor):
    for opening in (
        "Zorvex contains a medicine called varenicline.",
        "The active substance in Zorvex is varenicline.",
    ):
        text = (
            f"1. What Zorvex is\n{opening} Nicotine gum is another option.\n\n"
            "2. Before you take Zorvex\nDo not take Zorvex if you have epilepsy.\n"
        )
        assert ("varenicline", "contraindicated_in", "epilepsy") in facts(extractor, text)


@pytest.mark.parametrize(
    "opening",
    [
        "Zorvex is a medicine that contains the active substances sertraline and lamotrigine.",
        "Zorvex contains two active substances called sertraline and lamotrigine.",
        "Zorvex contains two active substances: sertraline and lamotrigine.",
    ],
)
def test_a_combination_product_is_one_subject_named_by_its_parts(extractor, opening):
    text = (
        f"1. What Zorvex is and what it is used for\n{opening} It is used to treat "
        "depression.\n\n2. What you need to know before you take Zorvex\n"
        "Do not take Zorvex if you have epilepsy.\n"
    )
    found = facts(extractor, text)
    assert ("sertraline/lamotrigine", "has_brand_name", "Zorvex") in found
    assert ("sertraline/lamotrigine", "treats", "depression") in found
    assert ("sertraline/lamotrigine", "contraindicated_in", "epilepsy") in found
    # what is said of the combination is not said of each part
    assert not {s for s, _, _ in found} & {"sertraline", "lamotrigine"}


def test_a_leaflet_that_says_it_contains_names_its_product_in_the_heading(extractor):
    text = (
        "1. What Zorvex is and what it is used for\n"
        "It contains the active substance varenicline.\n\n"
        "2. What you need to know before you take Zorvex\n"
        "Do not take Zorvex if you have epilepsy.\n"
    )
    assert ("varenicline", "contraindicated_in", "epilepsy") in facts(extractor, text)


def test_drugs_joined_by_a_slash_are_a_fixed_combination(extractor):
    found = facts(
        extractor,
        "Olanzapine/fluoxetine (Symbyax) is used to treat bipolar depression. "
        "Ritonavir may interact with sofosbuvir/velpatasvir.",
    )
    assert ("olanzapine/fluoxetine", "treats", "bipolar depression") in found
    assert ("olanzapine/fluoxetine", "has_brand_name", "Symbyax") in found
    assert ("fluoxetine", "treats", "bipolar depression") not in found
    assert ("ritonavir", "interacts_with", "sofosbuvir/velpatasvir") in found


def test_a_combination_and_its_own_part_are_not_related(extractor):
    found = facts(extractor, "Amlodipine/valsartan may interact with amlodipine or lithium.")
    assert ("amlodipine/valsartan", "interacts_with", "lithium") in found
    assert not any(o == "amlodipine" for _, _, o in found)
    # nor in a section whose sentences name what interacts
    text = (
        "Zorvex contains two active substances called amlodipine and valsartan.\n\n"
        "Other medicines and Zorvex\n"
        "Grapefruit juice can raise the blood levels of the active substance amlodipine.\n"
    )
    found = facts(extractor, text)
    assert ("amlodipine/valsartan", "interacts_with", "grapefruit juice") in found
    assert not any(o == "amlodipine" for _, _, o in found)


@pytest.mark.parametrize(
    "opening",
    [
        "Zorvex tablets contain two substances called amlodipine and valsartan.",
        "Zorvex contains two different medicines called amlodipine and valsartan.",
        "Zorvex is a combination of two active substances, amlodipine and valsartan, in one "
        "tablet.",
    ],
)
def test_other_ways_a_leaflet_names_the_parts_of_its_combination(extractor, opening):
    text = f"{opening}\n\nDo not take Zorvex if you have liver disease.\n"
    assert ("amlodipine/valsartan", "contraindicated_in", "liver disease") in facts(extractor, text)


def test_a_drug_taken_alone_is_not_a_condition(extractor):
    found = facts(
        extractor,
        "Losartan is used to treat high blood pressure when treatment with irbesartan or "
        "hydrochlorothiazide alone did not control it.",
    )
    assert ("losartan", "treats", "hypertension") in found
    assert not any("alone" in o for _, _, o in found)


def test_a_slash_in_a_case_report_keeps_each_drug(extractor):
    found = facts(
        extractor,
        "A 60-year-old man developed severe neutropenia after paclitaxel/carboplatin. "
        "The patient recovered.",
    )
    assert not any("/" in s for s, _, _ in found)


def test_what_is_said_of_a_generic_under_a_company_name_is_said_of_the_generic(extractor):
    text = (
        "Sertraline Pharmaco contains the active substance sertraline.\n\n"
        "If you take more Sertraline Pharmaco than you should\nContact your doctor.\n"
    )
    assert ("sertraline", "has_risk", "overdose") in facts(extractor, text)


def test_a_generic_name_with_a_company_name_is_not_a_brand(extractor):
    found = facts(extractor, "Sertraline Pharmaco contains the active substance sertraline.")
    assert not any(p == "has_brand_name" for _, p, _ in found)


def test_a_cross_reference_in_brackets_names_no_brand(extractor):
    found = facts(
        extractor,
        "Tell your doctor if you take sertraline (see also section 2 and Zorvex).",
    )
    assert not any(p == "has_brand_name" for _, p, _ in found)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (  # "have or have had" and a recent time are not part of the condition
            "You must not be given Zorvex:\n\nif you have or have had bleeding problems.\n\n"
            "if you have had a stroke within the past 30 days.\n",
            {("contraindicated_in", "bleeding"), ("contraindicated_in", "stroke")},
        ),
        (  # "make sure your doctor knows" introduces cautions
            "Before you take Zorvex, make sure the prescribing doctor knows\n"
            "if you have problems with your kidneys\nif you have or have had heart disease.\n",
            {("caution_in", "kidney disease"), ("caution_in", "heart disease")},
        ),
        (  # items that open with their own verb under "if you:"
            "Do not take Zorvex if you:\n\nhave diabetes.\n\nare pregnant.\n",
            {("contraindicated_in", "diabetes"), ("contraindicated_in", "pregnancy")},
        ),
        (
            "Talk to your doctor before using Zorvex if any of the following applies to you:\n"
            "you have heart problems.\nyou have epilepsy.\n",
            {("caution_in", "heart disease"), ("caution_in", "epilepsy")},
        ),
    ],
)
def test_what_a_leaflet_asks_before_taking_it(extractor, lines, expected):
    text = f"Zorvex contains the active substance sertraline.\n\n{lines}"
    found = facts(extractor, text)
    assert {("sertraline", p, o) for p, o in expected} <= found


def test_a_kind_of_a_class_is_a_class_of_its_own(extractor):
    found = facts(extractor, "Propranolol is a non-selective beta blocker.")
    assert ("propranolol", "member_of_class", "non-selective beta blocker") in found
    # the class still names what its members act on
    assert ("propranolol", "mechanism", "beta-adrenergic receptors") in found


def test_a_class_described_by_its_use_before_examples_in_brackets(extractor):
    found = facts(
        extractor,
        "Tell your doctor if you take antidepressants used to treat anxiety (such as "
        "sertraline or paroxetine) or medicines used for seizures (such as phenytoin).",
    )
    assert ("sertraline", "member_of_class", "antidepressants") in found
    assert ("paroxetine", "member_of_class", "antidepressants") in found
    assert ("phenytoin", "member_of_class", "antidepressants") not in found


def test_approval_by_a_regulator_named_in_full_and_a_bracketed_brand(extractor):
    found = facts(
        extractor,
        "It is sold as olanzapine/fluoxetine (Symbyax), which was approved by the US Food "
        "and Drug Administration for the treatment of bipolar depression.",
    )
    assert ("olanzapine/fluoxetine", "treats", "bipolar depression") in found
    # a bracket and a comma end the subject unless a relative clause follows
    listed = facts(
        extractor,
        "Tell your doctor if you take fluconazole (a medicine for fungal infections), "
        "ketoconazole (a medicine used to treat Cushing's syndrome).",
    )
    assert ("fluconazole", "treats", "cushing's syndrome") not in listed


def test_pregnancy_is_never_a_side_effect(extractor):
    found = facts(
        extractor, "Do not use tebentafusp during pregnancy. Tebentafusp can cause a rash."
    )
    assert ("tebentafusp", "has_side_effect", "pregnancy") not in found
    assert ("tebentafusp", "has_side_effect", "rash") in found


def test_a_drug_named_in_a_list_item_does_not_take_over_the_list(extractor):
    text = (
        "# Possible side effects of tebentafusp\n\nCommon (may affect up to 1 in 10 people)\n"
        "Increased level of alkaline phosphatase in the blood\nChest pain\nHeart failure\n"
    )
    found = facts(extractor, text)
    assert ("tebentafusp", "has_side_effect", "heart failure") in found
    assert all(s == "tebentafusp" for s, _, _ in found)


def test_a_clause_after_a_known_item_does_not_hide_it(extractor):
    found = facts(
        extractor,
        "Clopidogrel is used to prevent blood clots (thrombi) forming in narrowed arteries. "
        "Amoxicillin treats infections that bacteria cause.",
    )
    assert ("clopidogrel", "treats", "blood clots") in found
    assert ("amoxicillin", "treats", "infection") in found


def test_they_is_the_class_the_sentence_before_was_about(extractor):
    found = facts(
        extractor,
        "Benzodiazepines are sedatives used for anxiety. They can cause drowsiness. "
        "These drugs should not be combined with alcohol.",
    )
    assert ("benzodiazepines", "has_side_effect", "drowsiness") in found
    assert ("benzodiazepines", "interacts_with", "alcohol") in found
    # "they" after a sentence about people is not a drug
    people = facts(extractor, "Patients should see a doctor. They can cause a rash.")
    assert not any(p == "has_side_effect" for _, p, _ in people)


def test_a_drugs_abbreviation_or_a_combinations_brand_is_not_its_brand(extractor):
    text = (
        "Fluoxetine is an antidepressant. It is sold with olanzapine as olanzapine/fluoxetine "
        "(Symbyax). Cough syrups hold dextromethorphan (DXM). Zolpidem (Ambien) aids sleep."
    )
    brands = {(s, o) for s, p, o in facts(extractor, text) if p == "has_brand_name"}
    assert ("zolpidem", "Ambien") in brands
    assert not {("fluoxetine", "Symbyax"), ("dextromethorphan", "DXM")} & brands


def test_a_section_statement_that_names_no_drug_is_about_the_articles_drug(extractor):
    text = (
        "Zopiclone\n\nZopiclone is a hypnotic.\n\nAdverse effects\n\n"
        "Unlike triazolam, it is long acting. Confusion and amnesia have been reported.\n"
        "Nightmares were observed in users of lorazepam.\n"
    )
    found = facts(extractor, text)
    assert {("zopiclone", "has_side_effect", "confusion")} <= found
    assert ("triazolam", "has_side_effect", "confusion") not in found
    # a sentence that names another drug is about that drug, not the article's
    assert not {f for f in found if f[2] == "nightmares" and f[0] == "zopiclone"}


def test_a_generic_finding_glossed_in_brackets_is_the_bracketed_finding(extractor):
    text = (
        "Zorvex contains the active substance sertraline.\n\n4. Possible side effects\n"
        "Common (may affect up to 1 in 10 people):\n"
        "inflammation of the liver (hepatitis)\n"
        "a feeling of spinning (vertigo)\n\n"
        "Other medicines and Zorvex\nTell your doctor if you take:\n"
        "rifampicin, a medicine used to treat tuberculosis (TB)\n"
    )
    found = facts(extractor, text)
    assert {
        ("sertraline", "has_side_effect", "hepatitis"),
        ("sertraline", "has_side_effect", "vertigo"),
        ("sertraline", "interacts_with", "rifampin"),
    } <= found
    assert ("sertraline", "has_side_effect", "inflammation") not in found
    assert not {f for f in found if f[1] == "interacts_with" and f[2] == "tuberculosis"}


def test_a_modified_item_shares_the_head_of_the_next(extractor):
    text = (
        "Zorvex contains the active substance sertraline.\n\n"
        "Do not take Zorvex if you have severe liver or kidney disease.\n"
    )
    found = facts(extractor, text)
    assert {
        ("sertraline", "contraindicated_in", "liver disease"),
        ("sertraline", "contraindicated_in", "kidney disease"),
    } <= found


def test_an_elided_head_is_shared_past_a_drug_word_and_by_a_two_word_modifier(extractor):
    text = (
        "Lorazepam\n\nMedical uses\n\nLorazepam is used in the control of:\n\n"
        "Adjunctive treatment of alcohol and opioid withdrawal\n"
        "Symptomatic treatment of severe nausea\n\n"
        "Insulin is used to treat type 1 and type 2 diabetes.\n"
    )
    found = facts(extractor, text)
    assert {
        ("lorazepam", "treats", "alcohol withdrawal"),
        ("lorazepam", "treats", "opioid withdrawal"),
        ("lorazepam", "treats", "nausea"),
        ("insulin", "treats", "type 1 diabetes"),
        ("insulin", "treats", "type 2 diabetes"),
    } <= found


def test_a_drug_before_and_does_not_take_the_next_drugs_salt(extractor):
    text = (
        "Zorvex\n\nZorvex should not be taken together with estradiol and norethisterone acetate.\n"
    )
    found = facts(extractor, text)
    assert not {f for f in of(found, "interacts_with") if f[2] == "estradiol acetate"}


def test_a_leaflet_item_that_runs_on_into_another_if_you_gives_both(extractor):
    text = (
        "Zorvex contains the active substance sertraline.\n\nWarnings and precautions\n\n"
        "Talk to your doctor before taking Zorvex:\n"
        "if you have glaucoma\n"
        "if you have recently had a stroke, or if you are suffering from angina or from "
        "high blood pressure.\n"
        "if you have ever had seizures or if you are taking medicines for migraine, as "
        "they can change how Zorvex works.\n"
        "if you have asthma, or if you are already pregnant.\n"
        "if you have gout, or if you develop a rash.\n"
    )
    found = of(facts(extractor, text), "caution_in")
    assert {
        ("sertraline", "caution_in", "stroke"),
        ("sertraline", "caution_in", "angina"),
        ("sertraline", "caution_in", "hypertension"),
        ("sertraline", "caution_in", "seizures"),
        ("sertraline", "caution_in", "pregnancy"),
    } <= found
    objects = {f[2] for f in found}
    assert "already pregnant" not in objects
    assert "rash" not in objects  # something to report, not a state to be careful in
    assert "migraine" not in objects  # what the other medicines are for


def test_a_leaflet_items_examples_of_a_disease_are_objects_but_not_signs_to_report(extractor):
    text = (
        "Zorvex contains the active substance sertraline.\n\nDo not take Zorvex\n"
        "if you have a severe infection such as tuberculosis or pneumonia\n\n"
        "Warnings and precautions\n\nTalk to your doctor before taking Zorvex:\n"
        "if you suffer from a lung disease such as asthma or emphysema\n"
        "if you notice signs of an infection such as fever or chills\n"
    )
    found = facts(extractor, text)
    assert {
        ("sertraline", "contraindicated_in", "tuberculosis"),
        ("sertraline", "contraindicated_in", "pneumonia"),
        ("sertraline", "caution_in", "asthma"),
        ("sertraline", "caution_in", "emphysema"),
    } <= found
    assert not {f for f in of(found, "caution_in") if f[2] in ("fever", "chills")}


def test_an_age_limit_does_not_hide_the_group(extractor):
    text = (
        "Promethazine\n\nPromethazine is contraindicated in children less than two years "
        "of age. Use it with caution in adults older than 65.\n"
    )
    found = facts(extractor, text)
    assert ("promethazine", "contraindicated_in", "children") in found
    assert ("promethazine", "caution_in", "adults") not in found  # over 65: not all adults


def test_a_second_alias_in_the_aside_does_not_hide_the_verb(extractor):
    text = (
        "Hyoscine\n\nHyoscine, also known as scopolamine, or Witch's Dust, is a medication "
        "used to treat motion sickness.\n"
    )
    assert ("scopolamine", "treats", "motion sickness") in facts(extractor, text)


def test_what_causes_a_condition_is_not_its_side_effect(extractor):
    text = (
        "Naproxen\n\nNaproxen is used to relieve pain caused by gout or arthritis. "
        "It can cause heartburn.\n\nOther medicines and naproxen\n"
        "The following medicines may increase the effects of naproxen: warfarin.\n"
    )
    found = facts(extractor, text)
    assert ("naproxen", "has_side_effect", "heartburn") in found
    assert not {f for f in found if f[1] == "has_side_effect" and f[2] in ("gout", "arthritis")}
    assert not {f for f in found if "following" in f[2]}


def test_what_occurs_during_abrupt_discontinuation_is_not_a_side_effect(extractor):
    text = (
        "Clobazam\n\nClobazam is a benzodiazepine. "
        "Seizures may occur during abrupt or rapid discontinuation.\n"
    )
    assert ("clobazam", "has_side_effect", "seizures") not in facts(extractor, text)


def test_these_symptoms_are_the_findings_the_sentence_before_named(extractor):
    text = (
        "Metoprolol\n\nAn overdose of metoprolol can cause bradycardia and hypotension. "
        "These symptoms may be managed by drugs including atropine.\n\n"
        "It may cause dizziness. If you develop these symptoms, sit down.\n"
    )
    found = facts(extractor, text)
    assert {
        ("atropine", "treats", "bradycardia"),
        ("atropine", "treats", "hypotension"),
    } <= found
    assert ("atropine", "treats", "overdose") not in found  # a risk is no symptom
    assert not {f for f in found if f[1] == "has_risk" and f[2] == "dizziness"}


def test_the_rules_that_name_drugs_in_passing_are_marked_in_the_data(extractor):
    passing = {r.id for r in extractor.rules.rules if r.in_passing}
    assert {"classes.class_like", "classes.drug_bracket_a_class"} <= passing
    assert "classes.is_a" not in passing


def test_a_drug_a_sentence_governs_does_not_become_it(extractor):
    text = (
        "Tramadol\n\nTramadol is an opioid. Avoid ondansetron (an antiemetic) during treatment. "
        "It is highly addictive.\n"
    )
    found = facts(extractor, text)
    assert ("tramadol", "has_risk", "addiction") in found
    assert ("ondansetron", "has_risk", "addiction") not in found


# ------------------------------------------------------------ lists of real leaflets
def test_an_item_with_a_comment_after_it_keeps_the_list_open(extractor):
    text = (
        "Haloperidol\n\nMedical uses\n\nHaloperidol is used in the control of:\n\n"
        "Acute psychosis, such as psychosis after surgery. Some studies found it helps.\n"
        "Adjunctive treatment of alcohol withdrawal\nAgitation and confusion\nSchizophrenia\n"
    )
    found = facts(extractor, text)
    assert {
        ("haloperidol", "treats", "agitation"),
        ("haloperidol", "treats", "schizophrenia"),
    } <= found
    assert not of(found, "has_withdrawal_symptom")


def test_a_sentence_of_prose_under_a_lead_in_still_ends_the_list(extractor):
    text = (
        "Sertraline\n\nCommon side effects\nMost side effects are mild. They pass.\n"
        "Interactions\n\nTell your doctor if you take warfarin.\n"
    )
    found = facts(extractor, text)
    assert ("sertraline", "interacts_with", "warfarin") in found
    assert not {f for f in found if f[2] == "interactions"}


def test_items_run_together_on_one_line_each_open_with_if_you(extractor):
    text = (
        "Lacosamide\n\nWarnings and precautions\n\nPlease tell your doctor:\n"
        "if you have kidney problems. Your doctor may adjust the dose. "
        "if you have liver problems. if you suffer from glaucoma.\n"
    )
    found = facts(extractor, text)
    assert {
        ("lacosamide", "caution_in", "kidney disease"),
        ("lacosamide", "caution_in", "liver disease"),
        ("lacosamide", "caution_in", "glaucoma"),
    } <= found


def test_stop_taking_in_a_side_effect_lead_in_heads_side_effects(extractor):
    text = (
        "Nexium contains the active substance esomeprazole.\n\n4. Possible side effects\n"
        "Like all medicines, this medicine can cause side effects.\n"
        "If you notice any of the following serious side effects, stop taking Nexium and "
        "contact a doctor immediately:\nSudden wheezing, rash\nYellow skin, dark urine\n\n"
        "If you stop taking Nexium\nYou may feel:\nHeadache\n"
    )
    found = facts(extractor, text)
    assert {
        ("esomeprazole", "has_side_effect", "wheezing"),
        ("esomeprazole", "has_side_effect", "dark urine"),
        ("esomeprazole", "has_withdrawal_symptom", "headache"),
    } <= found
    assert ("esomeprazole", "has_withdrawal_symptom", "dark urine") not in found


def test_conditions_other_medicines_treat_are_no_facts_of_the_drug(extractor):
    text = (
        "Reagila contains the active substance cariprazine.\n\n"
        "2. What you need to know before you take Reagila\nDo not take Reagila\n"
        "if you are allergic to cariprazine.\nif you are taking medicines used to treat:\n"
        "hepatitis C (medicines containing boceprevir)\n"
        "epilepsy and seizures (medicines containing carbamazepine)\n"
    )
    found = facts(extractor, text)
    assert not {f for f in found if f[2] in {"hepatitis c", "epilepsy", "seizures"}}


def test_a_long_item_without_a_verb_names_what_the_lexicon_knows(extractor):
    text = (
        "Lacosamide\n\n4. Possible side effects\nUncommon side effects are:\nClumsiness\n"
        "Low blood pressure or a fall in blood pressure on standing up\nHaving falls\n"
        "Hearing difficulty\nSwelling in your legs and arms\n"
    )
    found = facts(extractor, text)
    assert {
        ("lacosamide", "has_side_effect", "hypotension"),
        ("lacosamide", "has_side_effect", "accidental falls"),
        ("lacosamide", "has_side_effect", "hearing loss"),
        ("lacosamide", "has_side_effect", "peripheral edema"),
    } <= found
    assert not {f for f in found if "standing" in f[2]}


def test_how_strongly_a_drug_acts_names_no_class(extractor):
    found = facts(extractor, "Pethidine is a potent inhibitor of the reuptake of dopamine.")
    assert ("meperidine", "mechanism", "dopamine") in found
    assert not of(found, "member_of_class")


def test_a_use_named_by_its_patients_needs_the_drug_to_open_the_sentence(extractor):
    assert ("riluzole", "treats", "amyotrophic lateral sclerosis") in facts(
        extractor, "Riluzole is used in patients with amyotrophic lateral sclerosis."
    )
    found = facts(extractor, "If metformin is used in patients with liver disease, test often.")
    assert not of(found, "treats")


def test_receptors_with_no_name_are_no_target(extractor):
    found = facts(
        extractor,
        "Pethidine acts on these receptors. It acts as an agonist at the mu-opioid receptor.",
    )
    assert ("meperidine", "mechanism", "mu-opioid receptor") in found
    assert not {f for f in found if f[2] == "receptors"}


def test_question_headings_of_a_pharmacy_page_name_their_sections(extractor):
    text = (
        "Quetiapine\n\nQ: What are the side effects?\n\nA: Common ones include:\n\n"
        "  • Dry mouth\n\nQ: What happens if I stop taking it?\n\nA: You may get:\n\n"
        "  • Insomnia\n\nQ: Can I take it with my other medicines?\n\n"
        "A: Important interactions include:\n\n  • Alcohol: it adds to the sedation.\n"
    )
    found = facts(extractor, text)
    assert {
        ("quetiapine", "has_side_effect", "dry mouth"),
        ("quetiapine", "has_withdrawal_symptom", "insomnia"),
        ("quetiapine", "interacts_with", "alcohol"),
    } <= found


def test_the_regulator_that_approved_a_use_is_not_part_of_it(extractor):
    found = facts(
        extractor,
        "Sertraline was approved for panic disorder by the US Food and Drug Administration.",
    )
    assert of(found, "treats") == {("sertraline", "treats", "panic disorder")}


def test_how_an_agonist_acts_is_not_a_class_of_its_own(extractor):
    found = facts(extractor, "Buspirone is a partial agonist at the 5-HT1A receptor.")
    assert ("buspirone", "mechanism", "5-HT1A receptor") in found
    assert not of(found, "member_of_class")
    found = facts(extractor, "Naltrexone is a full antagonist of opioid receptors.")
    assert not of(found, "member_of_class")


def test_a_trial_verdict_names_a_use_only_for_a_known_condition(extractor):
    assert ("pregabalin", "treats", "generalized anxiety disorder") in facts(
        extractor, "Pregabalin outperformed placebo in treating generalized anxiety disorder."
    )
    found = facts(extractor, "Pregabalin was superior to placebo in several outcome measures.")
    assert not of(found, "treats")


def test_a_second_clause_after_a_comma_shares_the_subject_only_without_its_own(extractor):
    assert ("zolpidem", "treats", "insomnia") in facts(
        extractor, "Zolpidem has sedative effects, and was used for the treatment of insomnia."
    )
    found = facts(
        extractor, "Zolpidem interacts with sertraline, and sertraline is used for depression."
    )
    assert ("zolpidem", "treats", "depression") not in found


def test_a_group_told_not_to_take_the_medicine_is_a_contraindication_not_a_dose(extractor):
    found = facts(
        extractor, "Lamotrigine tablets\n\nChildren under 12 should not take lamotrigine."
    )
    assert ("lamotrigine", "contraindicated_in", "children") in found
    found = facts(
        extractor, "Lamotrigine tablets\n\nChildren should not take more than one tablet."
    )
    assert not of(found, "contraindicated_in")


def test_a_patient_with_a_condition_who_is_treated_with_the_drug_is_a_caution(extractor):
    text = (
        "Adalimumab injection\n\nIf you have heart failure and are being treated with "
        "Adalimumab, your heart failure must be closely monitored by your doctor."
    )
    found = facts(extractor, text)
    assert ("adalimumab", "caution_in", "heart failure") in found
    assert ("adalimumab", "treats", "heart failure") not in found


def test_a_leaflet_for_a_child_names_the_childs_condition_not_the_child(extractor):
    text = "Palivizumab injection\n\nTell your doctor if your child has asthma."
    found = facts(extractor, text)
    assert ("palivizumab", "caution_in", "asthma") in found
    assert not {f for f in found if f[2] == "children"}


def test_a_class_the_lexicon_does_not_know_is_read_by_its_head_word(extractor):
    found = facts(
        extractor,
        "Zebinix tablets\n\nDo not take it with dopaminergic agonists (substances such as "
        "levodopa, bromocriptine) or with other carboxamide derivatives (e.g. carbamazepine).",
    )
    assert {
        ("levodopa", "member_of_class", "dopamine agonists"),
        ("carbamazepine", "member_of_class", "carboxamide derivatives"),
    } <= found
    # a word before a known class is not a class of its own unless it names a kind
    found = facts(extractor, "Epoetin\n\nIron and other blood stimulants may add to its effect.")
    assert not of(found, "member_of_class")


def test_a_purpose_to_induce_sleep_names_insomnia(extractor):
    assert ("zolpidem", "treats", "insomnia") in facts(
        extractor, "Zolpidem is used to induce sleep."
    )
    found = facts(
        extractor,
        "Memantine tablets\n\nTell your doctor if you take barbiturates (substances generally "
        "used to induce sleep).",
    )
    assert ("barbiturates", "treats", "insomnia") in found


def test_a_medicine_given_to_you_by_your_doctor_for_a_purpose_treats_it(extractor):
    text = (
        "Lamotrigine tablets\n\nLamotrigine has been given to you by your doctor to reduce "
        "seizures."
    )
    assert ("lamotrigine", "treats", "seizures") in facts(extractor, text)


def test_other_medicines_used_for_something_are_not_what_the_drug_treats(extractor):
    text = (
        "Abilify tablets\n\nAbilify may increase the effect of medicines used to lower "
        "blood pressure."
    )
    assert not of(facts(extractor, text), "treats")
    assert ("sertraline", "treats", "depression") in facts(
        extractor, "Sertraline belongs to a group of medicines used to treat depression."
    )


def test_advice_to_ask_a_doctor_first_is_no_negation(extractor):
    text = (
        "Lamotrigine tablets\n\nStopping your medicine without consulting your doctor can "
        "cause seizures."
    )
    assert ("lamotrigine", "has_withdrawal_symptom", "seizures") in facts(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Nadolol is a beta blocker mainly used to treat high blood pressure.",
        "Nadolol is a beta blocker most commonly used to treat high blood pressure.",
        "Nadolol is a beta blocker medication primarily prescribed for high blood pressure.",
    ],
)
def test_an_adverb_before_the_participle_does_not_hide_the_class(extractor, text):
    found = facts(extractor, text)
    assert ("nadolol", "member_of_class", "beta blockers") in found
    assert ("nadolol", "treats", "hypertension") in found


def test_a_finding_named_with_its_cause_is_the_finding(extractor):
    text = "Baclofen is used for muscle spasms from injuries of sudden onset."
    assert of(facts(extractor, text), "treats") == {("baclofen", "treats", "muscle spasms")}


def test_withdrawal_from_a_class_is_not_read_as_withdrawal_alone(extractor):
    text = "Clonazepam is used to control withdrawal from other benzodiazepines."
    assert ("clonazepam", "treats", "withdrawal") not in facts(extractor, text)


def test_a_degree_clause_ends_the_condition(extractor):
    text = "Tapentadol is indicated for the management of pain severe enough to need an opioid."
    assert ("tapentadol", "treats", "pain") in facts(extractor, text)


def test_prophylaxis_of_a_condition_treats_the_condition(extractor):
    text = "Flunarizine is used for the prophylaxis of migraine."
    assert of(facts(extractor, text), "treats") == {("flunarizine", "treats", "migraine")}


def test_a_condition_the_patient_had_or_might_have_is_a_caution(extractor):
    text = "Entecavir\n\nTell your doctor if you have ever had or might now have liver disease."
    assert ("entecavir", "caution_in", "liver disease") in facts(extractor, text)


def test_a_class_named_as_a_kind_of_effect_is_no_second_drug(extractor):
    text = "Meclizine can cause headache and anticholinergic effects such as dry mouth."
    found = of(facts(extractor, text), "has_side_effect")
    assert found == {
        ("meclizine", "has_side_effect", "headache"),
        ("meclizine", "has_side_effect", "dry mouth"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Signs of an overdose included drowsiness, slow heart rate and coma.",
        "Other events may occur that are related to the condition you are having treated, "
        "such as low blood pressure and shock.",
    ],
)
def test_an_overdose_s_signs_or_the_disease_s_events_are_no_side_effects(extractor, sentence):
    text = "Tizanidine\n\nAdverse effects\n\n" + sentence
    assert not of(facts(extractor, text), "has_side_effect")


def test_a_class_named_by_its_purpose_says_what_its_members_treat(extractor):
    text = "Tell your doctor if you take diabetes medicines such as metformin or glipizide."
    found = of(facts(extractor, text), "treats")
    assert found == {("metformin", "treats", "diabetes"), ("glipizide", "treats", "diabetes")}


def test_what_a_treated_symptom_is_due_to_is_treated_too(extractor):
    text = "Meclizine is used to treat nausea and dizziness due to motion sickness or vertigo."
    assert of(facts(extractor, text), "treats") == {
        ("meclizine", "treats", "nausea"),
        ("meclizine", "treats", "dizziness"),
        ("meclizine", "treats", "motion sickness"),
        ("meclizine", "treats", "vertigo"),
    }


def test_how_a_drug_is_given_ends_the_condition(extractor):
    text = "Benztropine is used for the treatment of Parkinson's disease in monotherapy."
    assert of(facts(extractor, text), "treats") == {
        ("benztropine", "treats", "parkinson's disease")
    }


def test_the_drug_s_own_action_is_no_condition(extractor):
    text = "Its anticholinergic action warrants caution in patients with glaucoma."
    assert objects(extractor, "Benztropine.\n\n" + text, "caution_in") == {"glaucoma"}


def test_a_brand_of_a_combination_is_not_the_part_s_brand(extractor):
    text = "Zolpidem is also available in combination with melatonin under the brand name Dormex."
    assert not of(facts(extractor, text), "has_brand_name")


def test_the_brand_name_goes_to_the_drug_nearest_before_it(extractor):
    text = "Following lorazepam, in 1965 oxazepam came to market under the brand name Serax."
    assert of(facts(extractor, text), "has_brand_name") == {("oxazepam", "has_brand_name", "Serax")}


_OPENING = (
    "Pelvastine, sold under the brand names Orvalin, Tessamir, and Quodex among others, is an "
    "antidepressant used to treat depression."
)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # an adverb of how often does not hide a use
        (
            "Beta blockers (such as bisoprolol or metoprolol) are used preferentially in the "
            "treatment of hypertension.",
            ("bisoprolol", "treats", "hypertension"),
        ),
        (
            "Riluzole is used for ALS. You must not take riluzole if you are or think you may "
            "be pregnant, or if you are breast-feeding.",
            ("riluzole", "contraindicated_in", "pregnancy"),
        ),
        # an opening whose brand names the lexicon lacks still names its drug
        (_OPENING, ("pelvastine", "member_of_class", "antidepressants")),
        (_OPENING, ("pelvastine", "treats", "depression")),
        # a class named by what it treats, in the lexicon
        (
            "Tell your doctor if you take heart rhythm medications such as amiodarone.",
            ("amiodarone", "member_of_class", "antiarrhythmics"),
        ),
        # an adverb between "act" and "as"
        (
            "Hydroxyzine has been shown to act more weakly as an antagonist of the dopamine D2 "
            "receptor.",
            ("hydroxyzine", "mechanism", "dopamine d2 receptor"),
        ),
        # a regulator's leaflet names a class "medicinal products"
        (
            "Plavix contains clopidogrel and belongs to a group of medicines called antiplatelet "
            "medicinal products.",
            ("clopidogrel", "member_of_class", "antiplatelet drugs"),
        ),
        # the HIV medicine families, by their names and abbreviations
        (
            "Do not take Sustiva with other NNRTIs such as etravirine.",
            ("etravirine", "member_of_class", "non-nucleoside reverse transcriptase inhibitors"),
        ),
        (
            "Emtricitabine is a nucleoside reverse transcriptase inhibitor (NRTI).",
            ("emtricitabine", "member_of_class", "nucleoside reverse transcriptase inhibitors"),
        ),
        # "non nucleoside" without its hyphen is not the nucleoside family
        (
            "Tell your doctor if you take HIV non nucleoside reverse transcriptase inhibitors "
            "(efavirenz, nevirapine).",
            ("nevirapine", "member_of_class", "non-nucleoside reverse transcriptase inhibitors"),
        ),
        # a cancer medicine named by its purpose
        (
            "Yondelis is an anti-cancer medicine that contains the active substance trabectedin.",
            ("trabectedin", "member_of_class", "chemotherapy drugs"),
        ),
        # a class right before the drugs it names: the drugs are the subject
        (
            "Zarvex may be given in combination with the chemotherapy medicine paclitaxel or "
            "docetaxel as first treatment for metastatic breast cancer.",
            ("docetaxel", "treats", "breast cancer"),
        ),
        # uses in other words
        (
            "Zopiclone helps sleep. Tell your doctor if you take ranolazine (used to treat chest "
            "pain [angina]).",
            ("ranolazine", "treats", "chest pain"),
        ),
        (
            "Cyclobenzaprine is used, in conjunction with physical therapy, to treat muscle "
            "spasms.",
            ("cyclobenzaprine", "treats", "muscle spasms"),
        ),
        (
            "Metformin can also be used with other medicines for the treatment of diabetes.",
            ("metformin", "treats", "diabetes"),
        ),
        (
            "Moclobemide is useful in the treatment and management of panic disorder.",
            ("moclobemide", "treats", "panic disorder"),
        ),
    ],
    ids=[
        "adverb-of-how-often",
        "think-you-may-be-pregnant",
        "brands-aside-class",
        "brands-aside-use",
        "heart-rhythm-medications",
        "act-more-weakly-as",
        "medicinal-products",
        "nnrti-abbreviation",
        "nrti",
        "non-nucleoside-unhyphenated",
        "anti-cancer-medicine",
        "class-before-its-drugs",
        "used-to-treat-in-brackets",
        "used-in-conjunction-with",
        "used-with-other-medicines-for",
        "useful-in-the-treatment",
    ],
)
def test_a_phrasing_states_its_fact(extractor, text, fact):
    assert fact in facts(extractor, text)


def test_a_drug_given_in_combination_does_not_become_what_it_refers_to(extractor):
    text = (
        "Trastuzumab is used for breast cancer. It may be given in combination with the "
        "chemotherapy medicine paclitaxel or docetaxel as first treatment for breast cancer. "
        "It can cause chills."
    )
    assert of(facts(extractor, text), "has_side_effect") == {
        ("trastuzumab", "has_side_effect", "chills")
    }


def test_a_contrast_states_what_the_other_class_does_not_what_the_drug_does(extractor):
    text = (
        "Ketobemidone is an opioid used for severe pain. Unlike other opioids, ketobemidone "
        "does not cause constipation."
    )
    found = of(facts(extractor, text), "has_side_effect")
    assert ("opioids", "has_side_effect", "constipation") in found
    assert ("ketobemidone", "has_side_effect", "constipation") not in found


def test_a_leaflet_for_a_carer_names_the_child_s_conditions_not_the_child(extractor):
    text = (
        "Etanercept treats arthritis. Tell your doctor if you or the child in your care "
        "have diabetes."
    )
    assert of(facts(extractor, text), "caution_in") == {("etanercept", "caution_in", "diabetes")}


def test_a_use_stated_as_what_the_drug_counteracts_or_reverses(extractor):
    text = "Glucagon is used to counteract hypoglycaemia. Atropine is given to reverse bradycardia."
    assert of(facts(extractor, text), "treats") == {
        ("glucagon", "treats", "hypoglycemia"),
        ("atropine", "treats", "bradycardia"),
    }


def test_a_cancer_s_stage_and_grade_do_not_hide_the_cancer(extractor):
    text = (
        "Cabozantinib is used to treat locally advanced or metastatic differentiated "
        "thyroid cancer."
    )
    assert objects(extractor, text, "treats") == {"thyroid cancer"}


def test_a_high_frequency_of_a_finding_is_the_finding(extractor):
    text = "Warfarin causes a very high frequency of miscarriage and of birth defects."
    assert objects(extractor, text, "has_side_effect") == {"miscarriage", "birth defects"}


def test_a_band_s_effects_one_sentence_a_line_are_side_effects(extractor):
    text = (
        "Azacitidine\n\n4. Possible side effects\n\n"
        "Very common side effects (may affect more than 1 in 10 people)\n"
        "Low red blood cell count (anaemia). You may feel tired.\n"
        "Low platelet count. You may bruise easily and bleed for longer.\n"
        "Loss of appetite.\nHeadache.\n"
    )
    found = objects(extractor, text, "has_side_effect")
    assert {"anemia", "headache"} <= found


def test_a_side_effects_section_that_lost_its_bullets_keeps_its_items(extractor):
    text = (
        "Olanzapine\n\n4. Possible side effects\n\nThe following side effects may happen:\n\n"
        "Olanzapine can raise the level of a hormone called prolactin. When this happens, "
        "the signs may include breast swelling.\n\n"
        "dizziness\n\nhigh blood pressure\n\ncough, stuffy nose\n\nKeep a note of any fever.\n"
    )
    found = objects(extractor, text, "has_side_effect")
    assert {"dizziness", "hypertension", "cough"} <= found
    # a sentence among the phrases is no item ("You may feel tired." is read, as a sentence
    # that says the drug may make you tired: side_effects.you_may_get)
    assert "fever" not in found


def test_where_a_level_is_measured_is_not_part_of_the_finding(extractor):
    text = (
        "Umeclidinium\n\nWarnings and precautions\nTalk to your doctor before using this "
        "medicine:\nif you have low potassium in your blood\nif you have diabetes\n"
    )
    found = objects(extractor, text, "caution_in")
    assert found == {"hypokalemia", "diabetes"}


def test_whom_to_talk_to_is_no_side_effect(extractor):
    text = (
        "Tirofiban\n\n4. Possible side effects\n\n"
        "If you get any side effects, talk to your doctor, hospital pharmacist or nurse.\n"
    )
    assert not objects(extractor, text, "has_side_effect")


def test_what_overdose_causes_is_no_side_effect(extractor):
    text = (
        "Reports of overdose indicate that baclofen may cause vomiting, sedation and coma. "
        "In overdose, nadolol can cause bradycardia. Nadolol can cause tiredness."
    )
    assert objects(extractor, text, "has_side_effect") == {"fatigue"}


def test_events_when_the_drug_is_stopped_are_withdrawal_symptoms(extractor):
    text = (
        "Serious effects, such as seizures and hallucinations, may occur if use of baclofen "
        "is stopped abruptly."
    )
    found = facts(extractor, text)
    assert of(found, "has_withdrawal_symptom") == {
        ("baclofen", "has_withdrawal_symptom", "seizures"),
        ("baclofen", "has_withdrawal_symptom", "hallucinations"),
    }
    assert not of(found, "has_side_effect")


def test_the_signs_of_a_named_side_effect_are_not_side_effects_of_their_own(extractor):
    found = leaflet_side_effects(
        extractor,
        "Side effects include headache.\n\nAn allergic reaction may occur; symptoms may "
        "include fever and chills.\n\nLiver problems; signs and symptoms include itching.\n",
    )
    assert "headache" in found
    assert not found & {"fever", "chills", "itching"}


def test_the_signs_of_a_side_effect_named_first_are_not_side_effects_of_their_own(extractor):
    found = leaflet_side_effects(
        extractor,
        "Side effects include headache.\n\nThe signs and symptoms of low blood sugar may "
        "include sweating and confusion.\n\nSigns of an allergic reaction such as wheezing.\n",
    )
    assert "headache" in found
    assert not found & {"sweating", "confusion", "wheezing"}


def test_who_is_treated_after_the_last_condition_ends_the_list(extractor):
    text = (
        "Lisdexamfetamine is used as a treatment for attention deficit hyperactivity disorder "
        "(ADHD) in both children and adults. It is intended to treat narcolepsy."
    )
    assert objects(extractor, text, "treats") == {
        "attention deficit hyperactivity disorder",
        "narcolepsy",
    }
    # a population in the middle of a list does not end it
    text = "Adverse effects of clorazepate include confusion, falls in the elderly and ataxia."
    assert {"confusion", "ataxia"} <= objects(extractor, text, "has_side_effect")


def test_a_reuptake_inhibitor_class_names_the_transmitters_it_acts_on(extractor):
    text = (
        "Venlafaxine is a serotonin-norepinephrine reuptake inhibitor. "
        "Reboxetine is a selective norepinephrine reuptake inhibitor."
    )
    assert of(facts(extractor, text), "mechanism") == {
        ("venlafaxine", "mechanism", "serotonin"),
        ("venlafaxine", "mechanism", "norepinephrine"),
        ("reboxetine", "mechanism", "norepinephrine"),
    }


def test_an_allergy_item_under_a_lead_in_ending_with_if_you(extractor):
    text = (
        "The active substance in Zorvex is lorazepam.\n\n"
        "2. What you need to know before you take Zorvex\nDo not use Zorvex if you\n\n"
        "are allergic to lorazepam or any of the other ingredients of this medicine (listed in "
        "section 6).\n\nhave asthma.\n"
    )
    assert objects(extractor, text, "contraindicated_in") == {"allergy to lorazepam", "asthma"}


def test_items_that_open_with_a_bare_verb_under_a_lead_in_ending_with_if_you(extractor):
    text = (
        "The active substance in Zorvex is lorazepam.\n\n"
        "2. What you need to know before you take Zorvex\nDo not use Zorvex if you\n\n"
        "have previously had a stroke.\n\nhave serious ongoing liver disease.\n\n"
        "have pre-existing heart disease, since your doctor may want to check you.\n"
    )
    assert objects(extractor, text, "contraindicated_in") == {
        "stroke",
        "liver disease",
        "heart disease",
    }


def test_for_example_in_brackets_names_examples_not_a_purpose(extractor):
    text = "Avoid combining baclofen with sedative drugs (for example alcohol or opioids)."
    assert not objects(extractor, text, "treats")


@pytest.mark.parametrize(
    "text",
    [
        "Zopiclone helps sleep. Tell your doctor if you have symptoms, such as dizziness or "
        "fainting.",
        "Zopiclone helps sleep. Tell your doctor if you have signs of pancreatitis, like "
        "severe stomach pain.",
        "Zopiclone helps sleep. If you have symptoms such as fainting, you should consult your "
        "doctor.",
        "Zopiclone helps sleep. Tell your doctor if you develop fever, bruising or confusion.",
        "Zopiclone helps sleep. Tell your doctor if you experience fainting or palpitations.",
        "Zopiclone helps sleep. Do not use it if you notice particles or discolouration.",
    ],
)
def test_symptoms_to_report_are_no_cautions(extractor, text):
    found = facts(extractor, text)
    assert not any(p in ("caution_in", "contraindicated_in") for _, p, _ in found), found


def test_a_condition_with_its_examples_is_still_a_caution(extractor):
    text = "Zopiclone helps sleep. Tell your doctor if you have liver disease, such as cirrhosis."
    assert ("zopiclone", "caution_in", "liver disease") in facts(extractor, text)


@pytest.mark.parametrize("connector", ["hence", "consequently"])
def test_a_list_ends_where_a_consequence_begins(extractor, connector):
    text = f"Sertraline is a substrate of some enzymes and {connector} CYP3A4 inhibitors raise it."
    assert not of(facts(extractor, text), "member_of_class")


def test_the_sentences_of_an_overdose_section_list_no_side_effects(extractor):
    text = (
        "Escitalopram treats depression.\n\nOverdose\n\n"
        "Large doses of escitalopram usually cause agitation and tachycardia. Seizures may "
        "occur in some cases.\n\nSide effects\n\nEscitalopram can cause nausea.\n"
    )
    assert objects(extractor, text, "has_side_effect") == {"nausea"}


@pytest.mark.parametrize(
    "text",
    [
        # one more item of a list of drugs, not an apposition
        "Tell your doctor if you take medicines for cancer, such as paclitaxel, docetaxel, an "
        "aromatase inhibitor, or capecitabine.",
        # the subject of the next verb, not an apposition
        "Compared with the benzodiazepines including triazolam, the nonbenzodiazepine "
        "sedative-hypnotics appeared to offer few advantages.",
    ],
)
def test_a_class_after_a_comma_that_is_no_apposition_names_no_class(extractor, text):
    found = of(facts(extractor, text), "member_of_class")
    assert not any(o in ("aromatase inhibitors", "z-drugs") for _, _, o in found), found


def test_an_apposition_still_names_a_class(extractor):
    found = facts(extractor, "Fluoxetine, an SSRI, is widely prescribed.")
    assert ("fluoxetine", "member_of_class", "SSRIs") in found


def test_an_additives_code_in_brackets_is_no_brand_name(extractor):
    text = (
        "The active substance is zolpidem. The other ingredients are lactose, titanium dioxide "
        "(E171), povidone (K30) and magnesium stearate (E470b)."
    )
    assert not objects(extractor, text, "has_brand_name") - {"zolpidem"}


def test_the_child_a_leaflet_addresses_is_no_group_to_be_careful_in(extractor):
    text = (
        "Fenfluramine treats seizures. Do not take fenfluramine if you or your child have a "
        "heart problem such as valve disease.\n\nTalk to your doctor before using fenfluramine "
        "if your child has asthma.\n\nDo not give fenfluramine to children under 2 years.\n"
    )
    found = facts(extractor, text)
    assert ("fenfluramine", "contraindicated_in", "children") in found  # "to children under 2"
    assert ("fenfluramine", "caution_in", "asthma") in found
    assert ("fenfluramine", "caution_in", "children") not in found


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Zopiclone helps sleep. Tell your doctor if you take medicines for epilepsy.", "epilepsy"),
        (
            "Zopiclone helps sleep. Tell your doctor if you are taking medicines for heart "
            "rhythm problems or for epilepsy.",
            "epilepsy",
        ),
        ("Zopiclone helps sleep. Tell your doctor if you take any HIV medicines.", "HIV infection"),
    ],
)
def test_what_a_medicine_the_patient_takes_is_for_is_no_caution(extractor, text, condition):
    found = facts(extractor, text)
    assert not any(p == "caution_in" and o == condition for _, p, o in found), found


def test_a_state_after_a_medicine_taken_is_still_a_caution(extractor):
    text = (
        "Zopiclone helps sleep. Tell your doctor if you take medicines for diabetes or have "
        "kidney disease."
    )
    found = facts(extractor, text)
    assert ("zopiclone", "caution_in", "kidney disease") in found
    assert ("zopiclone", "caution_in", "diabetes") not in found


def test_the_drugs_a_use_is_likened_to_are_used_for_it(extractor):
    text = (
        "Zopiclone is a hypnotic. Its efficacy in treating insomnia appears comparable to "
        "benzodiazepines such as temazepam and nitrazepam."
    )
    found = {(s, o) for s, _, o in of(facts(extractor, text), "treats")}
    assert {("benzodiazepines", "insomnia"), ("temazepam", "insomnia")} <= found
    assert ("nitrazepam", "insomnia") in found


def test_a_name_that_modifies_the_next_noun_is_not_likened(extractor):
    text = (
        "The efficacy of zopiclone in insomnia is similar to that of temazepam and sedative "
        "antidepressants such as mirtazapine."
    )
    found = {(s, o) for s, _, o in of(facts(extractor, text), "treats")}
    assert ("temazepam", "insomnia") in found
    assert not any(s == "sedatives" for s, _ in found), found


def test_what_a_drug_stops_from_happening_is_what_it_treats(extractor):
    text = "Apixaban is an anticoagulant. It helps to prevent blood clots from forming."
    assert ("apixaban", "treats", "blood clots") in facts(extractor, text)


def test_a_risk_likened_to_another_drugs_is_still_the_risk(extractor):
    text = "Zopiclone is a hypnotic. The drug has addictive properties similar to benzodiazepines."
    assert ("zopiclone", "has_risk", "addiction") in facts(extractor, text)


def test_subtypes_before_a_receptor_share_its_head(extractor):
    text = "Buspirone has weak antagonistic effects at dopamine D2, D3, and D4 receptors."
    assert {"dopamine d2 receptor", "dopamine d3 receptor", "dopamine d4 receptor"} <= objects(
        extractor, text, "mechanism"
    )


def test_a_prefix_with_a_hanging_hyphen_takes_the_next_words_rest(extractor):
    text = "Buspirone binds to α1- and α2-adrenergic receptors."
    found = objects(extractor, text, "mechanism")
    assert {"alpha-1 adrenergic receptors", "alpha-2 adrenergic receptors"} <= found


def test_an_earlier_item_with_a_modifier_shares_the_last_items_head(extractor):
    text = "Diazepam calms. Do not take it if you have severe liver, kidney or heart disease."
    found = objects(extractor, text, "contraindicated_in")
    assert {"liver disease", "kidney disease", "heart disease"} <= found


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        (
            "Zorbex can cause swelling of the face, mouth or throat, hives and difficulty "
            "breathing.",
            "mouth breathing",
        ),
        (
            "Zorbex can cause warm and painful skin, or a painful skin rash with blisters.",
            "skin blisters",
        ),
    ],
)
def test_a_list_of_its_own_or_a_long_item_lends_no_head(extractor, text, wrong):
    assert wrong not in objects(extractor, text, "has_side_effect")


def test_examples_of_what_an_untreated_item_leads_to_are_not_treated(extractor):
    text = (
        "Atenolol is a beta blocker. It reduces perfusion of the placenta, which may lead to "
        "adverse outcomes for the neonate, including premature birth."
    )
    assert "premature birth" not in objects(extractor, text, "treats")


def test_examples_of_what_a_treated_condition_leads_to_are_treated(extractor):
    text = (
        "Clopidogrel is taken to prevent blood clots forming in arteries, which can lead to "
        "events such as stroke."
    )
    assert "stroke" in objects(extractor, text, "treats")


def test_words_that_only_qualify_a_finding_name_none(extractor):
    text = "Abatacept is used to treat highly active and progressive rheumatoid arthritis."
    assert objects(extractor, text, "treats") == {"rheumatoid arthritis"}


@pytest.mark.parametrize(
    ("text", "effect"),
    [
        (
            "Lorazepam calms. Long-term use of lorazepam can cause memory problems.",
            "memory problems",
        ),
        ("Lorazepam calms. High doses of lorazepam can cause confusion.", "confusion"),
        ("Lorazepam calms. Treatment with lorazepam may cause drowsiness.", "drowsiness"),
    ],
)
def test_what_the_use_of_a_drug_causes_is_its_side_effect(extractor, text, effect):
    assert ("lorazepam", "has_side_effect", effect) in facts(extractor, text)


def test_what_a_treatment_causes_names_no_use_of_the_treatment(extractor):
    text = (
        "Zoledronic acid is used to treat osteoporosis caused by treatment with corticosteroids "
        "used to treat inflammation."
    )
    assert not any(s == "corticosteroids" for s, p, _ in facts(extractor, text) if p == "treats")


def test_what_concomitant_use_causes_is_no_side_effect(extractor):
    text = (
        "Lisdexamfetamine is a stimulant. Concomitant use of MAOIs and stimulants such as "
        "lisdexamfetamine can cause a hypertensive crisis."
    )
    assert not of(facts(extractor, text), "has_side_effect")


def test_a_recovery_is_no_side_effect(extractor):
    text = "Diazepam calms. Intravenous diazepam caused a rapid normalization of the EEG."
    assert not of(facts(extractor, text), "has_side_effect")


def test_withdrawal_in_the_newborn_is_no_side_effect(extractor):
    text = (
        "Oxycodone is an opioid. Long-term use of oxycodone during pregnancy can cause "
        "neonatal opioid withdrawal syndrome in the baby. It can cause social withdrawal."
    )
    assert objects(extractor, text, "has_side_effect") == {"social withdrawal"}


def test_a_cross_reference_is_no_item(extractor):
    text = (
        "Sertraline lifts mood. (It is better to avoid sertraline in early pregnancy, see "
        "Pregnancy section)."
    )
    assert objects(extractor, text, "contraindicated_in") == {"pregnancy"}


@pytest.mark.parametrize(
    "text",
    [
        "Prazepam is a benzodiazepine. Withdrawal of prazepam can cause seizures.",
        "Prazepam is a benzodiazepine. Abrupt withdrawal from prazepam may result in seizures.",
    ],
)
def test_what_withdrawal_of_a_drug_causes_is_withdrawal(extractor, text):
    assert ("prazepam", "has_withdrawal_symptom", "seizures") in facts(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Prazepam calms. A withdrawal syndrome with symptoms such as anxiety and tremor may occur.",
        "Prazepam calms. Upon cessation or reduction in dosage, anxiety and tremor may occur.",
    ],
)
def test_symptoms_given_as_withdrawal_are_no_side_effects(extractor, text):
    assert not of(facts(extractor, text), "has_side_effect")


def test_a_side_effect_beside_withdrawal_stays_one(extractor):
    text = "Prazepam is a benzodiazepine. Prazepam can cause dizziness and withdrawal symptoms."
    assert ("prazepam", "has_side_effect", "dizziness") in facts(extractor, text)


def test_a_side_effect_before_withdrawal_examples_stays_one(extractor):
    text = (
        "Lorazepam calms. Taking it late in pregnancy can cause floppy infant syndrome, and "
        "babies may be born with withdrawal symptoms such as irritability."
    )
    assert ("lorazepam", "has_side_effect", "floppy infant syndrome") in facts(extractor, text)


def test_examples_after_a_dash_are_the_class_members(extractor):
    text = (
        "Zopiclone helps sleep. Tell your doctor about medicines for HIV called protease "
        "inhibitors - such as ritonavir and saquinavir."
    )
    found = {s for s, _, o in of(facts(extractor, text), "member_of_class")}
    assert {"ritonavir", "saquinavir"} <= found


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Methylphenidate possesses weak affinity for 5-HT1A receptors.", "5-HT1A receptor"),
        ("Mephedrone acts as a substrate for the dopamine transporter.", "dopamine transporter"),
    ],
)
def test_what_a_drug_has_affinity_for_or_is_a_substrate_of_is_its_mechanism(
    extractor, text, target
):
    assert target in objects(extractor, text, "mechanism")


def test_the_leaflet_pregnancy_question_is_a_caution_of_its_own_medicine(extractor):
    text = (
        "Sertraline lifts mood. Do not take it with tramadol. If you are pregnant, think you "
        "may be pregnant or are planning to have a baby, talk to your doctor."
    )
    assert ("sertraline", "caution_in", "pregnancy") in facts(extractor, text)


def test_a_clause_on_what_a_drug_does_for_a_finding_is_no_item_of_a_side_effect_list(extractor):
    text = "Ropinirole raises blood pressure and helps relieve the symptoms of Parkinson's disease."
    assert not {f for f in facts(extractor, text) if f[1] == "has_side_effect"}
    # a use list takes such a clause: it says what the drug is for
    both = "Lamotrigine is used to treat epilepsy and helps prevent bipolar depression."
    assert ("lamotrigine", "treats", "bipolar depression") in facts(extractor, both)


def test_a_side_effect_paragraph_named_in_brackets_is_read_where_only_known_findings_count(
    extractor,
):
    # a leaflet whose layout lost its bullets: each effect a paragraph of its own
    text = (
        "Mirtazapine is an antidepressant.\n\n4. Possible side effects\n\n"
        "Common side effects\n\nHeadache\n\nThinning of the hair (alopecia)\n\n"
        "Dry mouth or a swollen and sore mouth (stomatitis)\n\n"
        "Inflammation of the lining of the brain (meningitis)\n"
    )
    assert objects(extractor, text, "has_side_effect") == {
        "headache",
        "hair loss",  # alopecia's node
        "dry mouth",
        "stomatitis",
        "meningitis",
    }


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        # a state item that denies itself is no state the reader has
        (
            "Lisinopril lowers blood pressure.\nTalk to your doctor before taking lisinopril if "
            "you:\nhave kidney disease.\nhave not been gaining weight as expected.\n",
            "caution_in",
            {"kidney disease"},
        ),
        # a leaflet's table header amid side effects names no finding
        (
            "Tacrolimus is an immunosuppressant.\n\n4. Possible side effects\n\n"
            "Common (may affect up to 1 in 10 people)\n\nSerious side effects frequency\n\n"
            "Rectal pain\n",
            "has_side_effect",
            {"rectal pain"},
        ),
        # "if you have or have had X", "a past medical history of X": X, the verb before it
        # no part of the item
        (
            "Sitagliptin lowers blood sugar.\nTalk to your doctor before taking sitagliptin:\n"
            "if you have or have had a disease of the pancreas (such as pancreatitis)\n"
            "if you had a past medical history of brain hemorrhage.\n",
            "caution_in",
            {"pancreatitis", "brain hemorrhage"},
        ),
    ],
)
def test_leaflet_items_name_the_states_and_findings_they_state(
    extractor, text, predicate, expected
):
    assert objects(extractor, text, predicate) == expected
