"""The README's pictures of drugkg's pages, drawn from the sample corpus in headless Chromium.

    python docs/screenshots.py             # every page's picture, into docs/
    python docs/screenshots.py graph       # only docs/graph-page.png
    python docs/screenshots.py query       # only docs/query-page.png

It builds ``corpus/sample`` into a temporary store, then gives each page to its own
function in :data:`PAGES`, which writes ``docs/<name>-page.png``. Run it after changing a
page, and commit the pictures with the change. It needs Debian's Chromium
(``apt-get install chromium``) and Playwright (``pip install -e '.[test]'``); Playwright
downloads no browser here.

To add a page, write a function like :func:`graph_page` (the store, the folder to write
into and the browser in; the picture's path out) and add it to :data:`PAGES`.
:func:`query_page` starts ``drugkg serve`` on the store and gives its URL to
:func:`render_query_page`, which draws any running server's query page.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SAMPLE = ROOT / "corpus" / "sample"
_WAIT = 60_000  # ms: the most a page may take to show what is drawn, on a loaded machine
#: What the pictures show: a window about the size of a laptop's.
VIEWPORT = {"width": 1400, "height": 860}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--hide-scrollbars"]  # fmt: skip


def graph_page(store: Path, out: Path, browser: Any) -> Path:
    """``drugkg viz`` of the store: Zoloft searched for, its drug's neighbourhood lit."""
    from drugkg.kg.network import to_networkx
    from drugkg.kg.store import GraphStore
    from drugkg.kg.viz import write_html

    with GraphStore.open(store, read_only=True) as opened:
        graph = to_networkx(opened)
    page_file = write_html(graph, store.parent / "graph-page.html", title="drugkg: sample corpus")
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-ready=true]")
        page.fill("#search-input", "Zoloft")  # a brand: the page selects its drug
        page.press("#search-input", "Enter")
        page.wait_for_function("() => drugkg.network.getSelectedNodes().length === 1")
        _settle(page)
        # then the whole neighbourhood in view, the search box left
        page.evaluate(
            """() => {
              const id = drugkg.network.getSelectedNodes()[0];
              const around = drugkg.network.getConnectedNodes(id).concat([id]);
              drugkg.network.fit({nodes: around, animation: false});
              document.activeElement.blur();
            }"""
        )
        _settle(page)
        picture = out / "graph-page.png"
        page.screenshot(path=str(picture))
    finally:
        context.close()
    return picture


def query_page(store: Path, out: Path, browser: Any) -> Path:
    """``drugkg serve`` of the store: the example "What treats what" run, labels beside IRIs."""
    port = _free_port()
    process = _serve(store, port)
    try:
        return render_query_page(f"http://127.0.0.1:{port}/", out / "query-page.png",
                                 browser=browser)  # fmt: skip
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def render_query_page(
    url: str,
    output: Path | str,
    *,
    example: str = "What treats what",
    width: int = VIEWPORT["width"],
    height: int = VIEWPORT["height"],
    browser: Any = None,
    chromium: str | None = None,
) -> Path:
    """Open the query page at ``url``, run the example query titled ``example`` and write
    a PNG of the page (``width`` x ``height``) to ``output``; requests to anywhere but
    ``url`` are refused. ``browser`` is a running Playwright browser to use; without it
    Chromium (``chromium``, or the one on the PATH) is started and stopped. Returns
    ``output``."""
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    if browser is None:
        from playwright.sync_api import sync_playwright

        path = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
        if path is None:
            raise RuntimeError("Chromium is not installed (apt-get install chromium)")
        with sync_playwright() as playwright:
            started = playwright.chromium.launch(executable_path=path, args=ARGS)
            try:
                return render_query_page(
                    url, target, example=example, width=width, height=height, browser=started
                )
            finally:
                started.close()
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(url)
            else route.abort(),
        )  # fmt: skip
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=_WAIT)
        page.wait_for_selector("body[data-ready=true]", timeout=_WAIT)
        page.get_by_role("button", name=example).click()
        page.get_by_role("button", name="Run query").click()
        page.wait_for_selector("body[data-drawn]", timeout=_WAIT)
        page.wait_for_selector(".tabPanel.active .yasr tbody td span.label", timeout=_WAIT)
        page.mouse.move(0, 0)  # no hover effects in the picture
        page.screenshot(path=str(target))
    finally:
        context.close()
    return target


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(store: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from drugkg.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("drugkg serve did not start")


#: Each page's picture: its name (``docs/<name>-page.png``) and the function that draws it.
PAGES: dict[str, Callable[[Path, Path, Any], Path]] = {"graph": graph_page, "query": query_page}


def _settle(page: Any) -> None:
    """Wait until the view stops moving (the focus animation has run its course)."""
    page.wait_for_function(
        """() => {
          const s = drugkg.network.getScale(), p = drugkg.network.getViewPosition();
          const view = [s, p.x, p.y].join(), still = window.__view === view;
          window.__view = view;
          return still;
        }""",
        polling=200,
    )


def build_sample(folder: Path) -> Path:
    """The sample corpus's store in ``folder``."""
    from drugkg.kg.store import GraphStore
    from drugkg.pipeline import build

    store = folder / "store"
    with GraphStore.open(store) as opened:
        build([SAMPLE], opened, jobs=1)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help=f"{', '.join(PAGES)} [all]")
    parser.add_argument("--out", type=Path, default=DOCS, help="folder [docs/]")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.pages) - set(PAGES))
    if unknown:
        parser.error(f"unknown page {unknown[0]!r}; valid: {', '.join(PAGES)}")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("error: Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="drugkg-screenshots-") as work:
        store = build_sample(Path(work))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            try:
                for name in args.pages or PAGES:
                    print(f"wrote {PAGES[name](store, args.out, browser)}")
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
