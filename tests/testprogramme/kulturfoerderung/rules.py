"""Rules of the test programme: a flat amount per VZÄ and month, for a fixed number of months, until a deadline."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from sqlalchemy.orm import Session

from workflow.engine.rules import ProgrammeRules
from workflow.engine.schema import ApplicationData, MeasureData
from workflow.engine.settings import Settings
from workflow.formatting import date_de, euro


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


class KulturfoerderungRules(ProgrammeRules):
    def check_measure(self, settings: Settings, position: MeasureData) -> dict[str, str]:
        if position.fte is not None and not Decimal("0.10") <= position.fte <= Decimal("1.00"):
            return {"fte": "Der Stellenanteil muss zwischen 0,10 und 1,00 VZÄ liegen."}
        return {}

    def measure_amount(self, settings: Settings, position: MeasureData, facts: dict[str, Any]) -> Decimal:
        """Festbetrag je VZÄ und Monat × VZÄ × Fördermonate, auf den Cent."""
        amount = settings.amount_per_fte_month * position.fte * settings.funding_months
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def measure_period(self, settings: Settings, position: MeasureData, facts: dict[str, Any]) -> tuple[date, date]:
        start = position.employment_start
        return start, add_months(start, settings.funding_months) - timedelta(days=1)

    def application_window(self, settings: Settings, today: date, data: Optional[ApplicationData]) -> Optional[str]:
        if today <= settings.application_deadline:
            return None
        return (
            f"Anträge zur Kulturförderung waren bis zum {date_de(settings.application_deadline)} einzureichen; "
            "die Antragsfrist ist abgelaufen."
        )

    def window_text(self, settings: Settings, today: date) -> str:
        return f"Anträge bis {date_de(settings.application_deadline)}."

    def document_details(self, session: Session, settings: Settings, application) -> dict[str, Any]:
        return {
            "amount_per_fte_month": euro(settings.amount_per_fte_month),
            "funding_months": str(settings.funding_months),
        }
