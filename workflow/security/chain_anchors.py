"""Anchors of the case histories, so that ``foerderweg verify`` names a deleted tail and a recomputed chain.

The history chain uses no secret: whoever reaches the database can delete a case's newest entries, or change
one and recompute every later hash, and the chain still closes. Every entry therefore advances its case's
``ChainAnchor`` – length and newest hash – in the same transaction, sealed with HMAC-SHA-256 under a key the
database does not hold: ``CHAIN_ANCHOR_KEY`` (configuration or environment, 32 bytes as URL-safe base64; in
production from the environment, so that the database and its backups never carry it), else a key generated
into ``instance/chain_anchor.key``. A backup writes the sealed anchors beside the copy; ``verify --anker``
checks the database against them, which also names a whole history deleted together with its anchor.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow import clock
from workflow.security.key_files import new_key_text, write_key_file
from workflow.models import ChainAnchor

KEY_FILE = "chain_anchor.key"


def key_for(app) -> bytes:
    """The app's anchor key: the configured one, else the instance key file (created on first use)."""
    text = app.config.get("CHAIN_ANCHOR_KEY")
    if not text:
        path = os.path.join(app.instance_path, KEY_FILE)
        if not os.path.exists(path):
            os.makedirs(app.instance_path, exist_ok=True)
            write_key_file(path, new_key_text())
        text = Path(path).read_text("ascii")
    key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    if len(key) != 32:
        raise ValueError("CHAIN_ANCHOR_KEY muss 32 Byte lang sein (URL-sicheres Base64).")
    return key


def _key() -> bytes:
    extensions = current_app.extensions
    if "chain_anchors.key" not in extensions:
        extensions["chain_anchors.key"] = key_for(current_app)
    return extensions["chain_anchors.key"]


def seal(key: bytes, application_id: int, entries: int, head_hash: str) -> str:
    message = f"foerderweg-anker:{application_id}:{entries}:{head_hash}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def advance(session: Session, application_id: int, entry_hash: str) -> None:
    """The case's chain grew by ``entry_hash``; called under the case's lock, in the entry's transaction."""
    anchor = session.get(ChainAnchor, application_id)
    if anchor is None:
        anchor = ChainAnchor(application_id=application_id, entries=0)
        session.add(anchor)
    anchor.entries += 1
    anchor.head_hash = entry_hash
    anchor.seal = seal(_key(), application_id, anchor.entries, entry_hash)
    anchor.updated_at = clock.now()


@dataclass(frozen=True)
class Checkpoint:
    """What an anchor says of one chain: its length and newest hash."""

    application_id: int
    entries: int
    head_hash: str
    seal: Optional[str]

    def sealed(self, key: bytes) -> bool:
        return self.seal is not None and hmac.compare_digest(
            self.seal, seal(key, self.application_id, self.entries, self.head_hash)
        )


def checkpoints(session: Session) -> dict[int, Checkpoint]:
    rows = session.scalars(select(ChainAnchor))
    return {row.application_id: Checkpoint(row.application_id, row.entries, row.head_hash, row.seal) for row in rows}


def problems(chains: dict[int, list[str]], anchored: dict[int, Checkpoint], since_backup: bool = False) -> list[str]:
    """What is wrong with the chains (entry hashes per case, oldest first) against the anchors, in German.

    Against the database's anchors a chain must end where its anchor says; against those of a backup
    (``since_backup``) it may have grown since, but must still pass through the anchored hash.
    """
    key = _key()
    where = " in der Sicherung" if since_backup else ""
    found = []
    for application_id in sorted(set(chains) | set(anchored)):
        chain, anchor = chains.get(application_id, []), anchored.get(application_id)
        case = f"Antrag {application_id}: Verlaufskette"
        if anchor is None:
            found.append(f"{case} ist nicht verankert (Anker fehlt).")
        elif not anchor.sealed(key):
            found.append(
                f"{case}: der Anker{where} ist nicht mit dem Schlüssel gesiegelt (verändert oder ohne Schlüssel "
                "neu berechnet)."
            )
        elif len(chain) < anchor.entries:
            missing = anchor.entries - len(chain)
            found.append(
                f"{case} endet nach {len(chain)} Einträgen, verankert{where} sind {anchor.entries}: "
                f"{'der letzte Eintrag fehlt' if missing == 1 else f'die letzten {missing} Einträge fehlen'}."
            )
        elif chain[anchor.entries - 1] != anchor.head_hash:
            found.append(
                f"{case} wurde neu berechnet: der {anchor.entries}. Eintrag passt nicht zum verankerten Hash{where}."
            )
        elif len(chain) > anchor.entries and not since_backup:
            found.append(
                f"{case} hat {len(chain) - anchor.entries} Einträge nach dem verankerten Ende (ohne Anker eingefügt)."
            )
    return found


def manifest_path(backup: Path) -> Path:
    """Where a backup's anchors are written: beside the copy (``sicherung.db`` → ``sicherung.db.anker.json``)."""
    return backup.with_name(backup.name + ".anker.json")


def write_manifest(session: Session, path: Path) -> int:
    """The sealed anchors of every chain, beside a backup; the number of chains."""
    anchored = checkpoints(session)
    path.write_text(json.dumps({"anker": [vars(checkpoint) for checkpoint in anchored.values()]}, indent=1), "utf-8")
    return len(anchored)


def read_manifest(path: Path) -> list[Checkpoint]:
    return [Checkpoint(**item) for item in json.loads(path.read_text("utf-8"))["anker"]]


def manifest_problems(chains: dict[int, list[str]], saved: list[Checkpoint]) -> list[str]:
    """The database against the anchors a backup saved: every chain at least as long, with the same hash there."""
    return problems(
        {checkpoint.application_id: chains.get(checkpoint.application_id, []) for checkpoint in saved},
        {checkpoint.application_id: checkpoint for checkpoint in saved},
        since_backup=True,
    )
