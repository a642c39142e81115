"""What follows a grant, declared as data: payments, change reports, proof of use, revocation and recovery.

Each is a procedure with its own small workflow that runs beside the others on a granted case
(``engine.declaration.ProcedureType``). A programme takes these with ``post_award_procedures`` and
chooses its variant by its settings (``POST_AWARD_SETTINGS``): paid on request or by schedule, how far
ahead money may be requested, the checklist and key figures of the proof of use.
"""

from __future__ import annotations

from dataclasses import replace

from workflow.workflows.standard import effects, guards
from workflow.engine.declaration import STAFF, DeadlineSpec, Guard, ProcedureType, State, Transition, Workflow
from workflow.engine.notice_kinds import DEADLINE, LETTER, PAYMENT, PROGRESS, REQUEST, TASK
from workflow.engine.settings import CHOICE, INTEGER, MONEY, TABLE, TEXT, Setting
from workflow.models.user import Role
from workflow.workflows.post_award import (
    change_letter,
    changes,
    claims,
    hearing,
    instalments,
    payments,
    proof,
    revocation,
)
from workflow.workflows.post_award.accounts import EXAMPLE_PAYER_BIC, EXAMPLE_PAYER_IBAN
from workflow.workflows.post_award.states import CLAIM_STATES, PAYMENT_STATES

# Only a programme whose recipients report changes of positions (``post_award_procedures(changes=True)``) needs these.
POST_AWARD_TEMPLATE_FILES = {
    "payment_notice": "auszahlungsmitteilung.docx",
    "change_notice": "aenderungsbescheid.docx",
    "change_hearing_notice": "anhoerung_aenderung.docx",
    "proof_check_note": "pruefvermerk.docx",
    "revocation_notice": "widerrufsbescheid.docx",
    "hearing_notice": "anhoerung.docx",
    "dunning_notice": "mahnung.docx",
    "deferral_notice": "stundung.docx",
    "instalment_notice": "ratenzahlung.docx",
    "write_off_note": "vermerk_niederschlagung.docx",
    "remission_notice": "erlass.docx",
}
# A programme whose proof of use ends in a Schlussfestsetzung (``ProgrammeRules.settles_proof``) issues a Schlussbescheid.
SETTLEMENT_TEMPLATE_FILES = {"final_notice": "schlussbescheid.docx"}

POST_AWARD_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "payment_mode",
        "Auszahlung",
        CHOICE,
        payments.ON_REQUEST,
        choices=((payments.ON_REQUEST, "auf Anforderung (Mittelabruf)"), (payments.BY_SCHEDULE, "nach Plan in Raten")),
        description="Auf Anforderung: die Kommune ruft ab, was in den nächsten Monaten fällig wird. Nach Plan: die "
        "Bewilligungsstelle legt die Raten je Halbjahr aus den bewilligten Stellen an.",
    ),
    Setting(
        "payment_horizon_months",
        "Mittelabruf für die nächsten … Monate",
        INTEGER,
        3,
        minimum=0,
        maximum=12,
        description="Abgerufen werden darf nur, was alsbald (in so vielen Monaten) für fällige Zahlungen benötigt wird.",
    ),
    Setting(
        "annual_budgets",
        "Haushaltsmittel je Haushaltsjahr",
        TABLE,
        [{"year": 2026, "amount": "58000000.00"}, {"year": 2027, "amount": "58000000.00"}],
        columns=(
            Setting("year", "Haushaltsjahr", INTEGER, 2027, minimum=2000, maximum=2100),
            Setting("amount", "Mittel", MONEY, "0.00", minimum=0),
        ),
    ),
    Setting("payer_name", "Zahlende Kasse", TEXT, "Landesoberkasse Baden-Württemberg"),
    # Shipped with the example account (``accounts.EXAMPLE_PAYER_IBAN``), which is refused outside the demo and the tests.
    Setting(
        "payer_iban",
        "IBAN der zahlenden Kasse",
        TEXT,
        EXAMPLE_PAYER_IBAN,
        description="Für die SEPA-Überweisungsdatei (pain.001) und als Konto für Erstattungen im Widerrufsbescheid. "
        "Ausgeliefert ist ein Beispielkonto: Solange es eingetragen ist, entstehen keine SEPA-Dateien "
        "und keine Rückforderungsbescheide.",
    ),
    Setting("payer_bic", "BIC der zahlenden Kasse", TEXT, EXAMPLE_PAYER_BIC, description="Beispielwert, wie die IBAN."),
    Setting(
        "cash_handover_days",
        "Übergabe an die Kasse spätestens (Arbeitstage nach der Anordnung)",
        INTEGER,
        5,
        minimum=1,
        maximum=30,
        description="Eine angeordnete Auszahlung, die so viele Arbeitstage danach noch in keiner Datei an die Kasse "
        "ist, wird den Zeichnungsbefugten, die die Übergabe erstellen, einmal in Erinnerung gebracht und in der "
        "Übergabeliste als überfällig gezeigt. Gezählt werden Arbeitstage (ohne Wochenenden und Feiertage in "
        "Baden-Württemberg): Die Kasse arbeitet an ihnen, und eine Anordnung vor Feiertagen wird nicht zu früh "
        "angemahnt. Fünf Arbeitstage sind eine Arbeitswoche, in der jeder wöchentliche Zahllauf liegt.",
    ),
    Setting(
        "repayment_period_days",
        "Erstattungsfrist (Tage nach der Bekanntgabe des Widerrufs- oder Änderungsbescheids)",
        INTEGER,
        30,
        minimum=7,
        maximum=90,
    ),
    Setting(
        "hearing_period_days",
        "Frist der Anhörung (Tage nach ihrer Bekanntgabe)",
        INTEGER,
        14,
        minimum=7,
        maximum=60,
        description="§ 28 LVwVfG nennt keine Frist; zwei Wochen gelten als angemessen, bei schwierigen Fällen mehr.",
    ),
    Setting(
        "dunning_period_days",
        "Zahlungsfrist der Mahnung (Tage nach ihrer Bekanntgabe)",
        INTEGER,
        14,
        minimum=7,
        maximum=60,
    ),
    Setting(
        "dunning_fee",
        "Mahngebühr",
        MONEY,
        "0.00",
        minimum=0,
        description="Nur, wenn eine Rechtsgrundlage sie vorsieht; sie wird mit jeder Mahnung als Kosten der "
        "Forderung erfasst und vor Zinsen und Hauptforderung getilgt.",
    ),
    Setting(
        "instalment_forfeit_after",
        "Ratenzahlung: Verfall nach so vielen überschrittenen Raten",
        INTEGER,
        2,
        minimum=1,
        maximum=3,
        description="Nr. 1.3 VV zu § 59 LHO: Die Restforderung wird sofort fällig, wenn die Frist für die Leistung von "
        "zwei Raten um eine im Bescheid bestimmte Zeit überschritten wird.",
    ),
    Setting(
        "instalment_grace_days",
        "Ratenzahlung: Verfall, wenn die Raten länger als … Tage überfällig sind",
        INTEGER,
        14,
        minimum=0,
        maximum=60,
        description="Die „zu bestimmende Zeit“ der Nr. 1.3 VV zu § 59 LHO; der Ratenzahlungsbescheid nennt sie.",
    ),
    Setting(
        "proof_checklist",
        "Prüfliste des einfachen Verwendungsnachweises",
        TABLE,
        [
            {"item": "Der Sachbericht liegt vor und beschreibt die Tätigkeit im Förderzeitraum."},
            {"item": "Die Besetzung jeder Stelle (Person, Stellenumfang, Monate) ist nachgewiesen."},
            {
                "item": "Die ausgezahlten Beträge stimmen mit der Buchung der Bewilligungsstelle überein.",
                "verifies": "amounts",
            },
            {"item": "Die Kennzahlen je Stelle sind angegeben."},
        ],
        description="Ein Punkt, der die Beträge prüft, kann nur abgehakt werden, wenn die im Nachweis als erhalten "
        "erklärten Beträge der Buchung entsprechen.",
        columns=(
            Setting("item", "Prüfpunkt", TEXT, ""),
            Setting(
                "verifies",
                "Förderweg prüft",
                CHOICE,
                "none",
                choices=(("none", "nichts (nur die Prüferin)"), ("amounts", "erklärte = ausgezahlte Beträge")),
            ),
        ),
    ),
    Setting(
        "interim_interest_months",
        "Zwischenzinsen bei Verwendung später als … Monate nach der Auszahlung",
        INTEGER,
        2,
        minimum=1,
        maximum=12,
        description="§ 49a Abs. 4 LVwVfG: Zinsen für die Zeit bis zur Verwendung, wenn die Mittel nicht alsbald "
        "nach der Auszahlung verwendet werden; „alsbald“ sind nach Nr. 1.4 ANBest zwei Monate.",
    ),
    Setting(
        "proof_key_figures",
        "Kennzahlen je Stelle im Verwendungsnachweis",
        TABLE,
        [{"key": "persons", "label": "Beratene Personen", "source": ""}],
        description="Quelle: eine Kennzahl der Integrationspläne (persons_counselled, plans_written, plans_updated, "
        "goals, goals_reached), mit der das Formular je Stelle vorbelegt wird; leer: wird eingegeben.",
        columns=(
            Setting("key", "Schlüssel", TEXT, ""),
            Setting("label", "Bezeichnung", TEXT, ""),
            Setting("source", "Quelle", TEXT, ""),
        ),
    ),
)


def post_award_settings(omit: tuple[str, ...] = (), **defaults) -> tuple[Setting, ...]:
    """``POST_AWARD_SETTINGS`` with the programme's own defaults (``payment_mode="schedule"``), without those its
    measures do not use (``omit``: a cost plan has no horizon in months and no key figures per position)."""
    unknown = (set(defaults) | set(omit)) - {setting.name for setting in POST_AWARD_SETTINGS}
    if unknown:
        raise KeyError(f"Unbekannte Einstellungen: {sorted(unknown)}")
    return tuple(
        replace(setting, default=_complete(setting, defaults.get(setting.name, setting.default)))
        for setting in POST_AWARD_SETTINGS
        if setting.name not in omit
    )


def _complete(setting: Setting, default):
    """A table's default rows with every column (a column added later takes its default), as the form sends them."""
    if setting.kind != TABLE:
        return default
    return [{**{column.name: column.default for column in setting.columns}, **row} for row in default]


PROOF_DUE = DeadlineSpec(
    kind="proof_of_use",
    label="Frist des Verwendungsnachweises",
    due=proof.due_date,
    on_expiry="expire_proof_of_use",
    on_reminder="remind_proof_of_use",
)
REPAYMENT_DUE = DeadlineSpec(
    kind="repayment", label="Erstattungsfrist", due=claims.due_date, on_expiry="expire_repayment"
)
HEARING_DUE = DeadlineSpec(
    kind="hearing", label="Frist der Anhörung", due=hearing.hearing_due, on_expiry="expire_hearing"
)
HANDOVER_DUE = DeadlineSpec(
    kind="cash_handover",
    label="Übergabe an die Kasse",
    due=payments.handover_due,
    on_expiry="remind_handover",
    internal=True,
)
INSTALMENT_DUE = DeadlineSpec(
    kind="instalment", label="Ratenzahlung: nächste Raten", due=instalments.forfeit_day, on_expiry="forfeit_instalments"
)
DUNNING_DUE = DeadlineSpec(
    kind="dunning", label="Zahlungsfrist der Mahnung", due=claims.dunning_due, on_expiry="expire_dunning"
)

# Payments start once the decision is final (Bestandskraft or waiver), as the Bescheid says.
PAYABLE_STATES = ("final",)
CHANGEABLE_STATES = ("granted", "partially_granted", "final")


def _payment(form: str) -> ProcedureType:
    return ProcedureType(
        "payment",
        "Auszahlung",
        opens_in=PAYABLE_STATES,
        letter=payments.letter,
        letter_sample=payments.LETTER_SAMPLE,
        facts=payments.facts,
        workflow=Workflow(
            name="payment",
            initial="new",
            states=PAYMENT_STATES,
            transitions=(
                Transition(
                    "request_payment",
                    "Mittel abrufen",
                    sources=("new",),
                    target="requested",
                    roles=(Role.CLERK,),
                    description="Die Kommune ruft ab, was sie in den nächsten Monaten für fällige Zahlungen braucht.",
                    condition=payments.mode_is(payments.ON_REQUEST),
                    form=form,
                    guards=(
                        Guard(
                            "Der Betrag ist höchstens das, was bewilligt, noch nicht ausgezahlt und bald fällig ist.",
                            payments.request_within_due,
                        ),
                    ),
                    effect=payments.record_request,
                    notify=("assigned_reviewer", "reviewers"),
                    notice="Mittelabruf eingegangen",
                    notice_kind=PAYMENT,
                ),
                Transition(
                    "schedule_payment",
                    "Fällige Rate anlegen",
                    sources=("new",),
                    target="requested",
                    roles=(Role.REVIEWER,),
                    description="Die Bewilligungsstelle legt die nach Plan fällige Rate an.",
                    condition=payments.mode_is(payments.BY_SCHEDULE),
                    form="comment",
                    guards=(
                        Guard("Eine Rate ist nach Plan fällig und noch nicht ausgezahlt.", payments.instalment_is_due),
                    ),
                    effect=payments.record_instalment,
                    audience=STAFF,
                ),
                Transition(
                    "check_payment",
                    "Sachliche Richtigkeit feststellen",
                    sources=("requested",),
                    target="checked",
                    roles=(Role.REVIEWER,),
                    description="Die Sachbearbeitung bestätigt Grund und Höhe der Auszahlung.",
                    form="comment",
                    guards=(Guard("Die Auszahlung bleibt in der Bewilligung.", payments.within_grant),),
                    audience=STAFF,
                    notify=("approvers",),
                    notice="Auszahlung zur Anordnung",
                    notice_kind=PAYMENT,
                ),
                Transition(
                    "order_payment",
                    "Auszahlung anordnen",
                    sources=("checked",),
                    target="ordered",
                    roles=(Role.APPROVER, Role.REVIEWER),
                    four_eyes=True,
                    description="Eine zweite Person ordnet die Auszahlung an; sie geht mit der nächsten Datei an die Kasse.",
                    guards=(
                        Guard("Die Auszahlung bleibt in der Bewilligung.", payments.within_grant),
                        Guard(
                            "Die Haushaltsmittel des Haushaltsjahres reichen.",
                            payments.within_annual_budget,
                            lock=guards.lock_programme_ledger,
                        ),
                    ),
                    effect=payments.record_order,
                    documents=("payment_notice",),
                    opens=(HANDOVER_DUE,),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Auszahlung angeordnet",
                    notice_kind=PAYMENT,
                    confirm="Die Auszahlung wird angeordnet. Fortfahren?",
                    batch=True,
                ),
                Transition(
                    "remind_handover",
                    "Übergabe an die Kasse überfällig",
                    sources=("ordered",),
                    target="ordered",
                    roles=(Role.SYSTEM,),
                    description="Die Auszahlung ist angeordnet, aber noch in keiner Datei an die Kasse übergeben. "
                    "Bitte erstellen Sie die Übergabe unter „Übergabe an die Kasse“ (nicht die Person, die "
                    "angeordnet hat).",
                    guards=(
                        Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("cash_handover")),
                        Guard("Die Auszahlung ist noch nicht an die Kasse übergeben.", payments.not_handed_over),
                    ),
                    effect=effects.record_expiry,
                    audience=STAFF,
                    notify=("cash_office",),
                    notice="Auszahlung noch nicht an die Kasse übergeben",
                    notice_kind=PAYMENT,
                ),
                Transition(
                    "confirm_execution",
                    "Ausführung bestätigen",
                    sources=("ordered",),
                    target="executed",
                    roles=(Role.APPROVER,),
                    description="Die Landeskasse hat die übergebene Auszahlung ausgeführt: Ab diesem Tag ist das Geld "
                    "ausgezahlt, und nach ihm richten sich Haushaltsjahr und Zinsen.",
                    form="execution",
                    guards=(Guard("Die Auszahlung ist an die Kasse übergeben.", payments.handed_over),),
                    effect=payments.record_execution,
                ),
                Transition(
                    "refuse_payment",
                    "Abruf zurückweisen",
                    sources=("requested", "checked"),
                    target="refused",
                    roles=(Role.REVIEWER, Role.APPROVER),
                    description="Der Abruf wird mit Begründung zurückgewiesen.",
                    form="reason",
                    notify=("applicant",),
                    notice="Mittelabruf zurückgewiesen",
                    notice_kind=PAYMENT,
                    style="secondary",
                ),
            ),
        ),
    )


# After the hearing – answered, run out, or done without on a ground of § 28 Abs. 2 LVwVfG – the reviewer decides.
HEARD = ("hearing_answered", "hearing_closed", "hearing_waived")


def _hearing_states(about: str) -> tuple[State, ...]:
    return (
        State(
            "hearing",
            "Anhörung",
            f"Die Kommune kann {about} Stellung nehmen (§ 28 LVwVfG).",
            waiting_for=Role.CLERK,
        ),
        State(
            "hearing_answered",
            "Stellungnahme eingegangen",
            "Die Bewilligungsstelle würdigt die Stellungnahme und entscheidet.",
            waiting_for=Role.REVIEWER,
        ),
        State(
            "hearing_closed",
            "Anhörungsfrist abgelaufen",
            "Eine Stellungnahme ist nicht eingegangen; die Bewilligungsstelle entscheidet.",
            waiting_for=Role.REVIEWER,
        ),
        State(
            "hearing_waived",
            "Ohne Anhörung",
            "Die Anhörung entfällt aus einem Grund des § 28 Abs. 2 LVwVfG; die Bewilligungsstelle entscheidet.",
            waiting_for=Role.REVIEWER,
        ),
    )


# The steps of a hearing by their names in a Widerruf; a programme's step names are unique across its procedures, so a
# change's are named after it (``start_change_hearing``).
HEARING_STEPS = ("start_hearing", "waive_hearing", "answer_hearing", "record_paper_answer", "expire_hearing")
CHANGE_HEARING_STEPS = (
    "start_change_hearing",
    "waive_change_hearing",
    "answer_change_hearing",
    "record_change_paper_answer",
    "expire_change_hearing",
)


def _hearing_transitions(
    names: tuple[str, ...],
    labels: tuple[str, str],
    sources: tuple[str, ...],
    condition,
    effect,
    form: str,
    document: str,
    description: str,
    about: str,
    notice: str,
) -> tuple[Transition, ...]:
    """The hearing before an adverse decision, from the first of ``sources``: started with the letter (``document``)
    and a period, or done without on a ground of § 28 Abs. 2; answered in the portal or on paper, or the period runs
    out. From the other ``sources`` (after a hearing) it may be held again, when the intended decision changed."""
    start, waive, answer, paper, expire = names
    start_label, waive_label = labels
    due = replace(HEARING_DUE, on_expiry=expire)
    return (
        Transition(
            start,
            start_label,
            sources=sources,
            target="hearing",
            roles=(Role.REVIEWER,),
            condition=condition,
            description=description,
            form=form,
            effect=effect,
            documents=(document,),
            member_copies=(document,),
            opens=(due,),
            notify=("applicant", "members"),
            notice=notice,
            notice_kind=LETTER,
        ),
        Transition(
            waive,
            waive_label,
            sources=sources[:1],
            target="hearing_waived",
            roles=(Role.REVIEWER,),
            condition=condition,
            description="Nur aus einem Grund des § 28 Abs. 2 LVwVfG und mit einer Begründung für diesen Fall, etwa "
            "wenn nicht zu Ungunsten der Kommune von ihren eigenen Angaben abgewichen wird (Nr. 3). Der Bescheid "
            "nennt Grund und Begründung.",
            form="hearing_waiver",
            effect=hearing.waive,
            audience=STAFF,
            style="secondary",
        ),
        Transition(
            answer,
            "Stellung nehmen",
            # A further statement, or a late one, counts as long as nothing is decided (as one on paper does).
            sources=("hearing", "hearing_answered", "hearing_closed"),
            target="hearing_answered",
            roles=(Role.CLERK,),
            description=f"Ihre Stellungnahme {about}. Bis zur Entscheidung können Sie sie ergänzen; die "
            "Bewilligungsstelle würdigt jede Stellungnahme im Bescheid.",
            form="hearing_answer",
            effect=hearing.record_answer,
            closes=("hearing",),
            notify=("assigned_reviewer", "reviewers"),
            notice="Stellungnahme zur Anhörung",
            notice_kind=REQUEST,
        ),
        Transition(
            paper,
            "Schriftliche Stellungnahme erfassen",
            sources=("hearing", "hearing_answered", "hearing_closed"),
            target="hearing_answered",
            roles=(Role.REVIEWER,),
            description="Eine Stellungnahme, die per Post oder Fax eingegangen ist: Tag des Eingangs und Inhalt oder "
            "Scan. Auch nach Ablauf der Frist ist sie zu würdigen, solange nicht entschieden ist.",
            form="paper_answer",
            effect=hearing.record_paper_answer,
            closes=("hearing",),
            notify=("applicant",),
            notice="Stellungnahme zur Anhörung erfasst",
            notice_kind=REQUEST,
            style="secondary",
        ),
        Transition(
            expire,
            "Anhörungsfrist abgelaufen",
            sources=("hearing",),
            target="hearing_closed",
            roles=(Role.SYSTEM,),
            description="Die Frist zur Stellungnahme ist ohne Antwort abgelaufen.",
            guards=(Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("hearing")),),
            effect=effects.record_expiry,
            notify=("assigned_reviewer",),
            notice="Anhörungsfrist abgelaufen",
            notice_kind=DEADLINE,
        ),
    )


def _change(rules) -> ProcedureType:
    """The Änderungsanzeige: the programme's rules read the report and compute the Änderungsbescheid."""
    return ProcedureType(
        "change",
        "Änderungsanzeige",
        opens_in=CHANGEABLE_STATES,
        letter=change_letter.letter,
        letter_sample={**change_letter.LETTER_SAMPLE, **rules.change_letter_sample},
        facts=change_letter.facts,
        workflow=Workflow(
            name="change",
            initial="new",
            states=(
                State("new", "Neu", "Die Änderung wird erfasst.", draft=True),
                State(
                    "reported",
                    "Angezeigt",
                    "Die Änderung wartet auf die Bewertung der Bewilligungsstelle.",
                    waiting_for=Role.REVIEWER,
                ),
                *_hearing_states("zur beabsichtigten Änderung"),
                State(
                    "change_proposed",
                    "Änderungsbescheid vorgelegt",
                    "Der Änderungsbescheid wartet auf die Zeichnung.",
                    waiting_for=Role.APPROVER,
                ),
                State(
                    "decided",
                    "Änderungsbescheid erlassen",
                    "Die Bewilligung ist geändert; eine Erstattung ist als Forderung erfasst.",
                    final=True,
                ),
                State(
                    "noted", "Zur Kenntnis genommen", "Die Änderung berührt die Höhe der Zuwendung nicht.", final=True
                ),
            ),
            transitions=(
                Transition(
                    "report_change",
                    "Änderung anzeigen",
                    sources=("new",),
                    target="reported",
                    roles=(Role.CLERK,),
                    description=rules.change_description,
                    form=rules.change_form,
                    effect=changes.record_report,
                    notify=("assigned_reviewer", "reviewers"),
                    notice="Änderungsanzeige eingegangen",
                    notice_kind=TASK,
                ),
                Transition(
                    "propose_change",
                    "Änderungsbescheid vorschlagen",
                    sources=("reported",),
                    target="change_proposed",
                    roles=(Role.REVIEWER,),
                    description="Die Sachbearbeitung berechnet die Beträge neu und legt zur Zeichnung vor; mindert "
                    "die Änderung die Zuwendung, geht die Anhörung oder ihr begründeter Verzicht voraus.",
                    form=rules.change_review_form,
                    effect=changes.propose_unheard,
                    audience=STAFF,
                    notify=("approvers",),
                    notice="Änderungsbescheid zur Zeichnung",
                    notice_kind=TASK,
                ),
                *_hearing_transitions(
                    CHANGE_HEARING_STEPS,
                    ("Anhörung einleiten", "Ohne Anhörung entscheiden"),
                    # Again after a hearing when the decision would now be worse for the municipality than heard.
                    ("reported", "hearing_answered", "hearing_closed"),
                    changes.is_adverse,
                    changes.start_hearing,
                    "comment",
                    "change_hearing_notice",
                    "Vor einem Änderungsbescheid, der die Zuwendung mindert, erfährt die Kommune, was beabsichtigt ist – "
                    "neue Beträge je Stelle und Zeitraum, Erstattung und die Auszahlungen, aus denen sie stammt, "
                    "Wirkung – und kann innerhalb der Frist Stellung nehmen (§ 28 Abs. 1 LVwVfG).",
                    "zur beabsichtigten Änderung",
                    "Anhörung vor einem Änderungsbescheid",
                ),
                Transition(
                    "propose_change_after_hearing",
                    "Änderungsbescheid vorschlagen",
                    sources=HEARD,
                    target="change_proposed",
                    roles=(Role.REVIEWER,),
                    description="Die Sachbearbeitung berechnet die Beträge neu, würdigt die Stellungnahme und übt das "
                    "Ermessen für diesen Fall aus (Vertrauensschutz, Umfang, Zeitpunkt); dann legt sie zur Zeichnung vor.",
                    form=rules.change_decision_form,
                    effect=changes.propose_adverse,
                    audience=STAFF,
                    notify=("approvers",),
                    notice="Änderungsbescheid zur Zeichnung",
                    notice_kind=TASK,
                ),
                Transition(
                    "note_change",
                    "Ohne Bescheid zur Kenntnis nehmen",
                    sources=("reported",),
                    target="noted",
                    roles=(Role.REVIEWER,),
                    description="Die Änderung berührt weder die Höhe der Zuwendung noch den Bescheid.",
                    condition=changes.needs_no_decision,
                    form="reason",
                    notify=("applicant",),
                    notice="Änderungsanzeige zur Kenntnis genommen",
                    notice_kind=PROGRESS,
                    style="secondary",
                ),
                Transition(
                    "return_change",
                    "Vorschlag zurückgeben",
                    sources=("change_proposed",),
                    target="reported",
                    outcomes=HEARD,
                    roles=(Role.APPROVER,),
                    description="Die Zeichnungsbefugte gibt den Vorschlag zurück.",
                    form="reason",
                    effect=changes.discard_proposal,
                    audience=STAFF,
                    notify=("assigned_reviewer",),
                    notice="Änderungsbescheid zurückgegeben",
                    notice_kind=TASK,
                    style="secondary",
                ),
                Transition(
                    "sign_change",
                    "Änderungsbescheid zeichnen",
                    sources=("change_proposed",),
                    target="decided",
                    roles=(Role.APPROVER,),
                    four_eyes=True,
                    description="Eine zweite Person zeichnet; die geänderten Beträge gelten. Ist mehr ausgezahlt, "
                    "als die geänderte Zuwendung beträgt, wird die Erstattung als Forderung erfasst.",
                    guards=(
                        Guard(
                            "Das zuständige Verwaltungsgericht für die Rechtsbehelfsbelehrung ist bekannt.",
                            guards.competent_court_is_known,
                        ),
                        Guard(
                            "Mindert die Änderung die Zuwendung: Die Kommune ist angehört, oder die Anhörung ist "
                            "begründet entfallen (§ 28 LVwVfG).",
                            changes.heard_if_adverse,
                        ),
                        Guard(
                            "Ist etwas zu erstatten: Der Basiszinssatz ist für den ganzen Zinszeitraum bekannt.",
                            changes.rates_cover_period,
                        ),
                        Guard(
                            "Ist etwas zu erstatten: Das Konto der Landesoberkasse ist eingetragen.",
                            changes.repayment_account_known,
                        ),
                    ),
                    effect=changes.sign,
                    documents=("change_notice",),
                    member_copies=("change_notice",),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Änderungsbescheid erlassen",
                    notice_kind=LETTER,
                    confirm="Mit der Zeichnung wird der Änderungsbescheid erlassen. Fortfahren?",
                ),
            ),
        ),
    )


def _settlement() -> tuple[tuple[State, ...], tuple[Transition, ...]]:
    """The Schlussfestsetzung of a programme whose rule fixes the final grant from the proof of use: the reviewer
    proposes the Schlussbescheid, a second person signs it, as every other Bescheid."""
    final_guards = (
        Guard("Keine Auszahlung ist mehr in Bearbeitung.", proof.no_payment_pending),
        Guard(
            "Das zuständige Verwaltungsgericht für die Rechtsbehelfsbelehrung ist bekannt.",
            guards.competent_court_is_known,
        ),
        Guard(
            "Ist etwas zu erstatten: Das Konto der Landesoberkasse ist eingetragen.",
            proof.repayment_account_known,
        ),
    )
    states = (
        State(
            "settlement_proposed",
            "Schlussbescheid zur Zeichnung",
            "Der Schlussbescheid wartet auf die Zeichnung.",
            waiting_for=Role.APPROVER,
        ),
        State(
            "settled",
            "Geprüft, Schlussbescheid",
            "Die Zuwendung ist nach dem Verwendungsnachweis endgültig "
            "festgesetzt; eine Erstattung ist als Forderung erfasst.",
            final=True,
        ),
    )
    transitions = (
        Transition(
            "settle_proof_of_use",
            "Prüfung abschließen: Schlussbescheid vorschlagen",
            sources=("submitted",),
            target="settlement_proposed",
            roles=(Role.REVIEWER,),
            condition=proof.lowers_grant,
            description="Der Nachweis ist geprüft; nach den Nebenbestimmungen (Nr. 2 ANBest-P/ANBest-K) ermäßigt "
            "sich die Zuwendung, oder Mittel wurden nicht alsbald verwendet (§ 49a Abs. 4 LVwVfG). Die "
            "Sachbearbeitung legt den Schlussbescheid zur Zeichnung vor; er setzt die Zuwendung endgültig fest und "
            "fordert zurück, was darüber hinaus ausgezahlt ist.",
            form="proof_check",
            guards=(
                Guard(
                    "Jeder Punkt der Prüfliste ist abgehakt; weichen die Beträge ab, erklärt der Vermerk es.",
                    proof.checklist_complete_or_explained,
                ),
                *final_guards,
            ),
            effect=proof.propose_settlement,
            # The reviewer's Prüfvermerk, written by who checked; the Schlussbescheid follows at the signature.
            documents=("proof_check_note",),
            audience=STAFF,
            notify=("approvers",),
            notice="Schlussbescheid zur Zeichnung",
            notice_kind=TASK,
        ),
        Transition(
            "return_settlement",
            "Vorschlag zurückgeben",
            sources=("settlement_proposed",),
            target="submitted",
            roles=(Role.APPROVER,),
            description="Die Zeichnungsbefugte gibt den Vorschlag des Schlussbescheids zur erneuten Prüfung zurück.",
            form="reason",
            effect=proof.discard_settlement,
            audience=STAFF,
            notify=("assigned_reviewer",),
            notice="Schlussbescheid zurückgegeben",
            notice_kind=TASK,
            style="secondary",
        ),
        Transition(
            "sign_settlement",
            "Schlussbescheid zeichnen",
            sources=("settlement_proposed",),
            target="settled",
            roles=(Role.APPROVER,),
            four_eyes=True,
            description="Eine zweite Person zeichnet; die Zuwendung ist endgültig festgesetzt. Ist mehr ausgezahlt, "
            "wird die Erstattung mit dem Zahlungsstand bei der Zeichnung als Forderung erfasst.",
            guards=final_guards,
            effect=proof.sign_settlement,
            documents=("final_notice",),
            member_copies=("final_notice",),
            notify=("applicant", "members", "assigned_reviewer"),
            notice="Schlussbescheid erlassen",
            notice_kind=LETTER,
            confirm="Mit der Zeichnung wird der Schlussbescheid erlassen. Fortfahren?",
        ),
    )
    return states, transitions


def _proof_of_use(form: str, settles: bool) -> ProcedureType:
    settlement_states, settlement_transitions = _settlement() if settles else ((), ())
    return ProcedureType(
        "proof_of_use",
        "Verwendungsnachweis",
        opened_by=("sign_grant", "sign_partial_grant"),
        single=True,
        letter=proof.letter,
        letter_sample=proof.LETTER_SAMPLE,
        facts=proof.facts,
        workflow=Workflow(
            name="proof_of_use",
            initial="new",
            states=(
                State("new", "Neu", "Der Verwendungsnachweis wird angelegt."),
                State("due", "Offen", "Die Kommune weist die Verwendung bis zur Frist nach.", waiting_for=Role.CLERK),
                State(
                    "overdue",
                    "Frist abgelaufen",
                    "Der Verwendungsnachweis ist nicht fristgerecht eingegangen.",
                    waiting_for=Role.CLERK,
                ),
                State(
                    "submitted",
                    "Eingereicht",
                    "Die Bewilligungsstelle prüft den Verwendungsnachweis.",
                    waiting_for=Role.REVIEWER,
                ),
                State("confirmed", "Geprüft, bestätigt", "Die Verwendung ist nachgewiesen.", final=True),
                State(
                    "recovery_proposed",
                    "Geprüft, Rückforderung",
                    "Die Prüfung schlägt eine Rückforderung vor.",
                    final=True,
                ),
                *settlement_states,
            ),
            transitions=(
                Transition(
                    "open_proof_of_use",
                    "Verwendungsnachweis angelegt",
                    sources=("new",),
                    target="due",
                    roles=(Role.SYSTEM,),
                    description="Mit dem Bescheid beginnt die Frist des Verwendungsnachweises.",
                    opens=(PROOF_DUE,),
                ),
                Transition(
                    "remind_proof_of_use",
                    "Erinnerung an den Verwendungsnachweis",
                    sources=("due",),
                    target="due",
                    roles=(Role.SYSTEM,),
                    description="Einige Tage vor Fristende erinnert Förderweg die Kommune.",
                    guards=(
                        Guard(
                            "Das Fristende steht bevor, und die Kommune wurde noch nicht erinnert.",
                            guards.reminder_is_due("proof_of_use"),
                        ),
                    ),
                    effect=effects.record_reminder,
                    notify=("applicant",),
                    notice="Erinnerung: Verwendungsnachweis bald fällig",
                    notice_kind=DEADLINE,
                ),
                Transition(
                    "expire_proof_of_use",
                    "Frist des Verwendungsnachweises abgelaufen",
                    sources=("due",),
                    target="overdue",
                    roles=(Role.SYSTEM,),
                    description="Die Frist ist abgelaufen; die Bewilligungsstelle wird informiert.",
                    guards=(Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("proof_of_use")),),
                    effect=effects.record_expiry,
                    notify=("applicant", "assigned_reviewer"),
                    notice="Verwendungsnachweis überfällig",
                    notice_kind=DEADLINE,
                ),
                Transition(
                    "submit_proof_of_use",
                    "Verwendungsnachweis einreichen",
                    sources=("due", "overdue"),
                    target="submitted",
                    roles=(Role.CLERK,),
                    description="Sachbericht und zahlenmäßiger Nachweis.",
                    form=form,
                    guards=(Guard("Der Förderzeitraum ist zu Ende.", proof.period_has_ended),),
                    effect=proof.record_submission,
                    closes=("proof_of_use",),
                    notify=("assigned_reviewer", "reviewers"),
                    notice="Verwendungsnachweis eingegangen",
                    notice_kind=TASK,
                ),
                Transition(
                    "confirm_proof_of_use",
                    "Prüfung abschließen: bestätigt",
                    sources=("submitted",),
                    target="confirmed",
                    roles=(Role.REVIEWER,),
                    condition=proof.keeps_grant,
                    description="Jeder Punkt der Prüfliste ist erfüllt; ein Prüfvermerk entsteht.",
                    form="proof_check",
                    guards=(Guard("Jeder Punkt der Prüfliste ist abgehakt.", proof.checklist_complete),),
                    effect=proof.record_check,
                    documents=("proof_check_note",),
                    notify=("applicant",),
                    notice="Verwendungsnachweis geprüft",
                    notice_kind=PROGRESS,
                ),
                Transition(
                    "propose_recovery",
                    "Prüfung abschließen: Rückforderung",
                    sources=("submitted",),
                    target="recovery_proposed",
                    roles=(Role.REVIEWER,),
                    description="Die Prüfung ergibt, dass Mittel zu erstatten sind; ein Prüfvermerk entsteht, der Widerruf folgt.",
                    form="proof_check",
                    effect=proof.record_recovery,
                    documents=("proof_check_note",),
                    audience=STAFF,
                    style="secondary",
                ),
                *settlement_transitions,
            ),
        ),
    )


def _revocation() -> ProcedureType:
    return ProcedureType(
        "revocation",
        "Widerruf",
        opens_in=("final",),
        single_while=("new", "hearing", *HEARD, "revocation_proposed"),
        letter=revocation.letter,
        letter_sample=revocation.LETTER_SAMPLE,
        facts=revocation.facts,
        workflow=Workflow(
            name="revocation",
            initial="new",
            states=(
                State("new", "Neu", "Der Widerruf wird vorbereitet.", draft=True),
                *_hearing_states("zum beabsichtigten Widerruf"),
                State(
                    "revocation_proposed",
                    "Widerruf vorgelegt",
                    "Der Widerrufsbescheid wartet auf die Zeichnung.",
                    waiting_for=Role.APPROVER,
                ),
                State(
                    "issued",
                    "Widerrufen, Erstattung gefordert",
                    "Der Widerrufs- und Rückforderungsbescheid ist erlassen; die Erstattung ist als Forderung erfasst.",
                    final=True,
                ),
                State(
                    "revoked",
                    "Widerrufen, nichts zu erstatten",
                    "Der Widerrufsbescheid ist erlassen; ausgezahlt ist nicht mehr, als bewilligt bleibt.",
                    final=True,
                ),
                State("dropped", "Verworfen", "Der Widerruf wurde nicht gezeichnet.", final=True),
            ),
            transitions=(
                *_hearing_transitions(
                    HEARING_STEPS,
                    # Started from the case page beside other procedures' steps: the labels say what they begin.
                    ("Widerruf: Anhörung einleiten", "Widerruf ohne Anhörung vorbereiten"),
                    ("new",),
                    None,
                    revocation.start_hearing,
                    "revocation_hearing",
                    "hearing_notice",
                    "Vor dem Widerruf erfährt die Kommune, was beabsichtigt ist – Betrag, Wirkung, Erstattung, Gründe – "
                    "und kann innerhalb der Frist Stellung nehmen (§ 28 Abs. 1 LVwVfG).",
                    "zum beabsichtigten Widerruf",
                    "Anhörung vor einem Widerruf",
                ),
                Transition(
                    "propose_revocation",
                    "Widerruf vorschlagen",
                    sources=HEARD,
                    target="revocation_proposed",
                    roles=(Role.REVIEWER,),
                    description="Teilweiser oder vollständiger Widerruf (§ 49 Abs. 3 LVwVfG) mit Gründen, dem für diesen "
                    "Fall ausgeübten Ermessen und der Würdigung der Stellungnahme.",
                    form="revocation",
                    effect=revocation.propose,
                    audience=STAFF,
                    notify=("approvers",),
                    notice="Widerruf zur Zeichnung",
                    notice_kind=TASK,
                ),
                Transition(
                    "end_hearing",
                    "Verfahren einstellen",
                    sources=HEARD,
                    target="dropped",
                    roles=(Role.REVIEWER,),
                    form="reason",
                    description="Nach der Anhörung wird nicht widerrufen.",
                    notify=("applicant",),
                    notice="Kein Widerruf",
                    notice_kind=PROGRESS,
                    style="secondary",
                ),
                Transition(
                    "drop_revocation",
                    "Widerruf verwerfen",
                    sources=("revocation_proposed",),
                    target="dropped",
                    roles=(Role.APPROVER,),
                    form="reason",
                    audience=STAFF,
                    notify=("assigned_reviewer",),
                    notice="Widerruf verworfen",
                    notice_kind=TASK,
                    style="secondary",
                ),
                Transition(
                    "sign_revocation",
                    "Widerrufsbescheid zeichnen",
                    sources=("revocation_proposed",),
                    target="issued",
                    roles=(Role.APPROVER,),
                    four_eyes=True,
                    condition=revocation.claims_repayment,
                    description="Eine zweite Person zeichnet den Widerrufs- und Rückforderungsbescheid mit Zinsberechnung; "
                    "die Erstattung wird als Forderung erfasst.",
                    guards=(
                        Guard(
                            "Das zuständige Verwaltungsgericht für die Rechtsbehelfsbelehrung ist bekannt.",
                            guards.competent_court_is_known,
                        ),
                        Guard(
                            "Der Basiszinssatz ist für den ganzen Zinszeitraum bekannt.", revocation.rates_cover_period
                        ),
                        Guard(
                            "Das Konto der Landesoberkasse für die Erstattung ist eingetragen.",
                            revocation.repayment_account_known,
                        ),
                    ),
                    effect=revocation.sign,
                    documents=("revocation_notice",),
                    member_copies=("revocation_notice",),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Widerrufs- und Rückforderungsbescheid erlassen",
                    notice_kind=LETTER,
                    confirm="Mit der Zeichnung wird der Widerrufsbescheid erlassen. Fortfahren?",
                ),
                Transition(
                    "sign_revocation_without_claim",
                    "Widerrufsbescheid zeichnen",
                    sources=("revocation_proposed",),
                    target="revoked",
                    roles=(Role.APPROVER,),
                    four_eyes=True,
                    condition=revocation.claims_nothing,
                    description="Eine zweite Person zeichnet den Widerrufsbescheid; ausgezahlt ist nicht mehr, als bewilligt "
                    "bleibt, also ist nichts zu erstatten.",
                    guards=(
                        Guard(
                            "Das zuständige Verwaltungsgericht für die Rechtsbehelfsbelehrung ist bekannt.",
                            guards.competent_court_is_known,
                        ),
                    ),
                    effect=revocation.sign,
                    documents=("revocation_notice",),
                    member_copies=("revocation_notice",),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Widerrufsbescheid erlassen",
                    notice_kind=LETTER,
                    confirm="Mit der Zeichnung wird der Widerrufsbescheid erlassen. Fortfahren?",
                ),
            ),
        ),
    )


# Where a claim may be paid, dunned, deferred or written off from.
COLLECTIBLE = ("open", "overdue", "dunned", "deferred", instalments.INSTALMENTS)
# A claim may be paid by instalments from where it may be deferred, not again from a plan.
PLANNABLE = ("open", "overdue", "dunned", "deferred")
# Each relief ends the periods of the claim before it.
CLAIM_PERIODS = ("repayment", "dunning", "instalment")


def _claim() -> ProcedureType:
    return ProcedureType(
        "claim",
        "Forderung",
        opened_by=("sign_revocation", "sign_change", "sign_settlement"),
        opened_when=claims.has_claim,
        letter=instalments.letter,
        letter_sample=instalments.LETTER_SAMPLE,
        facts=instalments.facts,
        workflow=Workflow(
            name="claim",
            initial="new",
            states=CLAIM_STATES,
            transitions=(
                Transition(
                    "open_claim",
                    "Forderung angelegt",
                    sources=("new",),
                    target="open",
                    roles=(Role.SYSTEM,),
                    description="Mit dem Bescheid, der die Erstattung fordert, entsteht die Forderung.",
                    effect=claims.open_claim,
                    opens=(REPAYMENT_DUE,),
                ),
                Transition(
                    "book_receipt",
                    "Zahlungseingang buchen",
                    sources=COLLECTIBLE + ("suspended",),
                    target="open",
                    outcomes=("settled", "overdue", "dunned", "deferred", "suspended", instalments.INSTALMENTS),
                    roles=(Role.REVIEWER,),
                    description="Auch Teilzahlungen: Jeder Eingang tilgt erst Kosten, dann Zinsen, dann die "
                    "Hauptforderung (§ 367 BGB).",
                    form="repayment",
                    effect=claims.book,
                    # In a plan, each receipt moves the day the Verfallklausel would take effect.
                    closes=("instalment",),
                    opens=(INSTALMENT_DUE,),
                    guards=(Guard("Der Basiszinssatz ist bis zum Eingang bekannt.", claims.rates_cover_receipt),),
                    notify=("applicant",),
                    notice="Zahlung eingegangen",
                    notice_kind=PAYMENT,
                ),
                Transition(
                    "expire_repayment",
                    "Fälligkeit verstrichen",
                    sources=("open", "deferred"),
                    target="overdue",
                    roles=(Role.SYSTEM,),
                    description="Die Erstattung ist nicht bis zum Fälligkeitstag eingegangen.",
                    guards=(Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("repayment")),),
                    effect=effects.record_expiry,
                    notify=("assigned_reviewer",),
                    notice="Erstattung überfällig",
                    notice_kind=DEADLINE,
                ),
                Transition(
                    "dun",
                    "Mahnung erstellen",
                    sources=("overdue",),
                    target="dunned",
                    roles=(Role.REVIEWER,),
                    description="Die Mahnung nennt Hauptforderung, Zinsen bis heute und einen neuen Zahlungstag.",
                    effect=claims.dun,
                    documents=("dunning_notice",),
                    opens=(DUNNING_DUE,),
                    closes=("repayment", "dunning"),
                    notify=("applicant", "members"),
                    notice="Mahnung",
                    notice_kind=LETTER,
                    confirm="Die Mahnung wird erstellt. Fortfahren?",
                ),
                Transition(
                    "expire_dunning",
                    "Mahnfrist verstrichen",
                    sources=("dunned",),
                    target="overdue",
                    roles=(Role.SYSTEM,),
                    description="Auch die Mahnfrist ist ohne Zahlung verstrichen.",
                    guards=(Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("dunning")),),
                    effect=effects.record_expiry,
                    notify=("assigned_reviewer",),
                    notice="Mahnfrist verstrichen",
                    notice_kind=DEADLINE,
                ),
                Transition(
                    "propose_deferral",
                    "Stundung vorschlagen",
                    sources=COLLECTIBLE,
                    target="relief_proposed",
                    roles=(Role.REVIEWER,),
                    form="deferral",
                    effect=claims.propose_deferral,
                    audience=STAFF,
                    description="Stundung (§ 59 Abs. 1 Nr. 1 LHO): die sofortige Einziehung wäre eine erhebliche Härte, "
                    "und der Anspruch wird durch die Stundung nicht gefährdet.",
                    notify=("approvers",),
                    notice="Stundung zur Zeichnung",
                    notice_kind=TASK,
                    style="secondary",
                ),
                Transition(
                    "propose_instalments",
                    "Ratenzahlung vorschlagen",
                    sources=PLANNABLE,
                    target="relief_proposed",
                    roles=(Role.REVIEWER,),
                    form="instalments",
                    effect=instalments.propose,
                    audience=STAFF,
                    description="Stundung durch Teilzahlungen (§ 59 Abs. 1 Nr. 1 LHO, Nr. 1.3 VV): was heute offen "
                    "ist, wird in gleichen Raten gezahlt; werden Raten nicht gezahlt, wird der Rest sofort fällig.",
                    notify=("approvers",),
                    notice="Ratenzahlung zur Zeichnung",
                    notice_kind=TASK,
                    style="secondary",
                ),
                Transition(
                    "propose_write_off",
                    "Niederschlagung oder Erlass vorschlagen",
                    sources=COLLECTIBLE,
                    target="relief_proposed",
                    roles=(Role.REVIEWER,),
                    form="write_off",
                    effect=claims.propose_write_off,
                    audience=STAFF,
                    description="§ 59 Abs. 1 Nr. 2 und 3 LHO.",
                    notify=("approvers",),
                    notice="Niederschlagung oder Erlass zur Zeichnung",
                    notice_kind=TASK,
                    style="secondary",
                ),
                Transition(
                    "sign_deferral",
                    "Stundung zeichnen",
                    sources=("relief_proposed",),
                    target="deferred",
                    roles=(Role.APPROVER,),
                    four_eyes=True,
                    condition=claims.proposed("deferral"),
                    effect=claims.sign_deferral,
                    documents=("deferral_notice",),
                    closes=CLAIM_PERIODS,
                    opens=(REPAYMENT_DUE,),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Stundung",
                    notice_kind=LETTER,
                ),
                Transition(
                    "sign_instalments",
                    "Ratenzahlung zeichnen",
                    sources=("relief_proposed",),
                    target=instalments.INSTALMENTS,
                    roles=(Role.APPROVER,),
                    four_eyes=True,
                    condition=claims.proposed(instalments.INSTALMENTS),
                    guards=(Guard("Die erste Rate ist noch nicht fällig.", instalments.first_due_ahead),),
                    effect=instalments.sign,
                    documents=("instalment_notice",),
                    closes=CLAIM_PERIODS,
                    opens=(INSTALMENT_DUE,),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Ratenzahlung",
                    notice_kind=LETTER,
                ),
                Transition(
                    "forfeit_instalments",
                    "Ratenzahlung verfallen",
                    sources=(instalments.INSTALMENTS,),
                    target="overdue",
                    roles=(Role.SYSTEM,),
                    description="Raten sind länger als vereinbart nicht gezahlt: Nach der Verfallklausel des "
                    "Ratenzahlungsbescheids ist die gesamte Restforderung sofort fällig; die Bewilligungsstelle mahnt.",
                    guards=(Guard("Der letzte Tag der Frist ist vorbei.", guards.deadline_has_passed("instalment")),),
                    effect=instalments.forfeit,
                    closes=("instalment",),
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Ratenzahlung verfallen: Restforderung sofort fällig",
                    notice_kind=DEADLINE,
                ),
                Transition(
                    "sign_suspension",
                    "Niederschlagung zeichnen",
                    sources=("relief_proposed",),
                    target="suspended",
                    roles=(Role.APPROVER,),
                    four_eyes=True,
                    condition=claims.proposed(claims.SUSPENSION),
                    effect=claims.sign_write_off,
                    documents=("write_off_note",),
                    closes=CLAIM_PERIODS,
                    audience=STAFF,
                    notify=("assigned_reviewer",),
                    notice="Niederschlagung",
                    notice_kind=PROGRESS,
                ),
                Transition(
                    "sign_remission",
                    "Erlass zeichnen",
                    sources=("relief_proposed",),
                    target="remitted",
                    roles=(Role.APPROVER,),
                    four_eyes=True,
                    condition=claims.proposed(claims.REMISSION),
                    effect=claims.sign_write_off,
                    documents=("remission_notice",),
                    closes=CLAIM_PERIODS,
                    notify=("applicant", "members", "assigned_reviewer"),
                    notice="Erlass",
                    notice_kind=LETTER,
                ),
                Transition(
                    "return_relief",
                    "Vorschlag zurückgeben",
                    sources=("relief_proposed",),
                    target="open",
                    outcomes=("overdue", "dunned", "deferred", instalments.INSTALMENTS),
                    roles=(Role.APPROVER,),
                    form="reason",
                    effect=claims.return_proposal,
                    audience=STAFF,
                    notify=("assigned_reviewer",),
                    notice="Vorschlag zur Forderung zurückgegeben",
                    notice_kind=TASK,
                    style="secondary",
                ),
                Transition(
                    "resume_collection",
                    "Einziehung wieder aufnehmen",
                    sources=("suspended",),
                    target="overdue",
                    roles=(Role.REVIEWER,),
                    form="reason",
                    effect=claims.resume,
                    audience=STAFF,
                    description="Die Niederschlagung endet: die Einziehung verspricht wieder Erfolg.",
                ),
            ),
        ),
    )


def post_award_procedures(rules) -> tuple[ProcedureType, ...]:
    """The procedures after the grant for a programme with these ``rules``: its forms of the Mittelabruf, the
    Änderungsanzeige (where its rules take one) and the proof of use, and the Schlussfestsetzung where its rule fixes
    the final grant."""
    return (
        _payment(rules.payment_form),
        *((_change(rules),) if rules.change_form else ()),
        _proof_of_use(rules.proof_form, rules.settles_proof),
        _revocation(),
        _claim(),
    )
