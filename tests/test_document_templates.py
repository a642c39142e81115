"""The Word templates of the VwV Integrationsmanagement render with the context contract of ``case_context``.

No database and no Flask app: the context is built here, key for key as
``workflow.documents.case_context`` builds it, and a structural test proves the
two stay in step.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
import zipfile
from datetime import date, datetime, timezone
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import docx
import pytest
from docx.oxml.ns import qn

from forms.application import DECLARATIONS
from workflow import documents
from workflow.documents import DOCUMENT_KINDS, render_document, template_resource

PROGRAMME = "integrationsmanagement"
FILE_NUMBER = "RPS-IM-2027-00042"
GRANTED = "251.000,00\u00a0€"
HOSTILE = '<b>Fett</b> & Co </w:t><w:t> "x" \x01\x0b Ende'
HOSTILE_SHOWN = '<b>Fett</b> & Co </w:t><w:t> "x"  Ende'

MEMBERS = ("Gemeinde Bad Ditzenbach", "Gemeinde Deggingen", "Gemeinde Mühlhausen im Täle")
PEOPLE = ("Aylin Demir", "Jonas Weber", "Maria Schneider")


def sample_context(text: str = "", joint: bool = True, reasons: bool = True, comment: bool = True) -> dict:
    """A context with exactly the keys of ``case_context()``; ``text`` is appended to every free-text value.

    Dates, amounts, the file number and other computed values stay realistic, so
    the tests can look for them.
    """

    def free(value: str) -> str:
        return f"{value}{text}"

    lead = free("Stadt Geislingen an der Steige")
    members = [{"name": free(name), "ags": f"0811{index}0{index}{index}"} for index, name in enumerate(MEMBERS, 1)]
    positions = [
        {
            "number": number,
            "person_name": free(person),
            "category": category,
            "category_label": free(label),
            "fte": fte,
            "start": start,
            "end": end,
            "employer": free(employer),
            "amount": amount,
        }
        for number, (person, category, label, fte, start, end, employer, amount) in enumerate(
            (
                (PEOPLE[0], "a", "a – Hochschulabschluss Soziale Arbeit oder vergleichbar", "1,00", "01.03.2027",
                 "29.02.2029", "Antragsteller (eigenes Personal)", "116.000,00\u00a0€"),
                (PEOPLE[1], "b", "b – anderer geeigneter Hochschulabschluss", "0,50", "01.04.2027", "31.03.2029",
                 "Caritasverband Fils e. V. (Weiterleitung an Dritte)", "52.000,00\u00a0€"),
                (PEOPLE[2], "c", "c – Berufsausbildung mit einschlägiger Berufserfahrung", "0,75", "01.05.2027",
                 "30.04.2029", "Antragsteller (eigenes Personal)", "69.000,00\u00a0€"),
            ),
            start=1,
        )
    ]
    return {
        "today": "14.06.2027",
        "file_number": FILE_NUMBER,
        "submitted_on": "03.02.2027",
        "authority": {
            "name": free("Regierungspräsidium Stuttgart"),
            "lines": [free("Regierungspräsidium Stuttgart"), free("Ruppmannstraße 21"), free("70565 Stuttgart")],
        },
        "actor": {"name": free("Dr. Petra Hummel"), "email": "petra.hummel@rps.bwl.example"},
        "programme": {
            "name": free("VwV Integrationsmanagement"),
            "legal_basis": free("VwV Integrationsmanagement in Verbindung mit §§ 23 und 44 LHO"),
            "purpose": free("Beschäftigung von Integrationsmanagerinnen und Integrationsmanagern"),
            "funding_months": 24,
            "threshold": "51.000,00\u00a0€",
            "remedy_text": free("Gegen diesen Bescheid kann innerhalb eines Monats Klage erhoben werden."),
            "rates": [
                {"category": "a", "label": free("a – Hochschulabschluss Soziale Arbeit"), "amount": "58.000,00\u00a0€"},
                {"category": "b", "label": free("b – anderer Hochschulabschluss"), "amount": "52.000,00\u00a0€"},
                {"category": "c", "label": free("c – Berufsausbildung"), "amount": "46.000,00\u00a0€"},
            ],
        },
        "applicant": {
            "name": lead,
            "ags": "08117026",
            "kind": free("Große Kreisstadt"),
            "lines": [lead, free("Hauptstraße 1"), free("73312 Geislingen an der Steige")],
        },
        "joint": joint,
        "consortium": {
            "name": free("Integrationsmanagement Oberes Filstal"),
            "members": members,
            "member_names": ", ".join(member["name"] for member in members),
        }
        if joint
        else None,
        "recipient_name": free("Integrationsmanagement Oberes Filstal") if joint else lead,
        "contact": {"name": free("Klaus Maier"), "phone": free("07331 24-0"), "email": "k.maier@geislingen.example"},
        "bank": {
            "holder": free("Stadt Geislingen an der Steige"),
            "iban": "DE02 6005 0101 0002 0343 04",
            "bic": "SOLADEST600",
            "name": free("Kreissparkasse Göppingen"),
        },
        "positions": positions,
        "funding_period": {"start": "01.03.2027", "end": "30.04.2029"},
        "amounts": {
            "computed": "237.000,00\u00a0€",
            "pooled": "251.320,00\u00a0€",
            "requested": "237.000,00\u00a0€",
            "granted": GRANTED,
        },
        "decision": {
            "kind": "grant",
            "kind_label": "Bewilligung",
            "amount": GRANTED,
            "reasons": [free("Die Voraussetzungen liegen vor."), free("Der Planungsrahmen ist eingehalten.")]
            if reasons
            else [],
            "proposed_by": free("Tobias Krämer"),
        },
        "declarations": [free(declaration) for declaration in DECLARATIONS.values()],
        "comment": [free("Bitte den Arbeitsvertrag von Frau Demir nachreichen."), free("Zweite Zeile.")]
        if comment
        else [],
        "response_due": "28.06.2027",
        "remedy_due": "19.07.2027",
        "notification_date": "17.06.2027",
        "proof_of_use_due": "31.07.2029",
        "created_at": "14.06.2027, 10:15 Uhr",
    }


def _document_text(document) -> str:
    """All text of the body, header and footer parts, one line per paragraph (table cells included)."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    lines = []
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            lines.append("".join(node.text or "" for node in paragraph.iter(qn("w:t"))))
    return "\n".join(lines)


def _render(kind: str, context: dict):
    rendered = render_document(kind, context, PROGRAMME)
    return rendered, docx.Document(BytesIO(rendered.content))


@pytest.mark.parametrize("joint", [True, False], ids=["consortium", "single"])
@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_every_document_kind_has_a_template_that_renders(kind, joint):
    rendered, document = _render(kind, sample_context(joint=joint))

    text = _document_text(document)
    assert FILE_NUMBER in text
    assert "{{" not in text and "{%" not in text and "}}" not in text and "%}" not in text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                assert "{{" not in cell.text and "{%" not in cell.text
    assert rendered.filename.endswith(".docx")


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_conditional_parts_render_when_lists_are_empty(kind):
    _, document = _render(kind, sample_context(joint=False, reasons=False, comment=False))
    assert FILE_NUMBER in _document_text(document)


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_hostile_input_shows_as_text(kind):
    rendered, document = _render(kind, sample_context(HOSTILE))

    assert HOSTILE_SHOWN in _document_text(document)
    with zipfile.ZipFile(BytesIO(rendered.content)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(archive.read(name))
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<b>" not in body and "<w:t> \"x\"" not in body


def test_templates_declare_german_and_use_heading_styles():
    for kind in DOCUMENT_KINDS:
        data = template_resource(PROGRAMME, kind).read_bytes()
        with zipfile.ZipFile(BytesIO(data)) as archive:
            styles = archive.read("word/styles.xml").decode("utf-8")
            document_xml = archive.read("word/document.xml").decode("utf-8")
        assert re.search(r'<w:lang [^>]*w:val="de-DE"', styles), kind
        defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
        assert 'w:val="de-DE"' in defaults, kind

        template = docx.Document(BytesIO(data))
        assert template.core_properties.language == "de-DE", kind
        assert template.core_properties.title, kind
        style_names = {paragraph.style.name for paragraph in template.paragraphs}
        assert any(name.startswith("Heading") or name == "Title" for name in style_names), kind
        assert "|safe" not in document_xml.replace(" ", ""), kind


def test_grant_notice_has_the_sections_of_a_bescheid():
    context = sample_context(joint=True)
    _, document = _render("grant_notice", context)
    text = _document_text(document)

    for section in ("Rechtsbehelfsbelehrung", "Nebenbestimmungen", "Verwendungsnachweis", "Zuwendungszweck",
                    "Festbetrag", "Bewilligungszeitraum", "Auszahlung", "Begründung", "ANBest-K"):
        assert section in text, section
    assert GRANTED in text
    assert context["applicant"]["name"] in text
    for member in MEMBERS:
        assert member in text, member
    for person in PEOPLE:
        assert person in text, person
    assert f"Dieser Bescheid gilt als am {context['notification_date']} bekannt gegeben" in text
    assert context["bank"]["iban"] in text
    assert context["proof_of_use_due"] in text
    assert context["programme"]["remedy_text"] in text


def test_partial_grant_notice_rejects_the_rest_and_shows_both_amounts():
    context = sample_context()
    context["decision"].update(kind="partial_grant", kind_label="Teilbewilligung", amount="180.000,00\u00a0€")
    _, document = _render("partial_grant_notice", context)
    text = _document_text(document)
    assert "Im Übrigen wird der Antrag abgelehnt" in text
    assert "180.000,00\u00a0€" in text and context["amounts"]["requested"] in text
    for reason in context["decision"]["reasons"]:
        assert reason in text


def test_information_request_names_what_is_missing_and_the_deadline():
    context = sample_context()
    _, document = _render("information_request", context)
    text = _document_text(document)
    for line in context["comment"]:
        assert line in text
    assert context["response_due"] in text
    assert "Aktenlage" in text


# --------------------------------------------------------------------------- the contract itself


def _shape(value):
    """The key structure of a context (dict keys, recursively; lists by their first item)."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _fake_case(joint: bool):
    """Plain objects with the attributes ``case_context`` reads: no database needed."""

    def organisation(name, ags):
        return SimpleNamespace(name=name, ags=ags, kind_label="Gemeinde", authority_name=None,
                               postal_lines=[name, "Marktplatz 1", "70000 Ort"])

    rates = [SimpleNamespace(category=c, label=f"{c} – Kategorie", amount_per_fte_year=Decimal("58000.00"))
             for c in "abc"]
    authority = SimpleNamespace(name="Regierungsbezirk Stuttgart", authority_name="Regierungspräsidium Stuttgart",
                                postal_lines=["Regierungspräsidium Stuttgart", "Ruppmannstraße 21", "70565 Stuttgart"])
    programme = SimpleNamespace(
        authority=authority, routing="central", name="VwV Integrationsmanagement", legal_basis="VwV", purpose="Zweck",
        funding_months=24, threshold=Decimal("51000"), remedy_text="Klage", rates=rates,
        rate_for=lambda category: next(r for r in rates if r.category == category),
        notification_fiction_days=3, proof_of_use_months=3,
    )
    applicant = organisation("Stadt Geislingen an der Steige", "08117026")
    applicant.regierungsbezirk = authority
    member = organisation("Gemeinde Deggingen", "08117014")
    position = SimpleNamespace(person_name="Aylin Demir", category="a", fte=Decimal("1.00"),
                               employment_start=date(2027, 3, 1), funding_end=date(2029, 2, 28),
                               employer_label="Antragsteller (eigenes Personal)", amount=Decimal("116000.00"))
    proposal = SimpleNamespace(kind="grant", amount=Decimal("116000.00"), reasons="Gut.\nSehr gut.",
                               proposed_by=SimpleNamespace(full_name="Tobias Krämer"))
    application = SimpleNamespace(
        programme=programme, applicant=applicant, positions=[position], proposals=[proposal],
        member_organisations=[member] if joint else [], file_number=FILE_NUMBER,
        submitted_at=datetime(2027, 2, 3, 9, 30, tzinfo=timezone.utc), is_joint=joint,
        consortium=SimpleNamespace(name="Oberes Filstal") if joint else None,
        display_name="Oberes Filstal" if joint else applicant.name,
        contact_name="Klaus Maier", contact_phone="07331 24-0", contact_email="k.maier@example.org",
        account_holder="Stadt Geislingen", iban="DE02600501010002034304", bic="SOLADEST600", bank_name="KSK",
        computed_amount=Decimal("116000.00"), pooled_allocation=Decimal("251320.00"),
        requested_amount=Decimal("116000.00"), granted_amount=None,
    )
    actor = SimpleNamespace(full_name="Dr. Petra Hummel", email="petra.hummel@example.org")
    return application, actor


@pytest.mark.parametrize("joint", [True, False], ids=["consortium", "single"])
def test_sample_context_has_exactly_the_keys_of_case_context(joint):
    application, actor = _fake_case(joint)
    real = documents.case_context(application, actor, date(2027, 6, 14), {"comment": "Eins\nZwei"},
                                  {"response": date(2027, 6, 28)})
    assert _shape(sample_context(joint=joint)) == _shape(real)


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_templates_render_with_a_context_built_by_case_context(kind):
    application, actor = _fake_case(joint=True)
    context = documents.case_context(application, actor, date(2027, 6, 14), {}, {})
    _, document = _render(kind, context)
    assert FILE_NUMBER in _document_text(document)


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_every_jinja_tag_lies_inside_one_run(kind):
    """Word splits runs when staff edit a template; a tag split over runs would break docxtpl."""
    data = template_resource(PROGRAMME, kind).read_bytes()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        parts = [name for name in archive.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)]
        for name in parts:
            root = ElementTree.fromstring(archive.read(name))
            for run in root.iter(qn("w:r")):
                text = "".join(node.text or "" for node in run.iter(qn("w:t")))
                assert text.count("{{") == text.count("}}"), (name, text)
                assert text.count("{%") == text.count("%}"), (name, text)
            for paragraph in root.iter(qn("w:p")):
                text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
                assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), (name, text)
