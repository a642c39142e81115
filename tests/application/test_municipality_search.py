"""Municipalities are found as people type them: tolerant of case, umlauts, ß and missing suffixes, each shown with
its Kreis; without JavaScript the form accepts a name that fits one municipality and offers the candidates."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from application_data import consortium_application
from workflow.workflows.standard import drafts
from workflow.db import db
from workflow.models import Application
from workflow.reference.municipality_search import candidates, folded


def _labels(app, text: str) -> list[str]:
    with app.app_context():
        return [c.label for c in candidates(db.session, text, drafts.APPLICANT_KINDS)]


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Müllheim", "muellheim"),
        ("MUELLHEIM", "muellheim"),
        ("Straßberg", "strassberg"),
        ("Bad  Dürrheim!", "bad duerrheim"),
    ],
)
def test_folding_spells_out_umlauts_and_sharp_s_and_ignores_case_and_punctuation(typed, expected):
    assert folded(typed) == expected


def test_a_missing_suffix_umlaut_or_sharp_s_still_finds_the_municipality(app):
    assert _labels(app, "Hagnau") == ["Hagnau am Bodensee – Bodenseekreis"]
    assert _labels(app, "hagnau am bodensee") == ["Hagnau am Bodensee – Bodenseekreis"]
    assert _labels(app, "Boebingen") == ["Böbingen an der Rems – Ostalbkreis"]
    assert _labels(app, "biberach an der riss")[0] == "Biberach an der Riß – Landkreis Biberach"


def test_several_candidates_are_told_apart_by_their_kreis(app):
    assert _labels(app, "schwaebisch") == [
        "Schwäbisch Gmünd – Ostalbkreis",
        "Schwäbisch Hall – Landkreis Schwäbisch Hall",
        "Landkreis Schwäbisch Hall",
    ]


def test_the_suggestions_answer_as_json_for_clerks_only(app, client, auth):
    auth.login("kommune.meersburg")
    answer = client.get("/kommunen/suche", query_string={"q": "Hagnau"})
    assert answer.status_code == 200 and answer.json == {
        "candidates": [{"label": "Hagnau am Bodensee – Bodenseekreis", "value": "Hagnau am Bodensee (08435018)"}]
    }
    assert client.get("/kommunen/suche?q=M").json == {"candidates": []}
    # The own municipality is no member of its own consortium.
    assert all("Meersburg (" not in c["value"] for c in client.get("/kommunen/suche?q=Meersburg").json["candidates"])
    auth.logout()
    auth.login("pruefung.sued")
    assert client.get("/kommunen/suche?q=Hagnau").status_code == 403


def test_without_javascript_a_unique_name_is_accepted_and_an_ambiguous_one_offers_buttons(app, client, auth):
    auth.login("kommune.meersburg")
    data = consortium_application(members=["Hagnau", "Schwäbisch"], consortium_name="Versuch")
    response = auth.post("/programme/integrationsmanagement/antraege/neu", {**data, "action": "review"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Meinten Sie für Mitgliedskommune 2:" in page and "Meinten Sie für Mitgliedskommune 1:" not in page
    assert 'name="pick_member" value="1:Schwäbisch Hall (08127076)"' in page
    assert ">Schwäbisch Gmünd – Ostalbkreis</button>" in page
    with app.app_context():
        application_id = db.session.scalars(select(Application.id).order_by(Application.id.desc())).first()
        hagnau = drafts.find_organisation(db.session, "Hagnau")
        assert hagnau.ags == "08435018"
    value = page.split('name="pick_member" value="1:', 1)[1].split('"', 1)[0]
    picked = auth.post(
        f"/antraege/{application_id}/bearbeiten",
        {**data, "pick_member": f"1:{value}"},
        page=f"/antraege/{application_id}/bearbeiten",
    )
    assert picked.status_code == 302 and picked.headers["Location"].endswith("#members-1-zeile")
    with app.app_context():
        assert db.session.get(Application, application_id).draft_data["members-1"] == value
