"""The graph page: self-contained, escaped, and usable offline in headless Chromium.

The browser tests open the page from disk in Debian's Chromium (through Playwright,
which never downloads a browser here) with every non-``file:`` request aborted and
recorded. They skip, saying why, when Chromium or Playwright is missing (and fail
instead when ``DRUGKG_REQUIRE_BROWSER`` is set, as in CI, which installs both). Set
``DRUGKG_SCREENSHOTS=DIR`` to keep screenshots.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from drugkg.cli import app
from drugkg.kg.network import to_networkx
from drugkg.kg.store import GraphStore, StoreStats
from drugkg.kg.viz import render_html, vis_network_js
from drugkg.model import Assertion, Document, Entity, EntityType, Evidence, Predicate, Triple
from drugkg.pipeline import build

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
R = "https://w3id.org/drugkg/resource/"

#: An article whose text carries markup: read as text, it reaches evidence and titles.
HOSTILE_TXT = """\
Klonopin <script>window.__pwned = "title"</script> review

Klonopin (clonazepam) is used to treat panic disorder <script>window.__pwned = "sentence"\
</script> and seizures <img src=x onerror="window.__pwned = 'img'">.

Clonazepam is used to treat panic disorder.

Do not drink alcohol while taking clonazepam.
"""
TREATS_SENTENCE = "Clonazepam is used to treat panic disorder."

#: Labels, ids, a title, a path and a sentence as a hostile extractor might write them.
EVIL_DRUG = "<img src=x onerror=\"window.__pwned='label'\">"
EVIL_CONDITION = "</script><script>window.__pwned='condition'</script>"
EVIL_ID = 'x"><svg onload="window.__pwned=\'doc\'">'
EVIL_TITLE = "<iframe src=\"javascript:window.parent.__pwned='title'\"></iframe>"
EVIL_SENTENCE = f"{EVIL_DRUG} cures {EVIL_CONDITION} <b onmouseover=alert(1)>bold</b>"


def _hostile_writes(store: GraphStore) -> None:
    doc = Document.from_text(
        EVIL_ID, EVIL_SENTENCE, title=EVIL_TITLE, source="javascript:window.__pwned='href'"
    )
    drug = Entity.make(
        EntityType.DRUG, EVIL_DRUG, synonyms=["<b>x</b>"], xrefs={"drugbank": "javascript:alert(1)"}
    )
    condition = Entity(EntityType.CONDITION, "evil-condition", EVIL_CONDITION)
    evidence = Evidence(EVIL_ID, EVIL_SENTENCE, 0, len(EVIL_SENTENCE), "rule<script>", hedged=True,
                        confidence=0.5)  # fmt: skip
    store.replace_document(doc, [Assertion(Triple(drug, Predicate.TREATS, condition), evidence)])


@dataclass(frozen=True)
class Page:
    path: Path
    stats: StoreStats
    graph: nx.MultiDiGraph


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Page:
    """The sample corpus, a hostile article and hostile writes, drawn by ``drugkg viz``."""
    root = tmp_path_factory.mktemp("viz")
    extra = root / "extra"
    extra.mkdir()
    (extra / "hostile.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    with GraphStore.open(root / "store") as store:
        report = build([SAMPLE, extra], store, jobs=1)
        assert not report.skipped
        _hostile_writes(store)
        stats = store.stats()
        graph = to_networkx(store)
    out = root / "graph.html"
    result = CliRunner().invoke(
        app, ["viz", "-s", str(root / "store"), "-o", str(out), "--title", "drugkg <test>"]
    )
    assert result.exit_code == 0, result.output
    return Page(out, stats, graph)


# -- the written file -------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def test_the_file_loads_nothing_from_anywhere(page_file: Page) -> None:
    """Checked on the written file, not on an option: no element may point outside it."""
    text = page_file.path.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    pointing = [(t, a) for t, a in parser.tags if {"src", "href", "srcset", "data"} & set(a)]
    assert pointing == []
    assert [t for t, _ in parser.tags if t in ("link", "iframe", "object", "embed", "img")] == []
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    assert not re.search(r"@import", text)
    assert len(parser.scripts) == 3  # the data block, vis-network and the page's script
    assert vis_network_js() in parser.scripts


def test_the_policy_allows_only_the_page_s_own_scripts(page_file: Page) -> None:
    parser = _Tags()
    parser.feed(page_file.path.read_text(encoding="utf-8"))
    [policy] = [
        a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    executable = [
        s for (t, a), s in zip([x for x in parser.tags if x[0] == "script"], parser.scripts,
                               strict=True) if a.get("type") != "application/json"
    ]  # fmt: skip
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in executable
    }
    assert set(rules["script-src"].split()) == hashes
    assert "unsafe-inline" not in rules["script-src"] and "unsafe-eval" not in rules["script-src"]


def test_document_text_is_data_not_markup(page_file: Page) -> None:
    text = page_file.path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="drugkg-data">')
    block = text[start : text.index("</script>", start)]
    assert "<" not in block.split(">", 1)[1]  # no markup at all inside the data block
    assert "window.__pwned" in block  # the hostile text is there, as JSON data
    data = json.loads(block.split(">", 1)[1])
    labels = {n["label"] for n in data["nodes"]}
    assert EVIL_DRUG in labels and EVIL_CONDITION in labels
    assert "<title>drugkg &lt;test&gt;</title>" in text


def test_the_page_is_the_same_for_the_same_graph(page_file: Page) -> None:
    assert render_html(page_file.graph, title="t") == render_html(page_file.graph, title="t")


# -- in the browser -----------------------------------------------------------------------


@dataclass
class Opened:
    page: Any
    outside: list[str]
    problems: list[str]
    dialogs: list[str]


@pytest.fixture
def opened(browser: Any, page_file: Page) -> Iterator[Opened]:
    """The page opened from disk, with no network: any non-``file:`` request is aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    seen = Opened(context.new_page(), [], [], [])

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        else:
            seen.outside.append(url)
            request_route.abort()

    def console(message: Any) -> None:
        if message.type in ("error", "warning"):
            seen.problems.append(message.text)

    def dialog(box: Any) -> None:
        seen.dialogs.append(box.message)
        box.dismiss()

    context.route("**/*", route)
    page = seen.page
    page.on("console", console)
    page.on("pageerror", lambda error: seen.problems.append(f"page error: {error}"))
    page.on("dialog", dialog)
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(page_file.path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    yield seen
    _screenshot(page, "last")
    context.close()


def _screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("DRUGKG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def _settle(page: Any) -> None:
    """Wait until the view stops moving (a focus or fit animation has run its course)."""
    page.wait_for_function(
        """() => {
          const s = drugkg.network.getScale(), p = drugkg.network.getViewPosition();
          const view = [s, p.x, p.y].join();
          const still = window.__view === view;
          window.__view = view;
          return still;
        }""",
        polling=150,
    )


def _clean(seen: Opened) -> None:
    assert seen.outside == [], "the page asked the network for something"
    assert seen.problems == []
    assert seen.dialogs == []
    assert seen.page.evaluate("window.__violations") == []
    assert seen.page.evaluate("window.__pwned") is None


def test_the_graph_renders_offline(opened: Opened) -> None:
    canvas = opened.page.evaluate(
        """() => {
          const c = document.querySelector('#graph canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let drawn = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) drawn++;
          return {width: c.width, height: c.height, drawn};
        }"""
    )
    assert canvas["width"] > 600 and canvas["height"] > 400
    assert canvas["drawn"] > 5000
    _screenshot(opened.page, "whole")
    _clean(opened)


def test_the_counts_match_the_store(opened: Opened, page_file: Page) -> None:
    stats = page_file.stats
    counts = opened.page.evaluate("[drugkg.nodes.length, drugkg.edges.length]")
    assert counts == [stats.entities, stats.facts]
    shown = opened.page.locator("#stats")
    assert shown.inner_text() == f"{stats.entities} nodes · {stats.facts} facts"
    positions = opened.page.evaluate("Object.keys(drugkg.network.getPositions()).length")
    assert positions == stats.entities
    # hiding a predicate in the legend hides its facts, and the counts say so
    treats = stats.facts_by_predicate["treats"]
    toggle = opened.page.locator('#legend-predicates input[data-key="treats"]')
    toggle.uncheck()
    assert shown.get_attribute("data-shown-edges") == str(stats.facts - treats)
    toggle.check()
    assert shown.get_attribute("data-shown-edges") == str(stats.facts)
    _clean(opened)


def test_search_finds_clonazepam(opened: Opened) -> None:
    page = opened.page
    page.fill("#search-input", "Clonazepam")
    page.press("#search-input", "Enter")
    _settle(page)  # the view moves to it
    assert page.evaluate("drugkg.network.getSelectedNodes()") == [f"{R}drug/clonazepam"]
    assert page.locator("#details h3").inner_text() == "clonazepam"
    details = page.locator("#details").inner_text()
    assert "drug" in details and "treats" in details and "panic disorder" in details
    _screenshot(page, "search")
    page.fill("#search-input", "no such thing")
    page.press("#search-input", "Enter")
    assert "no node matches" in page.locator("#search-status").inner_text()
    _clean(opened)


def _edge_id(page: Any, source: str, predicate: str, target: str) -> str:
    return str(
        page.evaluate(
            "([s, p, o]) => drugkg.edges.get({filter: e => e.from === s && e.to === o"
            " && e.predicate === p})[0].id",
            [source, predicate, target],
        )
    )


def _click_point(page: Any, edge: str) -> dict[str, float]:
    """A point of the edge on screen where no node and no other edge is."""
    page.evaluate(
        "id => { const e = drugkg.edges.get(id);"
        " drugkg.network.fit({nodes: [e.from, e.to], animation: false}); }",
        edge,
    )
    _settle(page)
    point = page.evaluate(
        """id => {
          const net = drugkg.network, e = drugkg.edges.get(id);
          const p = net.getPositions([e.from, e.to]), a = p[e.from], b = p[e.to];
          const box = document.getElementById('graph').getBoundingClientRect();
          for (let t = 0.3; t <= 0.71; t += 0.02) {
            const dom = net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
            if (net.getEdgeAt(dom) === id && net.getNodeAt(dom) === undefined)
              return {x: box.left + dom.x, y: box.top + dom.y};
          }
          return null;
        }""",
        edge,
    )
    assert point is not None, "no free point on the edge"
    return dict(point)


def test_clicking_an_edge_shows_its_evidence(opened: Opened) -> None:
    page = opened.page
    edge = _edge_id(page, f"{R}drug/clonazepam", "treats", f"{R}condition/panic-disorder")
    point = _click_point(page, edge)
    page.mouse.move(point["x"] - 10, point["y"] - 10)
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_selector("#tooltip:not([hidden])")
    assert TREATS_SENTENCE in page.locator("#tooltip").inner_text()
    page.mouse.click(point["x"], point["y"])
    details = page.locator("#details")
    assert details.get_attribute("data-showing") == f"edge:{edge}"
    assert TREATS_SENTENCE in details.inner_text()
    links = details.locator(".evidence a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h and h.startswith("file://") and h.endswith("/hostile.txt") for h in hrefs)
    _screenshot(page, "edge")
    _clean(opened)


def test_an_entity_shows_its_ids_linked_to_their_pages(opened: Opened) -> None:
    page = opened.page
    page.evaluate("id => drugkg.selectNode(id)", f"{R}drug/sertraline")
    links = page.locator("#details a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h and h.startswith("https://go.drugbank.com/drugs/DB") for h in hrefs), hrefs
    _screenshot(page, "entity")
    _clean(opened)


def test_injected_markup_never_runs(opened: Opened, page_file: Page) -> None:
    page = opened.page
    evil = [n for n, d in page_file.graph.nodes(data=True) if "<" in d["label"]]
    assert len(evil) == 2
    # show every hostile node and fact in the details panel, and hover over them
    for node in evil:
        page.evaluate("id => drugkg.selectNode(id)", node)
        _settle(page)
        box = page.evaluate(
            "id => { const p = drugkg.network.canvasToDOM(drugkg.network.getPositions([id])[id]);"
            " const r = document.getElementById('graph').getBoundingClientRect();"
            " return {x: r.left + p.x, y: r.top + p.y}; }",
            node,
        )
        page.mouse.move(box["x"] - 20, box["y"] - 20)
        page.mouse.move(box["x"], box["y"], steps=4)
        page.wait_for_selector("#tooltip:not([hidden])")
        label = page_file.graph.nodes[node]["label"]
        assert page.locator("#tooltip").inner_text().startswith(label)
    hostile_edges = page.evaluate(
        "drugkg.edges.get({filter: e => e.evidence.some(q => q.sentence.includes('<'))})"
        ".map(e => e.id)"
    )
    assert len(hostile_edges) >= 2
    for edge in hostile_edges:
        page.evaluate("id => drugkg.selectEdge(id)", edge)
        text = page.locator("#details").inner_text()
        assert "<script>" in text or "<img" in text  # shown as text, as it was written
    page.evaluate("id => drugkg.selectNode(id)", evil[0])
    page.locator("#details .facts button").first.click()  # through the panel to the fact
    assert EVIL_SENTENCE in page.locator("#details").inner_text()
    page.fill("#search-input", EVIL_DRUG)
    page.press("#search-input", "Enter")
    _settle(page)
    # nothing the documents said became an element or a link
    assert page.evaluate("document.querySelectorAll('img, iframe, svg[onload], b').length") == 0
    hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
    assert all(h.startswith(("https:", "http:", "file:")) for h in hrefs)
    assert not any("javascript" in h and "drugbank" not in h for h in hrefs)
    assert page.evaluate("document.scripts.length") == 3
    _screenshot(page, "hostile")
    _clean(opened)


def test_a_symmetric_fact_is_drawn_without_an_arrow() -> None:
    graph = nx.MultiDiGraph()
    for node, label in (("a", "lorazepam"), ("b", "oxycodone"), ("c", "anxiety")):
        kind = EntityType.CONDITION if node == "c" else EntityType.DRUG
        graph.add_node(node, label=label, type=kind.value)
    graph.add_edge("a", "b", key="interacts_with", predicate="interacts_with", support=2)
    graph.add_edge("a", "c", key="treats", predicate="treats", support=1)
    page = render_html(graph, title="t")
    edges = {e["predicate"]: e for e in _edges_of(page)}
    assert edges["interacts_with"]["arrows"] == {"to": {"enabled": False}}
    assert edges["treats"].get("arrows", "to") == "to"  # an arrow to the object


def _edges_of(page: str) -> list[dict[str, Any]]:
    match = re.search(
        r'<script type="application/json" id="drugkg-data">(.*?)</script>', page, re.S
    )
    assert match, "no data in the page"
    edges: list[dict[str, Any]] = json.loads(match.group(1))["edges"]
    return edges
