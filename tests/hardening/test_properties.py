"""Properties over any text: extraction never raises, evidence offsets slice the document to
the recorded sentence, every minted IRI is valid, any label and sentence round-trips through
Turtle, N-Triples and JSON-LD, and building twice gives the same graph."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pyoxigraph as ox
import rdflib
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from drugkg.extract.engine import Extractor
from drugkg.extract.rules import load_rules
from drugkg.kg.export import export, union_triples
from drugkg.kg.iri import doc_id_from_iri, document_iri, graph_iri
from drugkg.kg.rdf import dataset_diff, datasets_isomorphic, document_graph, to_rdflib
from drugkg.kg.store import GraphStore
from drugkg.model import (
    Assertion,
    Document,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Triple,
)
from drugkg.pipeline import build

Deadline = Callable[[float, str], AbstractContextManager[None]]

# -- text that reaches the rules --------------------------------------------------------

_RULES = load_rules().rules
EXAMPLES = sorted({" ".join(r.example.split()) for r in _RULES})
RULE_WORDS = sorted({w for r in _RULES for w in re.findall(r"[a-z][a-z'\-]{2,}", r.regex.pattern)})
NAMES = ["Sertraline", "sertraline", "Zoloft", "lithium", "Lithium", "propranolol", "SSRIs",
         "benzodiazepines", "alcohol", "nausea", "panic disorder", "depression", "migraine",
         "older adults", "pregnancy", "CBT", "serotonin", "it", "this medication"]  # fmt: skip
MARKS = [".", ",", ";", ":", "(", ")", "'s", "n't", "-", "—", "!", "?", "\n", "\n\n", "\n- ",
         "\n# ", "\n1. ", "• ", "20 mg", "twice a day", "0.5 mg/kg", "⟨D0|x⟩", "⟨", "⟩", "|",
         "\u200b", "\u200f", "\u202e", "\u00ad", "\ufeff", "\r\n", "\t", "\x0c", "\x00",
         "غثيان", "סרטרלין", "😀", "e\u0301", "Ǆ", "ß", "İ", "\U0001d400", "\\", '"',
         "'''"]  # fmt: skip

tokens = st.one_of(
    st.sampled_from(RULE_WORDS),
    st.sampled_from(NAMES),
    st.sampled_from(MARKS),
    st.text(max_size=6),
)
sentences_like = st.lists(tokens, min_size=1, max_size=60).map(" ".join)
examples = st.lists(
    st.sampled_from(EXAMPLES)
    .flatmap(lambda s: st.tuples(st.just(s), st.integers(0, len(s)), st.integers(0, len(s))))
    .map(lambda t: t[0][min(t[1], t[2]) : max(t[1], t[2])] or t[0]),
    min_size=1,
    max_size=6,
).map(" ".join)  # slices of rule examples, glued
noisy_examples = st.lists(  # whole examples with words, marks and noise between them
    st.one_of(st.sampled_from(EXAMPLES), tokens), min_size=1, max_size=12
).map(" ".join)
any_text = st.one_of(
    st.text(max_size=400),
    sentences_like,
    examples,
    noisy_examples,
    st.lists(st.one_of(sentences_like, examples, noisy_examples), min_size=1, max_size=4).map(
        "\n".join
    ),
)

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- IRIs ---------------------------------------------------------------------------------

MINTED = "https://w3id.org/drugkg/resource/"
# RFC 3987: no spaces, controls or <>"{}|\^` in an IRI, and every % starts an escape.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]|%(?![0-9A-Fa-f]{2})')


def assert_valid_iri(node: ox.NamedNode) -> None:
    value = node.value
    assert not _NOT_IN_IRI.search(value), f"not a valid IRI: {value!r}"
    assert ox.NamedNode(value) == node  # pyoxigraph's own IRI parser accepts it
    line = f"<{value}> <http://example.org/p> <{value}> .\n"
    assert next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))).subject == node
    graph = rdflib.Graph().parse(data=line, format="nt")
    assert str(next(iter(graph.subjects()))) == value


def iris_of(quads: object) -> set[ox.NamedNode]:
    out: set[ox.NamedNode] = set()
    for q in quads:  # type: ignore[attr-defined]
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode):
                out.add(term)
    return out


# -- properties ---------------------------------------------------------------------------


@SETTINGS
@given(text=any_text)
def test_extraction_never_raises_and_its_evidence_points_into_the_document(
    extractor: Extractor, deadline: Deadline, text: str
) -> None:
    document = Document.from_text("doc", text)
    with deadline(20, f"extracting {text[:80]!r}"):
        extraction = extractor.extract(document)
    evidence = [a.evidence for a in extraction.assertions] + [d.evidence for d in extraction.doses]
    event("facts" if extraction.assertions else "no facts")
    event("doses" if extraction.doses else "no doses")
    for e in evidence:
        assert 0 <= e.start <= e.end <= len(text)
        assert text[e.start : e.end] == e.sentence, (e.start, e.end, e.sentence)
        assert e.doc_id == "doc"
        assert 0.0 < e.confidence <= 1.0


@SETTINGS
@given(text=any_text, doc_id=st.text(min_size=1, max_size=40))
def test_every_iri_a_document_mints_is_valid(extractor: Extractor, text: str, doc_id: str) -> None:
    assume(text.strip())
    document = Document.from_text(doc_id, text, title=text[:60])
    extraction = extractor.extract(document)
    graph = document_graph(document, extraction.asserted(), extraction.doses)
    nodes = iris_of(graph.quads)
    assert any(n.value.startswith(MINTED) for n in nodes)  # the document's own, at least
    for node in nodes:
        assert_valid_iri(node)
    for node in (document_iri(doc_id), graph_iri(doc_id)):
        assert doc_id_from_iri(node) == doc_id


label_text = st.text(min_size=1, max_size=40).map(str.strip).filter(bool)


def _exported(store: GraphStore, fmt: str) -> rdflib.Graph:
    buffer = io.BytesIO()
    export(store, fmt, buffer)
    parser = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    return rdflib.Graph().parse(data=buffer.getvalue(), format=parser)


def _strings(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    """Every triple with a plain string object, as text: labels, titles, sentences..."""
    return {
        (str(s), str(p), str(o))
        for s, p, o in graph
        if isinstance(o, rdflib.Literal) and o.datatype in (None, rdflib.XSD.string)
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, drug=label_text, condition=label_text)
def test_any_label_round_trips_through_turtle_ntriples_and_jsonld(
    extractor: Extractor, text: str, drug: str, condition: str
) -> None:
    """The extracted graph of any text, plus a fact between entities with any labels."""
    assume(text.strip())
    document = Document.from_text("doc", text, title=text.strip().splitlines()[0][:80])
    extraction = extractor.extract(document)
    own = Triple(
        Entity.make(EntityType.DRUG, drug, keep_case=True),
        Predicate.TREATS,
        Entity(EntityType.CONDITION, "condition", condition),
    )
    evidence = Evidence("doc", text, 0, len(text), "property.any_label", confidence=0.5)
    with GraphStore.memory() as store:
        store.replace_document(
            document, [*extraction.asserted(), Assertion(own, evidence)], extraction.doses
        )
        expected = rdflib.Graph()
        for t in union_triples(store):
            expected.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        labels = {o for _, p, o in _strings(expected) if p.endswith("#label")}
        assert {own.subject.label, condition} <= labels
        for fmt in ("turtle", "nt", "jsonld"):
            back = _exported(store, fmt)
            assert _strings(back) == _strings(expected), fmt
            assert len(back) == len(expected), fmt


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(any_text, min_size=1, max_size=3))
def test_building_twice_gives_the_same_graph(extractor: Extractor, texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        for i, text in enumerate(texts):
            (corpus / f"doc{i}.txt").write_text(text, encoding="utf-8")
        with GraphStore.memory() as first, GraphStore.memory() as second:
            build([corpus], first, jobs=1)
            build([corpus], second, jobs=1)
            a, b = first.to_dataset(), second.to_dataset()
            assert datasets_isomorphic(a, b), dataset_diff(a, b)
            assert set(first.quads()) == set(second.quads())
            before = set(first.quads())
            report = build([corpus], first, jobs=1, force=True)  # read everything again
            assert set(first.quads()) == before, report
