"""Hints for empty answers: close labels of the store and close terms of the ontology.

A misspelt name ("Zolof") or term (``dkg:treat``) matches nothing and a query gives no
rows; these say what was probably meant, by :func:`difflib.get_close_matches`.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

import pyoxigraph as ox

from drugkg.kg._sparql import tokens
from drugkg.kg.backend import Backend
from drugkg.kg.results import run_query
from drugkg.kg.vocab import DKG

__all__ = ["UnknownTerm", "close_labels", "did_you_mean", "ontology_terms", "unknown_terms"]

_DKG = str(DKG)


def close_labels(backend: Backend, name: str, *, n: int = 3) -> list[str]:
    """The store's labels and synonyms closest to ``name`` (case folded), best first.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/z"),
    ...     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("zoloft")))
    >>> close_labels(store, "Zolof")
    ['zoloft']
    """
    result = run_query(backend, "SELECT DISTINCT ?l WHERE { ?e rdfs:label|skos:altLabel ?l }")
    labels: dict[str, str] = {}
    for row in result.solutions():
        label = row["l"].value
        labels.setdefault(label.lower(), label)
    found = difflib.get_close_matches(name.strip().lower(), list(labels), n=n, cutoff=0.6)
    return [labels[f] for f in found]


def did_you_mean(options: Iterable[str]) -> str:
    """``; did you mean: a, b?`` for a message, or ``""`` without options.

    >>> did_you_mean(["zoloft"]), did_you_mean([])
    ('; did you mean: zoloft?', '')
    """
    shown = list(options)
    return f"; did you mean: {', '.join(shown)}?" if shown else ""


@functools.cache
def ontology_terms() -> frozenset[str]:
    """The local names of the terms the drugkg ontology defines (``treats``, ``Drug``...)."""
    from drugkg.kg.validate import ontology_file

    data = ontology_file().read_bytes()
    terms = set()
    for triple in ox.parse(data, format=ox.RdfFormat.TURTLE):
        if isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(_DKG):
            terms.add(triple.subject.value[len(_DKG) :])
    return frozenset(t for t in terms if t)


class UnknownTerm(str):
    """A ``dkg:`` term of a query that the ontology does not define, with close ones."""

    suggestions: tuple[str, ...]

    def __new__(cls, term: str, suggestions: Iterable[str] = ()) -> UnknownTerm:
        self = super().__new__(cls, term)
        self.suggestions = tuple(suggestions)
        return self

    def hint(self) -> str:
        """One line saying so."""
        close = did_you_mean(f"dkg:{s}" for s in self.suggestions)
        return f"{self} is not a term of the drugkg ontology{close}"


def unknown_terms(text: str) -> list[UnknownTerm]:
    """The ``dkg:`` terms (prefixed or full IRIs) of a query that the ontology lacks.

    >>> [t.hint() for t in unknown_terms("SELECT * { ?d dkg:treat ?c ; a dkg:Drug }")]
    ['dkg:treat is not a term of the drugkg ontology; did you mean: dkg:treats...']
    """
    known = ontology_terms()
    found: dict[str, UnknownTerm] = {}
    for token in tokens(text):
        if token.kind == "word" and token.text.startswith("dkg:"):
            local = token.text[4:].rstrip(".;,")
        elif token.kind == "iri" and token.text[1:-1].startswith(_DKG):
            local = token.text[1 + len(_DKG) : -1]
        else:
            continue
        if not local or local in known:
            continue
        close = difflib.get_close_matches(local, sorted(known), n=3, cutoff=0.6)
        found.setdefault(local, UnknownTerm(f"dkg:{local}", close))
    return list(found.values())
