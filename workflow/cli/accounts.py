"""``foerderweg invite-admin``: the first administrator of a fresh installation (nobody can log in yet to invite one)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from workflow.db import db
from workflow.models import Role
from workflow.operations import account_links
from workflow.operations.users import UserData, UserRefused, add_user
from workflow.models.organisation import LAND_AGS


@click.command("invite-admin")
@click.argument("username", metavar="BENUTZERNAME")
@click.argument("email", metavar="E-MAIL")
@click.argument("full_name", metavar="NAME")
@with_appcontext
def invite_admin_command(username: str, email: str, full_name: str) -> None:
    """Eine Administratorin oder einen Administrator anlegen und einladen (Link per E-Mail und hier angezeigt)."""
    session = db.session
    try:
        user = add_user(
            session,
            None,
            UserData(
                username=username, full_name=full_name, email=email, roles={Role.ADMIN}, organisation_ags=LAND_AGS
            ),
        )
        link = account_links.invite(session, None, user)
        session.commit()
    except UserRefused as refused:
        session.rollback()
        raise click.ClickException(refused.message) from None
    click.echo(f"{user.full_name} ({user.username}) ist angelegt; die Einladung an {user.email} ist eingereiht.")
    days = current_app.config["INVITATION_VALID_FOR"].days
    click.echo(f"Link zum Festlegen des Passworts (gilt einmal, {days} Tage lang):\n{link}")
