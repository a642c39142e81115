"""Importing municipal contacts: all or nothing, one clerk account and one invitation per row."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.reference.contact_table import CheckedContacts, check_contact_table
from workflow.models import Organisation, Role, User
from workflow.operations import account_links, admin_audit
from workflow.operations.users import UserData, add_user


class ContactsRefused(Exception):
    def __init__(self, checked: CheckedContacts):
        super().__init__(f"{len(checked.problems)} Fehler")
        self.checked = checked


def check_contacts(session: Session, content: bytes) -> CheckedContacts:
    """The preview: every row and every problem, against the Gemeinden and accounts there are; nothing written."""
    known = {
        ags: name
        for ags, name in session.execute(
            select(Organisation.ags, Organisation.name).where(func.length(Organisation.ags) == 8)
        )
    }
    return check_contact_table(content, known, set(session.scalars(select(func.lower(User.username)))))


def import_contacts(session: Session, actor: User | None, filename: str, content: bytes) -> list[User]:
    """Check the table; without a problem create every account and queue its invitation, in one transaction."""
    try:
        checked = check_contacts(session, content)
        if not checked.ok:
            raise ContactsRefused(checked)
        created = []
        # The table check found every username free, so the rows need not be flushed one by one.
        with session.no_autoflush:
            for row in checked.rows:
                user = add_user(
                    session,
                    actor,
                    UserData(
                        username=row.email.lower(),
                        full_name=row.name,
                        email=row.email,
                        roles={Role.CLERK},
                        organisation_ags=row.ags,
                        job_title=row.function,
                    ),
                )
                account_links.invite(session, actor, user)
                created.append(user)
        admin_audit.record(
            session,
            actor,
            "contacts_imported",
            f"{len(created)} Kontakte aus „{filename}“ eingespielt und eingeladen",
            after={"Datei": filename, "Konten": len(created)},
        )
        session.commit()
        return created
    except BaseException:
        session.rollback()
        raise
