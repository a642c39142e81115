"""The vorzeitiger Maßnahmebeginn: an applicant may ask in the application to begin before the grant; the reviewer
consents or refuses with reasons, and a letter says which.

Grants go only to measures not yet begun (§ 44 LHO with VV Nr. 1.3); the authority may consent to an earlier
start in a single case, where the measure cannot wait for the decision, and the consent gives no entitlement to
the grant (a measure begun without it is not fundable, and waiting long for the decision is no implied consent).
Sources: the principle and the individual exception as VV Nr. 1.3 zu § 44 BHO/LHO state them
(https://udk-berlin.de/universitaet/drittmittelverwaltung/stichwortverzeichnis/vorzeitiger-massnahmebeginn), no
implied consent by delay (VG Oldenburg, 18.02.2003, 12 A 1781/01). The wording of the Baden-Württemberg VV itself
could not be read here; the letters therefore cite VV Nr. 1.3 zu § 44 LHO without quoting it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.engine.declaration import ProcedureType, State, Transition, Workflow
from workflow.engine.notice_kinds import LETTER
from workflow.engine.schema import DATE, RADIO, TEXT, Field
from workflow.formatting import date_de
from workflow.models.user import Role

EARLY_START_TEMPLATE_FILES = {"early_start_notice": "vorzeitiger_beginn.docx"}
REQUESTED = "yes"
# Before the decision on the application: consent later than the grant would be pointless.
UNDECIDED_STATES = ("submitted", "in_review", "information_requested", "response_overdue", "answered")

# Part of every programme's application form (``ApplicationSchema.application_fields``).
EARLY_START_FIELDS = (
    Field(
        "early_start",
        "Vorzeitigen Maßnahmebeginn beantragen",
        RADIO,
        required=False,
        choices=(("no", "Nein"), (REQUESTED, "Ja, wir möchten vor der Bewilligung beginnen")),
        default="no",
        description="Nur, wenn das Vorhaben nicht bis zur Bewilligung warten kann. Eine Zustimmung gibt keinen "
        "Anspruch auf die Zuwendung.",
    ),
    Field(
        "early_start_on",
        "Geplanter Beginn",
        DATE,
        message="Bitte geben Sie den geplanten Beginn im Format TT.MM.JJJJ an.",
        only_when=("early_start", REQUESTED),
        width="m",
    ),
    Field(
        "early_start_reason",
        "Warum kann das Vorhaben nicht bis zur Bewilligung warten?",
        TEXT,
        message="Bitte begründen Sie, warum das Vorhaben nicht bis zur Bewilligung warten kann.",
        only_when=("early_start", REQUESTED),
        max_length=1000,
    ),
)


def _day(value: Any) -> Optional[date]:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def requested(details: dict[str, Any]) -> dict[str, Any]:
    """What the application asked (the Eingangsbestätigung and the decision letter say it)."""
    asked = details.get("early_start") == REQUESTED
    return {
        "requested": asked,
        "start": date_de(_day(details.get("early_start_on"))) if asked else "",
        "reason": details.get("early_start_reason") or "" if asked else "",
    }


def awaits_decision(ctx: TransitionContext) -> bool:
    """Offered only where the application asks for it and no decision on it was taken."""
    decided = any(p.kind == "early_start" and p.id != ctx.procedure.id for p in ctx.application.procedures)
    return requested(ctx.application.details)["requested"] and not decided


def record_decision(ctx: TransitionContext) -> None:
    reasons = (ctx.payload.get("comment") or "").strip()
    if not reasons:
        raise TransitionRefused("Bitte begründen Sie die Entscheidung über den vorzeitigen Maßnahmebeginn.", 422)
    ctx.procedure.data = {
        **ctx.procedure.data,
        "consented": ctx.transition.target == "consented",
        "reasons": reasons,
        "decided_on": ctx.today.isoformat(),
    }


def letter(ctx: TransitionContext) -> dict[str, Any]:
    data = ctx.procedure.data
    return {
        **requested(ctx.application.details),
        "consented": bool(data.get("consented")),
        "reasons": [line for line in (data.get("reasons") or "").splitlines() if line.strip()],
    }


LETTER_SAMPLE = {
    "requested": True,
    "start": "01.02.2027",
    "reason": "Die Stelle ist ab Februar besetzbar; die Bewerberin steht sonst nicht mehr zur Verfügung.",
    "consented": True,
    "reasons": ["Das Vorhaben kann nicht bis zur Bewilligung warten."],
}


def _decide(name: str, label: str, target: str, description: str, style: str) -> Transition:
    return Transition(
        name,
        label,
        sources=("new",),
        target=target,
        roles=(Role.REVIEWER,),
        condition=awaits_decision,
        description=description,
        form="reason",
        effect=record_decision,
        documents=("early_start_notice",),
        notify=("applicant",),
        notice="Entscheidung über den vorzeitigen Maßnahmebeginn",
        notice_kind=LETTER,
        style=style,
    )


def early_start_procedure() -> ProcedureType:
    return ProcedureType(
        "early_start",
        "Vorzeitiger Maßnahmebeginn",
        opens_in=UNDECIDED_STATES,
        single=True,
        letter=letter,
        letter_sample=LETTER_SAMPLE,
        workflow=Workflow(
            name="early_start",
            initial="new",
            states=(
                State("new", "Neu", "Die Entscheidung über den vorzeitigen Maßnahmebeginn wird erfasst.", draft=True),
                State("consented", "Zugestimmt", "Der vorzeitige Maßnahmebeginn ist zugelassen.", final=True),
                State("refused", "Abgelehnt", "Der vorzeitige Maßnahmebeginn ist nicht zugelassen.", final=True),
            ),
            transitions=(
                _decide(
                    "consent_early_start",
                    "Vorzeitigen Maßnahmebeginn zulassen",
                    "consented",
                    "Das Vorhaben kann nicht bis zur Bewilligung warten (VV Nr. 1.3 zu § 44 LHO); die Zustimmung "
                    "gibt keinen Anspruch auf die Zuwendung.",
                    "primary",
                ),
                _decide(
                    "refuse_early_start",
                    "Vorzeitigen Maßnahmebeginn ablehnen",
                    "refused",
                    "Das Vorhaben kann bis zur Bewilligung warten, oder ein anderer Grund steht entgegen.",
                    "secondary",
                ),
            ),
        ),
    )
