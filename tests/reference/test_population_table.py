"""Checking a table of Einwohnerzahlen before anything is written (no database)."""

from __future__ import annotations

import pytest

from allocation_files import xlsx_of
from population_files import EMMENDINGEN, TETTNANG, csv_bytes, demo_rows, demo_table, line_of, published_table
from workflow.reference.population_table import check_population_table, parse_inhabitants
from workflow.reference.reference_table import InvalidCell

KNOWN = {row[0] for row in demo_rows()}


def check(content: bytes):
    return check_population_table(content, KNOWN)


def messages(checked) -> list[str]:
    return [str(problem) for problem in checked.problems]


@pytest.mark.parametrize(
    "cell,inhabitants",
    [
        ("25.310", 25310),
        ("25310", 25310),
        ("1.234.567", 1234567),
        ("25 310", 25310),
        ("25\u202f310", 25310),
        (25310, 25310),
        (25310.0, 25310),
        ("7", 7),
    ],
)
def test_whole_numbers_also_with_german_thousands_are_read(cell, inhabitants):
    assert parse_inhabitants(cell) == inhabitants


@pytest.mark.parametrize(
    "cell,message",
    [
        (None, "Die Einwohnerzahl fehlt."),
        ("", "Die Einwohnerzahl fehlt."),
        ("-25", "Die Einwohnerzahl „-25“ ist negativ."),
        ("-25.310", "ist negativ"),
        (-3, "ist negativ"),
        ("25.310,5", "„25.310,5“ ist keine ganze Zahl."),
        ("25310,0", "ist keine ganze Zahl"),
        (25310.5, "„25.310,5“ ist keine ganze Zahl."),
        ("25.31", "„25.31“ ist keine Einwohnerzahl"),
        ("zwölf", "„zwölf“ ist keine Einwohnerzahl"),
        ("0", "Die Einwohnerzahl ist 0"),
        ("12.345.678", "unplausibel hoch"),
        (True, "keine Einwohnerzahl"),
    ],
)
def test_cells_that_are_no_population_are_named_in_german(cell, message):
    with pytest.raises(InvalidCell) as refused:
        parse_inhabitants(cell)
    assert message in refused.value.message


def test_the_demo_table_is_read_completely():
    checked = check(demo_table())
    assert checked.ok, messages(checked)
    assert len(checked.rows) == len(demo_rows()) == 95
    assert checked.total == sum(int(row[2]) for row in demo_rows())
    assert checked.description == "CSV-Datei, Trennzeichen Komma, Zeichenkodierung UTF-8"


def test_a_published_table_with_title_thousands_dots_and_summe_row_is_read_with_file_lines():
    checked = check(published_table())
    assert checked.ok, messages(checked)
    assert checked.total == sum(int(row[2]) for row in demo_rows())
    by_key = {row.ags: row for row in checked.rows}
    assert by_key[EMMENDINGEN].inhabitants == 27977 and by_key[EMMENDINGEN].line == line_of(EMMENDINGEN)
    assert by_key[TETTNANG].name == "Tettnang"
    summe_line = 3 + len(demo_rows())
    assert checked.notes == (f"Zeile {summe_line} ist eine Summenzeile und wurde nicht als Gemeinde eingelesen.",)


@pytest.mark.parametrize("header", ["Einwohner", "Einwohnerzahl", "Bevölkerung", "Insgesamt", "Bevölkerung insgesamt"])
def test_the_population_column_is_found_by_its_usual_headers(header):
    checked = check(csv_bytes(f"AGS;{header}", f"{TETTNANG};19.437"))
    assert checked.ok, messages(checked)
    assert checked.rows[0].inhabitants == 19437 and checked.rows[0].name == ""


def test_men_women_and_density_beside_the_total_are_no_ambiguity():
    checked = check(
        csv_bytes(
            "AGS;Name;Bevölkerung männlich;Bevölkerung weiblich;Einwohner je km²;Bevölkerung insgesamt",
            f"{TETTNANG};Tettnang;9.700;9.737;273;19.437",
        )
    )
    assert checked.ok, messages(checked)
    assert checked.rows[0].inhabitants == 19437


def test_every_refusal_names_its_line():
    content = published_table(
        {TETTNANG: "-5", EMMENDINGEN: "27.977,5", "08111000": "", "08115003": "viele"},
        extra=["08999999;Nirgendwo;100", "08435057;Tettnang doppelt;19.437", "0843505X;Kaputt;100"],
    )
    checked = check(content)
    assert not checked.ok
    last = 3 + len(demo_rows())
    assert messages(checked) == [
        f"Zeile {line_of('08111000')}: Die Einwohnerzahl fehlt.",
        f"Zeile {line_of('08115003')}: „viele“ ist keine Einwohnerzahl: erwartet wird eine ganze Zahl wie 25310 oder 25.310.",
        f"Zeile {line_of(EMMENDINGEN)}: Die Einwohnerzahl „27.977,5“ ist keine ganze Zahl.",
        f"Zeile {line_of(TETTNANG)}: Die Einwohnerzahl „-5“ ist negativ.",
        f"Zeile {last}: Eine Gemeinde mit dem Gemeindeschlüssel 08999999 ist nicht bekannt. Einwohnerzahlen werden nur "
        "für bekannte Gemeinden übernommen; bitte prüfen Sie den Schlüssel.",
        f"Zeile {last + 1}: Der Gemeindeschlüssel 08435057 steht bereits in Zeile {line_of(TETTNANG)}.",
        f"Zeile {last + 2}: „0843505X“ ist kein gültiger Amtlicher Gemeindeschlüssel: erwartet werden 8 Ziffern, "
        "beginnend mit 08.",
    ]


def test_a_missing_population_column_is_reported_on_the_header_line():
    checked = check(csv_bytes("Titel", "AGS;Gemeinde;Fläche", f"{TETTNANG};Tettnang;71"))
    assert messages(checked) == [
        "Zeile 2: Die Spalte „Einwohner“ fehlt (erwartet z. B. „Einwohner“, „Einwohnerzahl“, „Bevölkerung“ oder „Insgesamt“)."
    ]


def test_a_file_without_header_or_rows_is_refused_in_german():
    assert messages(check(csv_bytes("a;b", "1;2")))[0].startswith("Zeile 1: Keine Kopfzeile gefunden.")
    assert messages(check(csv_bytes("AGS;Einwohner"))) == [
        "Zeile 1: Unter der Kopfzeile stehen keine Zeilen mit Einwohnerzahlen."
    ]
    assert messages(check(b"")) == ["Die Datei ist leer."]


def test_an_xlsx_with_numbers_as_numbers_is_read_with_its_row_numbers():
    content = xlsx_of(
        ["Einwohnerzahl", "AGS", "Gemeinde"],
        [[19437, 8435057, "Tettnang"], [27977.0, EMMENDINGEN, "Emmendingen"], [-1, "08111000", "Stuttgart"]],
        title_rows=[["Einwohnerzahlen"], []],
    )
    checked = check(content)
    assert [(row.line, row.ags, row.inhabitants) for row in checked.rows] == [
        (4, TETTNANG, 19437),
        (5, EMMENDINGEN, 27977),
    ]
    assert messages(checked) == ["Zeile 6: Die Einwohnerzahl „-1“ ist negativ."]
