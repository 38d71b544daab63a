"""An interactive, self-contained HTML page of the graph (pyvis data, vis-network, no network).

The page inlines vis-network (the copy that ships inside the pyvis package) and its
own script and style, and carries the graph as a JSON data block, so it opens from
disk with no network. A Content-Security-Policy in the page allows only those two
inline scripts (by hash) and forbids every fetch, so even a bug in escaping could
neither run an injected script nor reach the network. All text from documents is
put into the page with ``textContent`` by the page's own script, never as HTML.

>>> import networkx as nx
>>> page = render_html(nx.MultiDiGraph(), title="empty <graph>")
>>> "<title>empty &lt;graph&gt;</title>" in page, "<script src" in page
(True, False)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from drugkg.kg._atomic import write_atomically
from drugkg.kg.layout import layout
from drugkg.kg.network import DoseInfo, short_id, xref_url
from drugkg.model import EntityType, Predicate, Quote
from drugkg.xrefs import XREFS

__all__ = [
    "NODE_STYLE",
    "PREDICATE_COLOR",
    "NotebookPage",
    "notebook_html",
    "notebook_page",
    "page_title",
    "render_html",
    "vis_network_js",
    "write_html",
]

#: How each entity type is drawn: vis-network shape and colour, and its legend name.
NODE_STYLE: Mapping[str, Mapping[str, str]] = {
    EntityType.DRUG.value: {"shape": "box", "color": "#1d4ed8", "name": "drug"},
    EntityType.BRAND.value: {"shape": "diamond", "color": "#8b5cf6", "name": "brand"},
    EntityType.CLASS.value: {"shape": "hexagon", "color": "#0e7490", "name": "drug class"},
    EntityType.CONDITION.value: {"shape": "dot", "color": "#f59e0b", "name": "condition"},
    EntityType.SUBSTANCE.value: {"shape": "triangle", "color": "#92400e", "name": "substance"},
    EntityType.THERAPY.value: {"shape": "star", "color": "#16a34a", "name": "therapy"},
    EntityType.POPULATION.value: {
        "shape": "triangleDown",
        "color": "#db2777",
        "name": "population",
    },
    EntityType.TARGET.value: {"shape": "square", "color": "#64748b", "name": "target"},
}

#: The colour of each predicate's edges.
PREDICATE_COLOR: Mapping[str, str] = {
    Predicate.TREATS.value: "#15803d",
    Predicate.USED_OFF_LABEL_FOR.value: "#65a30d",
    Predicate.HAS_SIDE_EFFECT.value: "#e11d48",
    Predicate.HAS_WITHDRAWAL_SYMPTOM.value: "#ea580c",
    Predicate.HAS_RISK.value: "#991b1b",
    Predicate.INTERACTS_WITH.value: "#ca8a04",
    Predicate.CONTRAINDICATED_IN.value: "#78350f",
    Predicate.CAUTION_IN.value: "#c026d3",
    Predicate.MEMBER_OF_CLASS.value: "#0891b2",
    Predicate.HAS_BRAND_NAME.value: "#7c3aed",
    Predicate.MECHANISM.value: "#475569",
    Predicate.ALTERNATIVE_TO.value: "#2563eb",
}

_XREF_NAMES = {prefix: scheme.name for prefix, scheme in XREFS.items()}
#: Pixels per unit of :func:`drugkg.kg.layout.layout` (about one edge length).
_SCALE = 45.0
#: Above this many nodes, edges are hidden while the view is dragged or zoomed.
_MOVE_WITHOUT_EDGES = 1500
#: Average width of a label character at 16 px, in pixels.
_CHAR_WIDTH = 9.0
_VIS_JS = ("vis-9.1.2", "vis-network.min.js")


def _resource(name: str) -> str:
    return files("drugkg.kg").joinpath("templates", name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """The vis-network script that ships inside the pyvis package (never fetched).

    >>> vis_network_js().lstrip().startswith("/**")
    True
    """
    library = files("pyvis").joinpath("templates", "lib", *_VIS_JS)
    return library.read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` in it.

    >>> _script_json({"s": "</script><img onerror=x>"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cimg onerror=x\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escape)
    return text


def _document_href(path: str, bases: Sequence[Path] = ()) -> str:
    """A link to a document: its file as an absolute ``file:`` URL, or its web address.

    A relative path (as ``build`` records it) is resolved against the first of ``bases``
    where the file is, else the first of them, so that the link works wherever the page
    is written. The page's script keeps only http(s) and file links, so a path such as
    ``javascript:...`` is shown as text, not linked.

    >>> _document_href("/corpus/a b.txt"), _document_href("notes/x.md", [Path("/data")])
    ('file:///corpus/a%20b.txt', 'file:///data/notes/x.md')
    >>> _document_href("notes/x.md"), _document_href("")
    ('notes/x.md', '')
    """
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    if not bases:
        return path
    found = next((b / candidate for b in bases if (b / candidate).exists()), bases[0] / candidate)
    return Path(os.path.normpath(found.absolute())).as_uri()


class _Network(Network):  # type: ignore[misc]  # pyvis has no type information
    """pyvis' Network with O(1) node lookups (it checks membership in a list)."""

    def get_nodes(self) -> Mapping[Any, Any]:
        nodes: Mapping[Any, Any] = self.node_map
        return nodes


def _quote(q: Quote, href: Callable[[str], str]) -> dict[str, Any]:
    return {
        "doc": q.doc_id,
        "title": q.title,
        "href": href(q.path),
        "sentence": q.sentence,
        "rule": q.rule,
        "hedged": q.hedged,
        "confidence": round(q.confidence, 3),
    }


def _dose(d: DoseInfo) -> dict[str, Any]:
    return {k: v for k, v in d.to_dict().items() if v not in ("", None)}


def _node_size(degree: int) -> float:
    return round(min(7 + 2.5 * math.sqrt(degree), 28), 1)


def _font_size(degree: int, *, box: bool) -> float:
    """Label size grows with degree: hubs stay readable when the whole graph is shown."""
    base = 17.0 if box else 14.0
    return round(min(base + 3.0 * math.sqrt(max(degree - 1, 0)), 30.0), 1)


def _label_boxes(graph: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Each node's box as drawn (shape and label), in layout units, for :func:`layout`."""
    return {node: (w / _SCALE, h / _SCALE) for node, (w, h) in _pixel_boxes(graph).items()}


def _pixel_boxes(graph: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Each node's box as drawn (shape and label), in pixels at zoom 1."""
    boxes = {}
    for node, data in graph.nodes(data=True):
        text = str(data.get("label", node))
        style = NODE_STYLE.get(data.get("type", ""), NODE_STYLE[EntityType.CONDITION.value])
        degree = graph.degree(node)
        box = style["shape"] == "box"
        font = _font_size(degree, box=box)
        text_width = len(text) * _CHAR_WIDTH * font / 16
        if box:
            width, height = text_width + 24, font * 1.2 + 14
        else:
            size = _node_size(degree)
            width, height = max(text_width, 2 * size), 2 * (size + font * 1.2 + 6)
        boxes[node] = (width, height)
    return boxes


_SYMMETRIC = frozenset(p.value for p in Predicate if p.symmetric)


def _edge_width(support: int) -> float:
    return round(min(1.5 + 2.0 * math.log2(max(support, 1)), 9.0), 2)


def _build_network(
    graph: nx.MultiDiGraph, positions: Mapping[Any, tuple[float, float]], bases: Sequence[Path]
) -> _Network:
    net = _Network(directed=True, cdn_resources="in_line")
    ids = {node: str(node) for node in graph}
    boxes = _pixel_boxes(graph)
    href = functools.cache(lambda path: _document_href(path, bases))
    for node, data in graph.nodes(data=True):
        node_type = data.get("type", EntityType.CONDITION.value)
        style = NODE_STYLE.get(node_type, NODE_STYLE[EntityType.CONDITION.value])
        x, y = positions.get(node, (0.0, 0.0))
        degree = graph.degree(node)
        xrefs = [
            {"prefix": prefix, "name": _XREF_NAMES.get(prefix, prefix), "id": value,
             "url": xref_url(prefix, value) or ""}
            for prefix, value in sorted(data.get("xrefs", {}).items())
        ]  # fmt: skip
        options: dict[str, Any] = {
            "shape": style["shape"],
            "color": style["color"],
            "x": round(x * _SCALE, 1),
            "y": round(y * _SCALE, 1),
            # custom fields, read by the page's script (vis-network ignores them)
            "type": node_type,
            "short": short_id(str(node)),
            "synonyms": list(data.get("synonyms", ())),
            "xrefs": xrefs,
            "doses": [_dose(d) for d in data.get("doses", ())],
            "degree": degree,
            "box": [round(boxes[node][0]), round(boxes[node][1])],  # for the page's layouts
        }
        font_size = _font_size(degree, box=style["shape"] == "box")
        if style["shape"] == "box":  # a drug: its name in white on its colour
            options["font"] = {"size": font_size, "color": "#ffffff", "strokeWidth": 0}
            options["margin"] = {"top": 6, "bottom": 6, "left": 10, "right": 10}
            options["shapeProperties"] = {"borderRadius": 6}
            options["scaling"] = {"label": {"drawThreshold": 3}}  # never an empty box
        else:
            options["size"] = _node_size(degree)
            options["font"] = {"size": font_size}
        net.add_node(ids[node], label=str(data.get("label", node)), **options)
    parallel: dict[frozenset[Any], int] = defaultdict(int)
    for number, (s, o, key, data) in enumerate(graph.edges(keys=True, data=True)):
        predicate = str(data.get("predicate", key))
        pair = frozenset((s, o))
        rank = parallel[pair]
        parallel[pair] += 1
        color = PREDICATE_COLOR.get(predicate, "#64748b")
        edge: dict[str, Any] = {
            "id": f"e{number}",
            "label": predicate.replace("_", " "),
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.5},
            "font": {"color": color},
            "width": _edge_width(int(data.get("support", 1))),
            "dashes": bool(data.get("hedged", False)),
            "predicate": predicate,
            "fact": str(data.get("fact", "")),
            "confidence": round(float(data.get("confidence", 0.0)), 3),
            "support": int(data.get("support", 0)),
            "evidenceCount": int(data.get("evidence_count", 0)),
            "hedged": bool(data.get("hedged", False)),
            "evidence": [_quote(q, href) for q in data.get("evidence", ())],
        }
        if predicate in _SYMMETRIC:  # either way round: no arrow
            edge["arrows"] = {"to": {"enabled": False}}
        if rank:  # a second fact between the same two nodes bends away from the first
            side = "curvedCW" if rank % 2 else "curvedCCW"
            edge["smooth"] = {"enabled": True, "type": side, "roundness": 0.2 * ((rank + 1) // 2)}
        net.add_edge(ids[s], ids[o], **edge)
    return net


def _vis_options(size: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            # drawing thousands of edges takes a tenth of a second or more (see
            # benchmarks/viz_scale.py): while the view moves, draw only the nodes
            "hideEdgesOnDrag": size > _MOVE_WITHOUT_EDGES,
            "hideEdgesOnZoom": size > _MOVE_WITHOUT_EDGES,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "size": 16,
                "face": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
                "color": "#1f2937",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            # labels under 7 px on screen are not drawn: zoom in to read the small ones
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "smooth": False,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
            "font": {
                "size": 11,
                "align": "middle",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "face": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
            },
            "scaling": {"label": {"drawThreshold": 16}},
        },
    }


def page_title(graph: nx.MultiDiGraph) -> str:
    """The title of a graph's page: the names a neighbourhood was drawn around, if any.

    >>> g = nx.MultiDiGraph(names=["Inderal", "lithium"])
    >>> page_title(g), page_title(nx.MultiDiGraph())
    ('drugkg: Inderal, lithium', 'drugkg graph')
    """
    names = graph.graph.get("names")
    return f"drugkg: {', '.join(map(str, names))}" if names else "drugkg graph"


def render_html(
    graph: nx.MultiDiGraph,
    *,
    title: str | None = None,
    positions: Mapping[Any, tuple[float, float]] | None = None,
    seed: int = 0,
    documents: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
) -> str:
    """The page for ``graph`` (from :func:`drugkg.kg.network.to_networkx`), as a string.

    ``title`` defaults to :func:`page_title`. ``positions`` (in
    :func:`~drugkg.kg.layout.layout` units) default to a fresh layout. Relative document
    paths are resolved against ``documents`` (a folder, or folders tried in turn; default
    the current one), so the evidence links work wherever the page is written.
    """
    if title is None:
        title = page_title(graph)
    if positions is None:
        positions = layout(graph, sizes=_label_boxes(graph), seed=seed)
    if documents is None:
        documents = [Path.cwd()]
    elif isinstance(documents, (str, os.PathLike)):
        documents = [documents]
    bases = [Path(d) for d in documents]
    net = _build_network(graph, positions, bases)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    type_counts = Counter(str(data.get("type", "")) for _, data in graph.nodes(data=True))
    predicate_counts = Counter(str(d.get("predicate", "")) for *_, d in graph.edges(data=True))
    data = {
        "title": title,
        "types": [
            {"type": t, "name": style["name"], "shape": style["shape"], "color": style["color"],
             "count": type_counts.get(t, 0)}
            for t, style in NODE_STYLE.items()
            if type_counts.get(t, 0)
        ],
        "predicates": [
            {"name": p, "label": p.replace("_", " "), "color": color,
             "count": predicate_counts.get(p, 0)}
            for p, color in PREDICATE_COLOR.items()
            if predicate_counts.get(p, 0)
        ],
        "nodes": nodes,
        "edges": edges,
        "options": _vis_options(graph.number_of_nodes()),
    }  # fmt: skip
    vis_js = vis_network_js()
    app_js = _resource("graph.js")
    template = _resource("graph.html")
    policy = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])  # fmt: skip
    parts = {
        "{{csp}}": html.escape(policy, quote=True),
        "{{title}}": html.escape(title),
        "{{style}}": _resource("graph.css"),
        "{{data}}": _script_json(data),
        "{{vis_js}}": vis_js,
        "{{app_js}}": app_js,
    }
    return _fill(template, parts)


def _fill(template: str, parts: Mapping[str, str]) -> str:
    """Replace each placeholder once, in one pass (a value is never searched again)."""
    out, rest = [], template
    while True:
        found = [(rest.find(k), k) for k in parts if rest.find(k) >= 0]
        if not found:
            out.append(rest)
            return "".join(out)
        index, key = min(found)
        out.append(rest[:index])
        out.append(parts[key])
        rest = rest[index + len(key) :]


def write_html(graph: nx.MultiDiGraph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the page of ``graph`` to ``path`` atomically; ``options`` go to :func:`render_html`."""
    target = Path(path)
    page = render_html(graph, **options)
    return write_atomically(target, page.encode("utf-8"))


class NotebookPage:
    """A page shown inline by Jupyter (its ``_repr_html_`` is :func:`notebook_html`).

    Display it, or leave it as a cell's last value. Unlike ``IPython.display.HTML`` of
    an ``<iframe>``, this raises no "Consider using IPython.display.IFrame" warning.

    >>> NotebookPage("<p>a</p>", height=100)._repr_html_()[:30]
    '<iframe srcdoc="&lt;p&gt;a&lt;'
    """

    def __init__(self, page: str, *, height: int = 720) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        return notebook_html(self.page, height=self.height)

    def __repr__(self) -> str:
        return f"<drugkg graph page, {len(self.page) // 1024} KiB>"


def notebook_page(graph: nx.MultiDiGraph, *, height: int = 720, **options: Any) -> NotebookPage:
    """The page of ``graph`` to show in a notebook; ``options`` go to :func:`render_html`."""
    return NotebookPage(render_html(graph, **options), height=height)


def notebook_html(page: str, *, height: int = 720) -> str:
    """An ``<iframe>`` holding ``page``, the HTML a notebook shows (:class:`NotebookPage`).

    >>> notebook_html("<p>a & b</p>", height=100)[:51]
    '<iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;" style'
    """
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" title="drugkg graph">'
        "</iframe>"
    )
