"""The hearing before an adverse decision (Anhörung, § 28 Abs. 1 LVwVfG).

Before a Widerruf the recipient learns the intended decision – amount, the day it would take effect, what would
be claimed back, the reasons – and may comment within a period that runs from the letter's Bekanntgabe. The
answer (or its absence when the period has run out) is recorded, and the Bescheid must deal with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow import deadlines
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de


def hearing_due(ctx: TransitionContext) -> date:
    settings = case_settings(ctx.application)
    notified = deadlines.notification_date(ctx.today, settings.notification_fiction_days)
    return deadlines.end_of_day_period(notified, settings.hearing_period_days)


def record_hearing(ctx: TransitionContext) -> None:
    ctx.procedure.data = {
        **ctx.procedure.data,
        "hearing_sent_on": ctx.today.isoformat(),
        "hearing_due_on": hearing_due(ctx).isoformat(),
    }


def record_answer(ctx: TransitionContext) -> None:
    answer = (ctx.payload.get("comment") or "").strip()
    if not answer:
        raise TransitionRefused("Bitte geben Sie Ihre Stellungnahme ein.", 422)
    ctx.procedure.data = {**ctx.procedure.data, "hearing_answer": answer, "hearing_answered_on": ctx.today.isoformat()}


def hearing_letter(data: dict[str, Any]) -> dict[str, Any]:
    def day(key: str) -> str:
        return date_de(date.fromisoformat(data[key])) if data.get(key) else ""

    return {
        "hearing_sent_on": day("hearing_sent_on"),
        "hearing_due_on": day("hearing_due_on"),
        "hearing_answered_on": day("hearing_answered_on"),
        "hearing_answer": [line for line in (data.get("hearing_answer") or "").splitlines() if line.strip()],
    }
