"""VwV Integrationsmanagement (Baden-Württemberg, Pakt für Integration).

The figures below are the defaults a new installation starts with; the
administrators own them afterwards (``programme`` and ``programme_rate``
rows). The rates are plausible values derived from the published programme
(116 Mio. € for about 1,000 positions over two years, i.e. about 58,000 € per
full-time position and year); replace them with the rates of the VwV in force.
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from forms.application import ApplicationForm
from workflow.workflows.standard import STANDARD
from workflow.engine.programmes import ProgrammeDefinition

CODE = "integrationsmanagement"

REMEDY_TEXT = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim "
    "Verwaltungsgericht Stuttgart, Augustenstraße 5, 70178 Stuttgart, erhoben werden. Die Klage ist "
    "schriftlich oder zur Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle "
    "des Gerichts zu erheben. Sie kann auch elektronisch nach Maßgabe des § 55a der "
    "Verwaltungsgerichtsordnung (VwGO) eingereicht werden; Behörden und juristische Personen des "
    "öffentlichen Rechts sind hierzu nach § 55d VwGO verpflichtet."
)

SETTINGS = {
    "name": "VwV Integrationsmanagement",
    "legal_basis": (
        "Verwaltungsvorschrift des Ministeriums für Soziales, Gesundheit und Integration über die Gewährung "
        "von Zuwendungen zur Förderung des Integrationsmanagements (VwV Integrationsmanagement) in Verbindung "
        "mit §§\u00a023 und 44 der Landeshaushaltsordnung für Baden-Württemberg (LHO) und den Allgemeinen "
        "Nebenbestimmungen für Zuwendungen zur Projektförderung an kommunale Körperschaften (ANBest-K)"
    ),
    "purpose": (
        "Beschäftigung von Integrationsmanagerinnen und Integrationsmanagern, die Geflüchtete in der "
        "Anschlussunterbringung und in der Wohnsitzauflage sozial beraten und begleiten und mit ihnen einen "
        "individuellen Integrationsplan erstellen (Pakt für Integration)"
    ),
    "budget": Decimal("116000000.00"),
    "funding_months": 24,
    "threshold": Decimal("51000.00"),
    "min_fte": Decimal("0.25"),
    "positions_start_earliest": date(2027, 1, 1),
    "positions_start_latest": date(2027, 12, 31),
    "notification_fiction_days": 3,
    "remedy_period_months": 1,
    "remedy_text": REMEDY_TEXT,
    "response_period_days": 14,
    "reminder_days_before": 3,
    "proof_of_use_months": 3,
    "routing": "central",
    "file_number_prefix": "RPS-IM",
}

RATES = (
    ("a", "a – Hochschulabschluss Soziale Arbeit oder vergleichbar", Decimal("58000.00")),
    ("b", "b – anderer geeigneter Hochschulabschluss", Decimal("52000.00")),
    ("c", "c – Berufsausbildung mit einschlägiger Berufserfahrung", Decimal("46000.00")),
)

TEMPLATES = {
    "application": "integrationsmanagement/antrag.docx",
    "receipt": "integrationsmanagement/eingangsbestaetigung.docx",
    "information_request": "integrationsmanagement/nachforderung.docx",
    "decision_proposal": "integrationsmanagement/entscheidungsvorschlag.docx",
    "grant_notice": "integrationsmanagement/zuwendungsbescheid.docx",
    "partial_grant_notice": "integrationsmanagement/teilbewilligungsbescheid.docx",
    "rejection_notice": "integrationsmanagement/ablehnungsbescheid.docx",
    "withdrawal_confirmation": "integrationsmanagement/ruecknahmebestaetigung.docx",
    "waiver_confirmation": "integrationsmanagement/verzichtsbestaetigung.docx",
}


def position_amount(programme, category: str, fte: Decimal) -> Decimal:
    """Festbetrag × VZÄ × months / 12, to the cent."""
    yearly = programme.rate_for(category).amount_per_fte_year
    amount = yearly * fte * programme.funding_months / 12
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def funding_end(programme, employment_start: date) -> date:
    """The last day of the funded months, counted from the employment start."""
    return employment_start + relativedelta(months=programme.funding_months) - relativedelta(days=1)


DEFINITION = ProgrammeDefinition(
    code=CODE,
    settings=SETTINGS,
    authority_ags="081",  # Regierungspräsidium Stuttgart grants for the whole Land
    rates=RATES,
    form=ApplicationForm,
    templates=TEMPLATES,
    workflow=STANDARD,
    position_amount=position_amount,
    funding_end=funding_end,
)
