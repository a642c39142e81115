"""TOTP secrets encrypted; one-time links out of the stored mail

The TOTP secrets were base32 in clear: whoever read the database or a backup could make a person's codes. They are
now ciphertext under the installation's key (``workflow.security.crypto``), so the column becomes text. Invitation and reset
mails kept their link in the body after sending, and a link not used yet still opened the account: the link now
waits encrypted in ``sealed_link`` until the mail is sent, and the body holds a placeholder. Mail of before:
a sent mail loses its link, a queued one keeps it sealed.

Encrypting needs the key, so rows to encrypt need the application (``foerderweg init``).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op
from flask import has_app_context

from workflow.security.crypto import EncryptedJSON


revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

LINK = re.compile(r"https?://\S+/passwort-setzen/\S+")
PLACEHOLDER = "[Der persönliche Link steht nur in der versandten E-Mail.]"
users = sa.table("user_account", sa.column("id", sa.Integer), sa.column("totp_secret", sa.Text))
mails = sa.table(
    "outgoing_mail",
    sa.column("id", sa.Integer),
    sa.column("body", sa.Text),
    sa.column("status", sa.String),
    sa.column("sealed_link", sa.Text),
)
sealed = EncryptedJSON()


def _need_key(rows: list) -> list:
    if rows and not has_app_context():
        raise RuntimeError(
            "Diese Migration verschlüsselt gespeicherte Geheimnisse und braucht dafür den Schlüssel der "
            "Installation: bitte mit „foerderweg init“ ausführen."
        )
    return rows


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=64), type_=sa.Text(), existing_nullable=True
        )
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed_link", sa.Text(), nullable=True))
    bind = op.get_bind()
    for user_id, secret in _need_key(
        bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))).all()
    ):
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(totp_secret=sealed.process_bind_param(secret, bind.dialect))
        )
    for mail_id, body, status in _need_key(
        bind.execute(
            sa.select(mails.c.id, mails.c.body, mails.c.status).where(mails.c.body.like("%/passwort-setzen/%"))
        ).all()
    ):
        link = LINK.search(body)
        if link is None:
            continue
        waiting = sealed.process_bind_param(link.group(0), bind.dialect) if status == "queued" else None
        bind.execute(
            mails.update()
            .where(mails.c.id == mail_id)
            .values(body=body.replace(link.group(0), PLACEHOLDER), sealed_link=waiting)
        )


def downgrade() -> None:
    bind = op.get_bind()
    for mail_id, body, link in _need_key(
        bind.execute(
            sa.select(mails.c.id, mails.c.body, mails.c.sealed_link).where(mails.c.sealed_link.is_not(None))
        ).all()
    ):
        bind.execute(
            mails.update()
            .where(mails.c.id == mail_id)
            .values(body=body.replace(PLACEHOLDER, sealed.process_result_value(link, bind.dialect)))
        )
    for user_id, secret in _need_key(
        bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))).all()
    ):
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(totp_secret=sealed.process_result_value(secret, bind.dialect))
        )
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_column("sealed_link")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.Text(), type_=sa.String(length=64), existing_nullable=True
        )
