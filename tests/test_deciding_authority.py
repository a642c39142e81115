"""The deciding authority is programme data: the Teilhabe letters are the L-Bank's (as long as the administration
leaves it so), the Integrationsmanagement's those of the RP Stuttgart's Referat 15.2 in Wertheim, and the
Rechtsbehelfsbelehrung names the court competent for the authority that decided (§ 52 Nr. 3 VwGO)."""

from __future__ import annotations

from sqlalchemy import select

from factories import in_state
from http_steps import document_text, documents
from post_award_steps import letter_text
from settings_steps import activate, post_new_version, text_of
from teilhabe_steps import granted_project
from workflow.db import db
from workflow.models import Court, Document, Organisation, OrganisationKind
from workflow.reference.courts import competent_court

L_BANK = "L-Bank, Staatsbank für Baden-Württemberg"


def test_a_teilhabe_bescheid_is_the_l_banks_with_the_court_of_the_applicants_bezirk(app, client, auth):
    # Tettnang lies in the Regierungsbezirk Tübingen, whose court is the VG Sigmaringen; the L-Bank decides for the
    # whole Land, so the applicant's seat decides (§ 52 Nr. 3 S. 2 VwGO).
    application_id = granted_project(client, auth)
    auth.login("kommune.tettnang")
    notice = document_text(client, documents(app, application_id)["grant_notice"]).replace("\u00a0", " ")
    assert f"{L_BANK} · Schlossplatz 10 · 76131 Karlsruhe" in notice  # the return address
    assert "Im Auftrag" in notice and notice.count(L_BANK) >= 3  # letterhead, return address, signature
    assert "Klage beim Verwaltungsgericht Sigmaringen, Karlstraße 13, 72488 Sigmaringen, erhoben werden" in notice
    assert "Regierungspräsidium" not in notice


def test_the_administration_corrects_the_teilhabe_authority_in_its_settings(app, client, auth):
    auth.login("admin")
    created = post_new_version(
        client,
        "teilhabe",
        authority_name="Regierungspräsidium Stuttgart",
        authority_address="Ruppmannstraße 21, 70565 Stuttgart",
        authority_unit="Referat 15.2",
        authority_letterhead="Telefon 0711 904-0 · E-Mail poststelle@rps.bwl.de",
        note="Bewilligungsstelle ab der Förderrunde 2027",
    )
    assert created.status_code == 302, text_of(created.get_data(as_text=True))[:2000]
    assert activate(client, 2, "teilhabe").status_code == 302
    overview = text_of(client.get("/verwaltung").get_data(as_text=True))
    assert "Bewilligungsstelle Regierungspräsidium Stuttgart Geltende Fassung Fassung 2" in overview
    auth.logout()

    application_id = granted_project(client, auth)
    auth.login("kommune.tettnang")
    notice = document_text(client, documents(app, application_id)["grant_notice"]).replace("\u00a0", " ")
    assert "Regierungspräsidium Stuttgart · Referat 15.2 · Ruppmannstraße 21 · 70565 Stuttgart" in notice
    assert "Telefon 0711 904-0" in notice and "E-Mail poststelle@rps.bwl.de" in notice
    assert L_BANK not in notice


def test_an_integrationsmanagement_bescheid_comes_from_referat_15_2_in_wertheim(app):
    application_id, _ = in_state(app, "granted", "kommune.tettnang")
    with app.app_context():
        notice = db.session.scalars(
            select(Document).where(Document.application_id == application_id, Document.kind == "grant_notice")
        ).one()
        text = letter_text(notice)
    sender = "Regierungspräsidium Stuttgart · Referat 15.2 – Dienststelle Wertheim · Am Eichamt 2 · 97877 Wertheim"
    assert sender in text and "E-Mail integrationsmanagement@rps.bwl.de" in text
    # Under the signer: the authority and its Referat.
    assert "Regierungspräsidium Stuttgart\nReferat 15.2 – Dienststelle Wertheim\nDieses Schreiben" in text.replace(
        "\n\n", "\n"
    )
    assert "Klage beim Verwaltungsgericht Sigmaringen, Karlstraße 13, 72488 Sigmaringen" in text
    assert "Ruppmannstraße" not in text


def _bezirk(ags: str, court: str) -> Organisation:
    bezirk = Organisation(kind=OrganisationKind.REGIERUNGSBEZIRK, name=f"Regierungsbezirk {ags}", ags=ags)
    bezirk.regierungsbezirk = bezirk
    bezirk.court = Court(name=court, street="Gerichtsstraße 1", postcode="70000", city="Musterstadt")
    return bezirk


def test_the_court_follows_the_reach_of_the_authoritys_competence():
    stuttgart, tuebingen = _bezirk("081", "VG Stuttgart"), _bezirk("084", "VG Sigmaringen")
    applicant = Organisation(kind=OrganisationKind.GEMEINDE, name="Tettnang", ags="08435057")
    applicant.regierungsbezirk = tuebingen
    # A Land-wide authority seated in Stuttgart: the applicant's seat (§ 52 Nr. 3 S. 2 VwGO).
    assert competent_court(applicant, stuttgart, land_wide=True).name == "VG Sigmaringen"
    # An authority competent for one district: the district where it issued the act (S. 1).
    assert competent_court(applicant, stuttgart, land_wide=False).name == "VG Stuttgart"
    # Without a Bezirk in the reference data there is no court to name (signing is refused).
    applicant.regierungsbezirk = None
    assert competent_court(applicant, stuttgart, land_wide=True) is None


def test_the_imprint_names_each_programmes_deciding_authority_from_its_data(client):
    page = client.get("/impressum").get_data(as_text=True)
    assert "VwV-Integration – Teilhabe und Elternbeteiligung:</strong> L-Bank" in page
    assert "Am Eichamt 2, 97877 Wertheim" in page
    assert "Ruppmannstraße 21, 70565 Stuttgart (Bewilligungsstelle VwV Integrationsmanagement)" not in page
