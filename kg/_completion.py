"""What the query page completes offline: the classes and properties of the graph model.

They come from drugkg's own ontology (``ontology/drugkg.ttl``: its OWL classes and
properties) and SHACL shapes (``ontology/shapes.ttl``: every ``sh:path``,
``sh:targetClass`` and ``sh:class``, so ``rdf:subject`` and ``prov:wasDerivedFrom`` are
there too), never from prefix.cc or LOV.

>>> terms = vocabulary()
>>> "https://w3id.org/drugkg/ontology#treats" in terms["properties"]
True
>>> "https://w3id.org/drugkg/ontology#Drug" in terms["classes"]
True
>>> "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject" in terms["properties"]
True
"""

from __future__ import annotations

import functools

import pyoxigraph as ox

__all__ = ["vocabulary"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_SH = "http://www.w3.org/ns/shacl#"
_CLASS_TYPES = {f"{_OWL}Class", f"{_RDFS}Class"}
_PROPERTY_TYPES = {
    f"{_OWL}ObjectProperty",
    f"{_OWL}DatatypeProperty",
    f"{_OWL}AnnotationProperty",
    f"{_RDF}Property",
}
_ALWAYS = {"properties": [f"{_RDF}type", f"{_RDFS}label"], "classes": []}


@functools.cache
def vocabulary() -> dict[str, list[str]]:
    """The IRIs of the classes and of the properties, each sorted (cached)."""
    from drugkg.kg.validate import ontology_file, shapes_file

    classes: set[str] = set(_ALWAYS["classes"])
    properties: set[str] = set(_ALWAYS["properties"])
    for source in (ontology_file(), shapes_file()):
        for triple in ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE):
            predicate, value = triple.predicate.value, triple.object
            if not isinstance(value, ox.NamedNode):
                continue
            subject = triple.subject
            if predicate == f"{_RDF}type" and isinstance(subject, ox.NamedNode):
                if value.value in _CLASS_TYPES:
                    classes.add(subject.value)
                elif value.value in _PROPERTY_TYPES:
                    properties.add(subject.value)
            elif predicate == f"{_SH}path":
                properties.add(value.value)
            elif predicate in (f"{_SH}targetClass", f"{_SH}class"):
                classes.add(value.value)
    return {"classes": sorted(classes), "properties": sorted(properties)}
