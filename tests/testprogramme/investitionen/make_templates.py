"""Builds the investment test programme's minimal Word templates with python-docx.

Run ``python -m testprogramme.investitionen.make_templates`` from ``tests/`` after changing a text here; the .docx
files it writes are committed.
"""

from __future__ import annotations

from pathlib import Path

from testprogramme.letters import COMMENT, REASONS, REMEDY, SIGNATURE, build

PROJECT = ["Programm: {{ programme.name }} (Fassung {{ programme.version }})"]
AMOUNTS = ["Berechneter Betrag: {{ amounts.computed }}"]

LETTERS = {
    "antrag.docx": (
        "Antrag auf Investitionsförderung",
        [
            *PROJECT,
            "Eingereicht am {{ submitted_on }}",
            *AMOUNTS,
            "TABLE",
            "{%p for text in declarations %}",
            "{{ text }}",
            "{%p endfor %}",
        ],
    ),
    "eingangsbestaetigung.docx": (
        "Eingangsbestätigung",
        [*PROJECT, "Ihr Antrag vom {{ submitted_on }} ist eingegangen."],
    ),
    "nachforderung.docx": ("Nachforderung", [*PROJECT, *COMMENT, "Antwort erbeten bis {{ response_due }}", *SIGNATURE]),
    "entscheidungsvorschlag.docx": (
        "Entscheidungsvorschlag",
        [
            *PROJECT,
            "Vorschlag: {{ decision.kind_label }} über {{ decision.amount }} (von {{ decision.proposed_by }})",
            *AMOUNTS,
            "TABLE",
            *REASONS,
        ],
    ),
    "zuwendungsbescheid.docx": (
        "Zuwendungsbescheid",
        [
            *PROJECT,
            "Wir bewilligen Ihnen eine Zuwendung von {{ decision.total }}.",
            "Zuwendungszweck: {{ programme.purpose }}",
            "{%p for p in decision.granted %}",
            "Vorhaben: {{ p.person_name }} ({{ p.total_cost_label }} Gesamtkosten)",
            "{%p endfor %}",
            "Bewilligungszeitraum {{ decision.period.start }} bis {{ decision.period.end }}",
            "Auszahlung auf das Konto {{ bank.iban }}",
            "Nebenbestimmungen: Die ANBest-K sind Bestandteil dieses Bescheids (Anlage).",
            "Verwendungsnachweis bis {{ decision.proof_of_use_due }}",
            *REASONS,
            "Die Voraussetzungen der Förderung ({{ programme.legal_basis }}) liegen vor.",
            *REMEDY,
            *SIGNATURE,
        ],
    ),
    "teilbewilligungsbescheid.docx": (
        "Zuwendungsbescheid (Teilbewilligung)",
        [
            *PROJECT,
            "Wir bewilligen Ihnen eine Zuwendung von {{ amounts.granted }}; beantragt waren {{ amounts.requested }}.",
            "{%p for p in decision.reduced %}",
            "Gekürzt: {{ p.person_name }} auf {{ p.amount }} – {{ p.reason }}",
            "{%p endfor %}",
            *REASONS,
            *REMEDY,
            *SIGNATURE,
        ],
    ),
    "anlage_nebenbestimmungen.docx": (
        "Anlage: Allgemeine Nebenbestimmungen (ANBest-K)",
        [
            *PROJECT,
            "1. Anforderung und Verwendung der Zuwendung",
            "2. Nachweis der Verwendung bis {{ decision.proof_of_use_due }}",
        ],
    ),
    "ablehnungsbescheid.docx": (
        "Ablehnungsbescheid",
        [*PROJECT, "Ihr Antrag wird abgelehnt.", *REASONS, *REMEDY, *SIGNATURE],
    ),
    "ruecknahmebestaetigung.docx": ("Bestätigung der Antragsrücknahme", [*PROJECT, "Ihr Antrag ist zurückgenommen."]),
    "verzichtsbestaetigung.docx": (
        "Bestätigung des Rechtsbehelfsverzichts",
        [*PROJECT, "Der Bescheid ist mit Ihrem Verzicht bestandskräftig."],
    ),
    # After the grant: the payment notice, the Prüfvermerk, and the letters of a revocation and its claim.
    "auszahlungsmitteilung.docx": (
        "Auszahlungsmitteilung",
        [
            *PROJECT,
            "Auszahlung Nr. {{ procedure.number }}: {{ procedure.amount }}, angeordnet am {{ procedure.ordered_on }}",
            "Ausgezahlt insgesamt {{ procedure.paid_after }}; noch nicht ausgezahlt {{ procedure.remaining }}",
            "Konto {{ bank.iban }}",
            *SIGNATURE,
        ],
    ),
    "pruefvermerk.docx": (
        "Prüfvermerk zum Verwendungsnachweis",
        [
            *PROJECT,
            "Geprüft am {{ procedure.checked_on }}",
            "{%p for c in procedure.checklist %}",
            "{{ c.item }}",
            "{%p endfor %}",
            *SIGNATURE,
        ],
    ),
    "anhoerung.docx": (
        "Anhörung vor einem Widerruf",
        [*PROJECT, "Zu widerrufen: {{ procedure.revoked }}; Stellungnahme bis {{ procedure.hearing_due_on }}"],
    ),
    "widerrufsbescheid.docx": (
        "Widerrufsbescheid",
        [
            *PROJECT,
            "Widerrufen: {{ procedure.revoked }} ab {{ procedure.effective_from }}",
            "Zu erstatten {{ procedure.principal }} bis {{ procedure.due_on }} auf {{ procedure.account }}",
            *REMEDY,
            *SIGNATURE,
        ],
    ),
    "mahnung.docx": ("Mahnung", [*PROJECT, "Offen: {{ procedure.open }} bis {{ procedure.dunning_due_on }}"]),
    "stundung.docx": ("Stundung", [*PROJECT, "Gestundet bis {{ procedure.due_on }}", *REMEDY, *SIGNATURE]),
    "ratenzahlung.docx": (
        "Ratenzahlung",
        [
            *PROJECT,
            "{%p for item in procedure.instalments %}",
            "{{ item.number }}. Rate: {{ item.amount }} am {{ item.due_on }}",
            "{%p endfor %}",
            "{{ procedure.forfeit_rule }}",
            *REMEDY,
            *SIGNATURE,
        ],
    ),
    "vermerk_niederschlagung.docx": ("Vermerk: Niederschlagung", [*PROJECT, "Niedergeschlagen: {{ procedure.open }}"]),
    "erlass.docx": ("Erlass", [*PROJECT, "Erlassen: {{ procedure.written_off }}", *REMEDY, *SIGNATURE]),
}
COLUMNS = (
    ("Nr.", "number"),
    ("Vorhaben", "person_name"),
    ("Gesamtkosten", "total_cost_label"),
    ("Beginn", "start"),
    ("Ende", "end"),
    ("Betrag", "amount"),
)


if __name__ == "__main__":
    for path in build(Path(__file__).parent / "templates", LETTERS, COLUMNS):
        print(path)
