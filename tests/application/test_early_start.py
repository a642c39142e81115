"""The vorzeitiger Maßnahmebeginn (VV Nr. 1.3 zu § 44 LHO): asked in the application or not, the Eingangsbestätigung
says which; where asked, the reviewer consents or refuses once, with reasons, and the letter says which."""

from __future__ import annotations

import pytest

from application_data import single_application
from factories import in_state, user
from post_award_steps import case, documents_of, letter_text, start
from workflow.db import db
from workflow.engine.actions import start_actions
from workflow.engine.context import TransitionRefused

REVIEWER = "pruefung.sued"
ASKED = single_application(
    early_start="yes",
    early_start_on="01.02.2027",
    early_start_reason="Die Bewerberin steht nur ab Februar zur Verfügung.",
)
NOT_FUNDABLE = "Vorhaben, die vor der Bewilligung begonnen werden, sind nicht förderfähig (VV Nr. 1.3 zu § 44 LHO)"


def _offered(application_id: int) -> set[str]:
    actions = start_actions(db.session, user(REVIEWER), case(application_id))
    return {action.transition.name for procedure_type, action in actions if procedure_type.kind == "early_start"}


def _text(document) -> str:
    return letter_text(document).replace("\u00a0", " ")


def test_the_receipt_and_the_reviewers_letter_say_whether_an_early_start_is_asked_and_allowed(app):
    consented_id, _ = in_state(app, "in_review", data=ASKED)
    refused_id, _ = in_state(app, "in_review", data=ASKED)
    plain_id, _ = in_state(app, "in_review")
    with app.app_context():
        plain = _text(documents_of(plain_id, "receipt")[0])
        assert f"Sie haben keinen vorzeitigen Beginn beantragt; {NOT_FUNDABLE}." in plain
        assert "auf Ihr eigenes Risiko" not in plain
        assert _offered(plain_id) == set()
        asked = _text(documents_of(consented_id, "receipt")[0])
        assert "Sie haben beantragt, mit dem Vorhaben schon vor der Bewilligung am 01.02.2027 zu beginnen." in asked
        assert "Darüber entscheiden wir gesondert" in asked and "keinen vorzeitigen Beginn" not in asked
        assert _offered(consented_id) == {"consent_early_start", "refuse_early_start"}

        with pytest.raises(TransitionRefused, match="Bitte begründen") as unexplained:
            start(consented_id, "early_start", "consent_early_start", REVIEWER, comment=" ")
        assert unexplained.value.status == 422
        start(consented_id, "early_start", "consent_early_start", REVIEWER, comment="Die Stelle ist sonst verloren.")
        start(refused_id, "early_start", "refuse_early_start", REVIEWER, comment="Der Beginn kann warten.")
        assert _offered(consented_id) == set()  # decided once

        consent = _text(documents_of(consented_id, "early_start_notice")[0])
        for sentence in (
            "Zustimmung zum vorzeitigen Maßnahmebeginn",
            "Wir stimmen dem vorzeitigen Maßnahmebeginn ab dem 01.02.2027 zu (VV Nr. 1.3 zu § 44 LHO).",
            "Aus ihr ergibt sich kein Anspruch auf eine Zuwendung, weder dem Grunde noch der Höhe nach.",
            "Die Stelle ist sonst verloren.",
        ):
            assert sentence in consent, sentence
        refusal = _text(documents_of(refused_id, "early_start_notice")[0])
        for sentence in (
            "Keine Zustimmung zum vorzeitigen Maßnahmebeginn",
            f"Dem vorzeitigen Maßnahmebeginn stimmen wir nicht zu. {NOT_FUNDABLE}.",
            "ein Anspruch auf eine Zuwendung ergibt sich aus diesem Schreiben nicht",
            "Der Beginn kann warten.",
        ):
            assert sentence in refusal, sentence
        assert "Wir stimmen dem" not in refusal
