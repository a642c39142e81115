"""The ministry reads Bezirk and Kreis use from the overview's charts on a phone: at 390 px no text in a chart is
smaller than 12 px as rendered, and nothing leaves the screen sideways except inside a labelled scroll region."""

from __future__ import annotations

import pytest

from browser_steps import log_in
from conftest import VIEWPORTS
from factories import in_state
from post_award_steps import final_case, on, paid

pytestmark = pytest.mark.browser

# Every text node inside a chart, with its rendered font size: the computed size times the scale of the
# element's coordinate system on screen (an SVG drawn smaller than its viewBox shrinks its text with it).
CHART_TEXTS = """() => {
  const found = [];
  for (const chart of document.querySelectorAll('.chart')) {
    const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      const text = node.textContent.trim();
      if (!text || element.closest('title, desc')) continue;
      const box = element.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      const scale = element instanceof SVGGraphicsElement ? element.getScreenCTM().a : 1;
      found.push({text, size: parseFloat(getComputedStyle(element).fontSize) * scale});
    }
  }
  return found;
}"""

# Elements whose right edge lies beyond the viewport and that no labelled scroll region holds.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const inLabelledScroller = element => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && up.getAttribute('role') === 'region'
          && (up.hasAttribute('aria-label') || up.hasAttribute('aria-labelledby'))) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')]
    .filter(element => element.getBoundingClientRect().right > width + 0.5 && !inLabelledScroller(element))
    .map(element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + '.' + element.className);
}"""


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server, locale="de-DE", **VIEWPORTS["mobile"])
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_on_a_phone_no_chart_text_is_below_12_px_and_no_overview_page_scrolls_sideways(app, clock, phone):
    in_state(app, "decision_proposed")
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-03-01")
        paid(application_id, clerk)
    log_in(phone, "ministerium")
    for url, at_least in (("/uebersicht", 2 * (4 + 44)), ("/uebersicht/haushaltsjahre", 2)):
        phone.goto(url)
        texts = phone.evaluate(CHART_TEXTS)
        assert len(texts) >= at_least, (url, texts)
        small = [text for text in texts if text["size"] < 12]
        assert not small, (url, small)
    for url in (
        "/uebersicht",
        "/uebersicht/haushaltsjahre",
        "/uebersicht/haushalt?kreis=08435",
        "/uebersicht/antraege?status=decision_proposed",
    ):
        phone.goto(url)
        assert phone.evaluate(OVERFLOWING) == [], url
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{url} scrolls sideways"
    # The figures stand in words with every bar (here the Bezirk of the paid case), the bars take the phone's width.
    phone.goto("/uebersicht")
    rows = phone.locator("#diagramm-bezirke .bar-row")
    assert rows.count() == 4
    assert any("ausgezahlt)" in text for text in rows.locator(".bar-value").all_inner_texts())
    bar = rows.first.locator("svg.bar").bounding_box()
    assert bar["width"] > 300, bar
