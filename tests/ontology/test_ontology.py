"""Tests of the OWL ontology, the SHACL shapes and a golden graph in the graph-model.md layout."""

from __future__ import annotations

import hashlib
import importlib.resources
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import owlrl
import pyoxigraph
import pytest
from owlrl.Closure import ERRNS
from pyshacl import validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from drugkg.kg.vocab import (
    BIOLINK,
    DKG,
    DKGR,
    ENTITY_CLASS,
    PREDICATE_PROPERTY,
    SCHEMA,
    SH,
    WD,
    WDT,
)
from drugkg.model import EntityType, Predicate

ONTOLOGY_DIR = importlib.resources.files("drugkg.ontology")
GOLDEN = Path(__file__).parent / "data" / "valid.trig"
ONTOLOGY_IRI = URIRef("https://w3id.org/drugkg/ontology")
DKG_SHAPES = "https://w3id.org/drugkg/shapes#"
OA = "http://www.w3.org/ns/oa#"
# A plain Namespace: rdflib's closed XSD namespace warns when doctest collection probes it.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

DRUG, BRAND, CLASS, SUBSTANCE, CONDITION, THERAPY, POPULATION, TARGET = (
    ENTITY_CLASS[t]
    for t in (
        EntityType.DRUG,
        EntityType.BRAND,
        EntityType.CLASS,
        EntityType.SUBSTANCE,
        EntityType.CONDITION,
        EntityType.THERAPY,
        EntityType.POPULATION,
        EntityType.TARGET,
    )
)
DRUG_OR_CLASS = frozenset({DRUG, CLASS})

#: facts.md, "Predicates", with a class allowed as subject wherever a drug is
#: (facts.md, "Conventions"), except for has_brand_name.
SIGNATURE: dict[Predicate, tuple[frozenset[URIRef], frozenset[URIRef]]] = {
    Predicate.TREATS: (DRUG_OR_CLASS, frozenset({CONDITION})),
    Predicate.USED_OFF_LABEL_FOR: (DRUG_OR_CLASS, frozenset({CONDITION})),
    Predicate.HAS_SIDE_EFFECT: (DRUG_OR_CLASS, frozenset({CONDITION})),
    Predicate.HAS_WITHDRAWAL_SYMPTOM: (DRUG_OR_CLASS, frozenset({CONDITION})),
    Predicate.HAS_RISK: (DRUG_OR_CLASS, frozenset({CONDITION})),
    # symmetric: what may be the object may be the subject
    Predicate.INTERACTS_WITH: (
        frozenset({DRUG, CLASS, SUBSTANCE}),
        frozenset({DRUG, CLASS, SUBSTANCE}),
    ),
    Predicate.CONTRAINDICATED_IN: (DRUG_OR_CLASS, frozenset({CONDITION, POPULATION})),
    Predicate.CAUTION_IN: (DRUG_OR_CLASS, frozenset({CONDITION, POPULATION})),
    Predicate.MEMBER_OF_CLASS: (DRUG_OR_CLASS, frozenset({CLASS})),
    Predicate.HAS_BRAND_NAME: (frozenset({DRUG}), frozenset({BRAND})),
    Predicate.MECHANISM: (DRUG_OR_CLASS, frozenset({TARGET})),
    Predicate.ALTERNATIVE_TO: (frozenset({DRUG, THERAPY, CLASS}), frozenset({DRUG})),
}

#: Datatype properties of graph-model.md and their ranges.
DATATYPE_RANGES: dict[str, URIRef] = {
    "confidence": XSD.double,
    "supportCount": XSD.integer,
    "evidenceCount": XSD.integer,
    "hedged": XSD.boolean,
    "negated": XSD.boolean,
    "sentence": XSD.string,
    "start": XSD.integer,
    "end": XSD.integer,
    "rule": XSD.string,
    "path": XSD.string,
    "sha256": XSD.string,
    "textLength": XSD.integer,
    "drugbank": XSD.string,
    "mesh": XSD.string,
    "rxnorm": XSD.string,
    "chebi": XSD.string,
    "medlineplus": XSD.string,
    "umls": XSD.string,
    "wikidata": XSD.string,
    "amount": XSD.decimal,
    "unit": XSD.string,
    "frequency": XSD.string,
}

#: Object properties of dose records and their ranges.
DOSE_LINK_RANGES: dict[str, URIRef] = {
    "doseOf": DRUG,
    "forCondition": CONDITION,
    "forPopulation": POPULATION,
}

#: Namespaces an alignment (subclass, subproperty, SKOS mapping) may point into.
ALIGNMENT_NAMESPACES = (
    str(BIOLINK),
    str(SCHEMA),
    str(WD),
    str(WDT),
    str(PROV),
    str(RDF),
    OA,
)

#: SHACL constraint parameters: a node holding one of these is a constraint.
CONSTRAINT_PARAMETERS = frozenset(
    SH[name]
    for name in (
        "class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive",
        "maxInclusive", "minExclusive", "maxExclusive", "minLength", "maxLength",
        "pattern", "in", "hasValue", "or", "and", "not", "xone", "node",
        "lessThan", "lessThanOrEquals", "equals", "disjoint",
    )
)  # fmt: skip


# --------------------------------------------------------------- fixtures


def _resource_text(name: str) -> str:
    return (ONTOLOGY_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=_resource_text("drugkg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(data=_resource_text("shapes.ttl"), format="turtle")


@pytest.fixture(scope="module")
def golden_dataset() -> Dataset:
    dataset = Dataset()
    dataset.parse(GOLDEN, format="trig")
    return dataset


@pytest.fixture(scope="module")
def golden(golden_dataset: Dataset) -> Graph:
    """The union of all graphs of the golden dataset, as validation sees it."""
    union = Graph()
    for s, p, o, _ in golden_dataset.quads():
        union.add((s, p, o))
    return union


# ---------------------------------------------------------------- helpers


def _classes(graph: Graph, node: Node) -> frozenset[Node]:
    """The classes a domain or range names: one class, or the members of an owl:unionOf."""
    union = graph.value(node, OWL.unionOf)
    if union is None:
        return frozenset({node})
    return frozenset(Collection(graph, union))


def _shape_classes(shapes: Graph, shape: Node) -> frozenset[Node]:
    """The classes a shape accepts: its sh:class, or the sh:class of each sh:or member."""
    found = set(shapes.objects(shape, SH["class"]))
    for alternatives in shapes.objects(shape, SH["or"]):
        for member in Collection(shapes, alternatives):
            found.update(shapes.objects(member, SH["class"]))
    return frozenset(found)


def _predicate_shape(shapes: Graph, prop: URIRef) -> Node:
    """The node shape that constrains subjects and objects of one predicate."""
    candidates = [
        shape
        for shape in shapes.subjects(SH.targetSubjectsOf, prop)
        if _shape_classes(shapes, shape)
    ]
    assert len(candidates) == 1, f"expected one typing shape for {prop}, found {candidates}"
    return candidates[0]


def _property_shape(shapes: Graph, node_shape: Node, path: URIRef) -> Node:
    found = [p for p in shapes.objects(node_shape, SH.property) if (p, SH.path, path) in shapes]
    assert found, f"{node_shape} has no property shape for {path}"
    return found[0]


def _dkg_terms(graph: Graph) -> set[URIRef]:
    """Every IRI of the dkg namespace that a graph mentions."""
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(DKG))
    }


def _declared(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def _validate(data: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    conforms, report, text = validate(data, shacl_graph=shapes)
    return bool(conforms), report, str(text)


@dataclass(frozen=True)
class _Result:
    focus: Node | None
    path: Node | None
    component: Node | None
    severity: Node | None
    message: str


def _results(report: Graph) -> Iterator[_Result]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        yield _Result(
            focus=report.value(result, SH.focusNode),
            path=report.value(result, SH.resultPath),
            component=report.value(result, SH.sourceConstraintComponent),
            severity=report.value(result, SH.resultSeverity),
            message=" | ".join(str(m) for m in report.objects(result, SH.resultMessage)),
        )


# ------------------------------------------------------- parsing, resources


@pytest.mark.parametrize("name", ["drugkg.ttl", "shapes.ttl"])
def test_resource_is_found_with_importlib_resources(name: str) -> None:
    assert (importlib.resources.files("drugkg.ontology") / name).is_file()


@pytest.mark.parametrize("name", ["drugkg.ttl", "shapes.ttl"])
def test_turtle_parses_the_same_with_rdflib_and_oxigraph(name: str) -> None:
    text = _resource_text(name)
    with_rdflib = Graph().parse(data=text, format="turtle")
    with_oxigraph = {str(q) for q in pyoxigraph.parse(text, pyoxigraph.RdfFormat.TURTLE)}
    assert len(with_rdflib) > 0
    assert len(with_oxigraph) == len(with_rdflib)


def test_golden_trig_parses_the_same_with_rdflib_and_oxigraph(golden_dataset: Dataset) -> None:
    with_oxigraph = {str(q) for q in pyoxigraph.parse(path=GOLDEN)}
    assert len(with_oxigraph) == len(golden_dataset)


# ---------------------------------------------------------------- ontology


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for annotation in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license):
        assert ontology.value(ONTOLOGY_IRI, annotation) is not None, annotation


@pytest.mark.parametrize("predicate", list(Predicate), ids=lambda p: p.value)
def test_predicate_is_declared_with_label_definition_domain_and_range(
    ontology: Graph, predicate: Predicate
) -> None:
    prop = PREDICATE_PROPERTY[predicate]
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    assert ontology.value(prop, RDFS.label) is not None
    assert ontology.value(prop, SKOS.definition) is not None
    domain, range_ = ontology.value(prop, RDFS.domain), ontology.value(prop, RDFS.range)
    assert domain is not None and range_ is not None
    expected_domain, expected_range = SIGNATURE[predicate]
    assert _classes(ontology, domain) == expected_domain
    assert _classes(ontology, range_) == expected_range


@pytest.mark.parametrize("entity_type", list(EntityType), ids=lambda t: t.value)
def test_entity_type_is_a_declared_subclass_of_entity(
    ontology: Graph, entity_type: EntityType
) -> None:
    cls = ENTITY_CLASS[entity_type]
    assert (cls, RDF.type, OWL.Class) in ontology
    assert (cls, RDFS.subClassOf, DKG.Entity) in ontology
    assert ontology.value(cls, RDFS.label) is not None
    assert ontology.value(cls, SKOS.definition) is not None


@pytest.mark.parametrize(
    ("cls", "superclass"),
    [
        (DKG.Fact, RDF.Statement),
        (DKG.Evidence, PROV.Entity),
        (DKG.Document, PROV.Entity),
        (DKG.Document, SCHEMA.Article),
        (DKG.DoseRecord, PROV.Entity),
    ],
)
def test_record_classes(ontology: Graph, cls: URIRef, superclass: URIRef) -> None:
    assert (cls, RDF.type, OWL.Class) in ontology
    assert (cls, RDFS.subClassOf, superclass) in ontology


def test_used_off_label_for_is_a_kind_of_treats(ontology: Graph) -> None:
    assert (DKG.used_off_label_for, RDFS.subPropertyOf, DKG.treats) in ontology


@pytest.mark.parametrize(("name", "datatype"), DATATYPE_RANGES.items())
def test_datatype_property_range(ontology: Graph, name: str, datatype: URIRef) -> None:
    prop = DKG[name]
    assert (prop, RDF.type, OWL.DatatypeProperty) in ontology
    assert ontology.value(prop, RDFS.range) == datatype
    assert ontology.value(prop, RDFS.domain) is not None


@pytest.mark.parametrize(("name", "cls"), DOSE_LINK_RANGES.items())
def test_dose_link_range(ontology: Graph, name: str, cls: URIRef) -> None:
    prop = DKG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    assert (prop, RDFS.domain, DKG.DoseRecord) in ontology
    assert (prop, RDFS.range, cls) in ontology


def test_dose_kind_is_one_of_three_strings(ontology: Graph) -> None:
    datatype = ontology.value(DKG.doseKind, RDFS.range)
    values = {str(v) for v in Collection(ontology, ontology.value(datatype, OWL.oneOf))}
    assert values == {"starting", "maximum", "usual"}


def test_every_dkg_term_has_a_label_and_a_definition(ontology: Graph) -> None:
    missing = sorted(
        str(term)
        for term in _declared(ontology)
        if term.startswith(str(DKG))
        and None in (ontology.value(term, RDFS.label), ontology.value(term, SKOS.definition))
    )
    assert missing == []


def test_every_dkg_term_used_by_the_ontology_is_declared(ontology: Graph) -> None:
    assert sorted(_dkg_terms(ontology) - _declared(ontology)) == []


def test_alignments_point_into_known_vocabularies(ontology: Graph) -> None:
    mappings = (
        RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch, SKOS.exactMatch,
        SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch, OWL.equivalentClass,
    )  # fmt: skip
    stray = sorted(
        str(target)
        for mapping in mappings
        for target in ontology.objects(None, mapping)
        if isinstance(target, URIRef)
        and not target.startswith(str(DKG))
        and not str(target).startswith(ALIGNMENT_NAMESPACES)
    )
    assert stray == []


# ------------------------------------------------------------------ shapes


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_meta_shacl_check_rejects_a_broken_shape(shapes: Graph) -> None:
    broken = _copy(shapes)
    broken.add((DKG.BrokenShape, RDF.type, SH.NodeShape))
    broken.add((DKG.BrokenShape, SH.minCount, Literal("one")))
    with pytest.raises(ReportableRuntimeError):
        validate(Graph(), shacl_graph=broken, meta_shacl=True)


def test_every_constraint_has_a_message(shapes: Graph) -> None:
    # Members of sh:or lists report through the sh:message of the shape holding the list.
    alternatives = {
        member for lst in shapes.objects(None, SH["or"]) for member in Collection(shapes, lst)
    }
    constraints = {
        s for s, p, _ in shapes if p in CONSTRAINT_PARAMETERS and s not in alternatives
    } | set(shapes.objects(None, SH.sparql))
    silent = sorted(str(c) for c in constraints if shapes.value(c, SH.message) is None)
    assert silent == []


def test_shapes_use_only_declared_dkg_terms(ontology: Graph, shapes: Graph) -> None:
    assert sorted(_dkg_terms(shapes) - _declared(ontology)) == []


@pytest.mark.parametrize("predicate", list(Predicate), ids=lambda p: p.value)
def test_predicate_shape_agrees_with_the_ontology(
    ontology: Graph, shapes: Graph, predicate: Predicate
) -> None:
    prop = PREDICATE_PROPERTY[predicate]
    node_shape = _predicate_shape(shapes, prop)
    subjects = _shape_classes(shapes, node_shape)
    objects = _shape_classes(shapes, _property_shape(shapes, node_shape, prop))
    assert subjects == _classes(ontology, ontology.value(prop, RDFS.domain))
    assert objects == _classes(ontology, ontology.value(prop, RDFS.range))


def test_fact_predicate_list_is_the_twelve_predicates(shapes: Graph) -> None:
    fact_predicate = _property_shape(shapes, URIRef(DKG_SHAPES + "FactShape"), RDF.predicate)
    allowed = set(Collection(shapes, shapes.value(fact_predicate, SH["in"])))
    assert allowed == set(PREDICATE_PROPERTY.values())
    triple_shape = URIRef(DKG_SHAPES + "FactTripleHasNodeShape")
    assert set(shapes.objects(triple_shape, SH.targetSubjectsOf)) == allowed


def test_datatypes_and_classes_in_shapes_match_ontology_ranges(
    ontology: Graph, shapes: Graph
) -> None:
    mismatches = []
    for prop_shape in shapes.subjects(SH.path, None):
        path = shapes.value(prop_shape, SH.path)
        if not (isinstance(path, URIRef) and path.startswith(str(DKG))):
            continue
        range_ = ontology.value(path, RDFS.range)
        for parameter in (SH.datatype, SH["class"]):
            for value in shapes.objects(prop_shape, parameter):
                if value != range_:
                    mismatches.append((str(path), str(value), str(range_)))
    assert mismatches == []


def test_dose_kinds_in_shapes_match_ontology(ontology: Graph, shapes: Graph) -> None:
    kind_shape = _property_shape(shapes, URIRef(DKG_SHAPES + "DoseRecordShape"), DKG.doseKind)
    in_shapes = {str(v) for v in Collection(shapes, shapes.value(kind_shape, SH["in"]))}
    datatype = ontology.value(DKG.doseKind, RDFS.range)
    in_ontology = {str(v) for v in Collection(ontology, ontology.value(datatype, OWL.oneOf))}
    assert in_shapes == in_ontology


# ------------------------------------------------------------ golden graph


def test_golden_graph_conforms(golden: Graph, shapes: Graph) -> None:
    conforms, _, text = _validate(golden, shapes)
    assert conforms, text


def test_golden_graph_uses_only_declared_dkg_terms(ontology: Graph, golden: Graph) -> None:
    assert sorted(_dkg_terms(golden) - _declared(ontology)) == []


def test_golden_graph_covers_every_predicate_and_entity_type(golden: Graph) -> None:
    for predicate, prop in PREDICATE_PROPERTY.items():
        assert (None, prop, None) in golden, predicate
    for entity_type, cls in ENTITY_CLASS.items():
        assert (None, RDF.type, cls) in golden, entity_type


def test_golden_graph_follows_the_graph_layout(golden_dataset: Dataset) -> None:
    """Entities and facts in the default graph; documents, evidence and doses in document graphs."""
    default = golden_dataset.default_graph
    for cls in (DKG.Evidence, DKG.Document, DKG.DoseRecord):
        assert (None, RDF.type, cls) not in default, cls
    assert (None, PROV.wasDerivedFrom, None) not in default
    for cls in (*ENTITY_CLASS.values(), DKG.Fact):
        assert (None, RDF.type, cls) in default, cls

    named = [g for g in golden_dataset.graphs() if g.identifier != default.identifier]
    assert len(named) == 2
    for graph in named:
        doc_id = str(graph.identifier).removeprefix(str(DKGR) + "graph/")
        doc = DKGR["doc/" + doc_id]
        assert (doc, RDF.type, DKG.Document) in graph
        assert graph.value(doc, DCTERMS.identifier) == Literal(doc_id)
        for evidence in graph.subjects(RDF.type, DKG.Evidence):
            assert (evidence, PROV.wasQuotedFrom, doc) in graph


def test_golden_fact_iris_are_hashes_of_their_triples(golden: Graph) -> None:
    for fact in golden.subjects(RDF.type, DKG.Fact):
        s, p, o = (golden.value(fact, part) for part in (RDF.subject, RDF.predicate, RDF.object))
        digest = hashlib.sha1(f"{s} {p} {o}".encode()).hexdigest()[:16]
        assert fact == DKGR["fact/" + digest]


def _owl_rl_errors(ontology: Graph, data: Graph) -> list[str]:
    """Inconsistencies that OWL 2 RL reasoning finds in the data under the ontology."""
    closure = _copy(ontology)
    for triple in data:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return sorted(
        str(message)
        for error in closure.subjects(RDF.type, ERRNS.ErrorMessage)
        for message in closure.objects(error, ERRNS.error)
    )


def test_golden_graph_is_consistent_with_the_ontology(ontology: Graph, golden: Graph) -> None:
    assert _owl_rl_errors(ontology, golden) == []


@pytest.mark.parametrize(
    ("triple", "disjoint"),
    [
        pytest.param(
            (DKGR["class/benzodiazepine"], DKG.has_brand_name, DKGR["brand/klonopin"]),
            ("Drug", "DrugClass"),
            id="a brand name of a class makes the class a drug",
        ),
        pytest.param(
            (DKGR["drug/clonazepam"], RDF.type, DKG.Condition),
            ("Drug", "Condition"),
            id="a drug that is also a condition",
        ),
        pytest.param(
            (DKGR["dose/1ce19711c453746e"], DKG.doseOf, DKGR["fact/d3ae963c113ecd45"]),
            ("Entity", "Fact"),
            id="a dose of a fact makes the fact a drug",
        ),
    ],
)
def test_owl_reasoning_finds_inconsistent_types(
    ontology: Graph, golden: Graph, triple: tuple[Node, Node, Node], disjoint: tuple[str, str]
) -> None:
    data = _copy(golden)
    data.add(triple)
    errors = _owl_rl_errors(ontology, data)
    assert any(all(DKG[c] in e for c in disjoint) for e in errors), errors


# ---------------------------------------------------- broken golden graphs

CLONAZEPAM = DKGR["drug/clonazepam"]
TREATS_FACT = DKGR["fact/d3ae963c113ecd45"]
OFF_LABEL_FACT = DKGR["fact/cb0aba51f5579c4c"]
SIDE_EFFECT_FACT = DKGR["fact/d2352b6b243f19b6"]
CLASS_FACT = DKGR["fact/775f47688a0e3145"]
MECHANISM_FACT = DKGR["fact/30237e5ed30d9827"]
CAUTION_FACT = DKGR["fact/1825f0b820b8eb43"]
TREATS_EVIDENCE = DKGR["evidence/344b9a8a65b468e0"]  # "Clonazepam is used to treat..." 43-86
CLASS_EVIDENCE = DKGR["evidence/7cae5ec7cf8fac4a"]
ARTICLE_1 = DKGR["doc/article-1"]
DOSE = DKGR["dose/1ce19711c453746e"]


def _set(node: URIRef, prop: URIRef, value: Node) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.set((node, prop, value))

    return mutate


def _remove(node: Node, prop: URIRef, value: Node | None = None) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.remove((node, prop, value))

    return mutate


def _add(*triples: tuple[Node, Node, Node]) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for triple in triples:
            graph.add(triple)

    return mutate


def _rename(old: URIRef, new: URIRef) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for s, p, o in list(graph):
            if old in (s, o):
                graph.remove((s, p, o))
                graph.add((new if s == old else s, p, new if o == old else o))

    return mutate


def _drop_node(node: URIRef) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.remove((node, None, None))
        graph.remove((None, None, node))

    return mutate


@dataclass(frozen=True)
class Broken:
    """A golden graph with one defect, and the validation result that must report it."""

    name: str
    mutate: Callable[[Graph], None]
    focus: Node
    component: str
    message: str
    path: Node | None = None
    severity: str = "Violation"


# One case per block: the defect, then where and how the report must name it.
# fmt: off
BROKEN = [
    # The four defects the brief names.
    Broken(
        "evidence without sentence",
        _remove(TREATS_EVIDENCE, DKG.sentence),
        TREATS_EVIDENCE, "MinCountConstraintComponent",
        "exactly one dkg:sentence", path=DKG.sentence,
    ),
    Broken(
        "fact confidence 1.5",
        _set(TREATS_FACT, DKG.confidence, Literal(1.5, datatype=XSD.double)),
        TREATS_FACT, "MaxInclusiveConstraintComponent",
        "between 0 and 1", path=DKG.confidence,
    ),
    Broken(
        "treats with a condition as subject",
        _add((DKGR["condition/dependence"], DKG.treats, DKGR["condition/panic-disorder"])),
        DKGR["condition/dependence"], "OrConstraintComponent",
        "subject of dkg:treats must be a dkg:Drug or a dkg:DrugClass",
    ),
    Broken(
        "bad drugbank id",
        _set(CLONAZEPAM, DKG.drugbank, Literal("DB1068")),
        CLONAZEPAM, "PatternConstraintComponent",
        "DB + 5 digits", path=DKG.drugbank,
    ),
    # Entities.
    Broken(
        "label with a language tag",
        _set(CLONAZEPAM, RDFS.label, Literal("clonazepam", lang="en")),
        CLONAZEPAM, "DatatypeConstraintComponent",
        "exactly one rdfs:label", path=RDFS.label,
    ),
    Broken(
        "two labels",
        _add((CLONAZEPAM, RDFS.label, Literal("Klonopin"))),
        CLONAZEPAM, "MaxCountConstraintComponent",
        "exactly one rdfs:label", path=RDFS.label,
    ),
    Broken(
        "ChEBI id with its prefix",
        _set(CLONAZEPAM, DKG.chebi, Literal("CHEBI:3756")),
        CLONAZEPAM, "PatternConstraintComponent",
        "without the CHEBI: prefix", path=DKG.chebi,
    ),
    Broken(
        "drug at a condition IRI",
        _add((DKGR["condition/panic-disorder"], RDF.type, DKG.Drug)),
        DKGR["condition/panic-disorder"], "PatternConstraintComponent",
        "dkgr:drug/<key>",
    ),
    Broken(
        "unused entity",
        _add(
            (DKGR["condition/insomnia"], RDF.type, DKG.Condition),
            (DKGR["condition/insomnia"], RDFS.label, Literal("insomnia")),
        ),
        DKGR["condition/insomnia"], "SPARQLConstraintComponent",
        "unused entities are removed", severity="Warning",
    ),
    # Predicate usage.
    Broken(
        "brand name that is not a brand",
        _add((CLONAZEPAM, DKG.has_brand_name, DKGR["condition/drowsiness"])),
        CLONAZEPAM, "ClassConstraintComponent",
        "object of dkg:has_brand_name must be a dkg:BrandName", path=DKG.has_brand_name,
    ),
    Broken(
        "brand name of a class",
        _add((DKGR["class/benzodiazepine"], DKG.has_brand_name, DKGR["brand/klonopin"])),
        DKGR["class/benzodiazepine"], "ClassConstraintComponent",
        "subject of dkg:has_brand_name must be a dkg:Drug",
    ),
    Broken(
        "caution in a substance",
        _add((CLONAZEPAM, DKG.caution_in, DKGR["substance/alcohol"])),
        CLONAZEPAM, "OrConstraintComponent",
        "dkg:Condition or a dkg:Population", path=DKG.caution_in,
    ),
    # Fact nodes.
    Broken(
        "fact with an unknown predicate",
        _set(MECHANISM_FACT, RDF.predicate, DKG.acts_on),
        MECHANISM_FACT, "InConstraintComponent",
        "one of the 12 predicates", path=RDF.predicate,
    ),
    Broken(
        "fact without evidence",
        _remove(SIDE_EFFECT_FACT, PROV.wasDerivedFrom),
        SIDE_EFFECT_FACT, "MinCountConstraintComponent",
        "at least one prov:wasDerivedFrom", path=PROV.wasDerivedFrom,
    ),
    Broken(
        "support count below the number of documents",
        _set(TREATS_FACT, DKG.supportCount, Literal(1)),
        TREATS_FACT, "SPARQLConstraintComponent",
        "has dkg:supportCount 1 but its evidence comes from 2 distinct documents",
    ),
    Broken(
        "evidence count below support count",
        _set(TREATS_FACT, DKG.evidenceCount, Literal(1)),
        TREATS_FACT, "LessThanOrEqualsConstraintComponent",
        "cannot exceed dkg:evidenceCount", path=DKG.supportCount,
    ),
    Broken(
        "evidence count that does not count the evidence",
        _set(TREATS_FACT, DKG.evidenceCount, Literal(4)),
        TREATS_FACT, "SPARQLConstraintComponent",
        "has dkg:evidenceCount 4 but is derived from 3 evidence nodes",
    ),
    Broken(
        "unhedged fact with only hedged evidence",
        _set(OFF_LABEL_FACT, DKG.hedged, Literal(False)),
        OFF_LABEL_FACT, "SPARQLConstraintComponent",
        "hedged exactly when every piece of its evidence is hedged",
    ),
    Broken(
        "hedged fact with unhedged evidence",
        _set(TREATS_FACT, DKG.hedged, Literal(True)),
        TREATS_FACT, "SPARQLConstraintComponent",
        "hedged exactly when every piece of its evidence is hedged",
    ),
    Broken(
        "fact derived from negated evidence",
        _set(CLASS_EVIDENCE, DKG.negated, Literal(True)),
        CLASS_FACT, "SPARQLConstraintComponent",
        "a negated reading asserts no fact",
    ),
    Broken(
        "fact IRI that is not the hash of its triple",
        _rename(MECHANISM_FACT, DKGR["fact/0000000000000000"]),
        DKGR["fact/0000000000000000"], "SPARQLConstraintComponent",
        f"expected {MECHANISM_FACT}",
    ),
    Broken(
        "fact node without its plain triple",
        _remove(CLONAZEPAM, DKG.mechanism),
        MECHANISM_FACT, "SPARQLConstraintComponent",
        "has no matching plain triple",
    ),
    Broken(
        "plain triple without its fact node",
        _drop_node(CAUTION_FACT),
        CLONAZEPAM, "SPARQLConstraintComponent",
        "has no dkg:Fact node",
    ),
    # Evidence.
    Broken(
        "evidence confidence 1.5",
        _set(TREATS_EVIDENCE, DKG.confidence, Literal(1.5, datatype=XSD.double)),
        TREATS_EVIDENCE, "MaxInclusiveConstraintComponent",
        "between 0 and 1", path=DKG.confidence,
    ),
    Broken(
        "confidence as a decimal",
        _set(TREATS_EVIDENCE, DKG.confidence, Literal("0.9", datatype=XSD.decimal)),
        TREATS_EVIDENCE, "DatatypeConstraintComponent",
        "an xsd:double", path=DKG.confidence,
    ),
    Broken(
        "offsets that do not span the sentence",
        _set(TREATS_EVIDENCE, DKG.end, Literal(88)),
        TREATS_EVIDENCE, "SPARQLConstraintComponent",
        "the sentence has 43 characters but dkg:end - dkg:start is 45",
    ),
    Broken(
        "start after end",
        _set(TREATS_EVIDENCE, DKG.start, Literal(100)),
        TREATS_EVIDENCE, "LessThanConstraintComponent",
        "dkg:start must be less than dkg:end", path=DKG.start,
    ),
    Broken(
        "negative offset",
        _set(TREATS_EVIDENCE, DKG.start, Literal(-1)),
        TREATS_EVIDENCE, "MinInclusiveConstraintComponent",
        "non-negative integer", path=DKG.start,
    ),
    Broken(
        "evidence beyond the end of the document",
        _set(ARTICLE_1, DKG.textLength, Literal(80)),
        TREATS_EVIDENCE, "SPARQLConstraintComponent",
        "ends at offset 86, beyond the text length 80",
    ),
    Broken(
        "evidence without document",
        _remove(TREATS_EVIDENCE, PROV.wasQuotedFrom),
        TREATS_EVIDENCE, "MinCountConstraintComponent",
        "exactly one prov:wasQuotedFrom", path=PROV.wasQuotedFrom,
    ),
    # Documents.
    Broken(
        "upper-case sha256",
        _set(ARTICLE_1, DKG.sha256, Literal("14DA967255BD0530DE85B18F7E0DAB92" * 2)),
        ARTICLE_1, "PatternConstraintComponent",
        "64 lower-case hex digits", path=DKG.sha256,
    ),
    Broken(
        "document without identifier",
        _remove(ARTICLE_1, DCTERMS.identifier),
        ARTICLE_1, "MinCountConstraintComponent",
        "exactly one dcterms:identifier", path=DCTERMS.identifier,
    ),
    # Dose records.
    Broken(
        "dose amount written as a double",
        _set(DOSE, DKG.amount, Literal(0.5, datatype=XSD.double)),
        DOSE, "DatatypeConstraintComponent",
        "an xsd:decimal greater than 0", path=DKG.amount,
    ),
    Broken(
        "dose amount of zero",
        _set(DOSE, DKG.amount, Literal("0", datatype=XSD.decimal)),
        DOSE, "MinExclusiveConstraintComponent",
        "an xsd:decimal greater than 0", path=DKG.amount,
    ),
    Broken(
        "unknown dose unit",
        _set(DOSE, DKG.unit, Literal("tablespoons")),
        DOSE, "InConstraintComponent",
        "one of: mg, mcg", path=DKG.unit,
    ),
    Broken(
        "unknown dose kind",
        _set(DOSE, DKG.doseKind, Literal("loading")),
        DOSE, "InConstraintComponent",
        "starting, maximum or usual", path=DKG.doseKind,
    ),
    Broken(
        "dose of a drug class",
        _set(DOSE, DKG.doseOf, DKGR["class/benzodiazepine"]),
        DOSE, "ClassConstraintComponent",
        "exactly one dkg:doseOf, a dkg:Drug", path=DKG.doseOf,
    ),
]
# fmt: on


@pytest.mark.parametrize("broken", BROKEN, ids=lambda b: b.name)
def test_broken_graph_reports_its_defect(golden: Graph, shapes: Graph, broken: Broken) -> None:
    data = _copy(golden)
    broken.mutate(data)
    conforms, report, text = _validate(data, shapes)
    assert not conforms
    wanted = [
        r
        for r in _results(report)
        if r.focus == broken.focus
        and r.component == SH[broken.component]
        and (broken.path is None or r.path == broken.path)
        and r.severity == SH[broken.severity]
    ]
    assert wanted, f"no {broken.component} result on {broken.focus}:\n{text}"
    assert any(broken.message in r.message for r in wanted), [r.message for r in wanted]


def test_broken_cases_have_unique_names() -> None:
    names = [b.name for b in BROKEN]
    assert len(names) == len(set(names))


def test_blank_node_fact_is_rejected(golden: Graph, shapes: Graph) -> None:
    data = _copy(golden)
    fact = BNode()
    data.add((fact, RDF.type, DKG.Fact))
    conforms, report, _ = _validate(data, shapes)
    assert not conforms
    assert any(
        r.focus == fact and r.component == SH.PatternConstraintComponent for r in _results(report)
    )
