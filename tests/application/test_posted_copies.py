"""Bekanntgabe per addressee (issue 23 no. 3): a consortium member without an account gets its copy of the Bescheid by
post. Its letter names no Bekanntgabe day, the case page asks the reviewer to post it, the decision cannot become final
while the copy waits, and the Ab-Vermerk sets the member's Bekanntgabe and with it the day the case becomes final."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from application_data import consortium_application
from factories import fire, submitted
from sweeping import berlin, sweep
from http_steps import document_text
from workflow.db import db
from workflow.letters import dispatch
from workflow.models import Deadline, Organisation, User

BEKANNT = "Dieser Bescheid gilt als am {} bekannt gegeben"


def test_a_posted_copy_is_notified_from_its_ab_vermerk_and_the_case_waits_for_it(app, client, auth, clock):
    clock.set(berlin(2026, 12, 1, 10))  # Tuesday
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "propose_decision", "pruefung.sued", positions=[{"outcome": "granted"}])
        stetten = db.session.scalars(select(Organisation).where(Organisation.name == "Stetten")).one()
        db.session.execute(update(User).where(User.organisation_id == stetten.id).values(active=False))
        fire(application_id, "sign_grant", "zeichnung")
        db.session.commit()
        copies = {record.organisation.name: record for record in dispatch.of_case(db.session, application_id)}
        assert set(copies) == {"Meersburg", "Hagnau am Bodensee", "Daisendorf", "Stetten"}
        posted = copies.pop("Stetten")
        assert (posted.channel, posted.sent_on, posted.notified_on) == ("post", None, None)
        # Signed on Tuesday, mailed to the accounts the same day: notified on the third day, Friday 04.12.2026.
        assert {(r.channel, r.sent_on, r.notified_on) for r in copies.values()} == {
            ("electronic", date(2026, 12, 1), date(2026, 12, 4))
        }
        lead_letter_id, member_letter_id, dispatch_id = copies["Meersburg"].document_id, posted.document_id, posted.id

    auth.login("pruefung.sued")
    assert BEKANNT.format("04.12.2026") in document_text(client, lead_letter_id)
    member_letter = document_text(client, member_letter_id)
    assert "gilt als am" not in member_letter, "a day nobody knows yet is never printed"
    assert "durch die Post übermittelt" in member_letter and "am dritten Tag nach der Aufgabe zur Post" in member_letter
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Versand der Ausfertigungen – 1 per Post ausstehend" in case and "Ab-Vermerk eintragen" in case
    assert "Ausfertigung für Stetten per Post versenden" in case and "Sie müssen nichts tun" not in case
    auth.logout()

    # The Klagefrist of the accounts ended on Monday 04.01.2027; Stetten's has not begun, so the case is not final.
    clock.set(berlin(2027, 1, 5, 0, 5))
    report = sweep(app)
    assert not report.done and "Versand per Post ausstehend (Stetten)" in report.refused[0][1]

    clock.set(berlin(2027, 1, 5, 9))
    auth.login("pruefung.sued")
    url = f"/antraege/{application_id}/versand/{dispatch_id}"
    refused = auth.post(url, {"channel": "post", "day": "06.01.2027"})
    assert refused.status_code == 422 and "zwischen dem 01.12.2026 (Ausfertigung) und heute" in refused.get_data(
        as_text=True
    )
    assert auth.post(url, {"channel": "post", "day": "05.01.2027"}).status_code == 302
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "zur Post gegeben am 05.01.2027" in case and "Bekannt gegeben am <strong>08.01.2027</strong>" in case
    assert "ausstehend" not in case
    auth.logout()

    with app.app_context():
        remedy = db.session.scalars(select(Deadline).where(Deadline.application_id == application_id)).all()
        # Posted Tuesday 05.01.2027, notified Friday 08.01.2027: the Klagefrist ends on Monday 08.02.2027.
        assert [d.due_on for d in remedy if d.kind == "remedy"] == [date(2027, 2, 8)]
    clock.set(berlin(2027, 2, 8, 23, 55))
    assert not sweep(app).done
    clock.set(berlin(2027, 2, 9, 0, 5))
    assert [action.transition for action in sweep(app).done] == ["become_final"]
