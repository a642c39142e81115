"""Running the Planungsrahmen import from the command line, and what it may change, for the import tests."""
from __future__ import annotations

from sqlalchemy import func, select

from workflow.db import db
from workflow.models import Allocation, AllocationVersion, Organisation


def import_file(app, tmp_path, content: bytes, name: str = "planungsrahmen.csv", *options: str):
    path = tmp_path / name
    path.write_bytes(content)
    return app.test_cli_runner().invoke(args=["import-allocations", str(path), "--programme", "integrationsmanagement", *options])


def snapshot(app):
    """Everything an import may change."""
    with app.app_context():
        session = db.session
        return (
            session.scalars(select(AllocationVersion.id).where(AllocationVersion.is_current.is_(True))).all(),
            session.scalar(select(func.count()).select_from(AllocationVersion)),
            session.scalar(select(func.count()).select_from(Allocation)),
            session.scalar(select(func.count()).select_from(Organisation)),
        )
