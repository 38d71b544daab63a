"""SHACL validation of a store against the drugkg shapes (pySHACL, SPARQL parts on Oxigraph)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, Literal

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH

from drugkg.kg.export import EXPORT_PREFIXES, union_triples
from drugkg.kg.rdf import from_rdflib, to_rdflib
from drugkg.kg.shacl_sparql import Check, _Compiler, _name, compile_shapes
from drugkg.kg.store import GraphStore

__all__ = [
    "DOCUMENT_CLASSES",
    "ValidationReport",
    "Violation",
    "ontology_file",
    "shapes_file",
    "validate",
    "validate_documents",
]

Inference = Literal["none", "rdfs"]
Engine = Literal["store", "oxigraph", "pyshacl"]
#: Told the name of each check as it starts (for a progress display).
Progress = Callable[[int, int, str], None]


def shapes_file() -> Traversable:
    """``ontology/shapes.ttl``, the SHACL shapes shipped with drugkg."""
    return files("drugkg.ontology") / "shapes.ttl"


def ontology_file() -> Traversable:
    """``ontology/drugkg.ttl``, the OWL ontology shipped with drugkg."""
    return files("drugkg.ontology") / "drugkg.ttl"


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: which node, which property path, what is wrong, how bad."""

    focus_node: str
    path: str
    message: str
    severity: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.focus_node} {self.path}".strip()
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Whether the store conforms, and the results found (violations, warnings, infos)."""

    conforms: bool
    violations: tuple[Violation, ...]

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The results of severity ``Violation`` (not warnings or infos)."""
        return tuple(v for v in self.violations if v.severity == "Violation")

    def __str__(self) -> str:
        if not self.violations:
            return "conforms"
        return "\n".join(str(v) for v in self.violations)


def _short(node: object) -> str:
    """A node as a prefixed name where a drugkg prefix fits."""
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef | ox.NamedNode):
        iri = str(node) if isinstance(node, rdflib.URIRef) else node.value
        best = max(
            ((p, ns) for p, ns in EXPORT_PREFIXES.items() if iri.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{iri[len(best[1]) :]}" if best else f"<{iri}>"
    if isinstance(node, rdflib.BNode | ox.BlankNode):
        return "[path expression]"
    return str(node.value) if isinstance(node, ox.Literal) else str(node)


def _parse_turtle(resource: Traversable) -> rdflib.Graph:
    return rdflib.Graph().parse(data=resource.read_text(encoding="utf-8"), format="turtle")


# -- SHACL-SPARQL constraints on Oxigraph ----------------------------------------


@dataclass(frozen=True, slots=True)
class _SparqlConstraint:
    shape: rdflib.term.Node
    node: rdflib.term.Node
    select: str
    prefixes: dict[str, str]
    messages: tuple[str, ...]
    severity: str


def _prefixes(shapes: rdflib.Graph, constraint: rdflib.term.Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                out[str(prefix)] = str(namespace)
    return out


def _movable(shapes: rdflib.Graph, shape: rdflib.term.Node, constraint: rdflib.term.Node) -> bool:
    """Whether Oxigraph can evaluate ``constraint`` exactly as pySHACL would."""
    select = shapes.value(constraint, SH.select)
    if select is None or shapes.value(constraint, SH.deactivated) is not None:
        return False
    if (shape, SH.path, None) in shapes or "$PATH" in str(select):
        return False
    prefixes = _prefixes(shapes, constraint)
    try:  # $this must be projected for Oxigraph to pre-bind it
        ox.Store().query(
            str(select),
            prefixes=prefixes,
            substitutions={ox.Variable("this"): ox.NamedNode("urn:x")},
        )
    except (SyntaxError, RuntimeError):
        return False
    return True


def _split(shapes: rdflib.Graph) -> tuple[rdflib.Graph, list[_SparqlConstraint]]:
    """The shapes without the movable SPARQL constraints, and those constraints."""
    core = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    moved: list[_SparqlConstraint] = []
    removed: set[tuple[rdflib.term.Node, rdflib.term.Node]] = set()
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if not _movable(shapes, shape, constraint):
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        moved.append(
            _SparqlConstraint(
                shape=shape,
                node=constraint,
                select=str(shapes.value(constraint, SH.select)),
                prefixes=_prefixes(shapes, constraint),
                messages=tuple(
                    str(m)
                    for m in [
                        *shapes.objects(shape, SH.message),
                        *shapes.objects(constraint, SH.message),
                    ]
                ),
                severity=str(severity).rsplit("#", 1)[-1],
            )
        )
        removed.add((shape, constraint))
    for s, p, o in shapes:
        if p == SH.sparql and (s, o) in removed:
            continue
        core.add((s, p, o))
    return core, moved


_Node = ox.NamedNode | ox.BlankNode


def _focus_nodes(data: ox.Store, shapes: rdflib.Graph, shape: rdflib.term.Node) -> set[_Node]:
    """The focus nodes of ``shape`` in ``data`` (SHACL targets, with rdfs:subClassOf*)."""
    found: set[object] = set()
    classes = [from_rdflib(c) for c in shapes.objects(shape, SH.targetClass)]
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.append(from_rdflib(shape))
    for cls in classes:
        result = data.query(
            "SELECT DISTINCT ?node ?class WHERE { ?node rdf:type/rdfs:subClassOf* ?class }",
            prefixes={"rdf": str(RDF), "rdfs": str(RDFS)},
            substitutions={ox.Variable("class"): cls},
        )
        if isinstance(result, ox.QuerySolutions):
            found |= {solution["node"] for solution in result}
    found |= {from_rdflib(node) for node in shapes.objects(shape, SH.targetNode)}
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        found |= {q.subject for q in data.quads_for_pattern(None, _iri(prop), None)}
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        found |= {q.object for q in data.quads_for_pattern(None, _iri(prop), None)}
    return {n for n in found if isinstance(n, ox.NamedNode | ox.BlankNode)}


def _iri(term: rdflib.term.Node) -> ox.NamedNode:
    """An rdflib IRI as a pyoxigraph one (a shape names properties by IRI)."""
    node = from_rdflib(term)
    if not isinstance(node, ox.NamedNode):
        raise TypeError(f"not an IRI: {term!r}")
    return node


def _quad(s: rdflib.term.Node, p: rdflib.term.Node, o: rdflib.term.Node) -> ox.Quad:
    """An rdflib triple as a pyoxigraph quad of the default graph."""
    subject = from_rdflib(s)
    if isinstance(subject, ox.Literal):
        raise TypeError(f"a literal cannot be a subject: {s!r}")
    return ox.Quad(subject, _iri(p), from_rdflib(o))


def _message(template: str, bindings: dict[str, object]) -> str:
    for name, value in bindings.items():
        text = (
            value.value
            if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode)
            else str(value)
        )
        template = template.replace(f"{{?{name}}}", text).replace(f"{{${name}}}", text)
    return template


def _run_sparql_constraints(
    data: ox.Store, shapes: rdflib.Graph, constraints: Iterable[_SparqlConstraint]
) -> Iterator[Violation]:
    for constraint in constraints:
        for focus in sorted(_focus_nodes(data, shapes, constraint.shape), key=str):
            result = data.query(
                constraint.select,
                prefixes=constraint.prefixes,
                substitutions={ox.Variable("this"): focus},
            )
            if not isinstance(result, ox.QuerySolutions):
                continue
            seen = set()
            for solution in result:
                bound = {v.value: solution[v] for v in result.variables if solution[v] is not None}
                this = bound.get("this", focus)
                path = bound.get("path")
                value = bound.get("value", focus)
                key = tuple(sorted((k, str(v)) for k, v in bound.items()))
                if key in seen:
                    continue
                seen.add(key)
                names = {**bound, "this": this, "value": value}
                for template in constraint.messages or ("SPARQL constraint not met",):
                    yield Violation(
                        focus_node=_short(this),
                        path=_short(path),
                        message=_message(template, names),
                        severity=constraint.severity,
                        value=_short(value),
                    )


# -- validation ------------------------------------------------------------------


def _results(results: rdflib.Graph) -> Iterator[Violation]:
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage)) or [""]
        for message in messages:
            yield Violation(
                focus_node=_short(results.value(result, SH.focusNode)),
                path=_short(results.value(result, SH.resultPath)),
                message=message,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                value=_short(results.value(result, SH.value)),
            )


def _oxigraph_data(
    store: GraphStore, data: rdflib.Graph, ontology: rdflib.Graph | None, inference: Inference
) -> ox.Store:
    """The data graph pySHACL validated (union of graphs, ontology, entailments) in Oxigraph."""
    target = ox.Store()
    if inference == "none":
        target.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in union_triples(store))
        if ontology is not None:
            target.bulk_extend(_quad(s, p, o) for s, p, o in ontology)
    else:  # pySHACL validated ``data`` in place: it holds the ontology and the entailments
        target.bulk_extend(
            _quad(s, p, o)
            for s, p, o in data
            if not isinstance(s, rdflib.Literal)  # RDFS rules may give generalised triples
        )
    return target


_Checks = tuple[list[Check], list[tuple[_SparqlConstraint, str | None]]]


def _checks(
    shapes: rdflib.Graph, ontology: rdflib.Graph | None, keep: set[rdflib.term.Node] | None = None
) -> _Checks:
    """The compiled checks and the SPARQL constraints with their focus (of shapes ``keep``)."""
    compiled = compile_shapes(shapes, ontology)
    if compiled.unsupported:
        raise ValueError(
            "these constraints cannot be checked inside the store (use the full pySHACL "
            f"report): {'; '.join(compiled.unsupported)}"
        )
    _, moved = _split(shapes)
    compiler = _Compiler(shapes, ontology if ontology is not None else rdflib.Graph())
    sparql = [(c, compiler.focus(c.shape)) for c in moved if keep is None or c.shape in keep]
    names = None if keep is None else {_name(shape) for shape in keep}
    checks = [c for c in compiled.checks if names is None or c.shape.split()[0] in names]
    return checks, sparql


def _in_store(
    store: GraphStore,
    checks: _Checks,
    progress: Progress | None,
    dataset: dict[str, Any] | None = None,
) -> list[Violation]:
    """Every check as SPARQL inside the store: over its union graph, or ``dataset``
    (``default_graph=[...]``: the graphs given)."""
    compiled, sparql = checks
    dataset = dataset or {"use_default_graph_as_union": True}
    total = len(compiled) + len(sparql)
    db = store.oxigraph
    violations: list[Violation] = []
    for done, check in enumerate(compiled):
        if progress is not None:
            progress(done, total, f"{check.shape} {check.constraint}".strip())
        result = db.query(check.query, **dataset)
        assert isinstance(result, ox.QuerySolutions)
        for solution in result:
            value = _short(solution["value"]) if check.has_value else ""
            for message in check.messages:
                violations.append(
                    Violation(
                        focus_node=_short(solution["this"]),
                        path=_short(check.path),
                        message=message,
                        severity=check.severity,
                        value=value,
                    )
                )
    for done, (constraint, focus) in enumerate(sparql, start=len(compiled)):
        if progress is not None:
            progress(done, total, f"{_short(constraint.shape)} (SPARQL)")
        if focus is None:
            continue
        where = constraint.select.upper().index("WHERE")
        brace = constraint.select.index("{", where) + 1
        query = f"{constraint.select[:brace]} {focus} {constraint.select[brace:]}"
        result = db.query(query, prefixes=constraint.prefixes, **dataset)
        assert isinstance(result, ox.QuerySolutions)
        for solution in result:
            bound = {v.value: solution[v] for v in result.variables if solution[v] is not None}
            this = bound.get("this")
            offending = bound.get("value", this)
            names: dict[str, object] = {**bound, "value": offending}
            for template in constraint.messages or ("SPARQL constraint not met",):
                violations.append(
                    Violation(
                        focus_node=_short(this),
                        path=_short(bound.get("path")),
                        message=_message(template, names),
                        severity=constraint.severity,
                        value=_short(offending),
                    )
                )
    if progress is not None:
        progress(total, total, "done")
    return violations


def validate(
    store: GraphStore,
    *,
    inference: Inference = "none",
    engine: Engine = "store",
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate the union of all graphs of ``store`` (with the ontology) against the shapes.

    The shapes target explicit classes, so no inference is needed; ``rdfs`` adds the
    ontology's entailments first (and needs pySHACL: ``engine="oxigraph"`` is used).

    ``engine="store"`` (the default) checks every constraint inside the store, as
    SPARQL over its union graph (:mod:`drugkg.kg.shacl_sparql` compiles the core
    constraints; the ``sh:sparql`` ones run once each with their focus nodes joined in):
    a store of thousands of documents in seconds, and the same results as pySHACL.
    ``progress`` is told ``(done, total, check)`` as each check starts.

    pySHACL checks the core constraints (counts, datatypes, classes, patterns). It
    runs SHACL-SPARQL constraints (``sh:sparql``) with rdflib, one query per focus
    node: minutes for a few thousand facts. With ``engine="oxigraph"`` (the default)
    they run on Oxigraph instead, with ``$this`` pre-bound by SEP-0007 substitution
    (the pre-binding SHACL-SPARQL asks for), giving the same results in seconds; a
    constraint Oxigraph cannot pre-bind (``$this`` not projected, ``$PATH``, on a
    property shape, deactivated) stays with pySHACL. ``engine="pyshacl"`` validates
    with pySHACL alone.

    >>> report = validate(GraphStore.memory())
    >>> report.conforms, str(report)
    (True, 'conforms')
    """
    shapes_path = shapes_file()
    if not shapes_path.is_file():
        raise FileNotFoundError(f"no SHACL shapes at {shapes_path}")
    shapes = _parse_turtle(shapes_path)
    ontology = _parse_turtle(ontology_file()) if ontology_file().is_file() else None
    if engine == "store" and inference == "none":
        return _report(_in_store(store, _checks(shapes, ontology), progress))
    data = rdflib.Graph()
    for t in union_triples(store):
        data.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    core, moved = _split(shapes) if engine != "pyshacl" else (shapes, [])
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=core,
        ont_graph=ontology,
        inference=inference,
        inplace=True,
        allow_warnings=True,
    )
    violations = list(_results(results))
    if moved:
        oxigraph_data = _oxigraph_data(store, data, ontology, inference)
        violations += _run_sparql_constraints(oxigraph_data, shapes, moved)
    unique = sorted(set(violations), key=lambda v: (v.severity, v.focus_node, v.path, v.message))
    conforms = bool(conforms) and not any(v.severity == "Violation" for v in unique)
    return ValidationReport(conforms=conforms, violations=tuple(unique))


def _report(found: Iterable[Violation]) -> ValidationReport:
    unique = sorted(set(found), key=lambda v: (v.severity, v.focus_node, v.path, v.message))
    ok = not any(v.severity == "Violation" for v in unique)
    return ValidationReport(conforms=ok, violations=tuple(unique))


#: The classes of the nodes a document's named graph holds (its evidence, doses and itself).
DOCUMENT_CLASSES = frozenset(
    rdflib.URIRef(f"https://w3id.org/drugkg/ontology#{name}")
    for name in ("Document", "Evidence", "DoseRecord")
)


def validate_documents(store: GraphStore, graphs: Iterable[ox.NamedNode]) -> ValidationReport:
    """Validate what some documents' named graphs hold: what a build has just written.

    The shapes of the nodes a document graph holds (:data:`DOCUMENT_CLASSES`) are
    checked inside the store, one graph at a time, over that graph and the default graph
    (the entities its values name), so the cost follows the documents, not the store.
    Facts and entities, which many documents share, are checked by :func:`validate`.

    >>> validate_documents(GraphStore.memory(), []).conforms
    True
    """
    shapes = _parse_turtle(shapes_file())
    ontology = _parse_turtle(ontology_file())
    keep = {s for s, c in shapes.subject_objects(SH.targetClass) if c in DOCUMENT_CLASSES}
    checks = _checks(shapes, ontology, keep)
    found: list[Violation] = []
    for graph in graphs:
        dataset = {"default_graph": [graph, ox.DefaultGraph()]}
        found += _in_store(store, checks, None, dataset)
    return _report(found)
