"""SPARQL text: find what calls out (``SERVICE``, ``LOAD``) and write bound terms for variables."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = [
    "Token",
    "calls_out",
    "is_update",
    "prefix_block",
    "readable",
    "substitute",
    "tokens",
]

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
    | (?P<word>[A-Za-z_\u00c0-\ufffd][\w\-.:%\u00b7\u00c0-\ufffd]*|:[\w\-.%]*)
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Keywords that end the solution modifiers ``GROUP BY``/``ORDER BY`` are part of.
_CLAUSE_WORDS = {"HAVING", "LIMIT", "OFFSET", "VALUES", "ORDER", "GROUP", "WHERE", "SELECT"}


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical token of a SPARQL text: its kind and its text."""

    kind: str
    text: str


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``: comments, strings and IRIs are single tokens.

    >>> [t.text for t in tokens('SELECT ?x { ?x ?p "?y # z" } # ?w') if t.kind == "var"]
    ['?x', '?x', '?p']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield Token(kind, match.group())


#: Parse-tree nodes that make the engine fetch from another server.
_OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


def calls_out(text: str, *, update: bool = False) -> set[str] | None:
    """What in a query (or ``update``) makes the engine fetch from elsewhere: ``SERVICE``
    and ``LOAD`` wherever they are in its parse tree; None if the parser cannot read it.

    The text is parsed by rdflib's SPARQL grammar (escapes, comments, nesting), never
    scanned with a pattern. A text it cannot read may still call out: refuse it or run
    it where no connection can be opened (``kg/_outbound.py``).

    >>> sorted(calls_out("SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://x/> {} } }"))
    ['SERVICE']
    >>> calls_out('SELECT ?service { ?s ex:service "SERVICE" } # SERVICE')
    set()
    >>> update = "LOAD <http://x/> ; INSERT {?s ?p ?o} WHERE {SERVICE <http://y/> {?s ?p ?o}}"
    >>> sorted(calls_out(update, update=True))
    ['LOAD', 'SERVICE']
    >>> calls_out("SELECT ?x WHERE { ?x ") is None
    True
    """
    from rdflib.plugins.sparql import parser

    try:
        tree = parser.parseUpdate(text) if update else parser.parseQuery(text)
    except Exception:  # pyparsing's, rdflib's and recursion errors alike
        return None
    found: set[str] = set()
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        name = getattr(node, "name", None)
        if isinstance(name, str) and name in _OUTBOUND:
            found.add(_OUTBOUND[name])
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)  # type: ignore[arg-type]
    return found


def prefix_block(prefixes: Mapping[str, str]) -> str:
    """``PREFIX`` declarations for ``prefixes``, to put before a query or update.

    >>> prefix_block({"dkg": "https://w3id.org/drugkg/ontology#"})
    'PREFIX dkg: <https://w3id.org/drugkg/ontology#>\\n'
    """
    return "".join(f"PREFIX {p}: {ox.NamedNode(ns)}\n" for p, ns in prefixes.items())


def substitute(text: str, terms: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with each variable of ``terms`` replaced by its term, for an engine without
    a substitution API (a remote endpoint).

    Each term is written by pyoxigraph (its N-Triples form: quotes, backslashes and line
    breaks escaped), so no value can end its literal early and add to the query. A
    projected variable becomes ``(term AS ?var)``, so results still show it; in
    ``GROUP BY`` and ``ORDER BY`` the term is put in brackets, as their grammar wants.

    >>> substitute('SELECT ?d $q WHERE { ?d rdfs:label ?l FILTER(?l = $q) } ORDER BY ?q',
    ...            {"q": ox.Literal('x" } ; DROP ALL ; #')})
    'SELECT ?d ("x\\\\" } ; DROP ALL ; #" AS ?q) WHERE { ?d rdfs:label ?l FILTER(?l = "x\\\\" } ; \
DROP ALL ; #") } ORDER BY ("x\\\\" } ; DROP ALL ; #")'
    """
    out: list[str] = []
    projecting = False
    modifier = False
    depth = 0  # brackets since the projection began
    for token in tokens(text):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "SELECT":
            projecting, modifier, depth = True, False, 0
        elif projecting and (word in ("WHERE", "FROM") or token.text == "{"):
            projecting = False
        elif word in ("ORDER", "GROUP"):
            modifier = True
        elif modifier and (word in _CLAUSE_WORDS - {"ORDER", "GROUP"} or token.text == "}"):
            modifier = False
        if projecting and token.text in "()" and token.kind == "other":
            depth += 1 if token.text == "(" else -1
        name = token.text[1:] if token.kind == "var" else None
        if name is None or name not in terms:
            out.append(token.text)
            continue
        term = str(terms[name])
        if projecting and depth == 0:
            out.append(f"({term} AS ?{name})")
        elif modifier:
            out.append(f"({term})")
        else:
            out.append(term)
    return "".join(out)


_UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
_PROLOGUE_WORDS = {"PREFIX", "BASE"}


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update: its first keyword after the prologue.

    >>> is_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT ?insert WHERE { ?insert ?p ?o }")
    False
    """
    for token in tokens(text):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in _PROLOGUE_WORDS or word.endswith(":"):
            continue
        return word in _UPDATE_WORDS
    return False


_CHAR_CLASS = re.compile(r"\[[^\]]*\.\.=[^\]]*\]")
_POSITION = re.compile(r"^error at (\d+):(\d+)")


def readable(error: Exception, text: str) -> str:
    """A parser's error on one line, with the text where it stopped.

    >>> try:
    ...     ox.Store().query("SELECT ?x WHERE { ?x ")
    ... except SyntaxError as error:
    ...     print(readable(error, "SELECT ?x WHERE { ?x "))
    error at 1:22: expected one of "!", "$", "(", ":", "<", "?", "^", "a", a name, [_] \
(near 'ELECT ?x WHERE { ?x ' and the end)
    """
    message = " ".join(_CHAR_CLASS.sub("a name", str(error)).split())
    where = _POSITION.match(message)
    if where:
        lines = text.splitlines() or [""]
        line, column = int(where[1]), int(where[2])
        if 1 <= line <= len(lines):
            before = lines[line - 1][max(0, column - 21) : column - 1]
            after = lines[line - 1][column - 1 : column + 19]
            rest = f"'{after}'" if after else "the end" if line == len(lines) else "the line end"
            message += f" (near '{before}' and {rest})"
    return message if len(message) <= 500 else message[:499] + "…"
