"""The state diagram of every workflow of every installed programme is readable: nothing drawn overlaps, nothing is cut."""

from __future__ import annotations

import re

import pytest

from browser_steps import log_in
from workflow.programmes.diagram import CHAR_WIDTH, MANY_SOURCES, Rect, diagram
from workflow.engine.declaration import State, Transition, Workflow
from workflow.engine.programmes import all_definitions, workflows_of
from workflow.models.user import Role


def _odd_workflow() -> Workflow:
    """What a programme under construction may declare: a way back to the start, arrows both ways between
    two states, a named loop, a state nothing leads to, a cycle of two states apart from the rest, and
    a step from many states (one of them the start itself) back to the start."""

    def step(label, sources, target):
        return Transition(label.lower(), label, tuple(sources), target, (Role.CLERK,))

    names = ("start", "middle", "end", "lonely", "left", "right")
    return Workflow(
        "odd",
        "start",
        tuple(State(name, name.title(), "") for name in names),
        (
            step("Weiter", ["start", "middle"], "middle"),
            step("Zurück zum Anfang mit einem sehr langen Namen", ["middle", "end"], "start"),
            step("Ende", ["middle"], "end"),
            step("Weiter", ["end"], "middle"),
            step("Hin", ["left"], "right"),
            step("Her", ["right"], "left"),
            step("Neu beginnen", ["start", "middle", "end", "lonely"][:MANY_SOURCES], "start"),
        ),
    )


WORKFLOWS = {
    f"{definition.code}/{workflow.name}": workflow
    for definition in all_definitions()
    for workflow in workflows_of(definition)
}
WORKFLOWS["an odd one"] = _odd_workflow()


@pytest.fixture(params=sorted(WORKFLOWS), name="workflow_name")
def workflow_name_fixture(request):
    return request.param


@pytest.fixture(name="drawn")
def drawn_fixture(workflow_name):
    return diagram(WORKFLOWS[workflow_name])


def test_the_procedures_after_the_decision_are_drawn_too():
    assert any(name.endswith("/payment") for name in WORKFLOWS)


def test_every_arrow_of_every_step_is_drawn_and_named(workflow_name):
    workflow = WORKFLOWS[workflow_name]
    arrows = diagram(workflow).arrows
    assert all(arrow.label and arrow.chip.lines for arrow in arrows)
    for transition in workflow.transitions:
        for source in transition.sources:
            assert any(
                source in arrow.sources
                and arrow.target == transition.target
                and transition.label in arrow.label.split(" / ")
                for arrow in arrows
            ), (transition.name, source)


def test_a_step_from_many_states_is_one_arrow_from_a_note_naming_the_step_and_the_states(workflow_name):
    workflow = WORKFLOWS[workflow_name]
    arrows = diagram(workflow).arrows
    for transition in workflow.transitions:
        drawn = [
            arrow
            for arrow in arrows
            if transition.target == arrow.target
            and set(transition.sources) & set(arrow.sources)
            and transition.label in arrow.label.split(" / ")
        ]
        if len(transition.sources) >= MANY_SOURCES:
            (note,) = drawn
            assert note.from_note and note.label == transition.label
            text = " ".join(line for line, _ in note.chip.lines)
            assert transition.label in text
            assert all(workflow.state(source).label in text for source in transition.sources)
        else:
            assert not any(arrow.from_note for arrow in drawn), transition.name


@pytest.mark.parametrize("definition", all_definitions(), ids=lambda definition: definition.code)
def test_withdrawing_an_application_is_drawn_from_a_note(definition):
    withdraw = definition.workflow.transition("withdraw")
    assert len(withdraw.sources) >= MANY_SOURCES
    assert [arrow.label for arrow in diagram(definition.workflow).arrows if arrow.from_note] == [withdraw.label]


@pytest.mark.parametrize("definition", all_definitions(), ids=lambda definition: definition.code)
def test_the_arrows_of_a_step_into_one_state_join_at_one_label(definition):
    propose = definition.workflow.transition("propose_decision")
    drawn = [arrow for arrow in diagram(definition.workflow).arrows if arrow.label == propose.label]
    assert [sorted(arrow.sources) for arrow in drawn] == [sorted(propose.sources)]


def test_no_two_rectangles_overlap(drawn):
    rectangles = drawn.rectangles()
    for number, rectangle in enumerate(rectangles):
        for other in rectangles[number + 1 :]:
            assert not rectangle.overlaps(other), (rectangle, other)


def test_every_state_and_label_lies_inside_the_picture(drawn):
    for rectangle in drawn.rectangles():
        assert 0 <= rectangle.x and rectangle.right <= drawn.width, rectangle
        assert 0 <= rectangle.y and rectangle.bottom <= drawn.height, rectangle


def test_every_line_of_text_fits_its_rectangle(drawn):
    texts = [state.text for state in drawn.states] + [arrow.chip for arrow in drawn.arrows]
    for text in texts:
        for line, baseline in text.lines:
            assert len(line) * CHAR_WIDTH < text.rect.width, line
            assert text.rect.y < baseline < text.rect.bottom, line


def test_no_arrow_crosses_a_state_or_another_arrows_label(drawn):
    states = [state.text.rect for state in drawn.states]
    for arrow in drawn.arrows:
        others = states + [other.chip.rect for other in drawn.arrows if other is not arrow]
        for x, y in _points_along(arrow.path):
            assert 0 <= x <= drawn.width and 0 <= y <= drawn.height, arrow.label
            assert not any(_strictly_inside(x, y, rectangle) for rectangle in others), (arrow.label, x, y)


def _points_along(path: str, steps: int = 20):
    """Points on an SVG path of M, L and C commands (all the diagram draws)."""
    position = None
    for command, numbers in re.findall(r"([MLC])([^MLC]*)", path):
        points = [tuple(map(float, pair.split(","))) for pair in numbers.split()]
        if command == "C":
            (x1, y1), (x2, y2), (x3, y3) = points
            x0, y0 = position
            for step in range(steps + 1):
                t = step / steps
                a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                yield a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3
        else:
            ((x, y),) = points
            if command == "L":
                x0, y0 = position
                yield from ((x0 + (x - x0) * step / steps, y0 + (y - y0) * step / steps) for step in range(steps + 1))
        position = points[-1]


def _strictly_inside(x: float, y: float, rectangle: Rect) -> bool:
    return rectangle.x + 0.5 < x < rectangle.right - 0.5 and rectangle.y + 0.5 < y < rectangle.bottom - 0.5


@pytest.mark.browser
def test_every_text_fits_its_box_in_the_browser_font(browser_page):
    """The widths above are estimates; here the browser measures every line in the font it draws with."""
    log_in(browser_page, "pruefung.sued")
    for procedure in ("", "?vorgang=payment", "?vorgang=change", "?vorgang=proof_of_use", "?vorgang=revocation"):
        browser_page.goto(f"/ablauf{procedure}")
        too_wide = browser_page.evaluate("""[...document.querySelectorAll('.state-diagram g')].flatMap(group => {
            const box = group.querySelector('rect').getBBox();
            return [...group.querySelectorAll('text')].filter(text => {
                const line = text.getBBox();
                return line.x < box.x || line.x + line.width > box.x + box.width || line.y < box.y || line.y + line.height > box.y + box.height;
            }).map(text => text.textContent);
        })""")
        assert too_wide == [], procedure


@pytest.mark.browser
def test_on_a_phone_the_diagram_opens_where_the_procedure_starts(browser_page):
    browser_page.set_viewport_size({"width": 390, "height": 844})
    log_in(browser_page, "pruefung.sued")
    browser_page.goto("/ablauf")
    start = browser_page.locator(".state-diagram .state.initial rect").bounding_box()
    assert 0 <= start["x"] and start["x"] + start["width"] <= 390, start
