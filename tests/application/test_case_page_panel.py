"""The „Was jetzt zu tun ist“ panel at the top of the case page: what the applicant's clerk must do now,
derived from whose move it is in the workflow declaration."""

from __future__ import annotations

import re

from factories import in_state
from post_award_steps import final_case, on, start, step


def _panel(html: str) -> str:
    match = re.search(r'<section aria-labelledby="jetzt-titel".*?</section>', html, re.S)
    assert match, "the case page has no „Was jetzt zu tun ist“ panel"
    return match.group(0)


def _case_page(client, auth, app, state):
    application_id, clerk = in_state(app, state)
    auth.login(clerk)
    return application_id, client.get(f"/antraege/{application_id}").get_data(as_text=True)


def test_an_open_request_shows_its_text_deadline_and_the_answer_button(app, client, auth):
    application_id, html = _case_page(client, auth, app, "information_requested")
    panel = _panel(html)
    assert "Bitte Vertrag vorlegen." in panel
    assert "Frist zur Beantwortung der Nachforderung: bis" in panel
    assert re.search(r"bis \d\d\.\d\d\.\d{4}", panel)
    assert f'/antraege/{application_id}/aktionen/answer"' in panel
    # The answer comes before the withdrawal, which is only „außerdem möglich“.
    assert panel.index("aktionen/answer") < panel.index("Außerdem möglich") < panel.index("aktionen/withdraw")
    assert html.index("jetzt-titel") < html.index("betraege-titel")


def test_while_the_authority_works_the_clerk_has_nothing_to_do(app, client, auth):
    for state, expected in (
        ("submitted", ("In Prüfung",)),
        ("answered", ("Nachforderung offen", "Bewilligt", "Abgelehnt")),
    ):
        _, html = _case_page(client, auth, app, state)
        panel = _panel(html)
        assert (
            "Sie müssen nichts tun – die Bewilligungsstelle (Regierungspräsidium Stuttgart) prüft Ihren Antrag."
            in panel
        )
        assert "So kann es weitergehen" in panel
        # The outlook passes over the internal proposal and names what the applicant will see, e.g. a decision.
        assert all(label in panel for label in expected), state
        assert "Zur Zeichnung vorgelegt" not in panel
        auth.logout()


def test_the_reviewer_is_not_told_to_do_nothing(app, client, auth):
    application_id, _ = in_state(app, "in_review")
    auth.login("pruefung.sued")
    panel = _panel(client.get(f"/antraege/{application_id}").get_data(as_text=True))
    assert "Sie müssen nichts tun" not in panel
    assert "aktionen/propose_decision" in panel


def test_after_a_decision_the_letters_are_directly_under_the_status(app, client, auth):
    _, html = _case_page(client, auth, app, "granted")
    panel = _panel(html)
    assert "Zuwendungsbescheid" in panel
    assert panel.count("/dokumente/") >= 2  # the Bescheid and its annex
    assert "Entscheidungsvorschlag" not in panel  # the internal proposal is no letter to the applicant


def test_hashes_are_folded_away_for_the_applicant_and_shown_to_staff(app, client, auth):
    application_id, html = _case_page(client, auth, app, "granted")
    assert "SHA-256" in html
    for hit in re.finditer("SHA-256", html):
        assert "<details" in html[max(0, hit.start() - 200) : hit.start()]
    auth.logout()
    auth.login("pruefung.sued")
    staff = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert '<span class="muted hash">SHA-256' in staff


def test_a_deadline_is_shown_once_in_the_panel_not_again_below(app, client, auth):
    _, html = _case_page(client, auth, app, "information_requested")
    assert html.count("Frist zur Beantwortung der Nachforderung: bis") == 1
    auth.logout()
    _, html = _case_page(client, auth, app, "granted")
    panel = _panel(html)
    # The remedy period is said once, as the reason why money cannot be requested before it ends.
    assert "Derzeit müssen Sie nichts tun." in panel and "nach Ablauf der Klagefrist am" in panel
    assert 'id="fristen-titel"' not in html
    # The status line already describes the state; the panel does not repeat it.
    assert "die Klagefrist läuft" not in panel


def test_after_an_ordered_payment_the_clerk_sees_neither_a_blocked_step_as_possible_nor_the_authoritys_period(
    app, client, auth, clock
):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        payment = start(application_id, "payment", "request_payment", clerk, amount="1000.00")
        step(application_id, payment, "check_payment", "pruefung.sued")
        step(application_id, payment, "order_payment", "zeichnung")
    auth.login(clerk)
    panel = _panel(client.get(f"/antraege/{application_id}").get_data(as_text=True))
    # The proof of use opens only after the funding period: it is „Später“, not „Schon jetzt möglich“ …
    assert "Verwendungsnachweis" in panel and "Schon jetzt möglich" not in panel
    # … and the period for handing the payment to the cash office is the authority's, not the municipality's.
    assert "Übergabe an die Kasse" not in panel
    # Nor is the proof of use a task waiting in the clerk's inbox.
    assert "Verwendungsnachweis" not in client.get("/aufgaben").get_data(as_text=True).split("<main", 1)[1]
