"""Namespaces and the ontology terms drugkg writes, in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from drugkg.model import EntityType, Predicate
from drugkg.xrefs import XREFS

__all__ = [
    "ALL_PREFIXES",
    "BIOLINK",
    "DCTERMS",
    "DKG",
    "DKGR",
    "ENTITY_CLASS",
    "OWL",
    "PREDICATE_PROPERTY",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "RESOURCE_PREFIXES",
    "SCHEMA",
    "SH",
    "SKOS",
    "WD",
    "WDT",
    "XREF_IRI",
    "XSD",
]

#: The ontology: classes and properties (``dkg:treats``, ``dkg:Drug``...).
DKG = Namespace("https://w3id.org/drugkg/ontology#")
#: Instance data: entities, facts, evidence, documents, named graphs.
DKGR = Namespace("https://w3id.org/drugkg/resource/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
SCHEMA = Namespace("http://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Prefixes bound in every export, so Turtle stays readable.
PREFIXES: dict[str, Namespace] = {
    "dkg": DKG,
    "dkgr": DKGR,
    "biolink": BIOLINK,
    "schema": SCHEMA,
    "prov": Namespace(str(PROV)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "owl": Namespace(str(OWL)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "wd": WD,
    "wdt": WDT,
    "sh": SH,
}

#: One prefix per kind of instance IRI (``drug:clonazepam``, ``fact:0a1b...``), bound in
#: exports next to :data:`PREFIXES` so that Turtle needs no escaped slashes.
RESOURCE_PREFIXES: dict[str, Namespace] = {
    slug: Namespace(f"{DKGR}{slug}/")
    for slug in [*(t.slug for t in EntityType), "fact", "evidence", "doc", "graph", "dose"]
}

#: Every prefix drugkg knows, as plain strings: bound in queries, used in exports.
ALL_PREFIXES: dict[str, str] = {
    **{prefix: str(ns) for prefix, ns in PREFIXES.items()},
    **{prefix: str(ns) for prefix, ns in RESOURCE_PREFIXES.items()},
    "rdf": str(RDF),
}

#: rdf:type of each entity type.
ENTITY_CLASS = {t: DKG[t.value] for t in EntityType}

#: The property of each predicate: ``dkg:treats``, ``dkg:has_side_effect``...
PREDICATE_PROPERTY = {p: DKG[p.value] for p in Predicate}

#: How an external id becomes a resolvable IRI (for ``skos:exactMatch``).
XREF_IRI = {prefix: scheme.iri for prefix, scheme in XREFS.items()}
