"""Letters from compiled templates say exactly what docxtpl says, for every template of every installed programme.

``documents.render_template_bytes`` compiles a template once per content (``workflow.letters.docx_compiled``);
``documents.render_with_docxtpl`` renders it from scratch as before. Compared: the text of every
paragraph (tables included) of the body, every header and footer, the core properties, and the parts.
"""

from __future__ import annotations

import threading
import zipfile
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from template_samples import HOSTILE, TEMPLATES, sample_context
from workflow.letters import documents
from workflow.letters.docx_compiled import TemplateCache, compile_template
from workflow.engine.programmes import definition_for

PROPERTIES = (
    "title",
    "author",
    "last_modified_by",
    "subject",
    "keywords",
    "comments",
    "category",
    "identifier",
    "language",
    "revision",
    "created",
    "modified",
)


def _paragraphs(element) -> list[str]:
    return ["".join(node.text or "" for node in p.iter(qn("w:t"))) for p in element.iter(qn("w:p"))]


def _everything(content: bytes) -> dict:
    document = docx.Document(BytesIO(content))
    headers, footers = [], []
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            headers.append(_paragraphs(header._element))
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            footers.append(_paragraphs(footer._element))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    with zipfile.ZipFile(BytesIO(content)) as archive:
        names = sorted(archive.namelist())
    return {
        "body": _paragraphs(document.element.body),
        "tables": tables,
        "headers": headers,
        "footers": footers,
        "properties": {name: getattr(document.core_properties, name) for name in PROPERTIES},
        "parts": names,
    }


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    """Both renders run in the same second: ``created``/``modified`` come from the clock."""
    from datetime import datetime, timezone

    from workflow import clock

    moment = datetime(2027, 6, 1, 9, 30, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: moment)


# Typed line breaks and tabs, which docxtpl turns into <w:br/> and <w:tab/> (the compiled path skips that
# step only for parts without them).
LINES = " – erste Zeile\nzweite Zeile\tnach einem Tab"
# A single applicant with plain text; a consortium whose every typed text is hostile markup with line breaks and
# tabs, in a letter with a title (the core properties): between them every path of the compiled renderer.
VARIANTS = {"single": (False, "", ""), "consortium_typed": (True, HOSTILE + LINES, "Zuwendungsbescheid")}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_compiled_letter_equals_docxtpl(code, kind, variant):
    template = definition_for(code).templates.read(kind)
    assert compile_template(template, documents.jinja_environment()) is not None, "the fast path takes every template"
    joint, text, title = VARIANTS[variant]
    context = sample_context(code, joint=joint, text=text)
    fast = documents.render_template_bytes(template, context, title)
    fast_again = documents.render_template_bytes(template, context, title)  # from the cache
    naive = documents.render_with_docxtpl(template, context, title)
    expected = _everything(naive)
    assert _everything(fast) == expected
    assert _everything(fast_again) == expected
    assert any(line.strip() for line in expected["body"])
    if text:
        with zipfile.ZipFile(BytesIO(fast)) as archive:
            assert b"<w:br/>" in archive.read("word/document.xml")


@pytest.mark.parametrize(("code", "kind"), TEMPLATES)
def test_a_letter_filled_with_only_the_names_its_template_reads_says_the_same(code, kind):
    template = definition_for(code).templates.read(kind)
    names = compile_template(template, documents.jinja_environment()).names
    full, narrow = sample_context(code), sample_context(code, names=names)
    assert set(narrow) <= set(full)
    assert _everything(documents.render_template_bytes(template, narrow)) == _everything(
        documents.render_template_bytes(template, full)
    )


def test_the_context_reads_the_decision_and_the_waivers_only_for_letters_that_show_them():
    def built_for(kind: str) -> set[str]:
        names = compile_template(
            definition_for("integrationsmanagement").templates.read(kind), documents.jinja_environment()
        ).names
        return set(sample_context("integrationsmanagement", names=names))

    assert {"decision", "waivers"}.isdisjoint(built_for("receipt"))
    assert "decision" in built_for("grant_notice") and "waivers" not in built_for("grant_notice")
    assert {"decision", "waivers"} <= built_for("waiver_confirmation")


def test_a_template_is_compiled_once_per_content():
    cache = TemplateCache(size=2)
    template = definition_for(TEMPLATES[0][0]).templates.read(TEMPLATES[0][1])
    first = cache.get(template, documents.jinja_environment())
    assert cache.get(bytes(template), documents.jinja_environment()) is first
    others = [definition_for(code).templates.read(kind) for code, kind in TEMPLATES[1:3]]
    for other in others:
        cache.get(other, documents.jinja_environment())
    assert len(cache) == 2  # bounded: the least recently used went
    assert cache.get(template, documents.jinja_environment()) is not first


def test_concurrent_renders_of_one_template_do_not_mix():
    """Threads render the same compiled template with different cases; each file carries its own case."""
    code, kind = next((c, k) for c, k in TEMPLATES if k == "grant_notice")
    template = definition_for(code).templates.read(kind)
    results: dict[int, bytes] = {}
    errors = []

    def render(number: int) -> None:
        try:
            context = sample_context(code)
            context["file_number"] = f"AZ-{number:04d}"
            for _ in range(3):
                results[number] = documents.render_template_bytes(template, context, "Zuwendungsbescheid")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=render, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for number, content in results.items():
        text = "\n".join(_everything(content)["body"])
        assert f"AZ-{number:04d}" in text
        assert not any(f"AZ-{other:04d}" in text for other in results if other != number)


def test_a_broken_tag_still_fails_as_before():
    from jinja2 import TemplateSyntaxError

    template = definition_for(TEMPLATES[0][0]).templates.read(TEMPLATES[0][1])
    with zipfile.ZipFile(BytesIO(template)) as source:
        items = {info.filename: source.read(info.filename) for info in source.infolist()}
    items["word/document.xml"] = items["word/document.xml"].replace(b"{{ file_number }}", b"{{ file_number ", 1)
    assert b"{{ file_number " in items["word/document.xml"]
    broken = BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for name, data in items.items():
            target.writestr(name, data)
    with pytest.raises(TemplateSyntaxError):
        documents.render_template_bytes(broken.getvalue(), sample_context(TEMPLATES[0][0]))


def test_a_known_hash_spares_reading_the_template_and_a_wrong_one_is_not_trusted():
    import hashlib

    cache = TemplateCache()
    template = definition_for(TEMPLATES[0][0]).templates.read(TEMPLATES[0][1])
    sha256 = hashlib.sha256(template).hexdigest()
    reads = []

    def content() -> bytes:
        reads.append(1)
        return template

    first = cache.get_keyed(sha256, content, documents.jinja_environment())
    assert cache.get_keyed(sha256, content, documents.jinja_environment()) is first
    assert len(reads) == 1
    wrong = cache.get_keyed("0" * 64, content, documents.jinja_environment())
    assert wrong is first and "0" * 64 not in cache._items  # cached under the bytes' own hash only
