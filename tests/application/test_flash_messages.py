"""After a step the message says what it led to and whose move it is now, not the button's name again."""

from __future__ import annotations

from factories import in_state
from http_steps import action


def test_after_a_proposal_the_message_names_the_new_status_and_who_is_next(app, client, auth):
    application_id, _ = in_state(app, "in_review")
    auth.login("pruefung.sued")
    action(auth, application_id, "propose_decision", {"rulings-0-outcome": "granted", "reasons": ""})
    html = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Erledigt:" not in html
    assert "Der Antrag ist jetzt „Zur Zeichnung vorgelegt“" in html
    assert "Als Nächstes ist am Zug: Zeichnungsbefugte RP." in html
