"""Named SPARQL queries: `kg/queries/*.rq` files with a strict header, run with bound parameters."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

import pyoxigraph as ox

from drugkg.kg.errors import QueryError
from drugkg.kg.results import QueryResult
from drugkg.kg.store import GraphStore
from drugkg.model import entity_key

__all__ = [
    "NamedQuery",
    "Param",
    "QueryFileError",
    "load_queries",
    "named_query",
    "parse_query_file",
    "run_named",
]

_KINDS = ("label", "string", "integer")
_HEADER_KEYS = ("name", "description", "param")
_HEADER_LINE = re.compile(r"^#\s*(?P<key>[A-Za-z_-]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<kind>\w+)\s*,\s*(?P<need>\w+)\s*\)"
    r"\s*(?P<help>.*)$"
)
_DOLLAR_VAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class QueryFileError(ValueError):
    """A named query file that does not follow the header rules."""


@dataclass(frozen=True, slots=True)
class Param:
    """A declared parameter of a named query."""

    name: str
    kind: str
    required: bool
    help: str = ""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query from ``kg/queries``, with its name, description and parameters."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    source: str = ""

    def bindings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The variable bindings for parameter ``values`` (checked against the declaration).

        >>> q = parse_query_file("SELECT $drug $drug_key {}", name="q",
        ...     header="# name: q\\n# description: d\\n# param: drug (label, required)")
        >>> q.bindings({"drug": " Klonopin "})
        {'drug': 'klonopin', 'drug_key': 'klonopin'}
        >>> try:
        ...     q.bindings({})
        ... except QueryError as error:
        ...     print(error)
        query q needs parameter drug
        """
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(values) - declared.keys())
        if unknown:
            valid = ", ".join(declared) or "none"
            raise QueryError(f"query {self.name} has no parameter {unknown[0]}; valid: {valid}")
        out: dict[str, Any] = {}
        for param in self.params:
            if param.name not in values or values[param.name] is None:
                if param.required:
                    raise QueryError(f"query {self.name} needs parameter {param.name}")
                continue
            value = values[param.name]
            if param.kind == "label":
                out[param.name] = str(value).strip().lower()
                if f"${param.name}_key" in self.text:
                    out[f"{param.name}_key"] = entity_key(str(value))
            elif param.kind == "integer":
                try:
                    out[param.name] = int(value)
                except (TypeError, ValueError):
                    raise QueryError(
                        f"query {self.name}: parameter {param.name} must be an integer, "
                        f"not {value!r}"
                    ) from None
            else:
                out[param.name] = str(value)
        return out


def _header_and_body(text: str) -> tuple[list[str], str]:
    lines = text.splitlines()
    header = []
    for i, line in enumerate(lines):
        if line.startswith("#"):
            header.append(line)
        elif line.strip() == "" and not header:
            continue
        else:
            return header, "\n".join(lines[i:])
    return header, ""


def parse_query_file(body: str, *, name: str, header: str = "", source: str = "") -> NamedQuery:
    """A named query from its header lines and body; errors name ``source``.

    With an empty ``header``, the header is read from the top of ``body``.

    A query file starts with a header of ``# key: value`` comment lines::

        # name: what_treats
        # description: Drugs that treat a condition, best supported first.
        # param: condition (label, required) the condition, by label, synonym or key

    ``name`` (the file name without ``.rq``) and ``description`` are required;
    each ``param`` is ``<name> (<kind>, required|optional) [help]``. The query uses
    a parameter as ``$name``; the engine binds it as an RDF literal (never pasted
    into the text). Kinds:

    ``label``
        a label, bound lower-cased (compare it with ``lcase(str(?label))``); the
        query may also use ``$<name>_key``, bound to ``drugkg.model.entity_key`` of
        the value, to match an entity IRI by key.
    ``string``
        a string, bound as given.
    ``integer``
        an integer.

    Pyoxigraph binds only variables that a SELECT query projects, so each
    parameter variable is in the projection (result rows echo the parameters).

    >>> try:
    ...     parse_query_file("# name: x\\n# colour: red\\nSELECT * {}", name="x", source="x.rq")
    ... except QueryFileError as error:
    ...     print(error)
    x.rq: unknown header key 'colour'; valid: name, description, param
    """
    where = source or name
    if header:
        header_lines = [line for line in header.splitlines() if line.strip()]
    else:
        header_lines, body = _header_and_body(body)
    fields: dict[str, list[str]] = {}
    for line in header_lines:
        if line.strip() == "#":
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            raise QueryFileError(f"{where}: header line is not '# key: value': {line!r}")
        key = match["key"].lower()
        if key not in _HEADER_KEYS:
            raise QueryFileError(
                f"{where}: unknown header key {key!r}; valid: {', '.join(_HEADER_KEYS)}"
            )
        fields.setdefault(key, []).append(match["value"])
    for key in ("name", "description"):
        if len(fields.get(key, [])) != 1 or not fields[key][0]:
            raise QueryFileError(f"{where}: the header needs exactly one non-empty '# {key}:'")
    declared_name = fields["name"][0]
    if declared_name != name or not _NAME.match(declared_name):
        raise QueryFileError(
            f"{where}: '# name: {declared_name}' must be the file name {name!r} "
            "(lower-case letters, digits and _)"
        )
    params = tuple(_parse_param(where, spec) for spec in fields.get("param", []))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryFileError(f"{where}: a parameter is declared twice: {names}")
    used = set(_DOLLAR_VAR.findall(body))
    allowed = set(names) | {f"{p.name}_key" for p in params if p.kind == "label"}
    for var in sorted(used - allowed):
        raise QueryFileError(f"{where}: the query uses ${var} but declares no '# param: {var}'")
    for param in params:
        if param.name not in used:
            raise QueryFileError(f"{where}: parameter {param.name} is declared but not used")
    if not body.strip():
        raise QueryFileError(f"{where}: the query is empty")
    return NamedQuery(
        name=declared_name,
        description=fields["description"][0],
        params=params,
        text=body.strip() + "\n",
        source=source,
    )


def _parse_param(where: str, spec: str) -> Param:
    match = _PARAM.match(spec)
    if match is None:
        raise QueryFileError(
            f"{where}: bad '# param: {spec}'; write '<name> (<kind>, required|optional) help'"
        )
    if match["kind"] not in _KINDS:
        raise QueryFileError(
            f"{where}: parameter {match['name']} has unknown kind {match['kind']!r}; "
            f"valid: {', '.join(_KINDS)}"
        )
    if match["need"] not in ("required", "optional"):
        raise QueryFileError(
            f"{where}: parameter {match['name']}: say 'required' or 'optional', "
            f"not {match['need']!r}"
        )
    return Param(match["name"], match["kind"], match["need"] == "required", match["help"])


def _check_runs(query: NamedQuery) -> None:
    """Run ``query`` on an empty store, so syntax and binding errors show at load time."""
    dummy = {"label": "x", "string": "x", "integer": 0}
    values = {p.name: dummy[p.kind] for p in query.params}
    try:
        GraphStore(ox.Store()).query(query.text, bindings=query.bindings(values))
    except QueryError as error:
        raise QueryFileError(f"{query.source or query.name}: {error}") from None


def _query_dir() -> Traversable:
    return files("drugkg.kg") / "queries"


def load_queries(directory: Traversable | None = None) -> Mapping[str, NamedQuery]:
    """Every named query of ``directory`` (default ``kg/queries``), by name.

    Each file is checked strictly: header, parameters, and that it runs.

    >>> sorted(load_queries())[:3]
    ['contraindicated_in', 'drug_profile', 'interactions']
    """
    folder = directory if directory is not None else _query_dir()
    queries: dict[str, NamedQuery] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        query = parse_query_file(
            entry.read_text(encoding="utf-8"),
            name=entry.name.removesuffix(".rq"),
            source=str(entry),
        )
        _check_runs(query)
        queries[query.name] = query
    return MappingProxyType(queries)


@functools.cache
def _default_queries() -> Mapping[str, NamedQuery]:
    return load_queries()


def named_query(name: str) -> NamedQuery:
    """The bundled named query ``name`` (a :class:`QueryError` names the valid ones).

    >>> [p.name for p in named_query("what_treats").params]
    ['condition']
    """
    queries = _default_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; valid: {', '.join(queries)}")
    return queries[name]


def run_named(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run the named query ``name`` with parameter values bound as RDF literals.

    >>> with GraphStore.memory() as store:
    ...     run_named(store, "what_treats", {"condition": "seizures"}).rows()
    []
    """
    query = named_query(name)
    return store.query(query.text, bindings=query.bindings(params or {}))
