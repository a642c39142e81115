"""A database at revision 0007 (before programme versions) holding Integrationsmanagement cases, in plain SQL.

At 0007 the settings were columns of ``programme`` (amounts in cents, VZÄ in
hundredths), the Festbeträge rows of ``programme_rate``, and a position had its
own columns category, employer_kind and provider_name. Nothing here uses the
models of today except ``AuditEntry.computed_hash``, so that the chain is one
``foerderweg verify`` accepts.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

import sqlalchemy as sa

from workflow.engine.programmes import definition_for
from workflow.models import AuditEntry

SUBMITTED_AT = datetime(2027, 2, 3, 9, 30, tzinfo=timezone.utc)
IM = definition_for("integrationsmanagement")
DEFAULTS = {setting.name: setting.default for setting in IM.all_settings}
RATES = {"a": 5800000, "b": 5200000, "c": 4600000}  # cents per VZÄ and year
PROVIDER = "Caritas Bodensee-Oberschwaben"


def _column(name, value):
    kinds = ((datetime, sa.DateTime(timezone=True)), (date, sa.Date()), (dict, sa.JSON()), (bytes, sa.LargeBinary()))
    return sa.column(name, next((kind for python, kind in kinds if isinstance(value, python)), None))


def insert(connection, table: str, *rows: dict) -> None:
    """Rows with their ids given; on PostgreSQL the id sequence then moves past them, as it would have."""
    columns = [_column(name, value) for name, value in rows[0].items()]
    connection.execute(sa.table(table, *columns).insert(), list(rows))
    if connection.dialect.name == "postgresql" and "id" in rows[0]:
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608 (fixed names)
                f"(SELECT MAX(id) FROM {table}))"
            )
        )


def _organisations(connection) -> None:
    insert(
        connection,
        "organisation",
        dict(
            id=1,
            kind="land",
            name="Baden-Württemberg",
            ags="08",
            parent_id=None,
            kreis_id=None,
            regierungsbezirk_id=None,
            authority_name="Ministerium für Soziales, Gesundheit und Integration",
        ),
        dict(
            id=2,
            kind="regierungsbezirk",
            name="Regierungsbezirk Stuttgart",
            ags="081",
            parent_id=1,
            kreis_id=None,
            regierungsbezirk_id=None,
            authority_name="Regierungspräsidium Stuttgart",
        ),
        dict(
            id=3,
            kind="regierungsbezirk",
            name="Regierungsbezirk Tübingen",
            ags="084",
            parent_id=1,
            kreis_id=None,
            regierungsbezirk_id=None,
            authority_name="Regierungspräsidium Tübingen",
        ),
        dict(
            id=4,
            kind="landkreis",
            name="Bodenseekreis",
            ags="08435",
            parent_id=3,
            kreis_id=None,
            regierungsbezirk_id=3,
            authority_name=None,
        ),
        dict(
            id=5,
            kind="gemeinde",
            name="Tettnang",
            ags="08435057",
            parent_id=4,
            kreis_id=4,
            regierungsbezirk_id=3,
            authority_name=None,
        ),
    )
    insert(
        connection,
        "user_account",
        dict(
            id=1,
            username="kommune.tettnang",
            full_name="Sabine Gröner",
            email="groener@example.invalid",
            password_hash="!",
            organisation_id=5,
            active=True,
            created_at=SUBMITTED_AT,
        ),
    )
    insert(connection, "user_role", dict(user_id=1, role="clerk"))


def _programme(connection) -> None:
    insert(
        connection,
        "programme",
        dict(
            id=1,
            code="integrationsmanagement",
            name="VwV Integrationsmanagement",
            legal_basis=DEFAULTS["legal_basis"],
            purpose=DEFAULTS["purpose"],
            budget=11600000000,
            funding_months=24,
            threshold=5100000,
            min_fte=25,
            positions_start_earliest=date(2027, 1, 1),
            positions_start_latest=date(2027, 12, 31),
            notification_fiction_days=3,
            remedy_period_months=1,
            remedy_text=DEFAULTS["remedy_text"],
            response_period_days=14,
            reminder_days_before=3,
            proof_of_use_months=3,
            routing="central",
            authority_id=2,
            file_number_prefix="RPS-IM",
        ),
    )
    labels = {row["category"]: row["label"] for row in DEFAULTS["rates"]}
    insert(
        connection,
        "programme_rate",
        *(
            dict(id=number, programme_id=1, category=category, label=labels[category], amount_per_fte_year=cents)
            for number, (category, cents) in enumerate(RATES.items(), start=1)
        ),
    )


def _application(connection, application_id: int, state: str, file_number, amounts: dict) -> None:
    insert(
        connection,
        "application",
        dict(
            id=application_id,
            programme_id=1,
            applicant_id=5,
            consortium_id=None,
            state=state,
            file_number=file_number,
            revision=2,
            draft_data={"contact_name": "Sabine Gröner"},
            created_by_id=1,
            created_at=SUBMITTED_AT,
            updated_at=SUBMITTED_AT,
            submitted_at=SUBMITTED_AT if file_number else None,
            contact_name="Sabine Gröner",
            contact_phone="07542 510-0",
            contact_email="groener@example.invalid",
            account_holder="Stadt Tettnang",
            iban="DE02600501010002034304",
            bic="SOLADEST600",
            bank_name="BW-Bank",
            reviewer_id=None,
            decision_kind=None,
            granted_amount=None,
            decided_at=None,
            **amounts,
        ),
    )


POSITIONS = (
    # id, person, category, fte (hundredths), employment start, funding end, employer, provider, amount (cents)
    (1, "Anna Beispiel", "a", 50, date(2027, 3, 1), date(2029, 2, 28), "own", None, 5800000),
    (2, "Ben Muster", "b", 100, date(2027, 5, 15), date(2029, 5, 14), "provider", PROVIDER, 10400000),
)


def _submission(connection, application_id: int) -> None:
    """The submit entry of the case with its two letters, chained as the application wrote it."""
    letters = [
        ("application", "Antrag", IM.templates.read("application")),
        ("receipt", "Eingangsbestätigung", IM.templates.read("receipt")),
    ]
    entry = AuditEntry(
        application_id=application_id,
        transition="submit",
        from_state="draft",
        to_state="submitted",
        actor_id=1,
        comment="",
        details={"requested_amount": "162000.00"},
        created_at=SUBMITTED_AT,
        previous_hash="0" * 64,
    )
    digests = [hashlib.sha256(content).hexdigest() for _, _, content in letters]
    insert(
        connection,
        "audit_entry",
        dict(
            id=1,
            application_id=application_id,
            transition=entry.transition,
            from_state=entry.from_state,
            to_state=entry.to_state,
            actor_id=1,
            comment="",
            details=entry.details,
            created_at=SUBMITTED_AT,
            previous_hash=entry.previous_hash,
            entry_hash=entry.computed_hash(digests),
        ),
    )
    insert(
        connection,
        "document",
        *(
            dict(
                id=number,
                application_id=application_id,
                audit_entry_id=1,
                kind=kind,
                title=title,
                filename=f"{title}_RPS-IM-2027-0001.docx",
                template_name=f"{kind}.docx",
                template_sha256=digest,
                sha256=digest,
                size=len(content),
                created_at=SUBMITTED_AT,
                created_by_id=1,
                content=content,
            )
            for number, ((kind, title, content), digest) in enumerate(zip(letters, digests), start=1)
        ),
    )


def build_0007_cases(connection) -> dict[str, int]:
    """A submitted case with two positions and its letters, and a draft; their ids by state."""
    _organisations(connection)
    _programme(connection)
    total = sum(amount for *_, amount in POSITIONS)
    _application(
        connection,
        1,
        "submitted",
        "RPS-IM-2027-0001",
        dict(computed_amount=total, pooled_allocation=20000000, requested_amount=total),
    )
    insert(
        connection,
        "position",
        *(
            dict(
                id=pid,
                application_id=1,
                sort_order=pid - 1,
                person_name=person,
                category=category,
                fte=fte,
                employment_start=start,
                funding_end=end,
                employer_kind=employer,
                provider_name=provider,
                amount=amount,
            )
            for pid, person, category, fte, start, end, employer, provider, amount in POSITIONS
        ),
    )
    _submission(connection, 1)
    _application(
        connection, 2, "draft", None, dict(computed_amount=None, pooled_allocation=None, requested_amount=None)
    )
    return {"submitted": 1, "draft": 2}
