"""A consortium whose positions cost more than its Planungsrahmen is granted the Planungsrahmen in full with every
position as applied: two clicks of the reviewer, one signature; the Bescheid states the positions, their sum, the
cap and refuses only the part above it; the approver sees that Bescheid before signing, the applicant never."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import docx

from application_data import position, single_application
from factories import fire, submitted
from http_steps import document_text, documents
from workflow.db import db
from workflow.models import Application
from workflow.workflows.post_award.funding import funded_until

# Hand-computed oracle. GVV Meersburg (Meersburg, Daisendorf, Hagnau, Stetten): pooled Planungsrahmen 75.160,70 €.
# Festbetrag per VZÄ and year: a 58.000 €, b 52.000 €, c 46.000 €; 24 months, so a position costs 2 × rate × VZÄ.
#   Anna a 0,5 → 58.000,00 €; Ben c 0,5 → 46.000,00 €; Cara b 0,25 → 26.000,00 €; sum 130.000,00 €.
# Each position's share of the cap, 75.160,70 € × amount / 130.000 €:
#   Anna 33.533,2354 → 33.533,23; Ben 26.595,3246 → 26.595,32; Cara 15.032,14 exactly; together 75.160,69 €,
#   the last cent goes to the largest remainder (Anna, ,0054): 33.533,24 + 26.595,32 + 15.032,14 = 75.160,70 €.
# Refused above the cap: 130.000,00 − 75.160,70 = 54.839,30 €.
CONSORTIUM = single_application(
    joint="joint",
    consortium_name="GVV Meersburg",
    **{"members-0": "08435018", "members-1": "08435010", "members-2": "08435054"},
    **position(0, "Anna", "a", "0,5"),
    **position(1, "Ben", "c", "0,5"),
    **position(2, "Cara", "b", "0,25"),
)
SHARES = [Decimal("33533.24"), Decimal("26595.32"), Decimal("15032.14")]
NB = "\u00a0"


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def _checked_outcomes(page: str) -> dict[str, str]:
    """What the browser would send of the form's radio buttons: the checked ones."""
    return dict(re.findall(r'<input checked id="[^"]+" name="(rulings-\d+-outcome)" type="radio" value="(\w+)">', page))


def test_a_capped_consortium_is_granted_its_planungsrahmen_with_every_position_as_applied(app, client, auth):
    with app.app_context():
        application_id = submitted("kommune.meersburg", CONSORTIUM)
        fire(application_id, "take", "pruefung.sued")
        assert db.session.get(Application, application_id).requested_amount == Decimal("75160.70")
    clicks = 0
    auth.login("pruefung.sued")
    case_page = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    link = re.search(
        r'href="([^"]+wie_beantragt=1)">Wie beantragt bewilligen \(auf den Planungsrahmen begrenzt\)', case_page
    )
    form_page = client.get(link.group(1).replace("&amp;", "&"))  # click 1
    clicks += 1
    shown = form_page.get_data(as_text=True)
    outcomes = _checked_outcomes(shown)
    assert outcomes == {f"rulings-{i}-outcome": "granted" for i in range(3)}
    assert f"33.533,24{NB}€" in shown and f"Im Übrigen abgelehnt</dt><dd>54.839,30{NB}€" in shown
    response = client.post(link.group(1).replace("&amp;", "&"), data={**outcomes, "csrf_token": _csrf(shown)})
    clicks += 1  # click 2: „Entscheidung vorschlagen“ sends it for signature
    assert response.status_code == 302 and clicks == 2
    with app.app_context():
        proposal = db.session.get(Application, application_id).open_proposal
        assert proposal.kind == "grant" and proposal.amount == Decimal("75160.70")
        assert [(r.outcome, r.fte, r.amount) for r in proposal.rulings] == [
            ("granted", Decimal("0.50"), SHARES[0]),
            ("granted", Decimal("0.50"), SHARES[1]),
            ("granted", Decimal("0.25"), SHARES[2]),
        ]
        assert proposal.capped_excess == Decimal("54839.30")
    auth.logout()

    # The applicant never sees the Bescheid before it is issued; the approver sees exactly the one issued.
    auth.login("kommune.meersburg")
    assert client.get(f"/dokumente/vorschau/{application_id}/sign_grant").status_code == 404
    auth.logout()
    auth.login("zeichnung")
    signing = client.get(f"/antraege/{application_id}/aktionen/sign_grant").get_data(as_text=True)
    assert f"/dokumente/vorschau/{application_id}/sign_grant/pdf" in signing
    preview = client.get(f"/dokumente/vorschau/{application_id}/sign_grant")
    assert preview.status_code == 200 and "no-store" in preview.headers["Cache-Control"]
    previewed = docx.Document(BytesIO(preview.data))
    response = client.post(f"/antraege/{application_id}/aktionen/sign_grant", data={"csrf_token": _csrf(signing)})
    assert response.status_code == 302  # the approver's one click
    letter = document_text(client, documents(app, application_id)["grant_notice"])
    assert [p.text for p in previewed.paragraphs] == [p for p in letter.split("\n")][: len(previewed.paragraphs)]

    assert f"eine Zuwendung in Höhe von 75.160,70{NB}€" in letter
    assert f"Ihre Festbeträge ergeben zusammen 130.000,00{NB}€" in letter
    assert (
        f"gemeinsamen Planungsrahmen von 75.160,70{NB}€, der nach der VwV Integrationsmanagement der Höchstbetrag"
        in letter
    )
    assert f"Im Übrigen (54.839,30{NB}€) wird der Antrag abgelehnt." in letter
    assert f"Festbeträge der Stellen wie beantragt\n130.000,00{NB}€" in letter
    assert f"Im Übrigen abgelehnt (über dem Planungsrahmen)\n54.839,30{NB}€" in letter
    assert "Planungsrahmen von 75.160,70\u00a0€ ist mit dieser Bewilligung ausgeschöpft" in letter
    assert "nicht gekürzt, sondern wie beantragt bewilligt" in letter
    assert f"wie beantragt; Festbetrag nach Stellenumfang 58.000,00{NB}€" in letter and "gekürzt;" not in letter
    assert letter.count(f"33.533,24{NB}€") == 1 and "Teilbewilligung" not in letter
    with app.app_context():
        # Payments go by position: over the whole period the positions come to the grant, never to the 130.000 €.
        granted = db.session.get(Application, application_id)
        assert funded_until(granted, date(2029, 12, 31)) == Decimal("75160.70") == granted.granted_amount


def test_berechnen_shows_the_amounts_without_saving_and_every_refusal_stands_on_its_field(app, client, auth):
    with app.app_context():
        application_id = submitted(
            "kommune.tettnang", single_application(**position(0, "Anna", "a", "0,5"), **position(1, "Ben", "c", "0,5"))
        )
        fire(application_id, "take", "pruefung.sued")
    auth.login("pruefung.sued")
    url = f"/antraege/{application_id}/aktionen/propose_decision"
    rulings = {
        "rulings-0-outcome": "reduced",
        "rulings-0-fte": "0,25",
        "rulings-0-reason": "Nur 0,25 VZÄ sind belegt.",
        "rulings-1-outcome": "reduced",
        "rulings-1-fte": "0,75",
        "rulings-1-reason": "x",
    }
    calculated = auth.post(url, {**rulings, "berechnen": "1"})
    page = calculated.get_data(as_text=True)
    assert calculated.status_code == 200
    # 58.000 € × 0,25 × 24 / 12 = 29.000 €; the second share is above the request and refused on its own field.
    assert f'id="betrag-1" data-live aria-live="polite">Bewilligter Betrag: <strong>29.000,00{NB}€' in page
    assert re.search(r'id="rulings-1-fte-fehler">.*höchstens 0,50 VZÄ \(beantragt\)', page)
    assert 'id="rulings-0-fte-fehler"' not in page
    with app.app_context():
        assert db.session.get(Application, application_id).open_proposal is None  # nothing saved
    refused = auth.post(url, rulings)
    assert refused.status_code == 422
    assert re.search(r'id="rulings-1-fte-fehler">.*höchstens 0,50 VZÄ', refused.get_data(as_text=True))
