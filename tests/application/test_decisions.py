"""A decision per position: granted, reduced or refused, each with its amount; kind and total follow from them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application_data import position, single_application
from factories import fire, submitted
from workflow.db import db
from workflow.engine.context import TransitionRefused
from workflow.models import Application

TWO_POSITIONS = single_application(
    **position(0, "Anna Beispiel", "a", "0,5", start="01.03.2027"),
    **position(1, "Ben Muster", "c", "0,5", start="01.04.2027", provider="Caritas Bodensee-Oberschwaben"),
)


def _case(app) -> int:
    with app.app_context():
        application_id = submitted("kommune.tettnang", TWO_POSITIONS)
        fire(application_id, "take", "pruefung.sued")
        return application_id


def _propose(app, application_id, *rulings, comment=""):
    with app.app_context():
        fire(application_id, "propose_decision", "pruefung.sued", positions=list(rulings), comment=comment)
        return db.session.get(Application, application_id).open_proposal


def test_refusing_the_second_of_two_positions_is_a_partial_grant_of_the_first(app):
    application_id = _case(app)
    proposal = _propose(
        app,
        application_id,
        {"outcome": "granted"},
        {"outcome": "refused", "reason": "Der Träger hat keinen Vertrag vorgelegt."},
    )
    assert proposal.kind == "partial_grant"
    assert proposal.amount == Decimal("58000.00")
    assert [(r.outcome, r.amount) for r in proposal.rulings] == [
        ("granted", Decimal("58000.00")),
        ("refused", Decimal("0.00")),
    ]


def test_a_reduced_share_and_fewer_months_are_computed_by_the_programmes_rule(app):
    application_id = _case(app)
    proposal = _propose(
        app,
        application_id,
        {"outcome": "reduced", "fte": "0,25", "reason": "Nur 0,25 VZÄ sind belegt."},
        {"outcome": "reduced", "end": "31.03.2028", "reason": "Der Vertrag endet nach zwölf Monaten."},
    )
    first, second = proposal.rulings
    assert first.amount == Decimal("29000.00")  # 58.000 € × 0,25 × 24 / 12
    assert second.amount == Decimal("23000.00")  # 46.000 € × 0,5 × 12 / 12
    assert proposal.amount == Decimal("52000.00") and proposal.kind == "partial_grant"


def test_granting_every_position_is_a_grant_and_refusing_every_one_a_rejection(app):
    granted = _propose(app, _case(app), {"outcome": "granted"}, {"outcome": "granted"})
    assert granted.kind == "grant" and granted.amount == Decimal("104000.00")
    refused = _propose(app, _fresh(app), {"outcome": "refused", "reason": "x"}, {"outcome": "refused", "reason": "y"})
    assert refused.kind == "rejection" and refused.amount == Decimal("0.00")


def _fresh(app) -> int:
    with app.app_context():
        application_id = submitted(
            "kommune.meersburg",
            single_application(
                joint="joint",
                consortium_name="GVV Meersburg",
                **{"members-0": "08435018", "members-1": "08435010", "members-2": "08435054"},
                **position(0, "Anna", "a", "0,5"),
                **position(1, "Ben", "a", "0,5"),
            ),
        )
        fire(application_id, "take", "pruefung.sued")
        return application_id


@pytest.mark.parametrize(
    ("rulings", "message"),
    [
        (
            [{"outcome": "reduced", "fte": "0,75", "reason": "x"}, {"outcome": "granted"}],
            r"höchstens 0,50 VZÄ \(beantragt\)",
        ),
        (
            [{"outcome": "reduced", "end": "01.01.2031", "reason": "x"}, {"outcome": "granted"}],
            r"28\.02\.2029 \(beantragt\) liegen",
        ),
        ([{"outcome": "reduced", "fte": "0,1", "reason": "x"}, {"outcome": "granted"}], "zwischen 0,25 und 1,00 VZÄ"),
        ([{"outcome": "refused"}, {"outcome": "granted"}], "Bitte begründen Sie"),
        ([{"outcome": "granted"}], "je Stelle eine Entscheidung"),
        ([{"outcome": "vielleicht"}, {"outcome": "granted"}], "bewilligen, kürzen oder ablehnen"),
    ],
    ids=["more-fte", "later-end", "below-minimum", "no-reason", "one-missing", "unknown"],
)
def test_a_ruling_outside_the_request_or_the_rules_is_refused_in_german(app, rulings, message):
    application_id = _case(app)
    with app.app_context(), pytest.raises(TransitionRefused, match=message):
        fire(application_id, "propose_decision", "pruefung.sued", positions=rulings)


def test_a_reduced_total_above_the_capped_request_is_refused_naming_both_figures_and_the_cut(app):
    application_id = _fresh(app)  # two positions of 58.000 € against a pooled Planungsrahmen of 75.160,70 €
    rulings = [{"outcome": "reduced", "fte": "0,4", "reason": "x"}, {"outcome": "granted"}]
    with app.app_context():
        assert db.session.get(Application, application_id).requested_amount == Decimal("75160.70")
        # 58.000 € × 0,4 × 2 = 46.400 € plus 58.000 € = 104.400 €; 104.400 € − 75.160,70 € = 29.239,30 €
        with pytest.raises(TransitionRefused) as refused:
            fire(application_id, "propose_decision", "pruefung.sued", positions=rulings)
    assert "104.400,00\u00a0€ liegt über dem beantragten Betrag von 75.160,70\u00a0€" in refused.value.message
    assert "um mindestens 29.239,30\u00a0€" in refused.value.message
    assert "wie beantragt" in refused.value.message


SECRETS = ("GEHEIM-GRUND", "GEHEIM-GESAMT", "GEHEIM-RUECKGABE", "29.000,00", "vorgeschlagen von")


def test_the_applicant_and_members_never_see_an_unsigned_proposal_or_internal_remarks(app, client, auth):
    application_id = _fresh(app)
    with app.app_context():
        fire(
            application_id,
            "propose_decision",
            "pruefung.sued",
            comment="GEHEIM-GESAMT",
            positions=[
                {"outcome": "reduced", "fte": "0,25", "reason": "GEHEIM-GRUND"},
                {"outcome": "refused", "reason": "GEHEIM-GRUND"},
            ],
        )
    pages = (f"/antraege/{application_id}", "/kommune", "/benachrichtigungen", "/zusammenschluesse")
    for clerk in ("kommune.meersburg", "kommune.hagnau"):
        auth.login(clerk)
        for url in pages:
            text = client.get(url).get_data(as_text=True)
            assert not [secret for secret in SECRETS if secret in text], (clerk, url)
        auth.logout()
    auth.login("zeichnung")
    page = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "GEHEIM-GRUND" in page and "29.000,00" in page, "the approver sees what is to be signed"
    auth.logout()
    with app.app_context():
        fire(application_id, "return_proposal", "zeichnung", comment="GEHEIM-RUECKGABE")
    auth.login("kommune.hagnau")
    assert "GEHEIM-RUECKGABE" not in client.get(f"/antraege/{application_id}").get_data(as_text=True)


def test_a_reduction_that_lands_exactly_on_the_capped_request_is_a_full_grant():
    from workflow.workflows.standard.decisions import Ruling, kind_of

    reduced = Ruling(
        None, "reduced", Decimal("0.50"), None, None, Decimal("75160.70"), "an den Planungsrahmen angepasst"
    )
    assert kind_of([reduced], Decimal("75160.70")) == "grant"
    assert kind_of([reduced], Decimal("78000.00")) == "partial_grant"
    refused = Ruling(None, "refused", Decimal("0.00"), None, None, Decimal("0.00"), "x")
    assert kind_of([reduced, refused], Decimal("75160.70")) == "partial_grant"
