"""The Anhörung before an Änderungsbescheid that lowers the grant, through HTTP as the people take it, and its waiver.

The case (as in test_change_ruling): one position of 0,5 VZÄ from 01.03.2027 to 28.02.2029, granted 58.000,00 € (the
Festbetrag per month 58.000 / 24 = 2.416,666… €); 5.000,00 € executed on 01.03.2027 and 9.000,00 € on 01.06.2027.
The municipality reports that the employment ended on 31.03.2027: funded stays one month, 2.416,67 €; the grant is
lowered by 55.583,33 €, and 14.000,00 − 2.416,67 = 11.583,33 € are to be repaid – 9.000,00 € from the payment of
01.06.2027 (interest from that day), 2.583,33 € from the payment of 01.03.2027 (interest from 01.04.2027, the first
day without funding).
"""

from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import select

from post_award_steps import (
    DISCRETION,
    case,
    documents_of,
    enter_sample_base_rates,
    final_case,
    letter_text,
    on,
    paid,
    procedure,
    start,
    step,
)
from sample_files import PDF
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.models import AuditEntry, Deadline
from workflow.operations.sweep import run_sweep


def _paid_14000(clerk: str, application_id: int, clock) -> None:
    enter_sample_base_rates()
    on(clock, "2027-03-01")
    paid(application_id, clerk, "5000.00")
    on(clock, "2027-06-01")
    paid(application_id, clerk, "9000.00")


def _step_url(application_id: int, procedure_id: int, name: str) -> str:
    return f"/antraege/{application_id}/vorgaenge/{procedure_id}/{name}"


def _reported_end(app, clock, auth) -> tuple[int, str, int]:
    """The case paid 14.000,00 €, and the end of the employment on 31.03.2027 reported through the portal on
    Monday 06.09.2027; the case, its clerk and the change's id."""
    application_id, clerk = final_case(app)
    with app.app_context():
        _paid_14000(clerk, application_id, clock)
        on(clock, "2027-09-06")
    auth.login(clerk)
    reported = auth.post(
        f"/antraege/{application_id}/vorgaenge/neu/change/report_change",
        {"position": "1", "kind": "end", "start": "31.03.2027"},
    )
    assert reported.status_code == 302, reported.get_data(as_text=True)[:2000]
    auth.logout()
    with app.app_context():
        change = max(p.id for p in case(application_id).procedures if p.kind == "change")
    return application_id, clerk, change


def test_an_adverse_change_is_heard_answered_online_and_on_paper_and_the_bescheid_deals_with_both(
    app, clock, client, auth
):
    application_id, clerk, change = _reported_end(app, clock, auth)
    auth.login("pruefung.sued")
    # Without a hearing the Änderungsbescheid cannot be proposed: it lowers the grant.
    refused = auth.post(_step_url(application_id, change, "propose_change"), {"comment": "Neu berechnet."})
    assert refused.status_code == 409 and "anzuhören (§ 28 Abs. 1 LVwVfG)" in refused.get_data(as_text=True)
    heard = auth.post(
        _step_url(application_id, change, "start_change_hearing"),
        {"comment": "Die Stelle ist seit dem 01.04.2027 nicht mehr besetzt."},
    )
    assert heard.status_code == 302
    auth.logout()
    with app.app_context():
        assert procedure(change).state == "hearing"
        [letter] = documents_of(application_id, "change_hearing_notice")
        text = letter_text(letter)
        for figure in (
            "Anhörung vor einem Änderungsbescheid",
            "mit Wirkung vom 01.04.2027 von 58.000,00 € auf 2.416,67 € festgesetzt, also um 55.583,33 € gemindert",
            "Stelle 1 (geändert)",
            "01.03.2027 – 31.03.2027",
            "bisher 58.000,00 €, künftig 2.416,67 €",
            "Zu erstatten wären nach § 49a Abs. 1 LVwVfG 11.583,33 €",
            "9.000,00 € aus der Auszahlung vom 01.06.2027 über 9.000,00 €, zu verzinsen ab dem 01.06.2027",
            "2.583,33 € aus der Auszahlung vom 01.03.2027 über 5.000,00 €, zu verzinsen ab dem 01.04.2027",
            # Bekanntgabe Thu 09.09.2027 (three days after Monday's letter), + 14 days = Thu 23.09.2027.
            "bis zum 23.09.2027 Stellung",
            "Die Stelle ist seit dem 01.04.2027 nicht mehr besetzt.",
        ):
            assert figure in text, figure
        on(clock, "2027-09-10")

    auth.login(clerk)
    assert auth.post(_step_url(application_id, change, "answer_change_hearing"), {"comment": ""}).status_code == 422
    answered = auth.post(
        _step_url(application_id, change, "answer_change_hearing"),
        {"comment": "Wir haben die Stelle zum 01.05.2027 neu besetzt und bitten, das zu berücksichtigen."},
    )
    assert answered.status_code == 302
    auth.logout()
    with app.app_context():
        on(clock, "2027-09-13")

    # A letter came by post on 10.09.2027 as well: the reviewer records it with its scan.
    auth.login("pruefung.sued")
    paper = _step_url(application_id, change, "record_change_paper_answer")
    too_early = auth.post(paper, {"via": "post", "received_on": "01.09.2027", "comment": "Brief"})
    assert too_early.status_code == 422 and "zwischen dem Anhörungsschreiben vom 06.09.2027 und heute" in (
        too_early.get_data(as_text=True)
    )
    empty = auth.post(paper, {"via": "post", "received_on": "10.09.2027", "comment": ""})
    assert empty.status_code == 422 and "als Scan hoch" in empty.get_data(as_text=True)
    recorded = auth.post(
        paper,
        {
            "via": "post",
            "received_on": "10.09.2027",
            "comment": "Der Arbeitsvertrag der neuen Kraft liegt bei.",
            "scans": (BytesIO(PDF), "Stellungnahme_Gemeinde.pdf"),
        },
    )
    assert recorded.status_code == 302, recorded.get_data(as_text=True)[:2000]

    decide = _step_url(application_id, change, "propose_change_after_hearing")
    page = client.get(decide).get_data(as_text=True)
    assert "Wir haben die Stelle zum 01.05.2027 neu besetzt" in page and "Stellungnahme_Gemeinde.pdf" in page
    ignored = auth.post(decide, {"comment": "Neu berechnet.", **DISCRETION})
    body = ignored.get_data(as_text=True)
    assert ignored.status_code == 422 and "Bitte setzen Sie sich mit der Stellungnahme" in body
    assert DISCRETION["reliance"] in body  # nothing entered is lost
    no_discretion = auth.post(decide, {"comment": "Neu berechnet.", "answer_considered": "Geprüft."})
    assert no_discretion.status_code == 422 and "Bitte begründen Sie den Vertrauensschutz." in (
        no_discretion.get_data(as_text=True)
    )
    weighed = (
        "Eine neue Besetzung wäre als neue Person anzuzeigen; für April 2027 bleibt die Stelle unbesetzt, und ein "
        "Vertrag ab Mai liegt für die angezeigte Stelle nicht vor."
    )
    proposed = auth.post(decide, {"comment": "Neu berechnet.", "answer_considered": weighed, **DISCRETION})
    assert proposed.status_code == 302
    auth.logout()
    auth.login("zeichnung")
    signed = auth.post(_step_url(application_id, change, "sign_change"), {})
    assert signed.status_code == 302
    auth.logout()
    with app.app_context():
        assert procedure(change).state == "decided"
        bescheid = letter_text(documents_of(application_id, "change_notice")[0])
        for sentence in (
            "von 58.000,00 € auf 2.416,67 €",
            "11.583,33 €",
            "Sie wurden mit Schreiben vom 06.09.2027 zur beabsichtigten Änderung angehört (§ 28 Abs. 1 LVwVfG).",
            "Ihre Stellungnahme, eingegangen am 10.09.2027 im Förderportal:",
            "„Wir haben die Stelle zum 01.05.2027 neu besetzt und bitten, das zu berücksichtigen.“",
            "Ihre Stellungnahme, eingegangen am 10.09.2027 per Post als Schreiben (Stellungnahme_Gemeinde.pdf, in "
            "der Akte):",
            "„Der Arbeitsvertrag der neuen Kraft liegt bei.“",
            "Dazu ist festzustellen:",
            weighed,
            "Das Ermessen haben wir für diesen Fall so ausgeübt:",
            DISCRETION["reliance"],
            DISCRETION["extent"],
            DISCRETION["timing"],
        ):
            assert sentence in bescheid, sentence
        assert "Umstände, die hier ausnahmsweise dagegen sprechen, sind nicht ersichtlich" not in bescheid


def test_the_reviewer_may_do_without_the_hearing_only_on_a_ground_of_section_28_2_with_reasons(
    app, clock, client, auth
):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
    auth.login(clerk)
    auth.post(
        f"/antraege/{application_id}/vorgaenge/neu/change/report_change",
        {"position": "1", "kind": "vacancy", "start": "01.06.2027", "end": "31.08.2027"},
    )
    auth.logout()
    with app.app_context():
        change = max(p.id for p in case(application_id).procedures if p.kind == "change")
    auth.login("pruefung.sued")
    waive = _step_url(application_id, change, "waive_change_hearing")
    page = client.get(waive).get_data(as_text=True)
    assert "§ 28 Abs. 2 Nr. 3 LVwVfG" in page and "nicht zu Ihren Ungunsten abgewichen" in page
    no_ground = auth.post(waive, {"comment": "Eigene Angaben."})
    assert no_ground.status_code == 422 and "Bitte wählen Sie den Grund" in no_ground.get_data(as_text=True)
    no_reason = auth.post(waive, {"ground": "own_statements", "comment": ""})
    assert no_reason.status_code == 422 and "warum die Anhörung hier nicht geboten ist" in no_reason.get_data(
        as_text=True
    )
    reason = (
        "Die Kürzung folgt allein aus der Vakanz, die die Gemeinde mit ihrer Änderungsanzeige selbst angegeben hat."
    )
    assert auth.post(waive, {"ground": "own_statements", "comment": reason}).status_code == 302
    proposed = auth.post(
        _step_url(application_id, change, "propose_change_after_hearing"), {"comment": "", **DISCRETION}
    )
    assert proposed.status_code == 302
    auth.logout()
    auth.login("zeichnung")
    assert auth.post(_step_url(application_id, change, "sign_change"), {}).status_code == 302
    with app.app_context():
        # 58.000,00 − 3 × 2.416,666… = 50.750,00; nothing was paid, so nothing is to be repaid.
        assert case(application_id).granted_amount == 50750
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.procedure_id == change, AuditEntry.transition == "waive_change_hearing")
        ).one()
        assert entry.details["ground"] == "§ 28 Abs. 2 Nr. 3 LVwVfG" and entry.comment == reason
        bescheid = letter_text(documents_of(application_id, "change_notice")[0])
        assert (
            "Von einer Anhörung haben wir nach § 28 Abs. 2 Nr. 3 LVwVfG abgesehen: Von Ihren tatsächlichen Angaben, "
            "die Sie in einem Antrag oder einer Erklärung gemacht haben, wird nicht zu Ihren Ungunsten abgewichen."
        ) in bescheid
        assert reason in bescheid and DISCRETION["reliance"] in bescheid
        assert "angehört" not in bescheid and documents_of(application_id, "change_hearing_notice") == []


def test_a_change_that_lowers_nothing_needs_no_hearing(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        # A new person in the better-paid category a: the Festbetrag is not raised, and nothing is cut.
        change = start(
            application_id,
            "change",
            "report_change",
            clerk,
            position="1",
            kind="new_person",
            start="01.03.2028",
            person_name="Lena Vogt",
            category="a",
        )
        step(application_id, change, "propose_change", "pruefung.sued", comment="Keine Auswirkung auf die Höhe.")
        step(application_id, change, "sign_change", "zeichnung")
        assert procedure(change).state == "decided" and case(application_id).granted_amount == 58000
        assert "angehört" not in letter_text(documents_of(application_id, "change_notice")[0])


def test_an_unanswered_change_hearing_closes_when_its_period_is_over_and_the_bescheid_says_so(app, clock, auth):
    application_id, _, change = _reported_end(app, clock, auth)
    with app.app_context():
        step(application_id, change, "start_change_hearing", "pruefung.sued")
        deadline = db.session.scalars(select(Deadline).where(Deadline.application_id == application_id)).all()
        assert [d.due_on.isoformat() for d in deadline if d.kind == "hearing"] == ["2027-09-23"]
        on(clock, "2027-09-23")
        run_sweep(db.session)
        assert procedure(change).state == "hearing"  # the last day is still open
        on(clock, "2027-09-24")
        run_sweep(db.session)
        assert procedure(change).state == "hearing_closed"
        step(application_id, change, "propose_change_after_hearing", "pruefung.sued", comment="", **DISCRETION)
        step(application_id, change, "sign_change", "zeichnung")
        bescheid = letter_text(documents_of(application_id, "change_notice")[0])
        assert "Eine Stellungnahme ist bis zum Ablauf der Frist am 23.09.2027 nicht eingegangen." in bescheid


def test_a_proposal_worse_than_what_was_heard_is_refused_until_the_municipality_is_heard_again(app, clock, auth):
    application_id, clerk, change = _reported_end(app, clock, auth)
    with app.app_context():
        step(application_id, change, "start_change_hearing", "pruefung.sued")
        on(clock, "2027-09-07")
        paid(application_id, clerk, "1000.00")  # executed after the hearing: 15.000,00 paid
        on(clock, "2027-09-24")
        run_sweep(db.session)
        with pytest.raises(TransitionRefused, match="Bitte hören Sie dazu erneut an") as refused:
            step(application_id, change, "propose_change_after_hearing", "pruefung.sued", comment="", **DISCRETION)
        # Heard: 14.000,00 − 2.416,67 = 11.583,33; now 15.000,00 − 2.416,67 = 12.583,33 would be claimed.
        message = refused.value.message.replace("\u00a0", " ")
        assert refused.value.status == 409 and "zu erstatten jetzt 12.583,33 € statt 11.583,33 €" in message
        assert procedure(change).state == "hearing_closed"
        step(application_id, change, "start_change_hearing", "pruefung.sued")
        assert len(documents_of(application_id, "change_hearing_notice")) == 2
        on(clock, "2027-10-12")
        run_sweep(db.session)
        step(application_id, change, "propose_change_after_hearing", "pruefung.sued", comment="", **DISCRETION)
        assert procedure(change).state == "change_proposed"
        assert procedure(change).data["principal"] == "12583.33"
