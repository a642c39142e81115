"""Every installed programme's Word templates render with the context ``case_context`` builds.

The case is the programme's own sample application (``engine.check``), built
as objects that are never stored: no database and no Flask app needed.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
import zipfile
from datetime import date
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from workflow import documents
from workflow.engine.check import SAMPLE_DAY, check_programme, sample_application
from workflow.engine.programmes import all_definitions, definition_for
from workflow.engine.settings import defaults

HOSTILE = '<b>Fett</b> & Co </w:t><w:t> "x" \x01\x0b Ende'
HOSTILE_SHOWN = '<b>Fett</b> & Co </w:t><w:t> "x"  Ende'
TEMPLATES = [(d.code, kind) for d in all_definitions() for kind in sorted(d.templates.files)]


def _context(code: str, joint: bool = True, kind: str = "grant", text: str = "", comment: str = "Bitte Vertrag nachreichen."):
    definition = definition_for(code)
    application = sample_application(definition, defaults(definition.all_settings), joint, kind)
    application.applicant.name += text
    application.contact_name += text
    application.positions[0].person_name += text
    application.proposals[0].reasons += text
    actor = application.proposals[0].proposed_by
    return documents.case_context(None, application, actor, SAMPLE_DAY, {"comment": comment + text},
                                  {"response": date(2027, 6, 28), "remedy": date(2027, 7, 19)})


def _render(code: str, kind: str, context: dict):
    content = documents.render_template_bytes(definition_for(code).templates.read(kind), context)
    return content, docx.Document(BytesIO(content))


def _text(document) -> str:
    """All text of the body, header and footer parts, one line per paragraph (table cells included)."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return "\n".join("".join(node.text or "" for node in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p")))


@pytest.mark.parametrize("joint", [True, False], ids=["consortium", "single"])
@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_every_template_renders_without_leftover_tags(code, kind, joint):
    context = _context(code, joint)
    _, document = _render(code, kind, context)
    text = _text(document)
    assert context["file_number"] in text
    assert not re.search(r"\{\{|\{%|\}\}|%\}", text)


@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_conditional_parts_render_when_lists_are_empty(code, kind):
    context = _context(code, joint=False, comment="")
    context["decision"]["reasons"] = []
    _, document = _render(code, kind, context)
    assert context["file_number"] in _text(document)


@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_hostile_input_shows_as_text(code, kind):
    content, document = _render(code, kind, _context(code, text=HOSTILE))
    assert HOSTILE_SHOWN in _text(document)
    with zipfile.ZipFile(BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(archive.read(name))
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<b>" not in body and "<w:t> \"x\"" not in body


@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_templates_declare_german_and_use_heading_styles(code, kind):
    data = definition_for(code).templates.read(kind)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
        document_xml = archive.read("word/document.xml").decode("utf-8")
    defaults_xml = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert 'w:val="de-DE"' in defaults_xml
    template = docx.Document(BytesIO(data))
    assert template.core_properties.language == "de-DE"
    assert any(p.style.name.startswith("Heading") or p.style.name == "Title" for p in template.paragraphs)
    assert "|safe" not in document_xml.replace(" ", "")


@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_every_jinja_tag_lies_inside_one_run(code, kind):
    """Word splits runs when staff edit a template; a tag split over runs would break docxtpl."""
    with zipfile.ZipFile(BytesIO(definition_for(code).templates.read(kind))) as archive:
        parts = [name for name in archive.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)]
        for name in parts:
            root = ElementTree.fromstring(archive.read(name))
            for run in root.iter(qn("w:r")):
                text = "".join(node.text or "" for node in run.iter(qn("w:t")))
                assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), (name, text)


@pytest.mark.parametrize("code", [d.code for d in all_definitions()])
def test_grant_notice_has_the_sections_of_a_bescheid(code):
    context = _context(code, joint=True)
    _, document = _render(code, "grant_notice", context)
    text = _text(document)
    for section in ("Rechtsbehelfsbelehrung", "Nebenbestimmungen", "Verwendungsnachweis", "Zuwendungszweck",
                    "Festbetrag", "Bewilligungszeitraum", "Auszahlung", "Begründung", "ANBest-K"):
        assert section in text, section
    assert context["decision"]["amount"] in text and context["applicant"]["name"] in text
    assert all(member["name"] in text for member in context["consortium"]["members"])
    assert all(position["person_name"] in text for position in context["positions"])
    assert context["bank"]["iban"] in text and context["proof_of_use_due"] in text
    assert context["programme"]["remedy_text"] in text


def test_information_request_names_what_is_missing_and_the_deadline():
    context = _context("integrationsmanagement")
    _, document = _render("integrationsmanagement", "information_request", context)
    text = _text(document)
    assert all(line in text for line in context["comment"]) and context["response_due"] in text


@pytest.mark.parametrize("code", [d.code for d in all_definitions()])
def test_the_programme_check_passes_for_every_installed_programme(code):
    assert [str(problem) for problem in check_programme(definition_for(code))] == []


def test_the_programme_check_refuses_a_template_with_an_unknown_tag_naming_file_and_tag():
    definition = definition_for("integrationsmanagement")
    original = definition.templates.read("grant_notice")
    with zipfile.ZipFile(BytesIO(original)) as source, BytesIO() as target:
        with zipfile.ZipFile(target, "w") as broken:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "word/document.xml":
                    data = data.replace(b"{{ file_number }}", b"{{ file_number }} {{ aktenzeichen_neu }}", 1)
                broken.writestr(item, data)
        templates = {kind: (name, definition.templates.read(kind)) for kind, name in definition.templates.files.items()}
        templates["grant_notice"] = ("bescheid-mit-fehler.docx", target.getvalue())
    problems = [str(problem) for problem in check_programme(definition, None, templates)]
    assert problems == ["Vorlage bescheid-mit-fehler.docx: Unbekannter Platzhalter „aktenzeichen_neu“."]
