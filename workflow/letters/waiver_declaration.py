"""A form of the Rechtsbehelfsverzicht for one organisation of a case, filled in as far as the case knows it: the
person who may represent the organisation prints it, signs it and uploads it (``WaiverForm``)."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.shared import Pt

from workflow.formatting import date_de
from workflow.models import Application, Organisation
from workflow.models.organisation import OrganisationKind
from workflow.reference.authorities import deciding_authority


def _represented_by(organisation: Organisation) -> str:
    if organisation.kind == OrganisationKind.FREIER_TRAEGER:
        return "Vorstand oder nach der Satzung vertretungsberechtigte Person (§ 26 BGB)"
    if organisation.kind == OrganisationKind.LANDKREIS:
        return "Landrätin / Landrat (§ 42 LKrO) oder bevollmächtigte Person"
    return "Bürgermeisterin / Bürgermeister (§ 42 GemO), Stellvertretung oder bevollmächtigte Person"


def waiver_declaration(application: Application, organisation: Organisation) -> bytes:
    """The form as a Word file (.docx)."""
    decision = application.signed_proposal
    authority = deciding_authority(application)
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    for line in organisation.postal_lines:
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    for line in authority.lines:
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    document.add_paragraph(f"Aktenzeichen: {application.file_number}")
    document.add_heading("Erklärung über den Verzicht auf Rechtsbehelfe", level=1)
    decided = f" vom {date_de(decision.decided_at)}" if decision is not None and decision.decided_at else ""
    member = (
        f" (gemeinsamer Antrag, federführend: {application.applicant.name})"
        if application.is_joint and organisation.id != application.applicant_id
        else ""
    )
    document.add_paragraph(
        f"Im Verfahren {application.file_number}{member} verzichten wir, {organisation.addressee}, hiermit auf "
        f"Rechtsbehelfe gegen den Bescheid der Bewilligungsstelle ({authority.name}){decided}, insbesondere auf die "
        "Erhebung einer Klage."
    )
    document.add_paragraph(
        "Uns ist bekannt, dass der Bescheid für uns mit dem Eingang dieser Erklärung nicht mehr angefochten werden "
        "kann und dass der Verzicht nicht widerrufen werden kann."
    )
    document.add_paragraph()
    for label in ("Ort, Datum", "Unterschrift", "Name in Druckbuchstaben", "Funktion"):
        document.add_paragraph("_" * 45).paragraph_format.space_after = Pt(0)
        document.add_paragraph(label).paragraph_format.space_after = Pt(12)
    document.add_paragraph(
        f"Unterschreiben darf, wer {organisation.addressee} vertreten darf: {_represented_by(organisation)}. "
        "Bei einer Vollmacht fügen Sie sie derselben Datei bei. Laden Sie die unterschriebene Erklärung beim "
        "Antrag unter „Auf Rechtsbehelfe verzichten“ hoch."
    ).runs[0].italic = True
    out = BytesIO()
    document.save(out)
    return out.getvalue()
