"""The state diagram, drawn as SVG from the workflow declaration.

Top to bottom in layers (``diagram_layout``). Every arrow runs through a node
of its own that carries its label, so the layout places labels as it places
states: no label overlaps a state or another label. Between layers the arrows
bend; within a layer each runs straight through its own node, so no arrow
crosses a label or a state it does not belong to. An arrow back to an earlier
state is laid out as if it pointed forwards and drawn upwards; a step that
stays in its state is a loop at the state's right, with its label beside it.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

from workflow.diagram_layout import Band, Crossing, Placement, place
from workflow.engine.declaration import Workflow

FONT_SIZE, LINE_HEIGHT = 13, 16
# Per-character widths at 13 px, so that no text is cut in any common font: DejaVu Sans, one of the
# widest, takes 7.8 px (regular) and 8.7 px (bold) a character in the longest German labels drawn.
CHAR_WIDTH, BOLD_CHAR_WIDTH = 8.0, 9.0
STATE_LINE_LENGTH, LABEL_LINE_LENGTH = 20, 24  # characters before a label wraps
BOX_PADDING_X, BOX_PADDING_Y, BOX_MIN_WIDTH, BOX_MIN_HEIGHT = 14, 6, 110, 44
CHIP_PADDING_X, CHIP_PADDING_Y = 6, 3
LOOP_REACH = 26  # how far a loop reaches right of its state; its label follows
MARGIN = 12
# An unlabelled arrow still runs through a node of its own, so two arrows never share a pair of nodes.
WAYPOINT_SIZE = (10, 1)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class Text:
    """Lines of text centred in ``rect``; ``lines`` pairs each line with its baseline."""

    rect: Rect
    lines: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Arrow:
    path: str
    label: str | None  # the names of its steps, joined by " / "
    chip: Text | None


@dataclass(frozen=True)
class StateBox:
    label: str
    css: str
    text: Text


@dataclass(frozen=True)
class Diagram:
    """Everything ``_state_diagram.html`` draws; the template escapes every text."""

    width: int
    height: int
    arrows: tuple[Arrow, ...]
    states: tuple[StateBox, ...]

    def rectangles(self) -> list[Rect]:
        """Every rectangle drawn: states and labels."""
        return [state.text.rect for state in self.states] + [arrow.chip.rect for arrow in self.arrows if arrow.chip]


@lru_cache(maxsize=64)  # a declaration does not change while the process runs; laying it out takes some 70 ms
def diagram(workflow: Workflow) -> Diagram:
    steps = _steps_by_pair(workflow)
    backwards = _backward_pairs(workflow)
    state_lines = {state.name: _wrap(state.label, STATE_LINE_LENGTH) for state in workflow.states}
    chip_lines = {pair: _chip_lines(names) for pair, names in steps.items() if names}
    loops = {source: chip_lines.get((source, target), []) for source, target in steps if source == target}
    sizes = {name: _state_size(lines, loops.get(name)) for name, lines in state_lines.items()}
    between = [pair for pair in steps if pair[0] != pair[1]]
    edges = []
    for pair in between:
        sizes[pair] = _chip_size(chip_lines[pair]) if pair in chip_lines else WAYPOINT_SIZE
        top, bottom = _downwards(pair, backwards)
        edges += [(top, pair), (pair, bottom)]
    placement = _framed(place(sizes, edges, workflow.initial), workflow.initial)
    boxes = {name: _box(placement, name, sizes[name], state_lines[name]) for name in state_lines}
    routes = _routes(placement, boxes, between, backwards)
    arrows = []
    for pair, names in steps.items():
        chip = None
        if pair in routes:
            path = _path(routes[pair])
            if names:
                chip = _text(_rect_at(placement.centres[pair], sizes[pair]), chip_lines[pair])
        else:
            box = boxes[pair[0]].rect
            path = _loop(box)
            if names:
                width, height = _chip_size(chip_lines[pair])
                chip = _text(Rect(box.right + LOOP_REACH, box.y + (box.height - height) / 2, width, height), chip_lines[pair])
        arrows.append(Arrow(path, " / ".join(names) or None, chip))
    states = [
        StateBox(state.label, "state final" if state.final else ("state initial" if state.name == workflow.initial else "state"),
                 boxes[state.name])
        for state in workflow.states
    ]
    return Diagram(round(placement.width + 2 * MARGIN), round(placement.height + 2 * MARGIN), tuple(arrows), tuple(states))


def _steps_by_pair(workflow: Workflow) -> dict[tuple[str, str], list[str]]:
    """One arrow per pair of states; each step is named once, on its first arrow
    (steps between the same two states share the arrow and its label)."""
    steps: dict[tuple[str, str], list[str]] = {}
    named: set[str] = set()
    for transition in workflow.transitions:
        for source in transition.sources:
            names = steps.setdefault((source, transition.target), [])
            if transition.label not in named:
                named.add(transition.label)
                names.append(transition.label)
    return steps


def _backward_pairs(workflow: Workflow) -> set[tuple[str, str]]:
    """The arrows that close a cycle when the workflow is walked depth first from its
    initial state in declaration order: they are drawn pointing upwards."""
    backwards, finished, open_ = set(), set(), set()

    def walk(state: str) -> None:
        open_.add(state)
        for transition in workflow.transitions_from(state):
            target = transition.target
            if target in open_ and target != state:
                backwards.add((state, target))
            elif target not in open_ and target not in finished:
                walk(target)
        open_.remove(state)
        finished.add(state)

    for state in [workflow.initial, *(state.name for state in workflow.states)]:
        if state not in finished:
            walk(state)
    return backwards


def _wrap(text: str, length: int) -> list[str]:
    return textwrap.wrap(text, length, break_long_words=False, break_on_hyphens=False) or [""]


def _chip_lines(names: list[str]) -> list[str]:
    lines = []
    for number, name in enumerate(names, start=1):
        lines += _wrap(name if number == len(names) else f"{name} /", LABEL_LINE_LENGTH)
    return lines


def _downwards(pair: tuple[str, str], backwards: set[tuple[str, str]]) -> tuple[str, str]:
    """The arrow's states as the layout sees them: upper, lower."""
    return (pair[1], pair[0]) if pair in backwards else pair


def _chip_size(lines: list[str]) -> tuple[float, float]:
    return max(len(line) for line in lines) * CHAR_WIDTH + 2 * CHIP_PADDING_X, len(lines) * LINE_HEIGHT + 2 * CHIP_PADDING_Y


def _box_size(lines: list[str]) -> tuple[float, float]:
    return (max(max(len(line) for line in lines) * BOLD_CHAR_WIDTH + 2 * BOX_PADDING_X, BOX_MIN_WIDTH),
            max(len(lines) * LINE_HEIGHT + 2 * BOX_PADDING_Y, BOX_MIN_HEIGHT))


def _state_size(lines: list[str], loop_lines: list[str] | None) -> tuple[float, float]:
    """The state's box, widened by its loop and the loop's label if it has them."""
    width, height = _box_size(lines)
    if loop_lines is None:
        return width, height
    chip_width, chip_height = _chip_size(loop_lines) if loop_lines else (0, 0)
    return width + LOOP_REACH + chip_width, max(height, chip_height)


def _framed(placement: Placement, first: str) -> Placement:
    """The placement inside the margin, mirrored if the initial state would stand right of the middle:
    reading starts at the left, and a phone shows the start before anyone scrolls."""
    mirrored = placement.centres[first][0] > placement.width / 2

    def x_of(x: float) -> float:
        return (placement.width - x if mirrored else x) + MARGIN

    def moved(band: Band) -> Band:
        return Band(band.top + MARGIN, band.bottom + MARGIN)

    return Placement(
        centres={node: (x_of(x), y + MARGIN) for node, (x, y) in placement.centres.items()},
        bands={node: moved(band) for node, band in placement.bands.items()},
        crossings={edge: [Crossing(x_of(point.x), moved(point.band)) for point in points]
                   for edge, points in placement.crossings.items()},
        width=placement.width,
        height=placement.height,
    )


def _rect_at(centre: tuple[float, float], size: tuple[float, float]) -> Rect:
    return Rect(centre[0] - size[0] / 2, centre[1] - size[1] / 2, *size)


def _box(placement: Placement, name: str, size: tuple[float, float], lines: list[str]) -> Text:
    """The state's box: the left part of its node when a loop and its label take the right."""
    node = _rect_at(placement.centres[name], size)
    width, height = _box_size(lines)
    return _text(Rect(node.x, node.y + (node.height - height) / 2, width, height), lines)


def _text(rect: Rect, lines: list[str]) -> Text:
    # A baseline about a third of the font size below the line's middle centres the letters.
    first = rect.y + rect.height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    return Text(rect, tuple((line, round(first + number * LINE_HEIGHT, 1)) for number, line in enumerate(lines)))


def _loop(box: Rect) -> str:
    x, y = box.right, box.y + box.height / 2
    reach = LOOP_REACH * 4 / 3  # a cubic reaches three quarters of the way to its control points
    return f"M{x:.1f},{y - 9:.1f} C{x + reach:.1f},{y - 26:.1f} {x + reach:.1f},{y + 26:.1f} {x:.1f},{y + 9:.1f}"


def _routes(placement: Placement, boxes: dict[str, Text], pairs: list[tuple[str, str]],
            backwards: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Each arrow's points from its upper state to its lower one, its ends spread along the boxes' edges."""
    inner = {}
    ends: dict[tuple[str, str], list[tuple[float, tuple[str, str]]]] = {}  # (state, side) -> (x it heads for, pair)
    for pair in pairs:
        top, bottom = _downwards(pair, backwards)
        x, _ = placement.centres[pair]
        band = placement.bands[pair]
        points = [(point.x, y) for point in placement.crossings[(top, pair)] for y in (point.band.top, point.band.bottom)]
        points += [(x, band.top), (x, band.bottom)]
        points += [(point.x, y) for point in placement.crossings[(pair, bottom)] for y in (point.band.top, point.band.bottom)]
        inner[pair] = points
        ends.setdefault((top, "bottom"), []).append((points[0][0], pair))
        ends.setdefault((bottom, "top"), []).append((points[-1][0], pair))
    port = {}
    for (state, side), heading in ends.items():
        box = boxes[state].rect
        for number, (_, pair) in enumerate(sorted(heading, key=lambda end: end[0]), start=1):
            port[pair, side] = box.x + box.width * number / (len(heading) + 1)
    routes = {}
    for pair, points in inner.items():
        top, bottom = _downwards(pair, backwards)
        upper, lower = boxes[top].rect, boxes[bottom].rect
        start, end = port[pair, "bottom"], port[pair, "top"]
        route = [(start, upper.bottom), (start, placement.bands[top].bottom), *points,
                 (end, placement.bands[bottom].top), (end, lower.y)]
        routes[pair] = route[::-1] if pair in backwards else route
    return routes


def _path(points: list[tuple[float, float]]) -> str:
    """Straight where a point lies below the last, an S-bend between layers (its tangents vertical)."""
    distinct = [point for number, point in enumerate(points) if number == 0 or point != points[number - 1]]
    (x, y), *rest = distinct
    path = f"M{x:.1f},{y:.1f}"
    for next_x, next_y in rest:
        if abs(next_x - x) < 0.5:
            path += f" L{next_x:.1f},{next_y:.1f}"
        else:
            middle = (y + next_y) / 2
            path += f" C{x:.1f},{middle:.1f} {next_x:.1f},{middle:.1f} {next_x:.1f},{next_y:.1f}"
        x, y = next_x, next_y
    return path
