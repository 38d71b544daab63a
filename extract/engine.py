"""The extractor: documents in, assertions (triples with evidence) and dose records out."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from drugkg.kg.belief import evidence_confidence
from drugkg.model import (
    Assertion,
    Document,
    Dose,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Triple,
    entity_key,
)

from .candidates import ranked_drugs
from .doses import DoseReader
from .guards import (
    PLACEHOLDER,
    a_state_as_event,
    about_overdose,
    combination,
    comma_list,
    its_signs,
    not_its_brand,
    not_its_effects,
    overdosed,
    stopped,
    symptoms_to_report,
    withdrawal_examples,
)
from .lexicon import Gazetteer, Mention, default_gazetteer
from .literature import LiteratureModel, is_case_report
from .mentions import combination_and_part, family_names, products
from .prefilter import RulePrefilter
from .relation import RelationModel
from .rules import (
    DEFAULT_OBJECT_TYPES,
    PLACEHOLDER_CODE,
    ListSyntax,
    Rule,
    RuleSet,
    SectionRule,
    load_rules,
    slot_start,
)
from .text import (
    Block,
    BlockKind,
    Sentence,
    fold,
    is_phrase,
    names_band,
    opens_list,
    segment,
    sentences,
)

__all__ = ["MAX_DOCUMENT_FACTS", "MAX_LIST_FACTS", "Extraction", "Extractor"]

_CODE_TYPE = {code: etype for etype, code in PLACEHOLDER_CODE.items()}
# ⟨C3|panic-attack⟩: mention 3, a condition, with its key (so rules can name trigger words
# that are also entities, like "withdrawal")
_PLACEHOLDER = PLACEHOLDER
_MAX_SENTENCE = 1500  # longer "sentences" are run-on junk (menus, keyword spam): skipped
#: What one list (consecutive bullets) and one document may state at most; the rest of
#: the list, or of the document, is not read, and the extraction says so (``cut``).
MAX_LIST_FACTS = 1_000
MAX_DOCUMENT_FACTS = 10_000
_SUBJECT_TYPES = (EntityType.DRUG, EntityType.CLASS, EntityType.THERAPY)
_MEMBER_TYPES = (EntityType.DRUG, EntityType.SUBSTANCE)
_DRUG_TYPES = (EntityType.DRUG, EntityType.BRAND)
# the verb an item under "Do not take X if you:" opens with: "have diabetes", "are pregnant"
_ITEM_VERB = re.compile(
    r"\s*(?:you )?(?:(?:have|has) or (?:have |has )?had|(?:have|has) (?:ever |recently )?had|"
    r"have|has|had|(?:are|is) suffering from|are|is|were|was|suffer from|suffered from)"
    r"\s+(?=[\w⟨])"
)
# a list that opens with how one feels ("feeling dizzy, weak or numb"), and an item of it
# that is a word or two of a feeling, after the adverbs that grade it
_FEELING = re.compile(r"[\s\-•*]*(?:and |or )?feel(?:ing|s)?\s", re.IGNORECASE)
_FELT_WORDS = re.compile(
    r"(?:(?:and/or|and|or)\s+)?(?:feel(?:ing)?\s+)?"
    r"(?:(?:generally|very|extremely|unusually|a bit|slightly|really|quite|so)\s+)*"
    r"([a-z][a-z'-]*(?: [a-z][a-z'-]*)?)",
    re.IGNORECASE,
)
# the determiners that may open a list item before its name ("any other medicines")
_DETERMINERS = re.compile(r"\s*(?:(?:any|other|some|certain|a|an|the|all)\s+)*", re.IGNORECASE)
# an item that reports a test's result: "blood tests showing that you have low sodium",
# "blood tests may show an increase in liver enzymes": the finding is what the test shows
_TESTS_SHOW = re.compile(
    r"\s*(?:(?:blood|laboratory|lab|liver|kidney|urine) )?tests? (?:results? )?"
    r"(?:showing|that show|which show|may show|can show|show|revealing)"
    r"(?: that (?:you|your child|they) (?:have|has))?\s+(?=[\w⟨])",
    re.IGNORECASE,
)
# a leaflet's item that runs on into another: "if you have had X, or if you are suffering
# from Y" (a state the patient is in, not "or if you develop a fever" nor "or if you are
# taking medicines for X")
_IF_AGAIN = re.compile(
    r",?\s+(?:or|and)\s+if (?:you|your child|he|she|they)\s+"
    r"(?=(?:have|has|had|are|is|were|was|suffer|suffered|currently|ever|recently|previously)\s)"
    r"(?!(?:are|is|were|was) (?:taking|using|treated|being|given|receiving|on)\b)"
)
# what follows a drug named as a treatment: "hydrochlorothiazide alone", "aspirin therapy"
_DRUG_USE = re.compile(
    r"(?:(?:or|and|,)\s*)*(?:alone|on (?:its|their) own|only|therapy|treatment|monotherapy|use)"
)
# a cross-reference in brackets: "(see section 4)", "(refer to the list below)"
_CROSS_REFERENCE = re.compile(r"\s*(?:see|refer to|as (?:described|listed))\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_INNER_WORDS = frozenset(
    {"of", "in", "and", "or", "to", "about", "with", "from", "on", "for", "other", "the"}
)
_VAGUE_HEADS = frozenset(
    {"things", "thing", "ways", "reasons", "care", "practice", "settings", "purposes",
     "changes", "effects", "issues", "therapy", "therapies", "treatment", "treatments",
     "action", "actions", "activity", "properties", "mechanism", "pharmacist", "pharmacists",
     "nurse", "nurses", "doctor", "doctors", "physician", "physicians", "advice",
     "frequency", "frequencies"}
)  # fmt: skip
# where a list item's own words end and a clause about it begins
_ITEM_CLAUSE = re.compile(
    r",?\s+\b(?:since|as|which|because|due to|when|where|unless|especially|particularly|"
    r"who|so that|may be|can be|is|are)\b|[;,]\s*(?:or|and)?\s*$|\s+or\s*$"
)
_BRACKETS = re.compile(r"\([^()]*\)")
_SUCH = re.compile(r"\s+such(?=\s+as$)")  # an item clause cut at the "as" of "such as"
# the predicates whose objects are states of the patient: a disease's examples are objects too
_STATES = (Predicate.CAUTION_IN, Predicate.CONTRAINDICATED_IN)
# an item that denies its state ("has not been gaining weight", "is not breathing normally")
_NOT_STATE = re.compile(
    r"\s*(?:you |your child )?(?:has|have|is|are|does|do|did|was|were)(?: not|n't)\b"
)
_NOTICE = re.compile(r"\b(?:experience|experiences|notice|feel|develop|get|see)\b", re.IGNORECASE)
_SYMPTOMS = re.compile(rf"{_NOTICE.pattern}|\b(?:symptoms?|signs?)\b", re.IGNORECASE)
# an item that says what medicines are for: "treat gout (such as colchicine)", "medicines
# for epilepsy": its findings are the medicines' purpose, not the list's objects
_USES = (Predicate.TREATS, Predicate.USED_OFF_LABEL_FOR)
# "infection with ⟨C⟩", "an infection caused by ⟨C⟩": the ⟨C⟩ names the infection, where it
# is an infectious agent or its disease
_INFECTIOUS = re.compile(
    r"virus|bacteri|fung|infection|hepatitis|covid|tuberculosis|malaria|influenza|\b[A-Z]{2,}\b"
)
_INFECTION_WITH = re.compile(
    r"(?:(?:an?|the|current|previous|past|recent|chronic|acute|active|or) )*⟨C\d+\|infections?⟩ "
    r"(?:with|caused by|due to) "
    r"(?:the )?(⟨C\d+\|[^⟩]*⟩)(?: \([^()]*\))?(?:$|,| (?:in|for|among|who|that|which)\b)"
)
_PURPOSE_ITEM = re.compile(
    r"\W*(?:(?:other |some |certain )?(?:medicines?|medications?|drugs?|treatments?|products?)"
    r"(?: (?:used|given|taken|prescribed))? (?:for|to|against)\b|(?:used |given |taken )?(?:to )?"
    r"(?:treat|prevent|control|relieve|manage)\b|lower (?:your |the )?(?:high )?(?:blood )?"
    r"(?:cholesterol|fats?|lipids)\b)",
    re.IGNORECASE,
)
# sections whose lists name symptoms
_SYMPTOM_LISTS = frozenset({Predicate.HAS_SIDE_EFFECT, Predicate.HAS_WITHDRAWAL_SYMPTOM})
# the longest item without a verb read as one ("a fall in blood pressure on standing up")
_MAX_PHRASE_ITEM = 16
# how a leaflet's condition item opens: "if you have", "if you are", "if you have ever had"
_IF_YOU = re.compile(  # "if" may stand in the lead-in: "Do not take X if:" / "you are ..."
    r"(?:if )?(?:you|your (?:child|baby|partner))(?: or your \w+)? "
    r"(?:(?:(?:have|has) or (?:have |has )?(?:ever )?had|have \(or have ever had\)|"
    r"have|has|are|is|had|were|"
    r"suffer from|suffered from|are suffering from|have ever had|have ever suffered from|"
    r"have had|have recently had|are taking|take|get|develop|experience|are being treated for|"
    r"are allergic to|have a history of)\s+)?(?:ever |recently |previously |currently )?"
    r"(?:(?:had|suffered from|been diagnosed with) )?"
    # "if you have been told (by your doctor) that you have X", "if you know that you have X"
    r"(?:(?:(?:been )?told|know)(?: by your (?:doctor|nurse|pharmacist))? (?:that )?you "
    r"(?:have|are|suffer from) )?",
    re.IGNORECASE,
)
# a lead-in's slot that names nothing yet: "if you have:", "if you have any of the following:"
_MAX_NESTED_LEAD = 12  # words of an item that leads in a list of its own
_NO_OBJECT_YET = re.compile(
    r"[\s:]*(?:(?:any|one|all|some|either) of )?(?:the following(?: \w+)?)?[\s:]*"
)
# words, then their initials in brackets, right before a name: "central nervous system (cns) ⟨K⟩"
_INITIALISM = re.compile(r"^((?:[a-z][a-z]* ){2,5})\(([a-z]{2,6})\)\s+(?=⟨)")
# an item that ends with a finding's name in brackets: "fits (seizures)"
_GLOSSED_TERM = re.compile(
    r"\(\s*(?P<signs>(?:an?\s+)?(?:(?:possible|probable|likely)\s+)?(?:signs?|symptoms?)\s+of\s+"
    r"(?:an?\s+)?)?(?:(?:severe|serious|mild|acute|chronic)\s+)?"
    r"(⟨C\d+\|[^⟩]*⟩)(?:\s*(?:/|\bor\b)\s*(⟨C\d+\|[^⟩]*⟩))?"
    # "(DRESS, which is also known as ...)", "(low sodium due to ...)": the name first
    r"(?:,?\s+(?:which|also|due to|caused by)\b[^()]*)?\s*\)[\s,;.]*$"
)
_ALLERGIC_TO = re.compile(r"(?:allergic|hypersensitive) to\b")
# the reader a leaflet addresses, as the subject of what follows: "if you or your child have",
# "if your child or adolescent:", "your baby is"
_ADDRESSEE = re.compile(
    r"\b(?:you (?:or|and) )?your (?:child|children|baby|babies|son|daughter|adolescent|teenager)"
    r"(?: (?:or|and) (?:your )?(?:adolescent|teenager|child|baby))?"
    r"(?=\s*(?::|\b(?:has|have|is|are|was|were|had|suffers?|takes?|gets?|needs?|might|may)\b))",
    re.IGNORECASE,
)
# an item under a lead-in that ends "if you": "are allergic to X", "have serious liver
# disease", "have previously had X"
_BARE_STATE = re.compile(
    r"(?:are|is) (?=(?:allergic|hypersensitive) to\b)"
    r"|(?:have|has)(?: (?:ever|previously|recently|already))?"
    r"(?: had| suffered from| been diagnosed with)?\s+(?!to\b|been\b|not\b|any questions\b)"
)
_ALLERGY_END = re.compile(r"\s+or (?:to )?any of\b|\s*[(;,.]|\s*$")
# "allergic to the active substance (X)": the words around X, which name nothing more
_ACTIVE_SUBSTANCE = re.compile(r"(\s*(?:the |its )?active substances? \()⟨[^⟩]*⟩(\))")
# mentions that can be words of a longer class name: "adrenergic receptor agonists"
_CLASS_PARTS = frozenset({EntityType.TARGET, EntityType.CONDITION, EntityType.SUBSTANCE})
# a word of a class name the lexicon does not know ("β2-adrenergic", "catecholamine-depleting")
_CLASS_WORD = re.compile(r"[a-zα-ω0-9][a-zα-ω0-9'-]*")
# words that start a clause or a quantity, never a class name
_NOT_A_MODIFIER = frozenset(
    {"include", "includes", "including", "take", "takes", "taking", "took", "use", "uses",
     "using", "used", "prescribed", "given", "receiving", "avoid", "combined", "certain",
     "new", "common", "prescription", "these", "such", "same", "different", "similar",
     "related", "known", "called", "named", "two", "three", "four", "other", "some",
     "many", "most", "all", "any", "with", "and", "or", "of", "like", "not", "is", "are",
     "receive", "receives", "received", "hence", "thus", "marketed", "sold", "first",
     "another", "potent", "five", "six", "seven", "eight", "nine", "ten", "twelve",
     "unrelated", "illicit", "smuggling", "designer"}
)  # fmt: skip
# an unknown condition is a short phrase; alone, a word must look like a clinical term
_MAX_FREE_WORDS = 3
_MEDICAL_WORD = re.compile(
    r"(?:itis|osis|oses|emia|aemia|algia|pathy|plegia|rrhea|rrhoea|oma|ismus|esis|uria|"
    r"cardia|penia|philia|phobia|spasm|trophy|plasia|ectomy|iasis|ia)$"
)
_OF_TO = frozenset({"of", "to", "from", "in"})
_CLINICAL_HEAD = re.compile(
    r"reactions?|syndromes?|diseases?|disorders?|failure|injur(?:y|ies)|infections?|pain|"
    r"attacks?|withdrawal|allerg(?:y|ies)|deficiency|damage|bleeding|insufficiency|"
    r"dysfunction|impairment|defects?|abnormalit(?:y|ies)|hypersensitivity|toxicity"
)
# words of a phrase that names a group of people, an age or a kind of thing, not a condition
_GROUP_WORDS = frozenset(
    {"adults", "adolescents", "children", "patients", "people", "persons", "women", "men",
     "aged", "years", "year-old", "class", "family", "category", "efficacy"}
)  # fmt: skip
_WITHDRAWAL_NAME = re.compile(
    r"\bwithdrawal (?:syndrome|symptoms?|reactions?|effects?)\b"
    r"|\b(?:opioid|opiate|neonatal|drug|alcohol|benzodiazepine|nicotine) withdrawal\b",
    re.IGNORECASE,
)
_NOT_A_CONDITION_WORD = re.compile(
    r"(?:19|20)\d\d|xr|cr|er|sr|xl|la|od|mg|mcg"
    # a recovery is no finding: "resulted in complete recovery", "a rapid normalization"
    r"|normali[sz]ation|improvement|resolution|remission|recovery|disappearance"
)
_LAST_PLACEHOLDER = re.compile(r"⟨[^⟩]*⟩$")
_ADJECTIVE = re.compile(r"(?:al|ic|ous|ive|ful|able|ible|ed|ly|less|ish)$")
_ADVERB_OR_PARTICIPLE = re.compile(r"(?:ly)$")
# a subject right after one of these is the object of a preposition or a second conjunct
_GOVERNED = re.compile(
    r"(?:\b(?:with|of|to|from|than|like|by|for|about|on|in|into|plus|nor|against|a|an)"
    r"|(?<![,;])\s(?:and|or))\s*$"  # ", and it can ..." starts a new clause
)
# the use of a drug, which the statement after it is about: "long-term use of X can cause",
# "exposure to X may cause", "treatment with X may cause" (the drug is no object there)
_USE_OF = re.compile(
    r"\b(?:use|usage|exposure|doses?|dosing|treatment|therapy|administration|intake"
    r"|ingestion|consumption|injections?|infusions?) (?:of|to|with)\s*$"
)
# what a statement on a drug's use says of the drug (not its uses or classes: "caused by
# treatment with corticosteroids" is no subject of "used to treat")
_USE_PREDICATES = frozenset(
    {
        Predicate.HAS_SIDE_EFFECT,
        Predicate.HAS_RISK,
        Predicate.CONTRAINDICATED_IN,
        Predicate.CAUTION_IN,
    }
)
_RELATIVE = re.compile(r"who|that|which|whose|whom")
_COMPARED = re.compile(
    r"\b(?:unlike|like|compared (?:with|to)|than|such as|including|versus|vs)\W*$"
)
_CLAUSE_BREAK = re.compile(r"[;:]\s*")
_TOKENS = re.compile(r"[a-z0-9']+")
# an object that points back at the findings just named: "these symptoms", "such effects"
_THESE_FINDINGS = re.compile(
    r"\s*(?:these|those|such|both) (?:symptoms|signs|effects|side effects|problems|conditions"
    r"|complications|reactions|disorders)(?:\s+(?:can|may|might|could|should|will|are|is))*\s*"
)
_ANAPHOR_WORDS = frozenset({"it", "it's", "this", "the", "such", "they", "these"})
# "They can cause ...", "These drugs ...": the class the sentence before was about
_PLURAL_ANAPHOR = re.compile(r"\s*(?:they|these (?:medications|medicines|drugs|agents))\s*")
_ANAPHOR_NOUNS = frozenset({"medication", "medicine", "drug", "treatment", "medications",
                            "medicines", "drugs", "benzodiazepine"})  # fmt: skip
_WITHDRAWAL_WORD = re.compile(r"\b(?:withdrawal|discontinuation|stopping|quitting|coming off)\b")
_SIDE_EFFECT_WORD = re.compile(r"\b(?:side[- ]effects?|adverse (?:effects?|reactions?))\b")
_SUCH_AS = re.compile(r",?\s*\b(?:such as|including|like|e\.g\.)\s+")
_PREPOSITION = re.compile(
    r"\s(?:for|in|at|among|during|with|without|from|on|to|when|while|if|that|which"
    r"|used|prescribed|indicated|approved|given|taken|available|marketed|sold)\s"
)  # "a ⟨K⟩ used medically to treat ...": a drug's or class's name ends before it
# "prescribed off-label for": a use outside the approved ones
_OFF_LABEL = re.compile(r"\boff[- ]label\b")
# class statements that give examples rather than say what a drug is
# "a certain type of disease affecting the blood called ⟨C⟩": the name after "called"
_CALLED = re.compile(r"\b(?:called|known as|named|termed)\s+(?=⟨)")
# the plain words right before a position (at most five): what a bracket may abbreviate
_WORDS_BEFORE = re.compile(r"(?:[a-z][a-z-]* ?){1,5}$")
# a subtype, step or duration by its number, which names no finding alone
_NUMBERED = re.compile(
    r"(?:(?:type|grade|stage|class|phase|step|section|number|part) )?(?:\d+|[ivx]+)|\d+-\w+"
)
# the drug a leaflet's warning is about: "before taking ⟨D⟩", "before you are given ⟨D⟩"
_BEFORE_TAKING = re.compile(
    r"\bbefore (?:you )?(?:start |starting |take |taking |use |using |are given |receive |"
    r"receiving |treatment with )(?:treatment with |taking )?(⟨[DB]\d+\|[^⟩]*⟩)"
)
# "a family history of ⟨C⟩"
_FAMILY_HISTORY = re.compile(r"(?:a |your |any )?(?:known )?family history of (⟨C\d+\|[^⟩]*⟩)")
# a class, then the one drug it stands for: "the beta-blocker, ⟨D⟩", "the SSRI ⟨D⟩"
_NAMED_MEMBER = re.compile(r",?\s*(⟨D\d+\|[^⟩]*⟩)(?!\s*(?:,|and|or)\s*⟨)")
# a class the sentence sets against the drug after it: "unlike other ⟨K⟩, ⟨D⟩ ..."
_CONTRASTED = re.compile(r"\b(?:unlike|in contrast to)\s+(?:(?:other|most|many|all)\s+)?$")
# or several, right after the class: "with the chemotherapy medicine ⟨D⟩ or ⟨D⟩"
_NAMED_MEMBERS = re.compile(
    r"\s+⟨D\d+\|[^⟩]*⟩(?:(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)⟨D\d+\|[^⟩]*⟩)+"
)
# a group of patients: "adults", "older adults", "paediatric patients", "⟨P⟩"
_GROUP = (
    r"(?:(?:the|adult|young|older|elderly|paediatric|pediatric)\s+)?(?:adults?|patients|people|"
    r"persons|children|adolescents|teenagers|infants|babies|individuals|women|men|those|"
    r"⟨P\d+\|[^⟩]*⟩)"
)
# what may stand between groups and their condition: more groups, their ages and weights
# ("children 6 months to 11 years old", "adults and adolescents (12 years and older)")
_AGE_WORD = (
    r"(?:\d+|one|two|three|four|five|six|twelve|years?|months?|weeks?|old|of|age|ages|aged|"
    r"all|and|or|older|over|above|under|below|younger|from|to|up|at|least|weighing|kg|than|"
    r"between|newly|previously|untreated|also)"
)
# "used to treat children who suffer from ⟨C⟩": the group, then what it has
_WHO_HAVE = re.compile(
    r"\s*(?:(?:the|adult|young|older|elderly)\s+)?(?:adults|patients|people|persons|children|"
    r"adolescents|individuals|women|men|those|⟨P\d+\|[^⟩]*⟩)\s+who\s+(?:have|has|suffer from|"
    r"suffers from|are suffering from|are diagnosed with|have been diagnosed with)\s+"
    r"(?=(?:[a-z-]+\s+){0,2}⟨)"
)
# where a group cannot be the object (what a drug treats, what it causes): "children 2
# years and older with ⟨C⟩", "adults and adolescents (12 years and older) who have been
# diagnosed with ⟨C⟩"; the group is who, the ⟨C⟩ is what
_GROUP_WITH = re.compile(
    rf"\s*{_GROUP}(?:[\s,()–-]+(?:{_GROUP}|{_AGE_WORD}))*?\)?\s+(?:who\s+(?:have|has|are)\s+"
    r"(?:been\s+)?(?:diagnosed|infected)\s+with|who\s+(?:have|has|suffer from|suffers from|"
    r"are suffering from)|(?:newly\s+)?diagnosed\s+with|infected\s+with|with)\s+"
    r"(?=(?:[a-z-]+\s+){0,3}⟨)"
)
# "in some patients with ⟨C⟩, ... may occur": the group the statement is about, before the
# list of what occurs (the comma ends it)
_IN_GROUP_WITH = re.compile(
    rf"\s*(?:in|among) (?:some |rare |a few |many |most |certain )?{_GROUP}\s+(?:with|who have|"
    r"who had)\s[^,]*(?:,|$)"
)
_DISEASE_NOUN = re.compile(r"\b(?:disease|condition|illness|disorder|infection|cancer|problem)s?\b")
# a clause on a list item's name: a participle or a relative word after it
_CLAUSE_ON_ITEM = re.compile(
    r"(?:that|which|who|whose|where|when|used|given|prescribed|indicated|approved|marketed|"
    r"taken|administered|caused|induced|developed|discovered|invented|synthesized|"
    r"synthesised|first|sold|available)|[a-z]{3,}ing"
)
_DUE_TO = re.compile(r"due to|caused by")
# a clause on a list item that names what the item leads to
_LEADS_TO = re.compile(
    r"(?:which|that)\s+(?:(?:may|can|could|might|will|would|often|also)\s+)*"
    r"(?:lead|leads|cause|causes|result|results|increase|increases|produce|produces|trigger"
    r"|triggers)\b"
)


def _drug_classes(found: list[Assertion]) -> Iterator[Assertion]:
    """The readings that put a drug in a class, whose name may say more about the drug."""
    for assertion in found:
        triple = assertion.triple
        if triple.predicate is Predicate.MEMBER_OF_CLASS and triple.subject.type is EntityType.DRUG:
            yield assertion


def _phrase_item(text: str) -> bool:
    """A paragraph that reads as a list item: lower-case words without a verb, one clause.

    >>> _phrase_item("cough, stuffy nose"), _phrase_item("You may feel dizzy.")
    (True, False)
    """
    body = text.strip().rstrip(".;,")
    words = body.split()
    return (
        bool(words)
        and len(words) <= 25
        and body[:1].islower()
        and "." not in body
        and ":" not in body
        and is_phrase(body)
    )


# the nouns a class named by its purpose ends in ("diabetes medicines")
_MEDICINE_NOUNS = frozenset(
    {"medicines", "medicine", "medications", "medication", "drugs", "drug", "tablets"}
)
# what a medicine is for: a condition named so is the purpose of a medicine the patient
# takes, not a state of the patient ("if you take medicines for epilepsy", "HIV medicines")
_MEDICINE_FOR = re.compile(
    r"\b(?:medicines?|medications?|drugs?|tablets)\s+(?:(?:that are |which are )?"
    r"used\s+)?(?:for|to treat|to prevent|to control)\s"
)
_MEDICINE_AFTER = re.compile(r"\s*(?:medicines?|medications?|drugs?)\b")
_PATIENT_VERB = re.compile(r"\b(?:have|has|had|are|is|were|was|suffer|suffering|if)\b")


def _medicine_purpose(text: str, lo: int, a: int, b: int) -> bool:
    """Whether the condition named in the item ``text[a:b]`` of a list that opens at ``lo``
    is what a medicine is for ("taking medicines for heart rhythm problems or for
    epilepsy", "any HIV medicines"), not a state of the patient ("... or have bleeding")."""
    named = [t for t in _PLACEHOLDER.finditer(text, a, b) if t.group(1) == "C"]
    if not named:
        return False
    if _MEDICINE_AFTER.match(text, named[-1].end()):
        return True
    openings = list(_MEDICINE_FOR.finditer(text, lo, named[0].start()))
    return bool(openings) and not _PATIENT_VERB.search(text, openings[-1].end(), named[0].start())


# the cause a finding's name is followed by ("spasms from an injury")
_CAUSE_AFTER = re.compile(
    r"\s+(?:from|secondary to|resulting from|arising from)\s(?:[\w'-]+\s+){0,3}?"
    r"(?:⟨|(?:disease|condition|illness|disorder|infection|injur(?:y|ies)|cancer)s?\b)"
)
# a list item that opens with what the medicine does for a finding is a clause of its own:
# "increases X and helps relieve ⟨C⟩" names no second thing it increases
_PURPOSE_PREDICATES = frozenset({Predicate.TREATS, Predicate.USED_OFF_LABEL_FOR})
_PURPOSE_CLAUSE = re.compile(
    r"\s*(?:helps?|helped|treats?|treated|relieves?|relieved|prevents?|prevented|controls?|"
    r"controlled|manages?|managed|eases?|eased|improves?|improved|alleviates?|alleviated|"
    r"cures?|cured|fights?|soothes?|soothed|protects?|protected)\b"
)
# an adverb that opens such a clause ("mainly used", "most commonly prescribed")
_CLAUSE_ADVERB = re.compile(
    r"primarily|mainly|mostly|chiefly|principally|predominantly|largely|commonly|widely|"
    r"frequently|usually|typically|generally|often|most|also|now|still|currently|originally"
)
_ACTION_HEAD = re.compile(r"(?:ago|antago)nists?|blockers?|inhibitors?|modulators?|activators?")
# a class named by the transmitters whose reuptake or release its members act on
_CARRIED = re.compile(r"(?P<what>.+?)\s+(?:re-?uptake|uptake|release|releasing)", re.IGNORECASE)
_TRANSMITTER_JOINT = re.compile(r"\s*(?:–|—|-|/|,|\band\b)\s*")
# a verdict after the statement that takes it back
_UNPROVEN = re.compile(
    r"\b(?:(?:has|have|is|are|was|were) not (?:yet )?(?:been )?(?:proven|proved|"
    r"established|demonstrated|shown|confirmed)|(?:is|are|was|were|remains?) (?:unproven|unclear|"
    r"uncertain|not known|unknown|doubtful))\b"
)
# a verdict before the statement that denies it: "there is no evidence that X improves Y"
_NO_EVIDENCE = re.compile(
    r"\b(?:no|insufficient|not enough|not sufficient) (?:good |clear |strong |convincing |"
    r"high-quality |reliable |robust |sufficient )?evidence (?:that|to suggest that|showing that)"
    r"[^.;:,]*$"
)
_THIS_MEDICINE = re.compile(r"\bthis (?:medicine|medication|medicinal product|vaccine)\b")
# a drug or class named in the sentence (focus rules defer to it)
_AGENT_TOKEN = re.compile(r"⟨([DBK])(\d+)\|[^⟩]*⟩")
# "(such as ⟨D⟩, ⟨D⟩)": the examples a class is given in brackets
_EXAMPLES_BRACKET = re.compile(
    r"\(\s*(?P<cue>such as|e\.\s?g\.?|eg|like|including|for example|for instance)?\s*,?\s*"
    r"(?P<list>[^()]*?)\s*\)"
)
# what a bracket of examples may hold besides the names: "(such as A, an B e.g. C, etc.)"
_EXAMPLE_FILLER = re.compile(
    r"\b(?:and|or|etc|e\.\s?g|eg|an?|other|such as|including|like|certain|some|the)\b|[\s,.]"
)
_BEFORE_BRACKET = re.compile(r"\s*\)?\s*(?:\([^()]*\)\s*)?\(")  # "⟨K⟩ (SSRIs) (such as"
# "⟨K1|ssri⟩ or ⟨K2|snri⟩": several subjects at once
_COORDINATED = re.compile(
    r"⟨[A-Z]\d+\|[^⟩]*⟩(?:\s*,\s*⟨[A-Z]\d+\|[^⟩]*⟩)*,?\s+(?:and|or)\s+⟨[A-Z]\d+\|[^⟩]*⟩"
    r"|⟨[A-Z]\d+\|[^⟩]*⟩(?:\s*,\s*⟨[A-Z]\d+\|[^⟩]*⟩)+"
)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one document states: its assertions and dose records; ``cut`` says, in one
    line, what was left unread at a limit (``MAX_LIST_FACTS``, ``MAX_DOCUMENT_FACTS``)."""

    document: Document
    assertions: tuple[Assertion, ...]
    doses: tuple[Dose, ...] = ()
    cut: str = ""

    def asserted(self) -> tuple[Assertion, ...]:
        """The assertions that are not negated."""
        return tuple(a for a in self.assertions if not a.evidence.negated)


# a determiner right before a match denies it: the same rule also matches "no ⟨C0⟩ has been
# reported with ⟨D1⟩" from ⟨C0⟩ on, leaving the "no" outside its words
_DENIED_BEFORE = re.compile(r"\b(?:no|not any)\s+$")


@dataclass(slots=True)
class _Masked:
    """A sentence in folded text with each mention replaced by a placeholder like ``⟨D0⟩``."""

    text: str
    mentions: list[Mention]
    sentence: Sentence
    # parallel lists: masked start of each piece, its document start, placeholder index or -1
    m_starts: list[int] = field(default_factory=list)
    o_starts: list[int] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, sentence: Sentence, mentions: list[Mention]) -> _Masked:
        folded = fold(sentence.text)
        parts: list[str] = []
        m_starts: list[int] = []
        o_starts: list[int] = []
        kinds: list[int] = []
        pos = 0
        length = 0
        for i, m in enumerate(mentions):
            lo, hi = m.start - sentence.start, m.end - sentence.start
            if lo > pos:
                m_starts.append(length)
                o_starts.append(sentence.start + pos)
                kinds.append(-1)
                parts.append(folded[pos:lo])
                length += lo - pos
            token = f"⟨{PLACEHOLDER_CODE[m.type]}{i}|{m.entity.key}⟩"
            m_starts.append(length)
            o_starts.append(m.start)
            kinds.append(i)
            parts.append(token)
            length += len(token)
            pos = hi
        if pos < len(folded):
            m_starts.append(length)
            o_starts.append(sentence.start + pos)
            kinds.append(-1)
            parts.append(folded[pos:])
        return cls("".join(parts), mentions, sentence, m_starts, o_starts, kinds)

    def original(self, lo: int, hi: int) -> str:
        """The document text behind the masked span ``[lo, hi)``."""
        return self.sentence.text[self._orig(lo, start=True) : self._orig(hi, start=False)]

    def _orig(self, x: int, *, start: bool) -> int:
        i = max(bisect.bisect_right(self.m_starts, x) - 1, 0)
        if not self.m_starts:
            return 0
        kind = self.kinds[i]
        if kind >= 0:  # inside a placeholder: snap to the mention's edge
            m = self.mentions[kind]
            pos = m.start if (start or x == self.m_starts[i]) else m.end
        else:
            pos = self.o_starts[i] + (x - self.m_starts[i])
        return pos - self.sentence.start

    def mention_at(self, token: re.Match[str]) -> Mention:
        return self.mentions[int(token.group(2))]


@dataclass(slots=True)
class _State:
    """Reading state while walking a document: who "it" is, what section we are in."""

    main_drug: Entity | None
    recent_drug: Entity | None = None
    recent_class: Entity | None = None  # the class the sentence before was about
    # the document's drug, where the sentence before put it in a class: "X belongs to a group
    # of medicines called K. These medicines are used to treat Y" says it of X too
    recent_member: Entity | None = None
    section: SectionRule | None = None
    section_drug: Entity | None = None
    list_rule: Rule | SectionRule | None = None
    nested_lead: Block | None = None  # a lead-in that is itself an item of the list above
    list_subject: Entity | None = None
    list_hedged: bool = False
    topic: tuple[Entity, ...] = ()  # drugs an "alternatives to ..." passage is about
    list_off_label: bool = False
    subheading: Block | None = None  # the heading just read, if it kept its section
    section_level: int = 0  # the Markdown level of the section's heading (0: not known)
    # classes the document says its drug belongs to: "like other beta blockers" in an
    # interactions section is about the drug's own class, not a second agent
    own_classes: set[tuple[EntityType, str]] = field(default_factory=set)
    # what the paragraph so far is about: withdrawal or side effects ("These symptoms...")
    paragraph_predicate: Predicate | None = None
    off_label_block: Block | None = None  # a paragraph that said "off-label" before
    # the findings the sentence before named: what "these symptoms" stands for
    recent_conditions: tuple[Entity, ...] = ()

    @property
    def focus(self) -> Entity | None:
        return self.recent_drug or self.section_drug or self.main_drug


class Extractor:
    """Reads documents with the rule set and the gazetteer.

    >>> ex = Extractor()
    >>> doc = Document.from_text("d", "Sertraline is used to treat depression and panic disorder.")
    >>> sorted((a.triple.subject.label, a.triple.predicate.value, a.triple.object.label)
    ...        for a in ex.extract(doc).assertions)
    [('sertraline', 'treats', 'depression'), ('sertraline', 'treats', 'panic disorder')]
    """

    def __init__(
        self,
        rules: RuleSet | None = None,
        gazetteer: Gazetteer | None = None,
        *,
        model: RelationModel | None = None,
        literature: LiteratureModel | None = None,
        prefilter: bool = True,
    ) -> None:
        """``model``: a learned relation model that adds, above its thresholds, facts the
        rules do not state (:func:`drugkg.extract.relation.RelationModel.load` gives the
        shipped one); ``literature``: the case-report reader, which adds the adverse events
        of documents in the register of the medical literature
        (:func:`drugkg.extract.literature.is_case_report`); None reads with the rules alone.
        ``prefilter``: skip the rules RE2 rules out for a sentence (:mod:`.prefilter`); the
        readings are the same either way, only slower without."""
        self.rules = rules or load_rules()
        # the rules whose drugs are named in passing (their readings set no topic)
        self._in_passing = frozenset(r.id for r in self.rules.rules if r.in_passing)
        self._class_own = frozenset(r.id for r in self.rules.rules if r.class_own)
        self.gazetteer = gazetteer or default_gazetteer()
        self.model = model
        self.literature = literature
        self._doses = DoseReader(self.gazetteer)
        self._vocab_keys: dict[str, frozenset[str]] = {}
        # rules indexed by one word each must see: a sentence without it skips the rule
        # (as bit sets over rule numbers, so that a sentence's candidates are one union)
        self._always = 0
        self._by_word: dict[str, int] = {}
        for i, rule in enumerate(self.rules.rules):
            if not rule.required:
                self._always |= 1 << i
                continue
            for word in min(rule.required, key=_commonness):
                self._by_word[word] = self._by_word.get(word, 0) | 1 << i
        # one RE2 pass that tells which rules can match at all (prefilter.py)
        patterns = [r.regex.pattern for r in self.rules.rules] if prefilter else []
        self._prefilter = RulePrefilter(patterns, size=len(self.rules.rules))
        self._generic_keys = frozenset(entity_key(g) for g in self.rules.lists.generic)
        self._class_head: re.Pattern[str] | None = None
        self._condition_words: frozenset[str] | None = None

    # ------------------------------------------------------------------ public
    def extract(self, document: Document) -> Extraction:
        """All assertions (negated ones included, flagged) and doses stated in ``document``."""
        text = document.text
        self._doses.reset()
        mentions = products(text, self._with_open_classes(text, self.gazetteer.find(text)))
        mentions = family_names(text, mentions, self.gazetteer.lookup)
        blocks = segment(text)
        drugs = ranked_drugs(mentions)
        state = _State(main_drug=drugs[0] if drugs else None)
        found: dict[tuple[Triple, int], Assertion] = {}
        doses: list[Dose] = []
        starts = [m.start for m in mentions]
        in_list = 0  # what the list being read (consecutive bullets) has stated
        lists_cut = bullets_cut = 0
        list_full = document_cut = False
        for block in blocks:
            self._enter_block(block, state, mentions, starts)
            if block.kind is not BlockKind.BULLET:
                in_list, list_full = 0, False
            elif in_list >= MAX_LIST_FACTS:
                lists_cut += not list_full
                list_full = True
                bullets_cut += 1
                continue
            if len(found) + len(doses) >= MAX_DOCUMENT_FACTS:
                document_cut = True
                break
            before = len(found)
            for sentence in sentences(block):
                if sentence.end - sentence.start > _MAX_SENTENCE:
                    continue
                lo = bisect.bisect_left(starts, sentence.start)
                hi = bisect.bisect_left(starts, sentence.end)
                local = [m for m in mentions[lo:hi] if m.end <= sentence.end]
                masked = _Masked.build(sentence, local)
                found_here = list(self._read_sentence(masked, state, document.id, block))
                found_here = _orient(found_here, state.main_drug)
                for assertion in found_here:
                    if a_state_as_event(assertion):
                        continue
                    key = (assertion.triple, sentence.start)
                    if key not in found or _better(assertion, found[key]):
                        found[key] = assertion
                doses.extend(self._doses.read(sentence, local, state.focus, document.id))
                state.recent_drug = (
                    _topic_drug(sentence, local, found_here, state.main_drug, self._in_passing)
                    or state.recent_drug
                )
                state.recent_class = _topic_class(sentence, local, found_here)
                state.recent_member = next(
                    (
                        a.triple.subject
                        for a in found_here
                        if a.triple.predicate is Predicate.MEMBER_OF_CLASS
                        and a.triple.subject == state.main_drug
                        and not a.evidence.negated
                    ),
                    None,
                )
                state.recent_conditions = tuple(
                    dict.fromkeys(m.entity for m in local if m.type is EntityType.CONDITION)
                )
                state.own_classes.update(
                    a.triple.object.identity
                    for a in found_here
                    if a.triple.predicate is Predicate.MEMBER_OF_CLASS
                    and a.triple.subject == state.main_drug
                )
            if block.kind is BlockKind.BULLET:
                in_list += len(found) - before
        cut = []
        if lists_cut:
            cut.append(
                f"{bullets_cut} list items not read ({lists_cut} list(s) stated "
                f"{MAX_LIST_FACTS} facts, the most one list may)"
            )
        if document_cut:
            cut.append(f"the rest not read (the document stated {MAX_DOCUMENT_FACTS} facts "
                       "and doses, the most one document may)")  # fmt: skip
        assertions = _off_label_only(
            tuple(
                a
                for a in found.values()
                if not combination_and_part(a.triple.subject, a.triple.object)
                and not self._the_reader(a)
            )
        )
        titled = {
            m.entity for m in mentions[:20] if m.start < _TITLE_SPAN and m.type in _DRUG_TYPES
        }
        if state.main_drug is not None and titled == {state.main_drug}:
            # the article of one drug: its classes' facts are its own
            assertions = _own_class_to_drug(assertions, state.main_drug, self._class_own)
        if self.model is not None:
            # the model scores the candidate pairs of the same mentions; it adds what the
            # rules did not state, each reading tagged with the model's version
            learned = self.model.assertions(document, self.gazetteer, assertions, mentions=mentions)
            assertions = _off_label_only(assertions + tuple(learned))
        if self.literature is not None and is_case_report(text):
            assertions, events = self.literature.read(
                document, self.gazetteer, mentions, assertions, blocks
            )
            assertions += tuple(e for e in events if not a_state_as_event(e))
        return Extraction(document, assertions, tuple(doses), "; ".join(cut))

    def _the_reader(self, assertion: Assertion) -> bool:
        """Whether a caution or contraindication's group is only the reader a leaflet
        addresses ("if you or your child have glaucoma", "if your child has:"), not a group
        the drug is for."""
        obj = assertion.triple.object
        if assertion.triple.predicate not in _STATES or obj.type is not EntityType.POPULATION:
            return False
        sentence = assertion.evidence.sentence
        if not _ADDRESSEE.search(sentence):
            return False
        rest = _ADDRESSEE.sub(" ", sentence)
        return not any(m.entity.identity == obj.identity for m in self.gazetteer.find(rest))

    def extract_text(self, text: str, *, doc_id: str = "text") -> Extraction:
        return self.extract(Document.from_text(doc_id, text))

    def _with_open_classes(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Add drug classes the lexicon does not know, told by their head word and followed
        by examples ("adrenergic receptor agonists such as ...", "catecholamine-depleting
        drugs like ...")."""
        lists = self.rules.lists
        if self._class_head is None:
            heads = "|".join(sorted(map(re.escape, lists.class_heads), key=len, reverse=True))
            self._class_head = re.compile(rf"((?:[^\W_][\w'-]* ){{1,3}})(?:{heads})\b")
        folded = fold(text)
        starts = [m.start for m in mentions]
        added: list[Mention] = []
        replaced: set[int] = set()
        for match in self._class_phrases(folded, mentions, starts):
            words = match.group().split()
            while words and (
                words[0] in lists.function_words
                or words[0] in _NOT_A_MODIFIER
                or not _CLASS_WORD.fullmatch(words[0])
                or words[0].endswith("ly")  # "chemically unrelated drugs"
            ):
                words.pop(0)
            if not words or " ".join(words[:-1]) in lists.generic:
                continue
            if len(words) == 1 and match.re is not _ONE_WORD_CLASS:
                continue
            if any(w in lists.function_words or w in _NOT_A_MODIFIER for w in words[:-1]):
                continue  # "managed by drugs such as": a clause, not a class name
            end = match.end()
            start = end - len(" ".join(words))
            i = bisect.bisect_left(starts, start)
            inside = [m for m in mentions[max(0, i - 3) : i + 3] if m.start < end and start < m.end]
            if any(m.start < start or m.end > end or m.type not in _CLASS_PARTS for m in inside):
                continue  # the lexicon named it, or a drug or class in it, already
            entity = Entity.make(EntityType.CLASS, text[start:end])
            added.append(Mention(start, end, text[start:end], entity))
            replaced.update(id(m) for m in inside)  # "adrenergic receptor" in the class name
        if not added:
            return mentions
        kept = [m for m in mentions if id(m) not in replaced]
        return sorted([*kept, *added], key=lambda m: m.start)

    def _class_phrases(
        self, folded: str, mentions: list[Mention], starts: list[int]
    ) -> Iterator[re.Match[str]]:
        """Phrases that end with a class head where a class is expected: before examples
        ("... agonists such as"), or as an item of a comma list (", ergot alkaloids,").
        Before examples that begin with a drug, one word of a class's shape is a class too
        ("sympathomimetics like ⟨drug⟩")."""
        assert self._class_head is not None
        lists = self.rules.lists
        for example in _EXAMPLES_CUE.finditer(folded):
            # look back from "such as" for a class head: cheaper than scanning every word
            lo = max(0, example.start() - 80)
            ends = list(self._class_head.finditer(folded, lo, example.start()))
            if ends and ends[-1].end() == example.start():
                yield ends[-1]
                continue
            word = _ONE_WORD_CLASS.search(folded, lo, example.start())
            if (
                word is None
                or word.group() in lists.function_words
                or word.group() in lists.generic
                or not lists.class_suffix.search(word.group())
            ):
                continue
            i = bisect.bisect_left(starts, example.end())
            if (
                i < len(mentions)
                and mentions[i].start == example.end()
                and (mentions[i].type is EntityType.DRUG)
            ):
                yield word
        for comma in _LIST_COMMA.finditer(folded):
            match = self._class_head.match(folded, comma.end())
            if match and _LIST_ITEM_END.match(folded, match.end()):
                yield match

    def _candidates(self, words: set[str], texts: list[str]) -> Iterator[Rule]:
        """The rules that may match a sentence with these words, in rule order: a word
        each needs is there, and its pattern, loosened, matches one of the texts."""
        hits = self._always
        by_word = self._by_word
        for word in words:
            hits |= by_word.get(word, 0)
        if hits:
            hits &= self._prefilter.candidates(texts)
        rules = self.rules.rules
        while hits:
            lowest = hits & -hits
            hits ^= lowest
            rule = rules[lowest.bit_length() - 1]
            if all(not words.isdisjoint(required) for required in rule.required):
                yield rule

    # ------------------------------------------------------------- structure
    def _enter_block(
        self, block: Block, state: _State, mentions: list[Mention], starts: list[int]
    ) -> None:
        if block.kind is BlockKind.HEADING:
            lo = bisect.bisect_left(starts, block.start)
            hi = bisect.bisect_left(starts, block.end)
            drugs = [m.entity for m in mentions[lo:hi] if m.entity.type is EntityType.DRUG]
            section = self._section_for(fold(block.text))
            state.subheading = None
            deeper = not block.level or not state.section_level or block.level > state.section_level
            if section is None and state.section is not None and state.section.predicate and deeper:
                # a heading no section names, under one that bears facts: a sub-heading
                state.subheading = block
                if (
                    drugs
                    and len(block.text.split()) <= 3  # "### Sertraline", not
                    and state.section.predicate is not Predicate.INTERACTS_WITH
                ):  # "Increased alkaline phosphatase in blood" (nor "Warfarin" among the
                    # interactions: the other drug, not the one the section is about)
                    state.section_drug = drugs[0]
            else:
                state.section_drug = drugs[0] if drugs else None
                state.section = section
                state.section_level = block.level
            state.recent_drug = state.section_drug
            state.list_rule = None
            state.topic = ()
        elif block.kind is not BlockKind.BULLET:
            if (
                state.list_rule is not None
                and block.text.rstrip().endswith(":")
                and len(block.text.split()) <= _MAX_NESTED_LEAD
            ):
                # "Talk to your doctor if you have any of the following:" / "an increased
                # risk of bleeding, such as:" / items: an item that leads in items of its own
                state.nested_lead = block
            else:
                state.list_rule = None
            state.topic = ()  # an alternatives passage ends with its paragraph
            state.paragraph_predicate = None
            if names_band(block.text) and not _component(state.recent_drug, state.main_drug):
                # a leaflet's frequency band lists the effects of its own medicine, whatever
                # drug the paragraph before named ("... reduced by taking paracetamol"), or of
                # one of its active substances ("side effects of metformin alone")
                state.recent_drug = state.section_drug

    def _section_for(self, heading: str) -> SectionRule | None:
        for section in self.rules.sections:
            if section.heading.search(heading):
                return section
        return None

    # ------------------------------------------------------------- sentences
    def _read_sentence(
        self, masked: _Masked, state: _State, doc_id: str, block: Block
    ) -> Iterator[Assertion]:
        text = masked.text
        intro = text.rstrip().endswith(":") or (
            block.kind is not BlockKind.HEADING
            and masked.sentence.end == block.end
            and opens_list(masked.sentence.text)
        )
        # a heading can lead in the items below it: "Talk to your doctor before using X"
        lead = intro or block.kind is BlockKind.HEADING
        intros: list[tuple[Rule, Entity, bool, bool]] = []
        found: list[Assertion] = []
        words = set(_TOKENS.findall(text))
        subject_possible = (
            _AGENT_TOKEN.search(text) is not None
            or "⟨H" in text
            or bool(
                words & _ANAPHOR_WORDS
                and (words & {"it", "it's", "they"} or words & _ANAPHOR_NOUNS)
            )
        )
        base = masked
        # the same sentence without its asides ("Fluoxetine, sold under the brand name Prozac
        # among others, is used for ..."), so that fixed-gap patterns reach across them
        plain = _without_parentheticals(masked)
        variants = [(masked, text)] if plain is None else [(masked, text), (plain, plain.text)]
        compared = [m.span() for m in _COMPARED.finditer(text)] if plain is not None else []
        for rule in self._candidates(words, [text for _, text in variants]):
            if rule.needs_subject and not subject_possible:
                continue  # no drug, class, therapy or "it" for the rule to be about
            section_predicate = state.section.predicate if state.section else None
            if rule.within and section_predicate not in rule.within:
                section_predicate = state.paragraph_predicate  # "These symptoms include ..."
            within = section_predicate if rule.within else None
            if rule.within and section_predicate not in rule.within:
                continue
            for masked, text in variants:
                for match in _matches(rule, text):
                    if (
                        masked is base
                        and compared
                        and _subject_in(match, [c for c in compared if c[0] < match.start()])
                    ):  # (a rule that reads the comparison itself knows what it says)
                        continue  # "unlike propranolol, nadolol ...": not about propranolol
                    if rule.topic == "set":  # every drug the passage names after "alternatives to"
                        lo = match.start()
                        drugs = [
                            masked.mention_at(t).entity
                            for t in _PLACEHOLDER.finditer(text, lo)
                            if masked.mention_at(t).entity.type is EntityType.DRUG
                        ]
                        state.topic = tuple(dict.fromkeys(drugs))
                        continue
                    if rule.subject == "focus" and _names_another(
                        masked, match.start(), state.focus
                    ):
                        continue  # the sentence names another subject before this
                    if rule.subject == "section" and _names_another(
                        masked, len(text), state.section_drug or state.main_drug
                    ):
                        continue  # "... were observed in users of ⟨D⟩": about that drug
                    subjects = self._subjects(match, masked, rule, state)
                    if not subjects:
                        continue
                    negated = rule.negation and self._negated(
                        match, masked, focus=rule.subject == "focus"
                    )
                    hedged = self._hedged(match, masked)
                    objects_at = slot_start(match, "objects", "object")
                    before_objects = match.end() if objects_at is None else objects_at
                    off_label = rule.predicate is Predicate.TREATS and (
                        (intro and state.off_label_block is block)  # "...off-label. Used for:"
                        or bool(_OFF_LABEL.search(text, 0, max(before_objects, match.start())))
                    )
                    objects: list[Entity]
                    if rule.constant_object is not None:
                        objects = [self._constant_object(rule.constant_object)]
                    elif rule.topic in ("use", "use_or_focus"):
                        objects = list(state.topic)
                        if not objects and rule.topic == "use_or_focus" and state.focus:
                            objects = [state.focus]  # "Buspirone is another option."
                    else:
                        slot = "objects" if "objects" in rule.regex.groupindex else "object"
                        lo, hi = match.span(slot)
                        if lead and _NO_OBJECT_YET.fullmatch(text, lo, hi):
                            if rule.predicate is not Predicate.HAS_RISK or not (
                                state.section and state.section.predicate in _SYMPTOM_LISTS
                            ):
                                # (a risk rule does not take over the list of a section
                                # of side effects or withdrawal: "see a doctor if you
                                # develop:", "you may get:" head symptoms there, not risks)
                                intros.append((rule, subjects[0], hedged, off_label))
                            continue
                        if rule.predicate in _STATES and symptoms_to_report(text, lo):
                            continue  # "if you have symptoms, such as dizziness": to report
                        left = lo == match.start() and hi < match.end()
                        objects = self._objects(
                            masked, lo, hi, rule, single=slot == "object", left=left
                        )
                        if not objects:
                            objects = self._these_findings(rule, match, text, lo, hi, state)
                    if rule.predicate is Predicate.HAS_SIDE_EFFECT:
                        if combination(masked, subjects):
                            continue  # what a combination causes is an interaction
                        # "can cause neonatal opioid withdrawal syndrome": withdrawal, not a
                        # side effect (but "social withdrawal" is one)
                        objects = [o for o in objects if not _WITHDRAWAL_NAME.search(o.label)]
                        if rule.subject != "slot" and not_its_effects(masked):
                            continue  # "symptoms of overdose included: ...": not side effects
                        if about_overdose(masked) or (state.section and state.section.no_effects):
                            continue  # "reports of overdose indicate that X may cause ..."
                        if rule.subject != "slot" and its_signs(match, text):
                            continue  # "Infections; symptoms may include fever": its signs
                        in_overdose = overdosed(masked)
                        subjects = [s for s in subjects if s not in in_overdose]
                        if not subjects or stopped(match, text):
                            continue  # overdose, or "after stopping X": withdrawal
                        if withdrawal_examples(match, text):
                            continue  # "a withdrawal syndrome with symptoms such as A"
                    if (
                        len(subjects) >= 3
                        and len(objects) >= 3
                        and not self._bracket_examples(match, masked)
                    ):
                        continue  # "A, B and C are used for D, E and F": which treats which?
                    for subject in subjects:
                        for obj in objects:
                            if rule.predicate is Predicate.HAS_BRAND_NAME and not_its_brand(
                                masked, subject, obj
                            ):
                                continue  # "dextromethorphan (DXM)", "A/B (Brand)"
                            found.append(
                                self._assertion(
                                    rule,
                                    subject,
                                    obj,
                                    masked,
                                    doc_id,
                                    negated=negated,
                                    hedged=hedged,
                                    off_label=off_label,
                                    within=within,
                                )
                            )
        masked, text = base, base.text
        if intros:
            # "Do not take X if you have:" introduces the bullets below; an open rule beats
            # one restricted to a vocabulary, a more reliable rule a less reliable one
            rule, subject, hedged, off_label = min(
                intros, key=lambda c: (c[0].objects is not None, c[0].error_rate)
            )
            state.list_rule, state.list_subject, state.list_hedged = rule, subject, hedged
            state.list_off_label = off_label
        elif intro:
            section = self._section_for(fold(masked.sentence.text))
            if section is not None:
                named = [m.entity for m in masked.mentions if m.entity.type is EntityType.DRUG]
                # "Mirtazapine side effects:" names the drug its list is about
                state.list_subject = named[0] if named else state.focus
                state.list_rule, state.list_hedged = section, False
                state.list_off_label = False
        if block.kind is BlockKind.BULLET or (state.nested_lead is block and not intros):
            found.extend(self._bullet(masked, state, doc_id))
        elif (
            block.kind is BlockKind.PARAGRAPH
            and not intros
            and state.section is not None
            and state.section.predicate is Predicate.HAS_SIDE_EFFECT
            and (state.list_rule is None or state.list_rule.predicate is Predicate.HAS_SIDE_EFFECT)
            and _phrase_item(block.text)
        ):
            # a side-effects section whose layout lost its bullets, each item a paragraph of
            # its own ("dizziness" / "high blood pressure" / "cough, stuffy nose")
            found.extend(self._bullet(masked, state, doc_id, known=True))
        elif state.subheading is block and state.section and state.section.subheadings:
            # "Adverse effects" > "Priapism": a sub-heading that names a known condition; one
            # that names a risk ("Dependence", "Misuse") heads a topic, not an effect
            risks = self._vocabulary("risk")
            found.extend(
                a
                for a in self._bullet(masked, state, doc_id, known=True)
                if a.triple.object.key not in risks
            )
        if state.section and state.section.prose and block.kind is not BlockKind.HEADING:
            found.extend(self._prose(masked, state, doc_id, state.section, found))
        if _OFF_LABEL.search(text):
            state.off_label_block = block
        folded = fold(masked.sentence.text)
        if _WITHDRAWAL_WORD.search(folded):
            state.paragraph_predicate = Predicate.HAS_WITHDRAWAL_SYMPTOM
        elif _SIDE_EFFECT_WORD.search(folded):
            state.paragraph_predicate = Predicate.HAS_SIDE_EFFECT
        found.extend(self._class_targets(found))
        found.extend(self._class_purposes(found))
        # nothing relates a thing to itself, whichever path read it ("X interacts with X":
        # a list that names the drug itself among others)
        found = [a for a in found if a.triple.subject.identity != a.triple.object.identity]
        yield from _apply_overrides(found, self.rules.lists.overrides)

    def _class_targets(self, found: list[Assertion]) -> Iterator[Assertion]:
        """A class named after what its members act on ("an α2-adrenergic receptor
        agonist", "a serotonin antagonist") names the drug's mechanism too."""
        for assertion in _drug_classes(found):
            if assertion.evidence.rule in self._in_passing:
                continue  # "calcium channel blockers like verapamil": named in passing
            words = assertion.evidence.object_text.split()
            lists = self.rules.lists
            while words and (words[0].lower() in lists.kinds or words[0].lower() in lists.stages):
                words = words[1:]  # "a non-selective beta blocker" acts on beta receptors
            if len(words) < 2 or not _ACTION_HEAD.fullmatch(words[-1].lower()):
                continue
            named = " ".join(words[:-1])
            found_as = (self.gazetteer.lookup(n) for n in (named, f"{named} receptors"))
            target = next((e for e in found_as if e and e.type is EntityType.TARGET), None)
            targets = [(named, target)] if target is not None else []
            if target is None and (carried := _CARRIED.fullmatch(named)):
                # "a norepinephrine–dopamine reuptake inhibitor": each transmitter whose
                # reuptake (or release) it acts on
                for part in _TRANSMITTER_JOINT.split(carried["what"]):
                    transmitter = self.gazetteer.lookup(part)
                    if transmitter is not None and transmitter.type is EntityType.TARGET:
                        targets.append((part, transmitter))
            for name, target in dict(targets).items():
                evidence = dataclasses.replace(
                    assertion.evidence, rule="mechanism.class_name", object_text=name
                )
                triple = Triple(assertion.triple.subject, Predicate.MECHANISM, target)
                yield Assertion(triple, evidence)

    def _class_purposes(self, found: list[Assertion]) -> Iterator[Assertion]:
        """A class named by what its members treat ("diabetes medicines such as metformin",
        "epilepsy drugs") says that its members treat it, where the lexicon knows the
        condition."""
        for assertion in _drug_classes(found):
            words = assertion.evidence.object_text.lower().split()
            if len(words) < 2 or words[-1] not in _MEDICINE_NOUNS:
                continue
            named = " ".join(words[:-1])
            condition = self.gazetteer.lookup(named)
            if condition is None or condition.type is not EntityType.CONDITION:
                continue
            evidence = dataclasses.replace(
                assertion.evidence, rule="treats.class_purpose", object_text=named
            )
            yield Assertion(Triple(assertion.triple.subject, Predicate.TREATS, condition), evidence)

    def _prose(
        self,
        masked: _Masked,
        state: _State,
        doc_id: str,
        section: SectionRule,
        found: list[Assertion],
    ) -> Iterator[Assertion]:
        """Every mention of the section's prose types names an object ("Interactions":
        the drugs a sentence there names), unless the sentence is negated."""
        subject = state.section_drug or state.main_drug
        if subject is None or section.predicate is None:
            return
        folded = fold(masked.sentence.text)
        cues = self.rules.context
        if cues.negation.search(folded) and not cues.negation_exceptions.search(folded):
            return
        if section.predicate is Predicate.INTERACTS_WITH and cues.not_an_interaction.search(folded):
            return  # "some doctors pair X with Y on purpose", "other options include Y"
        hedged = bool(cues.hedge.search(folded))
        # (a class the sentence says the examples belong to is still an object here)
        seen = {
            a.triple.object.identity for a in found if a.triple.predicate is section.predicate
        } | {subject.identity}
        for mention in masked.mentions:
            entity = _as_type(mention, section.prose)
            if entity is None or mention.brand is not None or entity.identity in seen:
                continue
            if entity.identity in state.own_classes:
                continue  # "like other beta blockers, it ...": the drug's own class
            seen.add(entity.identity)
            yield self._assertion(
                section, subject, entity, masked, doc_id, negated=False, hedged=hedged
            )

    def _bullet(
        self, masked: _Masked, state: _State, doc_id: str, *, known: bool = False
    ) -> Iterator[Assertion]:
        """A bullet under a list intro or a section heading names one or more objects."""
        rule: Rule | SectionRule | None = state.list_rule or state.section
        if rule is None or rule.predicate is None:
            return
        if masked.sentence.start != masked.sentence.block.start and not (
            state.list_rule and masked.text.startswith("if you ")
        ):
            return  # (but items run together on one line each open with "if you")
        subject = state.list_subject if state.list_rule else (state.section_drug or state.main_drug)
        if subject is None:
            return
        text = masked.text
        if rule.predicate in _STATES and _NOT_STATE.match(text):
            return  # "(if your child) has not been gaining weight": no state it has
        if rule.predicate in _STATES and _opens_with_medicine(masked):
            # "rifampicin - used for infections, including tuberculosis" under "Do not take
            # X": an item that names medicines, whose conditions are their uses
            return
        rest = masked.sentence.block.text[len(masked.sentence.text) :].strip()
        # "if you have severe kidney disease."; under "Do not use X if you", "are allergic to
        # X or any of the other ingredients"
        lead = _IF_YOU.match(text) or _BARE_STATE.match(text)
        if (
            ":" not in text
            and text.rstrip().endswith(".")
            and rest
            and not lead
            and rule.predicate is not Predicate.HAS_SIDE_EFFECT
        ):
            return  # "Blood thinners. Using X with warfarin...": a label; the facts follow it
            # (an effect's item may go on with a comment: "Anaemia. You may feel tired.")
        begin = lead.end() if lead else 0
        examples: tuple[int, int] | None = None
        if lead and (allergic := _ALLERGIC_TO.match(text, begin)):
            # "if you are allergic to X or any of the other ingredients": the allergy
            if substance := _ACTIVE_SUBSTANCE.match(text, allergic.end()):
                text = _blanked(text, substance.span(1), substance.span(2))
                masked = dataclasses.replace(masked, text=text)
            clause = _ALLERGY_END.search(text, begin)
            head_end = clause.start() if clause else len(text.rstrip(".,; "))
        elif (head_end := text.find(":")) < 0:
            # "Diabetes, since signs of low sugar may be masked": the item ends where a
            # clause about it begins
            clause = _ITEM_CLAUSE.search(text, begin)
            at = begin
            while (
                clause
                and (again := _IF_AGAIN.search(text, at))
                and again.start() <= clause.start() < again.end()
            ):
                # "..., or if you are suffering from X": the item runs on past its own verb
                verb = _ITEM_VERB.match(text, again.end())
                at = verb.end() if verb else again.end()
                clause = _ITEM_CLAUSE.search(text, at)
            head_end = clause.start() if clause else len(text.rstrip(".,; "))
            if (
                rule.predicate in (*_STATES, *_USES)
                and clause
                and (such := _SUCH.search(text, begin, clause.end()))
                and not _SYMPTOMS.search(text, 0, such.start())
            ):
                # "if you have a heart disease such as X or Y": the disease, and its examples
                # the lexicon knows, up to the next clause (but "if you notice symptoms such
                # as X", "signs of an infection such as X" list what to report, not a state
                # to be careful in)
                after = _ITEM_CLAUSE.search(text, clause.end())
                examples = (clause.end(), after.start() if after else len(text.rstrip(".,; ")))
                head_end = such.start()
        glossed = None
        if ":" not in text:
            # a finding in brackets at the end of the item, or else at the end of its own
            # words: "fits (seizures) since your doctor may ..." (where only what the lexicon
            # knows counts, the bracket's finding is one: "Loss of hair (alopecia)")
            glossed = _glossed_findings(masked, text) or _glossed_findings(masked, text[:head_end])
        plain, names, signs = glossed if glossed else ("", [], False)
        named = names[0] if names else None
        # each item of a run-on line on its own ("had X, or if you are suffering from Y"),
        # as (where its words begin, where its "or if you" begins)
        parts = [(begin, begin)]
        parts += [(m.end(), m.start()) for m in _IF_AGAIN.finditer(text, begin, head_end)]
        if named is not None:
            parts = []  # a named finding is an item whatever its words
        for n, (at, joint) in enumerate(parts):
            until = parts[n + 1][1] if n + 1 < len(parts) else head_end
            part = _BRACKETS.sub(" ", text[at:until])
            verb = _ITEM_VERB.match(part) if n else None
            part = part[verb.end() :] if verb else part
            if len(part.split()) > 8 and not comma_list(part):
                if len(part.split()) > _MAX_PHRASE_ITEM or not is_phrase(part):
                    if n:  # "... or if you are taking medicines to treat X, your doctor
                        head_end = joint  # will ...": the item ends before that sentence
                        break
                    return  # a sentence, not an item
                # "low blood pressure or a fall in blood pressure on standing up": a long
                # item without a verb, whose parts count only where the lexicon knows them
                known = True
        objects = self._objects(masked, begin, head_end, rule, single=False, known=known)
        if examples is not None and objects:
            more = self._objects(masked, *examples, rule, single=False, known=True)
            objects = list(dict.fromkeys([*objects, *more]))
        if named is not None and named.identity not in {o.identity for o in objects}:
            if (
                not objects
                or self.gazetteer.lookup(objects[-1].label) is None
                or _described(masked, plain, objects[-1], items=known)
            ):
                # "muscle disorder causing twisting movements (dystonia)": the last item's
                # plain words, then the finding's name in brackets, which names that item (but
                # "vasculitis (inflammation of blood vessels)" names its finding first)
                objects = [*objects[:-1], named]
            elif known:
                # only known findings were read: the last item's words were none ("dry
                # mouth or a sore mouth (stomatitis)"), the brackets name it
                objects = [*objects, named]
        if names and signs:
            # "swelling of the face (a sign of an allergic reaction)": the finding, and the
            # one it is a sign of; "fever, cough, wheezing (possible symptoms of
            # pneumonia)": the effect is the one they are the signs of
            objects = list(dict.fromkeys([*(objects if len(objects) == 1 else []), *names]))
        elif names and len(objects) > 2 and _described_syndrome(text, plain):
            # "red patches on the trunk, skin peeling, sores of the mouth and eyes, preceded
            # by fever (Stevens-Johnson syndrome);": findings that describe the one the
            # brackets name are its signs, not effects of their own (but "sleepiness,
            # tiredness or weakness (asthenia);" is a list, its last item glossed)
            objects = names
        if (
            not objects
            and head_end < len(text)
            and not known
            and not (rule.predicate in _STATES and _NOTICE.search(text, 0, head_end))
        ):
            # "Sexual side effects: lower sex drive, delayed ejaculation": a generic label,
            # and the list after the colon
            end = len(text.rstrip(". "))
            objects = self._objects(masked, head_end + 1, end, rule, single=False)
        if rule.predicate not in _USES and _PURPOSE_ITEM.match(text, begin):
            objects = [o for o in objects if o.type is not EntityType.CONDITION]
        for obj in objects:
            yield self._assertion(
                rule,
                subject,
                obj,
                masked,
                doc_id,
                negated=False,
                hedged=state.list_hedged,
                off_label=state.list_off_label and state.list_rule is not None,
            )

    # ---------------------------------------------------------------- slots
    def _subjects(
        self, match: re.Match[str], masked: _Masked, rule: Rule, state: _State
    ) -> list[Entity]:
        """Who the statement is about: the slot's drug (or class, or therapy), several if
        coordinated ("SSRIs or SNRIs"), or the drug being discussed for "it"."""
        if rule.subject == "section":
            drug = state.section_drug or state.main_drug
            return [drug] if drug else []
        if rule.subject == "document":
            drug = state.section_drug or state.main_drug or state.focus
            return [drug] if drug else []
        if rule.subject == "focus":
            if rule.swap and state.main_drug is not None:
                return [state.main_drug]  # "other options include ...": the article's drug
            about = _BEFORE_TAKING.search(masked.text, match.start(), match.end())
            token = _PLACEHOLDER.match(masked.text, about.start(1)) if about else None
            if token:  # "tell your doctor before taking ⟨D⟩ if ...": that drug, not the last
                return [masked.mention_at(token).entity]
            return [state.focus] if state.focus else []
        text = match.group("subject")
        if (
            _THIS_MEDICINE.search(match.group())
            and state.main_drug
            and (text is None or not _PLACEHOLDER.search(text))
        ):
            return [state.main_drug]  # "this medicine": the product, not the last name read
        if text is None:  # an optional subject left out: the drug being discussed
            return [state.focus] if state.focus else []
        start = match.start("subject")
        if (
            not rule.local
            and start == match.start()
            and _GOVERNED.search(masked.text, 0, start)
            and not (rule.predicate in _USE_PREDICATES and _USE_OF.search(masked.text, 0, start))
        ):
            return []  # "... with alcohol or ⟨K⟩ can ...": the object of a preposition
        if rule.members or rule.every:  # "⟨K⟩ such as ⟨K⟩, ⟨D⟩ and ⟨S⟩": the drugs and
            # substances; every one of them for a list of comparators, the class too
            kinds = (*_SUBJECT_TYPES, EntityType.SUBSTANCE) if rule.every else _MEMBER_TYPES
            items = (masked.mention_at(t).entity for t in _PLACEHOLDER.finditer(text))
            return list(dict.fromkeys(e for e in items if e.type in kinds))
        examples = self._bracket_examples(match, masked)
        if examples:
            return examples
        found: list[Entity] = []
        for token in _PLACEHOLDER.finditer(text):
            entity = masked.mention_at(token).entity
            if entity.type in _SUBJECT_TYPES and entity not in found:
                found.append(entity)
        if not found:
            if _PLACEHOLDER.search(text):
                return []
            if _PLURAL_ANAPHOR.fullmatch(text):
                if state.recent_class is not None:
                    return [state.recent_class]  # "Benzodiazepines ... They can cause ..."
                if state.recent_member is not None:
                    return [state.recent_member]
                return []  # without a class before it: people, or a group left unnamed
            return [state.focus] if state.focus else []  # an anaphor: "it", "this medication"
        bare = re.sub(r"\s*\([^()]*\)", "", text).strip(" ,")  # "sertraline (Zoloft) and ..."
        if len(found) > 1 and _COORDINATED.fullmatch(bare):
            return found
        drugs = [e for e in found if e.type is EntityType.DRUG]
        if (
            not drugs
            and len(found) == 1
            and found[0].type is EntityType.CLASS
            and not _CONTRASTED.search(masked.text, 0, match.start("subject"))
        ):  # (but "unlike beta-blockers, celiprolol ..." says the class is another)
            apposed = _NAMED_MEMBER.match(masked.text, match.end("subject"))
            member = _PLACEHOLDER.match(masked.text, apposed.start(1)) if apposed else None
            if member:  # "treatment with the beta-blocker, celiprolol": the drug it names
                return [masked.mention_at(member).entity]
            listed = _NAMED_MEMBERS.match(masked.text, match.end("subject"))
            if listed:  # "the chemotherapy medicine paclitaxel or docetaxel": the drugs
                tokens = _PLACEHOLDER.finditer(listed.group())
                return list(dict.fromkeys(masked.mention_at(t).entity for t in tokens))
        return [drugs[0] if drugs else found[0]]

    @staticmethod
    def _bracket_examples(match: re.Match[str], masked: _Masked) -> list[Entity]:
        """A subject in or just before a bracket of examples, "⟨K⟩ (such as ⟨D⟩, ⟨D⟩) used
        to treat ...": the class and every example it gives, when the bracket closes
        before the statement goes on and holds nothing but names."""
        start = match.start("subject")
        text = masked.text
        head = _PLACEHOLDER.match(text, start)
        if head is None:
            return []
        opened = text.rfind("(", 0, start)
        if opened >= 0 and ")" not in text[opened:start]:  # "⟨K⟩ (such as ⟨D⟩, [⟨D⟩])"
            before = list(_PLACEHOLDER.finditer(text, max(0, opened - 80), opened))
            gap = before and _BEFORE_BRACKET.match(text, before[-1].end())
            if gap and gap.end() - 1 == opened:
                head = before[-1]
        gap = _BEFORE_BRACKET.match(text, head.end())
        bracket = gap and _EXAMPLES_BRACKET.match(text, gap.end() - 1)
        if not bracket or bracket.end() > match.end() or not bracket.group("list"):
            return []
        items = list(_PLACEHOLDER.finditer(bracket.group("list")))
        rest = _PLACEHOLDER.sub("", bracket.group("list"))
        if not items or _EXAMPLE_FILLER.sub("", rest):
            return []  # words besides the names: not a plain list of examples
        entities = [masked.mention_at(t).entity for t in [head, *items]]
        if any(e.type not in (*_SUBJECT_TYPES, EntityType.SUBSTANCE) for e in entities):
            return []
        if not bracket.group("cue") and entities[0].type is not EntityType.CLASS:
            return []
        return list(dict.fromkeys(entities))

    def _these_findings(
        self, rule: Rule, match: re.Match[str], text: str, lo: int, hi: int, state: _State
    ) -> list[Entity]:
        """The findings the sentence before named, when a statement of treatment with a
        named subject says "these symptoms" in its object slot ("These symptoms can be
        treated with atropine"); risks ("overdose") are no symptoms. Nothing for other
        predicates: "if you develop these symptoms" after a list is no new fact."""
        if (
            rule.predicate is not Predicate.TREATS
            or not _THESE_FINDINGS.fullmatch(text, lo, hi)
            or not _names_its_subject(match)
        ):
            return []
        risks = self._vocabulary("risk")
        allowed = DEFAULT_OBJECT_TYPES[rule.predicate]
        return [c for c in state.recent_conditions if c.type in allowed and c.key not in risks]

    def _constant_object(self, label: str) -> Entity:
        """The entity a rule names by label: the lexicon's, or a condition of that name."""
        known = self.gazetteer.lookup(label)
        return known if known is not None else Entity.make(EntityType.CONDITION, label)

    def _objects(
        self,
        masked: _Masked,
        lo: int,
        hi: int,
        rule: Rule | SectionRule,
        *,
        single: bool,
        left: bool = False,
        known: bool = False,
    ) -> list[Entity]:
        """The objects in ``masked.text[lo:hi]``; ``known``: only entities the lexicon knows."""
        lists = self.rules.lists
        span = masked.text[lo:hi]
        known_extra = False  # the items after the clause count where the lexicon knows them
        assert rule.predicate is not None
        if rule.predicate is Predicate.HAS_BRAND_NAME and _CROSS_REFERENCE.match(span):
            return []  # "(see also section 2 and Zorvex)" refers to the text, names nothing
        allowed = DEFAULT_OBJECT_TYPES[rule.predicate]
        if isinstance(rule, Rule) and rule.swap:
            allowed = _SUBJECT_TYPES  # the objects found become the subjects
        if left:  # objects before the verb: the list is the last clause before it
            stops = list(lists.clause_stop.finditer(span))
            if (
                len(stops) >= 2
                and not span[stops[-1].end() :].strip(" ,")
                and _RELATIVE.fullmatch(stops[-2].group())
                and not span[stops[-2].end() : stops[-1].start()].strip()
            ):
                return []  # "diabetes that can develop": the verb belongs to a relative clause
            if (
                stops
                and not span[stops[-1].end() :].strip(" ,")
                and _RELATIVE.fullmatch(stops[-1].group())
            ):
                return []  # "diabetes that can develop": a relative clause, not a statement
            while stops and (
                not span[stops[-1].end() :].strip(" ,") or _RELATIVE.fullmatch(stops[-1].group())
            ):
                # an auxiliary the greedy slot took ("..., can"), or a relative clause on the
                # list ("children and teenagers who take it"): the list ends before it
                hi = lo + stops.pop().start()
                span = masked.text[lo:hi]
            if stops:
                lo += stops[-1].end()
            if context := _IN_GROUP_WITH.match(masked.text, lo, hi):
                lo = context.end()  # "in patients with ⟨C⟩, ⟨C⟩ may occur": the second
        else:
            # "a monoclonal antibody ... COVID-19, a disease caused by a virus called X": a
            # disease's name matters only where a condition is the object
            conditions = EntityType.CONDITION in allowed
            called = _CALLED.search(masked.text, lo, hi) if conditions else None
            if called and _DISEASE_NOUN.search(masked.original(lo, called.start()).lower()):
                # (in the words as written: "a heart rhythm disorder" may be a name itself)
                lo = called.end()  # "patients with a lung disease called ⟨C⟩": the ⟨C⟩
            elif who := _WHO_HAVE.match(masked.text, lo, hi):
                lo = who.end()  # "children who suffer from ⟨C⟩": the ⟨C⟩, not a relative clause
            elif EntityType.POPULATION not in allowed and (
                group := _GROUP_WITH.match(masked.text, lo, hi)
            ):
                lo = group.end()  # "children aged 6 to 11 years with ⟨C⟩": the ⟨C⟩
            masked = _without_asides(masked, lo, hi)
            span = masked.text[lo:hi]
            again = None if single else _IF_AGAIN.search(span)
            if again:  # "... had ⟨C⟩, or if you are suffering from ⟨C⟩": each "if" its list
                first = self._objects(masked, lo, lo + again.start(), rule, single=False)
                # (what runs on counts only where the lexicon knows it: "or if you are
                # already pregnant", not "already pregnant")
                then = self._objects(masked, lo + again.end(), hi, rule, single=False, known=True)
                return list(dict.fromkeys([*first, *then]))
            opening = _ITEM_VERB.match(span) or _TESTS_SHOW.match(span)
            if opening:  # a leaflet's item opens with its own verb: "have diabetes"
                lo += opening.end()
                span = masked.text[lo:hi]
            # a semicolon or a relative word inside brackets does not end the list:
            # "sinus bradycardia (slow heart rate; under 60 beats a minute), heart block"
            blanked = _BRACKETS.sub(lambda m: " " * len(m[0]), span)
            stop = lists.clause_stop.search(blanked)
            if (whom := _FOR_WHOM.search(blanked, 0, stop.start() if stop else len(span))) and (
                whom.start() > 0
            ):
                # "ADHD (ADHD) in both children and adults": who is treated ends the list
                hi = lo + whom.start()
                span = masked.text[lo:hi]
                stop = None
            if stop:
                # "medicines that block CYP3A4, such as A, B": the examples still count (but
                # not where nothing treated comes before a clause on what the item leads to:
                # "reduces perfusion, which may lead to adverse outcomes, including X")
                example = _SUCH_AS.search(span, stop.end())
                if (
                    rule.predicate is Predicate.TREATS
                    and _LEADS_TO.match(span, stop.start())
                    and "⟨C" not in span[: stop.start()]
                ):
                    example = None
                caused = (
                    rule.predicate is Predicate.TREATS
                    and not single
                    and _DUE_TO.fullmatch(stop.group()) is not None
                )
                if example and not single:
                    extra_lo = lo + example.end()
                    rest = masked.text[extra_lo:hi]
                    more = lists.clause_stop.search(rest)
                    extra = (extra_lo, extra_lo + more.start() if more else hi)
                elif caused:
                    # "nausea due to motion sickness or vertigo": what is treated is the
                    # cause too, where the lexicon knows it
                    extra_lo = lo + stop.end()
                    more = lists.clause_stop.search(masked.text, extra_lo, hi)
                    extra = (extra_lo, more.start() if more else hi)
                    known_extra = True
                else:
                    extra = None
                hi = lo + stop.start()
            else:
                extra = None
        known = known or (isinstance(rule, Rule) and rule.known)
        only = rule.objects if isinstance(rule, Rule) else None
        exclude = rule.exclude if isinstance(rule, Rule) else None
        pieces = [(lo, hi)] if single else _split(masked.text, lo, hi, lists.separator)
        if not single:
            pieces = _run_on(masked, pieces)
        extra_pieces: list[tuple[int, int]] = []
        if not left and extra is not None:
            extra_pieces = _split(masked.text, *extra, lists.separator)
            pieces += extra_pieces
        # a list of findings: its items' bracketed examples, and its "feeling" words
        findings = not single and EntityType.CONDITION in allowed
        examples: set[tuple[int, int]] = set()
        if findings:
            effects = rule.predicate is Predicate.HAS_SIDE_EFFECT
            pieces, examples = _with_bracket_examples(
                masked.text, pieces, lists.separator, effects=effects
            )
            if known_extra:  # (only the causes the lexicon knows)
                examples |= set(extra_pieces)
        out: list[Entity] = []
        felt = False  # after an item that opens with "feeling"
        for i, (a, b) in enumerate(pieces):
            if (
                i
                and re.match(r"\s*(?:a|an|the|both|all|each)\s", masked.text[a:b])
                and re.fullmatch(r"\s*,\s*", masked.text[pieces[i - 1][1] : a])
            ):
                continue  # "status epilepticus, a seizure that...": an apposition
            if (
                i
                and rule.predicate not in _PURPOSE_PREDICATES
                and _PURPOSE_CLAUSE.match(masked.text[a:b])
            ):
                continue  # "raises X and helps relieve ⟨C⟩": a clause on its use, no item
            entity = None
            felt = felt or (findings and _FEELING.match(masked.original(a, b)) is not None)
            if not single and i + 1 < len(pieces):
                entity = self._elided(masked, (a, b), pieces[i + 1], allowed)
            if entity is None:
                # (an example in brackets counts where the lexicon knows it)
                entity = self._item(masked, a, b, allowed, known=known or (a, b) in examples)
            if entity is None and not single and (head := _list_head(masked, pieces, i)):
                # "D2, D3, and D4 receptors": an earlier short item shares the last one's head
                entity = self._elided(masked, (a, b), head, allowed, linked=True)
            if entity is None and felt:
                # "feeling dizzy, weak or numb": the list's "feeling" goes with each word
                entity = self._felt(masked.text[a:b])
            if entity is None:
                continue
            if entity.key in self._generic_keys and entity.type is not EntityType.POPULATION:
                continue  # "children" is a group where a group may be the object
            if only is not None and entity.key not in self._vocabulary(only):
                continue
            if exclude is not None and entity.key in self._vocabulary(exclude):
                continue
            if (
                rule.predicate in _STATES
                and entity.type is EntityType.CONDITION
                and _medicine_purpose(masked.text, lo, a, b)
            ):
                continue  # "if you take medicines for epilepsy": the medicine's use
            if single and entity.type is EntityType.CONDITION:
                # a slot that holds the name alone: the modifiers before it are the text's
                # own words for the finding ("Progressive ⟨C⟩ complicating X therapy")
                entity = _spanned(entity, self._modified(masked, a, b))
            if single and entity.type is EntityType.CLASS and (kind := self._kind(masked, a, b)):
                out.append(kind)  # "second-generation ⟨K⟩ such as X": that kind, and the class
            out.append(entity)
        return out

    def _felt(self, item: str) -> Entity | None:
        """The finding "feeling" makes of a list item that is a word or two of how one feels
        ("weak" in "feeling tired, weak or unwell" is feeling weak); None unless the lexicon
        knows the feeling."""
        words = _FELT_WORDS.fullmatch(item.strip(" ,;:.()"))
        if words is None or "⟨" in item:
            return None
        entity = self.gazetteer.lookup(f"feeling {words[1]}")
        return entity if entity is not None and entity.type is EntityType.CONDITION else None

    def _kind(self, masked: _Masked, lo: int, hi: int) -> Entity | None:
        """The kind of a class a word right before its name names ("selective ⟨K⟩"), as a
        class of its own; None without one."""
        word = _LAST_WORD.search(masked.text, max(0, lo - _WORD_WINDOW), lo)
        if word is None or word.group(1) not in self.rules.lists.kinds:
            return None
        return Entity.make(EntityType.CLASS, masked.original(word.start(1), hi))

    def _modified(self, masked: _Masked, lo: int, hi: int) -> str:
        """The words of ``masked.text[lo:hi]`` with the modifiers right before it: adjectives
        ("progressive", "interstitial") and the lists' modifiers and stages, not verbs."""
        lists = self.rules.lists
        begin = lo
        for _ in range(4):
            word = _LAST_WORD.search(masked.text, max(0, begin - _WORD_WINDOW), begin)
            if word is None:
                break
            w = word.group(1)
            if w in lists.function_words or not (
                w in lists.modifiers or w in lists.stages or _CLINICAL_ADJECTIVE.fullmatch(w)
            ):
                break
            begin = word.start(1)
        return masked.original(begin, hi)

    def _elided(
        self,
        masked: _Masked,
        piece: tuple[int, int],
        following: tuple[int, int],
        allowed: tuple[EntityType, ...],
        *,
        linked: bool = False,
    ) -> Entity | None:
        """ "panic and anxiety disorders": a one-word item before "and" shares the next head;
        so does the last word of a longer one ("severe liver or kidney disease",
        "treatment of alcohol and opioid withdrawal"), or its last words ("type 1 and type 2
        diabetes") where the last word alone names nothing with that head; a prefix whose
        hyphen is left hanging takes the rest of the next item's first word ("α1- and
        α2-adrenergic receptors"). ``linked``: the caller found ``following`` as the head of
        the list the item is in (:func:`_list_head`)."""
        link = masked.text[piece[1] : following[0]]
        if not linked and not re.fullmatch(r"\s+(?:and|or|and/or)\s+", link):
            return None
        words = masked.original(*piece).split()
        nxt = masked.original(*following).split()
        if not words or len(nxt) < 2:
            return None
        if len(words) == 1 and words[0].endswith("-") and "-" in nxt[0]:
            joined = words[0] + nxt[0].split("-", 1)[1]  # "α1-" + "adrenergic"
            entity = self.gazetteer.lookup(" ".join([joined, *nxt[1:]]))
            return entity if entity is not None and entity.type in allowed else None
        text = masked.text[slice(*piece)].rstrip()
        last = _LAST_PLACEHOLDER.search(text)
        if len(words) > 1 and "⟨" in (text[: last.start()] if last else text):
            return None  # an item that names a thing of its own stays as it is
        named = masked.original(piece[0] + last.start(), piece[0] + last.end()) if last else ""
        if len(named.split()) > 1:
            return None  # "... and ⟨a drug of two words⟩" is not a modifier of the next head
        for k in range(1, min(len(words), 3) + 1):
            entity = self.gazetteer.lookup(f"{' '.join(words[-k:])} {nxt[-1]}")
            if entity is None or entity.type not in allowed:
                continue
            if last and len(words) > 1 and entity.type is not EntityType.CONDITION:
                return None  # "estradiol and norethisterone acetate": two drugs, not one
            return entity
        return None

    def _vocabulary(self, name: str) -> frozenset[str]:
        cached = self._vocab_keys.get(name)
        if cached is None:
            words = self.rules.lists.vocabularies[name]
            cached = self._vocab_keys[name] = frozenset(entity_key(w) for w in words)
        return cached

    def _item(
        self, masked: _Masked, lo: int, hi: int, allowed: tuple[EntityType, ...], *, known: bool
    ) -> Entity | None:
        lists = self.rules.lists
        if EntityType.CONDITION in allowed and (goal := self._goal(masked, lo, hi)) is not None:
            return goal or None
        text = masked.text[lo:hi]
        lo += len(text) - len(text.lstrip())
        text = text.lstrip()
        start = lo  # where the item's own words begin, modifiers and all
        # trim leading determiners and qualifiers ("a range of", "feelings of") and trailers
        while True:
            m = lists.leading.match(text)
            if not m or not m.end():
                break
            lo += m.end()
            text = text[m.end() :]
        infection = _INFECTION_WITH.match(text.rstrip(" ,;:."))
        if infection and EntityType.CONDITION in allowed:
            # "infection with human immunodeficiency virus": the infection the agent names
            token = _PLACEHOLDER.match(text, infection.start(1))
            agent = masked.mention_at(token) if token else None
            if agent is not None and _INFECTIOUS.search(f"{agent.surface} {agent.entity.label}"):
                return agent.entity  # (but "infection with fever" names two findings)
        trail = lists.trailing.search(text)
        if trail:
            text = text[: trail.start()]
        if EntityType.CONDITION not in allowed:
            # names of drugs, classes, targets and brands end before a prepositional phrase
            cut = _PREPOSITION.search(text, 1)
            if cut:
                text = text[: cut.start()]
        elif (glossed := _glossed_finding(masked, text)) is not None:
            plain, named = glossed
            if _describes(plain):
                # "muscle disorder causing twisting movements (dystonia)": the leaflet's
                # plain words, then the finding's name in brackets
                return named
        stripped = text.strip(" ,;:-'\"()")
        if not stripped:
            return None
        lo += text.find(stripped)
        hi = lo + len(stripped)
        text = stripped
        if (spelled := _INITIALISM.search(text)) and _abbreviates(spelled[2], spelled[1]):
            # "central nervous system (CNS) stimulant": a name spelled out with its initials
            # before the class it qualifies, like "CNS stimulant"
            text = _blanked(text, spelled.span())
        relative = _FAMILY_HISTORY.fullmatch(text)
        if relative and EntityType.CONDITION in allowed:
            # "a family history of diabetes": a relative's disease, its own fact (the gold's
            # "family history of X"), not the patient's
            token = _PLACEHOLDER.match(text, relative.start(1))
            condition = masked.mention_at(token).entity if token else None
            if condition is not None and condition.type is EntityType.CONDITION:
                return Entity.make(EntityType.CONDITION, "family history of " + condition.label)
        tokens = list(_PLACEHOLDER.finditer(text))
        if EntityType.BRAND in allowed and tokens:
            surface = masked.original(lo, hi).strip()
            names = surface.split()
            if 2 <= len(names) <= 3 and all(n[:1].isupper() for n in names):
                return Entity.make(EntityType.BRAND, surface, keep_case=True)  # "Ambien CR"
        if tokens:
            typed_tokens = [t for t in tokens if _as_type(masked.mention_at(t), allowed)]
            if typed_tokens:
                first, last = typed_tokens[0], typed_tokens[-1]
                before = _words(text[: first.start()])
                between = _words(_PLACEHOLDER.sub(" ", text[first.end() : last.start()]))
                after = _words(text[last.end() :])
                mods, fws = lists.modifiers, lists.function_words
                after_ok = all(w in mods or w in fws for w in after) and (
                    not after or after[-1] in mods
                )
                between_ok = all(w in mods or w in fws for w in between)
                condition_phrase = EntityType.CONDITION in allowed and not known
                staged = _staged(masked.mention_at(first), before, lists)
                kinded = _kinded(masked.mention_at(first), before, lists)
                before_ok = all(w in mods or w in fws for w in before) or (
                    len(before) <= 2 and not condition_phrase and "⟨" not in " ".join(before)
                )
                rest = _words(_BRACKETS.sub(" ", text[last.end() :]))
                while rest and rest[0] in mods:
                    rest = rest[1:]  # "⟨K⟩ derivative drug developed in 1970": the clause
                adverbs = 0
                while adverbs < len(rest) and _CLAUSE_ADVERB.fullmatch(rest[adverbs]):
                    adverbs += 1  # "⟨K⟩ primarily used to treat": the adverb's clause, or
                if rest and adverbs == len(rest):  # the adverb before the clause cut off
                    after_ok = True
                rest = rest[adverbs:]
                if not after_ok and rest and _CLAUSE_ON_ITEM.fullmatch(rest[0]):
                    after_ok = True  # "⟨C⟩ forming in the arteries", "⟨C⟩ that keep coming back"
                if after_ok and between_ok and first is last and (staged or kinded):
                    entity = masked.mention_at(first).entity
                    phrase = " ".join(masked.original(lo, lo + last.end()).split())
                    if kinded:  # "non-selective ⟨K⟩": a kind of the class, a class itself
                        return Entity.make(EntityType.CLASS, phrase)
                    # "advanced ⟨C⟩": the condition's (or class's) node, named by the
                    # whole phrase too
                    return dataclasses.replace(
                        entity, synonyms=tuple(sorted({*entity.synonyms, phrase}))
                    )
                if after_ok and between_ok and before_ok:
                    typed = _as_type(masked.mention_at(first), allowed)  # "severe ⟨C⟩"
                    if typed is not None and typed.type is EntityType.CONDITION:
                        # the span with its modifiers names the node too: "progressive
                        # pulmonary fibrosis" is pulmonary fibrosis, as the text put it
                        typed = _spanned(typed, masked.original(start, lo + last.end()))
                    return typed
                cause_after = _CAUSE_AFTER.match(text, first.end()) and all(
                    t in typed_tokens for t in tokens if t.start() > first.start()
                )
                if before_ok and cause_after:
                    # "muscle spasms from ⟨C⟩": the finding, not the condition causing it
                    # ("withdrawal from ⟨K⟩" names what is withdrawn: not this)
                    typed = _as_type(masked.mention_at(first), allowed)
                    if typed is not None and typed.type is EntityType.CONDITION:
                        return _spanned(typed, masked.original(start, lo + first.end()))
            if known or EntityType.CONDITION not in allowed:
                return None
            leftover = _PLACEHOLDER.sub("", text).strip(" ,;:-'\"()")
            if len(tokens) == 1 and not leftover:
                return None  # a population or drug where a condition belongs: not a condition
            if (
                tokens[0].start() == 0
                and _DRUG_USE.fullmatch(leftover)
                and all(masked.mention_at(t).entity.type is EntityType.DRUG for t in tokens)
            ):
                return None  # "⟨D⟩ alone", "⟨D⟩ therapy": a treatment, not a condition
        elif known:
            # only a rewrite to a name the lexicon knows: "feeling drowsy" is drowsiness
            rewritten = _rewrite(" ".join(masked.original(lo, hi).split()), lists.rewrites)
            lexical = self.gazetteer.lookup(rewritten)
            return lexical if lexical is not None and lexical.type in allowed else None
        original = " ".join(masked.original(lo, hi).split())
        surface = _rewrite(original, lists.rewrites)
        if EntityType.CONDITION in allowed:
            return self._free_condition(
                surface,
                leading_mention=bool(tokens) and tokens[0].start() == 0,
                rewritten=surface != original,
            )
        return self._open_class(surface, allowed)

    def _free_condition(
        self, surface: str, *, leading_mention: bool, rewritten: bool = False
    ) -> Entity | None:
        """A condition not in the lexicon, accepted if it reads like a short noun phrase:
        up to three words, or four with a clinical head word; one word only if it looks
        like a clinical term or a rewrite made it ("addictive" -> addiction)."""
        lists = self.rules.lists
        if rewritten:  # "known hypersensitivity to X" -> "hypersensitivity": a known finding
            known = self.gazetteer.lookup(surface)
            if known is not None and known.type is EntityType.CONDITION:
                return known
        words = fold(surface).replace("/", " ").split()
        # four words when a clinical head ends the phrase or takes its complement:
        # "severe allergic skin reaction", "allergic reaction to penicillin"
        limit = _MAX_FREE_WORDS + any(
            _CLINICAL_HEAD.fullmatch(w) and (i == len(words) - 1 or words[i + 1] in _OF_TO)
            for i, w in enumerate(words)
        )
        if not 1 <= len(words) <= limit:
            return None
        if (
            len(words) == 1
            and not rewritten
            and not _MEDICAL_WORD.search(words[0])
            and self.gazetteer.lookup(words[0]) is None
        ):
            return None  # "difficulty", "limbs", "high": one unknown word names no finding
        if words[0] in lists.function_words or words[-1] in lists.function_words:
            return None
        if any(w in lists.function_words and w not in _INNER_WORDS for w in words):
            return None
        phrase = " ".join(words)
        if phrase in lists.generic or (len(words) == 1 and words[0] in lists.generic):
            return None
        if words[-1] in _VAGUE_HEADS:
            return None  # "two big things", "psychiatric care"
        if any(w in _GROUP_WORDS for w in words):
            return None  # "adolescents aged 15 years": a group of patients, not a condition
        if _NUMBERED.fullmatch(" ".join(words)):
            return None  # "type 1", "type ii", "3-day": a subtype or a duration, no finding
        if len(words) == 1 and words[0].endswith("ing"):
            return None  # "hearing", "seeing": an unknown single -ing word is an activity
        if any(_NOT_A_CONDITION_WORD.fullmatch(w) for w in words):
            return None  # "back in 2007", "the XR form"
        if not all(_WORD.fullmatch(w) for w in words):
            return None
        if words[0].endswith("ing") and len(words) > 1 and not leading_mention:
            return None  # "staying asleep", "reducing feelings of...": a verb phrase
        if len(words) == 1 and (_ADJECTIVE.search(words[0]) or words[0] in lists.modifiers):
            return None  # "relaxed", "physical", "acute": not a condition on its own
        if all(w in lists.modifiers or w in lists.stages or w.endswith("ly") for w in words):
            return None  # "highly active" (and progressive X): words that qualify a finding
        if _ADVERB_OR_PARTICIPLE.search(words[-1]):
            return None  # "less overwhelmed shortly"
        if not rewritten and not any(
            self._finding_word(w) for w in re.findall(r"[a-zα-ω]{4,}", " ".join(words))
        ):
            return None  # "carer notices": no word of any finding the lexicon knows
        return Entity.make(EntityType.CONDITION, surface)

    def _goal(self, masked: _Masked, lo: int, hi: int) -> Entity | Literal[False] | None:
        """What a purpose names: the item after "to" or "for" ("medicines to lower blood
        pressure": hypertension), or an item that is itself one ("to slow heart rate").
        None where the item is no goal; False where it is one that no entry names."""
        phrase = fold(" ".join(masked.original(lo, hi).split())).strip(" ,;:.")
        own = _TO_GOAL.match(phrase) is not None
        if not own and not masked.text[max(0, lo - 4) : lo].endswith(("to ", "for ")):
            return None
        phrase = phrase.removeprefix("to ")
        for pattern, replacement in self.rules.lists.goals:
            if m := pattern.fullmatch(phrase):
                entity = self.gazetteer.lookup(m.expand(replacement))
                named = entity is not None and entity.type is EntityType.CONDITION
                return entity if named else False
        return False if own else None

    def _finding_word(self, word: str) -> bool:
        """A word that names findings: one of a known condition's words, or a clinical
        suffix or head ("-itis", "syndrome")."""
        if self._condition_words is None:
            self._condition_words = self.gazetteer.words_of(EntityType.CONDITION) - (
                self.rules.lists.function_words
            )
        return (
            word in self._condition_words
            or bool(_MEDICAL_WORD.search(word))
            or bool(_CLINICAL_HEAD.fullmatch(word))
        )

    def _open_class(self, surface: str, allowed: tuple[EntityType, ...]) -> Entity | None:
        """A class, target, drug or brand not in the lexicon, told by its shape."""
        lists = self.rules.lists
        words = fold(surface).split()
        if not 1 <= len(words) <= 5 or words[0] in lists.function_words:
            return None
        if not all(_WORD.fullmatch(w) for w in words):
            return None
        head = words[-1]
        if words[0] in lists.generic:
            return None  # "class of medications", "other drugs"
        if (
            EntityType.CLASS in allowed
            and head in lists.class_heads
            and len(words) >= 2
            and not all(w in lists.stages or w in lists.kinds for w in words[:-1])
        ):
            # (but "a potent inhibitor", "a weak agonist" name how it acts, not a class)
            return Entity.make(EntityType.CLASS, surface)
        if EntityType.TARGET in allowed and head in lists.target_heads and len(words) >= 2:
            return Entity.make(EntityType.TARGET, surface)  # ("receptors" alone names none)
        if EntityType.DRUG in allowed and len(words) == 1 and lists.drug_suffix.search(head):
            return Entity.make(EntityType.DRUG, surface)
        names = surface.split()
        if EntityType.BRAND in allowed and len(names) <= 3 and all(w[:1].isupper() for w in names):
            return Entity.make(EntityType.BRAND, surface, keep_case=True)  # "Glucophage XR"
        return None

    # -------------------------------------------------------------- context
    def _negated(self, match: re.Match[str], masked: _Masked, *, focus: bool = False) -> bool:
        """A negation cue in the rule's own words (the match minus its slots) negates it."""
        text = masked.text
        lo, hi = match.span()
        holes = sorted(
            match.span(g)
            for g in ("subject", "object", "objects")
            if g in match.re.groupindex and match.span(g)[0] >= 0
        )
        trigger = []
        if _DENIED_BEFORE.search(text, max(0, lo - 12), lo):
            trigger.append("no")  # "no ⟨C⟩ has been reported": a later start of a denial
        pos = lo
        for a, b in holes:
            trigger.append(text[pos:a])
            pos = max(pos, b)
        trigger.append(text[pos:hi])
        window = " ".join(trigger)
        if focus:  # the statement's subject is not in the match: look back in its clause
            clause = max(text.rfind(c, 0, lo) for c in ",;:")
            before = text[clause + 1 : lo]  # "... don't carry the same risk of"
            ends = list(self.rules.context.termination.finditer(before))
            if ends:  # "should not exceed two weeks because of the risk of": not the risk
                before = before[ends[-1].end() :]
            window = before + " " + window
        stop = min((i for i in (text.find(";", lo), text.find(". ", lo)) if i >= 0), default=-1)
        if _UNPROVEN.search(text, lo, stop if stop >= 0 else len(text)):
            return True  # "its efficacy in X has not been established"
        if _NO_EVIDENCE.search(text, max(0, lo - 120), lo):
            return True  # "there is no evidence that ⟨D⟩ improves ⟨C⟩"
        cues = self.rules.context
        for cue in cues.negation.finditer(window):
            if not cues.negation_exceptions.match(window, cue.start()):
                return True
        return False

    def _hedged(self, match: re.Match[str], masked: _Masked) -> bool:
        """A hedge cue anywhere before the end of the match, outside the objects, hedges it."""
        text = masked.text
        end = match.end()
        for g in ("objects", "object"):
            if g in match.re.groupindex and match.span(g)[0] >= 0:
                end = min(end, match.span(g)[0]) if match.span(g)[0] > match.start() else end
        return bool(self.rules.context.hedge.search(text, 0, end))

    def _assertion(
        self,
        rule: Rule | SectionRule,
        subject: Entity,
        obj: Entity,
        masked: _Masked,
        doc_id: str,
        *,
        negated: bool,
        hedged: bool,
        off_label: bool = False,
        within: Predicate | None = None,
    ) -> Assertion:
        """``within`` is the predicate of the section a ``within`` rule fired in."""
        if isinstance(rule, Rule) and rule.swap:
            subject, obj = obj, subject
        assert rule.predicate is not None
        predicate = rule.predicate
        if isinstance(rule, Rule) and rule.within and within is not None:
            predicate = within
        if off_label and predicate is Predicate.TREATS:
            predicate = Predicate.USED_OFF_LABEL_FOR
        sentence = masked.sentence
        confidence = evidence_confidence(
            rule.error_rate, hedged=hedged, hedge_factor=self.rules.context.hedge_factor
        )
        evidence = Evidence(
            doc_id=doc_id,
            sentence=sentence.text,
            start=sentence.start,
            end=sentence.end,
            rule=rule.id,
            negated=negated,
            hedged=hedged,
            confidence=round(confidence, 4),
            subject_text=_phrase(masked, subject),
            object_text=_phrase(masked, obj),
        )
        return Assertion(Triple(subject, predicate, obj), evidence)


def _phrase(masked: _Masked, entity: Entity) -> str:
    """The words of the sentence that name ``entity`` ("Zoloft" for sertraline, "severe
    stomach pain"), or "" when the sentence only refers to it ("it", a heading's drug)."""
    if entity.type is EntityType.BRAND:
        named = [m for m in masked.mentions if m.brand and m.brand.identity == entity.identity]
    else:  # the drug by its own name before a brand that stands for it
        own = [m for m in masked.mentions if m.entity.identity == entity.identity]
        named = sorted(own, key=lambda m: m.brand is not None)
    if named:
        return named[0].surface
    text = masked.sentence.text
    at = text.lower().find(entity.label.lower())
    return text[at : at + len(entity.label)] if at >= 0 else ""


def _staged(mention: Mention, before: list[str], lists: ListSyntax) -> bool:
    """Whether the words before a known condition or class name its stage, activity or
    kind and nothing else ("advanced", "moderately to severely active", "long-acting"): at
    least one stage word, the others modifiers or function words."""
    return (
        mention.entity.type in (EntityType.CONDITION, EntityType.CLASS)
        and any(w in lists.stages for w in before)
        and all(
            w in lists.stages or w in lists.modifiers or w in lists.function_words for w in before
        )
    )


def _kinded(mention: Mention, before: list[str], lists: ListSyntax) -> bool:
    """Whether the words before a known class name a kind of it and nothing else
    ("non-selective", "second-generation"): at least one kind word, the others stage words,
    modifiers or function words."""
    return (
        mention.entity.type is EntityType.CLASS
        and any(w in lists.kinds for w in before)
        and all(
            w in lists.kinds
            or w in lists.stages
            or w in lists.modifiers
            or w in lists.function_words
            for w in before
        )
    )


# the word right before a position, and an adjective of clinical description ("interstitial",
# "progressive", "toxic", "reversible"; not a participle such as "developed")
_LAST_WORD = re.compile(r"(?:^|[\s(])([a-z][a-z-]*)\s+$")
_WORD_WINDOW = 60  # how far back to look for it: a word and its spaces, not the sentence
_CLINICAL_ADJECTIVE = re.compile(
    r"[a-z][a-z-]{2,}(?:al|ic|ous|ive|ary|ant|ent|oid|ar|ible|able)|acute|chronic|severe|diffuse|"
    r"immune|fatal|mild|moderate|extensive|generalized|generalised|persistent|recurrent"
)
# words that open an item without being part of what it names
_ITEM_OPENERS = frozenset(
    {"a", "an", "the", "any", "this", "these", "its", "their", "his", "her", "your", "such",
     "other", "possible", "potential", "some", "certain", "also", "and", "or", "both", "each",
     "all", "several", "many", "more", "most", "new"}
)  # fmt: skip


def _spanned(entity: Entity, span: str) -> Entity:
    """The entity with the text's own words for it as a synonym, where they add modifiers
    to the name the lexicon knows ("severe persistent bronchospasm").

    >>> _spanned(Entity.make(EntityType.CONDITION, "bronchospasm"), "the severe bronchospasm")
    ... # doctest: +ELLIPSIS
    Entity(..., label='bronchospasm', synonyms=('severe bronchospasm',), xrefs=())
    """
    words = " ".join(span.split()).strip(" ,;:.").split()
    while words and words[0].lower() in _ITEM_OPENERS:
        words = words[1:]
    if words and words[0][1:].islower():
        words[0] = words[0].lower()  # a capital that only opens the sentence
    phrase = " ".join(words)
    if not 1 < len(words) <= 6 or "(" in phrase or entity_key(phrase) == entity.key:
        return entity
    if entity_key(phrase) in {entity_key(s) for s in entity.synonyms}:
        return entity
    return dataclasses.replace(entity, synonyms=tuple(sorted({*entity.synonyms, phrase})))


# who the list's findings are in, after its last item: "ADHD in both children and adults"
_FOR_WHOM = re.compile(
    r"(?<=[⟩) ]) in (?:both |all |some |many |most )?⟨P\d+\|[^⟩]*⟩"
    r"(?:(?:,|,? and|,? or) ⟨P\d+\|[^⟩]*⟩)*\s*[,.;:]?\s*$"
)


def _as_type(mention: Mention, allowed: tuple[EntityType, ...]) -> Entity | None:
    if mention.brand is not None:
        if EntityType.BRAND in allowed:
            return mention.brand
        return mention.entity if EntityType.DRUG in allowed else None
    return mention.entity if mention.entity.type in allowed else None


def _abbreviates(short: str, words: str) -> bool:
    """Whether ``short`` is the initials of ``words`` ("cns", "central nervous system").

    >>> _abbreviates("cns", "central nervous system "), _abbreviates("cns", "the system ")
    (True, False)
    """
    return short == "".join(w[0] for w in words.split())


def _describes(plain: str) -> bool:
    """Whether the words before a bracketed finding describe it rather than name a finding
    of their own: "muscle disorder causing twisting movements (dystonia)" does (a finding,
    then words that say which), "high blood pressure (hypertension)" does not."""
    if not plain.strip(" ,;:"):
        return False
    if "⟨C" not in plain:
        return True
    return len(_PLACEHOLDER.sub(" ", plain).split()) >= 2


def _described(masked: _Masked, plain: str, last: Entity, *, items: bool = False) -> bool:
    """Whether ``last``, the list's last finding, is the generic head of the words the
    bracket glosses ("..., inflammation of the liver (hepatitis)"), not a finding of its own
    earlier in the item; with ``items``, the words after the last "and" or "or" are the
    item ("dry mouth or a sore mouth (stomatitis)")."""
    part = re.split(r",|\bor\b|\band\b" if items else ",", plain)[-1]
    tokens = list(_PLACEHOLDER.finditer(part))
    return (
        last.type is EntityType.CONDITION
        and bool(tokens)
        and masked.mention_at(tokens[-1]).entity.identity == last.identity
        and _describes(part)
    )


_SYNDROME_WORDS = 16  # the fewest words of a description of one syndrome


def _described_syndrome(text: str, plain: str) -> bool:
    """An item of a list whose items end with semicolons, one to a line, that describes
    the finding in its closing brackets at length: its commas and "and"s are its own, not
    the list's ("rash on the face, then widespread rash, high temperature, enlarged lymph
    nodes (DRESS);")."""
    flat = _BRACKETS.sub(" ", text).rstrip()
    return (
        flat.endswith(";")
        and ";" not in flat[:-1]
        and len(_BRACKETS.sub(" ", plain).split()) >= _SYNDROME_WORDS
    )


def _glossed_finding(masked: _Masked, text: str) -> tuple[str, Entity] | None:
    """The finding named in brackets at the end of ``text`` ("... movements (dystonia)"),
    with the words before the brackets; None if the brackets name no finding."""
    glossed = _glossed_findings(masked, text)
    return (glossed[0], glossed[1][0]) if glossed else None


def _glossed_findings(masked: _Masked, text: str) -> tuple[str, list[Entity], bool] | None:
    """The findings named in brackets at the end of ``text``: one, or two joined ("...
    (Stevens-Johnson syndrome/toxic epidermal necrolysis)"); with the words before the
    brackets, and whether the brackets call those words signs of the finding ("(possible
    symptoms of low sodium)"). None if the brackets name no finding."""
    term = _GLOSSED_TERM.search(text)
    if term is None:
        return None
    found = []
    for group in (2, 3):
        token = _PLACEHOLDER.match(text, term.start(group)) if term.group(group) else None
        entity = masked.mention_at(token).entity if token else None
        if entity is not None and entity.type is EntityType.CONDITION:
            found.append(entity)
        elif group == 2:
            return None  # the brackets name no finding first
    return text[: term.start()], found, term.group("signs") is not None


# the examples an item gives of itself in brackets: "anxiety disorders (such as A and B)"
_ITEM_EXAMPLES = re.compile(
    r"\(\s*(?:such as|e\.\s?g\.,?|including|for example,?|for instance,?)\s+([^()]+)\)"
)


# an item whose examples are its signs, not kinds of it: "symptoms of X (e.g. A, B)"
_SIGNS_OF = re.compile(r"\b(?:symptoms?|signs?|accompanied|manifestations?)\b|\bfrom\s*$")
# effects a drug has, whose examples are effects too, not uses or states ("the risk of
# adverse effects (e.g. weight gain)" names no off-label use)
_EFFECTS = re.compile(r"\b(?:effects?|reactions?)\b")


def _with_bracket_examples(
    text: str, pieces: list[tuple[int, int]], separator: re.Pattern[str], *, effects: bool
) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """``pieces`` with, after each item that gives examples of itself in brackets, those
    examples as items of their own ("anxiety disorders (such as panic disorder and
    agoraphobia)": the disorders, panic disorder, agoraphobia), and the set of the examples
    added. Not the signs an item lists of itself ("symptoms of low blood sugar (e.g. A)"),
    nor, unless ``effects`` (the objects are side effects), a drug's effects."""
    out, examples = [], set()
    for a, b in pieces:
        out.append((a, b))
        for m in _ITEM_EXAMPLES.finditer(text, a, b):
            if _SIGNS_OF.search(text, a, m.start()) or (
                not effects and _EFFECTS.search(text, a, m.start())
            ):
                continue
            added = _split(text, m.start(1), m.end(1), separator)
            out += added
            examples.update(added)
    return out, examples


# what joins the items of a list: a comma, "and", "or", or both
_LIST_LINK = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|and/or)\s+")


def _list_head(masked: _Masked, pieces: list[tuple[int, int]], i: int) -> tuple[int, int] | None:
    """The last item of the list item ``i`` opens, when the items after ``i`` but that one
    are single words joined by commas (``i`` itself may bear modifiers) and the last, of
    two or three words, is joined by "and" or "or" ("D2, D3, and D4 receptors": "D4
    receptors" for "D2" and "D3"; "severe liver, kidney or heart disease"), else None."""
    for j in range(i, len(pieces) - 1):
        link = masked.text[pieces[j][1] : pieces[j + 1][0]]
        words = len(masked.original(*pieces[j]).split())
        if not _LIST_LINK.fullmatch(link) or words > (3 if j == i else 1):
            return None
        joined = re.search(r"\b(?:and|or)\b", link) is not None
        head = len(masked.original(*pieces[j + 1]).split())
        if head > 1:
            return pieces[j + 1] if joined and head <= 3 else None
        if joined:
            return None  # "mouth or throat, hives and ...": a list of its own ends here
    return None


def _split(text: str, lo: int, hi: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Items of a list, split on separators outside brackets ("A (b; c), D": two items)."""
    pieces = []
    pos = lo
    flat = (
        " " * lo + _BRACKETS.sub(lambda m: " " * len(m[0]), text[lo:hi])
        if "(" in text[lo:hi]
        else text
    )
    for m in separator.finditer(flat, lo, hi):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, hi))
    return [(a, b) for a, b in pieces if b > a]


# an item that is a goal of its own: "to slow heart rate" (but "to people with X" is none)
_TO_GOAL = re.compile(
    r"to (?:treat|prevent|relieve|control|manage|ease|help|lower|reduce|correct|regulate|thin|"
    r"slow|stop|improve|fight|kill|calm|suppress)\b"
)
# two findings side by side with only a space between them
_ADJACENT = re.compile(r"(?<=⟩)\s+(?=⟨C)")


def _run_on(masked: _Masked, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Items a layout ran together, where a table's cells lost their breaks: two findings
    side by side, the second capitalised, are two items ("Nausea Diarrhoea Rash")."""
    out = []
    for a, b in pieces:
        for gap in _ADJACENT.finditer(masked.text, a, b):
            if masked.original(gap.end(), gap.end() + 1)[:1].isupper():
                out.append((a, gap.start()))
                a = gap.end()
        out.append((a, b))
    return out


def _better(new: Assertion, old: Assertion) -> bool:
    """Of two readings of the same fact in one sentence, keep the asserted, more confident one."""
    if new.evidence.negated != old.evidence.negated:
        return not new.evidence.negated
    return new.evidence.confidence > old.evidence.confidence


def _rewrite(surface: str, rewrites: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """Apply the first matching rewrite ("difficulties with memory" -> "memory difficulties")."""
    folded = fold(surface)
    for pattern, replacement in rewrites:
        m = pattern.fullmatch(folded)
        if m:
            return m.expand(replacement)
    return surface


def _apply_overrides(
    found: list[Assertion], overrides: dict[Predicate, frozenset[Predicate]]
) -> list[Assertion]:
    """Within one sentence, a more specific reading of a pair silences a general one.

    "Stopping it can cause insomnia" is a withdrawal symptom, not also a side effect.
    """
    by_pair: dict[tuple[object, object], set[Predicate]] = {}
    for a in found:
        if not a.evidence.negated:
            pair = (a.triple.subject.identity, a.triple.object.identity)
            by_pair.setdefault(pair, set()).add(a.triple.predicate)
    kept = []
    for a in found:
        pair = (a.triple.subject.identity, a.triple.object.identity)
        stronger = by_pair.get(pair, set())
        if any(a.triple.predicate in overrides.get(p, ()) for p in stronger):
            continue
        kept.append(a)
    return kept


def _topic_class(
    sentence: Sentence, mentions: list[Mention], found: list[Assertion]
) -> Entity | None:
    """The class a sentence is about, for a "they" in the next one: the subject of what it
    states, or a class it opens with; None when it is about a drug."""
    for a in found:
        if not a.evidence.negated:
            subject = a.triple.subject
            return subject if subject.type is EntityType.CLASS else None
    for m in mentions:
        if m.start - sentence.start > 3:
            break
        if m.entity.type is EntityType.CLASS:
            return m.entity
    return None


# a drug another is given with: "in combination with the chemotherapy medicine ..."
_COMBINED_WITH = re.compile(
    r"\b(?:in combination|together|combined|along|co-?administered)\s+with\s+"
    r"(?:(?:the|a|an|other)\s+)?(?:[\w-]+,?\s+){0,6}$",
    re.IGNORECASE,
)
# words before a drug that make it the object of a verb or a preposition, not the topic
# ("Taking X with Y can ..." is about X: a gerund subject is no governor)
_GOVERNS_DRUG = re.compile(
    r"(?:\b(?:avoid|avoiding|with|combin\w*|than|to|of|from|by|about|including|such as|if|"
    r"when|while|before|after|stop|stopping|"
    # a laboratory finding names a substance, not a topic: "Increased uric acid in blood"
    r"increased?|decreased?|raised|elevated|high|low|higher|lower|reduced|abnormal)"
    r"|^(?:do not |don't |never |please )?(?:take|use|give))\s*$"
)


def _blanked(text: str, *spans: tuple[int, int]) -> str:
    """``text`` with the characters of each span turned into spaces (offsets kept)."""
    for lo, hi in spans:
        text = text[:lo] + " " * (hi - lo) + text[hi:]
    return text


def _opens_with_medicine(masked: _Masked) -> bool:
    """Whether an item opens with a drug or class, after its determiners."""
    determiners = _DETERMINERS.match(masked.text)
    token = _PLACEHOLDER.match(masked.text, determiners.end() if determiners else 0)
    return token is not None and masked.mention_at(token).entity.type in (
        EntityType.DRUG,
        EntityType.CLASS,
    )


def _component(drug: Entity | None, main: Entity | None) -> bool:
    """Whether ``drug`` is the document's own drug or one of its active substances
    ("metformin" of "sitagliptin/metformin")."""
    if drug is None or main is None:
        return drug is None
    parts = {p.strip() for p in re.split(r"/| and |\+", main.label)}
    return drug.identity == main.identity or drug.label in parts


def _topic_drug(
    sentence: Sentence,
    mentions: list[Mention],
    found: list[Assertion],
    main: Entity | None,
    in_passing: frozenset[str] = frozenset(),
) -> Entity | None:
    """The drug a sentence is about: the subject of what it states, or a drug it opens with
    (the object of its first words only if it is the document's own drug: "Do not take X if"
    is about X, "Avoid ondansetron during treatment" is not about ondansetron)."""
    for a in found:
        if a.evidence.rule in in_passing:
            continue  # "Avoid ondansetron (an antiemetic)": a drug named in passing
        if a.triple.subject.type is EntityType.DRUG and not a.evidence.negated:
            at = sentence.text.find(a.evidence.subject_text) if a.evidence.subject_text else -1
            if at > 0 and _COMBINED_WITH.search(sentence.text, 0, at):
                continue  # "X is given in combination with Y for Z": still about X
            return a.triple.subject
    if sentence.block.kind is BlockKind.BULLET:
        return None  # an item that opens with a drug ("Increased level of X in the blood")
    for m in mentions:
        if m.entity.type is EntityType.DRUG and m.start - sentence.start <= 40:
            before = fold(sentence.text[: m.start - sentence.start])
            if _COMPARED.search(before):
                continue  # "Unlike zolpidem, ...": a drug named in passing
            if (main is None or m.entity.identity != main.identity) and _GOVERNS_DRUG.search(
                before
            ):
                return None  # "Avoid ondansetron ...", "Taken with X, ...": an object
            return m.entity
    return None


def _off_label_only(found: tuple[Assertion, ...]) -> tuple[Assertion, ...]:
    """A use the document calls off-label is only ``used_off_label_for`` (facts.md), even
    where another sentence says the drug is "used to treat" it."""
    off_label = {
        (a.triple.subject.identity, a.triple.object.identity)
        for a in found
        if a.triple.predicate is Predicate.USED_OFF_LABEL_FOR and not a.evidence.negated
    }
    if not off_label:
        return found
    return tuple(
        a
        for a in found
        if a.triple.predicate is not Predicate.TREATS
        or (a.triple.subject.identity, a.triple.object.identity) not in off_label
    )


def _own_class_to_drug(
    found: tuple[Assertion, ...], main: Entity, keep: frozenset[str] = frozenset()
) -> tuple[Assertion, ...]:
    """In a drug's own article, what it says about the drug's own classes is said about the
    drug (annotation.md: "benzodiazepines require special precaution in children" in the
    clonazepam article is clonazepam's caution), except the readings of the rules in
    ``keep``, which set the class against the drug ("unlike other opioids, X ...").

    >>> from drugkg.model import Evidence
    >>> drug = Entity.make(EntityType.DRUG, "nadolol")
    >>> cls = Entity.make(EntityType.CLASS, "beta blockers")
    >>> ev = Evidence(doc_id="d", sentence="s", start=0, end=1, rule="r")
    >>> found = (Assertion(Triple(drug, Predicate.MEMBER_OF_CLASS, cls), ev),
    ...          Assertion(Triple(cls, Predicate.HAS_SIDE_EFFECT,
    ...                           Entity.make(EntityType.CONDITION, "fatigue")), ev))
    >>> [(a.triple.subject.label, a.triple.predicate.value)
    ...  for a in _own_class_to_drug(found, drug)]
    [('nadolol', 'member_of_class'), ('nadolol', 'has_side_effect')]
    """
    own = {
        a.triple.object.identity
        for a in found
        if a.triple.predicate is Predicate.MEMBER_OF_CLASS
        and a.triple.subject == main
        and not a.evidence.negated
    }
    if not own:
        return found
    out: dict[tuple[Triple, int], Assertion] = {}
    for a in found:
        t = a.triple
        if (
            t.subject.identity in own
            and t.predicate not in _CLASS_OWN_PREDICATES
            and t.object.identity != main.identity
            and a.evidence.rule not in keep  # (a rule whose readings stay the class's)
        ):
            a = Assertion(Triple(main, t.predicate, t.object), a.evidence)
        key = (a.triple, a.evidence.start)
        if key not in out or _better(a, out[key]):
            out[key] = a
    return tuple(out.values())


def _orient(found: list[Assertion], main: Entity | None) -> list[Assertion]:
    """Interactions are symmetric: state them about the article's drug when it is the object."""
    if main is None:
        return found
    out = []
    for a in found:
        t = a.triple
        if (
            t.predicate is Predicate.INTERACTS_WITH
            and t.object == main
            and t.subject.type is EntityType.DRUG
        ):
            a = Assertion(Triple(main, t.predicate, t.subject), a.evidence)
        out.append(a)
    return out


# facts about a class that stay the class's own, in its members' articles too
_CLASS_OWN_PREDICATES = frozenset({Predicate.MEMBER_OF_CLASS, Predicate.HAS_BRAND_NAME})
# a drug named this early (the title, the first line) is what the article is about
_TITLE_SPAN = 300

# Words so frequent that indexing a rule by them filters nothing.
_COMMON_WORDS = """
    a an the is are was were be been being can could may might will would should must do
    does to for of in on at by with from as and or not no it its this that these those
    have has had you your they their he she we i if when while also often
"""
_COMMON = frozenset(_COMMON_WORDS.split())


def _commonness(words: frozenset[str]) -> tuple[int, int]:
    """How weak a set of required words is as an index key (fewer common words, fewer words)."""
    return (sum(w in _COMMON for w in words), len(words))


def _matches(rule: Rule, text: str) -> Iterator[re.Match[str]]:
    """Every match of a rule, resuming after each match's subject and trigger (not its whole
    object list), so "it is a ⟨K⟩, and ⟨B⟩ is a ⟨K⟩" yields both statements.

    A pattern that opens with its object list is matched anchored at the start of each
    clause (after a colon or semicolon), never tried at every position: that keeps the
    cost linear in the sentence length.
    """
    regex = rule.regex
    if rule.leading_objects:
        starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]
        for start in starts:
            m = regex.match(text, start)
            if m is not None:
                yield m
        return
    pos = 0
    slot = "objects" if "objects" in regex.groupindex else None
    while pos <= len(text):
        m = regex.search(text, pos)
        if m is None:
            return
        yield m
        nxt = m.end()
        if slot is not None and m.start(slot) > m.start():
            nxt = m.start(slot)
        pos = max(nxt, m.start() + 1)


def _words(text: str) -> list[str]:
    """The words of a stretch of masked text; a mention counts as one content word."""
    text = _PLACEHOLDER.sub(" ⟨mention⟩ ", text.replace("(", " ").replace(")", " "))
    return text.split()


def _names_its_subject(match: re.Match[str]) -> bool:
    """Whether the match's subject slot names a thing, not "it" or "these agents"."""
    if slot_start(match, "subject") is None:
        return False
    return _PLACEHOLDER.search(match.group("subject")) is not None


def _names_another(masked: _Masked, end: int, focus: Entity | None) -> bool:
    """Whether a drug or class other than ``focus`` is named before ``end``."""
    for token in _AGENT_TOKEN.finditer(masked.text, 0, end):
        if masked.mention_at(token).entity != focus:
            return True
    return False


_ASIDE = re.compile(r",\s*(?:which|who)\s[^,;:.]*(?=,)")


# asides that stand between a subject and its verb; blanked, with offsets kept
# a drug the sentence compares its subject with: "nadolol, like propranolol, is ...",
# "like propranolol, nadolol is ..."; never the subject itself
_COMPARED = re.compile(
    r",\s*(?:like|as with|unlike|similar to) ⟨[A-Z]\d+\|[^⟩]*⟩(?:,? (?:and|or) ⟨[A-Z]\d+\|[^⟩]*⟩)?,"
    r"|^(?:like|as with|unlike|similar to) (?:other |many |most |all )?⟨[A-Z]\d+\|[^⟩]*⟩"
    r"(?:,? (?:and|or) ⟨[A-Z]\d+\|[^⟩]*⟩)?,"
)
_PARENTHETICAL = re.compile(
    r",\s*(?:sold|marketed|available) (?:under|as) [^,;:.]*(?:,\s*among others)?,"
    r"|,\s*(?:also |commonly |generically )?(?:known|called|sold) as [^,;:.]*"
    r"(?:,\s*(?:or|and) [^,;:.]*)?,"  # "also known as hyoscine, or Devil's Breath,"
    r"|,\s*(?:like|as with|unlike) (?:other|most|many|all) [^,;:.]*,"
    r"|,\s*among others,"
    r"|\s\([^()]*\)"
    r"|" + _COMPARED.pattern
)


_LIST_COMMA = re.compile(r"(?<=\w), (?!and |or )")
_LIST_ITEM_END = re.compile(r",\s|\s(?:and|or)\s|\.(?:\s|$)")
# the last word before an examples cue, when it is the whole noun phrase's head
_ONE_WORD_CLASS = re.compile(r"(?<![\w'-])[a-zα-ω][a-zα-ω-]*s$")
_EXAMPLES_CUE = re.compile(r"(?<=\w),? (?:such as|like|including|e\.g\.) ")
_COMMA_ASIDE = re.compile(
    r", (?:sold|marketed|available|also|commonly|generically|known|called|like|as with|unlike"
    r"|similar to|among others)\b|^(?:like|as with|unlike|similar to)\b"
)


def _blank_unless_initials(aside: re.Match[str], text: str) -> str:
    """An aside as blanks, except a bracket of the initials of the words before it, which a
    name needs ("a central nervous system (cns) ⟨K⟩")."""
    bracket = re.fullmatch(r"\s\(([a-z]{2,6})\)", aside[0])
    words = _WORDS_BEFORE.search(text, 0, aside.start()) if bracket else None
    if bracket and words:
        spelled = words[0].split()
        if any(_abbreviates(bracket[1], " ".join(spelled[-k:])) for k in range(2, 6)):
            return aside[0]
    return " " * len(aside[0])


def _subject_in(match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    """Whether the match's subject slot starts inside one of ``spans``."""
    start = slot_start(match, "subject")
    return start is not None and any(a <= start < b for a, b in spans)


def _without_parentheticals(masked: _Masked) -> _Masked | None:
    """The sentence with its asides blanked, or None if it has none.

    An aside that names a brand keeps it out of the subject's way; the readings of the
    original sentence (where the brand rules find it) are kept as well.
    """
    text = masked.text
    if not _COMMA_ASIDE.search(text):
        return None  # brackets alone: the rules read across them already, mostly
    blanked = _PARENTHETICAL.sub(lambda m: _blank_unless_initials(m, text), text)
    if blanked == text:
        return None
    return dataclasses.replace(masked, text=blanked)


def _without_asides(masked: _Masked, lo: int, hi: int) -> _Masked:
    """Blank out ", which acts on X," inside a list, so the list goes on after it."""
    span = masked.text[lo:hi]
    if ", which" not in span and ", who" not in span:
        return masked

    def blank(m: re.Match[str]) -> str:
        # only mid-list ("A, B (b), which acts on X, and C"), not a first item's definition
        before = span[: m.start()]
        return " " * len(m.group()) if re.search(r",|\band\b|\bor\b", before) else m.group()

    blanked = _ASIDE.sub(blank, span)
    if blanked == span:
        return masked
    return dataclasses.replace(masked, text=masked.text[:lo] + blanked + masked.text[hi:])
