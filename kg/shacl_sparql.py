"""SHACL core constraints compiled to SPARQL, to validate inside the store.

pySHACL loads the data into rdflib and checks every focus node in Python: minutes and
hundreds of megabytes for a few hundred documents. The constraints drugkg's shapes use
(``sh:class``, ``sh:datatype``, ``sh:minCount``... on simple paths, and ``sh:or`` of
classes) each become one SELECT over the store's union graph, which Oxigraph answers in
its own indexes. The results are pySHACL's: same focus node, path, value, message and
severity (the tests compare the two). A constraint this compiler does not know is listed
in :attr:`Compiled.unsupported`, so that nothing is silently left unchecked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rdflib
from rdflib.namespace import RDF, RDFS, SH, XSD

__all__ = ["Check", "Compiled", "compile_shapes"]

#: Constraint parameters that are not checks themselves.
_DESCRIPTIVE = {
    SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group,
    RDFS.label, RDFS.comment, RDF.type, SH.targetClass, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.targetNode, SH.property, SH.sparql, SH.deactivated, SH.flags,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Check:
    """One compiled constraint: a SELECT of ``?this`` (and ``?value``) per violation."""

    shape: str
    constraint: str
    query: str
    path: rdflib.term.Node | None
    messages: tuple[str, ...]
    severity: str
    #: whether ``?value`` is the offending value (else SHACL reports none)
    has_value: bool


@dataclass(frozen=True, slots=True)
class Compiled:
    """The checks of a shapes graph, and the constraints left for pySHACL."""

    checks: tuple[Check, ...]
    unsupported: tuple[str, ...]


def _n3(node: rdflib.term.Node) -> str:
    if isinstance(node, rdflib.Literal) and node.datatype is None and node.language is None:
        return rdflib.Literal(str(node), datatype=XSD.string).n3()
    return node.n3()


def _subclasses(ontology: rdflib.Graph, cls: rdflib.term.Node) -> list[rdflib.term.Node]:
    """``cls`` and every class below it (``rdfs:subClassOf*``), as pySHACL follows them."""
    found = [cls]
    seen = {cls}
    for current in found:
        for sub in ontology.subjects(RDFS.subClassOf, current):
            if sub not in seen:
                seen.add(sub)
                found.append(sub)
    return found


def _list(graph: rdflib.Graph, head: rdflib.term.Node) -> list[rdflib.term.Node]:
    return list(rdflib.collection.Collection(graph, head))


class _Compiler:
    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology + shapes if ontology is not None else shapes
        self.checks: list[Check] = []
        self.unsupported: list[str] = []

    # -- focus nodes ------------------------------------------------------------------
    def focus(self, shape: rdflib.term.Node) -> str | None:
        g = self.shapes
        parts = []
        classes = [c for t in g.objects(shape, SH.targetClass) for c in self.classes(t)]
        if classes:
            values = " ".join(c.n3() for c in dict.fromkeys(classes))
            parts.append(f"{{ VALUES ?_cls {{ {values} }} ?this a ?_cls }}")
        parts += [f"{{ ?this {p.n3()} ?_o }}" for p in g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ ?_s {p.n3()} ?this }}" for p in g.objects(shape, SH.targetObjectsOf)]
        nodes = [n.n3() for n in g.objects(shape, SH.targetNode)]
        if nodes:
            parts.append(f"{{ VALUES ?this {{ {' '.join(nodes)} }} }}")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"

    def classes(self, cls: rdflib.term.Node) -> list[rdflib.term.Node]:
        return _subclasses(self.ontology, cls)

    def has_class(self, var: str, classes: Iterable[rdflib.term.Node]) -> str:
        values = " ".join(
            c.n3() for c in dict.fromkeys(k for c in classes for k in self.classes(c))
        )
        return f"EXISTS {{ VALUES ?_c {{ {values} }} {var} a ?_c }}"

    # -- shapes ------------------------------------------------------------------------
    def node_shape(self, shape: rdflib.term.Node) -> None:
        g = self.shapes
        if (shape, SH.deactivated, rdflib.Literal(True)) in g:
            return
        focus = self.focus(shape)
        if focus is None:
            return
        severity = str(g.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        self.constraints(shape, shape, focus, None, severity)
        for prop in g.objects(shape, SH.property):
            if (prop, SH.deactivated, rdflib.Literal(True)) in g:
                continue
            path = g.value(prop, SH.path)
            name = f"{_name(shape)} {_name(path)}"
            if not isinstance(path, rdflib.URIRef):
                self.unsupported.append(f"{name}: a path expression")
                continue
            prop_severity = str(g.value(prop, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
            self.constraints(shape, prop, focus, path, prop_severity)

    def constraints(
        self,
        shape: rdflib.term.Node,
        owner: rdflib.term.Node,
        focus: str,
        path: rdflib.URIRef | None,
        severity: str,
    ) -> None:
        g = self.shapes
        messages = tuple(sorted(str(m) for m in g.objects(owner, SH.message)))
        name = f"{_name(shape)} {_name(path)}".strip()
        value = f"?this {path.n3()} ?value ." if path is not None else "BIND (?this AS ?value)"
        # One query for every constraint on single values (their conditions OR-ed: the
        # results carry the owner's messages, not which constraint failed), and one for
        # the counts: a scan of the focus nodes each, not one per constraint.
        conditions: list[tuple[str, str]] = []
        counts: list[tuple[str, str]] = []
        for p, o in sorted(g.predicate_objects(owner), key=lambda po: (str(po[0]), str(po[1]))):
            if p in _DESCRIPTIVE:
                continue
            if not messages:
                self.unsupported.append(f"{name}: {_name(p)} without sh:message")
                continue
            condition = self.condition(owner, p, o)
            if condition is not None:
                conditions.append((_name(p), condition))
                continue
            counted = self.count(p, o, path)
            if counted is None:
                self.unsupported.append(f"{name}: {_name(p)}")
                continue
            counts.append((_name(p), counted))
        if conditions:
            either = " || ".join(f"({c})" for _, c in conditions)
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {value} FILTER ({either}) }}"
            label = "+".join(n for n, _ in conditions)
            self.checks.append(Check(name, label, query, path, messages, severity, True))
        if counts and path is not None:
            having = " || ".join(f"({c})" for _, c in counts)
            query = (
                f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path.n3()} ?value }} }} "
                f"GROUP BY ?this HAVING ({having})"
            )
            label = "+".join(n for n, _ in counts)
            self.checks.append(Check(name, label, query, path, messages, severity, False))

    def condition(
        self, owner: rdflib.term.Node, p: rdflib.term.Node, o: rdflib.term.Node
    ) -> str | None:
        """A FILTER that holds for a ``?value`` that breaks constraint ``p o``."""
        if p == SH.datatype:
            return f"!isLiteral(?value) || datatype(?value) != {o.n3()}"
        if p == SH["class"]:
            return f"!{self.has_class('?value', [o])}"
        if p == SH["or"]:
            classes = []
            for member in _list(self.shapes, o):
                own = set(self.shapes.predicates(member)) - {RDF.type}
                if own != {SH["class"]}:
                    return None
                cls = self.shapes.value(member, SH["class"])
                if cls is None:
                    return None
                classes.append(cls)
            return f"!{self.has_class('?value', classes)}"
        if p == SH.minLength:
            return f"isBlank(?value) || strlen(str(?value)) < {_int(o)}"
        if p == SH.maxLength:
            return f"isBlank(?value) || strlen(str(?value)) > {_int(o)}"
        if p == SH.pattern:
            flags = self.shapes.value(owner, SH.flags)
            extra = f", {_n3(rdflib.Literal(str(flags)))}" if flags is not None else ""
            return f"isBlank(?value) || !regex(str(?value), {_n3(o)}{extra})"
        if p == SH.nodeKind:
            tests = {SH.IRI: "isIRI(?value)", SH.Literal: "isLiteral(?value)",
                     SH.BlankNode: "isBlank(?value)"}  # fmt: skip
            return f"!{tests[o]}" if isinstance(o, rdflib.URIRef) and o in tests else None
        if p == SH["in"]:
            values = " ".join(_n3(v) for v in _list(self.shapes, o))
            return f"NOT EXISTS {{ VALUES ?_in {{ {values} }} FILTER (sameTerm(?value, ?_in)) }}"
        compare = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
                   SH.maxExclusive: "<"}  # fmt: skip
        if isinstance(p, rdflib.URIRef) and p in compare:
            return f"!COALESCE(?value {compare[p]} {_n3(o)}, false)"
        if p in (SH.lessThan, SH.lessThanOrEquals):
            op = "<" if p == SH.lessThan else "<="
            return (
                f"EXISTS {{ ?this {o.n3()} ?_other "
                f"FILTER (!COALESCE(?value {op} ?_other, false)) }}"
            )
        return None

    def count(
        self, p: rdflib.term.Node, o: rdflib.term.Node, path: rdflib.URIRef | None
    ) -> str | None:
        """A HAVING condition on the values of ``path`` (grouped by focus node)."""
        if path is None:
            return None
        if p == SH.minCount:
            return f"COUNT(DISTINCT ?value) < {_int(o)}"
        if p == SH.maxCount:
            return f"COUNT(DISTINCT ?value) > {_int(o)}"
        if p == SH.hasValue:
            return f"SUM(COALESCE(IF(sameTerm(?value, {_n3(o)}), 1, 0), 0)) = 0"
        return None


def _int(node: rdflib.term.Node) -> int:
    if not isinstance(node, rdflib.Literal):
        raise ValueError(f"not a number: {node!r}")
    return int(node.toPython())


def _name(node: rdflib.term.Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.BNode):
        return "[]"
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def compile_shapes(shapes: rdflib.Graph, ontology: rdflib.Graph | None = None) -> Compiled:
    """The core constraints of ``shapes`` as SPARQL checks (``sh:sparql`` ones are not
    compiled: see :mod:`drugkg.kg.validate`).

    >>> shapes = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://e/> .
    ...     ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    ...         sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "needs p" ] .''')
    >>> compiled = compile_shapes(shapes)
    >>> [(c.shape, c.constraint, c.has_value) for c in compiled.checks], compiled.unsupported
    ([('S p', 'minCount', False)], ())
    """
    compiler = _Compiler(shapes, ontology if ontology is not None else rdflib.Graph())
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        compiler.node_shape(shape)
    return Compiled(tuple(compiler.checks), tuple(compiler.unsupported))
