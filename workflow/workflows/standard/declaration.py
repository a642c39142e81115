"""The standard application path, declared once as data: draft, submission, review, decision, Bestandskraft.

A programme builds its workflow from this one (``standard_workflow``) or
declares its own with the types of ``engine.declaration``. Who may fire a
transition is given by roles; what each role means relative to a case is
defined in ``permissions``.
"""

from __future__ import annotations

from workflow.workflows.standard import effects, guards, membership
from workflow.engine.notice_kinds import DEADLINE, LETTER, PROGRESS, REQUEST, TASK
from workflow.engine.declaration import STAFF, DeadlineSpec, Guard, State, Transition, Workflow
from workflow.models.user import Role
from workflow.operations import waivers
from workflow.operations.attachments import store_uploaded_files

# The file of each document the standard workflow issues, as programme packages name their templates.
STANDARD_TEMPLATE_FILES = {
    "application": "antrag.docx",
    "receipt": "eingangsbestaetigung.docx",
    "information_request": "nachforderung.docx",
    "decision_proposal": "entscheidungsvorschlag.docx",
    "grant_notice": "zuwendungsbescheid.docx",
    "partial_grant_notice": "teilbewilligungsbescheid.docx",
    "rejection_notice": "ablehnungsbescheid.docx",
    "withdrawal_confirmation": "ruecknahmebestaetigung.docx",
    "waiver_confirmation": "verzichtsbestaetigung.docx",
    "conditions_annex": "anlage_nebenbestimmungen.docx",
}

DECISION_SOURCES = ("in_review", "answered", "response_overdue")
OPEN_CASE_STATES = (
    "submitted",
    "in_review",
    "information_requested",
    "response_overdue",
    "answered",
    "decision_proposed",
)
DECIDED_STATES = ("granted", "partially_granted", "rejected")
# Nobody waives remedies against a rejection: there is nothing to make final early.
WAIVABLE_STATES = ("granted", "partially_granted")

RESPONSE = DeadlineSpec(
    kind="response",
    label="Frist zur Beantwortung der Nachforderung",
    due=effects.response_due,
    on_expiry="expire_response",
    on_reminder="remind_response",
)
REMEDY = DeadlineSpec(
    kind="remedy",
    label="Klagefrist (Bestandskraft)",
    due=effects.remedy_due,
    on_expiry="become_final",
)


def standard_workflow(name: str = "standard") -> Workflow:
    """The standard path under ``name`` (the programme's code, so lists and diagrams can tell them apart)."""
    return Workflow(
        name=name,
        initial="draft",
        states=(
            State("draft", "Entwurf", "Der Antrag wird von der Kommune erfasst.", draft=True, waiting_for=Role.CLERK),
            State(
                "submitted",
                "Eingereicht",
                "Der Antrag ist eingegangen und wartet auf Übernahme.",
                undecided=True,
                waiting_for=Role.REVIEWER,
            ),
            State(
                "in_review",
                "In Prüfung",
                "Das Regierungspräsidium prüft den Antrag.",
                undecided=True,
                waiting_for=Role.REVIEWER,
            ),
            State(
                "information_requested",
                "Nachforderung offen",
                "Die Kommune ist gebeten, Angaben oder Unterlagen nachzureichen.",
                undecided=True,
                waiting_for=Role.CLERK,
            ),
            State(
                "response_overdue",
                "Frist abgelaufen",
                "Die Frist der Nachforderung ist ohne Antwort abgelaufen; das Regierungspräsidium entscheidet über das weitere Vorgehen.",
                undecided=True,
                waiting_for=Role.REVIEWER,
            ),
            State(
                "answered",
                "Nachforderung beantwortet",
                "Die Kommune hat geantwortet.",
                undecided=True,
                waiting_for=Role.REVIEWER,
            ),
            State(
                "decision_proposed",
                "Zur Zeichnung vorgelegt",
                "Ein Entscheidungsvorschlag wartet auf die Zeichnung.",
                undecided=True,
                waiting_for=Role.APPROVER,
            ),
            State("granted", "Bewilligt", "Der Zuwendungsbescheid ist erlassen; die Klagefrist läuft."),
            State(
                "partially_granted",
                "Teilweise bewilligt",
                "Der Teilbewilligungsbescheid ist erlassen; die Klagefrist läuft.",
            ),
            State("rejected", "Abgelehnt", "Der Ablehnungsbescheid ist erlassen; die Klagefrist läuft."),
            State("final", "Bestandskräftig", "Die Entscheidung ist bestandskräftig.", final=True),
            State("withdrawn", "Zurückgezogen", "Die Kommune hat den Antrag zurückgezogen.", final=True),
        ),
        transitions=(
            Transition(
                "submit",
                "Antrag verbindlich einreichen",
                sources=("draft",),
                target="submitted",
                roles=(Role.CLERK,),
                description="Die Kommune reicht den vollständigen Antrag ein; er erhält ein Aktenzeichen.",
                guards=(
                    Guard("Alle Pflichtangaben des Antrags sind vollständig und gültig.", guards.draft_is_complete),
                    Guard("Das Programm nimmt Anträge an (Antragsfrist).", guards.application_window_open),
                    Guard(
                        "Die Antragstellerin darf nach den Regeln des Programms so beantragen.",
                        guards.applicant_is_eligible,
                    ),
                    Guard(
                        "Jede Mitgliedskommune eines Zusammenschlusses hat dem Beitritt zugestimmt, oder die von allen "
                        "unterzeichnete Vereinbarung liegt bei.",
                        membership.members_have_consented,
                    ),
                ),
                form="submit",
                effect=effects.submit_application,
                documents=("application", "receipt"),
                notify=("applicant", "members", "reviewers"),
                notice="Antrag eingereicht",
                notice_kind=TASK,
            ),
            Transition(
                "take",
                "Antrag zur Prüfung übernehmen",
                sources=("submitted",),
                target="in_review",
                roles=(Role.REVIEWER,),
                description="Eine für den Kreis zuständige Sachbearbeiterin übernimmt den Antrag.",
                effect=effects.assign_reviewer,
            ),
            Transition(
                "request_information",
                "Unterlagen nachfordern",
                sources=("in_review", "answered", "response_overdue"),
                target="information_requested",
                roles=(Role.REVIEWER,),
                description="Das Regierungspräsidium fordert Angaben oder Unterlagen mit Frist nach.",
                form="information_request",
                documents=("information_request",),
                # A new request replaces a period that ran out unanswered.
                closes=("response",),
                opens=(RESPONSE,),
                notify=("applicant",),
                notice="Unterlagen nachgefordert",
                notice_kind=REQUEST,
                style="secondary",
            ),
            Transition(
                "answer",
                "Nachforderung beantworten",
                sources=("information_requested", "response_overdue"),
                target="answered",
                roles=(Role.CLERK,),
                description="Die Kommune beantwortet die Nachforderung, auch mit Anlagen.",
                form="answer",
                effect=store_uploaded_files,
                closes=("response",),
                notify=("assigned_reviewer",),
                notice="Nachforderung beantwortet",
                notice_kind=REQUEST,
            ),
            Transition(
                "remind_response",
                "Erinnerung an die Frist der Nachforderung",
                sources=("information_requested",),
                target="information_requested",
                roles=(Role.SYSTEM,),
                description="Einige Tage vor Fristende erinnert Förderweg die Kommune an die offene Nachforderung.",
                guards=(
                    Guard(
                        "Das Fristende steht in wenigen Tagen bevor, und die Kommune wurde noch nicht erinnert.",
                        guards.reminder_is_due("response"),
                    ),
                ),
                effect=effects.record_reminder,
                notify=("applicant",),
                notice="Erinnerung: Frist der Nachforderung endet bald",
                notice_kind=DEADLINE,
            ),
            Transition(
                "expire_response",
                "Frist der Nachforderung abgelaufen",
                sources=("information_requested",),
                target="response_overdue",
                roles=(Role.SYSTEM,),
                description="Die Frist ist abgelaufen; der Antrag kehrt in die Arbeitsliste der Prüfung zurück.",
                guards=(Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("response")),),
                effect=effects.record_expiry,
                notify=("applicant", "assigned_reviewer"),
                notice="Frist der Nachforderung abgelaufen",
                notice_kind=DEADLINE,
            ),
            Transition(
                "check_agreement",
                "Vereinbarung über den Zusammenschluss bestätigen",
                sources=DECISION_SOURCES,
                target="in_review",
                roles=(Role.REVIEWER,),
                description="Die Sachbearbeitung hat die hochgeladene Vereinbarung geprüft: sie bindet nun die Mitglieder, "
                "die nicht selbst zugestimmt haben. Bis dahin können diese widersprechen oder selbst beantragen.",
                condition=membership.agreement_awaits_check,
                guards=(Guard("Keine Mitgliedskommune hat dem Beitritt widersprochen.", membership.nobody_objected),),
                effect=membership.accept_agreement,
                notify=("applicant", "members"),
                notice="Vereinbarung über den Zusammenschluss geprüft",
                notice_kind=PROGRESS,
                style="secondary",
            ),
            Transition(
                "propose_decision",
                "Entscheidung vorschlagen",
                sources=DECISION_SOURCES,
                target="decision_proposed",
                roles=(Role.REVIEWER,),
                description="Die Sachbearbeitung legt eine Bewilligung, Teilbewilligung oder Ablehnung zur Zeichnung vor.",
                guards=(
                    Guard(
                        "Jede Mitgliedskommune ist durch ihre Zustimmung oder die geprüfte Vereinbarung gebunden.",
                        membership.members_are_bound,
                    ),
                ),
                form="proposal",
                effect=effects.record_proposal,
                audience=STAFF,
                documents=("decision_proposal",),
                closes=("response",),
                notify=("approvers",),
                notice="Entscheidungsvorschlag zur Zeichnung",
                notice_kind=TASK,
            ),
            Transition(
                "return_proposal",
                "Vorschlag zurückgeben",
                sources=("decision_proposed",),
                target="in_review",
                roles=(Role.APPROVER,),
                description="Die Zeichnungsbefugte gibt den Vorschlag mit Bemerkung an die Sachbearbeitung zurück.",
                form="return_comment",
                effect=effects.return_proposal,
                audience=STAFF,
                notify=("assigned_reviewer",),
                notice="Entscheidungsvorschlag zurückgegeben",
                notice_kind=TASK,
                style="secondary",
            ),
            *(
                Transition(
                    f"sign_{kind}",
                    "Zeichnen und Bescheid erlassen",
                    sources=("decision_proposed",),
                    target=target,
                    roles=(Role.APPROVER,),
                    description=description,
                    condition=effects.proposal_is(kind),
                    guards=(
                        Guard(
                            "Die Bewilligung bleibt in der Obergrenze des Programms und im Programmbudget.",
                            guards.within_budget,
                            lock=guards.lock_programme_ledger,
                        ),
                        Guard(
                            "Die Antragstellerin und jedes Mitglied eines Zusammenschlusses haben eine Postanschrift.",
                            guards.addressees_have_postal_address,
                        ),
                        Guard(
                            "Das zuständige Verwaltungsgericht für die Rechtsbehelfsbelehrung ist bekannt.",
                            guards.competent_court_is_known,
                        ),
                    ),
                    four_eyes=True,
                    effect=effects.sign_decision,
                    documents=documents,
                    member_copies=documents[:1],
                    opens=(REMEDY,),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice=notice,
                    notice_kind=LETTER,
                    confirm="Mit der Zeichnung wird der Bescheid erlassen. Fortfahren?",
                    batch=True,
                )
                for kind, target, documents, description, notice in (
                    (
                        "grant",
                        "granted",
                        ("grant_notice", "conditions_annex"),
                        "Zeichnung einer vollen Bewilligung (Zuwendungsbescheid).",
                        "Zuwendungsbescheid erlassen",
                    ),
                    (
                        "partial_grant",
                        "partially_granted",
                        ("partial_grant_notice", "conditions_annex"),
                        "Zeichnung einer Teilbewilligung (Teilbewilligungsbescheid).",
                        "Teilbewilligungsbescheid erlassen",
                    ),
                    (
                        "rejection",
                        "rejected",
                        ("rejection_notice",),
                        "Zeichnung einer Ablehnung (Ablehnungsbescheid).",
                        "Ablehnungsbescheid erlassen",
                    ),
                )
            ),
            *(
                Transition(
                    name,
                    "Auf Rechtsbehelfe verzichten",
                    sources=sources,
                    target=target,
                    roles=(Role.CLERK,),
                    description=description,
                    condition=condition,
                    once_per_organisation=waivers.waived_organisations,
                    form="waiver",
                    effect=waivers.record_waiver,
                    documents=documents,
                    closes=closes,
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice=notice,
                    notice_kind=PROGRESS,
                    confirm="Der Verzicht auf Rechtsbehelfe kann nicht zurückgenommen werden. Fortfahren?",
                    style="secondary",
                )
                for name, sources, target, description, condition, documents, closes, notice in (
                    # A member of a consortium waives while others are still missing: the case stays decided.
                    *(
                        (
                            f"declare_waiver_{kind}",
                            (state,),
                            state,
                            "Eine beteiligte Kommune verzichtet für sich auf Rechtsbehelfe. Bestandskräftig wird der "
                            "Bescheid erst, wenn alle Beteiligten verzichtet haben oder die Klagefrist abgelaufen ist.",
                            waivers.others_still_missing,
                            (),
                            (),
                            "Rechtsbehelfsverzicht einer beteiligten Kommune erklärt",
                        )
                        for kind, state in (("grant", "granted"), ("partial_grant", "partially_granted"))
                    ),
                    # The applicant alone, or the last missing member: the decision becomes final at once.
                    (
                        "waive_remedies",
                        WAIVABLE_STATES,
                        "final",
                        "Die Kommune verzichtet auf Rechtsbehelfe; bei einem Zusammenschluss als letzte Beteiligte. "
                        "Der Bescheid wird damit sofort bestandskräftig.",
                        waivers.completes_the_waivers,
                        ("waiver_confirmation",),
                        ("remedy",),
                        "Rechtsbehelfsverzicht erklärt: Bescheid bestandskräftig",
                    ),
                )
            ),
            Transition(
                "become_final",
                "Bestandskraft eingetreten",
                sources=DECIDED_STATES,
                target="final",
                roles=(Role.SYSTEM,),
                description="Die Klagefrist ist abgelaufen; die Entscheidung ist bestandskräftig.",
                guards=(
                    Guard("Der letzte Tag der Klagefrist ist vorbei.", guards.deadline_has_passed("remedy")),
                    Guard("Alle Ausfertigungen sind bekannt gegeben.", guards.copies_notified),
                ),
                effect=effects.record_expiry,
                closes=("remedy",),
                notify=("applicant", "members", "assigned_reviewer"),
                notice="Bescheid bestandskräftig",
                notice_kind=PROGRESS,
            ),
            Transition(
                "withdraw",
                "Antrag zurückziehen",
                sources=OPEN_CASE_STATES,
                target="withdrawn",
                roles=(Role.CLERK,),
                description="Die Kommune zieht den Antrag zurück, solange noch nicht entschieden ist.",
                form="withdrawal",
                effect=effects.release_participation,
                documents=("withdrawal_confirmation",),
                closes=("response",),
                notify=("applicant", "members", "assigned_reviewer"),
                notice="Antrag zurückgezogen",
                notice_kind=PROGRESS,
                confirm="Der Antrag wird zurückgezogen. Das kann nicht rückgängig gemacht werden. Fortfahren?",
                style="danger",
            ),
        ),
    )
