"""Puts the deciding authority's blocks into a programme's Word templates: letterhead, signature, the person in
charge, the data-protection page and the Haushaltsstelle.

The letterhead prints ``authority.letterhead`` (telephone, e-mail) under the authority's address, and the closing
prints ``authority.signature`` under the signer's name (instead of the authority's name alone, where it stood). The
information block names who handles the case with telephone and e-mail (``case_officer``); every letter that
decides something ends with the „Hinweise zum Datenschutz“ on a page of their own (``privacy``), and the grant
letters say from which Haushaltsstelle the grant is paid (``budget``). All of it is the programme's data
(``workflow.engine.authority``, ``workflow.letters.letter_blocks``), never text in a template. The change keeps each
paragraph's style and is made once (a template that has a block already is left as it is). Run
``python -m document_templates.authority_blocks integrationsmanagement integrationsbeauftragte teilhabe`` from the
repository root, and again after a build script rewrote a letter.
"""

from __future__ import annotations

import sys
from copy import deepcopy
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from document_templates import internal_notes
from document_templates.paragraphs import style_of, text_of

HERE = Path(__file__).parent
ADDRESS_LOOP = "{%p for line in authority.lines[1:] %}"
LETTERHEAD_LOOP = "{%p for line in authority.letterhead %}"
SIGNATURE_LOOP = "{%p for line in authority.signature %}"
END = "{%p endfor %}"
PRIVACY_TITLE = "Hinweise zum Datenschutz"
PRIVACY_LOOP = "{%p for line in privacy %}"
BUDGET_IF = "{%p if budget.text %}"
# Notes of the authority for its own file, the application form and the annex: not letters, no information block of a letter, no data-protection page.
INTERNAL = {
    "entscheidungsvorschlag.docx",
    "pruefvermerk.docx",
    "vermerk_niederschlagung.docx",
    "antrag.docx",
    "anlage_nebenbestimmungen.docx",
}
# The Bescheide (and the receipt, the first letter after the data were collected) end with the data-protection page.
DECIDING = {
    "eingangsbestaetigung.docx",
    "zuwendungsbescheid.docx",
    "teilbewilligungsbescheid.docx",
    "ablehnungsbescheid.docx",
    "aenderungsbescheid.docx",
    "widerrufsbescheid.docx",
    "schlussbescheid.docx",
    "stundung.docx",
    "ratenzahlung.docx",
    "erlass.docx",
}
GRANTING = {"zuwendungsbescheid.docx", "teilbewilligungsbescheid.docx"}


def _text(paragraph) -> str:
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def _with_text(paragraph, text: str):
    """A copy of ``paragraph`` (its style and first run's format) saying ``text``."""
    copy = deepcopy(paragraph)
    runs = copy.findall(qn("w:r"))
    for run in runs[1:]:
        copy.remove(run)
    texts = runs[0].findall(qn("w:t")) if runs else []
    for extra in texts[1:]:
        runs[0].remove(extra)
    texts[0].text = text
    return copy


def _add_letterhead(body) -> bool:
    for opening in body.iter(qn("w:p")):
        if _text(opening) != ADDRESS_LOOP:
            continue
        line, end = opening.getnext(), opening.getnext().getnext()
        after = end.getnext()
        if after is not None and _text(after) == LETTERHEAD_LOOP:
            return False
        end.addnext(_with_text(opening, LETTERHEAD_LOOP))
        end.getnext().addnext(_with_text(line, "{{ line }}"))
        end.getnext().getnext().addnext(_with_text(end, END))
        return True
    return False


def _add_signature(body) -> bool:
    """The lines under ``{{ actor.name }}``: in place of the authority's name, or after the name where none stood."""
    for signer in body.iter(qn("w:p")):
        following = signer.getnext()
        if _text(signer) != "{{ actor.name }}" or (following is not None and _text(following) == SIGNATURE_LOOP):
            continue
        if following is not None and _text(following) == "{{ authority.name }}":
            following.getparent().remove(following)
        signer.addnext(_with_text(signer, END))
        signer.addnext(_with_text(signer, "{{ line }}"))
        signer.addnext(_with_text(signer, SIGNATURE_LOOP))
        return True
    return False


def _optional_pair(model_label, model_value, label: str, name: str) -> list:
    """``label`` and the value ``case_officer.<name>``, left out where the value is empty (a Referat without one)."""
    return [
        _with_text(model_value, f"{{%p if case_officer.{name} %}}"),
        _with_text(model_label, label),
        _with_text(model_value, f"{{{{ case_officer.{name} }}}}"),
        _with_text(model_value, "{%p endif %}"),
    ]


def _add_contact(body) -> bool:
    """Name, telephone and e-mail of the person in charge in the information block (telephone and e-mail only where
    known); where the block names them already („Bearbeitet von“), the telephone is added and the e-mail made
    optional."""
    info = [p for p in body.iter(qn("w:p")) if style_of(p) in ("InfoblockBezeichnung", "Infoblock")]
    texts = [text_of(p) for p in info]
    if not info or "{{ case_officer.phone }}" in texts:
        return False
    label, value = info[-2], info[-1]
    if "Bearbeitet von" in texts:
        email_label = info[texts.index("E-Mail")]
        email_label.getnext().getparent().remove(email_label.getnext())
        new = [*_optional_pair(label, value, "Telefon", "phone"), *_optional_pair(label, value, "E-Mail", "email")]
        anchor = email_label.getprevious()
        email_label.getparent().remove(email_label)
    else:
        anchor = value
        new = [
            _with_text(label, "Bearbeitet von"),
            _with_text(value, "{{ case_officer.name }}"),
            *_optional_pair(label, value, "Telefon", "phone"),
            *_optional_pair(label, value, "E-Mail", "email"),
        ]
    for paragraph in new:
        anchor.addnext(paragraph)
        anchor = paragraph
    return True


def _paragraph(style: str, text: str, page_break: bool = False):
    paragraph = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    if style:
        style_element = OxmlElement("w:pStyle")
        style_element.set(qn("w:val"), style)
        properties.append(style_element)
    if page_break:
        properties.append(OxmlElement("w:pageBreakBefore"))
    paragraph.append(properties)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    paragraph.append(run)
    return paragraph


def _add_privacy(body) -> bool:
    """The „Hinweise zum Datenschutz“ as the last page (Art. 13 and 14 DSGVO)."""
    if any(text_of(p) == PRIVACY_LOOP for p in body.iter(qn("w:p"))):
        return False
    section = body.find(qn("w:sectPr"))
    for new in [
        _paragraph("Heading3", PRIVACY_TITLE, page_break=True),
        _paragraph("", PRIVACY_LOOP),
        _paragraph("Kleingedruckt", "{{ line }}"),
        _paragraph("", END),
    ]:
        section.addprevious(new)
    return True


def _add_budget(body) -> bool:
    """The Haushaltsstelle as the last paragraph of the section on payment."""
    paragraphs = list(body.iter(qn("w:p")))
    if any(text_of(p) == BUDGET_IF for p in paragraphs):
        return False
    headings = [p for p in paragraphs if style_of(p) == "Heading2"]
    payment = next((i for i, p in enumerate(headings) if "Auszahlung" in text_of(p)), None)
    if payment is None or payment + 1 >= len(headings):
        return False
    following = headings[payment + 1]
    for new in [_paragraph("", BUDGET_IF), _paragraph("", "{{ budget.text }}"), _paragraph("", "{%p endif %}")]:
        following.addprevious(new)
    return True


def convert(path: Path) -> bool:
    """Whether ``path`` changed."""
    document = docx.Document(path)
    body = document.element.body
    changed = path.name in internal_notes.NOTES and internal_notes.convert(body)
    changed = _add_letterhead(body) or changed
    changed = _add_signature(body) or changed
    if path.name not in INTERNAL:
        changed = _add_contact(body) or changed
    if path.name in DECIDING:
        changed = _add_privacy(body) or changed
    if path.name in GRANTING:
        changed = _add_budget(body) or changed
    if changed:
        document.save(path)
    return changed


def main(programmes: list[str]) -> None:
    for programme in programmes:
        for path in sorted((HERE / programme).glob("*.docx")):
            if convert(path):
                print(f"{programme}/{path.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
