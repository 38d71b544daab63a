"""The query page (YASGUI, vendored) in headless Chromium against a real ``drugkg serve``.

Every request that does not go to the server is aborted and recorded: the page must work
offline. Each test has a browser context of its own (so YASGUI's saved tabs do not carry
over) and waits for what it checks (Playwright's ``expect`` and ``wait_for_selector``),
never for a fixed time. The tests skip without Chromium or Playwright and fail instead
when ``DRUGKG_REQUIRE_BROWSER`` is set (``tests/kg/conftest.py``).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest

from drugkg.kg.store import GraphStore
from drugkg.kg.vocab import DKGR
from drugkg.pipeline import build

from .test_server import ARTICLES, SAMPLE, SERTRALINE, Server, start_server, stop_server

WAIT = 30_000  # ms: the most any one condition may take on a loaded machine
ACTIVE = ".tabPanel.active"
TABLE = f"{ACTIVE} .yasr table.dataTable"
CONDITIONS = "SELECT ?condition WHERE { ?condition a dkg:Condition }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("page") / "store"
    with GraphStore.open(directory) as store:
        build([SAMPLE / name for name in ARTICLES], store, jobs=1)
    running = start_server(directory, directory.parent / "serve.log", "--max-rows", "500")
    yield running
    stop_server(running)
    assert "Traceback" not in running.output(), running.output()


@dataclass
class Page:
    """A page of its own browser context, with what it sent and what went wrong."""

    page: Any
    outside: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def queries_sent(self) -> list[str]:
        return [url for url in self.sent if "/sparql" in url or "/queries/" in url]


@pytest.fixture
def open_page(browser: Any, server: Server) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(path: str = "") -> Page:
        context = browser.new_context(viewport={"width": 1300, "height": 900})
        contexts.append(context)
        opened = Page(context.new_page())

        def route(request_route: Any) -> None:
            if request_route.request.url.startswith(server.url):
                request_route.continue_()
            else:
                opened.outside.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = opened.page
        page.on("request", lambda request: opened.sent.append(request.url))
        page.on("console", lambda m: opened.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: opened.problems.append(str(error)))
        page.goto(server.url + path, wait_until="load", timeout=WAIT)
        page.wait_for_selector("body[data-ready=true]", timeout=WAIT)
        return opened

    yield make
    for context in contexts:
        context.close()


def _editor(page: Any) -> str:
    return str(page.evaluate("window.drugkgYasgui.getTab().getYasqe().getValue()"))


def _set_query(page: Any, query: str) -> None:
    page.evaluate("q => window.drugkgYasgui.getTab().getYasqe().setValue(q)", query)


def _run(page: Any, rows: int) -> None:
    """Press Run and wait for the table of ``rows`` results."""
    from playwright.sync_api import expect

    before = int(page.evaluate("Number(document.body.dataset.drawn || 0)"))
    page.get_by_role("button", name="Run query").click()
    page.wait_for_selector(f'body[data-drawn]:not([data-drawn="{before}"])', timeout=WAIT)
    expect(page.locator(f"{ACTIVE} .yasr_response_chip")).to_contain_text(
        f"{rows} result{'' if rows == 1 else 's'} in", timeout=WAIT
    )


def _count(server: Server, query: str) -> int:
    response = httpx.post(server.url + "sparql", data={"query": query}, timeout=30)
    return len(response.json()["results"]["bindings"])


def test_the_editor_loads_offline_and_a_query_runs_on_run(open_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    opened = open_page()
    page = opened.page
    expect(page.locator(f"{ACTIVE} .CodeMirror")).to_be_visible(timeout=WAIT)
    assert opened.queries_sent() == []  # nothing runs before Run
    page.get_by_role("button", name="What treats what").click()
    assert "dkg:treats" in _editor(page)
    rows = _count(server, _editor(page))
    _run(page, rows)
    headers = page.locator(f"{TABLE} thead th").all_inner_texts()
    assert headers == ["", "drug", "condition", "confidence", "support"]
    link = page.locator(f"{TABLE} a.entity", has_text="drug:sertraline").first
    assert link.get_attribute("href") == "/graph?focus=" + quote(SERTRALINE, safe="")
    label = link.locator("xpath=following-sibling::span[@class='label']")
    assert label.inner_text() == "sertraline"  # the label beside the IRI
    assert opened.outside == []  # no request left 127.0.0.1
    assert opened.problems == []  # no script error, no CSP violation


def test_the_table_sorts_and_pages_with_labels(open_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    page = open_page().page
    rows = _count(server, CONDITIONS)
    assert rows > 50  # more than one page of the table
    _set_query(page, CONDITIONS)
    _run(page, rows)
    info = page.locator(f"{ACTIVE} .dataTables_info")
    expect(info).to_have_text(f"Showing 1 to 50 of {rows} entries", timeout=WAIT)
    header = page.locator(f"{TABLE} thead th", has_text="condition")
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending", timeout=WAIT)
    labels = page.locator(f"{TABLE} tbody td span.label").all_inner_texts()
    assert len(labels) == 50 and labels == sorted(labels, key=str.lower)
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending", timeout=WAIT)
    descending = page.locator(f"{TABLE} tbody td span.label").all_inner_texts()
    assert descending == sorted(descending, key=str.lower, reverse=True)
    page.locator(f"{ACTIVE} .paginate_button.next").click()
    expect(info).to_have_text(f"Showing 51 to {rows} of {rows} entries", timeout=WAIT)
    assert page.locator(f"{TABLE} tbody tr").count() == rows - 50


def test_a_permalink_fills_the_editor_and_waits_for_run(open_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    hostile = "<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>"
    query = f"SELECT ?x WHERE {{ BIND({json.dumps(hostile)} AS ?x) }}"
    first = open_page().page
    _set_query(first, query)
    expect(first.locator("#permalink")).to_have_attribute(
        "href", "/?" + urlencode({"query": query}), timeout=WAIT
    )
    assert first.url == server.url + "?" + urlencode({"query": query})  # the URL follows

    opened = open_page("?" + urlencode({"query": query}))  # as someone given the link
    page = opened.page
    assert _editor(page) == query
    expect(page.locator("#linked")).to_be_visible()
    assert opened.queries_sent() == []  # filled, not run
    _run(page, 1)
    assert page.locator(f"{TABLE} tbody td").nth(1).inner_text() == hostile  # text, not markup
    assert page.evaluate("window.__pwned") is None
    assert opened.outside == [] and opened.problems == []


def test_named_query_forms_leave_out_keys_and_parameters(open_page: Any) -> None:
    from playwright.sync_api import expect

    opened = open_page()
    page = opened.page
    named = page.locator("details[data-name=side_effects]")
    named.locator("> summary").click()
    named.locator("input[name=drug]").fill("Zoloft")
    named.get_by_role("button", name="Run side_effects").click()
    expect(page.locator("#named-status")).to_contain_text("side_effects: ", timeout=WAIT)
    table = page.locator("#named-results table.dataTable")
    expect(table.locator("tbody tr").first).to_be_visible(timeout=WAIT)
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["", "subject", "side_effect", "confidence", "support", "hedged"]
    assert set(table.locator("tbody td:nth-child(2)").all_inner_texts()) == {"sertraline"}
    assert opened.outside == [] and opened.problems == []


def test_completion_comes_from_the_ontology_and_the_store(open_page: Any) -> None:
    from playwright.sync_api import expect

    opened = open_page()
    page = opened.page
    _set_query(page, "")
    page.locator(f"{ACTIVE} .CodeMirror").click()
    hints = page.locator(".CodeMirror-hints li")
    page.keyboard.type("SELECT * WHERE { ?d dkg:trea")
    page.keyboard.press("Control+Space")
    expect(hints.first).to_have_text("dkg:treats", timeout=WAIT)  # the ontology's term
    page.keyboard.press("Enter")
    page.keyboard.type(" drug:sert")
    page.keyboard.press("Control+Space")
    expect(hints.first).to_have_text("drug:sertraline", timeout=WAIT)  # the store's entity
    page.keyboard.press("Enter")
    assert _editor(page).startswith("SELECT * WHERE { ?d dkg:treats drug:sertraline")
    assert opened.outside == [] and opened.problems == []


def test_a_description_stays_in_the_page_and_counts_chart(open_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    page = open_page().page
    query = f"DESCRIBE <{DKGR}drug/sertraline>"
    _set_query(page, query)
    with GraphStore.open(server.store, read_only=True) as store:  # the server only reads
        triples = len(store.query(query).triples)
    _run(page, triples)  # a table of subject, predicate, object, labels beside them
    headers = page.locator(f"{TABLE} thead th").all_inner_texts()
    assert headers == ["", "subject", "predicate", "object"]
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]  # long values wrap inside the table, not past the page

    page.get_by_role("button", name="Facts per predicate").click()
    rows = _count(server, _editor(page))
    _run(page, rows)
    page.locator(f"{ACTIVE} .select_chart").click()
    expect(page.locator(f"{ACTIVE} svg.drugkg-chart rect")).to_have_count(rows, timeout=WAIT)


def test_the_readme_picture_is_drawn(browser: Any, server: Server, tmp_path: Path) -> None:
    """``docs/screenshots.py`` draws the README's picture of the query page."""
    script = Path(__file__).resolve().parents[2] / "docs" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("drugkg_docs_screenshots_query", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    picture = module.query_page(server.store, tmp_path, browser)  # a second server, reading
    data = picture.read_bytes()
    assert picture.name == "query-page.png" and data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == module.VIEWPORT["width"]  # IHDR's width


def test_service_from_the_page_is_refused(open_page: Any) -> None:
    from playwright.sync_api import expect

    opened = open_page()
    page = opened.page
    _set_query(page, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    page.get_by_role("button", name="Run query").click()
    expect(page.locator(f"{ACTIVE} .yasr")).to_contain_text(
        "SERVICE (fetching from other servers) is not allowed on this endpoint", timeout=WAIT
    )
    assert opened.outside == []
    refused = ("the server responded with a status of 400", "Error: Bad Request")
    assert [p for p in opened.problems if not p.startswith(refused) and refused[0] not in p] == []


def test_a_result_cut_at_the_row_limit_says_so(open_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    page = open_page().page
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert _count(server, query) == 500  # the server's --max-rows: there are more
    _set_query(page, query)
    _run(page, 500)
    expect(page.locator("#notice")).to_have_text(
        "Only the first 500 results are shown: the server's row limit.", timeout=WAIT
    )


def test_back_brings_the_query_run_before(open_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    opened = open_page()
    page = opened.page
    first, second = CONDITIONS, "SELECT ?drug WHERE { ?drug a dkg:Drug }"
    _set_query(page, first)
    _run(page, _count(server, first))
    _set_query(page, second)
    _run(page, _count(server, second))
    sent = len(opened.queries_sent())
    page.go_back()
    expect(page).to_have_url(server.url + "?" + urlencode({"query": first}), timeout=WAIT)
    code = page.locator(f"{ACTIVE} .yasqe .CodeMirror-code")
    expect(code).to_contain_text("?condition a dkg:Condition", timeout=WAIT)
    assert len(opened.queries_sent()) == sent  # shown again, not run again
