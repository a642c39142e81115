"""Einwohnerzahlen tables and helpers for the population tests (shared here, not by importing test modules)."""

from __future__ import annotations

import io
from importlib.resources import files

from sqlalchemy import func, select

from conftest import csrf_token_of
from workflow.db import db
from workflow.models import Organisation, PendingPopulationImport, Population, PopulationVersion

PAGE = "/verwaltung/einwohnerzahlen"
TETTNANG = "08435057"
EMMENDINGEN = "08316011"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def demo_table() -> bytes:
    """The demo's own table (every demo Gemeinde, plain numbers, comma-separated)."""
    return files("workflow.demo").joinpath("einwohner.csv").read_bytes()


def demo_rows() -> list[list[str]]:
    return [line.split(",") for line in demo_table().decode("utf-8").splitlines()[1:]]


def published_table(changes: dict[str, str] | None = None, extra: list[str] = ()) -> bytes:
    """The demo table as a statistical office publishes it: title, semicolons, thousands dots, a Summe row.

    ``changes`` replaces the population cell of a Gemeinde by its key; the header is file line 3.
    """
    changes = changes or {}
    lines = ["Bevölkerung der Gemeinden am 31.12.2024", "Gemeindeschlüssel;Gemeinde;Einwohner insgesamt"]
    total = 0
    for ags, name, inhabitants in demo_rows():
        total += int(inhabitants)
        lines.append(f"{ags};{name};{changes.get(ags, f'{int(inhabitants):,}'.replace(',', '.'))}")
    lines.extend(extra)
    lines.append(f";Summe;{total:,}".replace(",", "."))
    return csv_bytes(*lines)


def line_of(ags: str) -> int:
    """The file line of ``ags`` in ``published_table()`` (title 1, header 2, first Gemeinde 3)."""
    return 3 + [row[0] for row in demo_rows()].index(ags)


def snapshot(app):
    """Everything a population import may change."""
    with app.app_context():
        session = db.session
        return (
            session.scalars(select(PopulationVersion.id).where(PopulationVersion.is_current.is_(True))).all(),
            session.scalar(select(func.count()).select_from(PopulationVersion)),
            session.scalar(select(func.count()).select_from(Population)),
            session.scalar(select(func.count()).select_from(Organisation)),
        )


def pending_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PendingPopulationImport))


def upload(client, content: bytes, stichtag: str = "31.12.2024", filename: str = "einwohner.csv"):
    token = csrf_token_of(client.get(PAGE).get_data(as_text=True))
    return client.post(
        PAGE,
        data={"csrf_token": token, "table": (io.BytesIO(content), filename), "reference_date": stichtag},
        content_type="multipart/form-data",
    )


def import_file(app, tmp_path, content: bytes, stichtag: str = "31.12.2024", name: str = "einwohner.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return app.test_cli_runner().invoke(args=["import-population", str(path), "--stichtag", stichtag])
