"""The README's picture of the query page: ``python docs/screenshot_query_page.py``.

Builds the sample corpus into a temporary store, starts ``drugkg serve`` on a free local
port, runs an example query in headless Chromium (Debian's ``chromium``, driven by
Playwright, which downloads nothing) and writes ``docs/images/query-page.png``. Nothing is
fetched from the network: the page is served whole by drugkg.

:func:`render_query_page` does the browser part against any running server, for other
scripts (the graph page's screenshots) to call.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "images" / "query-page.png"
EXAMPLE = "What treats what"
_WAIT = 60_000  # ms
_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def render_query_page(
    url: str,
    output: Path | str,
    *,
    example: str = EXAMPLE,
    width: int = 1300,
    height: int = 980,
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
            started = playwright.chromium.launch(executable_path=path, args=_ARGS)
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
    process = subprocess.Popen([*command, "serve", "--store", str(store), "--port", str(port)])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("drugkg serve did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the PNG to write")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "sample")
    args = parser.parse_args(argv)
    from drugkg.kg.store import GraphStore
    from drugkg.pipeline import build

    with tempfile.TemporaryDirectory(prefix="drugkg-screenshot-") as scratch:
        store = Path(scratch) / "store"
        with GraphStore.open(store) as graph:
            build([args.corpus], graph, jobs=1)
        port = _free_port()
        process = _serve(store, port)
        try:
            written = render_query_page(f"http://127.0.0.1:{port}/", args.output)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
