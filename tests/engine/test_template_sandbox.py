"""A Word template is data, never code: an administrator's upload reaches no object, file or process of the server.

The payloads are the ones that ran ``id`` as root through a plain Jinja environment: the upload's own check refuses
each by name, ``foerderweg programme check`` does the same, and a template that reached the database by another way
renders without running anything.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from conftest import csrf_token_of
from factories import IM
from settings_steps import page_url, version_rows
from template_samples import sample_context, template_with
from workflow.letters import documents
from workflow.programmes.check import check_programme
from workflow.engine.programmes import definition_for

UPLOAD = f"{page_url()}/neue-vorlage"


def _payloads(marker: Path) -> dict[str, tuple[str, str]]:
    """Each payload with the words the refusal must name."""
    return {
        "cycler": (f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}", "cycler.__init__"),
        "self": ("{{ self.__init__.__globals__ }}", "self.__init__"),
        "subclasses": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
        "item": ("{{ lipsum['__globals__'] }}", "__globals__"),
        "import": ("{% import 'os' as os %}", "import"),
    }


@pytest.mark.parametrize("payload", ["cycler", "self", "subclasses", "item", "import"])
def test_the_upload_refuses_a_template_that_reaches_for_the_server_and_names_the_tag(
    app, client, auth, tmp_path, payload
):
    marker = tmp_path / "pwned"
    text, named = _payloads(marker)[payload]
    auth.login("admin")
    page = client.get(UPLOAD).get_data(as_text=True)
    response = client.post(
        UPLOAD,
        data={
            "csrf_token": csrf_token_of(page),
            "base_version": "1",
            "kind": "information_request",
            "note": "Neuer Hinweis",
            "template": (io.BytesIO(template_with(text)), "nachforderung_2027.docx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert named in response.get_data(as_text=True)
    assert not marker.exists()
    assert len(version_rows(app)) == 1


def test_the_programme_check_refuses_a_template_that_reaches_for_the_server(tmp_path):
    marker = tmp_path / "pwned"
    definition = definition_for(IM)
    for text, named in _payloads(marker).values():
        # Only the hostile template: the check names it whatever else the version holds (and renders no other).
        templates = {"information_request": ("nachforderung.docx", template_with(text))}
        problems = check_programme(definition, templates=templates)
        assert any(named in problem.message for problem in problems), (text, problems)
    assert not marker.exists()


@pytest.mark.parametrize("payload", ["cycler", "self", "subclasses", "item"])
def test_a_stored_hostile_template_renders_nothing_of_the_server(tmp_path, payload):
    """Rendering itself is sandboxed: a template stored before the check knew better still runs no code."""
    marker = tmp_path / "pwned"
    text, _ = _payloads(marker)[payload]
    with pytest.raises((SecurityError, UndefinedError)):
        documents.render_template_bytes(template_with(text), sample_context(IM))
    with pytest.raises((SecurityError, UndefinedError)):
        documents.render_with_docxtpl(template_with(text), sample_context(IM))
    assert not marker.exists()


def test_the_template_environment_offers_only_the_projects_filters_and_no_globals():
    environment = documents.jinja_environment()
    assert environment.globals == {}
    assert environment.is_safe_attribute("", "__class__", None) is False
