"""Rules of the investment test programme: a share of the eligible costs, capped, for the project's period."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workflow.engine.rules import ProgrammeRules
from workflow.engine.schema import MeasureData
from workflow.engine.settings import Settings
from workflow.formatting import euro


class InvestitionenRules(ProgrammeRules):
    def check_measure(self, settings: Settings, measure: MeasureData) -> dict[str, str]:
        problems = {}
        cost = measure.details.get("total_cost")
        if cost is not None and cost <= 0:
            problems["total_cost"] = "Die zuwendungsfähigen Gesamtkosten müssen über 0 € liegen."
        start, end = measure.details.get("project_start"), measure.details.get("project_end")
        if start and end and end < start:
            problems["project_end"] = "Das Ende des Vorhabens darf nicht vor seinem Beginn liegen."
        return problems

    def check_measures(self, settings: Settings, measures: tuple[MeasureData, ...]) -> dict[str, str]:
        if len(measures) > 1:
            return {"positions-1-title": "Gefördert wird ein Vorhaben je Antrag."}
        return {}

    def measure_amount(self, settings: Settings, measure: MeasureData, facts: dict[str, Any]) -> Decimal:
        """Fördersatz × zuwendungsfähige Gesamtkosten, auf den Cent gerundet, höchstens der Höchstbetrag."""
        share = (measure.total_cost * settings.share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return min(share, settings.maximum)

    def measure_period(self, settings: Settings, measure: MeasureData, facts: dict[str, Any]) -> tuple[date, date]:
        return measure.project_start, measure.project_end

    def measure_context(self, settings: Settings, details: dict[str, Any]) -> dict[str, Any]:
        cost = details.get("total_cost")
        return {"total_cost_label": euro(Decimal(str(cost))) if cost not in (None, "") else ""}
