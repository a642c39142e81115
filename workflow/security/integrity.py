"""Checks that the evidence is intact: documents and attachments against their SHA-256, every case's audit chain
and its anchor (``chain_anchors``: a deleted tail or a recomputed chain), optionally against a backup's anchors.

An attachment's hash is also part of the audit entry that recorded it, so a
file swapped together with its stored hash still breaks the chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import groupby
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from workflow.security import chain_anchors
from workflow.models import Attachment, AuditEntry, Document
from workflow.models.audit import GENESIS_HASH


@dataclass
class IntegrityReport:
    documents: int = 0
    attachments: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(session: Session, saved: Optional[list[chain_anchors.Checkpoint]] = None) -> IntegrityReport:
    """``saved``: the anchors a backup wrote; the chains must still pass through them."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return _verify(session, saved)
    # One snapshot for every read: with the application running, a step that commits between the read of the
    # entries and that of the anchors (or of the documents and the entries) would look like tampering.
    with bind.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with Session(bind=connection) as snapshot:
            return _verify(snapshot, saved)


def _verify(session: Session, saved: Optional[list[chain_anchors.Checkpoint]]) -> IntegrityReport:
    report = IntegrityReport()
    document_hashes: dict[int, list[str]] = {}
    documents = session.execute(
        select(Document).options(undefer(Document.content)).order_by(Document.id).execution_options(yield_per=100)
    ).scalars()
    for document in documents:
        report.documents += 1
        document_hashes.setdefault(document.audit_entry_id, []).append(document.sha256)
        if hashlib.sha256(document.content).hexdigest() != document.sha256:
            report.problems.append(
                f"Dokument {document.id} ({document.title}, Antrag {document.application_id}): "
                "Inhalt passt nicht zur gespeicherten SHA-256-Prüfsumme."
            )
        session.expunge(document)
    attachments = session.execute(
        select(Attachment)
        .where(Attachment.audit_entry_id.is_not(None))
        .options(undefer(Attachment.content))
        .order_by(Attachment.id)
        .execution_options(yield_per=100)
    ).scalars()
    for attachment in attachments:
        report.attachments += 1
        if hashlib.sha256(attachment.content).hexdigest() != attachment.sha256:
            report.problems.append(
                f"Anlage {attachment.id} ({attachment.filename}, Antrag {attachment.application_id}): "
                "Inhalt passt nicht zur gespeicherten SHA-256-Prüfsumme."
            )
        session.expunge(attachment)
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.application_id, AuditEntry.id))
    chains: dict[int, list[str]] = {}
    for application_id, chain in groupby(entries, key=lambda entry: entry.application_id):
        previous = GENESIS_HASH
        hashes = chains.setdefault(application_id, [])
        for entry in chain:
            hashes.append(entry.entry_hash)
            report.entries += 1
            where = f"Antrag {application_id}, Verlaufseintrag {entry.id} ({entry.transition})"
            if entry.previous_hash != previous:
                report.problems.append(f"{where}: Verkettung unterbrochen (Vorgänger fehlt oder wurde verändert).")
            if entry.computed_hash(document_hashes.get(entry.id, [])) != entry.entry_hash:
                report.problems.append(f"{where}: Eintrag oder seine Dokumente wurden nachträglich verändert.")
            previous = entry.entry_hash
    report.problems += chain_anchors.problems(chains, chain_anchors.checkpoints(session))
    if saved is not None:
        report.problems += chain_anchors.manifest_problems(chains, saved)
    return report
