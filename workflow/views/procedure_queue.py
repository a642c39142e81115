"""The work list after the decision: payments, change reports, proofs of use and revocations waiting for me."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from workflow import permissions
from workflow.security.auth import login_required, require
from workflow.db import db
from workflow.engine import procedures
from workflow.models import Application, Procedure, Role

bp = Blueprint("procedure_queue", __name__, url_prefix="/vorgaenge")

LIMIT = 200
ROLES = (Role.CLERK, Role.REVIEWER, Role.APPROVER)


@bp.get("/")
@login_required
def index():
    require(any(g.user.has_role(role) for role in ROLES))
    condition = procedures.waiting_for(*[role for role in ROLES if g.user.has_role(role)])
    rows = []
    if condition is not None:
        found = db.session.scalars(
            select(Procedure)
            .join(Application, Application.id == Procedure.application_id)
            .where(condition, permissions.visible_applications(g.user))
            .options(contains_eager(Procedure.application))
            .order_by(Procedure.updated_at)
            .limit(LIMIT + 1)
        ).all()
        rows = [
            (procedure, procedures.title(procedure), procedures.type_of(procedure).workflow.state(procedure.state))
            for procedure in found[:LIMIT]
        ]
        more = len(found) > LIMIT
    else:
        more = False
    return render_template(
        "procedure_queue.html", rows=rows, more=more, limit=LIMIT, rounds=permissions.can_sign_rounds(g.user)
    )
