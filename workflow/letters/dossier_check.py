"""``foerderweg verify --dossier``: a dossier checked offline, without the database, and every change named.

The signed manifest (inside ``manifest.p7s``) is the reference: where ``manifest.json`` differs from it, each
difference is named (status, Aktenzeichen, a file's hash, a cut-off or recomputed chain); the files are then checked
against the signed hashes, documents and attachments also against the chain, and the chain against its anchored
length and head. Without a valid signature the unsigned manifest is all there is, and that is a problem itself.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from workflow.letters.dossier import MANIFEST
from workflow.letters.dossier_seal import SIGNATURE, TIMESTAMP, Trust, check_seal
from workflow.models import AuditEntry
from workflow.models.audit import GENESIS_HASH

HEADER = (("aktenzeichen", "Aktenzeichen"), ("status", "Status"), ("id", "Antragsnummer"), ("programm", "Programm"))


@dataclass
class DossierCheck:
    problems: list[str] = field(default_factory=list)
    stamped_at: Optional[datetime] = None


def verify_dossier(path, trust: Trust) -> DossierCheck:
    """What is wrong with a dossier file (German sentences); no problems if it is intact, signed and stamped."""
    check = DossierCheck()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        check.problems.append("Die Datei ist kein lesbares ZIP-Archiv.")
        return check
    with archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    if MANIFEST not in files:
        check.problems.append("Das Archiv enthält kein manifest.json.")
        return check
    seal = check_seal(files, trust)
    check.problems += seal.problems
    check.stamped_at = seal.stamped_at
    try:
        present = json.loads(files[MANIFEST])
        signed = json.loads(seal.signed_manifest) if seal.signed_manifest is not None else None
    except ValueError:
        check.problems.append("manifest.json ist kein gültiges JSON.")
        return check
    if signed is not None and seal.signed_manifest != files[MANIFEST]:
        check.problems += _differences(signed, present) or ["manifest.json weicht von der signierten Fassung ab."]
    reference = signed if signed is not None else present
    try:
        check.problems += _file_problems(files, reference) + _chain_problems(
            reference.get("kette", []), reference.get("anker")
        )
    except (KeyError, TypeError, AttributeError, ValueError):
        check.problems.append("manifest.json hat nicht den Aufbau einer Prüfakte.")
    return check


def _differences(signed: dict[str, Any], present: dict[str, Any]) -> list[str]:
    found = []
    for key, label in HEADER:
        before, now = signed.get("antrag", {}).get(key), present.get("antrag", {}).get(key)
        if before != now:
            found.append(f"manifest.json: {label} geändert (signiert „{before}“, vorliegend „{now}“).")
    before, now = signed.get("dateien", {}), present.get("dateien", {})
    for name in sorted(set(before) | set(now)):
        if name not in now:
            found.append(f"manifest.json: {name} gestrichen.")
        elif name not in before:
            found.append(f"manifest.json: {name} nachgetragen.")
        elif before[name] != now[name]:
            found.append(f"manifest.json: SHA-256 von {name} geändert.")
    before, now = signed.get("kette", []), present.get("kette", [])
    if len(now) != len(before):
        found.append(
            f"manifest.json: Verlaufskette {'gekürzt' if len(now) < len(before) else 'verlängert'} "
            f"(signiert {len(before)} Einträge, vorliegend {len(now)})."
        )
    found += [
        f"manifest.json: Verlaufseintrag {link['id']} ({link['transition']}) geändert."
        for link, other in zip(before, now)
        if link != other
    ]
    if signed.get("anker") != present.get("anker"):
        found.append("manifest.json: Anker der Verlaufskette geändert.")
    return found


def _file_problems(files: dict[str, bytes], manifest: dict[str, Any]) -> list[str]:
    listed = manifest.get("dateien", {})
    names = set(files) - {MANIFEST, SIGNATURE, TIMESTAMP}
    problems = [f"{name}: fehlt im Archiv." for name in sorted(set(listed) - names)]
    problems += [f"{name}: steht nicht im Manifest." for name in sorted(names - set(listed))]
    problems += [
        f"{name}: Inhalt passt nicht zur SHA-256 im Manifest."
        for name in sorted(set(listed) & names)
        if hashlib.sha256(files[name]).hexdigest() != listed[name]
    ]
    # Documents and attachments are also in the chain: a file swapped together with its manifest line is still found.
    chain = manifest.get("kette", [])
    chained = {
        "dokumente/": {digest for link in chain for digest in link["documents"]},
        "anlagen/": {item["sha256"] for link in chain for item in link["details"].get("attachments", [])},
    }
    for folder, digests in chained.items():
        problems += [
            f"{name}: gehört zu keinem Eintrag der Verlaufskette."
            for name in sorted(names)
            if name.startswith(folder) and hashlib.sha256(files[name]).hexdigest() not in digests
        ]
    return problems


def _chain_problems(chain: list[dict[str, Any]], anchor: Optional[dict[str, Any]]) -> list[str]:
    problems = []
    previous = GENESIS_HASH
    for link in chain:
        entry = AuditEntry(
            application_id=link["application_id"],
            transition=link["transition"],
            from_state=link["from"],
            to_state=link["to"],
            actor_id=link["actor_id"],
            comment=link["comment"],
            details=link["details"],
            created_at=datetime.fromisoformat(link["created_at"]),
            previous_hash=link["previous"],
        )
        where = f"Verlaufseintrag {link['id']} ({link['transition']})"
        if link["previous"] != previous:
            problems.append(f"{where}: Verkettung unterbrochen.")
        if entry.computed_hash(link["documents"]) != link["hash"]:
            problems.append(f"{where}: Eintrag oder seine Dokumente wurden verändert.")
        previous = link["hash"]
    if anchor is None:
        problems.append("manifest.json: Der Anker der Verlaufskette fehlt.")
    elif (len(chain), previous) != (anchor["laenge"], anchor["kopf"]):
        problems.append(
            f"Verlaufskette: {len(chain)} Einträge bis {previous[:12]}…, verankert sind {anchor['laenge']} "
            f"bis {anchor['kopf'][:12]}…: Einträge fehlen oder wurden neu berechnet."
        )
    return problems
