"""The layout: every node placed, no two boxes overlapping, clusters kept together."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drugkg.kg import layout as layout_module
from drugkg.kg.layout import layout
from drugkg.kg.network import to_networkx
from drugkg.kg.store import GraphStore


@pytest.fixture
def graph(store: GraphStore) -> nx.MultiDiGraph:
    return to_networkx(store)


def _overlaps(
    pos: dict[object, tuple[float, float]], sizes: dict[object, tuple[float, float]]
) -> int:
    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes])
    half = np.array([sizes[n] for n in nodes]) / 2
    count = 0
    for i in range(len(nodes)):
        gap = half[i] + half[i + 1 :] - np.abs(xy[i] - xy[i + 1 :])
        count += int((gap > 1e-9).all(axis=1).sum())
    return count


def test_layout_places_every_node_without_overlap(graph: nx.MultiDiGraph) -> None:
    sizes = {n: (len(graph.nodes[n]["label"]) * 0.1, 0.3) for n in graph}
    pos = layout(graph, sizes=sizes)
    assert set(pos) == set(graph)
    assert all(math.isfinite(v) for xy in pos.values() for v in xy)
    assert _overlaps(pos, sizes) == 0
    assert layout(graph, sizes=sizes) == pos  # the same graph and seed: the same layout


@settings(max_examples=20, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=80),
    isolated=st.integers(0, 5),
    seed=st.integers(0, 3),
)
def test_layout_of_any_graph_has_no_overlap(
    edges: list[tuple[int, int]], isolated: int, seed: int
) -> None:
    graph = nx.MultiDiGraph(edges)
    graph.add_nodes_from(range(100, 100 + isolated))
    sizes = {n: (0.3 + (n % 7) * 0.2, 0.3) for n in graph}
    pos = layout(graph, sizes=sizes, seed=seed)
    assert set(pos) == set(graph)
    assert _overlaps(pos, sizes) == 0


@pytest.mark.parametrize("seed", range(4))
def test_a_tall_block_in_a_new_column_does_not_reach_into_the_next_row(seed: int) -> None:
    """Found by the property above: a column's first block was taller than its row."""
    graph = nx.MultiDiGraph([(0, 1), (0, 2), (1, 8), (3, 5), (4, 5), (5, 7), (6, 9)])
    graph.add_nodes_from(range(100, 105))
    sizes = {n: (0.3 + (n % 7) * 0.2, 0.3) for n in graph}
    assert _overlaps(layout(graph, sizes=sizes, seed=seed), sizes) == 0


def test_shelves_never_overlap() -> None:
    sizes = [np.array(s) for s in ([2.0, 1.0], [1.0, 0.4], [1.0, 3.0], [3.0, 1.0], [1.5, 0.5])]
    corners, _ = layout_module._shelves(sizes, 6.0, 0.5)
    boxes = [(x, y, x + w, y + h) for (x, y), (w, h) in zip(corners, sizes, strict=True)]
    for a in range(len(boxes)):
        for b in range(a):
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = boxes[a], boxes[b]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b, boxes)


def test_connected_nodes_lie_closer_than_strangers() -> None:
    """Two dense clusters joined by one edge: the layout keeps each cluster together."""
    graph = nx.disjoint_union(nx.complete_graph(12), nx.complete_graph(12))
    graph.add_edge(0, 12)
    pos = layout(graph)
    xy = np.array([pos[n] for n in range(24)])
    within = np.mean([np.linalg.norm(xy[a] - xy[b]) for a in range(12) for b in range(a)])
    across = np.mean([np.linalg.norm(xy[a] - xy[b]) for a in range(12) for b in range(12, 24)])
    assert across > 1.5 * within


def test_grid_repulsion_approximates_the_exact_one() -> None:
    rng = np.random.default_rng(1)
    pos = rng.uniform(0, 40, size=(1200, 2))
    mass = rng.integers(1, 30, size=1200).astype(float)
    exact = layout_module._exact_repulsion(pos, mass)
    approx = layout_module._grid_repulsion(pos, mass)
    cosine = (exact * approx).sum(axis=1) / (
        np.linalg.norm(exact, axis=1) * np.linalg.norm(approx, axis=1)
    )
    assert np.median(cosine) > 0.99
    assert np.percentile(cosine, 5) > 0.9


@settings(max_examples=30, deadline=None)
@given(points=st.lists(st.tuples(st.floats(-20, 20), st.floats(-20, 20)), min_size=1, max_size=60))
def test_pairs_in_cells_finds_every_close_pair_once(points: list[tuple[float, float]]) -> None:
    pos = np.array(points)
    key, width = layout_module._cell_keys(pos, 2.0)
    i, j = layout_module._pairs_in_cells(key, width)
    found = sorted(zip(np.minimum(i, j).tolist(), np.maximum(i, j).tolist(), strict=True))
    assert len(found) == len(set(found))
    close = {
        (a, b)
        for a in range(len(pos))
        for b in range(a + 1, len(pos))
        if np.abs(pos[a] - pos[b]).max() < 2.0
    }
    assert close <= set(found)


def test_a_large_graph_is_laid_out_on_the_grid_path() -> None:
    graph = nx.barabasi_albert_graph(900, 2, seed=0)
    pos = layout(graph, iterations=30)
    assert len(pos) == 900
    assert _overlaps(pos, dict.fromkeys(graph, (0.5, 0.5))) == 0


def _drug_like(seed: int) -> nx.Graph:
    """Eight drug hubs, each with its own 12 leaves, sharing 30 conditions between them."""
    rng = np.random.default_rng(seed)
    graph = nx.Graph()
    for hub in range(8):
        graph.add_edges_from((f"hub{hub}", f"leaf{hub}-{k}") for k in range(12))
    for k in range(30):
        for hub in rng.choice(8, size=int(rng.integers(2, 4)), replace=False):
            graph.add_edge(f"hub{hub}", f"shared{k}")
    return graph


@pytest.mark.parametrize("seed", range(3))
def test_hubs_sit_inside_not_on_the_rim(seed: int) -> None:
    """Issue 15: the best connected nodes were pushed out to the edge of the drawing."""
    graph = _drug_like(seed)
    pos = layout(graph, seed=seed)
    nodes = list(graph)
    xy = np.array([pos[n] for n in nodes])
    radius = np.linalg.norm(xy - xy.mean(axis=0), axis=1)
    radius /= radius.max()
    hubs = np.array([n.startswith("hub") for n in nodes])
    assert radius[hubs].max() < 0.75
    assert radius[hubs].mean() < 0.85 * radius[~hubs].mean()


def test_small_boxes_make_way_for_a_big_one() -> None:
    """A hub's wide label among many small ones on one side stays where the forces put it
    (it was shoved to the rim, half of every overlap at a time)."""
    pos = np.array([[0.0, 0.0]] + [[0.3 * k, 0.2] for k in range(-6, 7)])
    half = np.array([[2.0, 0.4]] + [[0.25, 0.25]] * 13)
    spread = layout_module._spread(pos, half)
    assert np.linalg.norm(spread[0] - pos[0]) < 0.5  # it moved 1.94 before
    xy, h = spread, half
    for a in range(len(xy)):
        for b in range(a):
            assert (np.abs(xy[a] - xy[b]) >= h[a] + h[b] - 1e-9).any()
