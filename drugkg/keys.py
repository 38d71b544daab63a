"""Entity keys: a label folded for identity (case, accents, plurals, punctuation)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["entity_key", "singular"]

# Words ending in -s that are not plurals.
_PLURAL_EXCEPTION_TEXT = """
    diabetes herpes measles mumps rabies scabies rickets shingles lupus stasis psychosis
    sepsis analysis paralysis diagnosis mellitus status virus gas bus abus its this was has
    is does sinus tetanus thrombosis nystagmus hiccups series species ss us news mathematics
    physics genetics aids bipolar
"""
_PLURAL_EXCEPTIONS = frozenset(_PLURAL_EXCEPTION_TEXT.split())
# lower-cased acronym plurals that look like Greek/Latin singulars ("psychosis")
_ACRONYM_PLURALS = frozenset({"ssris", "snris", "maois", "ppis", "sris", "nris", "ndris", "saris"})


def singular(word: str) -> str:
    """A light English singular, good enough to merge ``seizures`` with ``seizure``.

    >>> [singular(w) for w in ["seizures", "therapies", "diabetes", "aches", "stress"]]
    ['seizure', 'therapy', 'diabetes', 'ache', 'stress']
    """
    if word in _ACRONYM_PLURALS:
        return word[:-1]
    if len(word) <= 3 or word in _PLURAL_EXCEPTIONS or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("aches"):
        return word[:-1]
    if word.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return word[:-2]
    return word[:-1]


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# "SSRIs", "NSAIDs": the plural of an acronym
_ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Z0-9-]*[A-Z0-9])s\b")
# Greek letters common in pharmacology, spelled out so that keys stay readable ASCII
_GREEK = str.maketrans(
    {
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "μ": "mu",
        "µ": "mu",
        # letters that do not decompose into ASCII
        "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "þ": "th", "Þ": "Th",
        "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE",
    }
)  # fmt: skip


def entity_key(label: str) -> str:
    """The identity key of an entity label: case, accents, plurals and punctuation folded.

    Two labels with the same key name the same node.

    >>> entity_key("Panic Disorders")
    'panic-disorder'
    >>> entity_key("Parkinson’s disease") == entity_key("Parkinson's disease")
    True
    >>> entity_key("cognitive-behavioral therapy") == entity_key("Cognitive behavioral therapies")
    True
    >>> entity_key("SSRIs") == entity_key("SSRI") == entity_key("ssris")
    True
    >>> entity_key("Sjøgren syndrome")
    'sjogren-syndrome'
    >>> entity_key("μ-opioid receptor")
    'mu-opioid-receptor'

    """
    text = _ACRONYM_PLURAL.sub(r"\1", label.translate(_GREEK))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("'s ", " ").replace("'s", "")
    words = [w for w in _NON_WORD.split(text) if w]
    if not words:
        digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:12]
        return f"x{digest}"
    return "-".join(singular(w) for w in words)
