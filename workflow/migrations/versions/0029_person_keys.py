"""each counselled person's data under a key of its own (crypto-shredding)

Until now every person's data was encrypted with the installation's key, which outlives an erasure: ciphertext
left in SQLite's WAL, PostgreSQL's dead tuples or a backup stayed readable. Each person now gets a data key of
their own, stored wrapped by the installation's key; the erasure deletes it, and a rotation re-wraps the keys
only. The data of before is decrypted with the installation's key and sealed with the new person's key.

Re-encrypting needs the key, so a database with persons needs the application (``foerderweg init``).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-01 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from flask import has_app_context

from workflow.security.crypto import (
    EncryptedBytes,
    EncryptedJSON,
    new_data_key,
    open_json_with,
    open_with,
    seal_json_with,
    seal_with,
)


revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

clients = sa.table(
    "counselling_client",
    sa.column("id", sa.Integer),
    sa.column("personal", sa.Text),
    sa.column("consent_document", sa.LargeBinary),
)
versions = sa.table(
    "counselling_plan_version",
    sa.column("id", sa.Integer),
    sa.column("client_id", sa.Integer),
    sa.column("content", sa.Text),
)
drafts = sa.table(
    "counselling_plan_draft",
    sa.column("client_id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("form_data", sa.Text),
)
keys = sa.table("counselling_person_key", sa.column("client_id", sa.Integer), sa.column("key", sa.LargeBinary))
installation_json, installation_bytes = EncryptedJSON(), EncryptedBytes()


def _convert(bind, client_id: int, json_value, file_value):
    """Re-seal one person's rows: ``json_value(text)`` and ``file_value(bytes)`` turn a stored value into the new one."""
    personal, consent = bind.execute(
        sa.select(clients.c.personal, clients.c.consent_document).where(clients.c.id == client_id)
    ).one()
    bind.execute(
        clients.update()
        .where(clients.c.id == client_id)
        .values(personal=json_value(personal), consent_document=None if consent is None else file_value(consent))
    )
    for version_id, content in bind.execute(
        sa.select(versions.c.id, versions.c.content).where(versions.c.client_id == client_id)
    ).all():
        bind.execute(versions.update().where(versions.c.id == version_id).values(content=json_value(content)))
    for user_id, form_data in bind.execute(
        sa.select(drafts.c.user_id, drafts.c.form_data).where(drafts.c.client_id == client_id)
    ).all():
        bind.execute(
            drafts.update()
            .where(drafts.c.client_id == client_id, drafts.c.user_id == user_id)
            .values(form_data=json_value(form_data))
        )


def _client_ids(bind) -> list[int]:
    found = list(bind.execute(sa.select(clients.c.id)).scalars())
    if found and not has_app_context():
        raise RuntimeError(
            "Diese Migration verschlüsselt die Daten der beratenen Personen neu und braucht dafür den "
            "Schlüssel der Installation: bitte mit „foerderweg init“ ausführen."
        )
    return found


def upgrade() -> None:
    op.create_table(
        "counselling_person_key",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["counselling_client.id"],
            name=op.f("fk_counselling_person_key_client_id_counselling_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_counselling_person_key")),
    )
    bind = op.get_bind()
    for client_id in _client_ids(bind):
        key = new_data_key()
        _convert(
            bind,
            client_id,
            lambda text: seal_json_with(key, installation_json.process_result_value(text, bind.dialect)),
            lambda data: seal_with(key, installation_bytes.process_result_value(data, bind.dialect)),
        )
        bind.execute(
            keys.insert().values(client_id=client_id, key=installation_bytes.process_bind_param(key, bind.dialect))
        )


def downgrade() -> None:
    bind = op.get_bind()
    for client_id in _client_ids(bind):
        wrapped = bind.execute(sa.select(keys.c.key).where(keys.c.client_id == client_id)).scalar_one()
        key = installation_bytes.process_result_value(wrapped, bind.dialect)
        _convert(
            bind,
            client_id,
            lambda text: installation_json.process_bind_param(open_json_with(key, text), bind.dialect),
            lambda data: installation_bytes.process_bind_param(open_with(key, data), bind.dialect),
        )
    op.drop_table("counselling_person_key")
