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


def position(index: int, person: str, category: str = "a", fte: str = "0,5", start: str = "01.03.2027",
             provider: str | None = None) -> dict[str, str]:
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
    return {"joint": "single", "consortium_name": "", **CONTACT, **position(0, "Anna Beispiel"), **DECLARATIONS, **overrides}


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
