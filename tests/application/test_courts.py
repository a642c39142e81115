"""The Rechtsbehelfsbelehrung names the competent court: the Verwaltungsgericht of the applicant's Regierungsbezirk."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from sqlalchemy import select

from conftest import migrate_down
from factories import fire, fresh_applicant, submitted
from workflow import seed
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.engine.settings import parse_settings
from workflow.models import Application, Court, Document, Organisation
from workflow.engine.settings import REMEDY_TEXT

COURTS = {
    "081": ("Verwaltungsgericht Stuttgart", "Augustenstraße 5, 70178 Stuttgart"),
    "082": ("Verwaltungsgericht Karlsruhe", "Nördliche Hildapromenade 1, 76133 Karlsruhe"),
    "083": ("Verwaltungsgericht Freiburg", "Habsburgerstraße 103, 79104 Freiburg im Breisgau"),
    "084": ("Verwaltungsgericht Sigmaringen", "Karlstraße 13, 72488 Sigmaringen"),
}
# (clerk or None for a new one in the Bezirk, reviewer responsible for its Kreise)
APPLICANTS = {
    "081": ("kommune.stuttgart", "pruefung.nord"),
    "082": (None, "pruefung.nord"),
    "083": ("kommune.freiburg", "pruefung.sued"),
    "084": ("kommune.tettnang", "pruefung.sued"),
}


def letter_text(document_id: int) -> str:
    document = docx.Document(BytesIO(db.session.get(Document, document_id).content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def granted(clerk: str, reviewer: str) -> int:
    """A case of ``clerk`` taken, proposed for its requested amount and signed, through the workflow."""
    application_id = submitted(clerk)
    fire(application_id, "take", reviewer)
    fire(application_id, "propose_decision", reviewer, positions=[{"outcome": "granted"}])
    fire(application_id, "sign_grant", "zeichnung")
    return application_id


def notice_of(application_id: int) -> Document:
    return db.session.scalars(
        select(Document).where(Document.application_id == application_id, Document.kind == "grant_notice")
    ).one()


@pytest.mark.parametrize("bezirk", sorted(COURTS))
def test_the_grant_notice_names_the_court_of_the_applicants_bezirk(app, bezirk):
    with app.app_context():
        clerk, reviewer = APPLICANTS[bezirk]
        clerk = clerk or fresh_applicant(bezirke=(bezirk,))
        application_id = granted(clerk, reviewer)
        application = db.session.get(Application, application_id)
        assert application.state == "granted" and application.applicant.ags.startswith(bezirk)
        text = letter_text(notice_of(application_id).id)
    name, address = COURTS[bezirk]
    assert f"Klage beim {name}, {address}, erhoben werden." in text
    assert "{gericht}" not in text and "{anschrift}" not in text
    for other, (other_name, _) in COURTS.items():
        if other != bezirk:
            assert other_name not in text, other_name
    # The Bescheid is addressed to the body, its head and its Rathaus.
    applicant = application.applicant
    assert applicant.authority_name in text and applicant.head_name in text and applicant.street in text


def test_every_bezirk_has_its_court_and_loading_again_changes_nothing(app):
    with app.app_context():
        seed.ensure_territory(db.session)
        db.session.commit()
        courts = {
            court.regierungsbezirk.ags: (court.name, ", ".join(court.address_lines))
            for court in db.session.scalars(select(Court))
        }
        assert courts == COURTS


def test_the_competent_court_is_that_of_the_applicant_also_under_district_routing(app):
    """District routing decides at the applicant's RP: the same court, since the court districts are the Bezirke."""
    from workflow.letters.letter_context import case_context
    from factories import user

    with app.app_context():
        application_id = submitted("kommune.freiburg")
        application = db.session.get(Application, application_id)
        application.programme.routing = "district"
        context = case_context(db.session, application, user("zeichnung"), application.submitted_at.date(), {}, {})
        assert context["authority"]["name"] == "Regierungspräsidium Freiburg"
        assert context["court"]["name"] == "Verwaltungsgericht Freiburg"
        assert context["court"]["lines"] == [
            "Verwaltungsgericht Freiburg",
            "Habsburgerstraße 103",
            "79104 Freiburg im Breisgau",
        ]
        db.session.rollback()


@pytest.mark.parametrize(
    "text,message",
    [
        ("Klage beim Verwaltungsgericht Stuttgart erheben.", "muss den Platzhalter {gericht} enthalten"),
        ("Klage beim {gericht}, {adresse}.", "enthält den unbekannten Platzhalter {adresse}"),
    ],
)
def test_a_remedy_text_must_name_the_court_by_its_placeholder(text, message):
    declared = definition_for("integrationsmanagement").all_settings
    assert parse_settings(declared, {"remedy_text": REMEDY_TEXT}).errors == []
    errors = parse_settings(declared, {"remedy_text": text}).errors
    assert len(errors) == 1 and message in errors[0] and "Rechtsbehelfsbelehrung" in errors[0]


def _clear_address(ags: str) -> None:
    organisation = db.session.scalars(select(Organisation).where(Organisation.ags == ags)).one()
    organisation.street = None
    db.session.commit()


def test_signing_is_refused_while_the_applicant_has_no_postal_address(app):
    from workflow.engine.context import TransitionRefused

    with app.app_context():
        application_id = submitted("kommune.tettnang")
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "propose_decision", "pruefung.sued", positions=[{"outcome": "granted"}])
        _clear_address("08435057")
        with pytest.raises(TransitionRefused) as refused:
            fire(application_id, "sign_grant", "zeichnung")
        assert "Ohne Postanschrift kann der Bescheid nicht bekannt gegeben werden" in str(refused.value)
        assert "Tettnang (08435057)" in str(refused.value)
        db.session.rollback()
        assert db.session.get(Application, application_id).state == "decision_proposed"


def test_signing_is_refused_while_a_consortium_member_has_no_postal_address(app, client, auth):
    from application_data import consortium_application
    from http_steps import new_application, submit, action

    auth.login("kommune.meersburg")
    application_id = new_application(auth, client, consortium_application())
    submit(auth, client, application_id)
    auth.logout()
    auth.login("pruefung.sued")
    action(auth, application_id, "take")
    action(auth, application_id, "propose_decision", {"rulings-0-outcome": "granted", "reasons": ""})
    auth.logout()
    with app.app_context():
        _clear_address("08435010")
    auth.login("zeichnung")
    response = auth.post(f"/antraege/{application_id}/aktionen/sign_grant", {})
    page = response.get_data(as_text=True)
    assert response.status_code in (409, 422), response.status_code
    assert "Ohne Postanschrift" in page and "Daisendorf (08435010)" in page and "Meersburg (08435036)" not in page
    with app.app_context():
        assert db.session.get(Application, application_id).state == "decision_proposed"


def test_the_migration_puts_the_placeholders_where_stored_texts_named_the_stuttgart_court(app):
    """Versions stored before 0012 name the VG Stuttgart literally; 0012 replaces just that, keeping any edit."""
    from sqlalchemy import JSON, column, table

    from workflow import schema
    from workflow.engine.programmes import settings_of
    from workflow.models import ProgrammeVersion

    old_text = REMEDY_TEXT.replace(
        "{gericht}, {anschrift}", "Verwaltungsgericht Stuttgart, Augustenstraße 5, 70178 Stuttgart"
    )
    versions = table("programme_version", column("id"), column("settings", JSON()))
    with app.app_context():
        engine = db.engine
        migrate_down(engine, "0011")
        with engine.begin() as connection:
            # The shipped programmes use the standard text; the test programme brings its own.
            stored = {
                version_id: settings
                for version_id, settings in connection.execute(select(versions.c.id, versions.c.settings)).all()
                if "Urkundsbeamtin" in settings["remedy_text"]
            }
            assert stored and all(settings["remedy_text"] == old_text for settings in stored.values())
            edited = min(stored)
            connection.execute(
                versions.update()
                .where(versions.c.id == edited)
                .values(settings={**stored[edited], "remedy_text": old_text + " Eine Ergänzung der Verwaltung."})
            )
        schema.upgrade(engine)
        db.session.expire_all()
        for version in db.session.scalars(select(ProgrammeVersion).where(ProgrammeVersion.id.in_(stored))):
            expected = REMEDY_TEXT + (" Eine Ergänzung der Verwaltung." if version.id == edited else "")
            assert version.settings["remedy_text"] == expected
            assert settings_of(version).remedy_text == expected
