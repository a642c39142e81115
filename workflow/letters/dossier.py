"""The audit dossier of one case: a ZIP with every document and attachment, the history, the deadlines,
the case's amounts and a manifest (SHA-256 of every file, the audit chain with its anchored length and head),
signed by the authority and time-stamped (``dossier_seal``), that ``verify_dossier`` checks without the database.

Every file is bound twice: by its SHA-256 in the signed manifest, and documents and attachments also by the case's
hash chain, whose entries hold their hashes (attachments in the entry's ``details``).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from typing import Any

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from workflow import clock
from workflow.formatting import datetime_de
from workflow.history import HistoryStep, visible_history
from workflow.letters import dossier_seal
from workflow.engine.programmes import workflow_of
from workflow.models import Application, Attachment, AuditEntry, ChainAnchor, Deadline, Document, User
from workflow.models.audit import GENESIS_HASH, VIA_API
from workflow.exports.spreadsheets import csv_bytes

MANIFEST = "manifest.json"
_UNSAFE = re.compile(r"[^0-9A-Za-zÄÖÜäöüß._ -]+")


def safe_filename(name: str) -> str:
    return _UNSAFE.sub("_", name).strip() or "datei"


def dossier_filename(application: Application) -> str:
    return f"Akte_{safe_filename(application.file_number or f'Entwurf-{application.id}').replace(' ', '_')}.zip"


def build_dossier(session: Session, user: User, application: Application) -> bytes:
    """The ZIP of the case as ``user`` sees it (the dossier is for the authority: internal steps included)."""
    workflow = workflow_of(application)
    history = visible_history(session, user, application)
    files: dict[str, bytes] = {}
    documents = session.scalars(
        select(Document)
        .where(Document.application_id == application.id)
        .options(undefer(Document.content))
        .order_by(Document.id)
    ).all()
    document_names = {}
    for document in documents:
        document_names[document.id] = f"dokumente/{document.id:05d}_{safe_filename(document.filename)}"
        files[document_names[document.id]] = document.content
    attachments = session.scalars(
        select(Attachment)
        .where(Attachment.application_id == application.id)
        .options(undefer(Attachment.content))
        .order_by(Attachment.id)
    ).all()
    for attachment in attachments:
        files[f"anlagen/{attachment.id:05d}_{safe_filename(attachment.filename)}"] = attachment.content
    rows = [_history_row(step, document_names) for step in history]
    files["verlauf.csv"] = csv_bytes(
        ["Zeitpunkt", "Schritt", "Von", "Nach", "Durch", "Kanal", "Bemerkung", "Dokumente", "SHA-256"],
        [
            [
                r["zeitpunkt"],
                r["schritt"],
                r["von"],
                r["nach"],
                r["durch"],
                r["kanal"],
                r["bemerkung"],
                " ".join(r["dokumente"]),
                r["sha256"],
            ]
            for r in rows
        ],
    )
    files["verlauf.json"] = _json(rows)
    deadlines = session.scalars(
        select(Deadline).where(Deadline.application_id == application.id).order_by(Deadline.due_on)
    ).all()
    files["fristen.csv"] = csv_bytes(
        ["Art", "Fällig am", "Status", "Geöffnet", "Erledigt"],
        [
            [
                d.kind,
                d.due_on.isoformat(),
                d.status,
                d.opened_at.isoformat(),
                d.closed_at.isoformat() if d.closed_at else "",
            ]
            for d in deadlines
        ],
    )
    files["betraege.json"] = _json(_amounts(application))
    files["verlauf.html"] = render_template(
        "cases/dossier_history.html", application=application, rows=rows, deadlines=deadlines, workflow=workflow
    ).encode("utf-8")
    manifest = {
        "antrag": {
            "id": application.id,
            "aktenzeichen": application.file_number,
            "programm": application.programme.code,
            "status": application.state,
        },
        "erstellt": clock.now().isoformat(),
        "erstellt_von": user.full_name,
        "dateien": {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())},
        "kette": [_chain_link(step.entry) for step in history],
        # The chain's anchor as the database sealed it: the chain above must end here, with this many entries.
        "anker": _anchor(session, application),
    }
    manifest_bytes = _json(manifest)
    files.update(dossier_seal.seal(current_app, manifest_bytes))
    files[MANIFEST] = manifest_bytes
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return buffer.getvalue()


def _anchor(session: Session, application: Application) -> dict[str, Any]:
    anchor = session.get(ChainAnchor, application.id)
    return {"laenge": anchor.entries, "kopf": anchor.head_hash} if anchor else {"laenge": 0, "kopf": GENESIS_HASH}


def _history_row(step: HistoryStep, document_names: dict[int, str]) -> dict[str, Any]:
    entry = step.entry
    return {
        "zeitpunkt": entry.created_at.isoformat(),
        "ortszeit": datetime_de(entry.created_at),
        "schritt": f"{step.procedure}: {step.label}" if step.procedure else step.label,
        "von": step.from_label,
        "nach": step.to_label,
        "durch": entry.actor.full_name,
        "kanal": "über die Schnittstelle" if entry.details.get(VIA_API) else "Weboberfläche",
        "bemerkung": entry.comment,
        "dokumente": [document_names[d.id] for d in entry.documents if d.id in document_names],
        "sha256": entry.entry_hash,
    }


def _chain_link(entry: AuditEntry) -> dict[str, Any]:
    """Everything ``AuditEntry.computed_hash`` covers, so the chain can be recomputed without the database."""
    return {
        "id": entry.id,
        "application_id": entry.application_id,
        "transition": entry.transition,
        "from": entry.from_state,
        "to": entry.to_state,
        "actor_id": entry.actor_id,
        "comment": entry.comment,
        "details": entry.details,
        "created_at": entry.created_at.isoformat(),
        "documents": [d.sha256 for d in entry.documents],
        "previous": entry.previous_hash,
        "hash": entry.entry_hash,
    }


def _amounts(application: Application) -> dict[str, Any]:
    def text(amount):
        return None if amount is None else str(amount)

    return {
        "planungsrahmen": text(application.pooled_allocation),
        "berechnet": text(application.computed_amount),
        "beantragt": text(application.requested_amount),
        "bewilligt": text(application.granted_amount),
        "entscheidung": application.decision_kind,
    }


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
