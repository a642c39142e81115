"""The hearing before an adverse decision (Anhörung, § 28 LVwVfG), for a Widerruf and an adverse Änderungsbescheid.

Before the decision the recipient learns what is intended – amount, the day it would take effect, what would be
claimed back, the reasons – and may comment within a period that runs from the letter's Bekanntgabe. Every answer,
given in the portal or received by post or fax, is recorded with the day it came in, and the Bescheid must deal with
it (§ 39 Abs. 1 LVwVfG). The reviewer may do without the hearing only on a ground of § 28 Abs. 2 LVwVfG, with the
reasons for this case; the Bescheid states both.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from workflow import deadlines
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de
from workflow.operations.attachments import store_uploaded_files
from workflow.text import parse_german_date

# The grounds on which § 28 Abs. 2 LVwVfG lets the authority do without a hearing that a case after the grant can
# have. Wording of § 28 Abs. 2 (identical in the Land laws and the VwVfG of the Bund): "Von der Anhörung kann abgesehen
# werden, wenn sie nach den Umständen des Einzelfalles nicht geboten ist, insbesondere wenn 1. eine sofortige
# Entscheidung wegen Gefahr im Verzug oder im öffentlichen Interesse notwendig erscheint; 2. durch die Anhörung die
# Einhaltung einer für die Entscheidung maßgeblichen Frist in Frage gestellt würde; 3. von den tatsächlichen Angaben
# eines Beteiligten, die dieser in einem Antrag oder einer Erklärung gemacht hat, nicht zu seinen Ungunsten abgewichen
# werden soll; …" (https://gesetze.co/NW/VwVfG_NRW/28; § 28 „Anhörung Beteiligter“ of the LVwVfG Baden-Württemberg:
# https://dejure.org/gesetze/LVwVfG). Nr. 4 (Allgemeinverfügung, gleichartige Verwaltungsakte in größerer Zahl,
# automatische Einrichtungen) and Nr. 5 (Verwaltungsvollstreckung) do not fit a single case's Bescheid, so they are
# not offered; the list is not closed ("insbesondere"), so the general clause is.
WAIVER_GROUNDS = {
    "own_statements": (
        "§ 28 Abs. 2 Nr. 3 LVwVfG",
        "Von Ihren tatsächlichen Angaben, die Sie in einem Antrag oder einer Erklärung gemacht haben, wird nicht zu "
        "Ihren Ungunsten abgewichen.",
    ),
    "urgency": (
        "§ 28 Abs. 2 Nr. 1 LVwVfG",
        "Eine sofortige Entscheidung erscheint wegen Gefahr im Verzug oder im öffentlichen Interesse notwendig.",
    ),
    "time_limit": (
        "§ 28 Abs. 2 Nr. 2 LVwVfG",
        "Durch die Anhörung würde die Einhaltung einer für die Entscheidung maßgeblichen Frist in Frage gestellt.",
    ),
    "not_required": (
        "§ 28 Abs. 2 LVwVfG",
        "Die Anhörung ist nach den Umständen des Einzelfalles nicht geboten.",
    ),
}
PORTAL, POST, FAX = "portal", "post", "fax"
CHANNELS = {PORTAL: "im Förderportal", POST: "per Post", FAX: "per Fax"}


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


def _add_answer(ctx: TransitionContext, answer: dict[str, Any]) -> None:
    answers = [*ctx.procedure.data.get("hearing_answers", []), answer]
    ctx.procedure.data = {**ctx.procedure.data, "hearing_answers": answers}
    ctx.details.update(received_on=answer["received_on"], channel=CHANNELS[answer["via"]])


def record_answer(ctx: TransitionContext) -> None:
    """The recipient's answer in the portal: received the day it is sent."""
    answer = (ctx.payload.get("comment") or "").strip()
    if not answer:
        raise TransitionRefused("Bitte geben Sie Ihre Stellungnahme ein.", 422)
    _add_answer(ctx, {"received_on": ctx.today.isoformat(), "via": PORTAL, "text": answer})


def record_paper_answer(ctx: TransitionContext) -> None:
    """An answer that came by post or fax, recorded by the authority: the day it was received, its text or its scan."""
    via = ctx.payload.get("via")
    if via not in (POST, FAX):
        raise TransitionRefused("Bitte wählen Sie, wie die Stellungnahme eingegangen ist (Post oder Fax).", 422)
    received = parse_german_date(str(ctx.payload.get("received_on") or ""))
    if received is None:
        raise TransitionRefused("Bitte geben Sie den Tag des Eingangs an (TT.MM.JJJJ).", 422)
    sent = date.fromisoformat(ctx.procedure.data["hearing_sent_on"])
    if not sent <= received <= ctx.today:
        raise TransitionRefused(
            f"Der Eingang muss zwischen dem Anhörungsschreiben vom {date_de(sent)} und heute liegen.", 422
        )
    text = (ctx.payload.get("comment") or "").strip()
    if not text and not ctx.files:
        raise TransitionRefused(
            "Bitte geben Sie den Inhalt der Stellungnahme wieder oder laden Sie das Schreiben als Scan hoch.", 422
        )
    store_uploaded_files(ctx)
    _add_answer(
        ctx,
        {
            "received_on": received.isoformat(),
            "via": via,
            "text": text,
            "files": [uploaded.filename for uploaded in ctx.files],
        },
    )


def answers(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data.get("hearing_answers", []))


def waive(ctx: TransitionContext) -> None:
    """No hearing, on a ground of § 28 Abs. 2 LVwVfG and with the reasons for this case; the history records both."""
    ground = ctx.payload.get("ground")
    if ground not in WAIVER_GROUNDS:
        raise TransitionRefused(
            "Bitte wählen Sie den Grund nach § 28 Abs. 2 LVwVfG, aus dem die Anhörung entfällt.", 422
        )
    reason = (ctx.payload.get("comment") or "").strip()
    if not reason:
        raise TransitionRefused("Bitte begründen Sie für diesen Fall, warum die Anhörung nicht geboten ist.", 422)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "hearing_waived": {"ground": ground, "reason": reason, "on": ctx.today.isoformat()},
    }
    ctx.details.update(ground=WAIVER_GROUNDS[ground][0])


def answer_considered(ctx: TransitionContext) -> str:
    """How the reviewer weighed the answers: required where an answer came in (§ 39 Abs. 1 LVwVfG)."""
    considered = (ctx.payload.get("answer_considered") or "").strip()
    if answers(ctx.procedure.data) and not considered:
        raise TransitionRefused(
            "Bitte setzen Sie sich mit der Stellungnahme aus der Anhörung auseinander (§ 39 Abs. 1 LVwVfG).", 422
        )
    return considered


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def _day(value: Optional[str]) -> str:
    return date_de(date.fromisoformat(value)) if value else ""


def hearing_letter(data: dict[str, Any]) -> dict[str, Any]:
    """What the Bescheid says of the hearing: when it was held and every answer, or the ground it was done without."""
    waived = data.get("hearing_waived")
    return {
        "hearing_sent_on": _day(data.get("hearing_sent_on")),
        "hearing_due_on": _day(data.get("hearing_due_on")),
        "hearing_answers": [
            {
                "received_on": _day(answer["received_on"]),
                "channel": CHANNELS[answer["via"]],
                "lines": _lines(answer.get("text", "")),
                "files": ", ".join(answer.get("files", [])),
            }
            for answer in answers(data)
        ],
        "hearing_waived": bool(waived),
        "waiver_ground": WAIVER_GROUNDS[waived["ground"]][0] if waived else "",
        "waiver_text": WAIVER_GROUNDS[waived["ground"]][1] if waived else "",
        "waiver_reason": _lines(waived["reason"]) if waived else [],
        "answer_considered": _lines(data.get("answer_considered", "")),
    }


def facts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """What the reviewer deciding after the hearing must see of it."""
    found = []
    if data.get("hearing_sent_on"):
        found.append(
            ("Anhörung", f"Schreiben vom {_day(data['hearing_sent_on'])}, Frist bis {_day(data['hearing_due_on'])}")
        )
    for answer in answers(data):
        files = f" (Scan: {', '.join(answer['files'])})" if answer.get("files") else ""
        text = answer.get("text") or "Inhalt siehe Scan"
        label = f"Stellungnahme, eingegangen am {_day(answer['received_on'])} {CHANNELS[answer['via']]}"
        found.append((label, f"{text}{files}"))
    waived = data.get("hearing_waived")
    if waived:
        found.append((f"Ohne Anhörung ({WAIVER_GROUNDS[waived['ground']][0]})", waived["reason"]))
    return found


LETTER_SAMPLE = {
    "hearing_sent_on": "02.06.2027",
    "hearing_due_on": "18.06.2027",
    "hearing_answers": [
        {
            "received_on": "10.06.2027",
            "channel": CHANNELS[POST],
            "lines": ["Die Stelle war wegen Krankheit vakant."],
            "files": "Stellungnahme.pdf",
        }
    ],
    "hearing_waived": False,
    "waiver_ground": "",
    "waiver_text": "",
    "waiver_reason": [],
    "answer_considered": ["Eine Vakanz wegen Krankheit ist keine Besetzung im Sinne des Bescheids."],
}
