"""The ontology terms drugkg writes, as pyoxigraph nodes (names from docs/graph-model.md)."""

from __future__ import annotations

from pyoxigraph import NamedNode

from drugkg.kg import vocab
from drugkg.kg.vocab import (
    DCTERMS,
    DKG,
    ENTITY_CLASS,
    PREDICATE_PROPERTY,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XREF_IRI,
)


def _node(term: str) -> NamedNode:
    return NamedNode(str(term))


TYPE = _node(RDF.type)
LABEL = _node(RDFS.label)
PREF_LABEL = _node(SKOS.prefLabel)
ALT_LABEL = _node(SKOS.altLabel)
EXACT_MATCH = _node(SKOS.exactMatch)
STATEMENT = _node(RDF.Statement)
SUBJECT = _node(RDF.subject)
PREDICATE = _node(RDF.predicate)
OBJECT = _node(RDF.object)
WAS_DERIVED_FROM = _node(PROV.wasDerivedFrom)
WAS_QUOTED_FROM = _node(PROV.wasQuotedFrom)
IDENTIFIER = _node(DCTERMS.identifier)
TITLE = _node(DCTERMS.title)
FORMAT = _node(DCTERMS.format)
FACT = _node(DKG.Fact)
EVIDENCE = _node(DKG.Evidence)
DOCUMENT = _node(DKG.Document)
DOSE_RECORD = _node(DKG.DoseRecord)
CONFIDENCE = _node(DKG.confidence)
SUPPORT_COUNT = _node(DKG.supportCount)
EVIDENCE_COUNT = _node(DKG.evidenceCount)
HEDGED = _node(DKG.hedged)
NEGATED = _node(DKG.negated)
SENTENCE = _node(DKG.sentence)
SUBJECT_TEXT = _node(DKG.subjectText)
OBJECT_TEXT = _node(DKG.objectText)
START = _node(DKG.start)
END = _node(DKG.end)
RULE = _node(DKG.rule)
PATH = _node(DKG.path)
SHA256 = _node(DKG.sha256)
TEXT_LENGTH = _node(DKG.textLength)
DOSE_OF = _node(DKG.doseOf)
AMOUNT = _node(DKG.amount)
UNIT = _node(DKG.unit)
FREQUENCY = _node(DKG.frequency)
DOSE_KIND = _node(DKG.doseKind)
FOR_CONDITION = _node(DKG.forCondition)
FOR_POPULATION = _node(DKG.forPopulation)
#: Properties by which a dose record refers to an entity.
DOSE_LINKS = (DOSE_OF, FOR_CONDITION, FOR_POPULATION)
#: The property of each external id prefix (``dkg:drugbank``...).
XREF_PROPERTY = {prefix: _node(DKG[prefix]) for prefix in XREF_IRI}
#: The property of each predicate, and back.
PREDICATE_NODE = {p: _node(iri) for p, iri in PREDICATE_PROPERTY.items()}
NODE_PREDICATE = {node: p for p, node in PREDICATE_NODE.items()}
#: The class of each entity type, and back.
CLASS_NODE = {t: _node(iri) for t, iri in ENTITY_CLASS.items()}
NODE_TYPE = {node: t for t, node in CLASS_NODE.items()}

XSD_DOUBLE = _node(vocab.XSD.double)
XSD_DECIMAL = _node(vocab.XSD.decimal)
XSD_STRING = _node(vocab.XSD.string)
RDF_LANG_STRING = _node(RDF.langString)
