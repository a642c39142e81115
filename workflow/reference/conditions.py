"""Allgemeine Nebenbestimmungen (ANBest-K, ANBest-P) as determinate texts: read, checked, shipped.

A Bescheid must annex the wording it imposes, in the version in force when it is signed; a reference to the
ANBest „in der jeweils geltenden Fassung“ is a dynamic reference a Nebenbestimmung cannot be. VV Nr. 13.4.1 zu
§ 44 LHO Baden-Württemberg (read in the yumpu copy of the LHO with VV, 2013): the ANBest-K „sind unverändert zum
Bestandteil des Zuwendungsbescheids zu machen, soweit nicht nach Nr. 13.4.2 bis 13.6 Abweichungen und Ergänzungen
vorgenommen werden“ — hence the full text plus the programme's named deviations.

We could not read the Land's official wording of either text in any public source we reached, so Förderweg ships
only their structure (``nebenbestimmungen.json``); every Nummer without wording is marked as to be supplied, and
the operator loads the official text as a new version (``read_text``). This module is pure: nothing here touches
the database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Optional

from workflow.text import strip_control_characters

CODES = {
    "ANBest-K": "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an kommunale Körperschaften (ANBest-K)",
    "ANBest-P": "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P)",
}
SHIPPED_FILE = "nebenbestimmungen.json"
MAX_BYTES = 1_000_000
MAX_ENTRIES = 500
# „1. Anforderung …“ or „1 Anforderung …“: a heading; „1.1 Die Zuwendung …“: a numbered paragraph.
_HEADING = re.compile(r"^(\d{1,2})\.?\s+(\S.*)$")
_PARAGRAPH = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(\S.*)$")


class TextRefused(ValueError):
    """The file is no text of Nebenbestimmungen Förderweg can annex; ``message`` says why, in German."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Entry:
    """A Nummer: a heading (``1``) with perhaps an introductory sentence, or a paragraph (``1.1``) with its text.

    ``text`` None: the wording is not loaded yet (shipped structure), as opposed to a heading without a sentence.
    """

    number: str
    heading: Optional[str] = None
    text: Optional[str] = None

    @property
    def is_heading(self) -> bool:
        return self.heading is not None

    def as_dict(self) -> dict:
        return {"number": self.number, "heading": self.heading, "text": self.text}


@dataclass(frozen=True)
class ConditionsVersion:
    code: str
    title: str
    stand: str
    valid_from: date
    source: str
    entries: tuple[Entry, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """The Nummern whose wording is still to be supplied: a heading with no paragraph and no sentence."""
        with_paragraphs = {entry.number.split(".")[0] for entry in self.entries if not entry.is_heading}
        return tuple(
            entry.number
            for entry in self.entries
            if entry.is_heading and entry.text is None and entry.number not in with_paragraphs
        )

    @property
    def complete(self) -> bool:
        return not self.missing


def entries_from(rows: list[dict]) -> tuple[Entry, ...]:
    return tuple(Entry(row["number"], row.get("heading"), row.get("text")) for row in rows)


def shipped_versions() -> list[ConditionsVersion]:
    data = json.loads(files("workflow.reference").joinpath(SHIPPED_FILE).read_text(encoding="utf-8"))
    return [
        ConditionsVersion(
            row["code"],
            row["title"],
            row["stand"],
            date.fromisoformat(row["valid_from"]),
            row["source"],
            entries_from(row["entries"]),
        )
        for row in data["versions"]
    ]


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise TextRefused(
            f"Die Datei ist größer als {MAX_BYTES // 1_000_000} MB; das ist kein Text von Nebenbestimmungen."
        )
    if b"\x00" in raw:
        raise TextRefused(
            "Die Datei ist keine Textdatei. Bitte den Wortlaut als Text (UTF-8 oder Windows-1252) speichern."
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_text(raw: bytes) -> tuple[Entry, ...]:
    """The Nummern of a text as published: „1. Überschrift“, „1.1 Wortlaut …“, following lines continue the last.

    A number that does not continue the sequence („2019 trat …“ inside a paragraph, or 5.1 under heading 4) is
    read as text of the line before, so that a line break in the official PDF cannot invent a Nummer. Lines
    before the first heading are the preamble (Nummer „0“ has no place in the ANBest, so it carries it).
    """
    lines = [strip_control_characters(line).strip() for line in _decode(raw).splitlines()]
    entries: list[dict] = []
    seen: set[str] = set()
    heading = 0
    for line in filter(None, lines):
        paragraph, head = _PARAGRAPH.match(line), _HEADING.match(line)
        if paragraph and paragraph.group(1).split(".")[0] == str(heading) and paragraph.group(1) not in seen:
            entries.append({"number": paragraph.group(1), "heading": None, "text": paragraph.group(2)})
            seen.add(paragraph.group(1))
        elif head and int(head.group(1)) == heading + 1:
            heading += 1
            entries.append({"number": str(heading), "heading": head.group(2), "text": None})
            seen.add(str(heading))
        elif entries:
            last = entries[-1]
            last["text"] = f"{last['text']} {line}" if last["text"] else line
        else:
            entries.append({"number": "0", "heading": "", "text": line})
        if len(entries) > MAX_ENTRIES:
            raise TextRefused(f"Der Text hat mehr als {MAX_ENTRIES} Nummern; das sind keine Nebenbestimmungen.")
    if heading == 0:
        raise TextRefused(
            "Im Text steht keine Nummer „1. …“. Bitte den Wortlaut mit seinen Nummern und Überschriften "
            "einfügen, eine Nummer je Zeilenanfang (z. B. „1. Anforderung und Verwendung der Zuwendung“, "
            "„1.1 Die Zuwendung darf …“)."
        )
    return entries_from(entries)


def check_version(code: str, stand: str, valid_from: Optional[date], source: str) -> None:
    """The facts that make a loaded text citable; TextRefused (German) where one is missing."""
    if code not in CODES:
        raise TextRefused(f"„{code}“ ist keine bekannte Art von Nebenbestimmungen (möglich: {', '.join(CODES)}).")
    if not stand.strip():
        raise TextRefused("Bitte den Stand angeben, wie ihn die amtliche Fassung nennt (z. B. „Stand: 01.01.2025“).")
    if valid_from is None:
        raise TextRefused("Bitte angeben, ab wann die Fassung anzuwenden ist (TT.MM.JJJJ).")
    if not source.strip():
        raise TextRefused("Bitte die Quelle angeben (Fundstelle, z. B. „GABl. 2025 S. …“).")
