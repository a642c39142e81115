"""Lays out the authority's internal notes (Prüfvermerk, Vermerk über eine Niederschlagung) as a Vermerk for the file,
not as a letter: no return address, no recipient's address block, no „Ihr Antrag vom“; instead the authority and
its Referat, the title „Vermerk“, a head table (Aktenzeichen, Zuwendungsempfänger, Datum, Verfasser) and at the end
the author's name and „Zur Akte“. Applied to each programme's notes by ``authority_blocks`` (once: a note without the
letterhead table is left as it is).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from document_templates.paragraphs import style_of, text_of

NOTES = ("pruefvermerk.docx", "vermerk_niederschlagung.docx")
HEAD = (
    ("Aktenzeichen", "{{ file_number }}"),
    ("Zuwendungsempfänger", "{{ applicant.name }}{% if applicant.ags %} (AGS {{ applicant.ags }}){% endif %}"),
    ("Datum", "{{ today }}"),
    ("Verfasst von", "{{ actor.name }}{% if authority.unit %}, {{ authority.unit }}{% endif %}"),
)
INTERNAL = "Interner Vermerk zur Akte, nicht zur Versendung"
# What the letter layout said in its subject line and closing, and what the note says instead.
SUBJECT_PREFIX = "Aktenzeichen {{ file_number }} · {{ applicant.name }} · "
CLOSING = "Geprüft am {{ procedure.checked_on }} von {{ actor.name }}."


def _paragraph(text: str, style: str = "", bold: bool = False):
    paragraph = OxmlElement("w:p")
    if style:
        properties = OxmlElement("w:pPr")
        style_element = OxmlElement("w:pStyle")
        style_element.set(qn("w:val"), style)
        properties.append(style_element)
        paragraph.append(properties)
    run = OxmlElement("w:r")
    if bold:
        run_properties = OxmlElement("w:rPr")
        run_properties.append(OxmlElement("w:b"))
        run.append(run_properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    paragraph.append(run)
    return paragraph


def _cell(text: str, width: int, bold: bool = False):
    cell = OxmlElement("w:tc")
    properties = OxmlElement("w:tcPr")
    cell_width = OxmlElement("w:tcW")
    cell_width.set(qn("w:type"), "dxa")
    cell_width.set(qn("w:w"), str(width))
    properties.append(cell_width)
    cell.append(properties)
    cell.append(_paragraph(text, "Tabelle", bold=bold))
    return cell


def _head_table():
    table = OxmlElement("w:tbl")
    properties = OxmlElement("w:tblPr")
    style = OxmlElement("w:tblStyle")
    style.set(qn("w:val"), "TableGrid")
    properties.append(style)
    table.append(properties)
    grid = OxmlElement("w:tblGrid")
    for width in (2835, 6236):
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(width))
        grid.append(column)
    table.append(grid)
    for label, value in HEAD:
        row = OxmlElement("w:tr")
        row.append(_cell(label, 2835, bold=True))
        row.append(_cell(value, 6236))
        table.append(row)
    return table


def convert(body) -> bool:
    """Whether the note in ``body`` changed: its letterhead table replaced by the head of a Vermerk."""
    letterhead = body[0]
    if letterhead.tag != qn("w:tbl") or "authority.lines|join" not in text_of(letterhead):
        return False
    for new in [
        _paragraph("{{ authority.name }}{% if authority.unit %} – {{ authority.unit }}{% endif %}", "Briefkopf"),
        _paragraph("Vermerk", "Heading1"),
        _head_table(),
    ]:
        letterhead.addprevious(new)
    body.remove(letterhead)
    for paragraph in list(body.iter(qn("w:p"))):
        text = text_of(paragraph)
        if style_of(paragraph) == "Heading1" and text.startswith(("Prüfvermerk", "Vermerk: ")):
            paragraph.getparent().replace(paragraph, _paragraph(text.removeprefix("Vermerk: "), "Heading2"))
        elif style_of(paragraph) == "BetreffZusatz" and (SUBJECT_PREFIX in text or "Interner Vermerk" in text):
            rest = text.replace(SUBJECT_PREFIX, "").replace(" · interner Vermerk der Bewilligungsstelle", "")
            rest = rest.replace("Interner Vermerk, nicht zur Versendung. ", "").replace(
                ", Aktenzeichen {{ file_number }}", ""
            )
            subject = f"{INTERNAL}{' · ' + rest if rest and rest != 'interner Vermerk der Bewilligungsstelle' else ''}"
            paragraph.getparent().replace(paragraph, _paragraph(subject, "BetreffZusatz"))
        elif text == CLOSING:
            paragraph.addnext(_paragraph("Zur Akte."))
            paragraph.addnext(_paragraph("gez. {{ actor.name }}"))
            paragraph.getparent().replace(paragraph, _paragraph("Geprüft am {{ procedure.checked_on }}."))
    for table in list(body.iter(qn("w:tbl"))):
        if "Mit freundlichen Grüßen" in text_of(table):  # a letter's closing: the note is signed for the file
            table.addnext(_paragraph("Zur Akte."))
            table.addnext(_paragraph("gez. {{ actor.name }}"))
            body.remove(table)
    return True
