"""The Widerruf's hearing beyond the portal: an answer that comes by fax after the period, recorded with its scan and
dealt with in the Bescheid; and a Widerruf without hearing, on a ground of § 28 Abs. 2 LVwVfG stated in it."""

from __future__ import annotations

import pytest

from post_award_steps import DISCRETION, documents_of, final_case, letter_text, on, procedure, start, step
from sample_files import PDF
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.operations.sweep import run_sweep
from workflow.uploads import accept

DECISION = {"revoked": "1000.00", "effective_from": "01.03.2027", "comment": "Die Mittel wurden nicht verwendet."}


def test_an_answer_by_fax_after_the_period_and_a_further_one_online_are_recorded_and_must_be_dealt_with(app, clock):
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-06")
        revocation = start(application_id, "revocation", "start_hearing", "pruefung.sued", **DECISION)
        on(clock, "2027-09-24")  # the period ended with 23.09.2027
        run_sweep(db.session)
        assert procedure(revocation).state == "hearing_closed"
        scan = accept("Fax_Gemeinde.pdf", PDF, 10 * 1024 * 1024)
        with pytest.raises(TransitionRefused, match="Post oder Fax") as refused:
            step(application_id, revocation, "record_paper_answer", "pruefung.sued", received_on="23.09.2027")
        assert refused.value.status == 422
        step(
            application_id,
            revocation,
            "record_paper_answer",
            "pruefung.sued",
            files=(scan,),
            via="fax",
            received_on="23.09.2027",
            comment="",
        )
        assert procedure(revocation).state == "hearing_answered"
        assert procedure(revocation).data["hearing_answers"] == [
            {"received_on": "2027-09-23", "via": "fax", "text": "", "files": ["Fax_Gemeinde.pdf"]}
        ]
        # Nothing is decided yet: the municipality adds to its statement online.
        on(clock, "2027-09-27")
        step(application_id, revocation, "answer_hearing", clerk, comment="Ergänzend: Die Stelle ist wieder besetzt.")
        assert [answer["via"] for answer in procedure(revocation).data["hearing_answers"]] == ["fax", "portal"]
        assert procedure(revocation).state == "hearing_answered"
        with pytest.raises(TransitionRefused, match="§ 39 Abs. 1 LVwVfG") as refused:
            step(application_id, revocation, "propose_revocation", "pruefung.sued", **DECISION, **DISCRETION)
        assert refused.value.status == 422
        step(
            application_id,
            revocation,
            "propose_revocation",
            "pruefung.sued",
            **DECISION,
            **DISCRETION,
            answer_considered="Das Fax bestätigt, dass die Mittel nicht verwendet wurden.",
        )
        step(application_id, revocation, "sign_revocation_without_claim", "zeichnung")
        bescheid = letter_text(documents_of(application_id, "revocation_notice")[0])
        assert (
            "Ihre Stellungnahme, eingegangen am 23.09.2027 per Fax als Schreiben (Fax_Gemeinde.pdf, in der Akte)."
            in (bescheid)
        )
        assert "Das Fax bestätigt, dass die Mittel nicht verwendet wurden." in bescheid
        assert "Ergänzend: Die Stelle ist wieder besetzt." in bescheid
        assert "nicht eingegangen" not in bescheid


def test_a_widerruf_without_hearing_states_the_ground_of_section_28_2_and_its_reasons(app, clock):
    application_id, _ = final_case(app)
    with app.app_context():
        on(clock, "2027-09-06")
        with pytest.raises(TransitionRefused, match="Grund nach § 28 Abs. 2") as refused:
            start(application_id, "revocation", "waive_hearing", "pruefung.sued", ground="weil", comment="Eilt.")
        assert refused.value.status == 422
        reason = "Die Gemeinde hat im Verwendungsnachweis selbst erklärt, die Mittel nicht verwendet zu haben."
        revocation = start(
            application_id, "revocation", "waive_hearing", "pruefung.sued", ground="own_statements", comment=reason
        )
        assert procedure(revocation).state == "hearing_waived"
        step(application_id, revocation, "propose_revocation", "pruefung.sued", **DECISION, **DISCRETION)
        step(application_id, revocation, "sign_revocation_without_claim", "zeichnung")
        bescheid = letter_text(documents_of(application_id, "revocation_notice")[0])
        assert "Von einer Anhörung haben wir nach § 28 Abs. 2 Nr. 3 LVwVfG abgesehen" in bescheid
        assert reason in bescheid and "angehört" not in bescheid
        assert documents_of(application_id, "hearing_notice") == []
