"""``foerderweg counselling-rotate-key``: a new installation key, and every value under it re-encrypted: the
persons' data keys (re-wrapped; the data under them stays as it is), the TOTP secrets, the links of mail not sent yet
and the webhooks' signing secrets.

The new key is written beside the old one first (``counselling.key.new``), so that from then on both
decrypt, whatever happens; the re-encryption is one transaction. Then the new key replaces the key file.
With the key in the environment (``COUNSELLING_KEY``) the command prints the new key for the operator to
set; until then the ``.new`` file keeps the re-encrypted rows readable.
"""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import or_, select
from sqlalchemy.orm import undefer
from sqlalchemy.orm.attributes import flag_modified

from workflow.security.crypto import (
    KEY_FILE,
    NEW_KEY_FILE,
    decode_key,
    key_folder,
    key_id,
    key_ring,
    new_key_text,
    write_key_file,
)
from workflow.counselling.models import PersonKey
from workflow.db import db
from workflow.models import OutgoingMail, User, WebhookSubscription

ENCRYPTED = (
    (PersonKey, ("key",)),
    (User, ("totp_secret",)),
    (OutgoingMail, ("sealed_link",)),
    (WebhookSubscription, ("secret",)),
)


def rotate_key(session, folder: str) -> tuple[int, str]:
    """Re-encrypt every row under a new key; returns (rows, the new key as text)."""
    text = new_key_text()
    new = decode_key(text)
    write_key_file(os.path.join(folder, NEW_KEY_FILE), text)
    ring = key_ring()
    ring.keys[key_id(new)] = new
    ring.current = new  # before any flush: every value written from here on is under the new key
    rows = 0
    for model, attributes in ENCRYPTED:
        columns = [getattr(model, attribute) for attribute in attributes]
        query = select(model).where(or_(*(column.is_not(None) for column in columns))).options(*map(undefer, columns))
        for row in session.scalars(query):
            for attribute in attributes:
                getattr(row, attribute)  # loaded (decrypted with the key it names), then written anew
                flag_modified(row, attribute)
            rows += 1
    session.commit()
    return rows, text


@click.command("counselling-rotate-key")
@with_appcontext
def rotate_key_command() -> None:
    """Neuen Schlüssel der Installation erzeugen und alle verschlüsselten Daten neu verschlüsseln."""
    folder = key_folder(current_app)
    rows, text = rotate_key(db.session, folder)
    click.echo(f"{rows} Datensätze mit dem neuen Schlüssel {key_id(decode_key(text)).decode()} verschlüsselt.")
    if current_app.config.get("COUNSELLING_KEY"):
        click.echo(
            "Der Schlüssel kommt aus der Umgebung: setzen Sie COUNSELLING_KEY auf den neuen Schlüssel\n"
            f"  {text}\nund löschen Sie danach {os.path.join(folder, NEW_KEY_FILE)}."
        )
    else:
        os.replace(os.path.join(folder, NEW_KEY_FILE), os.path.join(folder, KEY_FILE))
        click.echo(f"Der neue Schlüssel steht in {os.path.join(folder, KEY_FILE)}.")
