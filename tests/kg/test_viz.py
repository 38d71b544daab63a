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
import importlib.util
import json
import os
import re
import xml.etree.ElementTree as ET
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
    """A point of the edge on screen where no node and no other edge is.

    The other edges are hidden first (the page is this test's own): whether some edge of the
    sample graph happens to cross this one depends on the layout, not on what is tested.
    """
    page.evaluate(
        "id => { const e = drugkg.edges.get(id);"
        " drugkg.edges.update(drugkg.edges.get({filter: x => x.id !== id})"
        ".map(x => ({id: x.id, hidden: true})));"
        " drugkg.network.fit({nodes: [e.from, e.to], animation: false}); }",
        edge,
    )
    _settle(page)
    point = page.evaluate(
        """id => {
          const net = drugkg.network, e = drugkg.edges.get(id);
          const p = net.getPositions([e.from, e.to]), a = p[e.from], b = p[e.to];
          const box = document.getElementById('graph').getBoundingClientRect();
          const at = t => net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
          // no node there, and no other edge within a few pixels (the hover takes any edge
          // that touches the pointer, not the nearest as getEdgeAt does)
          const around = [[0, 0], [6, 0], [-6, 0], [0, 6], [0, -6]];
          const free = dom => around.every(([dx, dy]) => {
            const p = {x: dom.x + dx, y: dom.y + dy};
            return net.getEdgeAt(p) === id && net.getNodeAt(p) === undefined;
          });
          // a free point whose neighbourhood along the edge is free too: the pointer
          // comes to it along the edge, so it never crosses another edge on the way
          for (let t = 0.3; t <= 0.71; t += 0.02) {
            if ([t - 0.06, t - 0.04, t - 0.02, t].every(s => free(at(s)))) {
              const dom = at(t), from = at(t - 0.06);
              return {x: box.left + dom.x, y: box.top + dom.y,
                      fromX: box.left + from.x, fromY: box.top + from.y};
            }
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
    page.mouse.move(point["fromX"], point["fromY"])
    page.mouse.move(point["x"], point["y"], steps=4)
    # on the way, the pointer may cross another edge: wait for this one's summary
    page.wait_for_function(
        "s => { const t = document.getElementById('tooltip');"
        " return !t.hidden && t.textContent.includes(s); }",
        arg=TREATS_SENTENCE,
    )
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


# -- the page as a whole (issue 15, section 3) ----------------------------------------------


def _shown(page: Any) -> tuple[int, int]:
    stats = page.locator("#stats")
    return int(stats.get_attribute("data-shown-nodes")), int(
        stats.get_attribute("data-shown-edges")
    )


def _only(page: Any, predicate: str) -> None:
    """Leave only ``predicate``'s facts checked in the legend."""
    for name in page.evaluate("drugkg.data.predicates.map(p => p.name)"):
        box = page.locator(f'#legend-predicates input[data-key="{name}"]')
        box.set_checked(name == predicate)


def test_most_conditions_are_labelled_at_the_fitted_view(opened: Opened) -> None:
    page = opened.page
    page.wait_for_function("() => drugkg.labelled().nodes.length > 0")
    conditions = page.evaluate(
        "drugkg.data.nodes.filter(n => n.type === 'Condition').map(n => n.id)"
    )
    drawn = page.evaluate("drugkg.labelled()")
    labelled = set(drawn["nodes"]) & set(conditions)
    # vis-network alone drew none of them at this zoom (labels under 7 px are left out)
    assert page.evaluate("drugkg.network.getScale() * 14 < 7")
    assert len(labelled) >= 0.5 * len(conditions), (len(labelled), len(conditions))
    boxes = drawn["boxes"]
    for a in range(len(boxes)):  # the page's own labels never overlap
        for b in range(a):
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = boxes[a], boxes[b]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0
    _screenshot(page, "labels")
    _clean(opened)


def _visible_positions(page: Any) -> dict[str, dict[str, float]]:
    positions: dict[str, dict[str, float]] = page.evaluate(
        "drugkg.network.getPositions(drugkg.nodes.get({filter: n => !n.hidden}).map(n => n.id))"
    )
    return positions


def test_a_filtered_graph_is_laid_out_again(opened: Opened) -> None:
    page = opened.page
    built = page.evaluate("drugkg.network.getPositions()")
    _only(page, "treats")
    before = _visible_positions(page)

    def extent(pos: dict[str, dict[str, float]]) -> float:
        xs, ys = [p["x"] for p in pos.values()], [p["y"] for p in pos.values()]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))

    page.click('#layouts button[data-layout="force"]')
    page.wait_for_selector('#graph[data-layout="force"]')
    force = _visible_positions(page)
    assert set(force) == set(before)
    assert extent(force) < 0.5 * extent(before), "the treats facts are still scattered"
    boxes = page.evaluate("Object.fromEntries(drugkg.data.nodes.map(n => [n.id, n.box]))")
    ids = sorted(force)
    for a in range(len(ids)):  # no two boxes overlap
        for b in range(a):
            p, q = force[ids[a]], force[ids[b]]
            wa, ha = boxes[ids[a]]
            wb, hb = boxes[ids[b]]
            assert (
                abs(p["x"] - q["x"]) >= (wa + wb) / 2 - 2
                or abs(p["y"] - q["y"]) >= (ha + hb) / 2 - 2
            )
    _screenshot(page, "force")
    page.click('#layouts button[data-layout="tree"]')
    page.wait_for_selector('#graph[data-layout="tree"]')
    tree = _visible_positions(page)
    shown = page.evaluate("drugkg.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to])")
    assert shown and all(tree[s]["y"] < tree[o]["y"] for s, o in shown)  # subjects above
    _screenshot(page, "tree")
    # a filter changed in a layout mode is laid out again at once
    layouts = int(page.locator("#graph").get_attribute("data-layouts"))
    page.locator('#legend-predicates input[data-key="has_side_effect"]').check()
    page.wait_for_function(
        f"() => Number(document.getElementById('graph').dataset.layouts) > {layouts}"
    )
    page.click('#layouts button[data-layout="built"]')
    page.wait_for_selector('#graph[data-layout="built"]')
    assert all(
        abs(p["x"] - built[n]["x"]) <= 1 and abs(p["y"] - built[n]["y"]) <= 1
        for n, p in _visible_positions(page).items()
    )
    _clean(opened)


def test_a_brand_name_finds_its_drug(opened: Opened) -> None:
    page = opened.page
    page.fill("#search-input", "Zoloft")
    page.press("#search-input", "Enter")
    page.wait_for_function("() => drugkg.network.getSelectedNodes().length === 1")
    assert page.evaluate("drugkg.network.getSelectedNodes()") == [f"{R}drug/sertraline"]
    assert page.locator("#details h3").inner_text() == "sertraline"
    assert page.evaluate("drugkg.find('zoloft')") == f"{R}drug/sertraline"
    _clean(opened)


def test_expand_and_collapse_a_neighbourhood(opened: Opened, page_file: Page) -> None:
    page = opened.page
    graph = page_file.graph
    sertraline = f"{R}drug/sertraline"
    near = set(nx.all_neighbors(graph, sertraline))
    page.evaluate("id => drugkg.selectNode(id)", sertraline)
    page.click("#details .actions .expand")  # from the whole graph: only its neighbourhood
    page.wait_for_selector("#show-all:not([hidden])")
    assert _shown(page)[0] == len(near) + 1
    # a neighbour with leaves of its own: expanding it shows them, collapsing hides them

    def leaves(node: str) -> set[str]:
        return {
            n for n in nx.all_neighbors(graph, node) if set(nx.all_neighbors(graph, n)) == {node}
        }

    shared = max(sorted(near), key=lambda n: len(leaves(n)))
    assert leaves(shared), "no neighbour of sertraline has leaves of its own"
    around = set(nx.all_neighbors(graph, shared))
    page.evaluate("id => drugkg.expand(id)", shared)
    expanded = len(near | around | {sertraline, shared})
    assert _shown(page)[0] == expanded
    page.evaluate("id => drugkg.selectNode(id)", shared)
    page.click("#details .actions .collapse")
    page.wait_for_function(
        f"() => Number(document.getElementById('stats').dataset.shownNodes) < {expanded}"
    )
    visible = set(page.evaluate("drugkg.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    assert not leaves(shared) & visible
    assert near | {sertraline} <= visible  # they hang on sertraline too
    assert visible <= near | around | {sertraline, shared}
    page.click("#show-all")
    page.wait_for_selector("#show-all[hidden]", state="attached")
    assert _shown(page)[0] == page_file.stats.entities
    _clean(opened)


def test_the_belief_sliders_filter_facts(opened: Opened, page_file: Page) -> None:
    page = opened.page
    edges = [d for *_, d in page_file.graph.edges(data=True)]
    page.locator("#min-confidence").fill("0.8")
    confident = sum(1 for d in edges if round(d["confidence"], 3) >= 0.8 - 1e-9)
    page.wait_for_function(
        f"() => document.getElementById('stats').dataset.shownEdges === '{confident}'"
    )
    assert page.locator("#min-confidence-value").inner_text() == "0.80"
    page.locator("#min-confidence").fill("0")
    page.locator("#min-support").fill("2")
    supported = sum(1 for d in edges if d["support"] >= 2)
    assert 0 < supported < len(edges)
    page.wait_for_function(
        f"() => document.getElementById('stats').dataset.shownEdges === '{supported}'"
    )
    assert _shown(page)[0] < page_file.stats.entities  # nodes without such facts go too
    _clean(opened)


def test_the_view_exports_as_png_and_svg(opened: Opened) -> None:
    page = opened.page
    with page.expect_download() as png:
        page.click("#export-png")
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and png.value.suggested_filename == "drugkg-test.png"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 600 and height > 400
    _only(page, "treats")
    with page.expect_download() as svg:
        page.click("#export-svg")
    root = ET.fromstring(Path(svg.value.path()).read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    lines = root.findall(f"{ns}line")
    assert len(lines) == _shown(page)[1]
    assert {line.get("data-predicate") for line in lines} == {"treats"}
    labels = {t.text for t in root.iter(f"{ns}text")}
    assert {"sertraline", "panic disorder"} <= labels
    _clean(opened)


def test_the_address_is_a_permalink_to_the_view(opened: Opened, browser: Any) -> None:
    page = opened.page
    page.locator('#legend-predicates input[data-key="has_side_effect"]').uncheck()
    page.locator("#min-confidence").fill("0.5")
    page.evaluate("id => drugkg.selectNode(id)", f"{R}drug/sertraline")
    page.wait_for_function("() => location.hash.includes('node=')")
    url = page.evaluate("location.href")
    assert "node=drug%2Fsertraline" in url and "hide=has_side_effect" in url
    assert "confidence=0.5" in url
    shown = _shown(page)
    # the same address, opened afresh, shows the same view
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    try:
        again = context.new_page()
        again.goto(url)
        again.wait_for_selector("body[data-ready=true]")
        again.wait_for_function("() => drugkg.network.getSelectedNodes().length === 1")
        assert again.evaluate("drugkg.network.getSelectedNodes()") == [f"{R}drug/sertraline"]
        assert again.locator("#details h3").inner_text() == "sertraline"
        assert not again.locator(
            '#legend-predicates input[data-key="has_side_effect"]'
        ).is_checked()
        assert again.locator("#min-confidence").input_value() == "0.5"
        assert _shown(again) == shown
        # an edge and a layout too
        edge = _edge_id(again, f"{R}drug/sertraline", "treats", f"{R}condition/panic-disorder")
        again.evaluate("id => drugkg.selectEdge(id)", edge)
        again.click('#layouts button[data-layout="tree"]')
        again.wait_for_function(
            "() => location.hash.includes('fact=') && location.hash.includes('layout=tree')"
        )
        third = context.new_page()
        third.goto(again.evaluate("location.href"))
        third.wait_for_selector("body[data-ready=true]")
        third.wait_for_function(
            "() => document.getElementById('details').dataset.showing !== undefined"
        )
        assert third.locator("#details").get_attribute("data-showing") == f"edge:{edge}"
        assert third.locator("#graph").get_attribute("data-layout") == "tree"
    finally:
        context.close()
    _clean(opened)


def test_a_neighbourhood_page_is_titled_by_its_names(page_file: Page) -> None:
    from drugkg.kg.network import neighbourhood

    page = render_html(neighbourhood(page_file.graph, ["Zoloft"]))
    assert "<title>drugkg: Zoloft</title>" in page
    assert "<title>drugkg graph</title>" in render_html(page_file.graph)


def test_evidence_links_are_absolute_wherever_the_page_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build`` records paths as given (relative); the page's links must not be."""
    work = tmp_path / "work"
    (work / "articles").mkdir(parents=True)
    (work / "articles" / "a.txt").write_text(TREATS_SENTENCE + "\n", encoding="utf-8")
    monkeypatch.chdir(work)
    runner = CliRunner()
    assert runner.invoke(app, ["build", "articles", "--no-turtle", "-j", "1"]).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # run from another folder, the page written to a third
    out = tmp_path / "pages" / "graph.html"
    out.parent.mkdir()
    result = runner.invoke(app, ["viz", "-s", str(work / "drugkg-store"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    hrefs = {q["href"] for e in _edges_of(out.read_text(encoding="utf-8")) for q in e["evidence"]}
    assert hrefs == {(work / "articles" / "a.txt").as_uri()}


def _screenshots_script() -> Any:
    path = Path(__file__).resolve().parents[2] / "docs" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("drugkg_docs_screenshots", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_shows_every_page_s_picture() -> None:
    script = _screenshots_script()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name in script.PAGES:
        assert f"](docs/{name}-page.png)" in readme
        assert (script.DOCS / f"{name}-page.png").is_file()
    assert "python docs/screenshots.py" in readme


def test_the_graph_page_s_picture_is_drawn(browser: Any, page_file: Page, tmp_path: Path) -> None:
    picture = _screenshots_script().graph_page(page_file.path.parent / "store", tmp_path, browser)
    data = picture.read_bytes()
    assert picture.name == "graph-page.png" and data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1400  # the viewport's width
