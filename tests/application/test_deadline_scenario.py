"""The issue's "done when", tried as a new user would, with the clock moved forward.

A reviewer requests documents with a 14-day period that would end on Christmas
Day and sees it end on the next working day; the clerk is reminded once; the
case returns to the reviewer marked overdue once; a signed grant becomes final
a month after its notification without anybody pressing a button. Each step is
in the history, each mail in the outbox exactly once, although every sweep and
every mail delivery ran twice at the same moment.
"""

from __future__ import annotations

from collections import Counter

from factories import in_state, user
from sweeping import at_once, berlin, deliver, outbox_messages, sweep

SYSTEM_NAME = "Förderweg (automatisch)"


def _act(auth, application_id: int, name: str, data: dict | None = None) -> None:
    response = auth.post(f"/antraege/{application_id}/aktionen/{name}", data or {})
    assert response.status_code == 302, (name, response.get_data(as_text=True)[:2000])


def _page(auth, client, username: str, url: str) -> str:
    auth.login(username)
    text = client.get(url).get_data(as_text=True)
    auth.logout()
    return text


def _sweeps_at_once(app) -> list[str]:
    """Two sweeps and then two mail deliveries, each pair at the same moment; what the sweeps did."""
    reports = at_once(app, sweep)
    at_once(app, deliver)
    return sorted(action.transition for report in reports for action in report.done)


def test_deadlines_run_themselves_from_the_request_to_finality(app, client, auth, clock):
    application_id, clerk = in_state(app, "in_review")
    case = f"/antraege/{application_id}"

    # Friday 11.12.2026: 14 days would end on Christmas Day; the period ends on Monday 28.12.2026.
    clock.set(berlin(2026, 12, 11, 10))
    auth.login("pruefung.sued")
    _act(
        auth,
        application_id,
        "request_information",
        {"message": "Bitte den Arbeitsvertrag vorlegen.", "period_days": "14"},
    )
    assert "Frist zur Beantwortung der Nachforderung: bis 28.12.2026 (noch 17 Tage)" in client.get(case).get_data(
        as_text=True
    )
    auth.logout()

    clock.set(berlin(2026, 12, 24, 18))
    assert _sweeps_at_once(app) == []  # the reminder comes three days before the end, not earlier

    clock.set(berlin(2026, 12, 25, 6))
    assert _sweeps_at_once(app) == ["remind_response"]

    clock.set(berlin(2026, 12, 28, 23, 55))
    assert _sweeps_at_once(app) == []  # the last day is not over yet

    clock.set(berlin(2026, 12, 29, 0, 5))
    assert _sweeps_at_once(app) == ["expire_response"]
    queue = _page(auth, client, "pruefung.sued", "/pruefung")
    row = queue[queue.index(f'href="{case}"') - 200 : queue.index(f'href="{case}"') + 1200]
    assert 'class="overdue-row"' in row and "Frist abgelaufen" in row and "überfällig seit 1 Tag" in row

    # A person decides: the reviewer proposes a grant after all, the approver signs.
    clock.set(berlin(2026, 12, 29, 10))
    auth.login("pruefung.sued")
    _act(auth, application_id, "propose_decision", {"rulings-0-outcome": "granted", "reasons": "Vertrag liegt vor."})
    auth.logout()
    auth.login("zeichnung")
    _act(auth, application_id, "sign_grant")
    auth.logout()
    # Notified on Monday 04.01.2027 (Neujahr and a weekend in between), final after Thursday 04.02.2027.
    # The page says it once, where it matters: money can be called after the Klagefrist.
    assert "nach Ablauf der Klagefrist am 04.02.2027" in _page(auth, client, clerk, case)

    clock.set(berlin(2027, 2, 4, 23, 55))
    assert _sweeps_at_once(app) == []
    clock.set(berlin(2027, 2, 5, 0, 5))
    assert _sweeps_at_once(app) == ["become_final"]

    page = _page(auth, client, clerk, case)
    assert "Bestandskräftig" in page and "Offene Fristen" not in page
    for step in (
        "Erinnerung an die Frist der Nachforderung",
        "Frist der Nachforderung abgelaufen",
        "Bestandskraft eingetreten",
    ):
        assert page.count(f"<strong>{step}</strong>") == 1, step
    # The reminder, the expiry, the opening of the proof of use with the grant, and finality.
    assert page.count(SYSTEM_NAME) == 4

    with app.app_context():
        clerk_address = user(clerk).email
        reviewer_address = user("pruefung.sued").email
    mails = Counter((message["To"], message["Subject"].split(" – ")[0]) for message in outbox_messages(app))
    assert set(mails.values()) == {1}, mails
    to_clerk = {subject for (to, subject) in mails if clerk_address in to}
    assert to_clerk == {
        "Unterlagen nachgefordert",
        "Erinnerung: Frist der Nachforderung endet bald",
        "Frist der Nachforderung abgelaufen",
        "Zuwendungsbescheid erlassen",
        "Bescheid bestandskräftig",
    }
    to_reviewer = {subject for (to, subject) in mails if reviewer_address in to}
    assert {"Frist der Nachforderung abgelaufen", "Bescheid bestandskräftig"} <= to_reviewer
