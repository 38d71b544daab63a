"""How large a graph ``drugkg viz`` can draw: layout time, page size, and browser timings.

Builds synthetic graphs shaped like drugkg's (a few drug hubs, many conditions shared
between them with a heavy tail, classes, brands; one evidence sentence per fact),
lays them out, writes the page, and, if Chromium and Playwright are there, opens it
from disk with the network blocked and times the first drawing and a redraw (at the
fitted view, zoomed in to where labels show, and with the edges hidden as they are
while a large graph's view moves). The machine's load average is printed with each
row: timings on a busy machine are longer.

    python benchmarks/viz_scale.py                 # 1000 and 5000 nodes
    python benchmarks/viz_scale.py 1000 2500 5000 10000 --out benchmarks/out
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from drugkg.kg import viz
from drugkg.kg.layout import layout
from drugkg.kg.network import DoseInfo
from drugkg.model import EntityType, Evidence, Predicate, Quote

R = "https://w3id.org/drugkg/resource/"
PREDICATES = [
    (Predicate.HAS_SIDE_EFFECT, 0.45),
    (Predicate.TREATS, 0.15),
    (Predicate.INTERACTS_WITH, 0.1),
    (Predicate.HAS_WITHDRAWAL_SYMPTOM, 0.08),
    (Predicate.CAUTION_IN, 0.07),
    (Predicate.CONTRAINDICATED_IN, 0.06),
    (Predicate.HAS_RISK, 0.05),
    (Predicate.USED_OFF_LABEL_FOR, 0.04),
]


def synthetic(nodes: int, *, seed: int = 0) -> nx.MultiDiGraph:
    """A drugkg-like graph of about ``nodes`` nodes and 1.6 facts per node."""
    rng = np.random.default_rng(seed)
    drugs = max(5, nodes // 12)
    classes = max(2, nodes // 60)
    brands = drugs // 2
    conditions = nodes - drugs - classes - brands
    graph = nx.MultiDiGraph()

    def add(kind: EntityType, slug: str, i: int) -> str:
        iri = f"{R}{slug}/{slug}-{i}"
        graph.add_node(iri, label=f"{slug} {i}", type=kind.value, synonyms=(), xrefs={}, doses=())
        return iri

    drug_ids = [add(EntityType.DRUG, "drug", i) for i in range(drugs)]
    for iri in drug_ids[::3]:
        graph.nodes[iri]["xrefs"] = {"drugbank": "DB00001", "mesh": "D000001"}
        graph.nodes[iri]["doses"] = (
            DoseInfo(10.0, "mg", "starting", "2 times a day", "pain", "adults", "doc", "…"),
        )
    class_ids = [add(EntityType.CLASS, "class", i) for i in range(classes)]
    brand_ids = [add(EntityType.BRAND, "brand", i) for i in range(brands)]
    condition_ids = [add(EntityType.CONDITION, "condition", i) for i in range(conditions)]
    popularity = 1.0 / np.arange(1, conditions + 1) ** 0.8  # a few conditions are everywhere
    popularity /= popularity.sum()
    names, weights = zip(*PREDICATES, strict=True)
    weight = np.array(weights) / sum(weights)
    sentence = "Drug 1 may cause condition 2 in some people, a study found, and more words."
    quote = Quote(Evidence("doc-0", sentence, 0, 80, "rule", confidence=0.9),
                  title="A synthetic article", path="/tmp/doc-0.txt")  # fmt: skip

    def fact(s: str, p: Predicate, o: str) -> None:
        support = int(rng.choice([1, 1, 1, 2, 3]))
        graph.add_edge(s, o, key=p.value, predicate=p.value, fact=f"{R}fact/{s[-6:]}{o[-6:]}",
                       confidence=float(rng.uniform(0.5, 0.99)), support=support,
                       evidence_count=support, hedged=bool(rng.random() < 0.1),
                       evidence=(quote,) * support)  # fmt: skip

    for i, drug in enumerate(drug_ids):
        fact(drug, Predicate.MEMBER_OF_CLASS, class_ids[i % classes])
        if i < brands:
            fact(drug, Predicate.HAS_BRAND_NAME, brand_ids[i])
    # every condition is the object of at least one fact, then the popular ones of more
    for k, condition in enumerate(condition_ids):
        fact(drug_ids[k % drugs], names[rng.choice(len(names), p=weight)], condition)
    extra = int(nodes * 1.6) - graph.number_of_edges()
    for _ in range(max(0, extra)):
        drug = drug_ids[int(rng.integers(drugs))]
        condition = condition_ids[int(rng.choice(conditions, p=popularity))]
        fact(drug, names[rng.choice(len(names), p=weight)], condition)
    return graph


def browser_timings(page_path: Path) -> dict[str, Any] | None:
    """Load and redraw times of the page in headless Chromium, or None without one."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"]  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, offline=True)
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page = context.new_page()
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=600_000)
        ready = time.perf_counter() - start
        redraw = page.evaluate(
            """() => {
              const net = drugkg.network, times = {};
              const time = () => {
                const t0 = performance.now();
                for (let i = 0; i < 5; i++) net.redraw();
                return (performance.now() - t0) / 5;
              };
              net.fit({animation: false});
              times.fit = time();
              net.moveTo({scale: 1.0, animation: false});
              times.zoomed = time();
              // what a pan or zoom costs where edges hide while the view moves
              net.fit({animation: false});
              drugkg.edges.update(drugkg.data.edges.map(e => ({id: e.id, hidden: true})));
              times.nodes = time();
              drugkg.edges.update(drugkg.data.edges.map(e => ({id: e.id, hidden: false})));
              // the page's own layouts of everything shown (the legend's Force, Hierarchical)
              for (const kind of ["force", "tree"]) {
                const t0 = performance.now();
                drugkg.relayout(kind);
                times[kind] = performance.now() - t0;
              }
              drugkg.relayout("built");
              return times;
            }"""
        )
        browser.close()
    return {
        "ready_s": round(ready, 2),
        "redraw_fit_ms": round(redraw["fit"], 1),
        "redraw_zoomed_ms": round(redraw["zoomed"], 1),
        "redraw_nodes_only_ms": round(redraw["nodes"], 1),
        "relayout_force_s": round(redraw["force"] / 1000, 2),
        "relayout_tree_s": round(redraw["tree"] / 1000, 2),
    }


def measure(nodes: int, out: Path) -> dict[str, Any]:
    graph = synthetic(nodes)
    boxes = viz._label_boxes(graph)
    start = time.perf_counter()
    positions = layout(graph, sizes=boxes)
    layout_s = time.perf_counter() - start
    start = time.perf_counter()
    page = viz.render_html(graph, positions=positions, title=f"synthetic {nodes}")
    render_s = time.perf_counter() - start
    path = out / f"viz-{nodes}.html"
    path.write_text(page, encoding="utf-8")
    row: dict[str, Any] = {
        "load_average": round(os.getloadavg()[0], 1),
        "nodes": graph.number_of_nodes(),
        "facts": graph.number_of_edges(),
        "layout_s": round(layout_s, 2),
        "render_s": round(render_s, 2),
        "page_mib": round(len(page.encode("utf-8")) / 2**20, 2),
    }
    timings = browser_timings(path)
    if timings:
        row.update(timings)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        row = measure(size, args.out)
        rows.append(row)
        print(json.dumps(row), flush=True)
    (args.out / "viz_scale.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
