"""Planungsrahmen tables for the import tests: the example table (tests/data), broken copies of it, an XLSX version;
running the import on one from the command line, and what an import may change."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from workflow.db import db
from workflow.models import Allocation, AllocationVersion, Organisation

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "planungsrahmen_im_2018_beispiel.csv"
EXAMPLE_ROWS = 1101
EXAMPLE_TOTAL = Decimal("116000000.00")


def example_bytes() -> bytes:
    return EXAMPLE.read_bytes()


def example_lines() -> list[str]:
    return example_bytes().decode("utf-8").splitlines()


def with_lines_replaced(replacements: dict[int, str]) -> bytes:
    """The example with the given file lines (header = line 1) replaced, as published (CRLF, UTF-8)."""
    lines = example_lines()
    for number, text in replacements.items():
        lines[number - 1] = text
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def cells(line: str) -> list[str]:
    return line.split(";")


def german(amount: Decimal) -> str:
    """51000.5 → '51000,50' (as the example writes amounts, without thousands dots)."""
    return f"{amount:.2f}".replace(".", ",")


def line_of(ags: str) -> int:
    """The file line (header = 1) of the Gemeinde ``ags`` in the example."""
    return next(number for number, line in enumerate(example_lines(), start=1) if line.startswith(ags + ";"))


def example_amount(ags: str) -> Decimal:
    return Decimal(cells(example_lines()[line_of(ags) - 1])[3].replace(".", "").replace(",", "."))


def with_amounts_replaced(amounts: dict[str, Decimal]) -> bytes:
    """The example with the given Gemeinden's amounts replaced."""
    replacements = {}
    for ags, amount in amounts.items():
        row = cells(example_lines()[line_of(ags) - 1])
        row[3] = german(amount)
        replacements[line_of(ags)] = ";".join(row)
    return with_lines_replaced(replacements)


def broken_example() -> tuple[bytes, int, int]:
    """The example with one malformed key and one '12,34,5' amount; the two line numbers."""
    lines = example_lines()
    bad_key, bad_amount = 18, 777
    key_row, amount_row = cells(lines[bad_key - 1]), cells(lines[bad_amount - 1])
    key_row[0] = "0811500X"
    amount_row[3] = "12,34,5"
    return with_lines_replaced({bad_key: ";".join(key_row), bad_amount: ";".join(amount_row)}), bad_key, bad_amount


def xlsx_of(header: list[str], rows: list[list[object]], title_rows: list[list[object]] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Planungsrahmen"
    for row in (*title_rows, header, *rows):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def example_as_xlsx() -> bytes:
    """The example in another column order (amount as a number, key as text, Kreis last), with a title row."""
    rows = [cells(line) for line in example_lines()[1:]]
    return xlsx_of(
        ["Planungsrahmen in EUR", "Amtlicher Gemeindeschlüssel", "Name", "Landkreis"],
        [[float(amount.replace(".", "").replace(",", ".")), ags, name, kreis] for ags, name, kreis, amount in rows],
        title_rows=[["Planungsrahmen VwV Integrationsmanagement (Beispiel)"], []],
    )


def import_file(app, tmp_path, content: bytes, name: str = "planungsrahmen.csv", *options: str):
    path = tmp_path / name
    path.write_bytes(content)
    return app.test_cli_runner().invoke(
        args=["import-allocations", str(path), "--programme", "integrationsmanagement", *options]
    )


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
