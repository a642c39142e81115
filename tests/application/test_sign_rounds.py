"""A round of Bescheide and payment orders: chosen from a list, taken item by item in the background with every
check of a single signature; what cannot be done is named and the rest is done."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import docx
from sqlalchemy import func, select

from factories import GRANT_ALL, consortium_application, fire, in_state, rulings, user
from post_award_steps import case, final_case, on, procedure, proposed_change, start, step
from query_counter import QueryCounter, page_statements
from workflow.db import db
from workflow.formatting import euro
from workflow.jobs.rounds import procedure_candidates
from workflow.jobs.runner import run_background_jobs
from workflow.models import Application, AuditEntry, BackgroundJob
from workflow.workflows.post_award.accounts import case_money


def _states(app, ids):
    with app.app_context():
        return [db.session.get(Application, application_id).state for application_id in ids]


def test_a_round_signs_every_chosen_proposal_and_names_the_one_returned_meanwhile(app, client, auth):
    ids = [in_state(app, "decision_proposed")[0] for _ in range(3)]
    auth.login("zeichnung")
    listing = client.get("/sammelzeichnung/?alle=1").get_data(as_text=True)
    assert listing.count('name="auswahl"') == 3 and listing.count("checked") == 3
    chosen = {"auswahl": [f"antrag-{i}" for i in ids]}
    with app.app_context():
        total = sum((db.session.get(Application, i).open_proposal.amount for i in ids), Decimal("0.00"))
    confirm = auth.post("/sammelzeichnung/", chosen, page="/sammelzeichnung/").get_data(as_text=True)
    assert f"Sie zeichnen 3 Bescheide über {euro(total)}" in confirm  # asked once more; nothing ordered yet
    with app.app_context():
        assert db.session.scalar(select(BackgroundJob.id)) is None
    response = auth.post("/sammelzeichnung/", {**chosen, "bestaetigt": "1"}, page="/sammelzeichnung/")
    assert response.status_code == 303
    with app.app_context():
        fire(ids[1], "return_proposal", "referatsleitung", comment="Bitte Stellenanteil prüfen.")
        before = db.session.scalar(select(func.max(AuditEntry.id)))
        run_background_jobs(db.session)
        job = db.session.scalar(select(BackgroundJob))
        status, done, total, problems, job_id = job.status, job.done, job.total, job.problems, job.id
        steps = db.session.execute(
            select(AuditEntry.application_id, AuditEntry.transition)
            .where(AuditEntry.id > before, AuditEntry.transition.startswith("sign_"))
            .order_by(AuditEntry.id)
        ).all()

    assert _states(app, ids) == ["granted", "in_review", "granted"]
    assert [tuple(step) for step in steps] == [(ids[0], "sign_grant"), (ids[2], "sign_grant")]
    assert status == BackgroundJob.DONE and done == total == 3
    assert len(problems) == 1 and "nicht mehr zur Zeichnung" in problems[0]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/auftraege/{job_id}/datei").data))
    protocol = list(csv.DictReader(io.StringIO(archive.read("protokoll.csv").decode("utf-8-sig")), delimiter=";"))
    assert [row["Ergebnis"] for row in protocol].count("erledigt") == 2
    letters = [name for name in archive.namelist() if name.endswith(".docx")]
    assert len(letters) == 4  # per signed case the Zuwendungsbescheid and the Nebenbestimmungen
    page = client.get(f"/auftraege/{job_id}").get_data(as_text=True)
    # On screen, not only in the ZIP: which Bescheide were issued and which not, and why.
    assert "Ergebnis: 2 erledigt, 1 nicht erledigt" in page
    assert page.count("Zeichnen und Bescheid erlassen") == 2 and "liegt Ihnen nicht mehr zur Zeichnung vor" in page


def test_own_proposals_are_not_offered_and_a_choice_that_is_no_longer_signable_orders_nothing(app, client, auth):
    own, _ = in_state(app, "in_review")
    with app.app_context():
        fire(
            own,
            "propose_decision",
            "referatsleitung",
            comment="",
            positions=rulings(db.session.get(Application, own), GRANT_ALL),
        )
    other, _ = in_state(app, "decision_proposed")
    auth.login("referatsleitung")
    listing = client.get("/sammelzeichnung/").get_data(as_text=True)
    assert f'value="antrag-{other}"' in listing and f'value="antrag-{own}"' not in listing
    nothing = auth.post("/sammelzeichnung/", {}, page="/sammelzeichnung/")
    assert nothing.status_code == 400 and "mindestens einen" in nothing.get_data(as_text=True)
    stale = auth.post(
        "/sammelzeichnung/", {"auswahl": [f"antrag-{other}", f"antrag-{own}", "abc"]}, page="/sammelzeichnung/"
    )
    assert stale.status_code == 409 and "nicht mehr zur Zeichnung" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(BackgroundJob.id)) is None
    auth.logout()
    auth.login("kommune.tettnang")
    assert client.get("/sammelzeichnung/").status_code == 403


def test_a_round_orders_checked_payments_with_their_notices_but_never_ones_the_signer_checked(app, clock, client, auth):
    (first, first_clerk), (second, second_clerk) = final_case(app), final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        payments = [
            start(first, "payment", "request_payment", first_clerk, amount="5000.00"),
            start(second, "payment", "request_payment", second_clerk, amount="4000.00"),
            start(first, "payment", "request_payment", first_clerk, amount="2000.00"),
        ]
        step(first, payments[0], "check_payment", "pruefung.sued")
        step(second, payments[1], "check_payment", "pruefung.sued")
        step(first, payments[2], "check_payment", "referatsleitung")
    auth.login("referatsleitung")
    listing = client.get("/sammelzeichnung/").get_data(as_text=True)
    offered = [f'value="vorgang-{payment}"' in listing for payment in payments]
    assert offered == [True, True, False] and "Auszahlung 1" in listing and "5.000,00" in listing
    own = auth.post("/sammelzeichnung/", {"auswahl": [f"vorgang-{payments[2]}"]}, page="/sammelzeichnung/")
    assert own.status_code == 409
    response = auth.post(
        "/sammelzeichnung/",
        {"auswahl": [f"vorgang-{payments[0]}", f"vorgang-{payments[1]}"], "bestaetigt": "1"},
        page="/sammelzeichnung/",
    )
    assert response.status_code == 303
    with app.app_context():
        step(second, payments[1], "refuse_payment", "pruefung.sued", reason="Der Vertrag fehlt noch.")
        run_background_jobs(db.session)
        job = db.session.scalar(select(BackgroundJob))
        title, done, problems, job_id = job.title, job.done, job.problems, job.id
        assert [procedure(payment).state for payment in payments] == ["ordered", "refused", "checked"]
        assert case_money(db.session, case(first)).ordered == Decimal("5000.00")
    assert title == "Sammelzeichnung: 2 Auszahlungen" and done == 2
    assert len(problems) == 1 and "Auszahlung 1: Der Vorgang liegt Ihnen nicht mehr zur Zeichnung vor" in problems[0]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/auftraege/{job_id}/datei").data))
    protocol = list(csv.DictReader(io.StringIO(archive.read("protokoll.csv").decode("utf-8-sig")), delimiter=";"))
    assert [(row["Vorgang"], row["Ergebnis"][:15], row["Schritt"]) for row in protocol] == [
        ("Auszahlung 1", "erledigt", "Auszahlung anordnen"),
        ("Auszahlung 1", "nicht erledigt:", ""),
    ]
    (notice,) = [name for name in archive.namelist() if name.endswith(".docx")]
    assert notice.startswith(f"{protocol[0]['Aktenzeichen']}/Auszahlung 1/")
    letter = docx.Document(io.BytesIO(archive.read(notice)))
    cells = [cell.text for table in letter.tables for row in table.rows for cell in row.cells]
    assert "5.000,00\u00a0€" in "\n".join([p.text for p in letter.paragraphs] + cells)


def test_the_round_page_reads_proposals_totals_and_limits_once_for_all_cases(app, client, auth):
    """The same statements for one case as for five, a consortium among them (its pooled Planungsrahmen)."""
    in_state(app, "decision_proposed")
    auth.login("zeichnung")
    one, page = page_statements(app, client, "/sammelzeichnung/")
    assert page.count('name="auswahl"') == 1
    for _ in range(3):
        in_state(app, "decision_proposed")
    in_state(app, "decision_proposed", clerk="kommune.meersburg", data=consortium_application())
    five, page = page_statements(app, client, "/sammelzeichnung/")
    assert page.count('name="auswahl"') == 5 and "Meersburg" in page
    # Beyond one case's statements: the consortia with their members (two for the list), and once for each Bezirk
    # new to the list its Regierungspräsidium and court (the court guard). Nothing per case.
    assert five - one == 2 + 2 * (regierungsbezirke(app, 5) - regierungsbezirke(app, 1))


def regierungsbezirke(app, first_cases: int) -> int:
    with app.app_context():
        return len(
            {
                application.applicant.regierungsbezirk_id
                for application in db.session.scalars(select(Application).order_by(Application.id).limit(first_cases))
            }
        )


def test_a_change_awaiting_its_signature_is_neither_offered_nor_read_for_the_round(app, clock, client, auth):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        change = start(
            application_id,
            "change",
            "report_change",
            clerk,
            position="1",
            kind="vacancy",
            start="01.06.2027",
            end="31.08.2027",
        )
        proposed_change(application_id, change, comment="Die Stelle war drei Monate frei.")
        approver = user("zeichnung")
        approver.roles, approver.kreis_ids, approver.programme_ids  # read before counting, as the login does
        with QueryCounter(db.engine) as reading:
            assert procedure_candidates(db.session, approver) == []
        assert reading.count == 1  # the list's query, and no check of the change's signature
    auth.login("zeichnung")
    listing = client.get("/sammelzeichnung/").get_data(as_text=True)
    assert f'value="vorgang-{change}"' not in listing and "keine Vorschläge und keine Auszahlungen" in listing
