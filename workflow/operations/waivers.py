"""Remedy waivers (Rechtsbehelfsverzicht): each organisation of a case declares its own, with the signed declaration.

Referenced by the workflow declaration: ``waived_organisations`` tells the permissions which organisations
have waived, the conditions choose between the variant that records one more waiver and the one that
records the last and makes the decision final, and ``record_waiver`` is the effect of both.
"""

from __future__ import annotations

import re
from typing import Optional

from workflow import clock
from workflow.engine.context import TransitionContext, TransitionRefused
from workflow.models import Application, RemedyWaiver
from workflow.models.waiver import CAPACITY_LABELS, capacities_for
from workflow.operations.attachments import new_attachment
from workflow.text import strip_control_characters


def waived_organisations(application: Application) -> set[int]:
    return application.waived_organisation_ids


def missing_organisations(application: Application) -> list:
    """The organisations of the case that have not waived yet, the applicant first."""
    waived = application.waived_organisation_ids
    return [organisation for organisation in application.parties if organisation.id not in waived]


def others_still_missing(ctx: TransitionContext) -> bool:
    """After the actor's organisation, at least one other organisation still has to waive."""
    return any(org.id != ctx.actor.organisation_id for org in missing_organisations(ctx.application))


def completes_the_waivers(ctx: TransitionContext) -> bool:
    """The actor's organisation is the last one missing: its waiver makes the decision final."""
    return [org.id for org in missing_organisations(ctx.application)] == [ctx.actor.organisation_id]


def record_waiver(ctx: TransitionContext) -> None:
    """Store the signed declaration as evidence of this step and the waiver of the actor's organisation."""
    organisation = ctx.actor.organisation
    name = (ctx.payload.get("declarant_name") or "").strip()
    capacity = ctx.payload.get("capacity")
    if not name:
        raise TransitionRefused("Bitte geben Sie an, wer den Verzicht erklärt.", 422)
    if capacity not in capacities_for(organisation.kind):
        raise TransitionRefused("Bitte wählen Sie, in welcher Funktion die Person den Verzicht erklärt.", 422)
    if len(ctx.files) != 1:
        raise TransitionRefused("Bitte laden Sie die unterzeichnete Verzichtserklärung hoch (eine Datei).", 422)
    proof = strip_control_characters(str(ctx.payload.get("representation_proof") or "")).strip()[:1000] or None
    attachment = new_attachment(ctx.application.id, ctx.files[0], ctx.actor)
    waiver = RemedyWaiver(
        organisation=organisation,
        organisation_id=organisation.id,
        declarant_name=name,
        capacity=capacity,
        representation_proof=proof,
        attachment=attachment,
        declared_by_id=ctx.actor.id,
        declared_at=clock.now(),
    )
    ctx.application.remedy_waivers.append(waiver)
    ctx.session.add_all([attachment, waiver])
    ctx.linked_to_entry.extend([attachment, waiver])
    ctx.details.update(
        organisation=organisation.name,
        declarant_name=name,
        capacity=CAPACITY_LABELS[capacity],
        **({"representation_proof": proof} if proof else {}),
        attachments=[attachment.summary],
        still_missing=[org.name for org in missing_organisations(ctx.application)],
    )


def waiver_status(application: Application) -> list[tuple]:
    """Each organisation of the case with its waiver (None while it is missing) and the warning on its declarant
    (``representation_warning``); the applicant first."""
    by_organisation = {waiver.organisation_id: waiver for waiver in application.remedy_waivers}
    return [
        (organisation, waiver, representation_warning(waiver) if waiver is not None else None)
        for organisation, waiver in ((org, by_organisation.get(org.id)) for org in application.parties)
    ]


def _words(name: str) -> set[str]:
    return {word for word in re.findall(r"[^\W\d_]+", name.casefold()) if len(word) > 1 and word not in _TITLES}


_TITLES = {"dr", "prof", "bürgermeister", "bürgermeisterin", "oberbürgermeister", "oberbürgermeisterin"}


def representation_warning(waiver: RemedyWaiver) -> Optional[str]:
    """For the reviewer: the waiver was declared by someone else than the head the address data name (§ 42 GemO), so
    the power to represent must be checked against what the municipality stated; None where they agree or no head is
    known."""
    organisation = waiver.organisation
    if not organisation.head_name or _words(organisation.head_name) <= _words(waiver.declarant_name):
        return None
    proof = (
        f"Angegebener Nachweis: {waiver.representation_proof}"
        if waiver.representation_proof
        else "Einen Nachweis der Vertretungsbefugnis hat die Kommune nicht angegeben."
    )
    return (
        f"Erklärt hat {waiver.declarant_name} ({waiver.capacity_label}); in den Anschriftdaten ist als Leitung "
        f"„{organisation.head}“ eingetragen. Bitte prüfen Sie die Vertretungsbefugnis: Ein Verzicht ohne "
        f"Vertretungsmacht macht den Bescheid nicht bestandskräftig. {proof}"
    )
