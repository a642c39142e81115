"""What changed between two programme versions, as a German administrator reads it (51.000,00 € → 60.000,00 €).

Settings are compared as they are shown (``described``), so that a change is
listed exactly when a person would see one; table settings row by row and
column by column; Word templates by their SHA-256.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from workflow.letters.documents import DOCUMENT_KINDS
from workflow.engine.settings import TABLE, Setting, Settings, described

# Longer values (legal texts) are shown as two blocks rather than on one line with an arrow.
SHORT = 80
REMOVED = "– (entfällt)"
ABSENT = "–"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str

    @property
    def long(self) -> bool:
        return len(self.old) > SHORT or len(self.new) > SHORT


def _row_text(row: list[str]) -> str:
    return " · ".join(cell for cell in row if cell)


def _table_changes(setting: Setting, old_rows: list[list[str]], new_rows: list[list[str]]) -> list[Change]:
    changes = []
    for index in range(max(len(old_rows), len(new_rows))):
        where = f"{setting.label}, Zeile {index + 1}"
        if index >= len(old_rows):
            changes.append(Change(f"{where} (neu)", ABSENT, _row_text(new_rows[index])))
        elif index >= len(new_rows):
            changes.append(Change(where, _row_text(old_rows[index]), REMOVED))
        else:
            changes += [
                Change(f"{where}, {column.label}", old, new)
                for column, old, new in zip(setting.columns, old_rows[index], new_rows[index])
                if old != new
            ]
    return changes


def setting_changes(declared: tuple[Setting, ...], old: Optional[Settings], new: Settings) -> list[Change]:
    """Every setting whose shown value differs, in the order of the declaration; all of them if ``old`` is None."""
    before = dict((setting.name, value) for setting, value in described(declared, old)) if old is not None else {}
    changes = []
    for setting, value in described(declared, new):
        previous = before.get(setting.name)
        if previous == value:
            continue
        if setting.kind == TABLE:
            changes += _table_changes(setting, previous or [], value)
        else:
            changes.append(Change(setting.label, ABSENT if previous is None else previous, value))
    return changes


def template_changes(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """Word templates (kind → SHA-256) that were added, replaced or dropped."""
    changes = []
    for kind in sorted(set(old) | set(new)):
        if old.get(kind) == new.get(kind):
            continue
        label = f"Word-Vorlage „{DOCUMENT_KINDS[kind].title if kind in DOCUMENT_KINDS else kind}“"
        changes.append(
            Change(label, "bisherige Datei" if kind in old else ABSENT, "geänderte Datei" if kind in new else REMOVED)
        )
    return changes
