"""Background jobs: order a bundle of dossiers or a large export, watch its progress, fetch the file."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, current_app, g, jsonify, redirect, render_template, send_file, url_for
from sqlalchemy import select

from forms.jobs import DossierBundleForm
from workflow.exports import export
from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.jobs.kinds import count_dossiers
from workflow.jobs.rounds import round_protocol
from workflow.jobs.runner import order
from workflow.models import BackgroundJob, Organisation, OrganisationKind, Programme
from workflow.views.pagination import paginate
from workflow.views.shared import installed_programmes, load_programme, requested_page

bp = Blueprint("jobs", __name__, url_prefix="/auftraege")


def _load(job_id: int) -> BackgroundJob:
    job = db.session.get(BackgroundJob, job_id)
    if job is None or not permissions.can_view_job(g.user, job):
        abort(404)  # another person's job is not even named
    return job


@bp.get("/")
@login_required
def index():
    jobs = paginate(
        db.session,
        select(BackgroundJob).where(BackgroundJob.created_by_id == g.user.id).order_by(BackgroundJob.id.desc()),
        requested_page(),
        current_app.config["PAGE_SIZE"],
    )
    return render_template("jobs/index.html", jobs=jobs)


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int):
    job = _load(job_id)
    return render_template("jobs/show.html", job=job, protocol=round_protocol(job))


@bp.get("/<int:job_id>/stand")
@login_required
def status(job_id: int):
    """What the progress display polls: the figures of the page, as JSON."""
    job = _load(job_id)
    return jsonify(
        status=job.status,
        done=job.done,
        total=job.total,
        percent=job.percent,
        finished=job.finished,
        error=job.error,
        download=url_for("jobs.download", job_id=job.id) if job.status == job.DONE else None,
    )


@bp.get("/<int:job_id>/datei")
@login_required
def download(job_id: int):
    job = _load(job_id)
    if job.status != BackgroundJob.DONE:
        abort(404)
    content = db.session.scalar(select(BackgroundJob.result_content).where(BackgroundJob.id == job.id))
    response = send_file(
        BytesIO(content), mimetype=job.result_mimetype, as_attachment=True, download_name=job.result_filename, max_age=0
    )
    response.headers["Digest"] = f"sha-256={job.result_sha256}"
    return response


def _bundle_form() -> DossierBundleForm:
    form = DossierBundleForm()
    form.programme.choices = [(p.id, p.name) for p in installed_programmes(db.session)]
    kreise = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_((OrganisationKind.LANDKREIS, OrganisationKind.STADTKREIS)))
        .order_by(Organisation.name)
    ).all()
    form.kreis.choices = [(0, "alle Kreise")] + [(kreis.id, kreis.name) for kreis in kreise]
    return form


@bp.route("/pruefakten", methods=["GET", "POST"])
@login_required
def order_dossiers():
    require(permissions.can_order_dossiers(g.user))
    form = _bundle_form()
    if not form.is_submitted():
        return render_template("jobs/dossiers.html", form=form)
    if not form.validate():
        return render_template("jobs/dossiers.html", form=form), 400
    programme = db.session.get(Programme, form.programme.data)
    kreis = db.session.get(Organisation, form.kreis.data) if form.kreis.data else None
    year = form.year.data
    count = count_dossiers(db.session, g.user, programme.id, kreis.id if kreis else None, year)
    limit = current_app.config["DOSSIER_BUNDLE_MAX_CASES"]
    if not count or count > limit:
        error = (
            "Für diese Auswahl gibt es keine eingereichten Anträge, die Sie sehen dürfen."
            if not count
            else f"Die Auswahl umfasst {count:,} Anträge; höchstens {limit:,} passen in einen Auftrag. "
            "Bitte grenzen Sie nach Kreis oder Eingangsjahr ein.".replace(",", ".")
        )
        return render_template("jobs/dossiers.html", form=form, error=error), 400
    title = ", ".join(
        filter(
            None,
            [
                f"Prüfakten: {programme.name}",
                kreis.name if kreis else None,
                f"Eingang {year}" if year else None,
                f"{count} Anträge",
            ],
        )
    )
    job = order(
        db.session,
        g.user,
        "dossiers",
        title,
        {"programme_id": programme.id, "kreis_id": kreis.id if kreis else None, "year": year},
    )
    return redirect(url_for("jobs.show", job_id=job.id), 303)


@bp.post("/export/<code>")
@login_required
def order_export(code: str):
    require(permissions.can_view_ministry_overview(g.user))
    programme = load_programme(db.session, code)
    count = export.count_cases(db.session, g.user, programme)
    job = order(
        db.session,
        g.user,
        "case_export",
        f"Antragsliste (Excel): {programme.name}, {count} Anträge",
        {"programme_id": programme.id},
    )
    return redirect(url_for("jobs.show", job_id=job.id), 303)
