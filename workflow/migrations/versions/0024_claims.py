"""claims: what a Widerruf demands back is a procedure of its own (Forderung) with receipts

A signed Widerruf that demands repayment now opens a claim (``procedure.kind = 'claim'``); money received on it
is a ``receipt`` row, applied costs → interest → principal. Revocations signed before this revision carried the
claim in their own states (issued, repayment_overdue, repaid). Each becomes a claim:

* its principal, due date and first interest day (the day the revocation took effect; the parts by payment were
  not recorded then) are taken over, the revocation itself stays ``issued``;
* a booked repayment becomes a receipt, split as § 367 BGB wants it: first the interest the booking computed up
  to the day of receipt, then principal. A booking that left interest open leaves the claim open for it;
* the claim gets its first history entry (``open_claim``, by the system, chained to the case's newest entry), and
  an open repayment period is handed to it, so the sweep acts on the claim.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 05:30:00
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from workflow.models import AuditEntry
from workflow.models.audit import GENESIS_HASH


revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

STATES = {"issued": "open", "repayment_overdue": "overdue", "repaid": "settled"}


def upgrade() -> None:
    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("to_costs", sa.BigInteger(), nullable=False),
        sa.Column("to_interest", sa.BigInteger(), nullable=False),
        sa.Column("to_principal", sa.BigInteger(), nullable=False),
        sa.Column("budget_year", sa.Integer(), nullable=False),
        sa.Column("audit_entry_id", sa.Integer(), nullable=True),
        sa.Column("booked_by_id", sa.Integer(), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_entry_id"], ["audit_entry.id"], name=op.f("fk_receipt_audit_entry_id_audit_entry")
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_id"], ["user_account.id"], name=op.f("fk_receipt_booked_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_receipt_procedure_id_procedure"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_procedure_id"), ["procedure_id"], unique=False)
    _claims_of_earlier_revocations(op.get_bind())


def _cents(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def _claims_of_earlier_revocations(connection) -> None:
    procedures = sa.table(
        "procedure",
        sa.column("id"),
        sa.column("application_id"),
        sa.column("kind"),
        sa.column("number"),
        sa.column("state"),
        sa.column("amount"),
        sa.column("data", sa.JSON()),
        sa.column("created_by_id"),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("budget_year"),
    )
    receipts = sa.table(
        "receipt",
        sa.column("procedure_id"),
        sa.column("received_on", sa.Date()),
        sa.column("amount"),
        sa.column("to_costs"),
        sa.column("to_interest"),
        sa.column("to_principal"),
        sa.column("budget_year"),
        sa.column("audit_entry_id"),
        sa.column("booked_by_id"),
        sa.column("booked_at", sa.DateTime(timezone=True)),
    )
    entries = sa.table(
        "audit_entry",
        sa.column("id"),
        sa.column("application_id"),
        sa.column("procedure_id"),
        sa.column("transition"),
        sa.column("from_state"),
        sa.column("to_state"),
        sa.column("actor_id"),
        sa.column("comment"),
        sa.column("details", sa.JSON()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("previous_hash"),
        sa.column("entry_hash"),
    )
    revocations = (
        connection.execute(
            sa.select(procedures)
            .where(procedures.c.kind == "revocation", procedures.c.state.in_(list(STATES)), procedures.c.amount > 0)
            .order_by(procedures.c.id)
        )
        .mappings()
        .all()
    )
    if not revocations:
        return
    system_id = connection.execute(sa.text("SELECT id FROM user_account WHERE username = 'system'")).scalar_one()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    for revocation in revocations:
        data = revocation["data"] if isinstance(revocation["data"], dict) else json.loads(revocation["data"] or "{}")
        principal = Decimal(revocation["amount"]) / 100
        state = STATES[revocation["state"]]
        receipt = None
        if revocation["state"] == "repaid":
            received = Decimal(data["received"])
            to_interest = min(Decimal(data.get("interest_to_receipt", "0")), received)
            receipt = (received, to_interest, min(received - to_interest, principal))
            owed = principal + Decimal(data.get("interest_to_receipt", "0"))
            state = "settled" if received >= owed else "open"
        number = (
            connection.execute(
                sa.select(sa.func.coalesce(sa.func.max(procedures.c.number), 0)).where(
                    procedures.c.application_id == revocation["application_id"], procedures.c.kind == "claim"
                )
            ).scalar_one()
            + 1
        )
        claim_data = {
            "source_id": revocation["id"],
            "source_kind": "revocation",
            "source_number": revocation["number"],
            "portions": [{"amount": str(principal), "start": data["effective_from"], "payment_id": None}],
            "due_on": data["due_on"],
            "effective_from": data["effective_from"],
            "costs": [],
            "migrated_from_revocation": True,
        }
        claim_id = connection.execute(
            procedures.insert()
            .values(
                application_id=revocation["application_id"],
                kind="claim",
                number=number,
                state=state,
                amount=revocation["amount"],
                data=claim_data,
                created_by_id=system_id,
                created_at=now,
                updated_at=now,
                budget_year=None,
            )
            .returning(procedures.c.id)
        ).scalar_one()
        entry_id = _history_entry(
            connection,
            entries,
            revocation["application_id"],
            claim_id,
            state,
            system_id,
            now,
            {"principal": str(principal), "due_on": data["due_on"], "opened_after": revocation["id"]},
        )
        if receipt is not None:
            received_on = date.fromisoformat(data["received_on"])
            connection.execute(
                receipts.insert().values(
                    procedure_id=claim_id,
                    received_on=received_on,
                    amount=_cents(receipt[0]),
                    to_costs=0,
                    to_interest=_cents(receipt[1]),
                    to_principal=_cents(receipt[2]),
                    budget_year=received_on.year,
                    audit_entry_id=None,
                    booked_by_id=revocation["created_by_id"],
                    booked_at=now,
                )
            )
        connection.execute(procedures.update().where(procedures.c.id == revocation["id"]).values(state="issued"))
        # The open repayment period now belongs to the claim: the sweep acts on the procedure that opened it.
        connection.execute(
            sa.text(
                "UPDATE deadline SET opened_by_entry_id = :entry WHERE kind = 'repayment' AND status = 'open' "
                "AND opened_by_entry_id IN (SELECT id FROM audit_entry WHERE procedure_id = :revocation)"
            ),
            {"entry": entry_id, "revocation": revocation["id"]},
        )


def _history_entry(connection, entries, application_id, claim_id, state, system_id, now, details) -> int:
    previous = connection.execute(
        sa.select(entries.c.entry_hash)
        .where(entries.c.application_id == application_id)
        .order_by(entries.c.id.desc())
        .limit(1)
    ).scalar()
    entry = AuditEntry(
        application_id=application_id,
        transition="open_claim",
        from_state="new",
        to_state=state,
        actor_id=system_id,
        comment="",
        details=details,
        created_at=now,
        previous_hash=previous or GENESIS_HASH,
    )
    entry_hash = entry.computed_hash([])
    return connection.execute(
        entries.insert()
        .values(
            application_id=application_id,
            procedure_id=claim_id,
            transition="open_claim",
            from_state="new",
            to_state=state,
            actor_id=system_id,
            comment="",
            details=details,
            created_at=now,
            previous_hash=entry.previous_hash,
            entry_hash=entry_hash,
        )
        .returning(entries.c.id)
    ).scalar_one()


def downgrade() -> None:
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_procedure_id"))
    op.drop_table("receipt")
