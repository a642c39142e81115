"""Public information pages linked from every page."""

from __future__ import annotations

from flask import Blueprint, render_template

from workflow.reference.glossary import GLOSSARY

bp = Blueprint("info", __name__)


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("info/accessibility.html")


@bp.get("/impressum")
def imprint():
    return render_template("info/imprint.html")


@bp.get("/begriffe")
def glossary():
    return render_template("info/glossary.html", terms=sorted(GLOSSARY, key=lambda term: term.term.lower()))
