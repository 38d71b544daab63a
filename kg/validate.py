"""SHACL validation of a store against the drugkg shapes (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Literal

import pyshacl
import rdflib
from drugkg.kg.export import EXPORT_PREFIXES, union_triples
from drugkg.kg.rdf import to_rdflib
from drugkg.kg.store import GraphStore
from rdflib.namespace import SH

__all__ = ["ValidationReport", "Violation", "ontology_file", "shapes_file", "validate"]

Inference = Literal["none", "rdfs"]


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
    """Whether the store conforms, and the violations found."""

    conforms: bool
    violations: tuple[Violation, ...]

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The violations of severity ``Violation`` (not warnings or infos)."""
        return tuple(v for v in self.violations if v.severity == "Violation")

    def __str__(self) -> str:
        if not self.violations:
            return "conforms"
        return "\n".join(str(v) for v in self.violations)


def _short(node: rdflib.term.Node | None, graph: rdflib.Graph) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib may refuse odd IRIs
            return f"<{node}>"
    if isinstance(node, rdflib.BNode):
        return "[path expression]"
    return str(node)


def _union_graph(store: GraphStore) -> rdflib.Graph:
    graph = rdflib.Graph()
    for t in union_triples(store):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def validate(store: GraphStore, *, inference: Inference = "none") -> ValidationReport:
    """Validate the union of all graphs of ``store`` with ``ontology/shapes.ttl``.

    The shapes target explicit classes, so no inference is needed (``rdfs`` adds
    the ontology's subclass and domain/range entailments first, and is slower).
    """
    shapes_path = shapes_file()
    if not shapes_path.is_file():
        raise FileNotFoundError(f"no SHACL shapes at {shapes_path}")
    shapes = rdflib.Graph().parse(data=shapes_path.read_text(encoding="utf-8"), format="turtle")
    ontology = None
    if ontology_file().is_file():
        ontology = rdflib.Graph().parse(
            data=ontology_file().read_text(encoding="utf-8"), format="turtle"
        )
    data = _union_graph(store)
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference=inference,
        advanced=True,
        allow_warnings=True,
    )
    for prefix, namespace in shapes.namespaces():
        results.bind(prefix, namespace, override=False)
    for prefix, namespace in EXPORT_PREFIXES.items():
        results.bind(prefix, namespace, override=True, replace=True)
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus_node=_short(results.value(result, SH.focusNode), results),
                path=_short(results.value(result, SH.resultPath), results),
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                value=_short(results.value(result, SH.value), results),
            )
        )
    violations.sort(key=lambda v: (v.severity, v.focus_node, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))
