"""Rules of the VwV Integrationsmanagement: Festbetrag per VZÄ by category, 24 months, capped by the Planungsrahmen."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from workflow.money import ledger
from workflow.engine.rules import ZERO, ApplicationFigures, Fact, ProgrammeRules
from workflow.engine.schema import ApplicationData, MeasureData
from workflow.engine.settings import Settings
from workflow.formatting import date_de, euro, fte as fte_de
from workflow.workflows.post_award.staff import StaffPositionsAfterGrant
from workflow.programmes.integrationsmanagement.schema import EMPLOYER_PROVIDER


def rate_of(settings: Settings, category: str):
    return next(rate for rate in settings.rates if rate.category == category)


def employer_label(details: dict[str, Any]) -> str:
    if details.get("employer_kind") == EMPLOYER_PROVIDER:
        return f"{details.get('provider_name')} (Weiterleitung an Dritte)"
    return "Antragsteller (eigenes Personal)"


class IntegrationsmanagementRules(StaffPositionsAfterGrant, ProgrammeRules):
    capped_note = "auf den Planungsrahmen begrenzt"
    # Positions are funded as staffed; the Planungsrahmen limits the total only.
    grants_up_to_cap = True

    def allocation_threshold(self, settings: Settings) -> Decimal:
        return settings.threshold

    def grant_limits(self, session: Session, programme, applications: list) -> dict[int, ledger.PooledLimit]:
        return ledger.pooled_limits(
            session,
            programme,
            {application.id: ledger.application_organisation_ids(application) for application in applications},
        )

    def grant_problem(self, settings: Settings, application, amount: Decimal, limit: ledger.PooledLimit) -> str | None:
        """A grant stays within the pooled Planungsrahmen, counting grants already made to any of its organisations."""
        already = limit.already_granted
        if already + amount <= limit.pooled:
            return None
        return f"Die Bewilligung von {euro(amount)} überschreitet den Planungsrahmen von {euro(limit.pooled)}" + (
            f" (davon bereits bewilligt: {euro(already)})." if already else "."
        )

    def check_measure(self, settings: Settings, position: MeasureData) -> dict[str, str]:
        problems = {}
        if position.fte is not None and not settings.min_fte <= position.fte <= 1:
            problems["fte"] = f"Der Stellenanteil muss zwischen {fte_de(settings.min_fte)} und 1,00 VZÄ liegen."
        start = position.employment_start
        if start is not None and not settings.positions_start_earliest <= start <= settings.positions_start_latest:
            problems["employment_start"] = (
                "Der Beschäftigungsbeginn muss zwischen dem "
                f"{date_de(settings.positions_start_earliest)} und dem {date_de(settings.positions_start_latest)} liegen."
            )
        return problems

    def measure_amount(self, settings: Settings, position: MeasureData, facts: dict[str, Any]) -> Decimal:
        """Festbetrag × VZÄ × months / 12, to the cent."""
        yearly = rate_of(settings, position.category).amount
        amount = yearly * position.fte * settings.funding_months / 12
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def measure_period(self, settings: Settings, position: MeasureData, facts: dict[str, Any]) -> tuple[date, date]:
        """The funded months, counted from the employment start."""
        start = position.employment_start
        return start, start + relativedelta(months=settings.funding_months) - relativedelta(days=1)

    def figures(
        self, session: Session, programme, settings: Settings, applicant, data: ApplicationData
    ) -> ApplicationFigures:
        positions = self.measure_figures(settings, data, {})
        computed = sum((p.amount for p in positions), ZERO)
        allocations = ledger.allocations_by_organisation(session, programme, (applicant.id, *data.member_ids))
        pooled = sum(allocations.values(), ZERO)
        requested = min(computed, pooled)
        reached = pooled >= settings.threshold
        pooled_label = "Gemeinsamer Planungsrahmen" if data.joint else "Planungsrahmen"
        facts = (
            Fact(
                "Berechneter Förderbetrag",
                euro(computed),
                f"Summe aus Festbetrag × VZÄ × {settings.funding_months} Monate / 12",
            ),
            Fact(pooled_label, euro(pooled)),
            Fact("Mindestgrenze", f"{euro(settings.threshold)} – {'erreicht' if reached else 'nicht erreicht'}"),
            Fact(
                "Beantragter Betrag", euro(requested), "auf den Planungsrahmen begrenzt" if requested < computed else ""
            ),
        )
        return ApplicationFigures(
            measures=positions,
            computed_amount=computed,
            requested_amount=requested,
            cap=pooled,
            per_organisation={org_id: f"Planungsrahmen {euro(amount)}" for org_id, amount in allocations.items()},
            facts=facts,
            refusal=None if reached else self._threshold_message(settings, pooled, data.joint),
        )

    @staticmethod
    def _threshold_message(settings: Settings, pooled: Decimal, joint: bool) -> str:
        if joint:
            return (
                f"Der gemeinsame Planungsrahmen des Zusammenschlusses beträgt {euro(pooled)} und "
                f"liegt unter der Mindestgrenze von {euro(settings.threshold)}. Bitte nehmen Sie weitere Kommunen in "
                "den Zusammenschluss auf."
            )
        return (
            f"Ihr Planungsrahmen beträgt {euro(pooled)} und liegt unter der Mindestgrenze von "
            f"{euro(settings.threshold)}. Kommunen unterhalb dieser Grenze können nur gemeinsam mit anderen Kommunen "
            "einen Antrag stellen: Bitte schließen Sie sich mit Nachbarkommunen zu einem Zusammenschluss zusammen "
            "und stellen Sie einen gemeinsamen Antrag (Art des Antrags: gemeinsamer Antrag)."
        )

    def applicant_status(self, session: Session, programme, settings: Settings, organisation) -> list[str]:
        amount = ledger.allocations_by_organisation(session, programme, [organisation.id]).get(organisation.id)
        if amount is None:
            return ["Für Ihre Kommune ist kein Planungsrahmen veröffentlicht."]
        if amount >= settings.threshold:
            return [
                f"Ihr Planungsrahmen beträgt {euro(amount)} und erreicht die Mindestgrenze von "
                f"{euro(settings.threshold)}. Sie können allein oder als federführende Kommune eines "
                "Zusammenschlusses einen Antrag stellen."
            ]
        return [
            f"Ihr Planungsrahmen beträgt {euro(amount)} und liegt unter der Mindestgrenze von "
            f"{euro(settings.threshold)}. Sie können nur gemeinsam mit anderen Kommunen (Zusammenschluss) einen "
            "Antrag stellen – als federführende Kommune oder als Mitglied des Antrags einer anderen Kommune."
        ]

    def case_facts(self, session: Session, settings: Settings, application) -> tuple[Fact, ...]:
        label = "Gemeinsamer Planungsrahmen" if application.is_joint else "Planungsrahmen"
        facts = (
            Fact("Berechneter Förderbetrag", euro(application.computed_amount)),
            Fact(label + " bei Einreichung", euro(application.pooled_allocation)),
        )
        if application.pooled_allocation is None:
            return facts
        # After a new Planungsrahmen table the limit of the grant is today's figure (``grant_problem``).
        current = ledger.pooled_allocation(
            session, application.programme, ledger.application_organisation_ids(application)
        )
        if current == application.pooled_allocation:
            return facts
        change = "gestiegen" if current > application.pooled_allocation else "gesunken"
        return (
            *facts,
            Fact(
                label + " heute",
                euro(current),
                f"seit der Einreichung {change}; die Bewilligung richtet sich nach diesem Betrag",
            ),
        )

    def measure_context(self, settings: Settings, details: dict[str, Any]) -> dict[str, Any]:
        return {"category_label": rate_of(settings, details["category"]).label, "employer": employer_label(details)}

    def forwarded_to(self, details: dict[str, Any]) -> str | None:
        return details.get("provider_name") if details.get("employer_kind") == EMPLOYER_PROVIDER else None

    def document_details(self, session: Session, settings: Settings, application) -> dict[str, Any]:
        return {
            "pooled_allocation": euro(application.pooled_allocation),
            "funding_months": settings.funding_months,
            "threshold": euro(settings.threshold),
            "rates": [{"category": r.category, "label": r.label, "amount": euro(r.amount)} for r in settings.rates],
        }
