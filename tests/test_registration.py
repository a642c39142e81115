"""A freier Träger registers itself, sets its password through the mailed link and applies under the programme open
to it — with the ANBest-P in its Bescheid — while the programmes for municipalities stay closed to it."""

from __future__ import annotations

from account_steps import GOOD_PASSWORD, delivered_links, set_password
from application_data import teilhabe_application
from teilhabe_steps import REGISTRATION
from http_steps import action, document_text, documents, submit
from workflow.db import db
from workflow.models import Application, Organisation, User
from workflow.models.organisation import OrganisationKind


def test_bad_input_is_refused_in_german_keeps_what_was_typed_and_stores_nothing(app, client, auth):
    wrong = {
        **REGISTRATION,
        "register_entry": "",
        "postcode": "8806",
        "workplace": "Atlantis",
        "contact_email": "weber@",
        "username": "kommune.tettnang",
    }
    response = auth.post("/registrieren", wrong)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Bitte geben Sie das Registergericht und die Registernummer an",
        "Bitte geben Sie die fünfstellige Postleitzahl an.",
        "in der Ihr Träger tätig ist",
        "Bitte geben Sie eine gültige E-Mail-Adresse an.",
        "Den Benutzernamen „kommune.tettnang“ gibt es schon.",
    ):
        assert message in page
    assert "Elternverein Miteinander e. V." in page and "Lindenstraße 4" in page
    with app.app_context():
        assert db.session.query(Organisation).filter_by(kind=OrganisationKind.FREIER_TRAEGER).count() == 0


def test_an_association_registers_applies_and_is_granted_with_the_anbest_p(app, client, auth):
    response = auth.post("/registrieren", REGISTRATION)
    assert response.status_code == 200 and "weber@miteinander.example" in response.get_data(as_text=True)
    with app.app_context():
        verein = db.session.query(Organisation).filter_by(name=REGISTRATION["name"]).one()
        # It works in Tettnang: Bodenseekreis, Regierungsbezirk Tübingen — the reviewers and the court follow.
        assert (verein.kind, verein.ags, verein.kreis.name, verein.regierungsbezirk.ags) == (
            OrganisationKind.FREIER_TRAEGER,
            None,
            "Bodenseekreis",
            "084",
        )
        assert db.session.query(User).filter_by(username="miteinander.tettnang").one().awaits_password
    [path] = delivered_links(app, "weber@miteinander.example")
    assert set_password(client, path).status_code == 302

    assert auth.login("miteinander.tettnang", GOOD_PASSWORD).status_code == 302
    home = client.get("/kommune").get_data(as_text=True)
    assert "Mein Träger" in home and "Zusammenschlüsse" not in home and "Integrationsmanagement:" not in home
    offers = client.get("/programme").get_data(as_text=True)
    assert "Teilhabe und Elternbeteiligung" in offers and "VwV Integrationsmanagement" not in offers
    refused = auth.post(
        "/programme/integrationsmanagement/antraege/neu", {"action": "save"}, page="/programme/teilhabe/antraege/neu"
    )
    assert refused.status_code == 403
    assert "Anträge nach „VwV Integrationsmanagement“ können nur Kommunen stellen." in refused.get_data(as_text=True)

    created = auth.post("/programme/teilhabe/antraege/neu", {**teilhabe_application(), "action": "review"})
    application_id = int(created.headers["Location"].split("/antraege/")[1].split("/")[0])
    response, _ = submit(auth, client, application_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    auth.logout()
    auth.login("pruefung.teilhabe")
    action(auth, application_id, "take")
    action(
        auth,
        application_id,
        "propose_decision",
        {"rulings-0-outcome": "granted", "rulings-1-outcome": "granted", "reasons": ""},
    )
    auth.logout()
    auth.login("zeichnung")
    action(auth, application_id, "sign_grant")
    with app.app_context():
        assert str(db.session.get(Application, application_id).granted_amount) == "24000.00"
    auth.logout()
    auth.login("miteinander.tettnang", GOOD_PASSWORD)
    notice = document_text(client, documents(app, application_id)["grant_notice"])
    assert "Elternverein Miteinander e. V." in notice and "Vorsitzende Aylin Demir" in notice
    assert "Zuwendung in Höhe von höchstens 24.000,00\u00a0€ bewilligt" in notice
    # A freier Träger is bound by the ANBest-P, and its Bescheid names the court of its Regierungsbezirk.
    assert "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P)" in notice
    assert "Verwaltungsgericht Sigmaringen" in notice


def test_registrations_from_one_address_stop_after_three_a_day_keeping_the_form(app, client, auth, clock):
    for number in range(3):
        registration = {
            **REGISTRATION,
            "name": f"Verein {number} e. V.",
            "register_entry": f"Amtsgericht Ulm VR 72012{number}",
            "username": f"verein{number}.tettnang",
            "contact_email": f"kontakt{number}@verein.example",
        }
        assert auth.post("/registrieren", registration).status_code == 200
    fourth = auth.post("/registrieren", REGISTRATION)
    page = fourth.get_data(as_text=True)
    assert fourth.status_code == 429
    assert "Von Ihrem Anschluss wurden heute schon mehrere Träger registriert" in page
    assert "Elternverein Miteinander e. V." in page and "Lindenstraße 4" in page
    with app.app_context():
        assert db.session.query(Organisation).filter_by(kind=OrganisationKind.FREIER_TRAEGER).count() == 3
    # A day later the address may register again.
    clock.advance(days=1, minutes=1)
    assert auth.post("/registrieren", REGISTRATION).status_code == 200
