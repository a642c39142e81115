"""The blocks every RP letter carries besides its decision: who handles the case (name, telephone, e-mail), the
data-protection information (Art. 13 and 14 DSGVO) and the Haushaltsstelle with the Verpflichtungsermächtigung.

All of it from the authority (``workflow.reference.authorities``), the programme's settings
(``workflow.engine.letter_settings``) and the reviewer's account, never text in a template.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from workflow.models import User


def case_officer(reviewer: Optional[User], authority: dict, settings) -> dict[str, str]:
    """The reviewer who took the case with their direct line and mailbox; before that (or where they left one
    empty) the Referat's general contact. Never the municipal clerk whose step made the letter."""
    return {
        "name": reviewer.full_name if reviewer is not None else (authority["unit"] or authority["name"]),
        "phone": (reviewer.phone if reviewer is not None else None) or settings.office_phone,
        "email": (reviewer.email if reviewer is not None else None) or settings.office_email,
    }


def privacy(authority: dict, settings) -> list[str]:
    """The paragraphs of the „Hinweise zum Datenschutz“: controller, officer, purposes and legal basis, recipients,
    retention, rights, complaint, and whether the data must be given."""
    contact = ", ".join(
        part
        for part in (
            f"Telefon {settings.office_phone}" if settings.office_phone else "",
            f"E-Mail {settings.office_email}" if settings.office_email else "",
        )
        if part
    )
    controller = ", ".join(authority["lines"]) + (f", {contact}" if contact else "")
    officer = (
        settings.data_protection_officer
        or "unter der Anschrift der Bewilligungsstelle mit dem Zusatz „Datenschutzbeauftragte/r“"
    )
    return [
        "Diese Hinweise gelten für die Personen, deren Daten wir in diesem Verfahren verarbeiten (Ansprechpersonen, "
        "Personen, die für die Antragstellerin erklären, geförderte Beschäftigte). Bitte geben Sie sie an diese weiter "
        "(Art. 13 und 14 DSGVO). Die Daten stammen aus dem Antrag und den weiteren Angaben der Antragstellerin.",
        f"Verantwortlich: {controller}.",
        f"Datenschutzbeauftragte/r: {officer}.",
        settings.privacy_processing,
        "Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e, Abs. 3 DSGVO in Verbindung mit § 4 LDSG und §§ 23, 44 LHO: Die "
        "Verarbeitung ist erforderlich, um die der Bewilligungsstelle übertragene Aufgabe der Zuwendungsgewährung zu "
        "erfüllen.",
        settings.privacy_recipients,
        f"Die Daten werden bis zum Ablauf von {settings.retention_years} Jahren nach dem Ende des Jahres aufbewahrt, in "
        "dem das Verfahren abgeschlossen ist (Verwendungsnachweis geprüft, Forderungen erledigt), und danach gelöscht, "
        "soweit sie nicht einem Archiv anzubieten sind.",
        "Sie haben das Recht auf Auskunft (Art. 15 DSGVO), auf Berichtigung (Art. 16), auf Löschung (Art. 17), soweit "
        "keine Aufbewahrungspflicht entgegensteht, auf Einschränkung der Verarbeitung (Art. 18) und, aus Gründen Ihrer "
        "besonderen Situation, auf Widerspruch gegen die Verarbeitung (Art. 21 DSGVO). Ein Recht auf "
        "Datenübertragbarkeit besteht nicht, weil die Verarbeitung einer Aufgabe im öffentlichen Interesse dient "
        "(Art. 20 Abs. 3 Satz 2 DSGVO).",
        f"Beschwerden können Sie an die Aufsichtsbehörde richten (Art. 77 DSGVO): {settings.supervisory_authority}.",
        "Die Angaben sind für die Entscheidung über die Zuwendung erforderlich; ohne sie kann die Zuwendung nicht "
        "bewilligt werden.",
    ]


def budget(settings, funding_end: Optional[date], today: date) -> dict[str, str]:
    """The sentence on the Haushaltsstelle, and where the grant reaches into later Haushaltsjahre the
    Verpflichtungsermächtigung it is committed under (§ 38 LHO); empty where the programme set no Haushaltsstelle."""
    later = list(range(today.year + 1, funding_end.year + 1)) if funding_end is not None else []
    if not settings.budget_line:
        return {"text": ""}
    years = _years(later)
    text = f"Die Zuwendung wird aus {settings.budget_line} des Staatshaushaltsplans geleistet."
    if later and settings.commitment_authorisation:
        text += (
            f" Soweit sie {years} ausgezahlt wird, ist sie durch die Verpflichtungsermächtigung "
            f"({settings.commitment_authorisation}) gedeckt."
        )
    elif later:
        text += f" Soweit sie {years} ausgezahlt wird, steht sie unter dem Vorbehalt, dass der Landtag die Mittel bereitstellt."
    return {"text": text}


def _years(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return f"im Haushaltsjahr {years[0]}"
    return "in den Haushaltsjahren " + ", ".join(str(year) for year in years[:-1]) + f" und {years[-1]}"
