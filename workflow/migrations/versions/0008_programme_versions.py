"""programme versions: settings as JSON, templates per version, positions with programme details

Revision ID: 0008
Revises: 0007

The settings columns of ``programme`` and its ``programme_rate`` rows become
version 1 of each programme, with the Word templates the package ships now;
every application is pinned to it. A position's programme fields (category,
employer, provider) move into its ``details``; its funding starts with the
employment, as the only programme so far defined it.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from importlib import import_module
from importlib.resources import files

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SETTING_COLUMNS = (
    "legal_basis",
    "purpose",
    "funding_months",
    "threshold",
    "min_fte",
    "positions_start_earliest",
    "positions_start_latest",
    "notification_fiction_days",
    "remedy_period_months",
    "remedy_text",
    "response_period_days",
    "reminder_days_before",
    "proof_of_use_months",
)
MONEY_SETTINGS = ("threshold",)
FTE_SETTINGS = ("min_fte",)


def _money(cents) -> str:
    return str((Decimal(int(cents)) / 100).quantize(Decimal("0.01")))


def _settings_of(connection, programme) -> dict:
    settings = {}
    for name in SETTING_COLUMNS:
        value = programme[name]
        if name in MONEY_SETTINGS or name in FTE_SETTINGS:
            value = _money(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif name.startswith("positions_start"):
            value = str(value)[:10]
        settings[name] = value
    rates = connection.execute(
        sa.text(
            "SELECT category, label, amount_per_fte_year FROM programme_rate WHERE programme_id = :id ORDER BY category"
        ),
        {"id": programme["id"]},
    ).mappings()
    settings["rates"] = [
        {"category": r["category"], "label": r["label"], "amount": _money(r["amount_per_fte_year"])} for r in rates
    ]
    return settings


def _package_templates(code: str) -> list[tuple[str, str, bytes]]:
    """(kind, filename, content) of the templates the programme package ships, if it is installed."""
    try:
        definition = import_module(f"workflow.programmes.{code}").DEFINITION
    except (ImportError, AttributeError):
        return []
    return [
        (kind, f"{code}/{name}", files(definition.templates.package).joinpath(name).read_bytes())
        for kind, name in sorted(definition.templates.files.items())
    ]


def upgrade() -> None:
    op.create_table(
        "programme_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_programme_version_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_version_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_version")),
        sa.UniqueConstraint("programme_id", "number", name=op.f("uq_programme_version_programme_id_number")),
    )
    with op.batch_alter_table("programme_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_version_programme_id"), ["programme_id"], unique=False)
    op.create_table(
        "programme_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["programme_version.id"],
            name=op.f("fk_programme_template_version_id_programme_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_template")),
        sa.UniqueConstraint("version_id", "kind", name=op.f("uq_programme_template_version_id_kind")),
    )
    with op.batch_alter_table("programme_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_template_version_id"), ["version_id"], unique=False)

    connection = op.get_bind()
    version_table = sa.table(
        "programme_version",
        sa.column("id"),
        sa.column("programme_id"),
        sa.column("number"),
        sa.column("settings", sa.JSON()),
        sa.column("is_active"),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("activated_at", sa.DateTime(timezone=True)),
        sa.column("note"),
    )
    template_table = sa.table(
        "programme_template",
        sa.column("version_id"),
        sa.column("kind"),
        sa.column("filename"),
        sa.column("sha256"),
        sa.column("content", sa.LargeBinary()),
    )
    now = sa.func.current_timestamp()
    versions = {}
    for programme in connection.execute(sa.text("SELECT * FROM programme")).mappings().all():
        connection.execute(
            version_table.insert().values(
                programme_id=programme["id"],
                number=1,
                settings=_settings_of(connection, programme),
                is_active=True,
                created_at=now,
                activated_at=now,
                note="Übernommen aus den bisherigen Programmeinstellungen",
            )
        )
        version_id = connection.execute(
            sa.text("SELECT id FROM programme_version WHERE programme_id = :id"), {"id": programme["id"]}
        ).scalar_one()
        versions[programme["id"]] = version_id
        for kind, filename, content in _package_templates(programme["code"]):
            connection.execute(
                template_table.insert().values(
                    version_id=version_id,
                    kind=kind,
                    filename=filename,
                    sha256=hashlib.sha256(content).hexdigest(),
                    content=content,
                )
            )

    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(sa.Column("programme_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
    for programme_id, version_id in versions.items():
        connection.execute(
            sa.text("UPDATE application SET programme_version_id = :v WHERE programme_id = :p"),
            {"v": version_id, "p": programme_id},
        )
    connection.execute(sa.table("application", sa.column("details", sa.JSON())).update().values(details={}))
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.alter_column("programme_version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("details", existing_type=sa.JSON(), nullable=False)
        batch_op.create_index(batch_op.f("ix_application_programme_version_id"), ["programme_version_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_application_programme_version_id_programme_version"),
            "programme_version",
            ["programme_version_id"],
            ["id"],
        )

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.add_column(sa.Column("funding_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
    rows = (
        connection.execute(sa.text("SELECT id, category, employer_kind, provider_name FROM position")).mappings().all()
    )
    positions = sa.table("position", sa.column("id"), sa.column("details", sa.JSON()))
    for row in rows:
        details = {
            "category": row["category"],
            "employer_kind": row["employer_kind"],
            "provider_name": row["provider_name"],
        }
        connection.execute(positions.update().where(positions.c.id == row["id"]).values(details=details))
    connection.execute(sa.text("UPDATE position SET funding_start = employment_start"))
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.alter_column("funding_start", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("details", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("category")
        batch_op.drop_column("employer_kind")
        batch_op.drop_column("provider_name")

    op.drop_table("programme_rate")
    with op.batch_alter_table("programme", schema=None) as batch_op:
        for name in SETTING_COLUMNS:
            batch_op.drop_column(name)


def downgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_basis", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("purpose", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("funding_months", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("threshold", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("min_fte", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("positions_start_earliest", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("positions_start_latest", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("notification_fiction_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("remedy_period_months", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("remedy_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("response_period_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reminder_days_before", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("proof_of_use_months", sa.Integer(), nullable=True))
    op.create_table(
        "programme_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("amount_per_fte_year", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_rate_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_rate")),
        sa.UniqueConstraint("programme_id", "category", name=op.f("uq_programme_rate_programme_id_category")),
    )
    active = (
        connection.execute(
            sa.text("SELECT programme_id, settings FROM programme_version WHERE is_active = :yes"), {"yes": True}
        )
        .mappings()
        .all()
    )
    for row in active:
        settings = row["settings"] if isinstance(row["settings"], dict) else json.loads(row["settings"])
        values = {name: settings.get(name) for name in SETTING_COLUMNS}
        for name in MONEY_SETTINGS + FTE_SETTINGS:
            values[name] = int(Decimal(str(values[name])) * 100)
        programmes = sa.table("programme", sa.column("id"), *(sa.column(name) for name in SETTING_COLUMNS))
        connection.execute(programmes.update().where(programmes.c.id == row["programme_id"]).values(**values))
        for rate in settings.get("rates", []):
            connection.execute(
                sa.text(
                    "INSERT INTO programme_rate (programme_id, category, label, amount_per_fte_year) VALUES (:p, :c, :l, :a)"
                ),
                {
                    "p": row["programme_id"],
                    "c": rate["category"],
                    "l": rate["label"],
                    "a": int(Decimal(rate["amount"]) * 100),
                },
            )
    with op.batch_alter_table("programme", schema=None) as batch_op:
        for name in ("legal_basis", "purpose", "remedy_text"):
            batch_op.alter_column(name, existing_type=sa.Text(), nullable=False)
        for name in (
            "funding_months",
            "min_fte",
            "notification_fiction_days",
            "remedy_period_months",
            "response_period_days",
            "reminder_days_before",
            "proof_of_use_months",
        ):
            batch_op.alter_column(name, existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("threshold", existing_type=sa.BigInteger(), nullable=False)
        for name in ("positions_start_earliest", "positions_start_latest"):
            batch_op.alter_column(name, existing_type=sa.Date(), nullable=False)

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("employer_kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("category", sa.String(length=8), nullable=True))
    for row in connection.execute(sa.text("SELECT id, details FROM position")).mappings().all():
        details = row["details"] if isinstance(row["details"], dict) else json.loads(row["details"])
        connection.execute(
            sa.text("UPDATE position SET category = :c, employer_kind = :e, provider_name = :n WHERE id = :id"),
            {
                "c": details.get("category", ""),
                "e": details.get("employer_kind", "own"),
                "n": details.get("provider_name"),
                "id": row["id"],
            },
        )
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.alter_column("category", existing_type=sa.String(length=8), nullable=False)
        batch_op.alter_column("employer_kind", existing_type=sa.String(length=16), nullable=False)
        batch_op.drop_column("details")
        batch_op.drop_column("funding_start")

    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_application_programme_version_id_programme_version"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_application_programme_version_id"))
        batch_op.drop_column("details")
        batch_op.drop_column("programme_version_id")
    with op.batch_alter_table("programme_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_template_version_id"))
    op.drop_table("programme_template")
    with op.batch_alter_table("programme_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_version_programme_id"))
    op.drop_table("programme_version")
