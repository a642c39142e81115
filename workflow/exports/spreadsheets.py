"""Every CSV and XLSX file the project writes is made here, and every cell of it passes ``inert``.

A cell a clerk filled („=HYPERLINK(…)“ as account holder, in an answer, in a name) would otherwise run as a
formula when the cash office or an auditor opens the file in a spreadsheet program (CSV injection). Text
that begins with one of OWASP's formula characters gets a leading apostrophe, which spreadsheet programs
show as text; XLSX cells of text are moreover typed as text, never as formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Optional, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

# OWASP, "CSV Injection": equals, plus, minus, at, tab and carriage return begin a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """``value``, with text that a spreadsheet would run as a formula made plain text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class CsvTable:
    """A CSV file written row by row: semicolons and UTF-8 with byte order mark, as Excel in German opens it."""

    def __init__(self, header: Sequence[str]):
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, delimiter=";")
        self.add(header)

    def add(self, row: Iterable[Any]) -> None:
        self._writer.writerow([inert(value) for value in row])

    def content(self) -> bytes:
        return ("\ufeff" + self._text.getvalue()).encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> bytes:
    table = CsvTable(header)
    for row in rows:
        table.add(row)
    return table.content()


class XlsxTable:
    """A one-sheet workbook written row by row (openpyxl streams the rows to a temporary file), header frozen."""

    def __init__(self, title: str, header: Sequence[str], widths: Optional[Sequence[float]] = None):
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(title)
        for index, width in enumerate(widths or (), start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        self.add(header)

    def add(self, row: Iterable[Any], number_formats: Sequence[Optional[str]] = ()) -> None:
        values = list(row)
        formats = list(number_formats) + [None] * (len(values) - len(number_formats))
        self._sheet.append([self._cell(value, number_format) for value, number_format in zip(values, formats)])

    def _cell(self, value: Any, number_format: Optional[str]) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, value=inert(value))
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text begins with
        if number_format is not None:
            cell.number_format = number_format
        return cell

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()
