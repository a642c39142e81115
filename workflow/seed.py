"""Reference data every installation needs, and the demo data of ``foerderweg demo``.

Reference data: the Land, its 4 Regierungsbezirke, 44 Kreise and 1,101 Gemeinden, the 4
Verwaltungsgerichte (``workflow/reference``), the Basiszinssatz history of
§ 247 BGB, and every installed programme package with its first version. Demo
data: Gemeinden with example Planungsrahmen figures, addresses and heads, and
one user per role (``workflow/demo``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from workflow.engine.programmes import all_definitions
from workflow.operations.base_rates import load_shipped_rates
from workflow.operations.conditions import load_shipped as load_shipped_conditions
from workflow.operations.programme_versions import install_programmes
from workflow.models import (
    Allocation,
    AllocationVersion,
    Court,
    Organisation,
    OrganisationKind,
    Programme,
    Role,
    User,
    UserRole,
)
from workflow.models.organisation import LAND_AGS
from workflow.operations.address_import import load_demo_addresses
from workflow.operations.gemeinde_import import add_gemeinde, load_shipped
from workflow.operations.population_import import load_demo_population

LAND_NAME = "Land Baden-Württemberg"
MINISTRY_NAME = "Ministerium für Soziales, Gesundheit und Integration Baden-Württemberg"


def _rows(package: str, name: str) -> list[dict[str, str]]:
    with files(package).joinpath(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_ags(session: Session) -> dict[str, Organisation]:
    return {org.ags: org for org in session.scalars(select(Organisation).where(Organisation.ags.is_not(None)))}


def ensure_territory(session: Session) -> None:
    """Create the Land, Regierungsbezirke and Kreise that are missing (idempotent)."""
    known = _by_ags(session)
    land = known.get(LAND_AGS)
    if land is None:
        land = Organisation(
            kind=OrganisationKind.LAND,
            name=LAND_NAME,
            ags=LAND_AGS,
            authority_name=MINISTRY_NAME,
            street="Else-Josenhans-Straße 6",
            postcode="70173",
            city="Stuttgart",
        )
        land.place_under(None)
        session.add(land)
    for row in _rows("workflow.reference", "regierungsbezirke.csv"):
        if row["ags"] in known:
            continue
        bezirk = Organisation(
            kind=OrganisationKind.REGIERUNGSBEZIRK,
            name=row["name"],
            ags=row["ags"],
            authority_name=row["authority_name"],
            street=row["street"],
            postcode=row["postcode"],
            city=row["city"],
        )
        bezirk.place_under(land)
        session.add(bezirk)
        known[bezirk.ags] = bezirk
    for row in _rows("workflow.reference", "kreise.csv"):
        if row["ags"] in known:
            continue
        kreis = Organisation(kind=OrganisationKind(row["kind"]), name=row["name"], ags=row["ags"])
        kreis.place_under(known[row["ags"][:3]])
        session.add(kreis)
        known[kreis.ags] = kreis
    ensure_courts(session, known)
    session.flush()


def ensure_courts(session: Session, known: dict[str, Organisation]) -> None:
    """The Verwaltungsgerichte, each with the Regierungsbezirk that is its district (idempotent).

    A court already there keeps its row; its address follows the reference file, so that a
    court that moves is corrected by the next ``foerderweg init``.
    """
    courts = {court.name: court for court in session.scalars(select(Court))}
    for row in _rows("workflow.reference", "verwaltungsgerichte.csv"):
        court = courts.get(row["name"])
        if court is None:
            court = Court(name=row["name"])
            session.add(court)
        court.regierungsbezirk = known[row["regierungsbezirk_ags"]]
        court.street, court.postcode, court.city = row["street"], row["postcode"], row["city"]


SYSTEM_USERNAME = "system"
# Never a valid argon2 hash, so nobody can log in as the system user.
NO_LOGIN_HASH = "!"


def system_user(session: Session) -> User:
    """The user in whose name deadlines and sweeps act."""
    return (
        session.scalars(select(User).where(User.username == SYSTEM_USERNAME).options(joinedload(User.role_rows)))
        .unique()
        .one()
    )


def ensure_system_user(session: Session) -> None:
    if session.scalar(select(User.id).where(User.username == SYSTEM_USERNAME)) is not None:
        return
    land = session.scalars(select(Organisation).where(Organisation.ags == LAND_AGS)).one()
    session.add(
        User(
            username=SYSTEM_USERNAME,
            full_name="Förderweg (automatisch)",
            email="system@foerderweg.invalid",
            password_hash=NO_LOGIN_HASH,
            organisation=land,
            active=False,
            role_rows=[UserRole(role=Role.SYSTEM)],
        )
    )
    session.flush()


def initialise_reference_data(session: Session) -> list[str]:
    """Territory, Gemeinden, Basiszinssätze, Nebenbestimmungen, programmes and the system user; returns what was
    installed or updated."""
    ensure_territory(session)
    installed = []
    created = load_shipped(session)
    if created:
        installed.append(
            f"{created} Gemeinden aus dem Gemeindeverzeichnis (GV-ISys) angelegt; ein neueres "
            "amtliches Verzeichnis spielt „foerderweg import-gemeinden DATEI“ ein."
        )
    installed += load_shipped_rates(session)
    installed += load_shipped_conditions(session)
    installed += install_programmes(session)
    ensure_system_user(session)
    session.commit()
    return installed


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    roles: tuple[Role, ...]
    organisation_ags: str
    kreis_prefixes: tuple[str, ...] = ()
    programme_codes: tuple[str, ...] = ()


DEMO_PASSWORD = "demo"  # the published password of the demo logins  # nosec B105


def _logins(package: str, name: str) -> list[DemoLogin]:
    return [
        DemoLogin(
            row["username"],
            row["full_name"],
            tuple(Role(r) for r in row["roles"].split("+")),
            row["organisation_ags"],
            tuple(filter(None, row["kreise"].split("+"))),
            tuple(filter(None, (row.get("programmes") or "").split("+"))),
        )
        for row in _rows(package, name)
    ]


def demo_logins() -> list[DemoLogin]:
    """The logins every demo has, then those of each installed programme."""
    logins = _logins("workflow.demo", "users.csv")
    for definition in all_definitions():
        if definition.demo is not None and definition.demo.users:
            logins += _logins(definition.demo.package, definition.demo.users)
    return logins


def _load_demo_allocations(session: Session, known: dict[str, Organisation]) -> None:
    """Version 1 of the Planungsrahmen of every programme whose demo has one (example figures, not official)."""
    programmes = {p.code: p for p in session.scalars(select(Programme))}
    for definition in all_definitions():
        if definition.demo is None or not definition.demo.allocations or definition.code not in programmes:
            continue
        allocations = [
            (known[row["ags"]], Decimal(row["planungsrahmen"]))
            for row in _rows(definition.demo.package, definition.demo.allocations)
        ]
        version = AllocationVersion(
            programme=programmes[definition.code],
            number=1,
            is_current=True,
            source_name="Demo-Planungsrahmen (Beispielzahlen, keine amtlichen Werte)",
            total=sum((amount for _, amount in allocations), Decimal("0.00")),
        )
        session.add(version)
        session.add_all(Allocation(version=version, organisation=org, amount=amount) for org, amount in allocations)


def load_demo(session: Session, password_hash: str) -> bool:
    """Gemeinden, Einwohnerzahlen, addresses, the programmes' demo data and demo users; False if already there.

    The Rathaus addresses are real where known, otherwise plausible; the names of the heads are invented.
    """
    if session.scalar(select(User.id).where(User.username != SYSTEM_USERNAME).limit(1)) is not None:
        return False
    known = _by_ags(session)
    kreise = {ags: org for ags, org in known.items() if len(ags) == 5}
    for row in _rows("workflow.demo", "gemeinden.csv"):
        known[row["ags"]] = known.get(row["ags"]) or add_gemeinde(session, row["ags"], row["name"], kreise)
    _load_demo_allocations(session, known)
    load_demo_population(session)
    load_demo_addresses(session)
    programmes = {p.code: p for p in session.scalars(select(Programme))}
    for login in demo_logins():
        session.add(
            User(
                username=login.username,
                full_name=login.full_name,
                email=f"{login.username}@demo.foerderweg.invalid",
                password_hash=password_hash,
                organisation=known[login.organisation_ags],
                role_rows=[UserRole(role=role) for role in login.roles],
                kreise=[kreis for ags, kreis in kreise.items() if ags.startswith(login.kreis_prefixes)]
                if login.kreis_prefixes
                else [],
                programmes=[programmes[code] for code in login.programme_codes],
            )
        )
    session.commit()
    # Imported here: the counselling is a capability apart that the seed only feeds with demo persons.
    from workflow.counselling.demo import load_demo_clients

    load_demo_clients(session)
    return True
