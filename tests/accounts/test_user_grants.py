"""A reviewer's Kreise and programmes as the permission checks read them: ids from the grant rows, which follow
a change even before it is saved."""

from __future__ import annotations

from sqlalchemy import select

from factories import user
from workflow.db import db
from workflow.models import Organisation, Programme, Role, User
from workflow.models.user import reviewer_kreis, with_grants


def _reviewer() -> User:
    db.session.expunge_all()
    return db.session.scalars(
        select(User).where(User.username == "pruefung.sued").options(*with_grants(Role.REVIEWER))
    ).one()


def test_grants_read_as_ids_load_no_kreise_and_follow_a_change_before_and_after_it_is_saved(app):
    with app.app_context():
        reviewer = _reviewer()
        stored = set(
            db.session.scalars(select(reviewer_kreis.c.kreis_id).where(reviewer_kreis.c.user_id == reviewer.id))
        )
        assert reviewer.kreis_ids == stored and len(stored) > 1
        assert reviewer.programme_ids == frozenset()  # works on every programme
        assert "kreise" not in reviewer.__dict__ and "programmes" not in reviewer.__dict__

        kreis = db.session.get(Organisation, min(stored))
        programme = db.session.scalars(select(Programme).order_by(Programme.id)).first()
        reviewer.kreise, reviewer.programmes = [kreis], [programme]
        chosen = ({kreis.id}, {programme.id})
        assert (reviewer.kreis_ids, reviewer.programme_ids) == chosen
        db.session.commit()

        saved = _reviewer()
        assert (saved.kreis_ids, saved.programme_ids) == chosen
        assert user("pruefung.sued").kreis_ids == chosen[0]
