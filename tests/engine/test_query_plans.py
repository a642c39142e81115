"""The lists' page queries are served by indexes: no full scan of application (or notification).

Read from the database's own plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), never from timings.
The suite's tables are tiny, so PostgreSQL would rightly prefer a sequential scan; with ``enable_seqscan``
off it shows whether an index can serve the query at all. SQLite plans without statistics here (no
ANALYZE), as it would for a freshly migrated database.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, text

from factories import in_state, programme, user
from workflow.money.budget_years import steps_taken
from workflow.db import db
from workflow.engine.programmes import states_waiting_for
from workflow.models import Application, Notification, Role
from workflow.operations.sweep import due_query
from workflow.search.queries import page_ids_query, search_filter
from workflow.reference.regions import money_by_region


def _plan(statement) -> str:
    session = db.session
    dialect = session.get_bind().dialect
    sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "sqlite":
        rows = session.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
        return "\n".join(row[-1] for row in rows)
    session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in session.execute(text("EXPLAIN " + sql)).all())
    session.rollback()
    return plan


def _scans(plan: str, table: str) -> bool:
    """A full pass over ``table`` (SQLite: SCAN, also over a whole index; PostgreSQL: Seq Scan)."""
    return bool(re.search(rf"\bSCAN {table}\b|Seq Scan on {table}\b", plan))


@pytest.fixture
def cases(app):
    for state in ("submitted", "decision_proposed", "information_requested"):
        in_state(app, state)


@pytest.mark.parametrize("sort", ["frist", "eingang", "beantragt", "neu"])
def test_the_reviewer_queue_finds_its_page_through_an_index(app, cases, sort):
    with app.app_context():
        query = page_ids_query(user("pruefung.sued"), states=states_waiting_for(Role.REVIEWER), sort=sort)
        plan = _plan(query)
    assert not _scans(plan, "application"), plan


def test_the_signature_queue_reads_its_page_in_index_order(app, cases):
    with app.app_context():
        plan = _plan(page_ids_query(user("zeichnung"), states=states_waiting_for(Role.APPROVER), sort="eingang"))
    assert not _scans(plan, "application"), plan


def test_the_municipality_list_finds_its_own_cases_through_indexes(app, cases):
    with app.app_context():
        plan = _plan(page_ids_query(user("kommune.tettnang"), sort="neu"))
    assert not _scans(plan, "application"), plan


def test_the_notifications_come_newest_first_from_the_index(app, cases):
    with app.app_context():
        mine = user("pruefung.sued")
        plan = _plan(
            select(Notification.id).where(Notification.user_id == mine.id).order_by(Notification.id.desc()).limit(20)
        )
    assert not _scans(plan, "notification"), plan
    if "QUERY PLAN" not in plan and "Index" not in plan:  # SQLite: the index delivers the order, no sort step
        assert "TEMP B-TREE" not in plan, plan


def test_the_sweep_reads_only_the_open_deadlines_up_to_the_cutoff(app, cases):
    from datetime import date

    with app.app_context():
        plan = _plan(due_query(db.session, date(2026, 12, 6)))
    assert not _scans(plan, "deadline"), plan


def _reads_whole_rows(plan: str, table: str) -> bool:
    """A pass over ``table``'s rows: a full scan that is not of a narrow covering index (SQLite), or a
    sequential scan (PostgreSQL)."""
    return bool(re.search(rf"\bSCAN {table}\b(?! USING COVERING INDEX)|Seq Scan on {table}\b", plan))


def test_the_search_reads_narrow_indexes_and_on_postgresql_the_trigram_indexes(app, cases):
    """What grows with the cases (applications, positions) is never read row by row. SQLite reads the
    municipalities and consortia whole (their number is bounded by the Land's, not by the cases). The
    suite's few rows let PostgreSQL prefer any index for those small tables; for the cases' own columns it
    takes the trigram indexes, as it does for all of them at the Land's scale (``benchmarks/land_scale.py``)."""
    with app.app_context():
        query = page_ids_query(user("pruefung.sued"), where=search_filter("Tettnang"), sort="eingang")
        plan = _plan(query)
        postgresql = db.engine.dialect.name == "postgresql"
        trigrams = postgresql and db.session.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
    assert trigrams or not postgresql, "Der PostgreSQL-Server hat die Erweiterung pg_trgm nicht (postgresql-contrib)."
    for table in ("application", "position") + (("organisation", "consortium") if postgresql else ()):
        assert not _reads_whole_rows(plan, table), plan
    if postgresql:
        for index in ("ix_application_file_number_trgm", "ix_application_contact_name_trgm"):
            assert index in plan, plan


def test_a_search_for_a_word_with_umlauts_still_reads_no_whole_rows(app, cases):
    with app.app_context():
        plan = _plan(page_ids_query(user("pruefung.sued"), where=search_filter("Überlingen"), sort="eingang"))
    assert not _reads_whole_rows(plan, "application"), plan


def test_the_ministry_overview_reads_the_money_of_the_applications_from_one_index(app, cases):
    with app.app_context():
        im = programme()
        plans = [
            _plan(money_by_region(im)),
            _plan(
                select(Application.state, func.count())
                .where(Application.programme_id == im.id)
                .group_by(Application.state)
            ),
        ]
    for plan in plans:
        assert not _reads_whole_rows(plan, "application"), plan
        assert "ix_application_programme_applicant_money" in plan, plan


def test_the_years_page_finds_payments_through_the_index_of_procedure_steps(app, cases):
    with app.app_context():
        plan = _plan(steps_taken(programme(), "order_payment"))
    assert not _scans(plan, "audit_entry"), plan
    assert "ix_audit_entry_procedure_id_transition" in plan, plan
