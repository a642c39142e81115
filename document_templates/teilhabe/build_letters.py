"""Builds the letters of the VwV-Integration (Teilhabe, Elternbeteiligung) on the Land's letterhead.

The letterhead (authority, addressee, Aktenzeichen, date), the styles and the box with the Rechtsbehelfsbelehrung
are taken from the Integrationsmanagement's letters, so that every programme's letters look alike; the body of each
letter is written here: a project with its Kosten- und Finanzierungsplan, an Anteilfinanzierung, the ANBest-P for
freie Träger or the ANBest-K for municipalities. Run ``python -m document_templates.teilhabe.build_letters`` from
the repository root after changing a text; the .docx files it writes are committed.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import docx
from docx.oxml.ns import qn

from document_templates import authority_blocks, build_claim_letters, build_early_start, revise_texts
from document_templates.paragraphs import hearing_paragraphs

HERE = Path(__file__).parent
BASE = HERE.parent / "integrationsmanagement"
STYLES = {
    "h1": "Heading 1",
    "sub": "Betreff Zusatz",
    "h2": "Heading 2",
    "h3": "Heading 3",
    "p": "Normal",
    "bullet": "List Bullet",
    "small": "Kleingedruckt",
    "sig": "Unterschrift",
}

SUBJECT = [
    ("sub", "Ihr Antrag vom {{ submitted_on }}, Aktenzeichen {{ file_number }}"),
    ("sub", "Projekt „{{ details.project_title }}“"),
    ("p", ""),
    ("p", "Sehr geehrte Damen und Herren,"),
]
CLOSING = [
    ("p", ""),
    ("sig", "Mit freundlichen Grüßen"),
    ("sig", "Im Auftrag"),
    ("sig", "{{ actor.name }}"),
    ("sig", "{%p for line in authority.signature %}"),
    ("sig", "{{ line }}"),
    ("sig", "{%p endfor %}"),
]
PLAN_COLUMNS = (
    ("Nr.", "{{ p.number }}"),
    ("Kostengruppe", "{{ p.group_label }}"),
    ("Ausgabe", "{{ p.label }}"),
    ("zuwendungsfähig", "{{ p.eligible_label }}"),
    ("Betrag", "{{ p.amount }}"),
)
DECISION_COLUMNS = (
    ("Nr.", "{{ g.number }}"),
    ("Kostengruppe", "{{ g.group_label }}"),
    ("Ausgabe", "{{ g.person_name }}"),
    ("beantragt", "{{ g.requested_amount }}"),
    ("anerkannt", "{{ g.amount }}"),
)
PLAN_ROWS = [
    ("Ausgaben insgesamt", "{{ details.total_costs }}"),
    ("davon zuwendungsfähig", "{{ details.eligible_costs }}"),
    ("Eigenmittel", "{{ details.own_funds }}"),
    ("Drittmittel", "{{ details.third_party_funds }}"),
    ("Beantragte Zuwendung", "{{ details.requested }}"),
]
FINANCING = ("table", PLAN_ROWS)
GRANTED_FINANCING = ("table", [*PLAN_ROWS, ("Bewilligte Zuwendung (Höchstbetrag)", "{{ decision.total }}")])
REASONS = [("p", "{%p for line in decision.reasons %}"), ("p", "{{ line }}"), ("p", "{%p endfor %}")]
ANNEX_NAME = "{{ details.annex }}"


def _decision(title: str, granted_sentence: str, extra: list) -> list:
    return [
        ("h1", f"{title} – {{{{ programme.name }}}}"),
        *SUBJECT,
        ("p", "auf Ihren Antrag ergeht folgender"),
        ("p", "Bescheid:"),
        ("h2", "I. Entscheidung"),
        ("p", granted_sentence),
        (
            "p",
            f"2. Die besonderen Nebenbestimmungen unter V. und die Anlage „{ANNEX_NAME}“ sind Bestandteil dieses "
            "Bescheids.",
        ),
        *extra,
        ("h2", "II. Zuwendungszweck"),
        (
            "p",
            "Die Zuwendung wird ausschließlich für das Projekt „{{ details.project_title }}“ in "
            "{{ details.project_place }} bewilligt: {{ programme.purpose }}.",
        ),
        ("h2", "III. Bewilligungszeitraum"),
        (
            "p",
            "Der Bewilligungszeitraum beginnt am {{ decision.period.start }} und endet am {{ decision.period.end }}. "
            "Nur Ausgaben, die in diesem Zeitraum entstehen und bezahlt werden, sind zuwendungsfähig.",
        ),
        ("h2", "IV. Finanzierungsart, Höhe der Zuwendung und Finanzierungsplan"),
        (
            "p",
            "Die Zuwendung wird als Projektförderung im Wege der {{ details.financing }} in Höhe von "
            "{{ details.share }} der zuwendungsfähigen Ausgaben gewährt, höchstens {{ decision.total }} "
            "(Höchstbetrag). Der Höchstbetrag des Programms je Projekt beträgt {{ details.maximum }}.",
        ),
        ("p", "Anerkannt werden folgende Ausgaben:"),
        ("decision", DECISION_COLUMNS),
        ("p", ""),
        ("p", "Finanzierungsplan:"),
        GRANTED_FINANCING,
        ("p", ""),
        (
            "p",
            "Der Finanzierungsplan ist hinsichtlich des Gesamtergebnisses verbindlich. Einzelne Ausgabeansätze "
            "dürfen nach Nr. 1.2 der Nebenbestimmungen (Anlage) um bis zu 20 Prozent überschritten werden, soweit die "
            "Überschreitung durch Einsparungen bei anderen Ansätzen ausgeglichen wird. Ermäßigen sich die "
            "zuwendungsfähigen Ausgaben oder erhöhen sich die Deckungsmittel, ermäßigt sich die Zuwendung nach "
            "Nr. 2 der Nebenbestimmungen (Anlage) anteilig.",
        ),
        ("h2", "V. Nebenbestimmungen"),
        (
            "p",
            "Mitteilungspflichten. Sie teilen der Bewilligungsstelle unverzüglich mit, wenn sich der Zuwendungszweck, "
            "der Finanzierungsplan oder die für die Bewilligung maßgeblichen Umstände ändern, insbesondere wenn "
            "weitere Mittel für das Projekt bewilligt werden.",
        ),
        ("p", "Abstimmung und Beteiligung. {{ details.coordination_note }}"),
        (
            "p",
            "Rücknahme, Widerruf und Erstattung. Die Zuwendung kann nach §§ 48, 49 LVwVfG ganz oder teilweise, auch "
            "mit Wirkung für die Vergangenheit, zurückgenommen oder widerrufen werden; zu erstattende Beträge sind "
            "nach § 49a Abs. 3 LVwVfG mit fünf Prozentpunkten über dem Basiszinssatz jährlich zu verzinsen.",
        ),
        ("h2", "VI. Auszahlung"),
        (
            "p",
            "Die Zuwendung wird auf Anforderung ausgezahlt, frühestens nach Eintritt der Bestandskraft dieses "
            "Bescheids oder nach Ihrem Verzicht auf Rechtsbehelfe, und nur soweit sie innerhalb von zwei Monaten "
            "nach der Auszahlung für fällige Zahlungen benötigt wird (Nr. 1.4 der Nebenbestimmungen). "
            "Auszahlungskonto: {{ bank.holder }}, IBAN {{ bank.iban }}.",
        ),
        ("h2", "VII. Verwendungsnachweis"),
        (
            "p",
            "Die Verwendung der Zuwendung ist bis zum {{ decision.proof_of_use_due }} nachzuweisen: mit einem "
            "Sachbericht und einem zahlenmäßigen Nachweis (Belegliste der Ausgaben und Einnahmen nach dem "
            "Finanzierungsplan). Die Belege sind fünf Jahre nach Vorlage des Verwendungsnachweises aufzubewahren.",
        ),
        ("h2", "VIII. Begründung"),
        ("p", "Rechtsgrundlage dieses Bescheids ist die {{ programme.legal_basis }}."),
        (
            "p",
            "Die Zuwendung wird ohne Rechtsanspruch im Rahmen der verfügbaren Haushaltsmittel nach pflichtgemäßem "
            "Ermessen gewährt. Das Projekt dient dem Zuwendungszweck, es ist noch nicht begonnen, und seine "
            "Finanzierung ist gesichert.",
        ),
        ("p", "{%p for r in decision.reduced %}"),
        (
            "p",
            "Ausgabe {{ r.number }} ({{ r.person_name }}) wird mit {{ r.amount }} statt {{ r.requested_amount }} "
            "anerkannt: {{ r.reason }}",
        ),
        ("p", "{%p endfor %}"),
        ("p", "{%p for r in decision.refused %}"),
        ("p", "Ausgabe {{ r.number }} ({{ r.person_name }}) wird nicht anerkannt: {{ r.reason }}"),
        ("p", "{%p endfor %}"),
        *REASONS,
        ("remedy", None),
        ("small", f"Anlage: {ANNEX_NAME}"),
    ]


GRANT = _decision(
    "Zuwendungsbescheid",
    "1. Ihnen ({{ applicant.lines[0] }}) wird für das Projekt „{{ details.project_title }}“ eine "
    "Zuwendung in Höhe von höchstens {{ decision.total }} bewilligt.",
    [],
)
PARTIAL = _decision(
    "Zuwendungsbescheid (Teilbewilligung)",
    "1. Ihnen ({{ applicant.lines[0] }}) wird für das Projekt „{{ details.project_title }}“ eine "
    "Zuwendung in Höhe von höchstens {{ decision.total }} bewilligt; beantragt waren "
    "{{ amounts.requested }}. Im Übrigen wird der Antrag abgelehnt.",
    [],
)

LETTERS = {
    "antrag.docx": [
        ("h1", "Antrag auf Zuwendung – {{ programme.name }}"),
        ("sub", "Eingereicht am {{ submitted_on }}, Aktenzeichen {{ file_number }}"),
        ("h2", "Projekt"),
        (
            "table",
            [
                ("Titel", "{{ details.project_title }}"),
                ("Förderbereich", "{{ details.area }}"),
                ("Ort", "{{ details.project_place }}"),
                ("Zeitraum", "{{ funding_period.start }} bis {{ funding_period.end }}"),
                ("Ansprechperson", "{{ contact.name }}, {{ contact.phone }}, {{ contact.email }}"),
            ],
        ),
        ("h2", "Kosten- und Finanzierungsplan"),
        ("plan", PLAN_COLUMNS),
        FINANCING,
        (
            "p",
            "Berechnete Zuwendung: {{ amounts.computed }} ({{ details.share }} der zuwendungsfähigen Ausgaben, "
            "höchstens {{ details.maximum }}).",
        ),
        ("h2", "Erklärungen"),
        ("p", "{%p for text in declarations %}"),
        ("bullet", "{{ text }}"),
        ("p", "{%p endfor %}"),
    ],
    "eingangsbestaetigung.docx": [
        ("h1", "Eingangsbestätigung – {{ programme.name }}"),
        *SUBJECT,
        (
            "p",
            "Ihr Antrag vom {{ submitted_on }} auf eine Zuwendung für das Projekt „{{ details.project_title }}“ ist "
            "am {{ submitted_on }} bei uns eingegangen. Beantragt sind {{ amounts.requested }}.",
        ),
        ("h2", "Wie geht es weiter?"),
        (
            "bullet",
            "Wir prüfen Ihren Antrag und den Kosten- und Finanzierungsplan. Fehlen Angaben oder Unterlagen, "
            "fordern wir sie mit einer Frist bei Ihnen nach.",
        ),
        ("bullet", "Über Ihren Antrag entscheiden wir durch schriftlichen Bescheid im Rahmen der verfügbaren Mittel."),
        ("bullet", "Solange noch nicht entschieden ist, können Sie den Antrag zurückziehen."),
        *build_early_start.RECEIPT,
        ("p", "Diese Eingangsbestätigung ist keine Bewilligung."),
        *CLOSING,
    ],
    "nachforderung.docx": [
        ("h1", "Nachforderung von Angaben oder Unterlagen – {{ programme.name }}"),
        *SUBJECT,
        ("p", "zu Ihrem Antrag benötigen wir noch Folgendes:"),
        ("p", "{%p for line in comment %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        (
            "p",
            "Bitte antworten Sie bis zum {{ response_due }} in Förderweg. Geht bis dahin nichts ein, entscheiden wir "
            "nach Aktenlage.",
        ),
        *CLOSING,
    ],
    "entscheidungsvorschlag.docx": [
        ("h1", "Entscheidungsvorschlag – {{ programme.name }}"),
        ("sub", "Aktenzeichen {{ file_number }}, Projekt „{{ details.project_title }}“"),
        (
            "p",
            "Vorschlag: {{ decision.kind_label }} über {{ decision.amount }} (vorgeschlagen von "
            "{{ decision.proposed_by }}).",
        ),
        ("decision", DECISION_COLUMNS),
        FINANCING,
        *REASONS,
    ],
    "zuwendungsbescheid.docx": GRANT,
    "teilbewilligungsbescheid.docx": PARTIAL,
    "ablehnungsbescheid.docx": [
        ("h1", "Ablehnungsbescheid – {{ programme.name }}"),
        *SUBJECT,
        ("p", "Ihr Antrag auf eine Zuwendung für das Projekt „{{ details.project_title }}“ wird abgelehnt."),
        ("h2", "Begründung"),
        ("p", "Rechtsgrundlage ist die {{ programme.legal_basis }}."),
        ("p", "{%p for r in decision.refused %}"),
        ("p", "Ausgabe {{ r.number }} ({{ r.person_name }}): {{ r.reason }}"),
        ("p", "{%p endfor %}"),
        *REASONS,
        ("remedy", None),
    ],
    "ruecknahmebestaetigung.docx": [
        ("h1", "Bestätigung der Antragsrücknahme – {{ programme.name }}"),
        *SUBJECT,
        (
            "p",
            "Sie haben Ihren Antrag für das Projekt „{{ details.project_title }}“ zurückgenommen. Das Verfahren ist "
            "damit beendet.",
        ),
        *CLOSING,
    ],
    "verzichtsbestaetigung.docx": [
        ("h1", "Bestätigung des Rechtsbehelfsverzichts – {{ programme.name }}"),
        *SUBJECT,
        (
            "p",
            "Sie haben auf Rechtsbehelfe gegen den Bescheid verzichtet. Der Bescheid ist damit bestandskräftig; die "
            "Zuwendung kann abgerufen werden.",
        ),
        *CLOSING,
    ],
    "anlage_nebenbestimmungen.docx": [
        ("h1", "Anlage zum Bescheid: {{ details.annex }}"),
        ("sub", "Aktenzeichen {{ file_number }}, Projekt „{{ details.project_title }}“"),
        ("p", "{%p set anbest = conditions.municipal if details.municipal else conditions.private %}"),
        (
            "small",
            "Fassung: {{ anbest.stand }}; anzuwenden ab {{ anbest.valid_from }}. Quelle: {{ anbest.source }}. "
            "Bestandteil dieses Bescheids ist der folgende Wortlaut; spätere Fassungen werden es nicht.",
        ),
        ("p", "{%p for e in anbest.entries %}"),
        ("p", "{{ e.label }} {{ e.body }}"),
        ("p", "{%p endfor %}"),
    ],
}


# After the grant: payment, Prüfvermerk, Widerruf and the Schlussbescheid of the Verwendungsnachweis. The hearing and
# the letters of a claim (Mahnung, Stundung, Niederschlagung, Erlass) are built from this Widerrufsbescheid by
# ``document_templates.build_claim_letters``, like every programme's.
PROCEDURE_SUBJECT = [
    ("sub", "Zuwendungsbescheid zum Antrag vom {{ submitted_on }}, Aktenzeichen {{ file_number }}"),
    ("sub", "Projekt „{{ details.project_title }}“"),
    ("p", "{%p if copy_for %}"),
    ("sub", "Ausfertigung für {{ copy_for.name }}"),
    ("p", "{%p endif %}"),
    ("p", ""),
    ("p", "Sehr geehrte Damen und Herren,"),
]
ACCOUNT = (
    "{{ procedure.account.holder }}, IBAN {{ procedure.account.iban }}, BIC {{ procedure.account.bic }}, unter "
    "Angabe des Aktenzeichens {{ file_number }}"
)
INTEREST_COLUMNS = (
    ("Betrag", "{{ r.principal }}"),
    ("Zeitraum", "{{ r.period }}"),
    ("Tage", "{{ r.days }}"),
    ("Tage im Jahr", "{{ r.year_days }}"),
    ("Basiszinssatz", "{{ r.base_rate }}"),
    ("Zinssatz", "{{ r.rate }}"),
    ("Zinsen", "{{ r.interest }}"),
)
RECEIPT_COLUMNS = (
    ("Nr.", "{{ r.number }}"),
    ("Kostengruppe", "{{ r.group }}"),
    ("Ausgabe", "{{ r.description }}"),
    ("Betrag", "{{ r.amount }}"),
    ("bezahlt am", "{{ r.paid_on }}"),
)
GROUP_COLUMNS = (
    ("Kostengruppe", "{{ g.group }}"),
    ("anerkannt (Bescheid)", "{{ g.recognised }}"),
    ("nachgewiesen (Belegliste)", "{{ g.actual }}"),
)
SETTLEMENT_TABLE = (
    "table",
    [
        ("", "Bescheid (Finanzierungsplan)", "Verwendungsnachweis"),
        (
            "Zuwendungsfähige Ausgaben",
            "{{ procedure.settlement.planned_eligible }}",
            "{{ procedure.settlement.actual_eligible }}",
        ),
        ("Eigenmittel", "{{ procedure.settlement.planned_own_funds }}", "{{ procedure.settlement.own_funds }}"),
        (
            "Drittmittel",
            "{{ procedure.settlement.planned_third_party_funds }}",
            "{{ procedure.settlement.third_party_funds }}",
        ),
        ("Zuwendung", "{{ procedure.settlement.granted }}", "{{ procedure.settlement.final_grant }}"),
    ],
)
# The Zwischenzinsen of the Schlussbescheid follow the repayment's interest (III.) where there is one.
INTERIM_SECTION = "{{ 'IV' if procedure.settlement.owes else 'III' }}"
INTERIM_CALCULATION = [
    ("p", "{%p if procedure.interim.demands %}"),
    ("h2", f"{INTERIM_SECTION}. Zwischenzinsen"),
    ("p", "{%p for r in procedure.interim.rows %}"),
    (
        "p",
        "{{ r.amount }}, ausgezahlt am {{ r.paid_on }}, verwendet am {{ r.used_on }}: {{ r.periods }} = "
        "{{ r.interest }}",
    ),
    ("p", "{%p endfor %}"),
    ("p", "Zwischenzinsen zusammen: {{ procedure.interim.demanded }}"),
    ("p", "{%p endif %}"),
]
INTEREST = [
    ("p", "{%p if procedure.settlement.owes %}"),
    ("h2", "III. Zinsberechnung"),
    (
        "small",
        "Zinssatz: Basiszinssatz der Deutschen Bundesbank (§ 247 BGB) zuzüglich fünf Prozentpunkte; Zinstage "
        "kalendergenau, geteilt durch die Tage des jeweiligen Kalenderjahres (365 oder 366). Ein neuer "
        "Abschnitt beginnt, wo sich der Basiszinssatz ändert, und am 1. Januar.",
    ),
    ("loop", (INTEREST_COLUMNS, "{%tr for r in procedure.interest_rows %}")),
    ("p", "Zinsen bis zum Fälligkeitstag zusammen: {{ procedure.interest }}"),
    ("p", "{%p endif %}"),
]

# Nr. 3 and 4 of a Bescheid that claims money back: interest and where to pay (Schlussbescheid, Änderungsbescheid).
REPAYMENT_TERMS = [
    (
        "p",
        "3. Der Erstattungsbetrag ist nach § 49a Abs. 3 LVwVfG mit fünf Prozentpunkten über dem Basiszinssatz "
        "(§ 247 BGB) jährlich zu verzinsen, für jeden Teilbetrag ab dem Tag seiner Auszahlung, frühestens ab dem "
        "{{ procedure.effective_from }}. Bis zum Fälligkeitstag betragen die Zinsen {{ procedure.interest }}.",
    ),
    (
        "p",
        "4. Erstattungsbetrag und Zinsen, zusammen {{ procedure.total }}, sind bis zum {{ procedure.due_on }} auf "
        f"folgendes Konto zu zahlen: {ACCOUNT}. Geht die Zahlung später ein, laufen die Zinsen bis zum Tag der "
        "Gutschrift weiter, derzeit {{ procedure.daily_after_due }} je Tag.",
    ),
]
CHANGE_GROUP_COLUMNS = (
    ("Kostengruppe", "{{ g.group }}"),
    ("bisher anerkannt", "{{ g.recognised }}"),
    ("angezeigt", "{{ g.reported }}"),
    ("neu anerkannt", "{{ g.counted }}"),
    ("Hinweis", "{{ g.note }}"),
)
CHANGE_TABLE = (
    "table",
    [
        ("", "bisher", "neu"),
        ("Zuwendungsfähige Ausgaben", "{{ procedure.eligible_before }}", "{{ procedure.eligible_after }}"),
        ("Eigenmittel", "{{ procedure.own_before }}", "{{ procedure.own_after }}"),
        ("Drittmittel", "{{ procedure.third_before }}", "{{ procedure.third_after }}"),
        ("Zuwendung (Höchstbetrag)", "{{ procedure.before_total }}", "{{ procedure.after_total }}"),
    ],
)
# A change that lowers the grant: the (precautionary) Widerruf of § 49 Abs. 3 Satz 1 Nr. 1 LVwVfG is a matter of
# discretion, exercised for the case (Vertrauensschutz, Umfang, Zeitpunkt) as in a Widerruf.
CHANGE_DISCRETION = [
    ("p", "{%p if procedure.adverse %}"),
    (
        "p",
        "Die Ermäßigung nach Nr. 2 der Nebenbestimmungen ist eine auflösende Bedingung der Zuwendung (§ 36 Abs. 2 "
        "Nr. 2 LVwVfG); vorsorglich wird der Bescheid insoweit nach § 49 Abs. 3 Satz 1 Nr. 1 LVwVfG widerrufen, weil "
        "die Zuwendung in diesem Umfang nicht mehr für den bestimmten Zweck verwendet werden kann. Über den Widerruf "
        "ist nach pflichtgemäßem Ermessen zu entscheiden. Das Ermessen haben wir für diesen Fall so ausgeübt:",
    ),
    ("p", "Vertrauensschutz:"),
    ("p", "{%p for line in procedure.reliance %}"),
    ("p", "{{ line }}"),
    ("p", "{%p endfor %}"),
    ("p", "Umfang:"),
    ("p", "{%p for line in procedure.extent %}"),
    ("p", "{{ line }}"),
    ("p", "{%p endfor %}"),
    ("p", "Zeitpunkt, ab dem die Änderung wirkt:"),
    ("p", "{%p for line in procedure.timing %}"),
    ("p", "{{ line }}"),
    ("p", "{%p endfor %}"),
    ("p", "{%p endif %}"),
]
CHANGE_INTEREST = [
    ("p", "{%p if procedure.must_repay %}"),
    *INTEREST[1:-1],
    ("p", "{%p endif %}"),
]

POST_AWARD_LETTERS = {
    "auszahlungsmitteilung.docx": [
        ("h1", "Auszahlungsmitteilung – {{ programme.name }}"),
        *PROCEDURE_SUBJECT,
        (
            "p",
            "wir haben heute, am {{ procedure.ordered_on }}, die Auszahlung von {{ procedure.amount }} aus der "
            "bewilligten Zuwendung für das Projekt „{{ details.project_title }}“ angeordnet. Der Betrag wird aus den "
            "Haushaltsmitteln des Haushaltsjahres {{ procedure.budget_year }} gezahlt und in den nächsten Tagen auf "
            "folgendes Konto überwiesen:",
        ),
        (
            "table",
            [
                ("Kontoinhaber", "{{ bank.holder }}"),
                ("IBAN", "{{ bank.iban }}"),
                ("BIC", "{{ bank.bic }}"),
                ("Verwendungszweck", "{{ file_number }} {{ procedure.kind }} {{ procedure.number }}"),
            ],
        ),
        ("h2", "Stand der Zuwendung"),
        (
            "table",
            [
                ("Bewilligte Zuwendung (Höchstbetrag)", "{{ procedure.granted }}"),
                ("Bisher ausgezahlt", "{{ procedure.paid_before }}"),
                ("Diese Auszahlung", "{{ procedure.amount }}"),
                ("Ausgezahlt insgesamt", "{{ procedure.paid_after }}"),
                ("Noch nicht ausgezahlt", "{{ procedure.remaining }}"),
            ],
        ),
        ("p", ""),
        (
            "p",
            "Bitte beachten Sie: Die Mittel dürfen nur angefordert werden, soweit sie innerhalb von zwei Monaten nach "
            "der Auszahlung für fällige zuwendungsfähige Ausgaben benötigt werden, und nur mit dem Anteil der "
            "Zuwendung an diesen Ausgaben ({{ details.share }}; Nr. 1.4 der Nebenbestimmungen). Werden sie nicht "
            "alsbald verwendet, können Zinsen verlangt werden (§ 49a Abs. 4 LVwVfG). Die endgültige Höhe der "
            "Zuwendung ergibt sich erst aus dem Verwendungsnachweis (Nr. 2 der Nebenbestimmungen).",
        ),
        ("small", "Diese Mitteilung ist kein Bescheid; sie ändert den Zuwendungsbescheid nicht."),
        *CLOSING,
    ],
    "pruefvermerk.docx": [
        ("h1", "Prüfvermerk zum Verwendungsnachweis – {{ programme.name }}"),
        (
            "sub",
            "Aktenzeichen {{ file_number }} · {{ applicant.name }} · Projekt „{{ details.project_title }}“ · "
            "interner Vermerk der Bewilligungsstelle",
        ),
        ("h2", "1. Zahlenmäßiger Nachweis (Belegliste)"),
        ("loop", (RECEIPT_COLUMNS, "{%tr for r in procedure.receipts %}")),
        ("p", "{%p if procedure.settlement %}"),
        ("p", ""),
        SETTLEMENT_TABLE,
        ("p", "{%p endif %}"),
        ("h2", "2. Sachbericht (Auszug)"),
        ("p", "{%p for line in procedure.report %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("h2", "3. Prüfung"),
        ("p", "{%p for c in procedure.checklist %}"),
        ("bullet", "{% if c.done %}☒{% else %}☐{% endif %} {{ c.item }}"),
        ("p", "{%p endfor %}"),
        ("h2", "4. Ergebnis"),
        ("p", "{%p if procedure.recovery %}"),
        (
            "p",
            "Die Prüfung ergibt eine Rückforderung von {{ procedure.recovery }}. Ein Widerrufs- und "
            "Rückforderungsbescheid ist nach Anhörung vorzubereiten.",
        ),
        ("p", "{%p elif procedure.settlement and procedure.settlement.final_grant != procedure.settlement.granted %}"),
        (
            "p",
            "Nach Nr. 2 der Nebenbestimmungen ermäßigt sich die Zuwendung auf {{ procedure.settlement.final_grant }} "
            "(bewilligt {{ procedure.settlement.granted }}; ausgezahlt {{ procedure.settlement.paid }}; zu erstatten "
            "{{ procedure.settlement.repayment }}). Der Schlussbescheid ergeht mit diesem Vermerk.",
        ),
        ("p", "{%p else %}"),
        ("p", "Die Verwendung der Zuwendung ist nachgewiesen. Der Verwendungsnachweis ist ohne Beanstandung geprüft."),
        ("p", "{%p endif %}"),
        ("p", "{%p for line in comment %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", "Geprüft am {{ procedure.checked_on }} von {{ actor.name }}."),
    ],
    "widerrufsbescheid.docx": [
        ("h1", revise_texts.REVOCATION_TITLE),
        *PROCEDURE_SUBJECT,
        ("p", "hiermit ergeht folgender"),
        ("p", "Bescheid:"),
        ("h2", "I. Entscheidung"),
        (
            "p",
            "1. Der Zuwendungsbescheid vom {{ procedure.decision_date }} wird nach § 49 Abs. 3 LVwVfG in Höhe von "
            "{{ procedure.revoked }} mit Wirkung vom {{ procedure.effective_from }} widerrufen. Die Zuwendung beträgt "
            "damit höchstens {{ procedure.granted_after }} (bisher {{ procedure.granted_before }}).",
        ),
        ("p", "{%p if procedure.owes %}"),
        (
            "p",
            "2. Ausgezahlt sind {{ procedure.paid }}. Zu erstatten sind nach § 49a Abs. 1 LVwVfG "
            "{{ procedure.principal }}.",
        ),
        (
            "p",
            "3. Der Erstattungsbetrag ist nach § 49a Abs. 3 LVwVfG mit fünf Prozentpunkten über dem Basiszinssatz "
            "(§ 247 BGB) jährlich zu verzinsen, für jeden Teilbetrag ab dem Tag seiner Auszahlung, frühestens ab dem "
            "Wirksamwerden des Widerrufs. Bis zum Fälligkeitstag betragen die Zinsen {{ procedure.interest }}.",
        ),
        (
            "p",
            "4. Erstattungsbetrag und Zinsen, zusammen {{ procedure.total }}, sind bis zum {{ procedure.due_on }} auf "
            f"folgendes Konto zu zahlen: {ACCOUNT}. Geht die Zahlung später ein, laufen die Zinsen bis zum Tag der "
            "Gutschrift weiter, derzeit {{ procedure.daily_after_due }} je Tag.",
        ),
        ("p", "{%p else %}"),
        (
            "p",
            "2. Ausgezahlt sind {{ procedure.paid }}; das ist nicht mehr, als nach dem Widerruf bewilligt bleibt. Zu "
            "erstatten ist nichts. Künftige Abrufe sind auf die verbleibende Zuwendung begrenzt.",
        ),
        ("p", "{%p endif %}"),
        ("h2", "II. Begründung"),
        ("p", "{%p for line in procedure.reasons %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        *(("p", line) for line in hearing_paragraphs("zum beabsichtigten Widerruf")),
        (
            "p",
            "Nach § 49 Abs. 3 Satz 1 LVwVfG kann ein Verwaltungsakt, der eine Geldleistung für einen bestimmten Zweck "
            "gewährt, ganz oder teilweise auch mit Wirkung für die Vergangenheit widerrufen werden, wenn die Leistung "
            "nicht oder nicht mehr für den bestimmten Zweck verwendet wird oder eine Auflage nicht erfüllt ist. Das "
            "Ermessen wird wie folgt ausgeübt:",
        ),
        ("p", "Vertrauensschutz:"),
        ("p", "{%p for line in procedure.reliance %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", "Umfang des Widerrufs:"),
        ("p", "{%p for line in procedure.extent %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", "Zeitpunkt, ab dem der Widerruf wirkt:"),
        ("p", "{%p for line in procedure.timing %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", revise_texts.NOTHING_TO_REPAY),
        ("p", "{%p if procedure.owes %}"),
        ("h2", "III. Zinsberechnung"),
        (
            "small",
            "Zinssatz: Basiszinssatz der Deutschen Bundesbank (§ 247 BGB) zuzüglich fünf Prozentpunkte; Zinstage "
            "kalendergenau, geteilt durch die Tage des jeweiligen Kalenderjahres (365 oder 366).",
        ),
        ("loop", (INTEREST_COLUMNS, "{%tr for r in procedure.interest_rows %}")),
        ("p", "Zinsen bis zum Fälligkeitstag zusammen: {{ procedure.interest }}"),
        ("p", "{%p endif %}"),
        ("remedy", None),
    ],
    "aenderungsbescheid.docx": [
        ("h1", "Änderungsbescheid – {{ programme.name }}"),
        *PROCEDURE_SUBJECT,
        (
            "p",
            "Sie haben am {{ procedure.reported_on }} angezeigt, dass sich der Kosten- und Finanzierungsplan des "
            "Projekts seit dem {{ procedure.changed_on }} geändert hat (Nr. 5.1 der Nebenbestimmungen). Hierauf "
            "ergeht folgender",
        ),
        ("p", "Änderungsbescheid:"),
        ("h2", "I. Entscheidung"),
        ("p", "{%p if procedure.after_total != procedure.before_total %}"),
        (
            "p",
            "1. Der Zuwendungsbescheid vom {{ procedure.decision_date }} wird wie folgt geändert: Die Zuwendung wird "
            "von höchstens {{ procedure.before_total }} auf höchstens {{ procedure.after_total }} festgesetzt. "
            "Verbindlich ist der geänderte Finanzierungsplan der folgenden Übersicht.",
        ),
        ("p", "{%p else %}"),
        (
            "p",
            "1. Der Zuwendungsbescheid vom {{ procedure.decision_date }} wird wie folgt geändert: Verbindlich ist der "
            "geänderte Finanzierungsplan der folgenden Übersicht; die Zuwendung bleibt bei höchstens "
            "{{ procedure.after_total }}.",
        ),
        ("p", "{%p endif %}"),
        ("p", "{%p if procedure.consented %}"),
        (
            "p",
            "Der Überschreitung der Ansätze folgender Kostengruppen wird zugestimmt: "
            "{{ procedure.consented|join(', ') }}.",
        ),
        ("p", "{%p endif %}"),
        ("p", "{%p if procedure.period_changed %}"),
        (
            "p",
            "Der Bewilligungszeitraum endet statt am {{ procedure.end_before }} am {{ procedure.end_after }}; "
            "Ausgaben danach sind nicht zuwendungsfähig.",
        ),
        ("p", "{%p endif %}"),
        CHANGE_TABLE,
        ("p", ""),
        ("loop", (CHANGE_GROUP_COLUMNS, "{%tr for g in procedure.groups %}")),
        ("p", ""),
        ("p", "{%p if procedure.must_repay %}"),
        (
            "p",
            "2. Ausgezahlt sind bisher {{ procedure.paid }}. Soweit die Zuwendung nach Nr. 1 entfällt, ist der "
            "Zuwendungsbescheid nach Nr. 2 der Nebenbestimmungen ({{ details.annex }}) mit Wirkung vom "
            "{{ procedure.effective_from }} unwirksam geworden; vorsorglich wird er insoweit nach § 49 Abs. 3 Satz 1 "
            "Nr. 1 LVwVfG mit Wirkung von diesem Tag widerrufen. Der Betrag, der die geänderte Zuwendung übersteigt, "
            "{{ procedure.repay }}, ist nach § 49a Abs. 1 LVwVfG zu erstatten und wird hiermit festgesetzt.",
        ),
        *REPAYMENT_TERMS,
        ("p", "{%p else %}"),
        (
            "p",
            "2. {% if procedure.adverse %}Soweit die Zuwendung nach Nr. 1 entfällt, ist der Zuwendungsbescheid nach "
            "Nr. 2 der Nebenbestimmungen ({{ details.annex }}) mit Wirkung vom {{ procedure.effective_from }} "
            "unwirksam geworden; vorsorglich wird er insoweit nach § 49 Abs. 3 Satz 1 Nr. 1 LVwVfG mit Wirkung von "
            "diesem Tag widerrufen. {% endif %}Ausgezahlt sind bisher {{ procedure.paid }}; das liegt nicht über der "
            "geänderten Zuwendung. Künftige Abrufe sind auf die geänderte Zuwendung begrenzt.",
        ),
        ("p", "{%p endif %}"),
        ("p", "Im Übrigen bleibt der Zuwendungsbescheid mit seinen Nebenbestimmungen unverändert."),
        ("h2", "II. Begründung"),
        ("p", "Sie haben die Änderung so begründet:"),
        ("p", "{%p for line in procedure.explanation %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", "{%p if procedure.adverse %}"),
        *(("p", line) for line in hearing_paragraphs("zur beabsichtigten Änderung")),
        ("p", "{%p endif %}"),
        (
            "p",
            "Die Zuwendung wurde als Projektförderung im Wege der {{ procedure.financing }} in Höhe von "
            "{{ procedure.share }} der zuwendungsfähigen Ausgaben bewilligt. Nach Nr. 2 der Nebenbestimmungen "
            "ermäßigt sich die Zuwendung, wenn sich nach der Bewilligung die zuwendungsfähigen Ausgaben ermäßigen "
            "oder die Deckungsmittel erhöhen, soweit der Saldo dieser Änderungen die Finanzierung verbessert; bei "
            "Anteilfinanzierung anteilig mit dem vorgesehenen Anteil. Änderungen der Eigenmittel bleiben außer "
            "Betracht. Höhere Ausgaben erhöhen die Zuwendung nicht; dafür bedürfte es eines neuen Antrags. Eine "
            "Kostengruppe darf ihren Ansatz nur überschreiten, soweit andere Kostengruppen entsprechend weniger "
            "kosten, und ohne Zustimmung nur in der Höhe, die Nr. 1.2 der Nebenbestimmungen zulässt.",
        ),
        ("p", "{%p for line in procedure.reasons %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", "{%p if procedure.calculation %}"),
        (
            "p",
            "Die Zuwendung beträgt damit {{ procedure.calculation }} (Anteil × zuwendungsfähige Ausgaben, vermindert "
            "um Mehreinnahmen an Drittmitteln), höchstens der bisherige Betrag.",
        ),
        ("p", "{%p endif %}"),
        ("p", "{%p if procedure.must_repay %}"),
        (
            "p",
            "Soweit der Zuwendungsbescheid unwirksam geworden oder widerrufen ist, sind bereits erbrachte Leistungen "
            "nach § 49a Abs. 1 Satz 1 LVwVfG zu erstatten; die zu erstattende Leistung wird durch diesen Bescheid "
            "festgesetzt (§ 49a Abs. 1 Satz 2 LVwVfG). Die Verzinsung folgt aus § 49a Abs. 3 LVwVfG; die "
            "Zahlungsfrist beginnt mit der Bekanntgabe dieses Bescheids.",
        ),
        ("p", "{%p endif %}"),
        *CHANGE_DISCRETION,
        ("p", "{%p for line in comment %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        *CHANGE_INTEREST,
        ("remedy", None),
    ],
    "schlussbescheid.docx": [
        ("h1", "Schlussbescheid – {{ programme.name }}"),
        *PROCEDURE_SUBJECT,
        ("p", "nach Prüfung Ihres Verwendungsnachweises ergeht folgender"),
        ("p", "Bescheid:"),
        ("h2", "I. Entscheidung"),
        (
            "p",
            "1. Die Zuwendung für das Projekt „{{ details.project_title }}“ wird endgültig auf "
            "{{ procedure.settlement.final_grant }} festgesetzt (Schlussfestsetzung). Bewilligt waren mit dem "
            "Zuwendungsbescheid vom {{ procedure.decision_date }} höchstens {{ procedure.settlement.granted }}. "
            "Soweit die Zuwendung darüber hinausging, ist der Zuwendungsbescheid nach Nr. 2 der Nebenbestimmungen "
            "({{ details.annex }}) unwirksam geworden; vorsorglich wird er insoweit nach § 49 Abs. 3 Satz 1 Nr. 1 "
            "LVwVfG mit Wirkung vom {{ procedure.effective_from }} widerrufen.",
        ),
        ("p", "{%p if procedure.settlement.owes %}"),
        (
            "p",
            "2. Ausgezahlt sind {{ procedure.settlement.paid }}. Zu erstatten sind nach § 49a Abs. 1 LVwVfG "
            "{{ procedure.settlement.repayment }}.",
        ),
        *REPAYMENT_TERMS,
        ("p", "{%p else %}"),
        (
            "p",
            "2. Ausgezahlt sind {{ procedure.settlement.paid }}; zu erstatten ist nichts. Noch abrufbar sind "
            "{{ procedure.settlement.outstanding }}.",
        ),
        ("p", "{%p endif %}"),
        ("p", "{%p if procedure.interim.demands %}"),
        (
            "p",
            "Für Mittel, die nicht alsbald nach der Auszahlung für den Zuwendungszweck verwendet wurden, werden nach "
            "§ 49a Abs. 4 LVwVfG Zinsen von {{ procedure.interim.demanded }} festgesetzt (Berechnung unter "
            f"{INTERIM_SECTION}.). Zu zahlen sind damit insgesamt {{{{ procedure.grand_total }}}} bis zum "
            f"{{{{ procedure.due_on }}}} auf folgendes Konto: {ACCOUNT}.",
        ),
        ("p", "{%p endif %}"),
        ("h2", "II. Begründung"),
        (
            "p",
            "Die Zuwendung wurde als Projektförderung im Wege der {{ procedure.settlement.financing }} in Höhe von "
            "{{ procedure.settlement.share }} der zuwendungsfähigen Ausgaben bewilligt. Nach Nr. 2 der "
            "Nebenbestimmungen ermäßigt sich die Zuwendung, wenn sich nach der Bewilligung die zuwendungsfähigen "
            "Ausgaben ermäßigen oder die Deckungsmittel erhöhen; bei Anteilfinanzierung anteilig mit dem "
            "vorgesehenen Anteil. Änderungen der Eigenmittel bleiben dabei außer Betracht.",
        ),
        (
            "p",
            "Ihr Verwendungsnachweis weist tatsächliche Ausgaben von {{ procedure.settlement.actual_total }} nach; "
            "davon sind {{ procedure.settlement.actual_eligible }} zuwendungsfähig (je Kostengruppe höchstens der "
            "anerkannte Ansatz zuzüglich der zulässigen Überschreitung, insgesamt höchstens die anerkannten "
            "zuwendungsfähigen Ausgaben). Der Bescheid hatte {{ procedure.settlement.planned_eligible }} anerkannt.",
        ),
        SETTLEMENT_TABLE,
        ("p", ""),
        ("loop", (GROUP_COLUMNS, "{%tr for g in procedure.settlement.groups %}")),
        ("p", ""),
        ("p", "{%p for line in procedure.settlement.reasons %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", "{%p if procedure.settlement.calculation %}"),
        (
            "p",
            "Die Zuwendung beträgt damit {{ procedure.settlement.calculation }} (Anteil × zuwendungsfähige Ausgaben, "
            "vermindert um Mehreinnahmen an Drittmitteln).",
        ),
        ("p", "{%p endif %}"),
        ("p", "{%p if procedure.settlement.owes %}"),
        (
            "p",
            "Soweit der Zuwendungsbescheid unwirksam geworden oder widerrufen ist, sind bereits erbrachte Leistungen "
            "nach § 49a Abs. 1 Satz 1 LVwVfG zu erstatten; die zu erstattende Leistung wird durch diesen Bescheid "
            "festgesetzt (§ 49a Abs. 1 Satz 2 LVwVfG). Die Verzinsung folgt aus § 49a Abs. 3 LVwVfG.",
        ),
        ("p", "{%p endif %}"),
        ("p", "{%p if procedure.interim.rows %}"),
        (
            "p",
            "Wird eine Leistung nicht alsbald nach der Auszahlung für den bestimmten Zweck verwendet, so können für "
            "die Zeit bis zur zweckentsprechenden Verwendung Zinsen nach § 49a Abs. 3 Satz 1 LVwVfG verlangt werden "
            "(§ 49a Abs. 4 LVwVfG). Alsbald heißt innerhalb von {{ procedure.interim.months }} Monaten nach der "
            "Auszahlung (Nr. 1.4 der Nebenbestimmungen). Die Zuwendung ist anteilig mit den übrigen Mitteln in "
            "Anspruch zu nehmen (Nr. 1.4 der Nebenbestimmungen): jeder Beleg gilt am Tag seiner Zahlung zu dem Anteil "
            "als aus der Zuwendung bezahlt, den die festgesetzte Zuwendung an den nachgewiesenen Ausgaben hat; "
            "verwendet wird zuerst das früher ausgezahlte Geld. Danach ergeben sich Zinsen von "
            "{{ procedure.interim.computed }}.",
        ),
        ("p", "{%p if procedure.interim.demands %}"),
        ("p", "Die Zinsen werden verlangt, weil:"),
        ("p", "{%p else %}"),
        ("p", "Von diesen Zinsen wird abgesehen, weil:"),
        ("p", "{%p endif %}"),
        ("p", "{%p for line in procedure.interim.reasons %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        ("p", "{%p endif %}"),
        (
            "p",
            "Einer Anhörung bedurfte es nicht, weil dieser Bescheid nicht zu Ihren Ungunsten von den Angaben in Ihrem "
            "Verwendungsnachweis abweicht (§ 28 Abs. 2 Nr. 3 LVwVfG).",
        ),
        ("p", "{%p for line in comment %}"),
        ("p", "{{ line }}"),
        ("p", "{%p endfor %}"),
        *INTEREST,
        *INTERIM_CALCULATION,
        ("remedy", None),
    ],
}
LETTERS.update(POST_AWARD_LETTERS)


def _clear_body(document) -> None:
    """Everything after the letterhead table goes; the section (page size, header, footer) stays."""
    body = document.element.body
    for element in list(body)[1:]:
        if element.tag != qn("w:sectPr"):
            body.remove(element)


def _table(document, rows, style="Table Grid"):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles[style]
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    return table


def _loop_table(document, columns, loop: str):
    rows = [
        [heading for heading, _ in columns],
        [loop] + [""] * (len(columns) - 1),
        [value for _, value in columns],
        ["{%tr endfor %}"] + [""] * (len(columns) - 1),
    ]
    return _table(document, rows)


def build(filename: str, entries: list, remedy_box) -> Path:
    document = docx.Document(BASE / "eingangsbestaetigung.docx")
    _clear_body(document)
    document.add_paragraph("")
    for kind, content in entries:
        if kind == "table":
            _table(document, [list(pair) for pair in content])
        elif kind == "plan":
            _loop_table(document, content, "{%tr for p in positions %}")
        elif kind == "decision":
            _loop_table(document, content, "{%tr for g in decision.granted %}")
        elif kind == "loop":
            _loop_table(document, *content)
        elif kind == "remedy":  # the box ends with the greeting and signature of the decision letters
            document.element.body.insert(len(document.element.body) - 1, deepcopy(remedy_box))
        else:
            document.add_paragraph(content, style=STYLES[kind])
    path = HERE / filename
    document.save(path)
    return path


# The hearing before an Änderungsbescheid that lowers the grant (§ 28 Abs. 1 LVwVfG), on the changed financing plan;
# built like the claim's letters from the Widerrufsbescheid.
CHANGE_HEARING = {
    "anhoerung_aenderung.docx": (
        False,
        [
            ("title", "Anhörung vor einem Änderungsbescheid – {{ programme.name }}"),
            (
                "subject",
                "Zuwendungsbescheid vom {{ procedure.decision_date }}, Änderungsanzeige vom {{ procedure.reported_on }}, "
                "Aktenzeichen {{ file_number }}",
            ),
            *build_claim_letters.ADDRESS_COPY,
            ("text", ""),
            ("text", "Sehr geehrte Damen und Herren,"),
            (
                "text",
                "am {{ procedure.reported_on }} haben Sie angezeigt, dass sich der Kosten- und Finanzierungsplan des "
                "Projekts seit dem {{ procedure.changed_on }} geändert hat. Nach Nr. 2 der Nebenbestimmungen des "
                "Zuwendungsbescheids vom {{ procedure.decision_date }} mindert diese Änderung die Zuwendung. Wir "
                "beabsichtigen, den Zuwendungsbescheid durch einen Änderungsbescheid entsprechend zu ändern. Bevor wir "
                "entscheiden, geben wir Ihnen Gelegenheit, sich zu den für die Entscheidung erheblichen Tatsachen zu "
                "äußern (§ 28 Abs. 1 LVwVfG).",
            ),
            ("heading", "Beabsichtigte Entscheidung"),
            (
                "text",
                "Die Zuwendung würde mit Wirkung vom {{ procedure.effective_from }} von {{ procedure.before_total }} auf "
                "{{ procedure.after_total }} festgesetzt, also um {{ procedure.reduction }} gemindert. Zuwendungsfähige "
                "Ausgaben bisher {{ procedure.eligible_before }}, künftig {{ procedure.eligible_after }}; Drittmittel "
                "bisher {{ procedure.third_before }}, künftig {{ procedure.third_after }}. Die Kostengruppen:",
            ),
            ("tag", "{%p for g in procedure.groups %}"),
            (
                "text",
                "{{ g.group }}: bisher anerkannt {{ g.recognised }}, angezeigt {{ g.reported }}, künftig anerkannt "
                "{{ g.counted }}{% if g.note %} ({{ g.note }}){% endif %}",
            ),
            ("tag", "{%p endfor %}"),
            ("tag", "{%p if procedure.calculation %}"),
            ("text", "Berechnung: {{ procedure.calculation }}"),
            ("tag", "{%p endif %}"),
            *build_claim_letters.CHANGE_HEARING_REPAYMENT,
            ("heading", "Gründe"),
            (
                "text",
                "Nach Nr. 2 der Nebenbestimmungen ermäßigt sich die Zuwendung, wenn sich nach der Bewilligung die "
                "zuwendungsfähigen Ausgaben ermäßigen oder die Deckungsmittel erhöhen, bei Anteilfinanzierung anteilig. "
                "Soweit die Zuwendung danach entfällt, ist der Zuwendungsbescheid unwirksam geworden; vorsorglich würde "
                "er insoweit nach § 49 Abs. 3 Satz 1 Nr. 1 LVwVfG widerrufen.",
            ),
            ("tag", "{%p for line in procedure.reasons %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
            ("tag", "{%p for line in comment %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
            *build_claim_letters.CHANGE_HEARING_ANSWER,
        ],
    ),
}


if __name__ == "__main__":
    remedy = docx.Document(BASE / "zuwendungsbescheid.docx").tables[-1]._tbl
    # A Bescheid after the grant closes without the Zuwendungsbescheid's note on waiving remedies to call the money.
    later_remedy = docx.Document(BASE / "widerrufsbescheid.docx").tables[-1]._tbl
    for name, letter in LETTERS.items():
        print(build(name, letter, later_remedy if name in POST_AWARD_LETTERS else remedy))
    build_claim_letters.build(HERE.name)  # the hearing and the claim's letters, from the Widerrufsbescheid above
    build_claim_letters.build(HERE.name, letters=CHANGE_HEARING)
    authority_blocks.main([HERE.name])  # the person in charge, the data-protection page, the Haushaltsstelle
