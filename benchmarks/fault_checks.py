"""What the fault script checks after each fault, in the database: every acknowledged step is there exactly once with
its letter, no letter or mail exists twice, the system's own steps (the round, the sweep) happened once per case,
and ``foerderweg verify`` passes."""

from __future__ import annotations

import json
import subprocess  # nosec B404 - runs our own foerderweg verify
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from load_services import BIN, environment


@dataclass
class Check:
    checked: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    verify: str = ""

    @property
    def intact(self) -> bool:
        return not self.lost and not self.duplicated and self.verify.startswith("ok")


def acknowledged(acks: Path) -> list[dict]:
    return [json.loads(line) for line in acks.read_text().splitlines()] if acks.exists() else []


# Steps that are taken once per case in the load's pools: a second entry would be a step done twice.
ONCE = ("submit", "take", "propose_decision", "sign_grant", "sign_rejection", "request_information", "become_final")


def check(database_url: str, acks: Path, mail_port: int, system_steps: tuple[str, ...] = ()) -> Check:
    """Every acknowledged step with its audit entry (and for a letter step its documents); nothing twice."""
    result = Check()
    engine = create_engine(database_url)
    with engine.connect() as connection:
        for ack in acknowledged(acks):
            result.checked += 1
            entries = connection.execute(
                text("SELECT id FROM audit_entry WHERE application_id = :case AND transition = :name"),
                {"case": ack["case"], "name": ack["transition"]},
            ).all()
            label = f"{ack['transition']} auf Antrag {ack['case']}"
            if not entries:
                result.lost.append(label)
                continue
            if ack["kind"] == "Brief":
                letters = connection.scalar(
                    text("SELECT count(*) FROM document WHERE audit_entry_id = :entry"), {"entry": entries[-1].id}
                )
                if not letters:
                    result.lost.append(f"der Brief zu {label}")
        twice = connection.execute(
            text(
                "SELECT application_id, transition, count(*) FROM audit_entry WHERE transition = ANY(:steps) "
                "AND procedure_id IS NULL GROUP BY application_id, transition HAVING count(*) > 1"
            ),
            {"steps": list(ONCE)},
        ).all()
        result.duplicated += [f"{row.transition} {row[2]}× auf Antrag {row.application_id}" for row in twice]
        letters_twice = connection.execute(
            text(
                "SELECT audit_entry_id, kind, title, count(*) FROM document GROUP BY audit_entry_id, kind, title, "
                "filename HAVING count(*) > 1"
            )
        ).all()
        result.duplicated += [f"Brief {row.title} {row[3]}× zu Eintrag {row.audit_entry_id}" for row in letters_twice]
        mails_twice = connection.execute(
            text(
                "SELECT user_id, subject, count(*) FROM outgoing_mail GROUP BY user_id, application_id, subject, body "
                "HAVING count(*) > 1"
            )
        ).all()
        result.duplicated += [f"E-Mail „{row.subject}“ {row[2]}× an Benutzer {row.user_id}" for row in mails_twice]
    engine.dispose()
    verify = subprocess.run(  # nosec B603 - fixed arguments
        [str(BIN / "foerderweg"), "verify"],
        env=environment(database_url, mail_port),
        capture_output=True,
        text=True,
    )
    last = (verify.stdout.strip().splitlines() or [""])[-1]
    result.verify = "ok: " + last if verify.returncode == 0 else "FEHLER: " + verify.stderr.strip()[:300]
    return result


def queued_mail(database_url: str, created_before) -> int:
    """Mails queued before ``created_before`` and still not sent (the load keeps queueing new ones)."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = connection.scalar(
            text("SELECT count(*) FROM outgoing_mail WHERE status = 'queued' AND created_at < :before"),
            {"before": created_before},
        )
    engine.dispose()
    return count
