"""Every installed programme's letter templates and the sample contexts to render them with.

The case is the programme's own sample application (``engine.check``), built
as objects that are never stored: no database and no Flask app needed.
"""

from __future__ import annotations

import io
from datetime import date

import docx

from workflow.letters import letter_context
from workflow.programmes.check import SAMPLE_DAY, procedure_sample, sample_application
from workflow.engine.programmes import all_definitions, definition_for
from workflow.engine.settings import defaults

# Markup, a closing Word tag and control characters a user might type; HOSTILE_SHOWN is how a letter must show it.
HOSTILE = '<b>Fett</b> & Co </w:t><w:t> "x" \x01\x0b Ende'
HOSTILE_SHOWN = '<b>Fett</b> & Co </w:t><w:t> "x"  Ende'
TEMPLATES = [(d.code, kind) for d in all_definitions() for kind in sorted(d.templates.files)]


def template_with(paragraph: str, kind: str = "information_request", code: str = "integrationsmanagement") -> bytes:
    """The programme's template of ``kind`` with one more paragraph at its end (a tag an administrator typed)."""
    document = docx.Document(io.BytesIO(definition_for(code).templates.read(kind)))
    document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_case(code: str, joint: bool = True, kind: str = "grant"):
    definition = definition_for(code)
    return sample_application(definition, defaults(definition.all_settings), joint, kind)


def sample_context(
    code: str,
    joint: bool = True,
    kind: str = "grant",
    text: str = "",
    comment: str = "Bitte Vertrag nachreichen.",
    application=None,
    names=None,
):
    """The context ``case_context`` builds for the sample case, ``text`` appended to everything a user types;
    with ``names``, as for templates that read only those."""
    application = application or sample_case(code, joint, kind)
    application.applicant.name += text
    application.contact_name += text
    application.positions[0].person_name += text
    application.proposals[0].reasons += text
    actor = application.proposals[0].proposed_by
    context = letter_context.case_context(
        None,
        application,
        actor,
        SAMPLE_DAY,
        {"comment": comment + text},
        {"response": date(2027, 6, 28), "remedy": date(2027, 7, 19)},
        names,
    )
    return {**context, "procedure": procedure_sample(definition_for(code))}
