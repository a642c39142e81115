"""Finding a municipality by what a person types: tolerant of case, umlauts, ß, punctuation and missing suffixes.

„Hagnau“ finds „Hagnau am Bodensee“, „Muenchweiler“ and „münchweiler“ find „Münchweiler“, „Strasse“
matches „Straße“. Every candidate is shown with its Kreis („Altheim – Alb-Donau-Kreis“), because
several Gemeinden share a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from workflow.models import Organisation, OrganisationKind

_SPELLINGS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
MAX_CANDIDATES = 10


def folded(text: str) -> str:
    """``text`` as search compares it: lower case, umlauts and ß spelt out, other accents and punctuation dropped."""
    spelt = text.casefold().translate(_SPELLINGS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", spelt) if not unicodedata.combining(c))
    return " ".join(_NOT_LETTERS.sub(" ", plain).split())


def kreis_title(name: str, kind: str) -> str:
    """„Alb-Donau-Kreis“ as it is, „Biberach“ as „Landkreis Biberach“."""
    if not name or name.casefold().endswith("kreis"):
        return name
    return f"{'Stadtkreis' if kind == OrganisationKind.STADTKREIS else 'Landkreis'} {name}"


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    ags: str
    kreis: str
    is_kreis: bool = False

    @property
    def label(self) -> str:
        """„Altheim – Alb-Donau-Kreis“ for a Gemeinde, „Landkreis Biberach“ for a Kreis: what a person chooses from."""
        if self.is_kreis:
            return kreis_title(self.name, OrganisationKind.LANDKREIS)
        return f"{self.name} – {self.kreis}" if self.kreis else self.name

    @property
    def value(self) -> str:
        """What goes into the field: name and key, which the form resolves without doubt."""
        return f"{self.name} ({self.ags})" if self.ags else self.name


def candidates(session: Session, text: str, kinds, excluded_id: int | None = None) -> list[Candidate]:
    """The organisations of ``kinds`` that ``text`` names, best first: the whole name, then its beginning,
    then the beginning of a later word; at most MAX_CANDIDATES."""
    wanted = folded(text)
    if len(wanted) < 2:
        return []
    kreis = aliased(Organisation)
    rows = session.execute(
        select(Organisation.id, Organisation.name, Organisation.ags, Organisation.kind, kreis.name, kreis.kind)
        .outerjoin(kreis, kreis.id == Organisation.kreis_id)
        .where(Organisation.kind.in_(list(kinds)))
    ).all()
    ranked = []
    for org_id, name, ags, kind, kreis_name, kreis_kind in rows:
        if org_id == excluded_id:
            continue
        name_folded = folded(name)
        if name_folded == wanted or (ags and ags == wanted):
            rank = 0
        elif name_folded.startswith(wanted):
            rank = 1
        elif f" {wanted}" in f" {name_folded}":
            rank = 2
        else:
            continue
        is_kreis = kind == OrganisationKind.LANDKREIS
        ranked.append(
            (
                rank,
                is_kreis,
                name,
                ags or "",
                Candidate(org_id, name, ags or "", kreis_title(kreis_name or "", kreis_kind), is_kreis),
            )
        )
    ranked.sort(key=lambda item: item[:4])  # a Gemeinde before the Landkreis of the same name
    return [candidate for *_, candidate in ranked[:MAX_CANDIDATES]]
