"""The state diagram, drawn as SVG from the workflow declaration."""
from __future__ import annotations

from dataclasses import dataclass
from collections import deque
from xml.sax.saxutils import escape

from workflow.definition import Workflow

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


def render_svg(workflow: Workflow) -> str:
    boxes = layout(workflow)
    width = max(box.x for box in boxes.values()) + BOX_WIDTH + MARGIN
    height = max(box.y for box in boxes.values()) + BOX_HEIGHT + MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="diagram-title" class="state-diagram">',
        '<title id="diagram-title">Zustandsdiagramm des Antragsverfahrens (Details in der Tabelle darunter)</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>',
    ]
    seen_pairs: dict[tuple[str, str], int] = {}  # arrow number per pair of states
    labels = []
    labelled: set[str] = set()
    for transition in workflow.transitions:
        for source in transition.sources:
            pair = (source, transition.target)
            if pair in seen_pairs:
                continue  # variants between the same two states share one arrow
            seen_pairs[pair] = len(seen_pairs)
            bend = 14 * (seen_pairs[pair] % 3 - 1)
            if source == transition.target:
                path, (lx, ly) = _loop(boxes[source])
            else:
                path, (lx, ly) = _edge(boxes[source], boxes[transition.target], bend=bend)
            parts.append(f'<path d="{path}" class="edge" marker-end="url(#arrow)"/>')
            if transition.label not in labelled:  # one label per step, however many sources it has
                labelled.add(transition.label)
                labels.append(f'<text x="{lx:.0f}" y="{ly - 3:.0f}" class="edge-label" text-anchor="middle">'
                              f"{escape(transition.label)}</text>")
    parts.extend(labels)
    for state in workflow.states:
        box = boxes[state.name]
        css = "state final" if state.final else ("state initial" if state.name == workflow.initial else "state")
        parts.append(
            f'<g class="{css}"><rect x="{box.x}" y="{box.y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="8"/>'
            f'<text x="{box.centre[0]:.0f}" y="{box.centre[1] + 5:.0f}" text-anchor="middle">{escape(state.label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
