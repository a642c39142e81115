"""Consortia as first-class objects: a lead and members, also across Kreis borders, their pooled
Planungsrahmen against the threshold, members who see but do not act, letters that name everyone."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import docx
from sqlalchemy import select

from application_data import consortium_application, single_application
from factories import consent_of_every_member, fire, fresh_applicant, submitted, user
from query_counter import QueryCounter
from workflow.db import db
from workflow.models import Application, Document, Organisation, Participation

MEERSBURG, ACHBERG, NEHREN = "08435036", "08436001", "08416026"


def new_application(app, auth, data) -> int:
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**data, "action": "review"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    application_id = int(re.search(r"/antraege/(\d+)/", response.headers["Location"]).group(1))
    with app.app_context():
        consent_of_every_member(application_id)
    return application_id


def submit(auth, client, application_id: int):
    """Open the summary and submit from it (also when it offers no button: a forged POST)."""
    summary = client.get(f"/antraege/{application_id}/aktionen/submit").get_data(as_text=True)
    shown = re.search(r'name="revision" value="(\d+)"', summary)
    revision = shown.group(1) if shown else "1"
    return summary, auth.post(
        f"/antraege/{application_id}/aktionen/submit",
        {"confirm": "y", "revision": revision},
        page=f"/antraege/{application_id}/aktionen/submit",
    )


def document_text(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts.extend(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_two_small_municipalities_together_pass_the_threshold(app, client, auth):
    auth.login("kommune.neukirch")
    alone = new_application(app, auth, single_application())
    summary, refused = submit(auth, client, alone)
    assert "liegt unter der Mindestgrenze von 51.000,00\u00a0€" in summary and 'name="revision"' not in summary
    assert refused.status_code == 409
    joint = new_application(
        app, auth, consortium_application(members=[MEERSBURG], consortium_name="Neukirch und Meersburg")
    )
    summary, response = submit(auth, client, joint)
    # Neukirch 20.338,05 € and Meersburg 45.156,61 €: each below 51.000 €, together above it.
    assert "65.494,66" in summary and "erreicht" in summary
    assert response.status_code == 302
    with app.app_context():
        application = db.session.get(Application, joint)
        assert application.state == "submitted" and application.pooled_allocation == Decimal("65494.66")
        assert {org.ags for org in application.member_organisations} == {MEERSBURG}
        assert application.consortium.lead.name == "Neukirch"


def test_a_consortium_across_kreis_borders_is_listed_with_its_members_and_pool(app, client, auth):
    with app.app_context():
        application_id = submitted(
            "kommune.neukirch",
            consortium_application(members=[ACHBERG, NEHREN], consortium_name="Integrationsmanagement Schussen-Neckar"),
        )
    auth.login("ministerium")
    page = client.get("/zusammenschluesse").get_data(as_text=True)
    assert "Integrationsmanagement Schussen-Neckar" in page
    assert "Bodenseekreis, Ravensburg, Tübingen (kreisübergreifend)" in page
    assert re.search(r"Neukirch \(08435042\) <span class=\"tag\">federführend</span>: 20\.338,05", page)
    assert "Achberg (08436001): 14.455,65" in page and "Nehren (08416026): 33.260,97" in page
    assert "68.054,67\u00a0€" in page and "Mindestgrenze erreicht" in page
    assert f"/antraege/{application_id}" in page


def test_each_sees_the_consortia_of_the_cases_they_may_see(app, client, auth):
    with app.app_context():
        submitted("kommune.meersburg", consortium_application())
    for username, sees in (
        ("kommune.hagnau", True),
        ("kommune.meersburg", True),
        ("kommune.tettnang", False),
        ("pruefung.sued", True),
        ("pruefung.nord", False),
        ("zeichnung", True),
        ("ministerium", True),
    ):
        auth.login(username)
        page = client.get("/zusammenschluesse")
        assert page.status_code == 200, username
        assert ("Integrationsmanagement GVV Meersburg" in page.get_data(as_text=True)) == sees, username
        auth.logout()
    auth.login("admin")
    assert client.get("/zusammenschluesse").status_code == 403


def test_members_see_the_joint_case_and_its_letters_but_cannot_act_on_it(app, client, auth):
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "request_information", "pruefung.sued", comment="Bitte Vertrag.", period_days=14)
        documents = {
            d.kind: d.id for d in db.session.scalars(select(Document).where(Document.application_id == application_id))
        }
    auth.login("kommune.hagnau")
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Integrationsmanagement GVV Meersburg" in case
    assert "/aktionen/" not in case, "a member is offered no step"
    for kind in ("application", "receipt", "information_request"):
        assert client.get(f"/dokumente/{documents[kind]}").status_code == 200, kind
    assert f'/antraege/{application_id}"' in client.get("/kommune").get_data(as_text=True)
    for name, data in (("answer", {"message": "Anbei."}), ("withdraw", {"confirm": "y"})):
        response = auth.post(f"/antraege/{application_id}/aktionen/{name}", data, page=f"/antraege/{application_id}")
        assert response.status_code == 403, name
    with app.app_context():
        assert db.session.get(Application, application_id).state == "information_requested"


def test_every_letter_of_a_joint_application_names_all_members(app):
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        fire(application_id, "take", "pruefung.sued")
        fire(application_id, "propose_decision", "pruefung.sued", positions=[{"outcome": "granted"}])
        fire(application_id, "sign_grant", "zeichnung")
        letters = db.session.scalars(select(Document).where(Document.application_id == application_id)).all()
        assert {letter.kind for letter in letters} >= {"application", "receipt", "grant_notice"}
        for letter in letters:
            text = document_text(letter.content)
            for name in ("Meersburg", "Hagnau am Bodensee", "Daisendorf", "Stetten"):
                assert name in text, (letter.kind, name)


def test_a_member_is_bound_like_an_applicant(app):
    """Bound members cannot apply alone; after a withdrawal they are free again."""
    with app.app_context():
        application_id = submitted("kommune.meersburg", consortium_application())
        hagnau = db.session.scalars(select(Organisation).where(Organisation.ags == "08435018")).one()
        assert (
            db.session.scalar(select(Participation.application_id).where(Participation.organisation_id == hagnau.id))
            == application_id
        )
        fire(application_id, "withdraw", "kommune.meersburg", comment="")
        assert (
            db.session.scalar(select(Participation.application_id).where(Participation.organisation_id == hagnau.id))
            is None
        )
        assert submitted("kommune.meersburg", consortium_application())


def joint_applications(app, count: int) -> None:
    """``count`` consortia, each a fresh applicant leading one Gemeinde that applied nowhere yet."""
    with app.app_context():
        for _ in range(count):
            clerk = fresh_applicant()
            bound = select(Participation.organisation_id)
            member = db.session.scalars(
                select(Organisation.ags)
                .where(
                    Organisation.ags.like("083%"),
                    Organisation.id.not_in(bound),
                    Organisation.id != user(clerk).organisation_id,
                )
                .order_by(Organisation.ags.desc())
                .limit(1)
            ).one()
            submitted(clerk, consortium_application(members=[member], consortium_name=f"Zusammenschluss {member}"))


def test_the_consortia_list_costs_the_same_queries_for_one_and_many(app, client, auth):
    auth.login("ministerium")
    joint_applications(app, 1)
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as few:
        assert client.get("/zusammenschluesse").status_code == 200
    joint_applications(app, 4)
    with QueryCounter(engine) as many:
        page = client.get("/zusammenschluesse").get_data(as_text=True)
    assert page.count("Zusammenschluss 083") == 5
    assert many.count == few.count
