"""The reviewer's work queue carries real work: search by Aktenzeichen, municipality or person, counts per state,
the reviewer's own cases apart from those nobody took, sortable columns, returned proposals marked with the
approver's remark; the signature queue shows kind and amount of each proposal."""

from __future__ import annotations

import re


from application_data import consortium_application, single_application
from factories import SHORTEN_FIRST, fire, fresh_applicant, in_state, rulings, submitted
from workflow.formatting import euro
from workflow.db import db
from workflow.models import Application

RETURN_REMARK = "Bitte die Qualifikation der zweiten Stelle belegen."


def _rows(page: str) -> list[str]:
    """The file numbers of the table's rows, in order."""
    return re.findall(r'data-label="Aktenzeichen"><a href="/antraege/\d+">([^<]+)</a>', page)


def _file_number(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).file_number


def test_the_search_finds_a_case_by_file_number_municipality_or_person(app, client, auth):
    cases = [in_state(app, "submitted")[0] for _ in range(5)]
    with app.app_context():
        clerk = fresh_applicant()
        special = submitted(
            clerk,
            single_application(**{"positions-0-person_name": "Jolanda Ährenfeld", "contact_name": "Bruno Weißgerber"}),
        )
        municipality = db.session.get(Application, special).applicant.name
    auth.login("pruefung.sued")
    wanted = _file_number(app, cases[2])
    assert _rows(client.get("/pruefung", query_string={"suche": wanted}).get_data(as_text=True)) == [wanted]
    special_number = _file_number(app, special)
    for text in (municipality, "ährenfeld", "Weißgerber", special_number.lower()):
        page = client.get("/pruefung", query_string={"suche": text}).get_data(as_text=True)
        assert _rows(page) == [special_number], text
    # Wildcards are taken literally, and nothing found says so.
    for text in ("%", "_", "x" * 500):
        page = client.get("/pruefung", query_string={"suche": text})
        assert page.status_code == 200 and _rows(page.get_data(as_text=True)) == []
    nothing = client.get("/pruefung?suche=%25").get_data(as_text=True)
    assert "Keine Anträge zur Suche „%“." in nothing and nothing.count("Keine Anträge") == 1


def test_the_search_finds_a_joint_case_by_its_consortium_or_a_member(app, client, auth):
    in_state(app, "submitted")
    with app.app_context():
        joint = submitted("kommune.meersburg", consortium_application())
    auth.login("pruefung.sued")
    wanted = _file_number(app, joint)
    for text in ("GVV Meersburg", "hagnau", "Stetten"):
        assert _rows(client.get("/pruefung", query_string={"suche": text}).get_data(as_text=True)) == [wanted], text


def test_counts_per_state_and_mine_apart_from_those_nobody_took(app, client, auth):
    for state in ("submitted", "submitted", "in_review", "information_requested"):
        in_state(app, state)
    auth.login("pruefung.sued")
    page = client.get("/pruefung").get_data(as_text=True)
    assert "Eingereicht: <strong>2</strong>" in page and "In Prüfung: <strong>1</strong>" in page
    assert re.search(r"Mir zugewiesen <span class=\"count\">\(1\)</span>", page)
    assert re.search(r"Meine Kreise, nicht übernommen <span class=\"count\">\(2\)</span>", page)
    mine = client.get("/pruefung?zustaendig=mir").get_data(as_text=True)
    untaken = client.get("/pruefung?zustaendig=offen").get_data(as_text=True)
    assert len(_rows(mine)) == 1 and len(_rows(untaken)) == 2 and not set(_rows(mine)) & set(_rows(untaken))
    assert 'aria-current="page">Mir zugewiesen' in mine
    everything = client.get("/pruefung?status=alle").get_data(as_text=True)
    assert "Nachforderung offen: <strong>1</strong>" in everything and len(_rows(everything)) == 4


def test_column_headers_sort_by_receipt_deadline_and_amount(app, client, auth, clock):
    small = in_state(app, "submitted")[0]
    clock.advance(days=1)
    with app.app_context():
        clerk = fresh_applicant()
        big = submitted(clerk, single_application(**{"positions-0-fte": "1"}))
    auth.login("pruefung.sued")
    page = client.get("/pruefung").get_data(as_text=True)
    assert '<th scope="col" aria-sort="ascending"><a href="/pruefung?sortierung=frist" class="sorted-asc">' in page
    assert '<a href="/pruefung?sortierung=eingang">Eingang' in page and 'data-label="Eingang">' in page
    by_amount = client.get("/pruefung?sortierung=beantragt").get_data(as_text=True)
    assert _rows(by_amount) == [_file_number(app, big), _file_number(app, small)]
    assert 'aria-sort="descending"><a href="/pruefung?sortierung=beantragt" class="sorted-desc">Beantragt' in by_amount
    by_receipt = client.get("/pruefung?sortierung=eingang&suche=RPS").get_data(as_text=True)
    assert _rows(by_receipt) == [_file_number(app, small), _file_number(app, big)]
    # The header links keep the search and start again on the first page.
    assert 'href="/pruefung?suche=RPS&amp;sortierung=beantragt"' in by_receipt


def test_a_returned_proposal_is_marked_with_the_approvers_remark_for_staff_only(app, client, auth):
    application_id, clerk = in_state(app, "decision_proposed")
    with app.app_context():
        fire(application_id, "return_proposal", "zeichnung", comment=RETURN_REMARK)
    auth.login("pruefung.sued")
    queue = client.get("/pruefung").get_data(as_text=True)
    assert "Vorschlag zurückgegeben" in queue and f"„{RETURN_REMARK}“" in queue
    case = client.get(f"/antraege/{application_id}").get_data(as_text=True)
    assert "Entscheidungsvorschlag zurückgegeben</strong>" in case and RETURN_REMARK in case
    assert "Bewilligung über 58.000,00\u00a0€" in case
    auth.logout()
    auth.login(clerk)
    for url in ("/kommune", f"/antraege/{application_id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Vorschlag zurückgegeben" not in page and RETURN_REMARK not in page


def test_the_signature_queue_shows_kind_and_amount_of_each_proposal(app, client, auth):
    application_id, _ = in_state(app, "in_review")
    with app.app_context():
        application = db.session.get(Application, application_id)
        fire(
            application_id,
            "propose_decision",
            "pruefung.sued",
            positions=rulings(application, SHORTEN_FIRST),
            comment="",
        )
        proposed = euro(application.open_proposal.amount)
        requested = euro(application.requested_amount)
    auth.login("zeichnung")
    page = client.get("/zeichnung").get_data(as_text=True)
    assert '<th scope="col">Vorschlag</th>' in page and proposed != requested
    assert 'data-label="Vorschlag">Teilbewilligung</td>' in page
    assert f'data-label="Vorgeschlagen" class="num">{proposed}</td>' in page
    assert f'data-label="Beantragt" class="num">{requested}</td>' in page


def test_a_search_under_my_work_finds_a_decided_case_and_says_where_it_found_it(app, client, auth):
    in_state(app, "submitted")
    joint, _ = in_state(app, "granted", clerk="kommune.meersburg", data=consortium_application())
    auth.login("pruefung.sued")
    # „Bei mir zu bearbeiten“ (no status chosen) lists no granted case, but a search looks at every status.
    assert _file_number(app, joint) not in _rows(client.get("/pruefung").get_data(as_text=True))
    page = client.get("/pruefung?status=&suche=Hagnau").get_data(as_text=True)
    assert _rows(page) == [_file_number(app, joint)]
    assert "Suche „Hagnau“: 1 Treffer in allen Status und Programmen" in page
    assert "Bewilligt: <strong>1</strong>" in page
    assert re.search(r"Gefunden im Status\s*<a [^>]*>Bewilligt</a> \(1\)\s*und im Programm\s*<a [^>]*>VwV", page)
    # A status chosen on purpose narrows the search, and the page says how many it hides.
    narrowed = client.get("/pruefung?status=submitted&suche=Hagnau").get_data(as_text=True)
    assert _rows(narrowed) == [] and "Davon 0 im gewählten Status oder Programm." in narrowed
    assert "Alle 1 Treffer anzeigen" in narrowed
