"""Reading a table as authorities publish it: CSV or Excel (.xlsx), with the file's line numbers.

The format is recognised from the content, not from the file name: an .xlsx
file is a ZIP archive; everything else is read as CSV text in UTF-8 (with or
without byte order mark), UTF-16 with byte order mark, or Windows-1252, the
encoding Excel uses when it saves "CSV (Trennzeichen-getrennt)" in Germany.
The separator is the one of semicolon, tab and comma that the first line
uses most.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable, Iterator, Union
from xml.etree.ElementTree import ParseError  # only the exception openpyxl raises; nothing is parsed here  # nosec B405

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from workflow.formatting import decimal_de
from workflow.office_packages import UPLOAD_LIMITS, PackageRefused, open_package

Cell = Union[str, int, float, Decimal, date, datetime, bool, None]

ZIP_SIGNATURE = b"PK\x03\x04"
# The Compound File signature of the old binary Excel format (.xls).
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SEPARATORS = {";": "Semikolon", "\t": "Tabulator", ",": "Komma"}


class UnreadableTable(ValueError):
    """The file is not a table this module can read; ``message`` says why, in German."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TableRow:
    # The file's line number (a CSV record's first line, an Excel row's number).
    line: int
    cells: tuple[Cell, ...]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else None

    @property
    def is_blank(self) -> bool:
        return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in self.cells)


@dataclass(frozen=True)
class Table:
    # How the file was read, for the report ("CSV, Semikolon, UTF-8").
    description: str
    rows: tuple[TableRow, ...]


def read_table(content: bytes, max_rows: int) -> Table:
    """The rows of ``content``; ``UnreadableTable`` if it is none of the formats above or too long."""
    if not content.strip():
        raise UnreadableTable("Die Datei ist leer.")
    if content.startswith(ZIP_SIGNATURE):
        return _read_xlsx(content, max_rows)
    if content.startswith(XLS_SIGNATURE):
        raise UnreadableTable(
            "Das alte Excel-Format (.xls) wird nicht unterstützt. Bitte speichern Sie die Tabelle in Excel als "
            "„Excel-Arbeitsmappe (.xlsx)“ oder als „CSV (Trennzeichen-getrennt)“."
        )
    return _read_csv(content, max_rows)


def _limited(rows: Iterable[TableRow], max_rows: int) -> tuple[TableRow, ...]:
    kept = []
    for row in rows:
        if len(kept) == max_rows:
            raise UnreadableTable(
                f"Die Datei hat mehr als {decimal_de(max_rows, 0)} Zeilen; so lang ist keine Tabelle dieser Art."
            )
        kept.append(row)
    return tuple(kept)


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith(codecs.BOM_UTF8):
        encodings = (("utf-8-sig", "UTF-8 mit BOM"),)
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = (("utf-16", "UTF-16"),)
    else:
        encodings = (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"))
    for encoding, label in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, label
    raise UnreadableTable(
        "Die Datei ist weder eine Excel-Arbeitsmappe (.xlsx) noch eine lesbare CSV-Datei (erwartet: UTF-8 oder "
        "Windows-1252). Bitte speichern Sie die Tabelle als .xlsx oder als CSV."
    )


SNIFF_LINES = 30


def _separator(text: str) -> str:
    """The separator under which most of the first lines have the same number of columns (more than one).

    Not the first line's: authorities put a title above the header („Planungsrahmen, Stand 1. März 2027“)
    whose commas would otherwise decide. Ties go to the first: semicolon, the German default.
    """
    sample = [line for line in text.splitlines() if line.strip()][:SNIFF_LINES]

    def consistency(separator: str) -> tuple[int, int]:
        widths = [len(record) for record in csv.reader(sample, delimiter=separator)]
        wide = [width for width in widths if width > 1]
        if not wide:
            return (0, 0)
        mode = max(set(wide), key=wide.count)
        return (wide.count(mode), mode)

    return max(SEPARATORS, key=consistency)


def _read_csv(content: bytes, max_rows: int) -> Table:
    text, encoding = _decode(content)
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)

    def rows() -> Iterator[TableRow]:
        line = 1
        try:
            for record in reader:
                yield TableRow(line, tuple(cell.strip() for cell in record))
                line = reader.line_num + 1
        except csv.Error as error:
            raise UnreadableTable(f"Zeile {line}: Die CSV-Datei ist hier nicht lesbar ({error}).") from None

    return Table(
        f"CSV-Datei, Trennzeichen {SEPARATORS[separator]}, Zeichenkodierung {encoding}", _limited(rows(), max_rows)
    )


def _read_xlsx(content: bytes, max_rows: int) -> Table:
    try:
        open_package(content, UPLOAD_LIMITS, "Die Excel-Datei")
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = _limited(
                (
                    TableRow(number, tuple(cell.strip() if isinstance(cell, str) else cell for cell in values))
                    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                ),
                max_rows,
            )
            title = sheet.title
        finally:
            workbook.close()
    except UnreadableTable:
        raise
    except PackageRefused as refusal:
        raise UnreadableTable(refusal.message) from None
    except (zipfile.BadZipFile, InvalidFileException, ParseError, KeyError, ValueError, TypeError, IndexError, OSError):
        raise UnreadableTable(
            "Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx). Bitte öffnen Sie sie in Excel und speichern "
            "Sie sie erneut als .xlsx oder als CSV."
        ) from None
    return Table(f"Excel-Arbeitsmappe, Blatt „{title}“", rows)
