"""Every installed programme's Word templates render with the context ``case_context`` builds.

The case is the programme's own sample application (``template_samples``): no database and no Flask app needed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
import zipfile
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from template_samples import HOSTILE, HOSTILE_SHOWN, TEMPLATES, sample_case, sample_context
from workflow.letters import documents
from workflow.programmes.check import check_programme
from workflow.measures.staff_positions import STAFF_POSITIONS
from workflow.engine.programmes import all_definitions, definition_for

# The letters an authority sends: the programmes shipped with Förderweg (the test programme's are minimal).
# The real programmes' letters for staff positions and consortia, whose clauses the tests below read; the project
# programme's letters (cost plan, no consortia) are read by tests/programmes/test_teilhabe.py.
LETTER_PROGRAMMES = [
    d.code
    for d in all_definitions()
    if d.templates.package.startswith("document_templates.") and d.schema.measure_shape is STAFF_POSITIONS
]


def _render(code: str, kind: str, context: dict):
    content = documents.render_template_bytes(definition_for(code).templates.read(kind), context)
    return content, docx.Document(BytesIO(content))


def _text(document) -> str:
    """All text of the body, header and footer parts, one line per paragraph (table cells included)."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return "\n".join(
        "".join(node.text or "" for node in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p"))
    )


@pytest.mark.parametrize("joint", [True, False], ids=["consortium", "single"])
@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_every_template_renders_without_leftover_tags(code, kind, joint):
    context = sample_context(code, joint)
    _, document = _render(code, kind, context)
    text = _text(document)
    assert context["file_number"] in text
    assert not re.search(r"\{\{|\{%|\}\}|%\}", text)


@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_conditional_parts_render_when_lists_are_empty(code, kind):
    context = sample_context(code, joint=False, comment="")
    context["decision"]["reasons"] = []
    _, document = _render(code, kind, context)
    assert context["file_number"] in _text(document)


@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_hostile_input_shows_as_text(code, kind):
    content, document = _render(code, kind, sample_context(code, text=HOSTILE))
    assert HOSTILE_SHOWN in _text(document)
    with zipfile.ZipFile(BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(archive.read(name))
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<b>" not in body and '<w:t> "x"' not in body


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


@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_grant_notice_has_the_sections_of_a_bescheid(code):
    context = sample_context(code, joint=True)
    _, document = _render(code, "grant_notice", context)
    text = _text(document)
    for section in (
        "Rechtsbehelfsbelehrung",
        "Nebenbestimmungen",
        "Verwendungsnachweis",
        "Zuwendungszweck",
        "Festbetrag",
        "Bewilligungszeitraum",
        "Auszahlung",
        "Begründung",
        "ANBest-K",
    ):
        assert section in text, section
    assert context["decision"]["amount"] in text and context["applicant"]["name"] in text
    assert all(member["name"] in text for member in context["consortium"]["members"])
    assert all(position["person_name"] in text for position in context["positions"])
    assert context["bank"]["iban"] in text and context["decision"]["proof_of_use_due"] in text
    assert context["decision"]["total"] in text and context["decision"]["period"]["start"] in text
    assert context["programme"]["remedy_text"] in text


def test_information_request_names_what_is_missing_and_the_deadline():
    context = sample_context("integrationsmanagement")
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


def _euro(text: str) -> Decimal:
    """``58.000,00 €`` as a Decimal."""
    return Decimal(text.replace("€", "").replace("\xa0", "").replace(".", "").replace(",", ".").strip())


def _granted_table(document):
    tables = [t for t in document.tables if "Festbetrag insgesamt" in t.rows[0].cells[-1].text]
    assert len(tables) == 1
    return tables[0]


def _reduce_first(application) -> None:
    """The sample's first position reduced to half its share, for half the amount."""
    ruling = application.proposals[0].rulings[0]
    ruling.outcome, ruling.fte, ruling.amount = "reduced", ruling.fte / 2, (ruling.amount / 2).quantize(Decimal("0.01"))
    ruling.reason = "Nur die Hälfte des Stellenanteils ist nachgewiesen."
    application.proposals[0].amount = sum((r.amount for r in application.proposals[0].rulings), Decimal("0.00"))


def _refuse_first_grant_second(application) -> None:
    """The first position (at a third party in the IM sample) refused, the second granted as requested."""
    first, second = application.proposals[0].rulings[:2]
    first.outcome, first.fte, first.amount, first.funding_start, first.funding_end = (
        "refused",
        Decimal("0.00"),
        Decimal("0.00"),
        None,
        None,
    )
    first.reason = "Der Weiterleitungsvertrag mit dem Träger fehlt."
    second.outcome, second.fte, second.amount = "granted", second.position.fte, second.position.amount
    second.funding_start, second.funding_end, second.reason = (
        second.position.funding_start,
        second.position.funding_end,
        "",
    )
    application.proposals[0].amount = second.amount


@pytest.mark.parametrize("variant", ["as_sampled", "reduced"])
@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_partial_grant_table_adds_up_to_the_tenor(code, variant):
    application = sample_case(code, joint=False, kind="partial_grant")
    if variant == "reduced":
        _reduce_first(application)
    context = sample_context(code, application=application)
    _, document = _render(code, "partial_grant_notice", context)
    table = _granted_table(document)
    amounts = [_euro(row.cells[-1].text) for row in table.rows[1:-1]]
    assert len(amounts) == len(context["decision"]["granted"]) >= 1
    assert sum(amounts) == _euro(table.rows[-1].cells[-1].text) == _euro(context["decision"]["total"])
    tenor = next(p.text for p in document.paragraphs if p.text.startswith("1. Ihnen"))
    assert context["decision"]["total"] in tenor
    text = _text(document)
    assert f"Der Bewilligungszeitraum beginnt am {context['decision']['period']['start']}" in text
    assert context["decision"]["proof_of_use_due"] in text
    if variant == "reduced":
        first = context["decision"]["reduced"][0]
        assert f"gekürzt; beantragt: {first['requested_fte']} VZÄ" in text
        assert first["reason"] in text.split("Gekürzte Stellen", 1)[1]


@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_partial_grant_lists_each_refused_position_with_its_reason_in_its_own_section(code):
    context = sample_context(code, joint=False, kind="partial_grant")
    _, document = _render(code, "partial_grant_notice", context)
    section = _text(document).split("\nAbgelehnte Stellen\n", 1)[1].split("Nebenbestimmungen\n", 1)[0]
    assert context["decision"]["refused"]
    for refused in context["decision"]["refused"]:
        assert refused["person_name"] in section and refused["reason"] in section
        assert refused["requested_amount"] in section
    for granted in context["decision"]["granted"]:
        assert granted["person_name"] not in section


def test_forwarding_clause_and_third_party_conditions_only_for_a_granted_forwarded_position():
    code = "integrationsmanagement"
    forwarded = sample_context(code, joint=False, kind="partial_grant")
    assert forwarded["decision"]["forwarded"]
    provider = forwarded["decision"]["forwarded"][0]["provider"]
    for kind in ("partial_grant_notice", "conditions_annex"):
        text = _text(_render(code, kind, forwarded)[1])
        assert "Weiterleitung an Dritte" in text and provider in text and "ANBest-P" in text and "§\xa091 LHO" in text

    application = sample_case(code, joint=False, kind="partial_grant")
    _refuse_first_grant_second(application)
    context = sample_context(code, application=application)
    assert context["decision"]["forwarded"] == [] and context["decision"]["refused"][0]["number"] == 1
    for kind in ("partial_grant_notice", "conditions_annex"):
        text = _text(_render(code, kind, context)[1])
        assert "Weiterleitung an Dritte" not in text and provider not in text and "ANBest-P" not in text, kind
        assert "ANBest-K" in text
    notice = _text(_render(code, "partial_grant_notice", context)[1])
    assert sum(
        _euro(row.cells[-1].text)
        for row in _granted_table(_render(code, "partial_grant_notice", context)[1]).rows[1:-1]
    ) == _euro(context["decision"]["total"])
    assert "Der Weiterleitungsvertrag mit dem Träger fehlt." in notice.split("\nAbgelehnte Stellen\n", 1)[1]


@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_rejection_notice_lists_the_refused_positions_and_offers_no_waiver(code):
    context = sample_context(code, joint=True, kind="rejection")
    _, document = _render(code, "rejection_notice", context)
    text = _text(document)
    assert "verzicht" not in text.lower()
    assert len(context["decision"]["refused"]) == len(context["positions"])
    for refused in context["decision"]["refused"]:
        assert refused["person_name"] in text and refused["reason"] in text


@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_conditions_annex_carries_the_anbest_k_sections_and_the_case(code):
    context = sample_context(code, joint=True)
    text = _text(_render(code, "conditions_annex", context)[1])
    for heading in (
        "1. Anforderung und Verwendung der Zuwendung",
        "2. Nachträgliche Ermäßigung",
        "3. Vergabe",
        "4. Zur Erfüllung des Zuwendungszwecks beschaffte Gegenstände",
        "5. Mitteilungspflichten",
        "6. Nachweis der Verwendung",
        "7. Prüfung der Verwendung",
        "8. Erstattung der Zuwendung, Verzinsung",
    ):
        assert heading in text, heading
    # A determinate text, not a dynamic reference; without loaded wording, each Nummer says it is missing.
    assert "jeweils geltenden Fassung" not in text and "Kurzfassung" not in text
    assert "Wortlaut der Nr. 1 ist noch nicht aus der amtlichen Fassung geladen" in text
    assert (
        "Nr. 2 gilt für diesen Bescheid mit folgender Maßgabe" in text
        and "Nr. 4 gilt für diesen Bescheid nicht:" in text
        and "Nr. 4 gilt für diesen Bescheid nicht (siehe" in text
    )
    assert context["file_number"] in text and context["today"] in text and context["recipient_name"] in text


@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_decision_proposal_shows_every_position_with_its_outcome_and_the_total(code):
    context = sample_context(code, joint=False, kind="partial_grant")
    _, document = _render(code, "decision_proposal", context)
    text = _text(document)
    for row in context["decision"]["granted"] + context["decision"]["refused"]:
        assert row["person_name"] in text
    assert "abgelehnt" in text and "bewilligt" in text and context["decision"]["refused"][0]["reason"] in text
    assert context["decision"]["total"] in text


def test_receipt_explains_the_cap_and_that_an_early_start_not_asked_for_is_not_fundable():
    context = sample_context("integrationsmanagement", joint=False)
    text = _text(_render("integrationsmanagement", "receipt", context)[1])
    assert "Sie haben keinen vorzeitigen Beginn beantragt" in text and "begrenzt" not in text
    assert "eigenes Risiko" not in text
    context["amounts"]["requested"] = "70.000,00\xa0€"
    text = _text(_render("integrationsmanagement", "receipt", context)[1])
    assert "auf den Planungsrahmen begrenzt" in text and context["amounts"]["computed"] in text


@pytest.mark.parametrize("kind", ["grant_notice", "partial_grant_notice", "rejection_notice"])
@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_a_consortium_bescheid_is_addressed_to_the_lead_and_each_member_gets_its_own_copy(code, kind):
    context = sample_context(code, joint=True, kind=kind.replace("_notice", ""))
    lead = context["applicant"]["lines"][0]
    text = _text(_render(code, kind, context)[1])
    assert "c/o" not in text and "Nachrichtlich" not in text
    head = text.split("Sehr geehrte")[0]  # address block and subject
    assert lead in head and context["consortium"]["name"] not in head
    assert "§\xa013 LVwVfG" in text and "eigene Ausfertigung" in text
    assert "Ausfertigung für" not in text
    member = documents.addressee(sample_case(code).member_organisations[0])
    copy = _text(_render(code, kind, {**context, "copy_for": member})[1])
    assert f"Ausfertigung für {member['name']} als Beteiligte des Zusammenschlusses" in copy
    assert member["lines"][0] in copy and context["case_officer"]["name"] in copy


@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
def test_partial_grant_speaks_of_reductions_only_when_a_position_was_reduced(code):
    text = _text(_render(code, "partial_grant_notice", sample_context(code, joint=False, kind="partial_grant"))[1])
    assert "gekürzt" not in text.split("II. Zuwendungszweck")[0]
    application = sample_case(code, joint=False, kind="partial_grant")
    _reduce_first(application)
    text = _text(_render(code, "partial_grant_notice", sample_context(code, application=application))[1])
    assert "welche gekürzt werden" in text.split("II. Zuwendungszweck")[0]


@pytest.mark.parametrize("code", LETTER_PROGRAMMES)
@pytest.mark.parametrize("kind", ["grant_notice", "partial_grant_notice", "rejection_notice", "change_notice"])
def test_a_members_copy_is_the_bescheid_to_the_lead_communicated_to_the_member(code, kind):
    application = sample_case(
        code,
        joint=True,
        kind="partial_grant"
        if kind == "partial_grant_notice"
        else "rejection"
        if kind == "rejection_notice"
        else "grant",
    )
    context = sample_context(code, application=application)
    member = application.member_organisations[0]
    lead = documents.third_person(application.applicant)
    text = _text(_render(code, kind, {**context, "copy_for": documents.addressee(member)})[1]).replace("\xa0", " ")
    assert "Ihre Gemeinde ist Mitglied des Zusammenschlusses" in text
    assert "Ihnen (" not in text and "auf Ihren Antrag" not in text and "Sie haben am" not in text
    if kind in ("grant_notice", "partial_grant_notice"):
        assert f"1. {lead['dative_capital']} als federführender Kommune" in text
    if kind != "change_notice":
        assert f"Federführende Kommune ist {lead['nominative']}; auf {lead['relative']} Antrag vom" in text
    else:
        assert f"{lead['nominative_capital']} hat als federführende Kommune am" in text
    own = _text(_render(code, kind, context)[1])
    assert "Mitglied des Zusammenschlusses" not in own.split("Bescheid:")[0] or kind == "change_notice"
    assert "Ihre Gemeinde ist Mitglied" not in own


def test_the_lead_is_named_with_its_article_and_a_bare_name_gets_its_kind():
    from types import SimpleNamespace

    city = SimpleNamespace(addressee="Stadt Meersburg", kind_label="Gemeinde")
    district = SimpleNamespace(addressee="Landkreis Tübingen", kind_label="Landkreis")
    bare = SimpleNamespace(addressee="Hagnau am Bodensee", kind_label="Gemeinde")
    assert documents.third_person(city)["dative"] == "der Stadt Meersburg"
    assert (documents.third_person(district)["dative_capital"], documents.third_person(district)["relative"]) == (
        "Dem Landkreis Tübingen",
        "dessen",
    )
    assert documents.third_person(bare)["nominative"] == "die Gemeinde Hagnau am Bodensee"
