"""Form data of complete applications, as a clerk would type them."""

from __future__ import annotations

DECLARATIONS = {
    "decl_truthful": "y",
    "decl_no_double_funding": "y",
    "decl_subsidy_fraud": "y",
    "decl_data_protection": "y",
}
CONTACT = {
    "contact_name": "Miriam Keller",
    "contact_phone": "07532 440-0",
    "contact_email": "keller@meersburg.example",
    "account_holder": "Stadt Meersburg",
    "iban": "DE02 6005 0101 0002 0343 04",
    "bic": "",
}


def position(
    index: int,
    person: str,
    category: str = "a",
    fte: str = "0,5",
    start: str = "01.03.2027",
    provider: str | None = None,
) -> dict[str, str]:
    prefix = f"positions-{index}-"
    return {
        prefix + "person_name": person,
        prefix + "category": category,
        prefix + "fte": fte,
        prefix + "employment_start": start,
        prefix + "employer_kind": "provider" if provider else "own",
        prefix + "provider_name": provider or "",
    }


def single_application(**overrides) -> dict[str, str]:
    return {
        "joint": "single",
        "consortium_name": "",
        **CONTACT,
        **position(0, "Anna Beispiel"),
        **DECLARATIONS,
        **overrides,
    }


# GVV Meersburg: Meersburg leads Hagnau, Daisendorf and Stetten; each is under
# the threshold alone, together they have 75.160,70 €.
MEERSBURG_MEMBERS = ["Hagnau am Bodensee (08435018)", "08435010", "Stetten (08435054)"]


def consortium_application(members=MEERSBURG_MEMBERS, **overrides) -> dict[str, str]:
    data = {
        "joint": "joint",
        "consortium_name": "Integrationsmanagement GVV Meersburg",
        **CONTACT,
        **position(0, "Anna Beispiel", "a", "0,5", provider="Caritas Bodensee-Oberschwaben"),
        **DECLARATIONS,
    }
    data.update({f"members-{i}": member for i, member in enumerate(members)})
    data.update(overrides)
    return data


def ib_person(
    index: int, person: str, fte: str = "1", start: str = "01.01.2028", qualification: str = "Soziale Arbeit (B. A.)"
) -> dict[str, str]:
    prefix = f"positions-{index}-"
    return {
        prefix + "person_name": person,
        prefix + "qualification": qualification,
        prefix + "fte": fte,
        prefix + "employment_start": start,
    }


IB_DECLARATIONS = {
    name: "y"
    for name in ("decl_truthful", "decl_degree", "decl_no_double_funding", "decl_subsidy_fraud", "decl_data_protection")
}


def integrationsbeauftragte_application(year: str = "2028", people: dict | None = None, **overrides) -> dict[str, str]:
    """An application under the VwV Integrationsbeauftragte: one full-time person unless ``people`` says otherwise."""
    return {
        "funding_year": year,
        "joint": "single",
        "consortium_name": "",
        **CONTACT,
        **(people if people is not None else ib_person(0, "Selin Arslan")),
        **IB_DECLARATIONS,
        **overrides,
    }


KF_DECLARATIONS = {"decl_truthful": "y", "decl_no_double_funding": "y"}


def kulturfoerderung_application(
    title: str = "Klangwerkstatt am See",
    art_form: str = "theater",
    fte: str = "0,5",
    start: str = "01.05.2027",
    **overrides,
) -> dict[str, str]:
    """An application under the test programme Kulturförderung (tests/testprogramme): one person."""
    return {
        "project_title": title,
        "joint": "single",
        "consortium_name": "",
        **CONTACT,
        "positions-0-person_name": "Mara Lindner",
        "positions-0-art_form": art_form,
        "positions-0-fte": fte,
        "positions-0-employment_start": start,
        **KF_DECLARATIONS,
        **overrides,
    }


INV_DECLARATIONS = {"decl_truthful": "y", "decl_not_started": "y"}


def investment_application(
    title: str = "Barrierefreier Umbau der Stadthalle",
    total_cost: str = "80.000,00",
    start: str = "01.05.2027",
    end: str = "31.12.2027",
    **overrides,
) -> dict[str, str]:
    """An application under the test programme Investitionsförderung (tests/testprogramme): one investment."""
    return {
        "joint": "single",
        "consortium_name": "",
        **CONTACT,
        "positions-0-title": title,
        "positions-0-total_cost": total_cost,
        "positions-0-project_start": start,
        "positions-0-project_end": end,
        **INV_DECLARATIONS,
        **overrides,
    }


TH_DECLARATIONS = {
    name: "y" for name in ("decl_truthful", "decl_not_started", "decl_subsidy_fraud", "decl_coordination")
}


def teilhabe_application(**overrides) -> dict[str, str]:
    """An application under the VwV-Integration (Teilhabe): Elternmentorinnen, 40.000 € of eligible costs, 24.000 €
    requested (60 %), 12.000 € own funds and 4.000 € from third parties."""
    return {
        "joint": "single",
        "consortium_name": "",
        **CONTACT,
        "project_title": "Elternmentorinnen an Grundschulen",
        "area": "elternbeteiligung",
        "project_place": "Tettnang",
        "project_start": "01.03.2027",
        "project_end": "28.02.2029",
        "own_funds": "12.000,00",
        "third_party_funds": "4.000,00",
        "requested": "24.000,00",
        "positions-0-group": "honorare",
        "positions-0-description": "Honorare der Elternmentorinnen",
        "positions-0-cost": "24.000,00",
        "positions-1-group": "sachkosten",
        "positions-1-description": "Raummiete, Material, Dolmetschen",
        "positions-1-cost": "16.000,00",
        **TH_DECLARATIONS,
        **overrides,
    }
