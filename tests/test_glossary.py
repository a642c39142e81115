"""The words of funding law are explained on one page, and a page's running text links each term to its explanation
the first time it uses it — escaped like any other text."""

from __future__ import annotations

from markupsafe import Markup

from workflow.reference.glossary import GLOSSARY, link_terms


def test_each_term_is_linked_once_per_page_and_the_text_stays_escaped():
    linked: set[str] = set()
    first = link_terms("Der Planungsrahmen <b>und</b> der Planungsrahmens-Rest: 0,5 VZÄ.", linked)
    assert first == Markup(
        'Der <a class="term" href="/begriffe#planungsrahmen">Planungsrahmen</a> &lt;b&gt;und&lt;/b&gt; der '
        'Planungsrahmens-Rest: 0,5 <a class="term" href="/begriffe#vzae">VZÄ</a>.'
    )
    # Later on the same page the terms stay plain; a term inside a longer word is no term.
    assert link_terms("Planungsrahmen und VZÄ", linked) == Markup("Planungsrahmen und VZÄ")
    assert link_terms("Verwendungsnachweisprüfung", set()) == Markup("Verwendungsnachweisprüfung")


def test_the_glossary_page_explains_every_term_and_the_footer_links_it(client):
    page = client.get("/begriffe").get_data(as_text=True)
    for term in GLOSSARY:
        assert f'id="{term.slug}"' in page and term.explanation in page
    assert 'href="/begriffe"' in client.get("/anmelden").get_data(as_text=True)


def test_a_case_page_links_its_terms_to_the_glossary(app, client, auth):
    auth.login("kommune.tettnang")
    page = client.get("/programme/integrationsmanagement/antraege/neu", follow_redirects=True).get_data(as_text=True)
    assert 'class="term" href="/begriffe#vzae"' in page
