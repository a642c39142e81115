"""The workflow declaration is consistent: everything derived from it can rely on it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from forms.transitions import TRANSITION_FORMS
from workflow.programmes.diagram import diagram
from workflow.letters.documents import DOCUMENT_KINDS
from workflow.engine.notice_kinds import PROGRESS, notice_problems
from workflow.models.user import Role
from workflow.operations.notifications import RECIPIENTS
from workflow.engine.programmes import all_definitions

DEFINITIONS = all_definitions()
WORKFLOWS = {definition.workflow.name: definition.workflow for definition in DEFINITIONS}


@pytest.fixture(params=sorted(WORKFLOWS), name="workflow")
def workflow_fixture(request):
    return WORKFLOWS[request.param]


def test_every_state_is_reachable_from_the_initial_state(workflow):
    reachable = {workflow.initial}
    frontier = [workflow.initial]
    while frontier:
        for transition in workflow.transitions_from(frontier.pop()):
            if transition.target not in reachable:
                reachable.add(transition.target)
                frontier.append(transition.target)
    assert reachable == {state.name for state in workflow.states}


def test_transitions_connect_declared_states_and_names_are_unique(workflow):
    names = [state.name for state in workflow.states]
    assert len(names) == len(set(names))
    assert len({t.name for t in workflow.transitions}) == len(workflow.transitions)
    for transition in workflow.transitions:
        assert transition.target in names, transition.name
        assert set(transition.sources) <= set(names), transition.name
        assert transition.roles, f"{transition.name} has nobody who may fire it"


def test_final_states_are_final_and_every_other_state_has_a_way_on(workflow):
    for state in workflow.states:
        outgoing = workflow.transitions_from(state.name)
        assert bool(outgoing) != state.final, state.name


def test_every_guard_states_its_rule(workflow):
    for transition in workflow.transitions:
        for guard in transition.guards:
            assert guard.description.strip().endswith("."), (transition.name, guard.description)
            assert callable(guard.check)


def test_every_form_named_by_a_transition_exists(workflow):
    for transition in workflow.transitions:
        assert transition.form in TRANSITION_FORMS, transition.name


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.code)
def test_every_document_of_every_transition_has_a_template(definition):
    for transition in definition.workflow.transitions:
        for kind in transition.documents:
            assert kind in DOCUMENT_KINDS, (transition.name, kind)
            assert definition.templates.exists(kind), f"{definition.code}: Vorlage für {kind} fehlt"


def test_deadlines_expire_into_a_system_transition_and_are_closed_somewhere(workflow):
    opened = {spec.kind: spec for t in workflow.transitions for spec in t.opens}
    closed = {kind for t in workflow.transitions for kind in t.closes}
    assert set(opened) <= closed
    for spec in opened.values():
        for name in filter(None, (spec.on_expiry, spec.on_reminder)):
            system_step = workflow.transition(name)
            assert system_step is not None and system_step.roles == (Role.SYSTEM,), (spec.kind, name)
            # The sweep names the deadline; the guard checks it under the case's lock.
            assert system_step.guards, name
        if spec.on_reminder:
            reminder = workflow.transition(spec.on_reminder)
            assert reminder.sources == (reminder.target,), "a reminder leaves the case where it is"


def test_every_notification_names_known_recipients_a_headline_and_its_kind(workflow):
    for transition in workflow.transitions:
        assert set(transition.notify) <= set(RECIPIENTS), transition.name
        assert bool(transition.notify) == bool(transition.notice), transition.name
        assert notice_problems(transition) == []
        assert not transition.notice_kind or transition.notify, transition.name


def test_a_bescheid_to_every_party_cannot_be_mailed_as_news_one_may_switch_off():
    sign_grant = next(t for w in WORKFLOWS.values() for t in w.transitions if t.name == "sign_grant")
    assert notice_problems(replace(sign_grant, notice_kind=PROGRESS)) == [
        "Der Schritt „sign_grant“ stellt ein Schreiben zu; seine E-Mail muss immer sofort gehen."
    ]
    assert "keine bekannte Art" in notice_problems(replace(sign_grant, notice_kind=""))[0]


def test_confirmation_needed_for_irreversible_steps(workflow):
    for name in ("withdraw", "waive_remedies", "sign_grant", "sign_partial_grant", "sign_rejection"):
        assert workflow.transition(name).confirm, name


def test_diagram_shows_every_state_once_and_labels_every_step(workflow):
    drawn = diagram(workflow)
    assert sorted(box.label for box in drawn.states) == sorted(state.label for state in workflow.states)
    drawn_labels = {name for arrow in drawn.arrows if arrow.label for name in arrow.label.split(" / ")}
    assert drawn_labels == {t.label for t in workflow.transitions}
    first = next(box for box in drawn.states if box.label == workflow.state(workflow.initial).label)
    assert all(first.text.rect.y <= box.text.rect.y for box in drawn.states), (
        "drawn top to bottom from the initial state"
    )


def test_the_diagram_page_draws_the_declaration(client, auth):
    auth.login("pruefung.sued")
    page = client.get("/ablauf").get_data(as_text=True)
    assert "<svg" in page and "Zustandsdiagramm" in page
    for state in ("Entwurf", "Frist abgelaufen", "Bestandskräftig"):
        assert f">{state}</text>" in page


def test_a_programme_that_takes_change_reports_must_read_them():
    from dataclasses import replace

    from workflow.engine.programmes import definition_for
    from workflow.engine.rules import ProgrammeRules
    from workflow.programmes.check import workflow_problems

    teilhabe = definition_for("teilhabe")
    assert [p for p in workflow_problems(teilhabe) if p.where == "Regeln"] == []
    forgetful = type("Forgetful", (type(teilhabe.rules),), {"change_content": ProgrammeRules.change_content})()
    problems = workflow_problems(replace(teilhabe, rules=forgetful))
    assert [str(p) for p in problems if p.where == "Regeln"] == [
        "Regeln: Das Programm nimmt Änderungsanzeigen an, liest sie aber nicht (change_content)."
    ]
