"""What a programme decides by its own rules: amounts, periods, caps, eligibility, its application window.

A programme subclasses ``ProgrammeRules`` and overrides what differs; the
engine calls these hooks and nothing else programme-specific. Every hook
gets the typed settings of the case's programme version.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy.orm import Session

from workflow.engine.context import TransitionRefused
from workflow.engine.schema import ApplicationData, MeasureData
from workflow.engine.settings import Settings
from workflow.formatting import euro

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Fact:
    """A line of the calculation a clerk checks before submitting (label, value, explanation)."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class MeasureFigures:
    data: MeasureData
    amount: Decimal
    # None for a shape without a period of its own (a single amount).
    funding_start: Optional[date]
    funding_end: Optional[date]


@dataclass(frozen=True)
class ApplicationFigures:
    """The computed amounts that the summary shows and the submission freezes."""

    measures: tuple[MeasureFigures, ...]
    computed_amount: Decimal
    requested_amount: Decimal
    # The upper limit the request was held to (``ProgrammeRules.cap_label``), if the programme has one.
    cap: Optional[Decimal]
    # What the programme shows next to each organisation (its allocation or inhabitants, as a sentence part).
    per_organisation: dict[int, str]
    facts: tuple[Fact, ...]
    # Why this applicant may not apply like this (a German sentence), or None.
    refusal: Optional[str] = None
    # Facts the rules relied on, frozen with the case on submission (e.g. the population and its Stichtag).
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def capped(self) -> bool:
        return self.requested_amount < self.computed_amount


@dataclass(frozen=True)
class ChangedDecision:
    """What an Änderungsbescheid decides by the programme's rule.

    ``rulings``: for each ruling in force, in its order, the new ruling's values (``amount``, ``funding_start``,
    ``funding_end``, ``fte``, ``outcome``, ``reason``); ``amount``: the grant the changed decision states;
    ``reduction``: how much less it grants than the decision in force; ``effective_from``: the first day the change
    takes money away (interest on a repayment runs from it, § 49a Abs. 3 LVwVfG); ``figures``: what the letter
    needs of the calculation, stored with the procedure."""

    rulings: tuple[dict[str, Any], ...]
    amount: Decimal
    reduction: Decimal
    calculation: str
    effective_from: date
    figures: dict[str, Any] = field(default_factory=dict)


class ProgrammeRules(ABC):
    """Defaults: no cap, no window; every programme gives its amount (and, where its measures have one, the
    funding period) per measure."""

    def check_measure(self, settings: Settings, measure: MeasureData) -> dict[str, str]:
        """Messages per field name for one measure; a field that could not be read is None."""
        return {}

    def check_measures(self, settings: Settings, measures: tuple[MeasureData, ...]) -> dict[str, str]:
        """Messages keyed by form key (``positions-1-fte``) for rules across measures."""
        return {}

    @abstractmethod
    def measure_amount(self, settings: Settings, measure: MeasureData, facts: dict[str, Any]) -> Decimal:
        """The amount of one measure; ``facts`` are the application's fields and what the rules looked up."""

    def measure_period(
        self, settings: Settings, measure: MeasureData, facts: dict[str, Any]
    ) -> tuple[Optional[date], Optional[date]]:
        """First and last day the measure is funded; (None, None) where the programme's measures have no period of
        their own."""
        return None, None

    def figures(
        self, session: Session, programme, settings: Settings, applicant, data: ApplicationData
    ) -> ApplicationFigures:
        measures = self.measure_figures(settings, data, {})
        computed = sum((m.amount for m in measures), ZERO)
        return ApplicationFigures(measures, computed, computed, None, {}, self.default_facts(computed))

    def measure_figures(
        self, settings: Settings, data: ApplicationData, facts: dict[str, Any]
    ) -> tuple[MeasureFigures, ...]:
        """Amount and funding period of every measure, from the settings, the application and ``facts``."""
        facts = {**data.details, **facts}
        return tuple(
            MeasureFigures(
                measure, self.measure_amount(settings, measure, facts), *self.measure_period(settings, measure, facts)
            )
            for measure in data.measures
        )

    @staticmethod
    def default_facts(computed: Decimal) -> tuple[Fact, ...]:
        return (Fact("Beantragter Betrag", euro(computed)),)

    def granted_total(self, settings: Settings, application, rulings: list) -> Decimal:
        """The grant a decision's rulings come to (each ruling has ``position`` and ``amount``): their sum, unless the
        programme computes the grant from what the rulings recognise (a share of the recognised costs)."""
        return sum((ruling.amount for ruling in rulings), ZERO)

    def application_window(self, settings: Settings, today: date, data: Optional[ApplicationData]) -> Optional[str]:
        """Why an application cannot be submitted today, or None."""
        return None

    def allocation_threshold(self, settings: Settings) -> Optional[Decimal]:
        """The minimum (pooled) allocation an applicant needs, for programmes that have one."""
        return None

    # Said of a request held to ``ApplicationFigures.cap``.
    capped_note = "auf die Obergrenze des Programms begrenzt"
    # Whether measures granted as applied above a capped request are granted up to the cap, each with its share of
    # it (``decisions.held_to_cap``), instead of the reviewer cutting measures until the sum fits.
    grants_up_to_cap = False

    def grant_limits(self, session: Session, programme, applications: list) -> dict[int, Any]:
        """What ``grant_problem`` needs of the database, by application id, read at once for a whole list (a
        signing round shows which proposals it could sign); empty where the programme has no limit of its own."""
        return {}

    def grant_problem(self, settings: Settings, application, amount: Decimal, limit: Any) -> Optional[str]:
        """Why granting ``amount`` would exceed the programme's own limit for this applicant, or None; ``limit`` is
        what ``grant_limits`` read for it (under the programme's lock when signing). The engine checks the
        programme budget itself."""
        return None

    def window_text(self, settings: Settings, today: date) -> str:
        """When applications are taken, for the list of programmes."""
        return "Anträge sind laufend möglich."

    def applicant_status(self, session: Session, programme, settings: Settings, organisation) -> list[str]:
        """Sentences for the clerk's start page: what this organisation may apply for."""
        return []

    def case_facts(self, session: Session, settings: Settings, application) -> tuple[Fact, ...]:
        """Facts of a submitted case for its page (amounts, caps)."""
        return ()

    def measure_context(self, settings: Settings, details: dict[str, Any]) -> dict[str, Any]:
        """Extra per-measure values for summaries and letters, from the measure's programme fields."""
        return {}

    def forwarded_to(self, details: dict[str, Any]) -> Optional[str]:
        """The third party a measure's money is forwarded to (Weiterleitung an Dritte), if any."""
        return None

    def document_details(self, session: Session, settings: Settings, application) -> dict[str, Any]:
        """Programme-specific values for the letters (``details.…`` in the templates)."""
        return {}

    # After the grant: ``workflows.post_award`` asks these, so that payments and the proof of use follow the shape of
    # the programme's measures. The defaults fit a grant of one sum, called as needed and proven by a Sachbericht;
    # staff positions and cost plans bring their own (``workflows.post_award.staff`` and ``.costs``).
    # The forms the recipient fills in for a Mittelabruf and the proof of use (names in ``forms.procedures``).
    payment_form = "payment_request"
    proof_form = "proof_report"
    # Whether the proof of use ends in a Schlussfestsetzung by the programme's rule (``proof_settlement``).
    settles_proof = False

    def payment_limit(self, session: Session, settings: Settings, application, day: date, money) -> Decimal:
        """The most a Mittelabruf may ask for on ``day``; ``money`` is the case's (granted, paid, pending,
        ``open_to_pay``). Default: what is granted and neither paid nor on its way."""
        return money.open_to_pay

    def payment_problem(
        self,
        session: Session,
        settings: Settings,
        application,
        day: date,
        money,
        amount: Decimal,
        payload: dict[str, Any],
    ) -> Optional[str]:
        """Why a Mittelabruf of ``amount`` (with the rest of the step's ``payload``) cannot be paid, or None. A
        programme may raise ``TransitionRefused`` (422) where the recipient's own statement is wrong."""
        limit = self.payment_limit(session, settings, application, day, money)
        if amount > limit:
            return f"Abgerufen werden können derzeit höchstens {euro(limit)}: bewilligt und noch nicht ausgezahlt."
        return None

    def payment_hint(self, settings: Settings) -> str:
        """What may be called, as the recipient's task says it after „Heute abrufbar: 1.000,00 € –“."""
        return "bewilligt und noch nicht ausgezahlt"

    def next_payment_day(self, settings: Settings, application, money, today: date) -> Optional[date]:
        """The first day after ``today`` from which something may be called again, where the programme's rule knows
        it; None otherwise."""
        return None

    def scheduled_instalment(self, session: Session, settings: Settings, application, day: date, money) -> Decimal:
        """What is due by schedule on ``day`` when the programme pays in instalments (setting ``payment_mode``).
        Default: nothing – a grant without a schedule of its own is called as needed."""
        return ZERO

    def proof_content(
        self, session: Session, settings: Settings, application, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The zahlenmäßiger Nachweis as stored with the proof of use, read from the step's ``payload``; raises
        ``TransitionRefused`` (422) for input that cannot stand. Default: nothing beyond the Sachbericht."""
        return {}

    def proof_settlement(
        self, settings: Settings, application, proof: dict[str, Any], paid: Decimal
    ) -> Optional[dict[str, Any]]:
        """The Schlussfestsetzung a submitted proof of use (``proof``: what ``proof_content`` stored) leads to, as
        figures (``final_grant``, ``repayment`` = ``paid`` less the final grant, …); None where the programme fixes
        nothing by rule and the reviewer checks the proof by the list (and, if need be, revokes)."""
        return None

    # The Änderungsanzeige (``workflows.post_award.changes``): the form the recipient reports a change with and the
    # one the reviewer proposes the Änderungsbescheid with (names in ``forms.procedures``); a programme without
    # ``change_form`` takes no change reports.
    change_form: Optional[str] = None
    change_review_form = "comment"
    # … and the one it proposes an Änderungsbescheid that lowers the grant with, after the hearing or its waiver.
    change_decision_form = "change_decision"
    # What the recipient reports, as the step's description says it.
    change_description = ""

    def change_content(
        self, session: Session, settings: Settings, application, payload: dict[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The reported change as stored with the procedure, read from the step's ``payload``, and how it reads
        ((label, text) pairs in German); raises ``TransitionRefused`` (422) for a report that cannot stand."""
        # Reached only by a programme that names a ``change_form`` without reading it; ``programme check`` refuses
        # such a programme before it is installed.
        raise TransitionRefused("Dieses Programm nimmt keine Änderungsanzeigen an.", 404)

    def changed_decision(
        self, session: Session, settings: Settings, application, change: dict[str, Any], payload: dict[str, Any]
    ) -> Optional[ChangedDecision]:
        """The Änderungsbescheid the reported ``change`` leads to, with the reviewer's ``payload``; None where the
        change touches neither the grant nor what the Bescheid made binding (the reviewer notes it)."""
        return None

    def change_letter(self, session: Session, settings: Settings, application, procedure) -> dict[str, Any]:
        """The shape's part of the Änderungsbescheid (``procedure.*``) for the change ``procedure``."""
        return {}

    # The same keys with sample values, for the programme check.
    change_letter_sample: dict[str, Any] = {}

    def proof_uses(self, settings: Settings, application, proof: dict[str, Any]) -> list[tuple[date, Decimal]]:
        """When the grant's money was used for its purpose, as (day, amount), by the submitted proof of use: the
        Zwischenzinsen of § 49a Abs. 4 LVwVfG follow from it. Default: the proof does not say (none computed)."""
        return []
