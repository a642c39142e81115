"""The work list after the decision: payments, change reports, proofs of use and revocations waiting for me."""
from __future__ import annotations

from flask import Blueprint, g, render_template
from sqlalchemy import and_, or_, select

from workflow import permissions
from workflow.auth import login_required, require
from workflow.db import db
from workflow.engine import procedures
from workflow.engine.programmes import procedure_states_waiting_for
from workflow.models import Application, Procedure, Role

bp = Blueprint("procedure_queue", __name__, url_prefix="/vorgaenge")

LIMIT = 200
ROLES = (Role.CLERK, Role.REVIEWER, Role.APPROVER)


def waiting_for(user):
    """SQL filter: procedures in a state that waits for one of ``user``'s roles."""
    clauses = [and_(Procedure.kind == kind, Procedure.state.in_(states))
               for role in ROLES if user.has_role(role)
               for kind, states in procedure_states_waiting_for(role).items()]
    return or_(*clauses) if clauses else None


@bp.get("/")
@login_required
def index():
    require(any(g.user.has_role(role) for role in ROLES))
    condition = waiting_for(g.user)
    rows = []
    if condition is not None:
        found = db.session.scalars(
            select(Procedure).join(Application, Application.id == Procedure.application_id)
            .where(condition, permissions.visible_applications(g.user))
            .order_by(Procedure.updated_at).limit(LIMIT + 1)
        ).all()
        rows = [(procedure, procedures.title(procedure), procedures.type_of(procedure).workflow.state(procedure.state))
                for procedure in found[:LIMIT]]
        more = len(found) > LIMIT
    else:
        more = False
    return render_template("procedure_queue.html", rows=rows, more=more, limit=LIMIT)
