"""Public information pages linked from every page."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("info", __name__)


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("info/accessibility.html")


@bp.get("/impressum")
def imprint():
    return render_template("info/imprint.html")
