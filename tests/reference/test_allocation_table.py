"""Reading and checking a Planungsrahmen table as published, before anything is written (no database)."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from decimal import Decimal
from importlib.resources import files

import pytest

from allocation_files import EXAMPLE_ROWS, EXAMPLE_TOTAL, example_bytes, example_lines, xlsx_of
from workflow.reference.allocation_table import InvalidCell, check_allocation_table, parse_ags, parse_amount

KREISE = {
    row["ags"]
    for row in csv.DictReader(io.StringIO(files("workflow.reference").joinpath("kreise.csv").read_text("utf-8")))
}
KNOWN = {"08111000", "08435057"}


def check(content: bytes):
    return check_allocation_table(content, KNOWN, KREISE)


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


@pytest.mark.parametrize(
    "text,amount",
    [
        ("132.149,00", "132149.00"),
        ("1.234", "1234.00"),
        ("51000", "51000.00"),
        ("51.000,00 €", "51000.00"),
        ("51.000,00\u00a0EUR", "51000.00"),
        ("1 234,5", "1234.50"),
        ("0", "0.00"),
        ("51000.00", "51000.00"),
        (51000, "51000.00"),
        (6921238.69, "6921238.69"),
    ],
)
def test_german_and_numeric_amounts_are_read_exactly(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text,message",
    [
        ("12,34,5", "„12,34,5“ ist kein Betrag im deutschen Zahlenformat"),
        ("", "Der Planungsrahmen fehlt."),
        (None, "Der Planungsrahmen fehlt."),
        ("-5.000,00", "ist negativ"),
        ("−5", "ist negativ"),
        (-1, "ist negativ"),
        ("1,234", "mehr als zwei Nachkommastellen"),
        (0.125, "mehr als zwei Nachkommastellen"),
        ("12.34.5", "kein Betrag im deutschen Zahlenformat"),
        ("zwölf", "kein Betrag im deutschen Zahlenformat"),
        ("1.0000.000", "kein Betrag im deutschen Zahlenformat"),
        ("99.999.999.999,00", "unplausibel hoch"),
        (True, "kein Betrag"),
    ],
)
def test_amounts_that_are_not_amounts_are_named(text, message):
    with pytest.raises(InvalidCell) as refusal:
        parse_amount(text)
    assert message in refusal.value.message


@pytest.mark.parametrize(
    "cell,ags", [("08111000", "08111000"), (" 08 111 000 ", "08111000"), (8111000, "08111000"), (8435057.0, "08435057")]
)
def test_keys_are_read_also_when_excel_dropped_the_leading_zero_of_a_number(cell, ags):
    assert parse_ags(cell) == ags


@pytest.mark.parametrize("cell", ["0811500X", "8111000", "081110000", "09162000", "", None])
def test_malformed_keys_are_refused(cell):
    with pytest.raises(InvalidCell):
        parse_ags(cell)


def test_the_published_example_is_read_completely_and_exactly():
    checked = check(example_bytes())
    assert checked.ok, checked.problems[:5]
    assert len(checked.rows) == EXAMPLE_ROWS
    assert checked.total == EXAMPLE_TOTAL
    assert checked.description == "CSV-Datei, Trennzeichen Semikolon, Zeichenkodierung UTF-8"
    assert checked.rows[0].line == 2 and checked.rows[-1].line == EXAMPLE_ROWS + 1
    tettnang = next(row for row in checked.rows if row.ags == "08435057")
    assert not tettnang.is_new and tettnang.name == "Tettnang, Stadt"


@pytest.mark.parametrize(
    "encoding,description",
    [
        ("utf-8-sig", "UTF-8 mit BOM"),
        ("cp1252", "Windows-1252"),
        ("utf-16", "UTF-16"),
    ],
)
def test_the_example_reads_the_same_in_every_encoding_excel_writes(encoding, description):
    text = example_bytes().decode("utf-8")
    checked = check(text.encode(encoding))
    assert checked.ok and checked.total == EXAMPLE_TOTAL and len(checked.rows) == EXAMPLE_ROWS
    assert description in checked.description
    assert any("ü" in row.name for row in checked.rows)


def test_a_comma_separated_copy_with_quoted_names_and_amounts_reads_the_same():
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    for line in example_lines():
        writer.writerow(line.split(";"))
    checked = check(buffer.getvalue().encode("utf-8"))
    assert checked.ok and checked.total == EXAMPLE_TOTAL
    assert "Komma" in checked.description


def test_columns_are_found_by_their_header_in_any_order_and_other_columns_are_ignored():
    checked = check(
        csv_bytes(
            "Landkreis;Betrag;Name;Gemeindeschlüssel;Bemerkung",
            "Bodenseekreis;97.654,32;Tettnang;08435057;geprüft",
            "Stuttgart;1.234;Stuttgart;08111000;",
        )
    )
    assert checked.ok
    assert [(row.ags, row.amount) for row in checked.rows] == [
        ("08435057", Decimal("97654.32")),
        ("08111000", Decimal("1234.00")),
    ]


def test_a_missing_column_is_reported_on_the_header_line():
    checked = check(csv_bytes("AGS;Gemeinde;Landkreis", "08435057;Tettnang;Bodenseekreis"))
    assert [str(problem) for problem in checked.problems] == [
        "Zeile 1: Die Spalte „Planungsrahmen“ fehlt (erwartet z. B. „Planungsrahmen in EUR“, „Planungsrahmen“ oder „Betrag“)."
    ]
    assert not checked.rows


def test_a_file_without_any_known_header_says_which_columns_it_needs():
    checked = check(csv_bytes("a;b;c", "1;2;3"))
    assert checked.problems[0].line == 1 and "Keine Kopfzeile gefunden" in checked.problems[0].message


def test_two_columns_for_the_same_thing_are_ambiguous():
    checked = check(csv_bytes("AGS;Gemeinde;Planungsrahmen 2018;Planungsrahmen 2019", "08435057;Tettnang;1;2"))
    assert "Mehrere Spalten kommen als „Planungsrahmen“ in Frage" in checked.problems[0].message


def test_every_bad_row_is_reported_with_its_line_and_nothing_else_is_hidden():
    checked = check(
        csv_bytes(
            "AGS;Gemeinde;Planungsrahmen",
            "08435057;Tettnang;97.654,32",
            "",
            "0843505;Kurz;1,00",
            "08999001;Nirgendwo;1,00",
            "08435057;Tettnang doppelt;2,00",
            "08111000;Stuttgart;-3,00",
            "08111001;;4,00",
            "08111002;Neu;",
            "0811500X;Kaputt;12,34,5",
        )
    )
    assert [(problem.line, problem.message) for problem in checked.problems] == [
        (4, "„0843505“ ist kein gültiger Amtlicher Gemeindeschlüssel: erwartet werden 8 Ziffern, beginnend mit 08."),
        (5, "Den Kreis 08999 des Gemeindeschlüssels 08999001 gibt es nicht."),
        (6, "Der Gemeindeschlüssel 08435057 steht bereits in Zeile 2."),
        (7, "Der Planungsrahmen „-3,00“ ist negativ."),
        (8, "Die Gemeinde ist noch nicht bekannt, und ohne ihren Namen kann sie nicht angelegt werden."),
        (9, "Der Planungsrahmen fehlt."),
        (10, "„0811500X“ ist kein gültiger Amtlicher Gemeindeschlüssel: erwartet werden 8 Ziffern, beginnend mit 08."),
        (10, "„12,34,5“ ist kein Betrag im deutschen Zahlenformat (z. B. 132.149,00)."),
    ]


def test_a_known_kreis_makes_an_unknown_gemeinde_new_rather_than_wrong():
    checked = check(csv_bytes("AGS;Gemeinde;Betrag", "08111999;Neudorf am Test;1.000,00"))
    assert checked.ok and [(row.ags, row.name, row.is_new) for row in checked.new_rows] == [
        ("08111999", "Neudorf am Test", True)
    ]


def test_a_total_row_is_skipped_and_mentioned():
    checked = check(csv_bytes("AGS;Gemeinde;Betrag", "08435057;Tettnang;10,00", ";Summe;10,00"))
    assert checked.ok and len(checked.rows) == 1
    assert checked.notes == ("Zeile 3 ist eine Summenzeile und wurde nicht als Gemeinde eingelesen.",)


def test_line_numbers_count_file_lines_also_when_a_quoted_name_spans_two():
    checked = check(csv_bytes("AGS;Gemeinde;Betrag", '08435057;"Tettnang,\r\nStadt";10,00', "08111000;Stuttgart;x"))
    assert [(problem.line, problem.message[:3]) for problem in checked.problems] == [(4, "„x“")]


def test_an_xlsx_with_a_title_and_numbers_as_numbers_is_read_with_its_row_numbers():
    content = xlsx_of(
        ["Betrag", "Gemeindeschlüssel", "Gemeinde"],
        [[97654.32, 8435057, "Tettnang"], [1234, "08111000", "Stuttgart"], ["12,34,5", "08111001", "Neu"]],
        title_rows=[["Planungsrahmen 2018"], []],
    )
    checked = check(content)
    assert checked.description == "Excel-Arbeitsmappe, Blatt „Planungsrahmen“"
    assert [(row.line, row.ags, row.amount) for row in checked.rows] == [
        (4, "08435057", Decimal("97654.32")),
        (5, "08111000", Decimal("1234.00")),
    ]
    assert [problem.line for problem in checked.problems] == [6]


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "Die Datei ist leer."),
        (b"   \r\n", "Die Datei ist leer."),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 100, "Das alte Excel-Format (.xls) wird nicht unterstützt."),
        (b"PK\x03\x04 kaputt", "Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx)."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x81\x8d",
            "weder eine Excel-Arbeitsmappe (.xlsx) noch eine lesbare CSV-Datei",
        ),
        (
            codecs.BOM_UTF8 + b"AGS;Gemeinde;Betrag\r\n\xff\xfe",
            "weder eine Excel-Arbeitsmappe (.xlsx) noch eine lesbare CSV-Datei",
        ),
        (b"AGS;Gemeinde;Betrag\r\n", "Unter der Kopfzeile stehen keine Zeilen mit Planungsrahmen."),
    ],
)
def test_files_that_are_no_table_are_refused_with_a_reason(content, message):
    checked = check(content)
    assert not checked.ok and message in checked.problems[0].message


def test_an_xlsx_that_unpacks_to_a_huge_file_is_refused_before_it_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (101 * 1024 * 1024))
    checked = check(buffer.getvalue())
    assert "Die Excel-Datei ist entpackt 101 MB groß" in checked.problems[0].message


def test_a_published_table_with_a_comma_title_and_a_total_in_the_key_column_reads_cleanly():
    content = (
        "Planungsrahmen VwV Integrationsmanagement, Stand 1. März 2027, alle Angaben in Euro\n"
        "AGS;Gemeinde;Planungsrahmen in EUR\n"
        "08111000;Stuttgart;6.921.238,69\n"
        "08115003;Böblingen;329.786,95\n"
        "Gesamt;;7.251.025,64\n"
    ).encode()
    checked = check_allocation_table(content, {"08111000", "08115003"}, {"08111", "08115"})
    assert not checked.problems
    assert [row.ags for row in checked.rows] == ["08111000", "08115003"]
