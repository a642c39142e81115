"""Demo persons with consent and Integrationspläne, for the demo's integration managers (invented people)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.counselling import operations
from workflow.formatting import date_de
from workflow.models import User

CONSENT = ["purpose", "data", "access", "retention", "rights", "voluntary"]


def _goal(area, goal, steps, who, service="", due_in=None, status="open"):
    due = date_de(clock.today() + timedelta(days=due_in)) if due_in else ""
    return {"area": area, "goal": goal, "steps": steps, "who": who, "service": service, "due_on": due, "status": status}


def _situation(schooling, training, competences, recognition, language, development):
    return {
        "schooling": schooling,
        "training": training,
        "competences": competences,
        "recognition": recognition,
        "language": language,
        "development": development,
    }


PERSONS = (
    (
        "im.meersburg",
        "im.meersburg2",
        {
            "name": "Yusuf Karimi",
            "birth_date": "14.03.1991",
            "household": "Ehefrau Mariam, zwei Kinder (4 und 7 Jahre)",
            "languages": "Dari, Paschtu, etwas Englisch",
            "residence_status": "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG",
            "accommodation": "Meersburg, Stettener Straße",
        },
        _situation(
            "12 Jahre Schule in Kabul, Abschluss vergleichbar Abitur",
            "Ausbildung zum Elektriker, 6 Jahre Berufserfahrung",
            "Elektroinstallation, Führerschein Klasse B",
            "Nicht beantragt; Zeugnisse liegen als Kopie vor",
            "A2 (Integrationskurs läuft)",
            "Sehr motiviert; sorgt sich um die Eltern in Afghanistan",
        ),
        [
            _goal(
                "language",
                "Deutsch B1 erreichen",
                "Integrationskurs bis zum Ende besuchen; Prüfung anmelden",
                "person",
                due_in=180,
                status="in_progress",
            ),
            _goal(
                "recognition",
                "Anerkennung als Elektroniker beantragen",
                "Unterlagen übersetzen lassen; Antrag bei der HWK Ulm",
                "manager",
                due_in=60,
            ),
            _goal(
                "work",
                "Praktikum in einem Elektrobetrieb",
                "Termin beim Jobcenter; Bewerbung mit Lebenslauf",
                "service",
                "Jobcenter Bodenseekreis",
                due_in=90,
            ),
        ],
    ),
    (
        "im.meersburg",
        None,
        {
            "name": "Olena Kovalenko",
            "birth_date": "02.09.1985",
            "household": "Sohn Artem (11 Jahre)",
            "languages": "Ukrainisch, Russisch, Englisch",
            "residence_status": "Aufenthaltserlaubnis § 24 AufenthG",
            "accommodation": "Meersburg, Unterstadt",
        },
        _situation(
            "Schule in Charkiw",
            "Studium Buchhaltung (Bachelor)",
            "Buchhaltung, Excel, Englisch gut",
            "Anerkennung noch offen",
            "B1",
            "Sohn braucht Unterstützung in der Schule",
        ),
        [
            _goal("education", "Hausaufgabenbetreuung für Artem", "Anmeldung bei der Schule", "manager", due_in=30),
            _goal(
                "work", "Stelle in der Buchhaltung", "Bewerbungstraining", "service", "Agentur für Arbeit", due_in=120
            ),
        ],
    ),
    (
        "im.tettnang",
        None,
        {
            "name": "Tesfaye Gebremedhin",
            "birth_date": "20.01.1998",
            "household": "allein",
            "languages": "Tigrinya, Englisch",
            "residence_status": "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG",
            "accommodation": "Tettnang",
        },
        _situation("8 Jahre Schule", "keine", "Landwirtschaft, Kochen", "–", "A1", "Sucht eine eigene Wohnung"),
        [_goal("housing", "Eigene Wohnung finden", "Wohnberechtigungsschein beantragen", "person", due_in=90)],
    ),
)


def load_demo_clients(session: Session) -> None:
    """Three persons; Yusuf Karimi's plan is updated a week after it was written, so the page shows changes."""
    users = {user.username: user for user in session.scalars(select(User).where(User.username.like("im.%")))}
    for manager, deputy, personal, situation, goals in PERSONS:
        if manager not in users:
            continue
        start = clock.today() - timedelta(days=14)
        client = operations.create_client(
            session,
            users[manager],
            {**personal, "consent_explained": CONSENT, "consent_filename": ""},
            start,
            None,
            start,
            None,
        )
        if deputy in users:
            client.deputies = [users[deputy]]
        review = date_de(clock.today() + timedelta(days=28))
        first = operations.save_plan(
            session, users[manager], client, {"situation": situation, "goals": goals, "review_on": review}
        )
        if personal["name"] == "Yusuf Karimi":
            first.created_at -= timedelta(days=7)
            updated = [{**goal} for goal in operations.latest_plan(client)["goals"]]
            updated[0]["status"] = "reached"
            updated[0]["steps"] += "; Prüfung am Ende bestanden"
            operations.save_plan(
                session,
                users[manager],
                client,
                {
                    "situation": {**situation, "language": "B1 (Zertifikat Deutsch-Test für Zuwanderer)"},
                    "goals": updated
                    + [
                        _goal(
                            "housing",
                            "Größere Wohnung für die Familie",
                            "Bei der Stadt Wohnungen erfragen",
                            "manager",
                            due_in=150,
                        )
                    ],
                    "review_on": review,
                },
            )
    session.commit()
