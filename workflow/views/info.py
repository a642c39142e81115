"""Public information pages linked from every page."""

from __future__ import annotations

from flask import Blueprint, render_template

from workflow.db import db
from workflow.engine.programmes import settings_of
from workflow.programmes.programme_versions import active_version
from workflow.reference.authorities import authority_lines
from workflow.reference.glossary import GLOSSARY
from workflow.views.shared import installed_programmes

bp = Blueprint("info", __name__)


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("info/accessibility.html")


@bp.get("/impressum")
def imprint():
    session = db.session
    authorities = []
    for programme in installed_programmes(session):
        version = active_version(session, programme)
        if version is not None:
            authorities.append((programme.name, authority_lines(programme, settings_of(version))))
    return render_template("info/imprint.html", authorities=authorities)


@bp.get("/begriffe")
def glossary():
    return render_template("info/glossary.html", terms=sorted(GLOSSARY, key=lambda term: term.term.lower()))
