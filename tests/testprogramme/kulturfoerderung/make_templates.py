"""Builds the test programme's minimal Word templates with python-docx.

Run ``python -m testprogramme.kulturfoerderung.make_templates`` from ``tests/``
after changing a text here; the .docx files it writes are committed.
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HEADER = ["{{ authority.name }}", "Aktenzeichen {{ file_number }}", "Datum {{ today }}",
          "{%p for line in (copy_for.lines if copy_for else applicant.lines) %}", "{{ line }}", "{%p endfor %}",
          "Empfänger: {{ recipient_name }}"]
PROJECT = ["Programm: {{ programme.name }} (Fassung {{ programme.version }})",
           "Projekttitel: {{ details.project_title }}"]
REMEDY = ["Rechtsbehelfsbelehrung", "{{ programme.remedy_text }}"]
SIGNATURE = ["Im Auftrag", "{{ actor.name }}"]
COMMENT = ["{%p for line in comment %}", "{{ line }}", "{%p endfor %}"]
REASONS = ["Begründung", "{%p for line in decision.reasons %}", "{{ line }}", "{%p endfor %}"]
AMOUNTS = ["Berechneter Betrag: {{ amounts.computed }} ({{ details.amount_per_fte_month }} je VZÄ und Monat, "
           "{{ details.funding_months }} Monate)"]

LETTERS = {
    "antrag.docx": ("Antrag auf Kulturförderung", [*PROJECT, "Eingereicht am {{ submitted_on }}", *AMOUNTS, "TABLE",
                                                    "{%p for text in declarations %}", "{{ text }}", "{%p endfor %}"]),
    "eingangsbestaetigung.docx": ("Eingangsbestätigung", [*PROJECT, "Ihr Antrag vom {{ submitted_on }} ist eingegangen."]),
    "nachforderung.docx": ("Nachforderung", [*PROJECT, *COMMENT, "Antwort erbeten bis {{ response_due }}", *SIGNATURE]),
    "entscheidungsvorschlag.docx": ("Entscheidungsvorschlag", [
        *PROJECT, "Vorschlag: {{ decision.kind_label }} über {{ decision.amount }} (von {{ decision.proposed_by }})",
        *AMOUNTS, "TABLE", *REASONS]),
    "zuwendungsbescheid.docx": ("Zuwendungsbescheid", [
        *PROJECT, "{%p if joint %}", "Zusammenschluss {{ consortium.name }}: {{ consortium.member_names }}", "{%p endif %}",
        "Wir bewilligen Ihnen eine Zuwendung von {{ decision.total }}.", "Zuwendungszweck: {{ programme.purpose }}",
        "Festbetrag: {{ details.amount_per_fte_month }} je VZÄ und Monat, {{ details.funding_months }} Monate",
        "Bewilligungszeitraum {{ decision.period.start }} bis {{ decision.period.end }}", "TABLE",
        "Auszahlung auf das Konto {{ bank.iban }}",
        "Nebenbestimmungen: Die ANBest-K sind Bestandteil dieses Bescheids (Anlage).",
        "Verwendungsnachweis bis {{ decision.proof_of_use_due }}", "Begründung",
        "Die Voraussetzungen der Förderung ({{ programme.legal_basis }}) liegen vor.", *REMEDY, *SIGNATURE]),
    "teilbewilligungsbescheid.docx": ("Zuwendungsbescheid (Teilbewilligung)", [
        *PROJECT, "Wir bewilligen Ihnen eine Zuwendung von {{ amounts.granted }}; beantragt waren {{ amounts.requested }}.",
        "TABLE", "{%p for p in decision.refused %}", "Abgelehnt: {{ p.person_name }} – {{ p.reason }}", "{%p endfor %}",
        *REASONS, *REMEDY, *SIGNATURE]),
    "anlage_nebenbestimmungen.docx": ("Anlage: Allgemeine Nebenbestimmungen (ANBest-K)", [
        *PROJECT, "1. Anforderung und Verwendung der Zuwendung", "2. Nachweis der Verwendung bis {{ decision.proof_of_use_due }}",
        "{%p if decision.forwarded %}", "Bedingungen für die Weiterleitung an Dritte", "{%p endif %}"]),
    "ablehnungsbescheid.docx": ("Ablehnungsbescheid", [*PROJECT, "Ihr Antrag wird abgelehnt.", *REASONS, *REMEDY,
                                                       *SIGNATURE]),
    "ruecknahmebestaetigung.docx": ("Bestätigung der Antragsrücknahme", [*PROJECT, "Ihr Antrag ist zurückgenommen."]),
    "verzichtsbestaetigung.docx": ("Bestätigung des Rechtsbehelfsverzichts", [
        *PROJECT, "Der Bescheid ist mit Ihrem Verzicht bestandskräftig."]),
}
COLUMNS = (("Nr.", "number"), ("Person", "person_name"), ("Sparte", "art_form"), ("VZÄ", "fte"),
           ("Beginn", "start"), ("Ende", "end"), ("Betrag", "amount"))


def _positions_table(document) -> None:
    table = document.add_table(rows=4, cols=len(COLUMNS))
    for cell, (heading, _) in zip(table.rows[0].cells, COLUMNS):
        cell.text = heading
    table.rows[1].cells[0].text = "{%tr for p in positions %}"
    for cell, (_, key) in zip(table.rows[2].cells, COLUMNS):
        cell.text = "{{ p.%s }}" % key
    table.rows[3].cells[0].text = "{%tr endfor %}"


def _in_german(document) -> None:
    """German as the language of the file and of its default text (spelling, hyphenation, screen readers)."""
    document.core_properties.language = "de-DE"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "de-DE")


def build(directory: Path) -> list[Path]:
    written = []
    for filename, (title, lines) in LETTERS.items():
        document = docx.Document()
        _in_german(document)
        for line in HEADER:
            document.add_paragraph(line)
        document.add_heading(title, level=1)
        for line in lines:
            _positions_table(document) if line == "TABLE" else document.add_paragraph(line)
        path = directory / filename
        document.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(__file__).parent / "templates"):
        print(path)
