"""Importing the Planungsrahmen: a new version from the whole table, or nothing at all."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from allocation_files import (
    EXAMPLE_ROWS,
    EXAMPLE_TOTAL,
    broken_example,
    example_as_xlsx,
    example_amount,
    example_bytes,
    german,
    import_file,
    line_of,
    snapshot,
    with_amounts_replaced,
    with_lines_replaced,
)
from factories import programme, user
from workflow.money import ledger
from workflow.db import db
from workflow.models import AllocationVersion, Organisation, OrganisationKind
from workflow.operations.allocation_import import ImportRefused, import_allocations

TETTNANG = "08435057"


def current_amount(ags: str) -> Decimal:
    organisation = db.session.scalars(select(Organisation).where(Organisation.ags == ags)).one()
    return ledger.allocations_by_organisation(db.session, programme(), [organisation.id])[organisation.id]


def test_the_table_of_all_1101_gemeinden_becomes_the_current_version(app, tmp_path):
    result = import_file(app, tmp_path, example_bytes(), "planungsrahmen_im_2018_beispiel.csv")
    assert result.exit_code == 0, result.output
    assert "Fassung 2 mit 1.101 Zeilen, Summe 116.000.000,00\u00a0€" in result.output
    with app.app_context():
        session = db.session
        versions = session.scalars(select(AllocationVersion).order_by(AllocationVersion.number)).all()
        assert [(v.number, v.is_current) for v in versions] == [(1, False), (2, True)]
        current = versions[1]
        assert current.total == EXAMPLE_TOTAL and current.imported_by is None and len(current.source_sha256) == 64
        assert current.source_name == "planungsrahmen_im_2018_beispiel.csv"
        assert ledger.row_counts(session, [current.id]) == {current.id: EXAMPLE_ROWS}
        assert ledger.row_counts(session, [versions[0].id])[versions[0].id] > 0, "the old version keeps its rows"
        gemeinden = session.scalar(select(func.count()).where(Organisation.kind == OrganisationKind.GEMEINDE))
        assert gemeinden == EXAMPLE_ROWS
        assert current_amount(TETTNANG) == example_amount(TETTNANG)


def test_a_broken_copy_is_refused_with_both_line_numbers_and_nothing_changes(app, tmp_path):
    content, bad_key, bad_amount = broken_example()
    before = snapshot(app)
    result = import_file(app, tmp_path, content)
    assert result.exit_code == 1
    assert f"Zeile {bad_key}: „0811500X“ ist kein gültiger Amtlicher Gemeindeschlüssel" in result.output
    assert f"Zeile {bad_amount}: „12,34,5“ ist kein Betrag im deutschen Zahlenformat" in result.output
    assert "Es wurde nichts importiert; die Datenbank ist unverändert." in result.output
    assert snapshot(app) == before
    with app.app_context(), pytest.raises(ImportRefused) as refusal:
        import_allocations(db.session, programme().id, user("admin"), "kaputt.csv", content)
    assert [problem.line for problem in refusal.value.checked.problems] == [bad_key, bad_amount]
    assert snapshot(app) == before


def test_a_new_gemeinde_in_a_known_kreis_is_created_from_its_row(app, tmp_path):
    # Tettnang's line is replaced by a Gemeinde nobody knows yet, with the same amount.
    amount = example_amount(TETTNANG)
    content = with_lines_replaced({line_of(TETTNANG): f"08435999;Neudorf am Bodensee;Bodenseekreis;{german(amount)}"})
    result = import_file(app, tmp_path, content)
    assert result.exit_code == 0, result.output
    assert f"\n  Zeile {line_of(TETTNANG)}: 08435999 Neudorf am Bodensee\n" in result.output
    with app.app_context():
        neudorf = db.session.scalars(select(Organisation).where(Organisation.ags == "08435999")).one()
        assert neudorf.kind == OrganisationKind.GEMEINDE and neudorf.name == "Neudorf am Bodensee"
        assert (neudorf.kreis.ags, neudorf.regierungsbezirk.ags) == ("08435", "084")
        assert current_amount("08435999") == amount
        tettnang = db.session.scalars(select(Organisation).where(Organisation.ags == TETTNANG)).one()
        assert ledger.allocations_by_organisation(db.session, programme(), [tettnang.id]) == {}


def test_a_total_other_than_the_budget_is_imported_only_when_confirmed(app, tmp_path):
    content = b"AGS;Gemeinde;Planungsrahmen in EUR\r\n08435057;Tettnang;97.654,32\r\n08111000;Stuttgart;1.000.000\r\n"
    before = snapshot(app)
    refused = import_file(app, tmp_path, content)
    assert refused.exit_code == 1
    assert (
        "Die Summe der Tabelle (1.097.654,32\u00a0€) liegt um 114.902.345,68\u00a0€ unter dem Programmbudget"
        in refused.output
    )
    assert snapshot(app) == before
    confirmed = import_file(app, tmp_path, content, "planungsrahmen.csv", "--confirm-total")
    assert confirmed.exit_code == 0, confirmed.output
    with app.app_context():
        version = db.session.scalars(select(AllocationVersion).where(AllocationVersion.is_current.is_(True))).one()
        assert version.deviation_confirmed and version.total == Decimal("1097654.32")
        assert current_amount(TETTNANG) == Decimal("97654.32")


def test_reimporting_adds_versions_and_the_newest_counts(app, tmp_path):
    assert import_file(app, tmp_path, example_bytes()).exit_code == 0
    moved = Decimal("10000.00")
    corrected = with_amounts_replaced(
        {TETTNANG: example_amount(TETTNANG) + moved, "08111000": example_amount("08111000") - moved}
    )
    assert import_file(app, tmp_path, corrected, "korrigiert.csv").exit_code == 0
    with app.app_context():
        versions = db.session.scalars(select(AllocationVersion).order_by(AllocationVersion.number)).all()
        assert [(v.number, v.is_current, v.source_name) for v in versions][1:] == [
            (2, False, "planungsrahmen.csv"),
            (3, True, "korrigiert.csv"),
        ]
        assert current_amount(TETTNANG) == example_amount(TETTNANG) + moved
        assert versions[2].total == EXAMPLE_TOTAL


def test_an_xlsx_in_another_column_order_imports_the_same_figures(app, tmp_path):
    result = import_file(app, tmp_path, example_as_xlsx(), "planungsrahmen.xlsx")
    assert result.exit_code == 0, result.output
    with app.app_context():
        version = db.session.scalars(select(AllocationVersion).where(AllocationVersion.is_current.is_(True))).one()
        assert version.total == EXAMPLE_TOTAL
        assert ledger.row_counts(db.session, [version.id])[version.id] == EXAMPLE_ROWS


def test_the_command_answers_bad_arguments_in_german(app, tmp_path):
    runner = app.test_cli_runner()
    missing = runner.invoke(
        args=["import-allocations", str(tmp_path / "fehlt.csv"), "--programme", "integrationsmanagement"]
    )
    assert missing.exit_code == 1 and "Die Datei „" in missing.output and "gibt es nicht" in missing.output
    path = tmp_path / "p.csv"
    path.write_bytes(b"AGS;Gemeinde;Betrag\r\n")
    unknown = runner.invoke(args=["import-allocations", str(path), "--programme", "gibtsnicht"])
    assert unknown.exit_code == 1 and "Das Förderprogramm „gibtsnicht“ gibt es nicht" in unknown.output


def test_only_administrators_may_import(app):
    with app.app_context(), pytest.raises(ImportRefused) as refusal:
        import_allocations(db.session, programme().id, user("ministerium"), "p.csv", example_bytes())
    assert refusal.value.status == 403
