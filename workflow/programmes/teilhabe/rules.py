"""Rules of the VwV-Integration (Teilhabe, Elternbeteiligung): the grant is the programme's share of the
zuwendungsfähige Ausgaben of the project's Kosten- und Finanzierungsplan, capped by the Höchstbetrag and the
Fehlbetrag, within the call's deadline (the arithmetic is ``workflow.measures.cost_plan``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy.orm import Session

from workflow.engine.rules import ApplicationFigures, Fact, ProgrammeRules
from workflow.engine.schema import ApplicationData, MeasureData
from workflow.engine.settings import Settings
from workflow.formatting import date_de, euro
from workflow.measures.cost_items import case_plan, draft_plan, funding_rule, recognised_by_group
from workflow.measures.cost_plan import FINANCING_LABELS, compute_grant, eligible_by_group, percent, request_problems
from workflow.models.organisation import MUNICIPAL_KINDS
from workflow.workflows.post_award.cost_changes import CostPlanChanges
from workflow.workflows.post_award.costs import CostPlanAfterGrant


class TeilhabeRules(CostPlanAfterGrant, CostPlanChanges, ProgrammeRules):
    def check_measure(self, settings: Settings, measure: MeasureData) -> dict[str, str]:
        cost = measure.details.get("cost")
        if cost is not None and cost <= 0:
            return {"cost": "Der Betrag einer Ausgabe muss über 0 € liegen."}
        return {}

    def measure_amount(self, settings: Settings, measure: MeasureData, facts: dict[str, Any]) -> Decimal:
        """An expense's amount as planned; the grant is computed from the whole plan (``figures``)."""
        return measure.cost

    def measure_period(
        self, settings: Settings, measure: MeasureData, facts: dict[str, Any]
    ) -> tuple[Optional[date], Optional[date]]:
        """Every expense falls in the project's period."""
        return facts.get("project_start"), facts.get("project_end")

    def figures(
        self, session: Session, programme, settings: Settings, applicant, data: ApplicationData
    ) -> ApplicationFigures:
        measures = self.measure_figures(settings, data, {})
        rule, plan = funding_rule(settings), draft_plan(data)
        grant = compute_grant(plan, rule)
        problems = request_problems(plan, rule)
        if (
            data.details.get("project_end")
            and data.details.get("project_start")
            and data.details["project_end"] < data.details["project_start"]
        ):
            problems.insert(0, "Das Ende des Projekts darf nicht vor seinem Beginn liegen.")
        facts = (
            Fact("Ausgaben insgesamt", euro(plan.total)),
            Fact("davon zuwendungsfähig", euro(grant.eligible)),
            Fact("Eigenmittel und Drittmittel", euro(plan.own_funds + plan.third_party_funds)),
            Fact(
                "Finanzierungsart",
                FINANCING_LABELS[rule.financing],
                f"{percent(rule.share)} der zuwendungsfähigen Ausgaben, höchstens {euro(rule.maximum)}",
            ),
            Fact("Berechnete Zuwendung", euro(grant.amount), " ".join(grant.limits)),
            Fact("Beantragte Zuwendung", euro(plan.requested)),
        )
        return ApplicationFigures(
            measures, grant.amount, plan.requested, rule.maximum, {}, facts, refusal=" ".join(problems) or None
        )

    capped_note = "auf den Höchstbetrag, den Anteil und den Fehlbetrag begrenzt"

    def granted_total(self, settings: Settings, application, rulings: list) -> Decimal:
        """The share of what the rulings recognise, capped like the request (Höchstbetrag, Fehlbetrag, request)."""
        rule = funding_rule(settings)
        return compute_grant(case_plan(application), rule, recognised_by_group(rule, rulings)).amount

    def application_window(self, settings: Settings, today: date, data: Optional[ApplicationData]) -> Optional[str]:
        if today <= settings.application_deadline:
            return None
        return (
            f"Anträge dieser Förderrunde waren bis zum {date_de(settings.application_deadline)} einzureichen; "
            "die Antragsfrist ist abgelaufen."
        )

    def window_text(self, settings: Settings, today: date) -> str:
        return f"Anträge der Förderrunde bis {date_de(settings.application_deadline)}."

    def measure_context(self, settings: Settings, details: dict[str, Any]) -> dict[str, Any]:
        group = next((row for row in settings.cost_groups if row.key == details.get("group")), None)
        return {
            "group_label": group.label if group else "",
            "eligible_label": ("ja" if group.eligible == "ja" else f"nein – {group.reason}") if group else "",
        }

    def case_facts(self, session: Session, settings: Settings, application) -> tuple[Fact, ...]:
        rule, plan = funding_rule(settings), case_plan(application)
        eligible = sum(eligible_by_group(plan, rule).values(), Decimal("0.00"))
        return (
            Fact("Ausgaben insgesamt", euro(plan.total)),
            Fact("davon zuwendungsfähig", euro(eligible)),
            Fact("Eigenmittel", euro(plan.own_funds)),
            Fact("Drittmittel", euro(plan.third_party_funds)),
            Fact(
                "Finanzierungsart",
                f"{FINANCING_LABELS[rule.financing]}, {percent(rule.share)}, höchstens {euro(rule.maximum)}",
            ),
        )

    def document_details(self, session: Session, settings: Settings, application) -> dict[str, Any]:
        rule, plan = funding_rule(settings), case_plan(application)
        municipal = application.applicant.kind in MUNICIPAL_KINDS
        return {
            "financing": FINANCING_LABELS[rule.financing],
            "share": percent(rule.share),
            "maximum": euro(rule.maximum),
            "total_costs": euro(plan.total),
            "eligible_costs": euro(sum(eligible_by_group(plan, rule).values(), Decimal("0.00"))),
            "own_funds": euro(plan.own_funds),
            "third_party_funds": euro(plan.third_party_funds),
            "requested": euro(plan.requested),
            "annex": settings.annex_municipal if municipal else settings.annex_non_municipal,
            "municipal": municipal,
            "coordination_note": settings.coordination_note,
        }
