"""The vorzeitiger Maßnahmebeginn in each programme's letters (``workflow.workflows.standard.early_start``): what the
Eingangsbestätigung says about it, and the letter on the reviewer's decision (Zustimmung or none), built from the
programme's Eingangsbestätigung with its letterhead; the body is written here.

The staff programmes' Eingangsbestätigung is revised once in place (its old paragraph on staffing before the
decision goes); the Teilhabe one is built by ``teilhabe/build_letters.py`` from ``RECEIPT``. Run
``python -m document_templates.build_early_start`` from the repository root after changing a text (and after
``teilhabe/build_letters.py``); it ends with ``authority_blocks``.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from document_templates import authority_blocks

HERE = Path(__file__).parent
PROGRAMMES = ("integrationsmanagement", "integrationsbeauftragte", "teilhabe")
FILENAME = "vorzeitiger_beginn.docx"
STYLES = {"h1": "Heading 1", "sub": "Betreff Zusatz", "h2": "Heading 2", "p": "Normal", "sig": "Unterschrift"}
NOT_FUNDABLE = "Vorhaben, die vor der Bewilligung begonnen werden, sind nicht förderfähig (VV Nr. 1.3 zu § 44 LHO)"

# In the Eingangsbestätigung, before its last sentence (``details.early_start_on`` is set only where it was asked).
RECEIPT = [
    ("h2", "Vorzeitiger Maßnahmebeginn"),
    ("p", "{%p if details.early_start_on %}"),
    (
        "p",
        "Sie haben beantragt, mit dem Vorhaben schon vor der Bewilligung am {{ details.early_start_on }} zu beginnen. "
        "Darüber entscheiden wir gesondert und teilen es Ihnen schriftlich mit. Bitte beginnen Sie nicht vor dieser "
        f"Entscheidung: {NOT_FUNDABLE}, wenn wir dem vorzeitigen Beginn nicht zugestimmt haben.",
    ),
    ("p", "{%p else %}"),
    ("p", f"Sie haben keinen vorzeitigen Beginn beantragt; {NOT_FUNDABLE}."),
    ("p", "{%p endif %}"),
]

NOTICE = [
    (
        "h1",
        "{% if procedure.consented %}Zustimmung zum vorzeitigen Maßnahmebeginn{% else %}Keine Zustimmung zum "
        "vorzeitigen Maßnahmebeginn{% endif %} – {{ programme.name }}",
    ),
    ("sub", "Ihr Antrag vom {{ submitted_on }}, Aktenzeichen {{ file_number }}"),
    ("p", ""),
    ("p", "Sehr geehrte Damen und Herren,"),
    (
        "p",
        "mit Ihrem Antrag vom {{ submitted_on }} haben Sie beantragt, mit dem Vorhaben schon vor der Bewilligung am "
        "{{ procedure.start }} zu beginnen.",
    ),
    ("p", "{%p if procedure.consented %}"),
    (
        "p",
        "Wir stimmen dem vorzeitigen Maßnahmebeginn ab dem {{ procedure.start }} zu (VV Nr. 1.3 zu § 44 LHO). Ein "
        "Beginn ab diesem Tag steht einer späteren Förderung nicht entgegen.",
    ),
    (
        "p",
        "Diese Zustimmung ist keine Bewilligung. Aus ihr ergibt sich kein Anspruch auf eine Zuwendung, weder dem "
        "Grunde noch der Höhe nach. Sie beginnen auf eigenes finanzielles Risiko: Wird der Antrag ganz oder teilweise "
        "abgelehnt, tragen Sie die Ausgaben insoweit selbst.",
    ),
    ("p", "{%p else %}"),
    (
        "p",
        f"Dem vorzeitigen Maßnahmebeginn stimmen wir nicht zu. {NOT_FUNDABLE}. Über Ihren Antrag auf die Zuwendung "
        "ist damit nicht entschieden; ein Anspruch auf eine Zuwendung ergibt sich aus diesem Schreiben nicht.",
    ),
    ("p", "{%p endif %}"),
    ("h2", "Gründe"),
    ("p", "{%p for line in procedure.reasons %}"),
    ("p", "{{ line }}"),
    ("p", "{%p endfor %}"),
    ("p", ""),
    ("sig", "Mit freundlichen Grüßen"),
    ("sig", "Im Auftrag"),
    ("sig", "{{ actor.name }}"),
    ("sig", "{%p for line in authority.signature %}"),
    ("sig", "{{ line }}"),
    ("sig", "{%p endfor %}"),
]


def build_notice(programme: str) -> Path:
    """The letter from the programme's Eingangsbestätigung: its letterhead table and section stay, the body is new."""
    document = docx.Document(HERE / programme / "eingangsbestaetigung.docx")
    body = document.element.body
    for element in list(body)[1:]:
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    document.add_paragraph("")
    for kind, text in NOTICE:
        document.add_paragraph(text, style=STYLES[kind])
    path = HERE / programme / FILENAME
    document.save(path)
    return path


def revise_receipt(programme: str) -> bool:
    """Once: the staff programmes' paragraph on staffing „auf Ihr eigenes Risiko“ gives way to ``RECEIPT``."""
    path = HERE / programme / "eingangsbestaetigung.docx"
    document = docx.Document(path)
    paragraphs = document.paragraphs
    heading = next((p for p in paragraphs if p.text == "Beschäftigungsbeginn vor der Entscheidung"), None)
    if heading is None:
        return False
    start = paragraphs.index(heading) - 1  # its „{%p if positions %}“
    end = next(i for i in range(start, len(paragraphs)) if paragraphs[i].text == "{%p endif %}")
    anchor = paragraphs[end + 1]
    for paragraph in paragraphs[start : end + 1]:
        paragraph._element.getparent().remove(paragraph._element)
    for kind, text in RECEIPT:
        anchor.insert_paragraph_before(text, style=STYLES[kind])
    document.save(path)
    return True


def main() -> None:
    for programme in PROGRAMMES:
        if programme != "teilhabe" and revise_receipt(programme):
            print(f"{programme}/eingangsbestaetigung.docx")
        print(build_notice(programme))
    authority_blocks.main(list(PROGRAMMES))


if __name__ == "__main__":
    main()
