"""Builds a test programme's minimal Word templates with python-docx: the letters every test programme has, each a
header, a title and the programme's lines; a line "TABLE" is the table of the case's measures."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HEADER = [
    "{{ authority.name }}",
    "Aktenzeichen {{ file_number }}",
    "Datum {{ today }}",
    "{%p for line in (copy_for.lines if copy_for else applicant.lines) %}",
    "{{ line }}",
    "{%p endfor %}",
    "Empfänger: {{ recipient_name }}",
]
REMEDY = ["Rechtsbehelfsbelehrung", "{{ programme.remedy_text }}"]
SIGNATURE = ["Im Auftrag", "{{ actor.name }}"]
COMMENT = ["{%p for line in comment %}", "{{ line }}", "{%p endfor %}"]
REASONS = ["Begründung", "{%p for line in decision.reasons %}", "{{ line }}", "{%p endfor %}"]


def _measures_table(document, columns) -> None:
    table = document.add_table(rows=4, cols=len(columns))
    for cell, (heading, _) in zip(table.rows[0].cells, columns):
        cell.text = heading
    table.rows[1].cells[0].text = "{%tr for p in positions %}"
    for cell, (_, key) in zip(table.rows[2].cells, columns):
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


def build(directory: Path, letters: dict, columns: tuple) -> list[Path]:
    """Each letter as a .docx: the common header, its title and lines; a line \"TABLE\" is the measures' table."""
    written = []
    for filename, (title, lines) in letters.items():
        document = docx.Document()
        _in_german(document)
        for line in HEADER:
            document.add_paragraph(line)
        document.add_heading(title, level=1)
        for line in lines:
            _measures_table(document, columns) if line == "TABLE" else document.add_paragraph(line)
        path = directory / filename
        document.save(path)
        written.append(path)
    return written
