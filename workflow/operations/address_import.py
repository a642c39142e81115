"""Importing postal addresses and heads of organisations from a table, all or nothing.

The table is checked completely before anything is written; a table with any
problem changes nothing. Addresses are current facts: a row overwrites the
organisation's street, postcode, city and head (an empty Funktion and Name
clear the head; an empty Bezeichnung keeps the one there is). Each import is
recorded with the file's name and SHA-256, who imported it and when.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow import clock, permissions
from workflow.reference.address_table import CheckedAddresses, check_address_table, optional_text
from workflow.models import AddressImport, Organisation, User

# Gemeinden (8 digits) and Kreise (5 digits) carry addresses that letters go to.
_KEY_LENGTHS = (5, 8)


class ImportRefused(Exception):
    """Nothing was imported; ``message`` says why, ``checked`` holds the table's report if it was read."""

    def __init__(self, message: str, checked: Optional[CheckedAddresses] = None, status: int = 422):
        super().__init__(message)
        self.message = message
        self.checked = checked
        self.status = status


def check_table(session: Session, content: bytes) -> CheckedAddresses:
    """The report on ``content`` against the Gemeinden and Kreise in the database."""
    known = session.scalars(select(Organisation.ags).where(func.length(Organisation.ags).in_(_KEY_LENGTHS)))
    return check_address_table(content, set(known))


def import_addresses(session: Session, actor: Optional[User], filename: str, content: bytes) -> AddressImport:
    """Check ``content`` and write every row, or raise ImportRefused and write nothing (``actor`` None: CLI)."""
    try:
        record = _import(session, actor, filename, content)
        session.commit()
        return record
    except BaseException:
        session.rollback()
        raise


def _import(session: Session, actor: Optional[User], filename: str, content: bytes) -> AddressImport:
    if actor is not None and not permissions.can_administer(actor):
        raise ImportRefused("Nur die Administration kann Anschriften einspielen.", status=403)
    checked = check_table(session, content)
    if not checked.ok:
        raise ImportRefused(f"Die Tabelle enthält {len(checked.problems)} Fehler.", checked)
    organisations = {
        org.ags: org
        for org in session.scalars(select(Organisation).where(Organisation.ags.in_([row.ags for row in checked.rows])))
    }
    for row in checked.rows:
        organisation = organisations[row.ags]
        organisation.street, organisation.postcode, organisation.city = row.street, row.postcode, row.city
        organisation.head_title, organisation.head_name = optional_text(row.head_title), optional_text(row.head_name)
        if row.addressee:
            organisation.authority_name = row.addressee
    record = AddressImport(
        source_name=filename[:255],
        source_sha256=hashlib.sha256(content).hexdigest(),
        rows=len(checked.rows),
        imported_at=clock.now(),
        imported_by_id=actor.id if actor is not None else None,
    )
    session.add(record)
    session.flush()
    return record


DEMO_FILE = "anschriften.csv"


def load_demo_addresses(session: Session) -> AddressImport:
    """The demo Gemeinden's addresses and heads, through the same check as every import (not committed)."""
    content = files("workflow.demo").joinpath(DEMO_FILE).read_bytes()
    return _import(session, None, f"Demo-Anschriften ({DEMO_FILE}; Namen der Leitungen erfunden)", content)
