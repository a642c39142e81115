"""The administration's start page begins with what needs attention — each item with its reason and the page that
fixes it — and says so when nothing does."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from workflow.db import db
from workflow.models import OutgoingMail, User
from workflow.operations import admin_audit, conditions
from workflow.operations.base_rates import add_rate


def _start_page(client) -> str:
    return client.get("/verwaltung").get_data(as_text=True)


WORDING = """Allgemeine Nebenbestimmungen (Test)
1. Anforderung und Verwendung der Zuwendung
1.1 Die Zuwendung darf nur zur Erfüllung des Zwecks verwendet werden.
2. Nachträgliche Ermäßigung
2.1 Ermäßigen sich die Ausgaben, ermäßigt sich die Zuwendung.
""".encode()


def test_a_quiet_installation_says_nothing_is_open_once_the_anbest_wording_is_loaded(app, client, auth):
    auth.login("admin")
    page = _start_page(client)
    assert "Was Ihre Aufmerksamkeit braucht" in page
    # Shipped without the official wording: every Bescheid would annex placeholders.
    for code in ("ANBest-K", "ANBest-P"):
        assert f"{code}: Der amtliche Wortlaut fehlt" in page and "nicht zeichnungsreif" in page
    assert "Zurzeit ist nichts offen" not in page
    with app.app_context():
        for code in ("ANBest-K", "ANBest-P"):
            conditions.import_text(db.session, code, WORDING, "Stand: 01.01.2019", date(2019, 1, 1), "GABl.", "Test")
        db.session.commit()
    page = _start_page(client)
    assert "Der amtliche Wortlaut fehlt" not in page
    assert "Zurzeit ist nichts offen" in page


def test_a_missing_base_rate_failing_mail_and_a_lockout_are_shown_with_the_page_that_fixes_them(
    app, client, auth, clock
):
    clock.set(datetime(2027, 1, 4, 9, tzinfo=timezone.utc))
    with app.app_context():
        someone = db.session.query(User).filter_by(username="kommune.tettnang").one()
        db.session.add(
            OutgoingMail(
                user_id=someone.id,
                to_address="tettnang@example.org",
                subject="Bescheid",
                body="…",
                status=OutgoingMail.QUEUED,
                attempts=2,
                next_attempt_at=clock.now(),
                last_error="Verbindung abgelehnt",
                created_at=clock.now() - timedelta(hours=3),
            )
        )
        admin_audit.record(db.session, None, "login_locked", "Anmeldung gebremst", subject=someone)
        db.session.commit()
    auth.login("admin")
    page = _start_page(client)
    assert "Der Basiszinssatz ab 01.01.2027 ist nicht eingetragen" in page
    assert 'href="/verwaltung/basiszinssatz"' in page or "Basiszinssatz eintragen" in page
    assert "1 E-Mail(s) konnten noch nicht zugestellt werden" in page and "E-Mail-Versand prüfen" in page
    assert "1 Konto(en) wurden in der letzten Stunde nach falschen Passwörtern gebremst" in page
    assert "Zurzeit ist nichts offen" not in page

    # Entered, the rate is no longer asked for; an hour later the lockout is history.
    with app.app_context():
        add_rate(db.session, date(2027, 1, 1), Decimal("1.27"), "Deutsche Bundesbank, Mitteilung", "Test")
    clock.advance(hours=2)
    page = _start_page(client)
    assert "Basiszinssatz ab 01.01.2027" not in page
    assert "gebremst" not in page
