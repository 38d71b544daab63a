"""The external identifier schemes an entity may carry: the one list of cross-reference
prefixes (the lexicon checks ids against it, the graph and the page link them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["XREFS", "XrefScheme"]


@dataclass(frozen=True, slots=True)
class XrefScheme:
    """An external identifier scheme an entity may carry: its prefix (the key in
    :attr:`Entity.xrefs`), display name, the shape of an id and its resolvable IRI."""

    prefix: str
    name: str
    pattern: str
    iri: str  # with ``{}`` for the id

    def url(self, ident: str) -> str:
        """The IRI of ``ident``.

        >>> XREFS["mesh"].url("D002998")
        'http://id.nlm.nih.gov/mesh/D002998'
        """
        return self.iri.format(ident)


#: The external id schemes, by prefix: the one list of cross-reference prefixes.
XREFS: Mapping[str, XrefScheme] = MappingProxyType(
    {
        s.prefix: s
        for s in [
            XrefScheme("drugbank", "DrugBank", r"DB\d{5}", "https://go.drugbank.com/drugs/{}"),
            XrefScheme("mesh", "MeSH", r"[CDQ]\d{6,9}", "http://id.nlm.nih.gov/mesh/{}"),
            XrefScheme(
                "rxnorm", "RxNorm", r"\d{1,8}", "http://purl.bioontology.org/ontology/RXNORM/{}"
            ),
            XrefScheme("chebi", "ChEBI", r"\d{1,7}", "http://purl.obolibrary.org/obo/CHEBI_{}"),
            XrefScheme(
                "medlineplus",
                "MedlinePlus",
                r"a\d{6}",
                "https://medlineplus.gov/druginfo/meds/{}.html",
            ),
            XrefScheme("umls", "UMLS", r"C\d{7}", "https://uts.nlm.nih.gov/uts/umls/concept/{}"),
            XrefScheme("hpo", "HPO", r"HP:\d{7}", "http://purl.obolibrary.org/obo/{}"),
            XrefScheme("wikidata", "Wikidata", r"Q\d+", "http://www.wikidata.org/entity/{}"),
        ]
    }
)
