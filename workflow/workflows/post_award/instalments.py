"""Ratenzahlung: a claim deferred by instalments (§ 59 Abs. 1 Nr. 1 LHO), proposed by one person, signed by another.

The Verwaltungsvorschrift of the Finanzministerium Baden-Württemberg zu § 59 LHO (Az. 2-0413.1/61, GABl. 2018, 765;
https://www.landesrecht-bw.de, VVBW-VVBW000029705) says: a Stundung may be granted by Teilzahlungen (Nr. 1.3); the
agreement must then say that the whole rest falls due at once when the time for paying two instalments is exceeded
by a period it names (the Verfallklausel: how many instalments and how many days are programme settings, two and
14 days as shipped); a Stundung is granted under the reservation of revocation at any time (Nr. 1.1); and it is
granted against „angemessene Verzinsung“, as a rule two points above the Basiszinssatz (Nr. 1.4).

No Stundungszinsen are added here: the claims are repayments under § 49a LVwVfG, whose interest (Abs. 3: five points
above the Basiszinssatz) runs by law on the open principal until it is paid, whatever the due date. That already
exceeds the rate Nr. 1.4 calls appropriate; charging both would charge twice for the same days. The letter says so.

The plan is fixed when it is signed: what is open that day (principal, interest to that day, costs) is split into
equal instalments (the last takes the cents left over), each due on its day (moved to the next working day,
§ 193 BGB). The interest that accrues after that day is due with the last instalment. Receipts stay what they are
for every claim (costs → interest → principal, ``claim_balance``); the plan counts the money received since it was
signed against its instalments in order. Its period (``instalment``) ends on the day the Verfallklausel would take
effect; every receipt moves it, and the sweep's expiry makes the rest due: the claim is overdue and is dunned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Optional

from dateutil.relativedelta import relativedelta

from workflow import clock, deadlines
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de, euro
from workflow.models import Procedure
from workflow.text import parse_german_date
from workflow.workflows.post_award import claims
from workflow.workflows.post_award.accounts import CENT, ZERO
from workflow.workflows.post_award.states import INSTALMENTS

MAX_INSTALMENTS = 36
NUMBERS = {1: "einer Rate", 2: "zwei Raten", 3: "drei Raten"}


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    amount: Decimal
    paid: Decimal

    @property
    def open(self) -> Decimal:
        return self.amount - self.paid


@dataclass(frozen=True)
class Plan:
    signed_on: date
    total: Decimal
    instalments: list[Instalment]
    grace_days: int
    forfeit_after: int

    @property
    def received(self) -> Decimal:
        return sum((instalment.paid for instalment in self.instalments), ZERO)

    def unpaid(self) -> list[Instalment]:
        return [instalment for instalment in self.instalments if instalment.open > 0]

    def overdue(self, today: date) -> list[Instalment]:
        """Instalments still unpaid more than the grace days after their due day."""
        return [i for i in self.unpaid() if today > i.due_on + timedelta(days=self.grace_days)]

    def arrears(self, today: date) -> Decimal:
        return sum((i.open for i in self.unpaid() if i.due_on < today), ZERO)

    def forfeit_day(self) -> date:
        """The last day before the Verfallklausel takes effect: the grace after the ``forfeit_after``-th unpaid
        instalment, or after the last one (what is open then is due with it)."""
        unpaid = self.unpaid()
        last = self.instalments[-1].due_on
        due = unpaid[self.forfeit_after - 1].due_on if len(unpaid) >= self.forfeit_after else last
        return min(due, last) + timedelta(days=self.grace_days)

    def forfeit_rule(self) -> str:
        return (
            f"Ist die Frist für die Zahlung von {NUMBERS.get(self.forfeit_after, f'{self.forfeit_after} Raten')} um "
            f"mehr als {self.grace_days} Tage überschritten, wird die gesamte dann offene Restforderung sofort fällig."
        )


def split(total: Decimal, count: int) -> list[Decimal]:
    """Equal instalments, rounded down to the cent; the last takes what is left."""
    rate = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    return [rate] * (count - 1) + [total - rate * (count - 1)]


def due_days(first: date, count: int, interval_months: int) -> list[date]:
    """Every ``interval_months`` from ``first`` (a 31st becomes the month's last day), each moved off weekends and
    holidays (§ 193 BGB)."""
    return [deadlines.next_working_day(first + relativedelta(months=interval_months * k)) for k in range(count)]


def plan_of(procedure: Procedure) -> Optional[Plan]:
    """The signed plan with what was received since against each instalment in order; None without one."""
    data = procedure.data.get(INSTALMENTS)
    if not data:
        return None
    known = set(data["receipts_before"])
    left = sum((r.amount for r in procedure.receipts if r.id not in known), ZERO)
    instalments = []
    for number, item in enumerate(data["rates"], start=1):
        amount = Decimal(item["amount"])
        paid = min(amount, left)
        left -= paid
        instalments.append(Instalment(number, date.fromisoformat(item["due_on"]), amount, paid))
    return Plan(
        date.fromisoformat(data["signed_on"]),
        Decimal(data["total"]),
        instalments,
        data["grace_days"],
        data["forfeit_after"],
    )


def _integer(ctx: TransitionContext, name: str, low: int, high: int, message: str) -> int:
    try:
        value = int(str(ctx.payload.get(name) or "").strip())
    except ValueError:
        raise TransitionRefused(message, 422) from None
    if not low <= value <= high:
        raise TransitionRefused(message, 422)
    return value


def propose(ctx: TransitionContext) -> None:
    count = _integer(
        ctx, "count", 2, MAX_INSTALMENTS, f"Bitte geben Sie die Zahl der Raten an (2 bis {MAX_INSTALMENTS})."
    )
    interval = _integer(
        ctx, "interval_months", 1, 12, "Bitte geben Sie den Abstand der Raten in Monaten an (1 bis 12)."
    )
    first = parse_german_date(str(ctx.payload.get("first_due") or ""))
    if first is None or first <= ctx.today:
        raise TransitionRefused("Bitte geben Sie an, wann die erste Rate fällig ist (TT.MM.JJJJ, nach heute).", 422)
    if not (ctx.payload.get("comment") or "").strip():
        raise TransitionRefused(
            "Bitte begründen Sie die Ratenzahlung (erhebliche Härte, Anspruch nicht gefährdet).", 422
        )
    ctx.procedure.data = {
        **ctx.procedure.data,
        "proposal": {
            "kind": INSTALMENTS,
            "count": count,
            "interval_months": interval,
            "first_due": first.isoformat(),
            "state_before": ctx.procedure.state,
            "reasons": ctx.payload["comment"].strip(),
        },
    }


def first_due_ahead(ctx: TransitionContext) -> Optional[str]:
    proposal = ctx.procedure.data.get("proposal") or {}
    if proposal.get("kind") == INSTALMENTS and date.fromisoformat(proposal["first_due"]) <= ctx.today:
        return "Die erste Rate wäre schon fällig. Bitte geben Sie den Vorschlag zurück; die Sachbearbeitung schlägt neu vor."
    return None


def sign(ctx: TransitionContext) -> None:
    """What is open today is split into the instalments; the due day of the claim is the last instalment's."""
    proposal = ctx.procedure.data["proposal"]
    settings = case_settings(ctx.application)
    total = claims.claim_balance(ctx.session, ctx.procedure, ctx.today).open
    days = due_days(date.fromisoformat(proposal["first_due"]), proposal["count"], proposal["interval_months"])
    rates = [{"due_on": day.isoformat(), "amount": str(amount)} for day, amount in zip(days, split(total, len(days)))]
    ctx.procedure.data = {
        **ctx.procedure.data,
        INSTALMENTS: {
            "signed_on": ctx.today.isoformat(),
            "total": str(total),
            "rates": rates,
            "interval_months": proposal["interval_months"],
            "reasons": proposal["reasons"],
            "receipts_before": [receipt.id for receipt in ctx.procedure.receipts],
            "grace_days": settings.instalment_grace_days,
            "forfeit_after": settings.instalment_forfeit_after,
        },
        "due_on": days[-1].isoformat(),
        "proposal": None,
    }
    ctx.details.update(total=str(total), instalments=len(rates), last_due_on=days[-1].isoformat())


def forfeit_day(ctx: TransitionContext) -> Optional[date]:
    """The plan's period, while the claim is paid by instalments (None: no period, the plan ended)."""
    if ctx.procedure.state != INSTALMENTS:
        return None
    return plan_of(ctx.procedure).forfeit_day()


def forfeit(ctx: TransitionContext) -> None:
    """The Verfallklausel: the rest is due today; the claim is overdue and dunned like any other."""
    plan = plan_of(ctx.procedure)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "due_on": ctx.today.isoformat(),
        "forfeited_on": ctx.today.isoformat(),
    }
    ctx.details.update(overdue_instalments=len(plan.overdue(ctx.today)), arrears=str(plan.arrears(ctx.today)))


def facts(procedure: Procedure) -> list[tuple[str, str]]:
    found = claims.facts(procedure)
    proposal = procedure.data.get("proposal") or {}
    if proposal.get("kind") == INSTALMENTS:
        found += [
            (
                "Vorgeschlagen",
                f"Ratenzahlung: {proposal['count']} Raten alle {proposal['interval_months']} Monat(e), die erste am "
                f"{date_de(date.fromisoformat(proposal['first_due']))}",
            ),
            ("Gründe", proposal["reasons"]),
        ]
    plan = plan_of(procedure)
    if plan is None:
        return found
    today = clock.today()
    found.append(
        ("Ratenzahlung", f"{euro(plan.total)} in {len(plan.instalments)} Raten, bewilligt am {date_de(plan.signed_on)}")
    )
    for instalment in plan.instalments:
        found.append((f"{instalment.number}. Rate", _instalment_line(instalment, today)))
    if procedure.state == INSTALMENTS:
        found.append(("Danach", "die bis dahin weiter aufgelaufenen Zinsen, fällig mit der letzten Rate"))
        found.append(("Verfall", plan.forfeit_rule()))
    elif procedure.data.get("forfeited_on"):
        found.append(
            (
                "Verfallen",
                f"am {date_de(date.fromisoformat(procedure.data['forfeited_on']))}: die Restforderung ist fällig",
            )
        )
    return found


def plan_text(procedure: Procedure, today: date) -> Optional[str]:
    """What the recipient owes by when under the plan, for the case page's task; None outside a plan."""
    plan = plan_of(procedure)
    if plan is None or procedure.state != INSTALMENTS:
        return None
    lines = "; ".join(f"{i.number}. Rate {_instalment_line(i, today)}" for i in plan.instalments)
    return (
        f"In Raten: {lines}. Die danach noch aufgelaufenen Zinsen sind mit der letzten Rate fällig. "
        f"{plan.forfeit_rule()}"
    )


def _instalment_line(instalment: Instalment, today: date) -> str:
    line = f"{euro(instalment.amount)} bis {date_de(instalment.due_on)}"
    if instalment.open == 0:
        return line + " – bezahlt"
    if instalment.paid:
        line += f" – bezahlt {euro(instalment.paid)}, offen {euro(instalment.open)}"
    return line + (" – überfällig" if instalment.due_on < today else "")


def letter(ctx: TransitionContext) -> dict[str, Any]:
    """The claim's letters' names, with the plan's for the Ratenzahlungsbescheid and a Mahnung after its Verfall."""
    forfeited = ctx.procedure.data.get("forfeited_on")
    found = {**claims.letter(ctx), "forfeited_on": date_de(date.fromisoformat(forfeited)) if forfeited else ""}
    plan = plan_of(ctx.procedure)
    if plan is None:
        return {**found, "plan_signed_on": ""}
    data = ctx.procedure.data[INSTALMENTS]
    return {
        **found,
        "plan_signed_on": date_de(plan.signed_on),
        "plan_total": euro(plan.total),
        "plan_count": len(plan.instalments),
        "plan_interval": _interval(data["interval_months"]),
        "instalments": [
            {"number": i.number, "amount": euro(i.amount), "due_on": date_de(i.due_on)} for i in plan.instalments
        ],
        "last_due_on": date_de(plan.instalments[-1].due_on),
        "forfeit_rule": plan.forfeit_rule(),
        "plan_reasons": [line for line in data["reasons"].splitlines() if line.strip()],
    }


def _interval(months: int) -> str:
    return "monatlich" if months == 1 else f"alle {months} Monate"


LETTER_SAMPLE = {
    **claims.LETTER_SAMPLE,
    "forfeited_on": "16.12.2027",
    "plan_signed_on": "20.07.2027",
    "plan_total": "10.047,22 €",
    "plan_count": 4,
    "plan_interval": "alle 3 Monate",
    "instalments": [
        {"number": 1, "amount": "2.511,80 €", "due_on": "01.10.2027"},
        {"number": 2, "amount": "2.511,80 €", "due_on": "03.01.2028"},
        {"number": 3, "amount": "2.511,80 €", "due_on": "03.04.2028"},
        {"number": 4, "amount": "2.511,82 €", "due_on": "03.07.2028"},
    ],
    "last_due_on": "03.07.2028",
    "forfeit_rule": "Ist die Frist für die Zahlung von zwei Raten um mehr als 14 Tage überschritten, wird die gesamte "
    "dann offene Restforderung sofort fällig.",
    "plan_reasons": ["Die Gemeinde hat dargelegt, dass sie die Erstattung erst aus dem Haushalt 2028 leisten kann."],
}
