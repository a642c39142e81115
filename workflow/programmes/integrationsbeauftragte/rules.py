"""Rules of the VwV Integrationsbeauftragte: a grant by population tier, in proportion to the VZÄ, for a calendar year."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from sqlalchemy.orm import Session

from workflow import deadlines
from workflow.reference import population
from workflow.engine.rules import ZERO, ApplicationFigures, Fact, ProgrammeRules
from workflow.engine.schema import ApplicationData, MeasureData
from workflow.engine.settings import Settings
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.workflows.post_award.staff import StaffPositionsAfterGrant

FULL_TIME = Decimal("1.00")
HALF_TIME = Decimal("0.50")


def application_deadline(settings: Settings, year: int) -> date:
    """The last day to apply for ``year``: the set day of November of the year before, moved to a working day
    when it falls on a weekend or holiday (§ 31 Abs. 3 LVwVfG)."""
    return deadlines.next_working_day(date(year - 1, 11, settings.deadline_day))


def tier_for(settings: Settings, inhabitants: int):
    """The highest tier the population reaches, or None below the smallest."""
    reached = [tier for tier in settings.tiers if inhabitants >= tier.min_inhabitants]
    return max(reached, key=lambda tier: tier.min_inhabitants, default=None)


def _population_note(settings: Settings, reference_date: Optional[date], year: int) -> str:
    """Where the number comes from, and a warning for the reviewer where the Land's table is older than the programme
    allows for the Förderjahr (the letters would otherwise grant 2028 on the population of 2019)."""
    if reference_date is None:
        return "keine Einwohnerzahl vorhanden"
    note = f"Einwohnertabelle des Landes, Stichtag {date_de(reference_date)}"
    if year - reference_date.year > settings.population_max_age_years:
        note += (
            f" – älter als {settings.population_max_age_years} Jahre vor dem Förderjahr {year}: die Einwohnertabelle "
            "ist zu aktualisieren, bevor entschieden wird"
        )
    return note


def funded_months(start: date, year: int) -> int:
    """Months of ``year`` a position is filled: whole months from the start (a start after the 1st counts from the next)."""
    if start.year < year or (start.year == year and start.month == 1 and start.day == 1):
        return 12
    if start.year > year:
        return 0
    return 12 - start.month + (1 if start.day == 1 else 0)


class IntegrationsbeauftragteRules(StaffPositionsAfterGrant, ProgrammeRules):
    def check_measure(self, settings: Settings, position: MeasureData) -> dict[str, str]:
        if position.fte is not None and not settings.min_fte <= position.fte <= FULL_TIME:
            return {"fte": f"Der Stellenanteil muss zwischen {fte_de(settings.min_fte)} und 1,00 VZÄ liegen."}
        return {}

    def check_measures(self, settings: Settings, positions: tuple[MeasureData, ...]) -> dict[str, str]:
        if len(positions) > 2:
            return {"positions-2-person_name": "Gefördert wird eine Stelle: höchstens zwei Personen mit je 0,50 VZÄ."}
        if len(positions) == 2 and any(p.fte != HALF_TIME for p in positions):
            return {
                "positions-1-fte": "Eine Vollzeitstelle kann nur auf zwei Personen mit je 0,50 VZÄ aufgeteilt werden; "
                "ein anderer Stellenanteil ist nur mit einer Person möglich."
            }
        return {}

    def measure_amount(self, settings: Settings, position: MeasureData, facts: dict[str, Any]) -> Decimal:
        """Höchstbetrag of the tier × VZÄ × months filled / 12, to the cent."""
        amount = (
            Decimal(facts["max_grant"])
            * position.fte
            * funded_months(position.employment_start, int(facts["funding_year"]))
            / 12
        )
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def measure_period(self, settings: Settings, position: MeasureData, facts: dict[str, Any]) -> tuple[date, date]:
        year = int(facts["funding_year"])
        months = funded_months(position.employment_start, year)
        start = date(year, 13 - months, 1) if 0 < months < 12 else date(year, 1, 1)
        return start, date(year, 12, 31)

    def figures(
        self, session: Session, programme, settings: Settings, applicant, data: ApplicationData
    ) -> ApplicationFigures:
        organisation_ids = (applicant.id, *data.member_ids)
        counts = population.inhabitants_by_organisation(session, organisation_ids)
        missing = [org_id for org_id in organisation_ids if org_id not in counts]
        inhabitants = sum(count for count, _ in counts.values())
        reference_date = max((day for _, day in counts.values()), default=None)
        tier = tier_for(settings, inhabitants)
        year = int(data.details["funding_year"])
        facts = {
            "funding_year": year,
            "inhabitants": inhabitants,
            "population_date": reference_date.isoformat() if reference_date else None,
            "tier_label": tier.label if tier else "",
            "max_grant": str(tier.max_grant if tier else ZERO),
        }
        positions = self.measure_figures(settings, data, facts)
        computed = sum((p.amount for p in positions), ZERO)
        refusal = self._refusal(settings, data, year, tier, inhabitants, bool(missing))
        shown = [
            Fact(
                "Förderjahr", str(year), f"Kalenderjahr; Antragsfrist {date_de(application_deadline(settings, year))}"
            ),
            Fact(
                "Einwohnerzahl" + (" aller Mitglieder" if data.joint else ""),
                f"{decimal_de(Decimal(inhabitants), 0)}",
                _population_note(settings, reference_date, year),
            ),
            Fact(
                "Höchstbetrag je Vollzeitstelle und Jahr",
                euro(tier.max_grant) if tier else "–",
                tier.label if tier else "",
            ),
            Fact("Beantragter Zuschuss", euro(computed), "Höchstbetrag × VZÄ × geförderte Monate / 12"),
        ]
        per_organisation = {
            org_id: f"{decimal_de(Decimal(count), 0)} Einwohnerinnen und Einwohner"
            for org_id, (count, _) in counts.items()
        }
        return ApplicationFigures(positions, computed, computed, None, per_organisation, tuple(shown), refusal, facts)

    @staticmethod
    def _refusal(settings, data, year, tier, inhabitants, missing) -> Optional[str]:
        if missing:
            return (
                "Für die antragstellende Kommune oder ein Mitglied liegt keine Einwohnerzahl vor. Bitte wenden Sie "
                "sich an das Regierungspräsidium."
            )
        if tier is None:
            smallest = min(t.min_inhabitants for t in settings.tiers)
            if data.joint:
                return (
                    f"Die Mitglieder des Zusammenschlusses haben zusammen {decimal_de(Decimal(inhabitants), 0)} "
                    f"Einwohnerinnen und Einwohner, weniger als {decimal_de(Decimal(smallest), 0)}. Bitte nehmen Sie "
                    "weitere Kommunen in den Zusammenschluss auf."
                )
            return (
                f"Ihre Kommune hat {decimal_de(Decimal(inhabitants), 0)} Einwohnerinnen und Einwohner, weniger als "
                f"{decimal_de(Decimal(smallest), 0)}. Kommunen dieser Größe können nur gemeinsam mit anderen einen Antrag "
                "stellen (Art des Antrags: gemeinsamer Antrag)."
            )
        late = [p.person_name for p in data.measures if p.employment_start.year > year]
        if late:
            return f"Der Beschäftigungsbeginn von {', '.join(late)} liegt nach dem Förderjahr {year}."
        return None

    def application_window(self, settings: Settings, today: date, data: Optional[ApplicationData]) -> Optional[str]:
        if data is None:
            return None
        year = int(data.details["funding_year"])
        deadline = application_deadline(settings, year)
        if today <= deadline:
            return None
        return (
            f"Anträge für das Förderjahr {year} waren bis zum {date_de(deadline)} einzureichen (15. November des "
            "Vorjahres; fällt der Tag auf ein Wochenende oder einen Feiertag, endet die Frist am nächsten Werktag). "
            "Bitte wählen Sie ein späteres Förderjahr."
        )

    def window_text(self, settings: Settings, today: date) -> str:
        parts = []
        for row in settings.funding_years:
            deadline = application_deadline(settings, row.year)
            parts.append(
                f"Förderjahr {row.year}: bis {date_de(deadline)}" + (" (abgelaufen)" if today > deadline else "")
            )
        return "; ".join(parts) + "."

    def applicant_status(self, session: Session, programme, settings: Settings, organisation) -> list[str]:
        count = population.inhabitants_by_organisation(session, [organisation.id]).get(organisation.id)
        if count is None:
            return ["Für Ihre Kommune liegt keine Einwohnerzahl vor."]
        tier = tier_for(settings, count[0])
        shown = f"{decimal_de(Decimal(count[0]), 0)} Einwohnerinnen und Einwohner (Stichtag {date_de(count[1])})"
        if tier is None:
            return [f"Ihre Kommune hat {shown}: Sie können nur gemeinsam mit anderen Kommunen beantragen."]
        return [f"Ihre Kommune hat {shown}: Höchstbetrag {euro(tier.max_grant)} je Vollzeitstelle und Jahr."]

    def case_facts(self, session: Session, settings: Settings, application) -> tuple[Fact, ...]:
        details = application.details
        return (
            Fact("Förderjahr", str(details.get("funding_year", ""))),
            Fact("Einwohnerzahl bei Einreichung", decimal_de(Decimal(details.get("inhabitants", 0)), 0)),
            Fact("Höchstbetrag je Vollzeitstelle und Jahr", euro(Decimal(details.get("max_grant", "0")))),
        )

    def measure_context(self, settings: Settings, details: dict[str, Any]) -> dict[str, Any]:
        return {"employer": "Antragsteller (eigenes Personal)"}

    def document_details(self, session: Session, settings: Settings, application) -> dict[str, Any]:
        details = application.details
        reference = details.get("population_date")
        return {
            "inhabitants": decimal_de(Decimal(details.get("inhabitants", 0)), 0),
            "population_date": date_de(date.fromisoformat(reference)) if reference else "",
            "tier_label": details.get("tier_label", ""),
            "max_grant": euro(Decimal(details.get("max_grant", "0"))),
            "funding_year": str(details.get("funding_year", "")),
            "total_fte": fte_de(sum((p.fte for p in application.positions), ZERO)),
        }
