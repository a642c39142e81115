"""Onboarding at scale: a table of municipal contacts becomes clerk accounts with invitations, all or nothing;
the invitations go out over real SMTP and a clerk sets a password through one and logs in."""

from __future__ import annotations

import html
import io
import re

from sqlalchemy import func, select

from account_steps import GOOD_PASSWORD, administrative_changes, link_path, set_password
from allocation_files import xlsx_of
from conftest import AuthActions
from population_files import csv_bytes
from sweeping import deliver
from workflow.db import db
from workflow.models import AdminAuditEntry, OutgoingMail, User

PAGE = "/verwaltung/benutzer/einspielen"


def _gemeinden(app, count: int) -> list[tuple[str, str]]:
    with app.app_context():
        from workflow.models import Organisation, OrganisationKind

        rows = db.session.execute(
            select(Organisation.ags, Organisation.name)
            .where(Organisation.kind == OrganisationKind.GEMEINDE)
            .order_by(Organisation.ags)
            .limit(count)
        )
        return [tuple(row) for row in rows]


def _upload(auth, client, content: bytes, filename: str):
    auth.login("admin")
    from conftest import csrf_token_of

    token = csrf_token_of(client.get(PAGE).get_data(as_text=True))
    return client.post(
        PAGE, data={"csrf_token": token, "table": (io.BytesIO(content), filename)}, content_type="multipart/form-data"
    )


UPLOAD_FIELD = re.compile(r'name="upload" value="([^"]+)"')


def _confirm(auth, preview):
    """Press „Konten anlegen und einladen“ on the preview."""
    assert preview.status_code == 200, preview.get_data(as_text=True)[:3000]
    page = preview.get_data(as_text=True)
    return auth.post(f"{PAGE}/bestaetigen", {"upload": html.unescape(UPLOAD_FIELD.search(page).group(1))}, page=PAGE)


def _upload_and_confirm(auth, client, content: bytes, filename: str):
    return _confirm(auth, _upload(auth, client, content, filename))


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_twenty_contacts_are_invited_over_smtp_and_one_of_them_logs_in(app, client, auth, smtp):
    gemeinden = _gemeinden(app, 20)
    lines = ["AGS;Gemeinde;Name;E-Mail;Funktion"] + [
        f"{ags};{name};Person {index};person{index}@kommune{index}.example;Integrationsbeauftragte"
        for index, (ags, name) in enumerate(gemeinden)
    ]
    before = _users(app)
    preview = _upload(auth, client, csv_bytes(*lines), "kontakte.csv")
    assert "20 Konten anlegen und einladen" in preview.get_data(as_text=True)
    assert "person7@kommune7.example" in preview.get_data(as_text=True)
    assert _users(app) == before, "the preview creates nobody"
    response = _confirm(auth, preview)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _users(app) == before + 20
    mailbox = smtp.start()
    assert deliver(app).sent == 20
    assert len(mailbox.messages) == 20
    [message] = mailbox.to("person7@kommune7.example")
    assert message["Subject"] == "Einladung zu Förderweg"
    AuthActions(client).logout()
    assert set_password(client, link_path(message)).status_code == 302
    assert AuthActions(client).login("person7@kommune7.example", GOOD_PASSWORD).status_code == 302
    with app.app_context():
        person = db.session.scalar(select(User).where(User.username == "person7@kommune7.example"))
        assert person.organisation.ags == gemeinden[7][0] and person.has_role("clerk")
        assert db.session.scalar(select(func.count()).where(AdminAuditEntry.action == "contacts_imported")) == 1


def test_a_table_with_any_problem_creates_nobody_and_names_each_line(app, client, auth):
    [(ags, name), (other, other_name)] = _gemeinden(app, 2)
    content = xlsx_of(
        ["AGS", "Gemeinde", "Name", "E-Mail-Adresse", "Funktion"],
        [
            [ags, name, "Eva Eins", "eva@eins.example", "Hauptamt"],
            ["08999999", "Nirgendwo", "Otto Zwei", "otto@zwei.example", ""],
            [other, other_name, "", "kein-mail", ""],
            [other, other_name, "Eva Doppelt", "EVA@eins.example", ""],
            [other, other_name, "Daniel Maier", "pruefung.sued", ""],
        ],
    )
    before = _users(app)
    response = _upload(auth, client, content, "kontakte.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Eine Gemeinde mit dem Schlüssel 08999999 ist nicht bekannt." in page
    assert "Der Name fehlt." in page and "„kein-mail“ ist keine gültige E-Mail-Adresse." in page
    assert "steht bereits in Zeile 2" in page
    for line in ('<td class="num">3</td>', '<td class="num">4</td>', '<td class="num">5</td>'):
        assert line in page
    assert _users(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
        assert administrative_changes() == 0


def test_a_table_without_the_needed_columns_is_refused_in_german(app, client, auth):
    response = _upload(auth, client, csv_bytes("Ort;Telefon", "Meersburg;07532"), "falsch.csv")
    assert response.status_code == 422
    assert "E-Mail" in response.get_data(as_text=True)


def test_resending_an_invitation_revokes_the_earlier_link_and_revoking_ends_it(app, client, auth):
    [(ags, name)] = _gemeinden(app, 1)
    _upload_and_confirm(
        auth, client, csv_bytes("AGS;Gemeinde;Name;E-Mail", f"{ags};{name};Eva Eins;eva@eins.example"), "k.csv"
    )
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "eva@eins.example"))
    page = f"/verwaltung/benutzer/{user_id}"
    assert auth.post(f"{page}/einladung", {}, page=page).status_code == 302
    deliver(app)
    from sweeping import outbox_messages

    first, second = [link_path(m) for m in outbox_messages(app)]
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    assert auth.post(f"{page}/einladung/widerrufen", {}, page=page).status_code == 302
    assert client.get(second).status_code == 404
    again = auth.post(f"{page}/einladung/widerrufen", {}, page=page)
    assert again.status_code == 409 and "keine offene Einladung" in again.get_data(as_text=True)


def test_a_key_that_belongs_to_another_gemeinde_is_refused_with_its_line(app, client, auth):
    """08436081 is Wangen im Allgäu: a row meant for Tettnang with that key makes nobody a clerk of Wangen."""
    content = csv_bytes(
        "AGS;Gemeinde;Name;E-Mail",
        "08435057;Stadt Tettnang;Tina Richtig;tina@tettnang.example",
        "08436081;Tettnang;Tom Falsch;tom@tettnang.example",
    )
    before = _users(app)
    response = _upload(auth, client, content, "kontakte.csv")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Der Schlüssel 08436081 gehört zu Wangen im Allgäu, nicht zu „Tettnang“." in page
    assert '<td class="num">3</td>' in page and "Stadt Tettnang" not in page.split("Fehler in der Tabelle")[1]
    assert _users(app) == before


def test_a_confirmation_without_a_checked_table_creates_nobody(app, client, auth):
    auth.login("admin")
    before = _users(app)
    response = auth.post(f"{PAGE}/bestaetigen", {"upload": "gefaelscht.abc"}, page=PAGE)
    assert response.status_code == 400 and "gehört zu keiner geprüften Tabelle" in response.get_data(as_text=True)
    assert _users(app) == before
