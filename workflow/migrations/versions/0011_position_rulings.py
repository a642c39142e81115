"""position rulings: a decision per position

Proposals made before this revision decided the application as a whole. They
get rulings so that letters, payments and changes can rely on positions: a
grant grants every position as requested, a rejection refuses every one, and a
partial grant reduces every position to its share of the granted amount
(pro rata to the requested amounts, the rounding cent on the last), with the
proposal's reasons; VZÄ and periods stay as requested, since the lump sum did
not say which was cut.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 10:47:26.997175
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "position_ruling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("fte", sa.Integer(), nullable=False),
        sa.Column("funding_start", sa.Date(), nullable=True),
        sa.Column("funding_end", sa.Date(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"], ["position.id"], name=op.f("fk_position_ruling_position_id_position"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_position_ruling_proposal_id_proposal"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position_ruling")),
    )
    with op.batch_alter_table("position_ruling", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_ruling_position_id"), ["position_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_ruling_proposal_id"), ["proposal_id"], unique=False)
    _rule_existing_proposals(op.get_bind())


def _rule_existing_proposals(connection) -> None:
    rulings = sa.table(
        "position_ruling",
        sa.column("proposal_id"),
        sa.column("position_id"),
        sa.column("outcome"),
        sa.column("fte"),
        sa.column("funding_start"),
        sa.column("funding_end"),
        sa.column("amount"),
        sa.column("reason"),
    )
    proposals = (
        connection.execute(sa.text("SELECT id, application_id, kind, amount, reasons FROM proposal")).mappings().all()
    )
    for proposal in proposals:
        positions = (
            connection.execute(
                sa.text(
                    "SELECT id, fte, funding_start, funding_end, amount FROM position WHERE application_id = :a ORDER BY sort_order"
                ),
                {"a": proposal["application_id"]},
            )
            .mappings()
            .all()
        )
        requested = sum(int(p["amount"]) for p in positions) or 1
        left = int(proposal["amount"])
        for index, position in enumerate(positions):
            if proposal["kind"] == "rejection":
                outcome, cents, fte, start, end = "refused", 0, 0, None, None
            else:
                outcome = "granted" if proposal["kind"] == "grant" else "reduced"
                share = int(
                    (Decimal(int(proposal["amount"])) * int(position["amount"]) / requested).to_integral_value()
                )
                cents = left if index == len(positions) - 1 else share
                left -= cents
                fte, start, end = position["fte"], position["funding_start"], position["funding_end"]
            connection.execute(
                rulings.insert().values(
                    proposal_id=proposal["id"],
                    position_id=position["id"],
                    outcome=outcome,
                    fte=fte,
                    funding_start=start,
                    funding_end=end,
                    amount=cents,
                    reason="" if outcome == "granted" else proposal["reasons"],
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("position_ruling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_ruling_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_position_ruling_position_id"))

    op.drop_table("position_ruling")
