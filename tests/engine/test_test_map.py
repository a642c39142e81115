"""Every test lives in a folder of the map (tests/README.md); the shared steps live in tests/helpers."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _folders_of_the_map() -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)/` \|", (TESTS / "README.md").read_text(), re.M))


def test_no_test_or_helper_lies_loose_in_the_tests_folder():
    loose = sorted(path.name for path in TESTS.glob("*.py") if path.name != "conftest.py")
    assert loose == [], "tests belong in a folder of tests/README.md, helpers in tests/helpers"


def test_every_folder_with_tests_is_on_the_map_and_browser_tests_are_in_browser():
    on_the_map = _folders_of_the_map()
    folders = {path.parent.name for path in TESTS.glob("*/test_*.py")}
    assert folders <= on_the_map, folders - on_the_map
    outside = [
        path.name
        for path in TESTS.glob("*/test_*.py")
        if path.parent.name != "browser" and re.search(r"\bbrowser_page\b|pytest\.mark\.browser", path.read_text())
    ]
    assert outside == []
