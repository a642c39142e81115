"""Check answers and drafts: the summary links each row to its field, drafts are told apart and deleted by their
own organisation only (with the administration's audit), a new form takes the contact of the last application, the
fields say their purpose and keyboard, and a municipality already bound in the programme is warned."""

from __future__ import annotations

import re

from sqlalchemy import select

from application_data import consortium_application, single_application
from factories import draft, in_state, user
from workflow.db import db
from workflow.models import AdminAuditEntry, Application, MembershipRequest, Notification


def test_the_summary_links_each_row_to_its_field_on_the_form(app, client, auth):
    with app.app_context():
        application_id = draft("kommune.meersburg", consortium_application())
    auth.login("kommune.meersburg")
    page = client.get(f"/antraege/{application_id}/aktionen/submit").get_data(as_text=True)
    form = f"/antraege/{application_id}/bearbeiten"
    for anchor, what in (
        ("consortium_name", "Name des Zusammenschlusses"),
        ("members-0", "Mitgliedskommunen"),
        ("contact_name", "Ansprechperson"),
        ("account_holder", "Bankverbindung"),
        ("positions-0-person_name", "Stelle 1"),
        ("decl_truthful", "Erklärungen"),
    ):
        assert f'href="{form}#{anchor}">Ändern<span class="visually-hidden"> {what}</span></a>' in page, anchor
    edit = client.get(form).get_data(as_text=True)
    for anchor in ("consortium_name", "members-0", "contact_name", "account_holder", "positions-0-person_name"):
        assert f'id="{anchor}"' in edit, anchor
    # The submitted case's page shows the same summary without the links.
    assert "Ändern" not in client.get(f"/antraege/{in_state(app, 'submitted')[0]}").get_data(as_text=True)


def test_drafts_are_told_apart_by_their_name_and_dates(app, client, auth, clock):
    with app.app_context():
        draft("kommune.tettnang", single_application(**{"positions-0-person_name": "Jonas Ebert"}))
    clock.advance(days=2)
    with app.app_context():
        draft("kommune.tettnang", single_application(**{"positions-0-person_name": "Lea Sommer"}))
    auth.login("kommune.tettnang")
    page = client.get("/kommune").get_data(as_text=True)
    assert "Entwurf Nr." not in page
    # The test clock starts on 25.11.2026 at 08:00 UTC, 09:00 in Stuttgart.
    assert "„Jonas Ebert“, angelegt am 25.11.2026, zuletzt geändert am 25.11.2026, 09:00 Uhr" in page
    assert "„Lea Sommer“, angelegt am 27.11.2026, zuletzt geändert am 27.11.2026, 09:00 Uhr" in page


def test_a_draft_is_deleted_after_confirmation_by_its_own_organisation_only(app, client, auth):
    with app.app_context():
        application_id = draft("kommune.meersburg", consortium_application(), consented=False)
    url = f"/antraege/{application_id}/loeschen"
    auth.login("kommune.hagnau")  # a member named in the draft sees its request, not the draft
    assert client.get(url).status_code == 404
    assert client.post(url, data={}).status_code in (400, 404)
    auth.logout()
    auth.login("kommune.meersburg")
    confirm = client.get(url).get_data(as_text=True)
    assert "„Integrationsmanagement GVV Meersburg“, angelegt am 25.11.2026" in confirm
    assert (
        "Die Anfragen zum Beitritt an Hagnau am Bodensee, Daisendorf, Stetten werden damit zurückgenommen." in confirm
    )
    refused = client.post(url, data={})  # no CSRF token: nothing happens
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.get(Application, application_id) is not None
    done = auth.post(url, {})
    assert done.status_code == 302
    home = client.get("/kommune").get_data(as_text=True)
    assert "Der Entwurf „Integrationsmanagement GVV Meersburg“" in home and "ist gelöscht" in home
    with app.app_context():
        assert db.session.get(Application, application_id) is None
        assert not db.session.scalars(
            select(MembershipRequest).where(MembershipRequest.application_id == application_id)
        ).all()
        assert not db.session.scalars(select(Notification).where(Notification.application_id == application_id)).all()
        entry = db.session.scalars(select(AdminAuditEntry).where(AdminAuditEntry.action == "draft_deleted")).one()
        assert entry.actor_id == user("kommune.meersburg").id
        assert entry.summary.startswith("Antragsentwurf „Integrationsmanagement GVV Meersburg“, angelegt am 25.11.2026")
        assert entry.before["applicant"] == "Meersburg"


def test_a_submitted_application_cannot_be_deleted(app, client, auth):
    application_id, clerk = in_state(app, "submitted")
    auth.login(clerk)
    assert client.get(f"/antraege/{application_id}/loeschen").status_code == 403
    assert auth.post(f"/antraege/{application_id}/loeschen", {}, page="/kommune").status_code == 403
    with app.app_context():
        assert db.session.get(Application, application_id).state == "submitted"


def test_a_new_form_takes_the_contact_of_the_last_application(app, client, auth):
    _, clerk = in_state(app, "submitted", data=single_application(contact_name="Petra Vogt"))
    auth.login(clerk)
    page = client.get("/programme/integrationsmanagement/antraege/neu").get_data(as_text=True)
    assert re.search(r'id="contact_name"[^>]*value="Petra Vogt"', page)
    assert re.search(r'id="contact_email"[^>]*value="keller@meersburg.example"', page)
    assert "Übernommen aus dem letzten Antrag Ihrer Kommune" in page
    auth.logout()
    auth.login("kommune.tettnang")  # no application yet: nothing to take
    fresh = client.get("/programme/integrationsmanagement/antraege/neu").get_data(as_text=True)
    assert "Übernommen aus" not in fresh and not re.search(r'id="contact_name"[^>]*value="[^"]', fresh)


def test_the_fields_say_their_purpose_and_keyboard(app, client, auth):
    auth.login("kommune.tettnang")
    page = client.get("/programme/integrationsmanagement/antraege/neu").get_data(as_text=True)

    def attributes(field_id: str) -> str:
        return re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page).group(0)

    assert 'autocomplete="name"' in attributes("contact_name")
    assert 'autocomplete="tel"' in attributes("contact_phone") and 'inputmode="tel"' in attributes("contact_phone")
    assert 'autocomplete="email"' in attributes("contact_email")
    assert 'inputmode="email"' in attributes("contact_email")
    assert 'autocapitalize="characters"' in attributes("iban") and 'spellcheck="false"' in attributes("iban")
    assert 'inputmode="numeric"' in attributes("positions-0-employment_start")
    assert 'inputmode="decimal"' in attributes("positions-0-fte")


def test_a_member_bound_by_a_granted_joint_application_is_warned_before_applying_again(app, client, auth):
    application_id, _ = in_state(app, "granted", clerk="kommune.meersburg", data=consortium_application())
    with app.app_context():
        file_number = db.session.get(Application, application_id).file_number
    auth.login("kommune.hagnau")
    warning = (
        "Ihre Kommune ist in diesem Programm bereits gebunden: als Mitglied des Zusammenschlusses "
        f"„Integrationsmanagement GVV Meersburg“ (federführend: Meersburg), Antrag {file_number}, Status „Bewilligt“."
    )
    for url in ("/programme", "/programme/integrationsmanagement/antraege/neu"):
        assert warning in client.get(url).get_data(as_text=True), url
    # Another programme does not bind it.
    assert warning not in client.get("/programme/integrationsbeauftragte/antraege/neu").get_data(as_text=True)
    auth.logout()
    auth.login("kommune.tettnang")
    assert "bereits gebunden" not in client.get("/programme").get_data(as_text=True)


def test_a_bound_member_asked_to_join_another_consortium_is_warned_on_the_request(app, client, auth):
    in_state(app, "granted", clerk="kommune.meersburg", data=consortium_application())
    with app.app_context():
        other = draft(
            "kommune.stuttgart",
            consortium_application(members=["08435018"], consortium_name="Stuttgart und Hagnau"),
            consented=False,
        )
        request_id = db.session.scalars(
            select(MembershipRequest.id).where(MembershipRequest.application_id == other)
        ).one()
    auth.login("kommune.hagnau")
    page = client.get(f"/beitrittsanfragen/{request_id}").get_data(as_text=True)
    assert "Ihre Kommune ist in diesem Programm bereits gebunden: als Mitglied des Zusammenschlusses" in page
    assert "Stimmen Sie hier zu, kann der gemeinsame Antrag mit Ihrer Kommune nicht eingereicht werden." in page
