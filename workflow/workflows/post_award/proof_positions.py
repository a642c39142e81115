"""The zahlenmäßiger Nachweis of staff positions: per granted position the months staffed, the share, the money
received, the personnel costs and every time the position was not staffed.

The form is pre-filled from the case (months funded after the signed changes, the position's share of what was
paid); the key figures per position are the programme's (setting ``proof_key_figures``), typed by the recipient.
A position declared with fewer months than funded names the vacant periods, so the Schlussfestsetzung knows from
which day the grant fell (``staff_settlement``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from workflow.counselling.figures import figures_by
from workflow.counselling.models import CounsellingStaff
from workflow.engine.context import TransitionRefused
from workflow.engine.programmes import case_settings
from workflow.formatting import date_de, decimal_de, euro, fte as fte_de
from workflow.text import parse_german_date, parse_german_decimal
from workflow.workflows.post_award.accounts import CENT, ZERO, case_money, granted_rulings
from workflow.workflows.post_award.funding import runs
from workflow.workflows.post_award.staff_settlement import funded_months, granted_numbers, staffed_runs

TENTH = Decimal("0.1")
# How far the months typed may lie from the months the vacancies leave (a part month counts by its days).
MONTHS_TOLERANCE = Decimal("0.1")


def prefilled(session, application) -> list[dict[str, Any]]:
    """Per granted position what the case says: months funded after the signed changes and the share in force, its
    share of what was paid, and the key figures that the Integrationspläne of the managers on that position yield
    (where the programme names a source)."""
    rulings = granted_rulings(application)
    granted = sum((ruling.amount for ruling in rulings), ZERO)
    paid = case_money(session, application).paid
    sources = {
        figure.key: figure.source for figure in case_settings(application).proof_key_figures if figure.get("source")
    }
    rows = []
    for number, (index, ruling) in enumerate(zip(granted_numbers(application), rulings), start=1):
        received = (paid * ruling.amount / granted).quantize(CENT) if granted else ZERO
        rows.append(
            {
                "number": number,
                "index": index,
                "person_name": ruling.position.person_name,
                "granted": ruling.amount,
                "months": funded_months(runs(application, index)[1]).quantize(TENTH),
                "period": (ruling.funding_start, ruling.funding_end),
                "fte": ruling.fte,
                "received": received,
                "figures": planned_figures(session, ruling, sources) if sources else {},
            }
        )
    return rows


def planned_figures(session, ruling, sources: dict[str, str]) -> dict[str, int]:
    """The anonymous key figures of the managers linked to the ruling's position, over its funding period."""
    managers = session.scalars(
        select(CounsellingStaff.user_id).where(CounsellingStaff.position_id == ruling.position_id)
    ).all()
    if not managers:
        return {}
    found = [
        figures_by(session, "manager", ruling.funding_start, ruling.funding_end, manager_id=manager).get(manager)
        for manager in managers
    ]
    return {key: sum(getattr(figures, source, 0) for figures in found if figures) for key, source in sources.items()}


def _number(value: Any, label: str, row: int, whole: bool = False) -> Decimal:
    parsed = parse_german_decimal(str(value or "").strip())
    if parsed is None or parsed < 0 or (whole and parsed != parsed.to_integral_value()):
        kind = "eine ganze Zahl" if whole else "eine Zahl"
        raise TransitionRefused(f"Stelle {row}: Bitte geben Sie bei „{label}“ {kind} ab 0 an.", 422)
    return parsed


def parse_vacancies(text: str, row: dict[str, Any]) -> list[tuple[date, date]]:
    """„01.04.2028 – 30.06.2028; 01.10.2028 – 31.10.2028“: each period within the position's funding period."""
    number, (start, end) = row["number"], row["period"]
    found = []
    for piece in (part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()):
        days = [parse_german_date(day.strip()) for day in re.split(r"\s*(?:–|-|bis)\s*", piece)]
        if len(days) != 2 or None in days or days[0] > days[1]:
            raise TransitionRefused(
                f"Stelle {number}: „{piece}“ ist kein Zeitraum. Bitte geben Sie jede Vakanz als "
                "TT.MM.JJJJ – TT.MM.JJJJ an, mehrere durch Semikolon getrennt.",
                422,
            )
        if days[0] < start or days[1] > end:
            raise TransitionRefused(
                f"Stelle {number}: Die Vakanz {date_de(days[0])} – {date_de(days[1])} liegt nicht im Förderzeitraum "
                f"der Stelle ({date_de(start)} bis {date_de(end)}).",
                422,
            )
        found.append((days[0], days[1]))
    return sorted(found)


def position_rows(session, application, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures per granted position as the recipient typed them (staff positions' ``proof_content``)."""
    figures = case_settings(application).proof_key_figures
    rows = prefilled(session, application)
    typed = payload.get("positions") or []
    if len(typed) != len(rows):
        raise TransitionRefused("Bitte füllen Sie den zahlenmäßigen Nachweis für jede bewilligte Stelle aus.", 422)
    positions = []
    for row, item in zip(rows, typed):
        number = row["number"]
        months = _number(item.get("months"), "besetzte Monate", number)
        if months > row["months"]:
            raise TransitionRefused(
                f"Stelle {number}: höchstens {decimal_de(row['months'], 1)} Monate sind gefördert.", 422
            )
        vacancies = parse_vacancies(str(item.get("vacancies") or ""), row)
        left = funded_months(staffed_runs(runs(application, row["index"])[1], vacancies)).quantize(TENTH)
        if abs(left - months) > MONTHS_TOLERANCE:
            raise TransitionRefused(
                f"Stelle {number}: Sie geben {decimal_de(months, 1)} besetzte Monate an; nach den angegebenen "
                f"Vakanzen sind es {decimal_de(left, 1)}. Bitte nennen Sie jeden Zeitraum, in dem die Stelle nicht "
                "besetzt war (von – bis).",
                422,
            )
        costs = str(item.get("costs") or "").strip()
        positions.append(
            {
                "number": number,
                "person_name": row["person_name"],
                "months": str(months),
                "fte": str(_number(item.get("fte"), "VZÄ", number)),
                "received": str(_number(item.get("received"), "erhaltener Betrag", number).quantize(CENT)),
                "costs": str(_number(costs, "Personalausgaben", number).quantize(CENT)) if costs else "",
                "vacancies": [[first.isoformat(), last.isoformat()] for first, last in vacancies],
                "figures": {
                    figure.key: int(
                        _number((item.get("figures") or {}).get(figure.key), figure.label, number, whole=True)
                    )
                    for figure in figures
                },
            }
        )
    return positions


def submitted_positions(application, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures per position of a submitted proof of use, as people read them (the page and the Prüfvermerk)."""
    if not data.get("positions"):
        return []
    labels = {figure.key: figure.label for figure in case_settings(application).proof_key_figures}
    return [
        {
            **row,
            "months": decimal_de(Decimal(row["months"]), 1),
            "fte": fte_de(Decimal(row["fte"])),
            "received": euro(Decimal(row["received"])),
            "costs": euro(Decimal(row["costs"])) if row.get("costs") else "–",
            "vacancies": "; ".join(
                f"{date_de(date.fromisoformat(a))} – {date_de(date.fromisoformat(b))}"
                for a, b in row.get("vacancies", [])
            )
            or "keine",
            "figures": "; ".join(f"{labels.get(key, key)}: {value}" for key, value in row["figures"].items()),
        }
        for row in data.get("positions", [])
    ]
