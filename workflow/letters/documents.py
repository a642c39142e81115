"""Word documents: rendered from the templates a programme version holds.

``render_document`` fills the version's template for one document kind with
the context of a case (``case_context``), so that a case's letters always come
from the templates of the version it was submitted under. Rendering runs in Jinja's immutable sandbox
(``template_safety``), always escapes (docxtpl ``autoescape=True``)
and strips characters XML cannot carry, so whatever a user typed shows as
text and the file opens cleanly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any, Callable, Iterable, Optional

from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from workflow import clock
from workflow.letters.docx_compiled import CompiledTemplate, TemplateCache
from workflow.models import ProgrammeTemplate
from workflow.letters.template_safety import sandboxed_environment
from workflow.text import strip_control_characters
from workflow.uploads import safe_filename


@dataclass(frozen=True)
class DocumentKind:
    title: str
    filename_stem: str


DOCUMENT_KINDS = {
    "application": DocumentKind("Antrag", "Antrag"),
    "receipt": DocumentKind("Eingangsbestätigung", "Eingangsbestaetigung"),
    "information_request": DocumentKind("Nachforderung", "Nachforderung"),
    "decision_proposal": DocumentKind("Entscheidungsvorschlag (Zeichnungsvorlage)", "Entscheidungsvorschlag"),
    "grant_notice": DocumentKind("Zuwendungsbescheid", "Zuwendungsbescheid"),
    "partial_grant_notice": DocumentKind("Zuwendungsbescheid (Teilbewilligung)", "Teilbewilligungsbescheid"),
    "rejection_notice": DocumentKind("Ablehnungsbescheid", "Ablehnungsbescheid"),
    "withdrawal_confirmation": DocumentKind("Bestätigung der Antragsrücknahme", "Ruecknahmebestaetigung"),
    "waiver_confirmation": DocumentKind("Bestätigung des Rechtsbehelfsverzichts", "Verzichtsbestaetigung"),
    # The reviewer's decision on a requested vorzeitiger Maßnahmebeginn (``workflows.standard.early_start``).
    "early_start_notice": DocumentKind("Entscheidung über den vorzeitigen Maßnahmebeginn", "Vorzeitiger_Beginn"),
    # Issued with every Bescheid that grants: the ANBest-K, and for forwarded positions the conditions for the third party.
    "conditions_annex": DocumentKind("Anlage zum Bescheid: Nebenbestimmungen", "Anlage_Nebenbestimmungen"),
    # After the decision (``workflows.post_award``).
    "payment_notice": DocumentKind("Auszahlungsmitteilung", "Auszahlungsmitteilung"),
    "change_notice": DocumentKind("Änderungsbescheid", "Aenderungsbescheid"),
    "proof_check_note": DocumentKind("Prüfvermerk zum Verwendungsnachweis", "Pruefvermerk"),
    "revocation_notice": DocumentKind("Widerrufs- und Rückforderungsbescheid", "Widerrufsbescheid"),
    "hearing_notice": DocumentKind("Anhörung vor einem Widerruf", "Anhoerung"),
    "change_hearing_notice": DocumentKind("Anhörung vor einem Änderungsbescheid", "Anhoerung_Aenderung"),
    # A claim (Forderung) after the Widerruf: dunning and relief (§ 59 LHO).
    "dunning_notice": DocumentKind("Mahnung", "Mahnung"),
    "deferral_notice": DocumentKind("Stundungsbescheid", "Stundungsbescheid"),
    "instalment_notice": DocumentKind("Ratenzahlungsbescheid", "Ratenzahlungsbescheid"),
    "write_off_note": DocumentKind("Vermerk: Niederschlagung", "Vermerk_Niederschlagung"),
    "remission_notice": DocumentKind("Erlassbescheid", "Erlassbescheid"),
    # The final fixing of a cost plan's grant after the Verwendungsnachweis (Nr. 2 ANBest-P), with its repayment.
    "final_notice": DocumentKind("Schlussbescheid", "Schlussbescheid"),
}


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    title: str
    filename: str
    template_name: str
    template_sha256: str
    content: bytes
    # A consortium member's own copy: the organisation it is addressed to.
    addressed_to_id: Optional[int] = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@lru_cache(maxsize=1)
def jinja_environment() -> ImmutableSandboxedEnvironment:
    """Every letter renders in Jinja's sandbox: templates come from administrators, never from developers."""
    return sandboxed_environment()


LETTER_CACHE = TemplateCache()


def render_template_bytes(
    template_bytes: bytes | Callable[[], bytes], context: dict[str, Any], title: str = "", sha256: Optional[str] = None
) -> bytes:
    """A filled Word file; raises on a tag the context lacks (StrictUndefined).

    The template is compiled once per content (``docx_compiled``: key the SHA-256 of its bytes; given
    ``sha256`` and the bytes as a function, they are read only to compile); a template
    the compiled path cannot take, or one that does not compile, goes through docxtpl itself
    (``render_with_docxtpl``), which then also reports the error with the lines around it.

    The file describes itself, not the template it came from: title and file number, the authority as
    author, the moment of issue, the programme and its version (no template keywords or description).
    """
    content = template_bytes if callable(template_bytes) else (lambda: template_bytes)
    compiled = _compiled(content, sha256)
    if compiled is None:
        return render_with_docxtpl(content(), context, title)
    cleaned = _clean(context)
    return compiled.render(cleaned, (lambda properties: _describe(properties, title, cleaned)) if title else None)


def _compiled(content: Callable[[], bytes], sha256: Optional[str]) -> Optional[CompiledTemplate]:
    """The compiled template, or None where docxtpl itself must render it."""
    try:
        if sha256 is not None:
            return LETTER_CACHE.get_keyed(sha256, content, jinja_environment())
        return LETTER_CACHE.get(content(), jinja_environment())
    except Exception:
        return None


def names_read(templates: Iterable[ProgrammeTemplate]) -> Optional[frozenset[str]]:
    """The context names these templates read, or None (all of them) if docxtpl itself renders one of them."""
    found: set[str] = set()
    for template in templates:
        compiled = _compiled(lambda template=template: template.content, template.sha256)
        if compiled is None:
            return None
        found |= compiled.names
    return frozenset(found)


def render_with_docxtpl(template_bytes: bytes, context: dict[str, Any], title: str = "") -> bytes:
    """The same file rendered by docxtpl from scratch: reads, cleans and compiles the template every time."""
    template = DocxTemplate(BytesIO(template_bytes))
    template.render(_clean(context), jinja_env=jinja_environment(), autoescape=True)
    if title:
        _describe(template.docx.core_properties, title, context)
    output = BytesIO()
    template.save(output)
    return output.getvalue()


def _describe(properties, title: str, context: dict[str, Any]) -> None:
    issued = clock.now().replace(tzinfo=None)
    file_number = context.get("file_number") or ""
    properties.title = f"{title} {file_number}".strip()
    properties.author = properties.last_modified_by = context["authority"]["name"]
    properties.created = properties.modified = issued
    properties.subject = f"{context['programme']['name']}, Fassung {context['programme']['version']}"
    properties.keywords = properties.comments = properties.category = ""
    properties.identifier = file_number
    properties.revision = 1


# A Gemeinde (also a Stadt or Stadtkreis, which are Gemeinden) reads its copy as „Ihre Gemeinde“.
_OWN = {"landkreis": "Ihr Landkreis", "verwaltungsgemeinschaft": "Ihre Verwaltungsgemeinschaft"}
_MASCULINE = ("Landkreis", "Stadtkreis", "Kreis", "Zweckverband")


def addressee(organisation) -> dict[str, Any]:
    return {
        "id": organisation.id,
        "name": organisation.name,
        "lines": organisation.postal_lines,
        "own": _OWN.get(organisation.kind.value, "Ihre Gemeinde"),
    }


def third_person(organisation) -> dict[str, str]:
    """The lead as a member's copy names it: „die Stadt Meersburg“, „der Stadt Meersburg“, „deren“ (a Landkreis:
    „der Landkreis …“, „dem Landkreis …“, „dessen“). A bare name gets its kind: „Hagnau“ → „Gemeinde Hagnau“."""
    name = organisation.addressee
    if name.split(" ", 1)[0] not in (*_MASCULINE, "Stadt", "Gemeinde", "Große", "Verwaltungsgemeinschaft"):
        name = f"{organisation.kind_label} {name}"
    masculine = name.split(" ", 1)[0] in _MASCULINE
    nominative, dative = (f"der {name}", f"dem {name}") if masculine else (f"die {name}", f"der {name}")
    return {
        "nominative": nominative,
        "dative": dative,
        "relative": "dessen" if masculine else "deren",
        "nominative_capital": nominative[0].upper() + nominative[1:],
        "dative_capital": dative[0].upper() + dative[1:],
    }


def render_document(kind: str, context: dict[str, Any], template: ProgrammeTemplate) -> RenderedDocument:
    """Render the version's template of ``kind``; the stored document names the template it came from.

    With ``copy_for`` in the context it is a consortium member's own copy, so its title and file name say whose.
    """
    document_kind = DOCUMENT_KINDS[kind]
    copy_for = context.get("copy_for")
    title = f"{document_kind.title} – Ausfertigung für {copy_for['name']}" if copy_for else document_kind.title
    # Keyed by the stored SHA-256: the template's bytes (a deferred column) are read only when not compiled yet.
    content = render_template_bytes(lambda: template.content, context, title, sha256=template.sha256)
    file_number = context.get("file_number") or "Entwurf"
    return RenderedDocument(
        kind=kind,
        title=title,
        filename=safe_filename(
            f"{document_kind.filename_stem}_{file_number}"
            + (f"_Ausfertigung_{copy_for['name']}" if copy_for else "")
            + ".docx"
        ),
        template_name=template.filename,
        template_sha256=template.sha256,
        content=content,
        addressed_to_id=copy_for["id"] if copy_for else None,
    )


def _clean(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value
