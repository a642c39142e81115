"""Forms of the Änderungsanzeige of a Kosten- und Finanzierungsplan: the recipient's changed plan, the reviewer's
consent to cost groups beyond the tolerance. Each brings the part of the page it needs (``partial``)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from wtforms import FieldList, FormField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from forms.base import SubForm
from forms.transitions import TransitionForm
from workflow.db import db
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de, decimal_de
from workflow.measures.cost_plan import percent
from workflow.models import Procedure
from workflow.money import NotAnAmount, parse_euro_text, within_cents
from workflow.text import parse_german_date
from workflow.workflows.post_award.cost_changes import plan_in_force, review_rows

EXPLANATION = Length(max=10000, message="Höchstens 10.000 Zeichen.")


def amount_or_zero(form, field):
    try:
        amount = parse_euro_text(field.data or "")
    except NotAnAmount as error:
        raise ValidationError(error.message) from None
    if amount < 0 or not within_cents(amount):
        raise ValidationError("Bitte geben Sie einen Betrag von 0 € oder mehr mit höchstens zwei Nachkommastellen an.")


def a_date(form, field):
    if field.data and parse_german_date(field.data) is None:
        raise ValidationError("Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ an.")


def _cents(text: str) -> str:
    """The amount as the rule reads it ('24.000,00' → '24000.00'); what cannot be read goes on for the rule to refuse."""
    try:
        return str(parse_euro_text(text or ""))
    except NotAnAmount:
        return text or ""


class GroupCostForm(SubForm):
    amount = StringField(
        "Erwartete Ausgaben in Euro", validators=[InputRequired("Bitte angeben (auch 0)."), amount_or_zero]
    )


class CostChangeReportForm(TransitionForm):
    """The plan as now expected, prefilled with the plan in force: the recipient changes what changes."""

    partial = "cases/_cost_change_report.html"
    costs = FieldList(FormField(GroupCostForm), min_entries=0)
    own_funds = StringField(
        "Erwartete Eigenmittel in Euro",
        validators=[InputRequired("Bitte geben Sie die Eigenmittel an (auch 0)."), amount_or_zero],
    )
    third_party_funds = StringField(
        "Erwartete Drittmittel in Euro",
        validators=[InputRequired("Bitte geben Sie die Drittmittel an (auch 0)."), amount_or_zero],
        description="Zuwendungen anderer öffentlicher Stellen, Spenden und sonstige Mittel Dritter für das Projekt, "
        "auch neu zugesagte.",
    )
    changed_on = StringField(
        "Die Änderung besteht seit",
        validators=[InputRequired("Bitte geben Sie das Datum an."), a_date],
        description="TT.MM.JJJJ – zum Beispiel der Tag der Zusage weiterer Mittel oder des Wegfalls einer Ausgabe.",
    )
    project_end = StringField(
        "Neues Ende des Projekts (nur wenn sich der Zeitraum ändert)", validators=[a_date], description="TT.MM.JJJJ"
    )
    explanation = TextAreaField(
        "Was hat sich geändert, und warum?",
        validators=[InputRequired("Bitte erläutern Sie die Änderung."), EXPLANATION],
        description="Auch eine Änderung des Projektziels oder Zwecks gehört hierher.",
    )

    def __init__(self, *args, application=None, **kwargs):
        self.rows = []
        data = {}
        if application is not None and application.signed_proposal is not None:
            settings = case_settings(application)
            plan = plan_in_force(settings, application)
            self.tolerance = percent(settings.overrun_tolerance)
            self.rows = [
                {"key": key, "label": plan.labels.get(key, key), "recognised": amount}
                for key, amount in plan.recognised.items()
            ]
            self.period_end = date_de(plan.end)
            data = {
                "costs": [{"amount": decimal_de(row["recognised"])} for row in self.rows],
                "own_funds": decimal_de(plan.own_funds),
                "third_party_funds": decimal_de(plan.third_party_funds),
            }
        super().__init__(*args, application=application, data=data, **kwargs)

    def payload(self) -> dict[str, Any]:
        return {
            "costs": {row["key"]: _cents(entry.form.amount.data) for row, entry in zip(self.rows, self.costs)},
            "own_funds": _cents(self.own_funds.data),
            "third_party_funds": _cents(self.third_party_funds.data),
            "changed_on": self.changed_on.data or "",
            "project_end": self.project_end.data or "",
            "explanation": self.explanation.data or "",
        }


class CostChangeReviewForm(TransitionForm):
    """The reviewer's decision: consent, per cost group beyond the tolerance, to the overrun; and a remark."""

    partial = "cases/_cost_change_review.html"
    partial_fields = ("consent",)
    consent = SelectMultipleField("Überschreitung zulassen", choices=[], validate_choice=False)
    comment = TextAreaField("Bemerkung (freiwillig)", validators=[EXPLANATION])

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.rows, self.grants = [], {}
        procedure = self._procedure(application)
        if procedure is not None and "change" in procedure.data:
            self.rows, self.grants = review_rows(case_settings(application), application, procedure.data["change"])
        self.consent.choices = [(row["key"], row["label"]) for row in self.rows if row["over"]]

    @staticmethod
    def _procedure(application):
        """The change the step is taken on: the procedure in the step's address (page and API alike)."""
        if application is None or not has_request_context() or not request.view_args:
            return None
        procedure = db.session.get(Procedure, request.view_args.get("procedure_id") or 0)
        return procedure if procedure is not None and procedure.application_id == application.id else None

    def payload(self) -> dict[str, Any]:
        allowed = {key for key, _ in self.consent.choices}
        return {
            "consent": [key for key in self.consent.data or [] if key in allowed],
            "comment": self.comment.data or "",
        }
