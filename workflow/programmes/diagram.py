"""The state diagram, drawn as SVG from the workflow declaration.

Top to bottom in layers (``diagram_layout``). Every arrow carries the names of
its steps on a label that is a node of its own, so the layout places labels as
it places states: no label overlaps a state or another label. The arrows of the
same steps into the same state join at one label and leave it as one arrow.
Between layers the arrows bend; within a layer each runs straight down, so no
arrow crosses a label or a state it does not belong to. An arrow back to an
earlier state is laid out as if it pointed forwards and drawn upwards; a step
that stays in its state is a loop at the state's right, with its label beside
it. A step open from many states (such as withdrawing an application) would
draw a sheaf of arrows across the picture: it is one arrow instead, from a note
that names the states it leaves from and the step.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from workflow.programmes.diagram_layout import Band, Crossing, Placement, place
from workflow.engine.declaration import Transition, Workflow

FONT_SIZE, LINE_HEIGHT = 13, 16
# Per-character widths at 13 px, so that no text is cut in any common font: DejaVu Sans, one of the
# widest, takes 7.8 px (regular) and 8.7 px (bold) a character in the longest German labels drawn.
CHAR_WIDTH, BOLD_CHAR_WIDTH = 8.0, 9.0
STATE_LINE_LENGTH, LABEL_LINE_LENGTH = 20, 24  # characters before a label wraps
BOX_PADDING_X, BOX_PADDING_Y, BOX_MIN_WIDTH, BOX_MIN_HEIGHT = 14, 6, 110, 44
CHIP_PADDING_X, CHIP_PADDING_Y = 6, 3
LOOP_REACH = 26  # how far a loop reaches right of its state; its label follows
MARGIN = 12
MANY_SOURCES = 4  # a step from this many states or more is drawn from a note rather than from each of them


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
    sources: tuple[str, ...]  # the names of the states it leaves from
    target: str
    path: str
    label: str  # the names of its steps, joined by " / "
    chip: Text
    from_note: bool = False  # its chip is a note naming the step and the states it leaves from


@dataclass(frozen=True)
class _Junction:
    """The layout node of a label. The arrows of the same steps into the same state, running the same way,
    join at it and leave it as one; a note is the label of a step from many states, the arrow's start."""

    target: str
    names: tuple[str, ...]
    upwards: bool
    note: bool = False


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
        return [state.text.rect for state in self.states] + [arrow.chip.rect for arrow in self.arrows]

    @property
    def has_notes(self) -> bool:
        return any(arrow.from_note for arrow in self.arrows)


@lru_cache(maxsize=64)  # a declaration does not change while the process runs; laying it out takes some 70 ms
def diagram(workflow: Workflow) -> Diagram:
    from_notes = [transition for transition in workflow.transitions if len(transition.sources) >= MANY_SOURCES]
    steps = _steps_by_pair(transition for transition in workflow.transitions if transition not in from_notes)
    backwards = _backward_pairs(workflow)
    state_lines = {state.name: _wrap(state.label, STATE_LINE_LENGTH) for state in workflow.states}
    loops = {source: _chip_lines(names) for (source, target), names in steps.items() if source == target}
    sizes = {name: _state_size(lines, loops.get(name)) for name, lines in state_lines.items()}
    joining: dict[_Junction, list[str]] = {}  # each label -> the states whose arrows run through it
    for (source, target), names in steps.items():
        if source != target:
            joining.setdefault(_Junction(target, tuple(names), (source, target) in backwards), []).append(source)
    for transition in from_notes:
        sources = joining.setdefault(_Junction(transition.target, (transition.label,), False, note=True), [])
        sources += [source for source in transition.sources if source not in sources]
    chip_lines = {
        junction: _note_lines(workflow, junction.names[0], sources) if junction.note else _chip_lines(junction.names)
        for junction, sources in joining.items()
    }
    legs = {junction: _legs(junction, sources) for junction, sources in joining.items()}
    sizes |= {junction: _chip_size(lines) for junction, lines in chip_lines.items()}
    placement = _framed(place(sizes, [leg for parts in legs.values() for leg in parts], workflow.initial))
    boxes = {name: _box(placement, name, sizes[name], state_lines[name]) for name in state_lines}
    chips = {
        junction: _text(_rect_at(placement.centres[junction], sizes[junction]), lines)
        for junction, lines in chip_lines.items()
    }
    routes = _routes(placement, {key: text.rect for key, text in (boxes | chips).items()}, legs)
    arrows = []
    for (source, target), names in steps.items():
        if source == target:
            box = boxes[source].rect
            width, height = _chip_size(loops[source])
            chip = _text(Rect(box.right + LOOP_REACH, box.y + (box.height - height) / 2, width, height), loops[source])
            arrows.append(Arrow((source,), target, _loop(box), " / ".join(names), chip))
    for junction, sources in joining.items():
        path = " ".join(_path(routes[leg][::-1] if junction.upwards else routes[leg]) for leg in legs[junction])
        arrows.append(
            Arrow(tuple(sources), junction.target, path, " / ".join(junction.names), chips[junction], junction.note)
        )
    states = [
        StateBox(
            state.label,
            "state final" if state.final else ("state initial" if state.name == workflow.initial else "state"),
            boxes[state.name],
        )
        for state in workflow.states
    ]
    return Diagram(
        round(placement.width + 2 * MARGIN), round(placement.height + 2 * MARGIN), tuple(arrows), tuple(states)
    )


def _legs(junction: _Junction, sources: list[str]) -> list[tuple]:
    """The edges the layout sees for the arrows through ``junction``, pointing downwards; the one into the target last,
    so that the arrowhead, drawn at the end of the path, lands there."""
    if junction.note:
        return [(junction, junction.target)]
    if junction.upwards:
        return [(junction, source) for source in sources] + [(junction.target, junction)]
    return [(source, junction) for source in sources] + [(junction, junction.target)]


def _steps_by_pair(transitions: Iterable[Transition]) -> dict[tuple[str, str], list[str]]:
    """The names of the steps between each pair of states (each name once)."""
    steps: dict[tuple[str, str], list[str]] = {}
    for transition in transitions:
        for source in transition.sources:
            for target in transition.targets:
                names = steps.setdefault((source, target), [])
                if transition.label not in names:
                    names.append(transition.label)
    return steps


def _backward_pairs(workflow: Workflow) -> set[tuple[str, str]]:
    """The arrows that close a cycle when the workflow is walked depth first from its
    initial state in declaration order: they are drawn pointing upwards."""
    backwards, finished, open_ = set(), set(), set()

    def walk(state: str) -> None:
        open_.add(state)
        for target in (target for transition in workflow.transitions_from(state) for target in transition.targets):
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


def _note_lines(workflow: Workflow, step: str, sources: list[str]) -> list[str]:
    named = ", ".join(workflow.state(name).label for name in sources)
    return _wrap(f"aus {named}:", LABEL_LINE_LENGTH) + _wrap(
        step, LABEL_LINE_LENGTH
    )  # the step's name next to its arrow


def _chip_size(lines: list[str]) -> tuple[float, float]:
    return max(len(line) for line in lines) * CHAR_WIDTH + 2 * CHIP_PADDING_X, len(
        lines
    ) * LINE_HEIGHT + 2 * CHIP_PADDING_Y


def _box_size(lines: list[str]) -> tuple[float, float]:
    return (
        max(max(len(line) for line in lines) * BOLD_CHAR_WIDTH + 2 * BOX_PADDING_X, BOX_MIN_WIDTH),
        max(len(lines) * LINE_HEIGHT + 2 * BOX_PADDING_Y, BOX_MIN_HEIGHT),
    )


def _state_size(lines: list[str], loop_lines: list[str] | None) -> tuple[float, float]:
    """The state's box, widened by its loop and the loop's label if it has them."""
    width, height = _box_size(lines)
    if loop_lines is None:
        return width, height
    chip_width, chip_height = _chip_size(loop_lines) if loop_lines else (0, 0)
    return width + LOOP_REACH + chip_width, max(height, chip_height)


def _framed(placement: Placement) -> Placement:
    """The placement inside the margin."""

    def moved(band: Band) -> Band:
        return Band(band.top + MARGIN, band.bottom + MARGIN)

    return Placement(
        centres={node: (x + MARGIN, y + MARGIN) for node, (x, y) in placement.centres.items()},
        bands={node: moved(band) for node, band in placement.bands.items()},
        crossings={
            edge: [Crossing(point.x + MARGIN, moved(point.band)) for point in points]
            for edge, points in placement.crossings.items()
        },
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


def _routes(placement: Placement, boxes: dict, legs: dict) -> dict:
    """Each leg's points from its upper box to its lower one, the legs' ends spread along the boxes' edges."""
    inner = {}
    ends: dict = {}  # (box, side) -> [(x the leg heads for, leg)]
    for leg in (leg for parts in legs.values() for leg in parts):
        upper, lower = leg
        points = [(point.x, y) for point in placement.crossings[leg] for y in (point.band.top, point.band.bottom)]
        inner[leg] = points
        ends.setdefault((upper, "bottom"), []).append(((points or [placement.centres[lower]])[0][0], leg))
        ends.setdefault((lower, "top"), []).append(((points or [placement.centres[upper]])[-1][0], leg))
    port = {}
    for (box, side), heading in ends.items():
        rect = boxes[box]
        for number, (_, leg) in enumerate(sorted(heading, key=lambda end: end[0]), start=1):
            port[leg, side] = rect.x + rect.width * number / (len(heading) + 1)
    routes = {}
    for (upper, lower), points in inner.items():
        start, end = port[(upper, lower), "bottom"], port[(upper, lower), "top"]
        routes[upper, lower] = [
            (start, boxes[upper].bottom),
            (start, placement.bands[upper].bottom),
            *points,
            (end, placement.bands[lower].top),
            (end, boxes[lower].y),
        ]
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
