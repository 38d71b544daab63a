"""Where to draw a graph: a force-directed layout in numpy, with no two labels overlapping."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["Position", "layout"]

Position = tuple[float, float]

_DEFAULT_BOX = (0.5, 0.5)


def layout(
    graph: nx.Graph,
    *,
    sizes: Mapping[Any, tuple[float, float]] | None = None,
    seed: int = 0,
    iterations: int | None = None,
    aspect: float = 1.5,
) -> dict[Any, Position]:
    """Positions for every node, edges about one unit long, no two nodes' boxes overlapping.

    ``sizes`` gives each node's box (width, height) in the same units, e.g. its label
    (default half a unit square). Each connected component is laid out by a
    force-directed simulation (Fruchterman-Reingold attraction, ForceAtlas2's
    degree-weighted repulsion), whose repulsion is exact for
    small components and approximated on a grid for large ones (so several thousand
    nodes take seconds), turned to lie wide, and freed of overlapping boxes; the
    components, then the isolated nodes, are packed into a rectangle about
    ``aspect`` times as wide as high, largest first.

    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos), all(isinstance(x, float) for xy in pos.values() for x in xy)
    ([0, 1, 2], True)
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    boxes = sizes or {}
    rng = np.random.default_rng(seed)
    isolated = sorted((n for n in simple if simple.degree(n) == 0), key=str)
    parts = [sorted(c, key=str) for c in nx.connected_components(simple) if len(c) > 1]
    parts.sort(key=lambda c: (-len(c), str(c[0])))
    blocks: list[tuple[list[Any], np.ndarray, np.ndarray]] = []
    for nodes in parts:
        index = {n: i for i, n in enumerate(nodes)}
        edges = np.array(
            [(index[u], index[v]) for u, v in simple.subgraph(nodes).edges()], dtype=np.int64
        ).reshape(-1, 2)
        half = np.array([boxes.get(n, _DEFAULT_BOX) for n in nodes], dtype=float) / 2
        xy = _lie_wide(_force_layout(len(nodes), edges, rng, iterations))
        blocks.append((nodes, _spread(xy, half), half))
    for node in isolated:  # one block each, so that they fill the gaps between components
        half = np.array([boxes.get(node, _DEFAULT_BOX)], dtype=float) / 2
        blocks.append(([node], np.zeros((1, 2)), half))
    return _pack(blocks, aspect)


def _force_layout(
    n: int, edges: np.ndarray, rng: np.random.Generator, iterations: int | None
) -> np.ndarray:
    """A force-directed layout in numpy, edges about one unit long.

    Attraction along edges grows with the square of their length (Fruchterman-Reingold);
    repulsion between every two nodes weighs by their degrees (ForceAtlas2), so that
    hubs keep apart and each keeps its own leaves around it.
    """
    if n <= 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]][:n])
    steps = iterations or int(np.clip(60_000 / n, 100, 400))
    radius = math.sqrt(n)
    # start on a spiral in breadth-first order from the biggest hub: neighbours start
    # close, the disc is evenly filled (points one unit apart along an Archimedean
    # spiral), and there are few twists
    degree = np.bincount(edges.ravel(), minlength=n)
    order = list(nx.bfs_tree(nx.Graph(edges.tolist()), int(np.argmax(degree))))
    theta = np.empty(n)
    theta[order] = np.sqrt(4 * np.pi * np.arange(1, n + 1))
    pos: np.ndarray = np.c_[np.cos(theta), np.sin(theta)] * (theta / (2 * np.pi))[:, None]
    pos += rng.normal(scale=0.05, size=(n, 2))
    mass = np.bincount(edges.ravel(), minlength=n) + 1.0
    repulsion = _grid_repulsion if n > _EXACT_UP_TO else _exact_repulsion
    for step in range(steps):
        disp = repulsion(pos, mass) * _REPULSION
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        pull = delta * np.sqrt((delta**2).sum(axis=1))[:, None]  # |f| = d^2
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(edges[:, 0], pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(edges[:, 1], pull[:, axis], minlength=n)
        # gravity keeps it round; it pulls hubs harder (ForceAtlas2's "strong gravity" on
        # degree), so that they sit among their neighbours, not on the rim
        disp -= (pos - pos.mean(axis=0)) * mass[:, None] ** 2 * 0.02
        disp /= mass[:, None]  # hubs move slowly
        length = np.sqrt((disp**2).sum(axis=1)) + 1e-9
        temperature = radius * 0.2 * (1 - step / steps) + 0.02
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
    return pos


#: Components up to this size get exact repulsion, larger ones the grid approximation.
_EXACT_UP_TO = 400
#: The strength of repulsion against attraction: lower packs nodes tighter.
_REPULSION = 0.1


def _exact_repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Every two points push apart with force ``mass_a * mass_b / d``."""
    dx = pos[:, 0, None] - pos[None, :, 0]
    dy = pos[:, 1, None] - pos[None, :, 1]
    weight = mass[:, None] * mass[None, :] / (dx * dx + dy * dy + 1e-4)
    np.fill_diagonal(weight, 0.0)
    forces: np.ndarray = np.c_[(dx * weight).sum(axis=1), (dy * weight).sum(axis=1)]
    return forces


def _grid_repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """The repulsion of :func:`_exact_repulsion` in about O(n^1.5).

    Points in the same or adjacent grid cells push exactly; farther cells push as
    one body from their centre of mass (a one-level Barnes-Hut approximation). The
    cells hold about ``sqrt(n) / 2`` points each, which balances the two parts' cost.
    """
    n = len(pos)
    extent = pos.max(axis=0) - pos.min(axis=0)
    cell = max(0.5, math.sqrt(float(extent[0] * extent[1]) / (2 * math.sqrt(n))))
    for _ in range(2):  # aim at about 0.5 * sqrt(n) points in each occupied cell
        key, width = _cell_keys(pos, cell)
        occupancy = n / len(np.unique(key))
        cell = max(0.5, cell * math.sqrt(0.5 * math.sqrt(n) / occupancy))
    key, width = _cell_keys(pos, cell)
    disp = np.zeros_like(pos)
    i, j = _pairs_in_cells(key, width)
    delta = pos[i] - pos[j]
    push = delta * (mass[i] * mass[j] / ((delta**2).sum(axis=1) + 1e-4))[:, None]
    for axis in (0, 1):
        disp[:, axis] += np.bincount(i, push[:, axis], minlength=len(pos))
        disp[:, axis] -= np.bincount(j, push[:, axis], minlength=len(pos))
    unique, inverse = np.unique(key, return_inverse=True)
    cell_mass = np.bincount(inverse, mass)
    centre = np.c_[np.bincount(inverse, pos[:, 0] * mass), np.bincount(inverse, pos[:, 1] * mass)]
    centre /= cell_mass[:, None]
    column, row = unique // width, unique % width
    for start in range(0, len(pos), 1024):
        chunk = slice(start, start + 1024)
        dx = pos[chunk, 0, None] - centre[None, :, 0]
        dy = pos[chunk, 1, None] - centre[None, :, 1]
        near = (np.abs((key[chunk] // width)[:, None] - column[None, :]) <= 1) & (
            np.abs((key[chunk] % width)[:, None] - row[None, :]) <= 1
        )
        weight = np.where(near, 0.0, cell_mass[None, :] / (dx * dx + dy * dy + 1e-4))
        weight *= mass[chunk, None]
        disp[chunk, 0] += (dx * weight).sum(axis=1)
        disp[chunk, 1] += (dy * weight).sum(axis=1)
    return disp


def _cell_keys(pos: np.ndarray, cell: float) -> tuple[np.ndarray, int]:
    """One integer per point naming its grid cell, and the row stride of the keys."""
    cells = np.floor((pos - pos.min(axis=0)) / cell).astype(np.int64)
    width = int(cells[:, 1].max()) + 3
    return (cells[:, 0] + 1) * width + (cells[:, 1] + 1), width


def _pairs_in_cells(key: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (each once) of points in the same or adjacent grid cells."""
    order = np.argsort(key, kind="stable")
    unique, first, counts = np.unique(key[order], return_index=True, return_counts=True)
    found_i, found_j = [], []
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        wanted = key + dx * width + dy
        slot = np.clip(np.searchsorted(unique, wanted), 0, len(unique) - 1)
        points = np.flatnonzero(unique[slot] == wanted)
        size = counts[slot[points]]
        offset = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size)
        i = np.repeat(points, size)
        j = order[np.repeat(first[slot[points]], size) + offset]
        if dx == 0 and dy == 0:
            i, j = i[i < j], j[i < j]
        found_i.append(i)
        found_j.append(j)
    return np.concatenate(found_i), np.concatenate(found_j)


def _lie_wide(pos: np.ndarray) -> np.ndarray:
    """The points turned so that their longest extent is horizontal."""
    centred: np.ndarray = pos - pos.mean(axis=0)
    if len(pos) < 3:
        return centred
    _, vectors = np.linalg.eigh(np.cov(centred.T))
    turned: np.ndarray = centred @ vectors[:, ::-1]
    return turned


def _spread(pos: np.ndarray, half: np.ndarray, rounds: int = 300) -> np.ndarray:
    """Move boxes (centres ``pos``, half sizes ``half``) apart until none overlap.

    Each overlapping pair moves apart along the line between their centres, just
    far enough for their boxes (with a small margin) to touch; each box moves in
    proportion to the other's area, so small boxes make way for big ones.
    """
    pos = pos.copy()
    area = half[:, 0] * half[:, 1] + 1e-12
    margin = 0.06
    cell = float(2 * half.max() + margin)
    for _ in range(rounds):
        key, width = _cell_keys(pos, cell)
        i, j = _pairs_in_cells(key, width)
        reach = half[i] + half[j] + margin
        u = (pos[i] - pos[j]) / reach  # in box units: overlapping while both |u| < 1
        norm = np.abs(u).max(axis=1)
        hit = norm < 1
        if not hit.any():
            break
        i, j, u, norm, reach = i[hit], j[hit], u[hit], norm[hit], reach[hit]
        same = norm < 1e-6  # on top of each other: part them diagonally, by index
        u[same] = np.c_[np.where(i[same] < j[same], 0.01, -0.01), np.full(same.sum(), 0.01)]
        norm[same] = 0.01
        push = (u / norm[:, None] - u) * reach
        # the smaller box gives way: a hub's big label is not shoved out to the rim by
        # the many small ones around it
        share = area[j] / (area[i] + area[j])
        move = np.zeros_like(pos)
        for axis in (0, 1):
            move[:, axis] += np.bincount(i, push[:, axis] * share, minlength=len(pos))
            move[:, axis] -= np.bincount(j, push[:, axis] * (1 - share), minlength=len(pos))
        pos += move
    return pos


def _pack(
    blocks: list[tuple[list[Any], np.ndarray, np.ndarray]], aspect: float
) -> dict[Any, Position]:
    """Blocks placed in rows of columns, in order, in the most compact ``aspect`` rectangle."""
    gap = 1.0
    placed = []
    for nodes, xy, half in blocks:
        low = (xy - half).min(axis=0)
        high = (xy + half).max(axis=0)
        placed.append((nodes, xy - low, high - low))
    if not placed:
        return {}
    widest = max(size[0] for _, _, size in placed)
    total = sum(size[0] + gap for _, _, size in placed)
    best: tuple[float, list[tuple[float, float]]] | None = None
    for width in np.linspace(widest, max(widest, total), 24):
        corners, (w, h) = _shelves([size for _, _, size in placed], float(width), gap)
        score = max(w / aspect, h)
        if best is None or score < best[0] - 1e-9:
            best = (score, corners)
    assert best is not None
    out: dict[Any, Position] = {}
    for (nodes, xy, _), (x, y) in zip(placed, best[1], strict=True):
        for node, (px, py) in zip(nodes, xy, strict=True):
            out[node] = (float(px + x), float(py + y))
    return out


def _shelves(
    sizes: list[np.ndarray], width: float, gap: float
) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Corners for boxes in rows no wider than ``width``; a row is as deep as the first
    box of its deepest column, and later boxes stack in columns within it. Returns
    corners and extent.

    >>> corners, extent = _shelves([np.array(s) for s in ([2, 1], [1, 3], [2, 1])], 4.0, 0.5)
    >>> [(float(x), float(y)) for x, y in corners], [float(v) for v in extent]
    ([(0.0, 0.0), (2.5, 0.0), (0.0, 3.5)], [3.5, 4.5])
    """
    corners: list[tuple[float, float]] = []
    row_y = row_height = column_x = column_y = column_width = 0.0
    extent_w = extent_h = 0.0
    for w, h in sizes:
        if not corners:
            row_height = h
        elif column_y > 0 and column_y + h <= row_height:
            pass  # stack below in the current column
        elif column_x + column_width + gap + w <= width:
            column_x, column_y, column_width = column_x + column_width + gap, 0.0, 0.0
            row_height = max(row_height, h)  # a taller block deepens its row
        else:
            row_y, row_height = row_y + row_height + gap, h
            column_x = column_y = column_width = 0.0
        corners.append((column_x, row_y + column_y))
        column_y += h + gap
        column_width = max(column_width, w)
        extent_w = max(extent_w, column_x + w)
        extent_h = max(extent_h, row_y + row_height)
    return corners, (extent_w, extent_h)
