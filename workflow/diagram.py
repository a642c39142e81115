"""The state diagram, drawn as SVG from the workflow declaration."""
from __future__ import annotations

from dataclasses import dataclass
from collections import deque

from workflow.engine.declaration import Workflow

BOX_WIDTH, BOX_HEIGHT = 160, 46
COLUMN_GAP, ROW_GAP, MARGIN = 120, 60, 20


@dataclass(frozen=True)
class Box:
    x: int
    y: int

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + BOX_WIDTH / 2, self.y + BOX_HEIGHT / 2


def layers(workflow: Workflow) -> dict[str, int]:
    """Column of every state: its distance in steps from the initial state."""
    depth = {workflow.initial: 0}
    queue = deque([workflow.initial])
    while queue:
        state = queue.popleft()
        for transition in workflow.transitions_from(state):
            if transition.target not in depth:
                depth[transition.target] = depth[state] + 1
                queue.append(transition.target)
    last = max(depth.values(), default=0) + 1
    return {state.name: depth.get(state.name, last) for state in workflow.states}


def layout(workflow: Workflow) -> dict[str, Box]:
    columns: dict[int, list[str]] = {}
    for state in workflow.states:
        columns.setdefault(layers(workflow)[state.name], []).append(state.name)
    boxes = {}
    for column, names in columns.items():
        for row, name in enumerate(names):
            boxes[name] = Box(MARGIN + column * (BOX_WIDTH + COLUMN_GAP), MARGIN + row * (BOX_HEIGHT + ROW_GAP))
    return boxes


def _edge(source: Box, target: Box, bend: int) -> tuple[str, tuple[float, float]]:
    (x1, y1), (x2, y2) = source.centre, target.centre
    if x2 > x1:
        start, end = (source.x + BOX_WIDTH, y1), (target.x, y2)
    elif x2 < x1:
        start, end = (source.x, y1 + 8), (target.x + BOX_WIDTH, y2 + 8)
    else:
        start, end = (x1 + 30, source.y + (BOX_HEIGHT if y2 > y1 else 0)), (x2 + 30, target.y + (0 if y2 > y1 else BOX_HEIGHT))
    control = ((start[0] + end[0]) / 2 + bend, (start[1] + end[1]) / 2 + bend)
    path = f"M{start[0]:.0f},{start[1]:.0f} Q{control[0]:.0f},{control[1]:.0f} {end[0]:.0f},{end[1]:.0f}"
    label_at = ((start[0] + 2 * control[0] + end[0]) / 4, (start[1] + 2 * control[1] + end[1]) / 4)
    return path, label_at


def _loop(box: Box) -> tuple[str, tuple[float, float]]:
    """A step that stays in its state (a reminder): a small loop under the box."""
    x, y = box.x + 20, box.y + BOX_HEIGHT
    path = f"M{x},{y} C{x - 10},{y + 34} {x + 40},{y + 34} {x + 30},{y}"
    return path, (x + 15, y + 40)


@dataclass(frozen=True)
class Arrow:
    path: str
    label: str | None
    label_x: float
    label_y: float


@dataclass(frozen=True)
class StateBox:
    label: str
    css: str
    box: Box


@dataclass(frozen=True)
class Diagram:
    """Everything ``_state_diagram.html`` draws; the template escapes every text."""

    width: int
    height: int
    box_width: int
    box_height: int
    arrows: list[Arrow]
    states: list[StateBox]


def diagram(workflow: Workflow) -> Diagram:
    boxes = layout(workflow)
    # One arrow per pair of states; each step is named once, on its first arrow
    # (steps between the same two states share the arrow and its label).
    labels: dict[tuple[str, str], list[str]] = {}
    labelled: set[str] = set()
    for transition in workflow.transitions:
        for source in transition.sources:
            names = labels.setdefault((source, transition.target), [])
            if transition.label not in labelled:
                labelled.add(transition.label)
                names.append(transition.label)
    arrows = []
    for number, ((source, target), names) in enumerate(labels.items(), start=1):
        if source == target:
            path, (label_x, label_y) = _loop(boxes[source])
        else:
            path, (label_x, label_y) = _edge(boxes[source], boxes[target], bend=14 * (number % 3 - 1))
        arrows.append(Arrow(path, " / ".join(names) or None, round(label_x), round(label_y - 3)))
    states = [
        StateBox(
            state.label,
            "state final" if state.final else ("state initial" if state.name == workflow.initial else "state"),
            boxes[state.name],
        )
        for state in workflow.states
    ]
    return Diagram(
        width=max(box.x for box in boxes.values()) + BOX_WIDTH + MARGIN,
        height=max(box.y for box in boxes.values()) + BOX_HEIGHT + MARGIN,
        box_width=BOX_WIDTH,
        box_height=BOX_HEIGHT,
        arrows=arrows,
        states=states,
    )
