"""„Meine Aufgaben“: each person's work across programmes and procedures, derived from the cases' states, gone once
done; counts, filters and saved filters; taking, assigning and assigning in bulk with German refusals; the next
item after a step; a notification that asked for work is no longer new once the work is done."""

from __future__ import annotations

import re

from sqlalchemy import select

from factories import consortium_application, draft, fire, in_state, user
from post_award_steps import final_case, on, start
from workflow.db import db
from workflow.models import AdminAuditEntry, Application, Notification, SavedFilter

IB = "integrationsbeauftragte"


def _tasks(page: str) -> list[str]:
    """Per row: the task's verb and the case's file number (or „Entwurf“)."""
    return re.findall(
        r'data-label="Aufgabe"><a href="[^"]*">([^<]+)</a>.*?data-label="Antrag"><a href="[^"]*">([^<]+)</a>',
        page,
        re.S,
    )


def _counts(page: str) -> dict[str, int]:
    return {label: int(n) for label, n in re.findall(r">([^<>]+): <strong>(\d+)</strong>", page)}


def _file_number(application_id: int) -> str:
    return db.session.get(Application, application_id).file_number


def test_each_person_sees_their_work_across_programmes_and_it_goes_when_done(app, client, auth, clock):
    im_case, _ = in_state(app, "submitted")
    ib_case, _ = in_state(app, "submitted", code=IB)
    asked, asked_clerk = in_state(app, "information_requested")
    proposed, _ = in_state(app, "decision_proposed")
    paid, paid_clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        start(paid, "payment", "request_payment", paid_clerk, amount="1000.00")
        numbers = {
            key: _file_number(i) for key, i in (("im", im_case), ("ib", ib_case), ("asked", asked), ("paid", paid))
        }
        numbers["proposed"] = _file_number(proposed)

    with app.app_context():
        draft("kommune.stuttgart", consortium_application(members=["08435018"]), consented=False)
    auth.login("kommune.hagnau")
    consent = client.get("/aufgaben").get_data(as_text=True)
    assert _counts(consent)["Zustimmungen zum Beitritt"] == 1 and "Beitritt zustimmen oder ablehnen" in consent
    auth.logout()

    auth.login(asked_clerk)
    page = client.get("/aufgaben").get_data(as_text=True)
    assert ("Nachforderung beantworten", numbers["asked"]) in _tasks(page)
    assert _counts(page)["Nachforderungen"] == 1
    # Its period ran out before 01.03.2027 (the day of the payment): marked, counted and kept by „Überfällig“.
    assert "überfällig seit" in page and _counts(page)["Überfällig"] == 1
    overdue = {number for _, number in _tasks(client.get("/aufgaben?frist=ueberfaellig").get_data(as_text=True))}
    assert overdue == {numbers["asked"]}
    assert "Nachforderungen 1." in client.get("/kommune").get_data(as_text=True)
    auth.logout()

    # The reviewer: two programmes, the payment to check; nothing that waits for the municipality or the approver.
    auth.login("pruefung.sued")
    response = client.get("/")
    assert response.headers["Location"].endswith("/aufgaben")
    page = client.get("/aufgaben").get_data(as_text=True)
    rows = _tasks(page)
    assert ("Antrag zur Prüfung übernehmen", numbers["im"]) in rows
    assert ("Antrag zur Prüfung übernehmen", numbers["ib"]) in rows
    assert {number for _, number in rows} >= {numbers["im"], numbers["ib"], numbers["paid"]}
    assert numbers["asked"] not in page and numbers["proposed"] not in {n for _, n in rows}
    counts = _counts(page)
    assert counts["Alle"] == len(rows) and counts["Anträge"] >= 2 and counts["Auszahlung"] >= 1
    only_ib = client.get("/aufgaben", query_string={"programm": IB}).get_data(as_text=True)
    assert {number for _, number in _tasks(only_ib)} == {numbers["ib"]}

    # Saved filters: kept per person, named, refused in German without a name, another person's is not found.
    saved = auth.post("/aufgaben/filter", {"name": "Nur IB", "programm": IB, "art": "antrag"}, page="/aufgaben")
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/aufgaben?art=antrag&programm=" + IB)
    assert "Nur IB</a>" in client.get("/aufgaben").get_data(as_text=True)
    unnamed = auth.post("/aufgaben/filter", {"name": "  "}, page="/aufgaben")
    assert unnamed.status_code == 422 and "Bitte geben Sie dem Filter einen Namen." in unnamed.get_data(as_text=True)
    with app.app_context():
        saved_id = db.session.scalar(select(SavedFilter.id))

    # The next item after a step, and the step's case gone from „mine and nobody's“ of a colleague.
    taken = auth.post(f"/antraege/{im_case}/aktionen/take", {})
    assert taken.status_code == 302
    assert "Nächster Vorgang aus „Meine Aufgaben“" in client.get(taken.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        # Its news of the submission asked for the take: read now, though the case still waits for a proposal.
        news = select(Notification.read_at).where(
            Notification.application_id == im_case, Notification.user_id == user("pruefung.sued").id
        )
        assert db.session.scalars(news).all() != [] and None not in db.session.scalars(news).all()
    following = client.get(f"/aufgaben/naechster?nach={im_case}")
    assert following.status_code == 302 and f"/antraege/{im_case}" not in following.headers["Location"]
    auth.logout()

    auth.login("referatsleitung")
    assert auth.post("/aufgaben/filter/loeschen", {"filter": saved_id}, page="/aufgaben").status_code == 404
    page = client.get("/aufgaben").get_data(as_text=True)
    # Taken by Daniel Maier: no longer the lead's (who is a reviewer too) unless the team is asked for.
    assert numbers["im"] not in {n for _, n in _tasks(page)}
    team = client.get("/aufgaben?zustaendig=team").get_data(as_text=True)
    assert numbers["im"] in {n for _, n in _tasks(team)} and "Daniel Maier" in team
    auth.logout()

    # The approver has the proposal to sign (its proposer never does: four eyes).
    auth.login("zeichnung")
    assert numbers["proposed"] in {n for _, n in _tasks(client.get("/aufgaben").get_data(as_text=True))}
    auth.logout()

    # The municipality answers: its request is gone, and its notification of the request is no longer new.
    auth.login(asked_clerk)
    with app.app_context():
        fire(asked, "answer", asked_clerk, comment="Anbei der Vertrag.")
    assert numbers["asked"] not in client.get("/aufgaben").get_data(as_text=True)
    with app.app_context():
        clerk_news = db.session.scalars(
            select(Notification).where(
                Notification.application_id == asked, Notification.user_id == user(asked_clerk).id
            )
        ).all()
        assert clerk_news and all(n.read_at is not None for n in clerk_news if "nachgefordert" in n.subject)


def test_take_and_assign_from_the_list_with_refusals(app, client, auth):
    first, _ = in_state(app, "submitted")
    second, _ = in_state(app, "submitted", code=IB)
    with app.app_context():
        sued, nord = user("pruefung.sued").id, user("pruefung.nord").id

    # A reviewer of other Kreise may not take it; a reviewer may not assign.
    auth.login("pruefung.nord")
    refused = auth.post("/aufgaben/uebernehmen", {"antrag": first}, page="/aufgaben")
    assert refused.status_code == 404
    auth.logout()
    auth.login("pruefung.sued")
    assert auth.post("/aufgaben/uebernehmen", {"antrag": first}, page="/aufgaben").status_code == 302
    with app.app_context():
        # Taken by the case's own step (in its history); the news of the submission is done for every reviewer.
        assert db.session.get(Application, first).state == "in_review"
        news = db.session.scalars(select(Notification).where(Notification.application_id == first)).all()
        assert {n.user_id for n in news} >= {sued, user("referatsleitung").id}
        assert all(n.read_at is not None for n in news)
    not_a_lead = auth.post("/aufgaben/zuweisen", {"antrag": second, "bearbeitung": sued}, page="/aufgaben")
    assert not_a_lead.status_code == 403 and "Zeichnungsbefugte" in not_a_lead.get_data(as_text=True)
    auth.logout()

    auth.login("zeichnung")
    team = client.get("/aufgaben?zustaendig=team").get_data(as_text=True)
    assert 'name="antrag"' in team and "Zuweisen an …" in team
    # Only people who may take one of the cases are offered (the north's reviewer is not).
    assert f'<option value="{sued}"' in team and f'<option value="{nord}"' not in team
    nothing = auth.post("/aufgaben/zuweisen", {"bearbeitung": sued}, page="/aufgaben")
    assert nothing.status_code == 400 and "mindestens einen Antrag" in nothing.get_data(as_text=True)
    wrong = auth.post(
        "/aufgaben/zuweisen", {"antrag": [first, second], "bearbeitung": nord, "zustaendig": "team"}, page="/aufgaben"
    )
    assert wrong.status_code == 403 and "nicht zuständig; es wurde nichts zugewiesen" in wrong.get_data(as_text=True)
    assert f'value="{first}" id=' in wrong.get_data(as_text=True) and " checked" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, second).reviewer_id is None
    bulk = auth.post("/aufgaben/zuweisen", {"antrag": [first, second], "bearbeitung": sued}, page="/aufgaben")
    assert bulk.status_code == 302
    single = auth.post("/aufgaben/zuweisen", {"nur": second, "antrag": first, "bearbeitung": sued}, page="/aufgaben")
    assert single.status_code == 302
    auth.logout()

    # A case in review that a colleague holds is taken by assignment, in the administration's audit.
    auth.login("referatsleitung")
    assert auth.post("/aufgaben/uebernehmen", {"antrag": first}, page="/aufgaben").status_code == 302
    with app.app_context():
        lead = user("referatsleitung").id
        assert [db.session.get(Application, i).reviewer_id for i in (first, second)] == [lead, sued]
        actions = db.session.scalars(
            select(AdminAuditEntry.action).where(AdminAuditEntry.action.like("case%")).order_by(AdminAuditEntry.id)
        ).all()
        assert actions == ["cases_assigned", "cases_assigned", "case_taken"]
