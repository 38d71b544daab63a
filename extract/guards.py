"""Precision guards: the words around a reading that take it back or make it another
kind of fact ("propranolol overdose" states overdose, "after stopping X" withdrawal, "with
alcohol" an interaction, "during pregnancy" a state)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from drugkg.model import Assertion, Entity, EntityType, Predicate

from .rules import slot_start

if TYPE_CHECKING:
    from .engine import _Masked

__all__ = [
    "PLACEHOLDER",
    "a_state_as_event",
    "combination",
    "comma_list",
    "not_its_brand",
    "overdosed",
    "stopped",
]

# a mention in masked text: ⟨D3|clonazepam⟩
PLACEHOLDER = re.compile(r"⟨([A-Z])(\d+)\|[^⟩]*⟩")

# "propranolol overdose", "an overdose of propranolol": what follows is overdose, not a
# side effect of the drug
_OVERDOSE_WORD = r"⟨C\d+\|(?:overdose|overdosage|poisoning|intoxication)⟩"


_IN_OVERDOSE = re.compile(
    rf"⟨[DBK](\d+)\|[^⟩]*⟩\s*{_OVERDOSE_WORD}"
    # "an overdose of X", "overdoses with 250 mg of X"
    rf"|{_OVERDOSE_WORD}\s+(?:of|with|on)\s+(?:[^\s⟨.;:]+\s+){{0,8}}?⟨[DBK](\d+)\|"
)


# what a sentence lists is not the drug's effect: the signs of an overdose (facts.md), or the
# events of the disease being treated ("events related to the condition you are having
# treated, such as ...")
_NOT_ITS_EFFECTS = re.compile(
    r"\b(?:symptoms?|signs?|features?|effects?|manifestations?) of (?:an? |the )?(?:acute )?"
    r"(?:overdose|overdosage|poisoning|intoxication|toxicity)\b"
    r"|\b(?:related to|due to|caused by) the (?:condition|disease|illness) "
    r"(?:you are|that is|being)"
)
# a sentence about overdose as such: "Reports of overdose indicate that X may cause ...",
# "In overdose, X can cause ..." (whatever reads its drug)
_ABOUT_OVERDOSE = re.compile(
    r"\b(?:(?:reports?|cases?|instances?|signs?|symptoms?) of|in(?: cases? of)?) "
    r"(?:an? |the )?(?:acute |massive |intentional |accidental )?"
    r"(?:⟨C\d+\|)?(?:overdose|overdosage)s?\b",
    re.IGNORECASE,
)


def not_its_effects(masked: _Masked) -> bool:
    """Whether the sentence lists an overdose's signs or the treated disease's events.

    >>> from drugkg.extract.guards import _NOT_ITS_EFFECTS
    >>> bool(_NOT_ITS_EFFECTS.search("symptoms of overdose included: coma"))
    True
    """
    return _NOT_ITS_EFFECTS.search(masked.sentence.text.lower()) is not None


# the signs of an effect the sentence has named: "Infections; symptoms may include fever",
# "an allergic reaction, with symptoms such as rash" (real.NOTES.md note 6: no rows)
_ITS_SIGNS = re.compile(
    r"⟨C\d+\|[^⟩]*⟩[^.⟨]{0,60}?\b(?:signs?|symptoms?)(?: and (?:signs?|symptoms?))?"
    r"(?: of (?:this|these|which|it))?\s*(?:(?:may|can|could|might|will) )?\s*$",
    re.IGNORECASE,
)


# the signs of an effect the sentence names first: "The signs and symptoms of low blood sugar
# may include headache, ..." (what follows names no effect of its own)
_SIGNS_OF = re.compile(
    r"\b(?:signs?|symptoms?)(?: (?:and|or) (?:signs?|symptoms?))? of (?:an? |the |this |these "
    r"|your |possible |a possible )?(?:[\w-]+ ){0,2}⟨C\d+\|[^⟩]*⟩[^.;:⟨⟩]{0,30}$",
    re.IGNORECASE,
)


def its_signs(match: re.Match[str], text: str) -> bool:
    """Whether what a rule lists are the signs of an effect named just before it
    ("Infections; symptoms may include fever and chills"): components of a named side
    effect, not side effects of their own.

    >>> import re
    >>> text = "⟨C1|infection⟩ ; symptoms may include ⟨C2|fever⟩"
    >>> its_signs(re.search("include", text), text)
    True
    >>> text = "the signs of ⟨C1|hypoglycaemia⟩ may include ⟨C2|fever⟩"
    >>> its_signs(re.search("may include (?P<objects>.*)", text), text)
    True
    """
    if _ITS_SIGNS.search(text, max(0, match.start() - 120), match.start()) is not None:
        return True
    lo = slot_start(match, "objects", "object")
    return lo is not None and lo > 0 and _SIGNS_OF.search(text, max(0, lo - 120), lo) is not None


# symptoms to report, not a condition the patient has: "tell your doctor if you have
# symptoms, such as dizziness or fainting" (what a caution's list holds is the patient's)
_SYMPTOM_EXAMPLES = re.compile(
    # what the reader may come to feel: "if you develop fever", "if you notice bruising"
    r"\s*(?:(?:you|your child|he|she|they) (?:\w+ )?)?(?:develops?|notices?|feels?|experiences?"
    r"|start to|starts to|begin to|begins to)\b"
    r"|\s*(?:any |the |new |worsening |these |such )*(?:signs?|symptoms?)"
    r"(?: (?:or|and) (?:signs?|symptoms?))?(?: of (?:an? |the )?(?:⟨[^⟩]*⟩|\w+))?\s*,?\s*"
    r"(?:such as|like|including|e\.g\.|for example)\b",
    re.IGNORECASE,
)


def symptoms_to_report(text: str, start: int) -> bool:
    """Whether a list that starts at ``start`` names symptoms by example ("if you have
    symptoms, such as dizziness") or symptoms the reader comes to have ("if you develop
    fever"): symptoms to report, not the patient's conditions.

    >>> text = "tell your doctor if you have symptoms, such as ⟨C1|dizziness⟩"
    >>> symptoms_to_report(text, text.index("symptoms")), symptoms_to_report(text, 0)
    (True, False)
    >>> text = "tell your doctor if you develop ⟨C1|fever⟩"
    >>> symptoms_to_report(text, text.index("you develop"))
    True
    """
    return _SYMPTOM_EXAMPLES.match(text, start) is not None


def about_overdose(masked: _Masked) -> bool:
    """Whether the sentence is about overdose as such ("Reports of overdose indicate that X
    may cause ...", "In overdose, X can cause ..."): what it lists is no side effect.

    >>> from drugkg.extract.guards import _ABOUT_OVERDOSE
    >>> [bool(_ABOUT_OVERDOSE.search(s)) for s in ("reports of overdose indicate that",
    ...      "in overdose, it causes", "the overdose risk is low")]
    [True, True, False]
    """
    return _ABOUT_OVERDOSE.search(masked.text) is not None


def overdosed(masked: _Masked) -> list[Entity]:
    """The drugs a sentence names in overdose ("propranolol overdose", "an overdose of
    propranolol"): what it says they cause is overdose, not a side effect."""
    if "overdos" not in masked.text and "poisoning" not in masked.text:
        return []
    return [
        masked.mentions[int(m.group(1) or m.group(2))].entity
        for m in _IN_OVERDOSE.finditer(masked.text)
    ]


_STOPPING = re.compile(
    r"\b(?:stop(?:s|ped|ping)?|quit(?:s|ting)?|discontinu\w+|cessation|withdrawal|withdrawing"
    r"|coming off|come off|taper(?:ing|ed)?(?: off)?)\s+(?:of\s+|from\s+|taking\s+|using\s+"
    r"|the\s+|your\s+|treatment\s+with\s+|therapy\s+with\s+)*$"
)


# what a statement says happens once the drug is stopped
_THEN_STOPPING = re.compile(
    # "..., may occur if use of ⟨D⟩ is stopped abruptly"
    r"\s*,?\s*(?:(?:may|can|could|might|will)\s+)?(?:(?:occur|develop|happen|appear|arise)\s+)?"
    r"(?:if|when|once|after)\s+(?:the\s+)?(?:(?:use|treatment|therapy)\s+(?:of|with)\s+)?"
    r"⟨[DBK]\d+\|[^⟩]*⟩\s+(?:is|was|are)\s+(?:(?:abruptly|suddenly|rapidly)\s+)?"
    r"(?:stopped|discontinued|withdrawn|ceased)"
    r"|\s*(?:after|upon|on|following|when|once|if|during)\s+(?:you\s+|people\s+|patients\s+)?"
    r"(?:(?:abrupt|sudden|rapid|over-rapid)(?:ly)?\s+(?:or\s+(?:abrupt|sudden|rapid)\s+)?)?"
    r"(?:the\s+)?"
    r"(?:stop|discontinu|withdraw|cessation|taper|reduc\w*\s+the\s+dose|quit|com(?:e|ing)\s+off)"
)


def stopped(match: re.Match[str], text: str) -> bool:
    """Whether the events come before a drug being stopped ("⟨C⟩ after stopping ⟨D⟩"):
    they are withdrawal, not side effects. (After the drug, "after stopping ⟨D⟩, the ⟨C⟩
    resolved" is a dechallenge: evidence of a side effect.)"""
    if _THEN_STOPPING.match(text, match.end()):
        return True  # "rebound insomnia may occur after stopping ⟨D⟩"
    start = slot_start(match, "subject")
    events = slot_start(match, "objects", "object")
    if start is None or events is None or events >= start:
        return False
    return _STOPPING.search(text, max(0, start - 40), start) is not None


# what makes the findings after it withdrawal: "a withdrawal syndrome may occur with symptoms
# such as A, B"; a sentence that opens "upon cessation or reduction in dosage, ..."
_WITHDRAWAL_EXAMPLES = re.compile(
    r"(?:(?:withdrawal|discontinuation|abstinence)[ -](?:syndrome|symptoms?|reactions?)"
    r"|⟨C\d+\|(?:withdrawal|discontinuation)[^⟩]*⟩)"
    r"[^.;⟨]{0,40}?\b(?:such as|including|like|e\.g\.)"
)
_ONSET_VERB = re.compile(r"\b(?:occurs?|develops?|appears?|emerges?|arises?|happens?)\b")
_UPON_STOPPING = re.compile(
    r"\W*(?:upon|after|on|following)\s+(?:the\s+)?(?:cessation|stopping|discontinuation"
    r"|⟨C\d+\|withdrawal⟩|withdrawal)\b"
)


def withdrawal_examples(match: re.Match[str], text: str) -> bool:
    """Whether the findings a match names are withdrawal, by the words that give them as
    examples ("a withdrawal syndrome with symptoms such as anxiety") or the sentence's
    opening ("upon cessation, ... may occur")."""
    events = slot_start(match, "objects", "object")
    if events is None:
        return False
    if _UPON_STOPPING.match(text) and _ONSET_VERB.search(match.group()):
        return True  # (not a dechallenge: "after stopping X, the rash resolved")
    slot = "objects" if "objects" in match.re.groupindex else "object"
    if events == match.start() and match.end(slot) < match.end():
        # the findings before the verb ("... such as A and B may occur"): the slot's words
        return _WITHDRAWAL_EXAMPLES.search(text, events, match.end(slot)) is not None
    return _WITHDRAWAL_EXAMPLES.search(text, max(0, events - 120), events) is not None


_STATES = frozenset(
    {"pregnancy", "pregnant-women", "breastfeeding-women", "surgery", "childbirth", "labor"}
)


def a_state_as_event(assertion: Assertion) -> bool:
    """A side effect or withdrawal symptom that is a state of the patient, not an event
    ("during pregnancy", "while breastfeeding"): never a fact of those kinds."""
    return (
        assertion.triple.predicate in (Predicate.HAS_SIDE_EFFECT, Predicate.HAS_WITHDRAWAL_SYMPTOM)
        and assertion.triple.object.key in _STATES
    )


def comma_list(text: str) -> bool:
    """Whether a long item is a list of short ones ("heartburn, vomiting, feeling bloated,
    abdominal pain, ..."), not a sentence.

    >>> comma_list("heartburn, vomiting, feeling bloated, abdominal pain, toothache, dry mouth")
    True
    >>> comma_list("this medicine may make you feel sleepy, so do not drive or use machines")
    False
    """
    parts = [p.split() for p in re.split(r",|\bor\b|\band\b", text) if p.strip()]
    return len(parts) >= 3 and all(len(p) <= 4 for p in parts)


_COMBINATION_WORD = re.compile(
    r"\bcombin(?:ation|ed|ing)\b|\btogether with\b|\balongside\b"
    r"|\b(?:concomitant|concurrent|simultaneous) (?:use|administration|treatment|intake)\b"
    r"|\bco-?administ(?:ration|ered)\b"
)


# a sentence about taking two things together
_COMBINATION = re.compile(
    r"\b(?:with|together with|alongside|combined with|plus|and)\s+"
    r"(?:(?:other|another|an?|the|some)\s+)?(?:[a-z-]+\s+)?⟨[DBKS]\d"
    r"|\b(?:the|this|that) combination\b|\bcombining\b|\bcombined with\b"
)


_AND_OTHER = re.compile(r"(?:and|or)\s+(?:other|similar)\s")
# a class's name as an adjective of an effect ("anticholinergic effects", "opioid toxicity")
_CLASS_AS_ADJECTIVE = re.compile(
    r"\s+(?:side\s+)?(?:effects?|properties|activity|actions?|symptoms|toxicity|reactions?)\b"
)


def combination(masked: _Masked, subjects: list[Entity]) -> bool:
    """The sentence is about taking two things together ("with alcohol", "the combination"),
    not about the subject alone ("treated with ⟨D⟩" names the subject itself)."""
    ids = {s.identity for s in subjects}
    if _COMBINATION_WORD.search(masked.text):
        return True  # "in combination with", "combined with", "the combination"
    for m in _COMBINATION.finditer(masked.text):
        token = PLACEHOLDER.match(masked.text, m.end() - 3)
        if token is None:
            return True  # "the combination", "combining"
        mention = masked.mention_at(token)
        if _AND_OTHER.match(m.group()) and mention.entity.type is EntityType.CLASS:
            continue  # "fluoxetine and other SSRIs": the subject's class, not a second drug
        if mention.entity.type is EntityType.CLASS and _CLASS_AS_ADJECTIVE.match(
            masked.text, token.end()
        ):
            continue  # "headache and anticholinergic effects": a kind of effect, not a drug
        if mention.entity.identity not in ids:
            return True
    return False


# a code, not a name: food-additive E numbers ("E171", "E470b"), a grade ("K30", "PVP K-30")
_CODE = re.compile(r"(?:[A-Z]{1,3}[ -])?[A-Z]{1,2}[ -]?\d{2,4}[a-z]?(?:\s*\([ivx]+\))?")


def not_its_brand(masked: _Masked | None, subject: Entity, brand: Entity) -> bool:
    """A name in brackets after the drug that is not the drug's own brand: the generic name
    and a company's ("Clopidogrel Teva", annotation.md), the drug's
    abbreviation ("dextromethorphan (DXM)"), or the brand of a combination the drug is one
    part of ("olanzapine/fluoxetine (Symbyax)").

    >>> not_its_brand(None, Entity.make(EntityType.DRUG, "dextromethorphan"),
    ...               Entity.make(EntityType.BRAND, "DXM", keep_case=True))
    True
    >>> not_its_brand(None, Entity.make(EntityType.DRUG, "zolpidem"),
    ...               Entity.make(EntityType.BRAND, "Ambien", keep_case=True))
    False
    >>> not_its_brand(None, Entity.make(EntityType.DRUG, "a/b"),
    ...               Entity.make(EntityType.BRAND, "A/B Pharmaco", keep_case=True))
    True
    >>> [not_its_brand(None, Entity.make(EntityType.DRUG, "povidone"),
    ...                Entity.make(EntityType.BRAND, code, keep_case=True))
    ...  for code in ("E1201", "K30", "PVP K-30", "E470b", "Kollidon")]
    [True, True, True, True, False]
    """
    name = brand.label
    if _CODE.fullmatch(name):
        return True  # "titanium dioxide (E171)", "povidone (K30)": an additive's code
    if name.lower().startswith(f"{subject.label.lower()} "):
        return True  # "Clopidogrel Teva": the generic name and a company's
    if name.isupper() and 2 <= len(name) <= 5 and _letters_in_order(name.lower(), subject.label):
        return True
    if masked is None:
        return False
    for token in PLACEHOLDER.finditer(masked.text):
        if masked.mention_at(token).entity.identity != subject.identity:
            continue
        before = masked.text[max(0, token.start() - 1) : token.start()]
        after = masked.text[token.end() : token.end() + 1]
        if "/" in (before, after):
            return True  # "olanzapine/fluoxetine": a fixed combination
    named = [m.start() for m in _BRAND_NAME_WORDS.finditer(masked.text)]
    brand_at = named[-1] if named else masked.text.find(brand.label.lower())
    # "X is available in combination with Y under the brand name Z": the combination's
    return (
        "/" not in subject.label
        and brand_at > 0
        and _IN_COMBINATION.search(masked.text, 0, brand_at) is not None
    )


_BRAND_NAME_WORDS = re.compile(r"\b(?:brand|trade) names?\b")
# a product that combines the drug with another, named before its brand
_IN_COMBINATION = re.compile(
    r"\b(?:in combination with|combined with|a combination of|combination (?:product|drug)|"
    r"prepared with|together with|along with|fixed-dose)\b"
)


def _letters_in_order(letters: str, word: str) -> bool:
    """Whether ``letters`` occur in ``word`` in order, the first at its start ("dxm" in
    "dextromethorphan")."""
    if not letters or not word.lower().startswith(letters[0]):
        return False
    rest = iter(word.lower())
    return all(ch in rest for ch in letters)
