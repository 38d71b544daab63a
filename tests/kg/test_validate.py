"""SHACL validation of stores against ontology/shapes.ttl."""

from __future__ import annotations

import pytest
import rdflib

from drugkg.kg.shacl_sparql import compile_shapes
from drugkg.kg.store import GraphStore
from drugkg.kg.validate import ontology_file, shapes_file, validate
from drugkg.model import Assertion, Document, Dose, Entity, EntityType, Evidence, Predicate, Triple

pytestmark = pytest.mark.skipif(
    not shapes_file().is_file(), reason="ontology/shapes.ttl is not written yet"
)


def test_a_good_store_conforms(store: GraphStore) -> None:
    report = validate(store)
    assert report.conforms, str(report)
    assert report.errors == ()


def test_an_empty_store_conforms() -> None:
    assert validate(GraphStore.memory()).conforms


def test_rdfs_inference_agrees(store: GraphStore) -> None:
    assert validate(store, inference="rdfs").conforms


def test_violations_are_readable() -> None:
    text = "Take 5 tablets daily."
    doc = Document.from_text("bad", text)
    clz = Entity.make(EntityType.DRUG, "clonazepam")
    wrong_span = Evidence("bad", text, 0, 3, "r", confidence=0.9)  # sentence longer than span
    dose = Dose(clz, 5, "tablets", Evidence("bad", text, 0, len(text), "dose.x"))
    triple = Triple(clz, Predicate.TREATS, Entity.make(EntityType.POPULATION, "adults"))
    with GraphStore.memory() as store:
        store.replace_document(doc, [Assertion(triple, wrong_span)], [dose])
        report = validate(store)
    assert not report.conforms
    messages = [str(v) for v in report.errors]
    assert any("dkg:unit" in m and "one of: mg" in m for m in messages), messages
    assert any("object of dkg:treats must be a dkg:Condition" in m for m in messages), messages
    assert any(
        "the sentence must be exactly the text between the offsets" in m for m in messages
    ), messages
    assert all(
        v.focus_node.startswith(("dose:", "evidence:", "drug:", "fact:")) for v in report.errors
    ), messages


def _break(store: GraphStore) -> None:
    """Corrupt a good store behind the API's back, once for every SPARQL constraint."""
    import pyoxigraph as ox

    db = store.oxigraph
    dkg = "https://w3id.org/drugkg/ontology#"
    r = "https://w3id.org/drugkg/resource/"

    def set_value(
        subject: ox.NamedNode, prop: str, value: ox.Literal, graph: object = None
    ) -> None:
        for q in list(db.quads_for_pattern(subject, ox.NamedNode(dkg + prop), None, graph)):
            db.remove(q)
            db.add(ox.Quad(q.subject, q.predicate, value, q.graph_name))

    facts = {
        tuple(row[v].value.rsplit("/", 1)[-1] for v in ("s", "p", "o")): row["f"]
        for row in store.query(
            "SELECT ?f ?s ?p ?o WHERE { ?f a dkg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; "
            "rdf:object ?o }"
        ).solutions()
    }
    set_value(facts[("clonazepam", "ontology#treats", "seizure")], "supportCount", ox.Literal(3))
    set_value(
        facts[("clonazepam", "ontology#has_side_effect", "drowsiness")], "hedged", ox.Literal(False)
    )
    set_value(facts[("diazepam", "ontology#treats", "anxiety")], "evidenceCount", ox.Literal(4))
    drug, alcohol = ox.NamedNode(r + "drug/diazepam"), ox.NamedNode(r + "substance/alcohol")
    db.remove(ox.Quad(drug, ox.NamedNode(dkg + "interacts_with"), alcohol))
    db.add(ox.Quad(drug, ox.NamedNode(dkg + "treats"), ox.NamedNode(r + "condition/drowsiness")))
    orphan = ox.NamedNode(r + "condition/orphan")
    db.add(
        ox.Quad(
            orphan,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(dkg + "Condition"),
        )
    )
    db.add(
        ox.Quad(
            orphan, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("orphan")
        )
    )
    fake = ox.NamedNode(r + "fact/0000000000000000")
    for q in list(
        db.quads_for_pattern(facts[("diazepam", "ontology#treats", "anxiety")], None, None, None)
    ):
        db.add(ox.Quad(fake, q.predicate, q.object, q.graph_name))
    evidence = sorted(
        {q.subject for q in db.quads_for_pattern(None, ox.NamedNode(dkg + "sentence"), None)},
        key=str,
    )
    set_value(evidence[0], "end", ox.Literal(10_000))
    set_value(evidence[1], "negated", ox.Literal(True))


def test_every_bundled_constraint_is_checked_inside_the_store() -> None:
    shapes = rdflib.Graph().parse(data=shapes_file().read_text(encoding="utf-8"), format="turtle")
    ontology = rdflib.Graph().parse(
        data=ontology_file().read_text(encoding="utf-8"), format="turtle"
    )
    compiled = compile_shapes(shapes, ontology)
    assert compiled.unsupported == ()
    assert len(compiled.checks) > 100


def test_validating_inside_the_store_shows_progress(store: GraphStore) -> None:
    seen: list[tuple[int, int, str]] = []
    assert validate(store, engine="store", progress=lambda *a: seen.append(a)).conforms
    total = seen[-1][1]
    assert seen[-1] == (total, total, "done") and len(seen) == total + 1
    assert [done for done, _, _ in seen] == list(range(total + 1))


def test_violations_inside_the_store_are_pyshacl_s() -> None:
    text = "Take 5 tablets daily."
    doc = Document.from_text("bad", text)
    clz = Entity.make(EntityType.DRUG, "clonazepam")
    wrong_span = Evidence("bad", text, 0, 3, "r", confidence=0.9)
    dose = Dose(clz, 5, "tablets", Evidence("bad", text, 0, len(text), "dose.x"))
    triple = Triple(clz, Predicate.TREATS, Entity.make(EntityType.POPULATION, "adults"))
    with GraphStore.memory() as store:
        store.replace_document(doc, [Assertion(triple, wrong_span)], [dose])
        fast = validate(store, engine="store")
        reference = validate(store, engine="pyshacl")
    assert set(fast.violations) == set(reference.violations)


def test_sparql_constraints_on_oxigraph_give_what_pyshacl_gives(store: GraphStore) -> None:
    _break(store)
    fast = validate(store, engine="store")
    assert set(fast.violations) == set(validate(store, engine="oxigraph").violations)
    reference = validate(store, engine="pyshacl")
    assert not fast.conforms and not reference.conforms
    assert set(fast.violations) == set(reference.violations), (
        "only oxigraph:\n"
        + "\n".join(map(str, set(fast.violations) - set(reference.violations)))
        + "\nonly pyshacl:\n"
        + "\n".join(map(str, set(reference.violations) - set(fast.violations)))
    )
    messages = " ".join(v.message for v in fast.violations)
    for expected in (
        "distinct documents",
        "evidence nodes",
        "hedged exactly when",
        "no matching plain triple",
        "has no dkg:Fact node",
        "not the subject or object",
        "is not dkgr:fact/",
        "negated evidence",
        "beyond the text length",
    ):
        assert expected in messages


def _bad_document(store: GraphStore, doc_id: str = "bad") -> None:
    text = "Take 5 tablets daily."
    doc = Document.from_text(doc_id, text)
    clz = Entity.make(EntityType.DRUG, "clonazepam")
    wrong_span = Evidence(doc_id, text, 0, 3, "r", confidence=0.9)  # sentence longer than span
    dose = Dose(clz, 5, "tablets", Evidence(doc_id, text, 0, len(text), "dose.x"))
    triple = Triple(clz, Predicate.TREATS, Entity.make(EntityType.CONDITION, "x"))
    store.replace_document(doc, [Assertion(triple, wrong_span)], [dose])


def test_validating_documents_finds_what_validating_the_store_finds_in_them(
    store: GraphStore,
) -> None:
    from drugkg.kg.iri import graph_iri
    from drugkg.kg.validate import validate_documents

    graphs = [graph_iri(doc_id) for doc_id in store.documents()]
    assert validate_documents(store, graphs).conforms
    _bad_document(store)
    _bad_document(store, "also-bad")
    found = validate_documents(store, [graph_iri("bad")])
    assert not found.conforms
    messages = " ".join(v.message for v in found.violations)
    assert "exactly the text between the offsets" in messages and "dkg:unit" in messages
    # the same results as the whole store's validation, for the nodes of that document
    whole = validate(store).violations
    of_bad = {v for v in whole if v.focus_node in {f.focus_node for f in found.violations}}
    assert set(found.violations) == of_bad
    assert all("also-bad" not in str(v) for v in found.violations)
    assert validate_documents(store, [graph_iri("also-bad")]).violations != ()
