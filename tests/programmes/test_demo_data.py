"""The project's own demo data (workflow/demo/*.csv) is complete and consistent."""

import csv
import io
import re
from collections import Counter
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest

from allocation_files import EXAMPLE

THRESHOLD = Decimal("51000.00")
# The official Gemeinde lists lie beside the project (``../shared/data``), where present.
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

# Each group: neighbouring Gemeinden of one Kreis (same Gemeindeverwaltungsverband),
# each below the threshold on its own, together above it.
CONSORTIUM_GROUPS = {
    "GVV Meersburg": ["08435036", "08435018", "08435010", "08435054"],
    "VG Rosenstein": ["08136009", "08136043"],
    "GVV Waibstadt": ["08226017", "08226058", "08226066", "08226106"],
    "GVV Heuberg": ["08327019", "08327051"],
}


PACKAGES = {
    "kreise.csv": "workflow.reference",
    "regierungsbezirke.csv": "workflow.reference",
    "planungsrahmen.csv": "workflow.programmes.integrationsmanagement.demo",
}


def _demo_rows(name):
    package = PACKAGES.get(name, "workflow.demo")
    text = files(package).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _plain(name):
    return name.split(",")[0].strip()


def test_regierungsbezirke_are_the_four_with_their_presidium_address():
    rows = _demo_rows("regierungsbezirke.csv")
    assert list(rows[0]) == ["ags", "name", "authority_name", "street", "postcode", "city"]
    by_key = {r["ags"]: r for r in rows}
    assert sorted(by_key) == ["081", "082", "083", "084"]
    for key, city in {"081": "Stuttgart", "082": "Karlsruhe", "083": "Freiburg", "084": "Tübingen"}.items():
        assert by_key[key]["name"] == f"Regierungsbezirk {city}"
        assert by_key[key]["authority_name"] == f"Regierungspräsidium {city}"
        assert re.fullmatch(r"\d{5}", by_key[key]["postcode"])
        assert by_key[key]["street"] and by_key[key]["city"]


def test_every_kreis_of_baden_wuerttemberg_is_there_once():
    rows = _demo_rows("kreise.csv")
    assert list(rows[0]) == ["ags", "name", "kind"]
    assert len(rows) == 44
    keys = [r["ags"] for r in rows]
    assert len(set(keys)) == 44
    assert all(re.fullmatch(r"08[1-4]\d\d", k) for k in keys)
    assert Counter(r["kind"] for r in rows) == {"landkreis": 35, "stadtkreis": 9}
    names = [r["name"] for r in rows]
    assert len(set(names)) == 44
    assert {
        "Karlsruhe (Stadtkreis)",
        "Karlsruhe (Landkreis)",
        "Heilbronn (Stadtkreis)",
        "Heilbronn (Landkreis)",
    } <= set(names)


def test_gemeinden_lie_in_known_kreise_and_cover_all_bezirke():
    kreise = {r["ags"]: r for r in _demo_rows("kreise.csv")}
    rows = _demo_rows("gemeinden.csv")
    assert list(rows[0]) == ["ags", "name"]
    assert [(r["ags"], r["name"]) for r in _demo_rows("planungsrahmen.csv")] == [(r["ags"], r["name"]) for r in rows]
    assert len(rows) >= 70
    keys = [r["ags"] for r in rows]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"08[1-4]\d{5}", k) for k in keys)
    assert all(k[:5] in kreise for k in keys)
    per_bezirk = Counter(k[2] for k in keys)
    assert all(per_bezirk[b] >= 12 for b in "1234"), per_bezirk
    assert len({k[:5] for k in keys}) >= 25
    names = {r["ags"]: r["name"] for r in rows}
    # every Stadtkreis city is there, keyed <kreis>000
    for kreis in (k for k, r in kreise.items() if r["kind"] == "stadtkreis"):
        assert kreis + "000" in names
    for ags, name in {
        "08111000": "Stuttgart",
        "08311000": "Freiburg im Breisgau",
        "08435057": "Tettnang",
        "08435035": "Meckenbeuren",
        "08435042": "Neukirch",
        "08435029": "Kressbronn am Bodensee",
    }.items():
        assert names[ags] == name
    assert not any("," in n for n in names.values())


def test_demo_keys_and_names_match_the_official_register():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not available")
    with open(SHARED_DATA / "bw_gemeinden.csv", encoding="utf-8", newline="") as f:
        official = {r["ags"]: r for r in csv.DictReader(f)}
    with open(SHARED_DATA / "bw_kreise.csv", encoding="utf-8", newline="") as f:
        official_kreise = {r["kreis_ags"]: r for r in csv.DictReader(f)}

    for row in _demo_rows("gemeinden.csv"):
        assert row["ags"] in official, row
        assert row["name"] == _plain(official[row["ags"]]["name"]), row

    demo_kreise = {r["ags"]: r for r in _demo_rows("kreise.csv")}
    assert set(demo_kreise) == set(official_kreise)
    for key, row in demo_kreise.items():
        assert row["kind"] == official_kreise[key]["art"].lower()
        # name without the "(Stadtkreis)/(Landkreis)" disambiguation
        assert row["name"].split(" (")[0] == _plain(official_kreise[key]["name"])

    bezirk_digit = {"Stuttgart": "1", "Karlsruhe": "2", "Freiburg": "3", "Tübingen": "4"}
    for key, row in official_kreise.items():
        assert key[2] == bezirk_digit[row["regierungsbezirk"]]


def test_threshold_spread_and_consortium_groups():
    rows = _demo_rows("planungsrahmen.csv")
    assert all(re.fullmatch(r"\d+\.\d{2}", r["planungsrahmen"]) for r in rows)
    amounts = {r["ags"]: Decimal(r["planungsrahmen"]) for r in rows}
    assert all(a > 0 for a in amounts.values())
    assert sum(1 for a in amounts.values() if a < THRESHOLD) >= 20
    assert sum(1 for a in amounts.values() if a >= THRESHOLD) >= 30

    for group, members in CONSORTIUM_GROUPS.items():
        assert len({m[:5] for m in members}) == 1, group  # same Kreis
        assert all(amounts[m] < THRESHOLD for m in members), group
        assert sum(amounts[m] for m in members) > THRESHOLD, group


def test_demo_amounts_are_not_copied_from_the_example_table():
    with open(EXAMPLE, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        example = {row[0]: Decimal(row[-1].replace(".", "").replace(",", ".")) for row in reader if row}
    same = [r["ags"] for r in _demo_rows("planungsrahmen.csv") if example.get(r["ags"]) == Decimal(r["planungsrahmen"])]
    assert same == []


def test_every_demo_gemeinde_has_its_population():
    gemeinden = _demo_rows("gemeinden.csv")
    einwohner = _demo_rows("einwohner.csv")
    assert list(einwohner[0]) == ["ags", "name", "einwohner"]
    assert [(r["ags"], r["name"]) for r in einwohner] == [(r["ags"], r["name"]) for r in gemeinden]
    assert all(re.fullmatch(r"[1-9]\d*", r["einwohner"]) for r in einwohner)


def test_population_grants_can_be_shown_in_freiburg_and_tuebingen():
    # A population-based programme needs Gemeinden of the middle size classes in the south.
    south = {r["ags"]: int(r["einwohner"]) for r in _demo_rows("einwohner.csv") if r["ags"].startswith(("083", "084"))}
    assert any(20_000 <= n <= 30_000 for n in south.values())
    assert any(10_000 <= n <= 19_999 for n in south.values())


def test_demo_population_is_the_official_register_figure():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not available")
    with open(SHARED_DATA / "bw_gemeinden.csv", encoding="utf-8", newline="") as f:
        official = {r["ags"]: r["einwohner"] for r in csv.DictReader(f)}
    assert {r["ags"]: r["einwohner"] for r in _demo_rows("einwohner.csv")} == {
        r["ags"]: official[r["ags"]] for r in _demo_rows("einwohner.csv")
    }
