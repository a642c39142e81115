"""Migration 0024 (claims) on revocations signed before it: each becomes a claim with its receipt, split interest
first (§ 367 BGB); an open repayment period moves to the claim; the history chain still verifies."""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine, select

from post_award_steps import case, enter_sample_base_rates, final_case, on, paid
from workflow import schema
from workflow.db import db
from workflow.security.integrity import verify
from workflow.models import AuditEntry, Deadline, Procedure
from workflow.models.audit import GENESIS_HASH

SIGNED = datetime(2028, 1, 15, 9, 0, tzinfo=timezone.utc)


def _legacy_revocation(connection, application_id: int, actor_id: int, state: str, data: dict) -> int:
    """A revocation as revision 0023 left it, with its signing step in the case's chain."""
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
    )
    revocation = connection.execute(
        procedures.insert()
        .values(
            application_id=application_id,
            kind="revocation",
            number=1,
            state=state,
            amount=100000,
            data=data,
            created_by_id=actor_id,
            created_at=SIGNED,
            updated_at=SIGNED,
        )
        .returning(procedures.c.id)
    ).scalar_one()
    previous = connection.execute(
        select(AuditEntry.entry_hash)
        .where(AuditEntry.application_id == application_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).scalar()
    entry = AuditEntry(
        application_id=application_id,
        transition="sign_revocation",
        from_state="revocation_proposed",
        to_state="issued",
        actor_id=actor_id,
        comment="",
        details={},
        created_at=SIGNED,
        previous_hash=previous or GENESIS_HASH,
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
    entry_id = connection.execute(
        entries.insert()
        .values(
            application_id=application_id,
            procedure_id=revocation,
            transition=entry.transition,
            from_state=entry.from_state,
            to_state=entry.to_state,
            actor_id=actor_id,
            comment="",
            details={},
            created_at=SIGNED,
            previous_hash=entry.previous_hash,
            entry_hash=entry.computed_hash([]),
        )
        .returning(entries.c.id)
    ).scalar_one()
    if state == "issued":
        connection.execute(
            sa.table(
                "deadline",
                sa.column("application_id"),
                sa.column("kind"),
                sa.column("due_on", sa.Date()),
                sa.column("status"),
                sa.column("opened_by_entry_id"),
                sa.column("opened_at", sa.DateTime(timezone=True)),
            )
            .insert()
            .values(
                application_id=application_id,
                kind="repayment",
                due_on=SIGNED.date().replace(month=2, day=14),
                status="open",
                opened_by_entry_id=entry_id,
                opened_at=SIGNED,
            )
        )
    return revocation


def test_earlier_revocation_claims_become_claims_with_their_receipts(app, clock, database_url):
    repaid_case, repaid_clerk = final_case(app)
    open_case, open_clerk = final_case(app)
    with app.app_context():
        enter_sample_base_rates()
        on(clock, "2027-03-01")
        paid(repaid_case, repaid_clerk)
        paid(open_case, open_clerk)
        actor_id = case(repaid_case).created_by_id
        db.session.close()
        engine = create_engine(database_url)
        with engine.connect() as connection, connection.begin():
            command.downgrade(schema.alembic_config(connection), "0023")
        common = {
            "revoked": "54000.00",
            "effective_from": "2027-03-01",
            "granted_before": "58000.00",
            "reasons": "Nicht besetzt.",
            "due_on": "2028-02-14",
            "interest_to_due": "63.51",
        }
        with engine.begin() as connection:
            # Booked whole as the old code did: 1.063,51 € for 1.000 € principal and 63,89 € interest, so 0,38 € open.
            repaid = _legacy_revocation(
                connection,
                repaid_case,
                actor_id,
                "repaid",
                {
                    **common,
                    "received_on": "2028-02-16",
                    "received": "1063.51",
                    "interest_to_receipt": "63.89",
                    "interest_open": "0.38",
                },
            )
            issued = _legacy_revocation(connection, open_case, actor_id, "issued", common)
        schema.upgrade(engine)
        engine.dispose()

        claims = {p.application_id: p for p in db.session.scalars(select(Procedure).where(Procedure.kind == "claim"))}
        settled_not = claims[repaid_case]
        (receipt,) = settled_not.receipts
        assert (receipt.to_interest, str(receipt.to_principal), settled_not.state) == (
            receipt.amount - receipt.to_principal,
            "999.62",
            "open",
        )
        assert str(receipt.to_interest) == "63.89", "interest first: the old booking's 0,38 € are principal still owed"
        assert (
            db.session.get(Procedure, repaid).state == "issued" and db.session.get(Procedure, issued).state == "issued"
        )
        assert claims[open_case].state == "open" and claims[open_case].data["due_on"] == "2028-02-14"
        deadline = db.session.scalars(
            select(Deadline).where(Deadline.application_id == open_case, Deadline.kind == "repayment")
        ).one()
        assert db.session.get(AuditEntry, deadline.opened_by_entry_id).procedure_id == claims[open_case].id
        report = verify(db.session)
        assert report.intact, report.problems
