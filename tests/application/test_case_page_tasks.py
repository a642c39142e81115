"""After the Bescheid the case page says once what the person can and must do now, and when the rest opens:
never „Sie müssen nichts tun“ beside an open task, never money „abrufbar“ without a way to request it, never a
primary „Verwendungsnachweis einreichen“ years before it is due."""

from __future__ import annotations

import re

from factories import in_state
from post_award_steps import claim_of, final_case, on, paid_case, proposed_revocation, step
from test_case_page_panel import _panel


def _page(client, auth, username, application_id) -> str:
    auth.login(username)
    return client.get(f"/antraege/{application_id}").get_data(as_text=True)


def _primary_links(panel: str) -> list[str]:
    return re.findall(r'<a class="button primary[^"]*" href="[^"]*">([^<]+)</a>', panel)


def test_before_bestandskraft_the_page_says_when_money_can_be_requested_and_why(app, client, auth):
    application_id, clerk = in_state(app, "granted")
    html = _page(client, auth, clerk, application_id)
    panel = _panel(html)
    assert "Heute abrufbar" not in html
    assert "Mittel abrufen: ab " in panel and "bestandskräftig" in panel and "auf Rechtsbehelfe verzichtet" in panel
    # The proof of use is due years later: said with its dates, not offered as the thing to do now.
    assert "Verwendungsnachweis 1: ab 01.03.2029" in panel and "spätestens bis" in panel
    # Nor shown as „Schon jetzt möglich“ while it is blocked (a greyed-out button there said two things at once).
    assert "Verwendungsnachweis einreichen" not in html and "Schon jetzt möglich" not in panel


def test_money_that_can_be_requested_is_a_task_with_its_button(app, client, auth, clock):
    application_id, clerk = final_case(app)
    on(clock, "2027-03-01")
    panel = _panel(_page(client, auth, clerk, application_id))
    assert "Sie müssen nichts tun" not in panel
    assert "Heute abrufbar: " in panel
    assert "Mittel abrufen" in _primary_links(panel)


def test_the_proof_of_use_is_the_task_once_the_funding_period_has_ended(app, client, auth, clock):
    application_id, clerk = final_case(app)
    on(clock, "2029-03-05")
    html = _page(client, auth, clerk, application_id)
    panel = _panel(html)
    assert "Sie müssen nichts tun" not in panel
    assert "Verwendungsnachweis einreichen" in _primary_links(panel)
    assert "Verwendungsnachweis 1: bis 28.05.2029" in panel
    assert html.count("Verwendungsnachweis einreichen") == 1  # not again in the list of procedures


def test_an_open_repayment_is_a_task_of_the_recipient_not_of_nobody(app, client, auth, clock):
    application_id, clerk = paid_case(app, clock)
    with app.app_context():
        on(clock, "2027-07-01")
        revocation = proposed_revocation(application_id, revoked="54000.00", effective_from="01.03.2027")
        step(application_id, revocation, "sign_revocation", "zeichnung")
        claim_of(application_id)
    on(clock, "2027-09-01")  # past the due date
    panel = _panel(_page(client, auth, clerk, application_id))
    assert "Sie müssen nichts tun" not in panel
    assert re.search(r"Forderung 1: bis \d\d\.\d\d\.2027", panel)
    assert "Zu erstatten: heute" in panel


def test_the_procedures_table_is_styled_like_the_other_lists(app, client, auth):
    application_id, clerk = in_state(app, "granted")
    html = _page(client, auth, clerk, application_id)
    assert '<table class="list stacked">\n    <caption>Vorgänge</caption>' in html
