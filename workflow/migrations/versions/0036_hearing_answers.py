"""a hearing's answers: every Stellungnahme with the day it came in and how

A Widerruf's hearing kept one answer, given in the portal (``hearing_answer``, ``hearing_answered_on``). Answers now
also come by post or fax and are recorded by the authority, several per hearing: each is an entry of
``hearing_answers`` with the day it was received and its channel. Existing answers become portal answers.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

PROCEDURES = sa.table(
    "procedure", sa.column("id", sa.Integer), sa.column("kind", sa.String), sa.column("data", sa.JSON)
)
HEARD_KINDS = ("revocation", "change")


def _heard(connection):
    return connection.execute(
        sa.select(PROCEDURES.c.id, PROCEDURES.c.kind, PROCEDURES.c.data).where(PROCEDURES.c.kind.in_(HEARD_KINDS))
    ).all()


def _store(connection, procedure_id: int, data: dict) -> None:
    connection.execute(PROCEDURES.update().where(PROCEDURES.c.id == procedure_id).values(data=data))


def upgrade() -> None:
    connection = op.get_bind()
    for procedure_id, _, data in _heard(connection):
        if "hearing_answer" not in (data or {}):
            continue
        data = dict(data)
        answer = {"received_on": data.pop("hearing_answered_on"), "via": "portal", "text": data.pop("hearing_answer")}
        _store(connection, procedure_id, {**data, "hearing_answers": [answer]})


def downgrade() -> None:
    connection = op.get_bind()
    procedures = [(procedure_id, kind, data) for procedure_id, kind, data in _heard(connection) if data]
    beyond = [
        procedure_id
        for procedure_id, kind, data in procedures
        if (kind == "change" and "hearing_sent_on" in data)
        or data.get("hearing_waived")
        or len(data.get("hearing_answers", [])) > 1
        or any(answer["via"] != "portal" for answer in data.get("hearing_answers", []))
    ]
    if beyond:
        raise RuntimeError(
            f"{len(beyond)} Verfahren haben eine Anhörung vor einem Änderungsbescheid, eine schriftliche oder mehrere "
            "Stellungnahmen oder keine Anhörung (§ 28 Abs. 2 LVwVfG): Die frühere Fassung kennt nur die Anhörung "
            "vor einem Widerruf mit einer Stellungnahme im Portal."
        )
    for procedure_id, _, data in procedures:
        if "hearing_answers" not in data:
            continue
        data = dict(data)
        (answer,) = data.pop("hearing_answers")
        _store(
            connection,
            procedure_id,
            {**data, "hearing_answer": answer["text"], "hearing_answered_on": answer["received_on"]},
        )
