"""Layered (Sugiyama) placement of a directed acyclic graph, top to bottom, by grandalf.

grandalf is pure Python, so a plain ``pip install`` brings it along (the
Graphviz program cannot be installed that way). This module knows nothing of
workflows: it places rectangles of given sizes in layers and tells where each
edge crosses the layers between its ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

from grandalf.graphs import Edge, Vertex, graph_core
from grandalf.layouts import SugiyamaLayout, VertexViewer

NODE_GAP = 18  # between neighbours in a layer
LAYER_GAP = 30  # between layers: the room edges bend in
COMPONENT_GAP = 40
# Where a long edge crosses a layer it keeps this much room for itself.
CROSSING_WIDTH, CROSSING_HEIGHT = 10, 1
# How strongly an edge pulls its ends into line: between two nodes, a node and a dummy, two dummies.
STRAIGHTNESS = (1, 2, 8)
SWEEPS = 50
ORDERING_ROUNDS = 4  # of grandalf's crossing reduction: its default 1.5 leaves crossings that more rounds remove


@dataclass(frozen=True)
class Band:
    """A layer's vertical extent; edges cross it straight down, so it is theirs only where they cross."""

    top: float
    bottom: float


@dataclass(frozen=True)
class Crossing:
    x: float
    band: Band


@dataclass(frozen=True)
class Placement:
    """Centres and layer bands of the nodes, the crossings of each edge (top to bottom), the extent of it all."""

    centres: dict[Hashable, tuple[float, float]]
    bands: dict[Hashable, Band]
    crossings: dict[tuple[Hashable, Hashable], list[Crossing]]
    width: float
    height: float


def place(
    sizes: dict[Hashable, tuple[float, float]], edges: list[tuple[Hashable, Hashable]], first: Hashable
) -> Placement:
    """Place the nodes (keys of ``sizes``: width, height) so that every edge points downwards.

    ``edges`` must form no cycle (nor repeat a pair); ``first`` is put at the top of its component
    unless an edge leads to it, and in its left half (the component mirrored if need be): reading starts
    at the left, and a phone shows the start before anyone scrolls.
    Components are placed side by side, or one tucked into the top right corner of those before it
    when that corner is clear of their nodes and edges (a small part need not widen the picture).
    Nodes in a layer keep at least ``NODE_GAP`` between them.
    """
    centres: dict[Hashable, tuple[float, float]] = {}
    bands: dict[Hashable, Band] = {}
    crossings: dict[tuple[Hashable, Hashable], list[Crossing]] = {}
    width, height = 0.0, 0.0
    for nodes in _components(list(sizes), edges):
        part = _place_component(nodes, [edge for edge in edges if edge[0] in nodes], sizes, first)
        corner = (width - part.width - COMPONENT_GAP, width, 0.0, part.height + COMPONENT_GAP)
        if corner[0] >= 0 and not any(_overlap(corner, spot) for spot in _spots(centres, crossings, sizes)):
            left = width - part.width
        else:
            left = width + COMPONENT_GAP if centres else 0.0
        centres.update({node: (x + left, y) for node, (x, y) in part.centres.items()})
        bands.update(part.bands)
        crossings.update(
            {
                edge: [Crossing(point.x + left, point.band) for point in points]
                for edge, points in part.crossings.items()
            }
        )
        width, height = max(width, left + part.width), max(height, part.height)
    return Placement(centres, bands, crossings, width, height)


Spot = tuple[float, float, float, float]  # left, right, top, bottom


def _spots(centres, crossings, sizes) -> list[Spot]:
    """Where the nodes and edges placed so far lie: each node, each crossing, and between
    consecutive ones of an edge the box it bends in."""

    def node_spot(node) -> Spot:
        (x, y), (w, h) = centres[node], sizes[node]
        return x - w / 2, x + w / 2, y - h / 2, y + h / 2

    spots = [node_spot(node) for node in centres]
    for (upper, lower), points in crossings.items():
        chain = [
            node_spot(upper),
            *[
                (point.x - CROSSING_WIDTH / 2, point.x + CROSSING_WIDTH / 2, point.band.top, point.band.bottom)
                for point in points
            ],
            node_spot(lower),
        ]
        spots += chain[1:-1] + [(min(a[0], b[0]), max(a[1], b[1]), a[3], b[2]) for a, b in zip(chain, chain[1:])]
    return spots


def _overlap(one: Spot, other: Spot) -> bool:
    return one[0] < other[1] and other[0] < one[1] and one[2] < other[3] and other[2] < one[3]


def _components(nodes: list[Hashable], edges: list[tuple[Hashable, Hashable]]) -> list[list[Hashable]]:
    """Connected node sets, each in the given order (grandalf lays out one connected graph at a time)."""
    group = {node: node for node in nodes}

    def root(node):
        while group[node] != node:
            node = group[node]
        return node

    for source, target in edges:
        group[root(source)] = root(target)
    found: dict[Hashable, list[Hashable]] = {}
    for node in nodes:
        found.setdefault(root(node), []).append(node)
    return list(found.values())


def _place_component(nodes, edges, sizes, first) -> Placement:
    """One connected graph, its leftmost node touching x = 0, ``first`` in its left half."""
    vertices = {node: Vertex(node) for node in nodes}
    for node, vertex in vertices.items():
        vertex.view = VertexViewer(*sizes[node])
    graph_edges = {(source, target): Edge(vertices[source], vertices[target]) for source, target in edges}
    graph = graph_core(list(vertices.values()), list(graph_edges.values()))
    sugiyama = SugiyamaLayout(graph)
    sugiyama.xspace, sugiyama.yspace = NODE_GAP, LAYER_GAP
    sugiyama.dw, sugiyama.dh = CROSSING_WIDTH, CROSSING_HEIGHT  # the size of the dummies on long edges
    # Nodes nothing leads to start the layers, ``first`` ahead of them.
    roots = sorted(
        (vertex for vertex in vertices.values() if not vertex.e_in()), key=lambda vertex: vertex.data != first
    )
    sugiyama.init_all(roots=roots, inverted_edges=[])
    sugiyama.draw(ORDERING_ROUNDS)
    _straighten(sugiyama, list(graph_edges.values()))
    layer_bands = []
    for layer in sugiyama.layers:
        half = max(vertex.view.h for vertex in layer) / 2
        middle = layer[0].view.xy[1]
        layer_bands.append(Band(middle - half, middle + half))
    left = min(vertex.view.xy[0] - vertex.view.w / 2 for layer in sugiyama.layers for vertex in layer)
    right = max(vertex.view.xy[0] + vertex.view.w / 2 for layer in sugiyama.layers for vertex in layer)
    mirrored = first in vertices and vertices[first].view.xy[0] - left > (right - left) / 2

    def x_of(vertex: Vertex) -> float:
        return right - vertex.view.xy[0] if mirrored else vertex.view.xy[0] - left

    crossings = {}
    for pair, edge in graph_edges.items():
        dummies = sugiyama.ctrls.get(edge, {})
        crossings[pair] = [
            Crossing(x_of(dummies[rank]), layer_bands[rank]) for rank in sorted(dummies) if dummies[rank] not in edge.v
        ]
    return Placement(
        centres={node: (x_of(vertex), vertex.view.xy[1]) for node, vertex in vertices.items()},
        bands={node: layer_bands[sugiyama.grx[vertex].rank] for node, vertex in vertices.items()},
        crossings=crossings,
        width=right - left,
        height=layer_bands[-1].bottom,
    )


def _straighten(sugiyama: SugiyamaLayout, edges) -> None:
    """Move every node towards the weighted mean of its neighbours, layer by layer, keeping each layer's order.

    grandalf's own placement (Brandes and Köpf) keeps long edges far apart and makes
    pictures wider than needed; this pulls them together, long edges straightest.
    """
    neighbours: dict = {}
    for edge in edges:
        dummies = sugiyama.ctrls.get(edge, {})
        chain = [dummies[rank] for rank in sorted(dummies)] or list(edge.v)
        for upper, lower in zip(chain, chain[1:]):
            weight = STRAIGHTNESS[sugiyama.grx[upper].dummy + sugiyama.grx[lower].dummy]
            neighbours.setdefault(upper, []).append((lower, weight))
            neighbours.setdefault(lower, []).append((upper, weight))
    for _ in range(SWEEPS):
        for layer in sugiyama.layers + sugiyama.layers[::-1]:
            desired = [
                _weighted_mean([(other.view.xy[0], weight) for other, weight in neighbours.get(vertex, [])])
                if vertex in neighbours
                else vertex.view.xy[0]
                for vertex in layer
            ]
            gaps = [(left.view.w + right.view.w) / 2 + NODE_GAP for left, right in zip(layer, layer[1:])]
            for vertex, x in zip(layer, _closest_in_order(desired, gaps)):
                vertex.view.xy = (x, vertex.view.xy[1])
    for _ in range(2):  # a chain set straight may leave room for the next
        for edge in edges:
            _set_straight(
                sugiyama, [vertex for vertex in sugiyama.ctrls.get(edge, {}).values() if sugiyama.grx[vertex].dummy]
            )


def _set_straight(sugiyama: SugiyamaLayout, dummies: list) -> None:
    """Put a long edge's dummies in one line, if its neighbours leave room for it: a straight edge reads best."""
    lowest, highest = float("-inf"), float("inf")
    for dummy in dummies:
        layer, position = sugiyama.layers[dummy.rank], dummy.pos
        if position > 0:
            left = layer[position - 1]
            lowest = max(lowest, left.view.xy[0] + (left.view.w + dummy.view.w) / 2 + NODE_GAP)
        if position < len(layer) - 1:
            right = layer[position + 1]
            highest = min(highest, right.view.xy[0] - (right.view.w + dummy.view.w) / 2 - NODE_GAP)
    if dummies and lowest <= highest:
        x = min(max(sum(dummy.view.xy[0] for dummy in dummies) / len(dummies), lowest), highest)
        for dummy in dummies:
            dummy.view.xy = (x, dummy.view.xy[1])


def _weighted_mean(values: list[tuple[float, float]]) -> float:
    return sum(value * weight for value, weight in values) / sum(weight for _, weight in values)


def _closest_in_order(desired: list[float], gaps: list[float]) -> list[float]:
    """Positions as close to ``desired`` as they can be (least squares) with at least ``gaps`` between neighbours.

    Subtracting the gaps makes it a monotone regression, solved by pooling adjacent violators.
    """
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [sum, count]
    for value, offset in zip(desired, offsets):
        blocks.append([value - offset, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    pooled = [total / count for total, count in blocks for _ in range(int(count))]
    return [value + offset for value, offset in zip(pooled, offsets)]
