"""Hostile article text reaches the page as text: nothing executes, everything shows literally.

The payloads travel the real way (raw topic, worker, PostgreSQL, snapshot, SSE, DOM). If the page
used innerHTML anywhere, the ``<img onerror>`` would become an element, and either run (setting
``window.__xss`` or opening a dialog) or be blocked by the CSP (a recorded violation); this test
fails in every one of those cases.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import orjson
import pytest
from playwright.sync_api import Page, expect

from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from schemas import article_id_for_url
from tests.browser.conftest import PageEvents
from tests.browser.server import feed, fetch, run_async, running_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.timeout(420)]

LIVE = 90_000  # ms

TITLE = 'Mayor <script>window.__xss=1</script> resigns <img src=x onerror="window.__xss=2">'
SOURCE = "Evil <b>Gazette</b><img src=x onerror=window.__xss=3>"
QUOTE = "This is <script>window.__xss=5</script> a victory for our children,"
BODY = (
    "The city council of Springfield met on Tuesday to discuss the budget. "
    '"We will not accept <img src=x onerror=window.__xss=4> any cuts to the schools," said Maria Gonzalez, '
    "the council president. Gonzalez added that the mayor had ignored the teachers for years. The Springfield "
    f'Teachers Union welcomed the statement. "{QUOTE}" said John Carter, who leads the union. Carter said the '
    "union would keep pressing the mayor. The council will vote on the budget next week, officials said."
)
# spaCy keeps part of the markup in the entity's name ("=alert(1)>Holdings Ltd"), which is the point.
ORG_BODY = (
    "The company <img src=x onerror=alert(1)>Holdings Ltd announced results on Thursday. "
    '<img src=x onerror=alert(1)>Holdings Ltd shares rose in London. "Great quarter," said Anna Berg, chief '
    "executive of <img src=x onerror=alert(1)>Holdings Ltd, in front of reporters and analysts. "
    '"<img src=x onerror=alert(1)>Holdings Ltd has never been stronger," Berg added. '
    "<img src=x onerror=alert(1)>Holdings Ltd also raised its dividend, and "
    "<img src=x onerror=alert(1)>Holdings Ltd will report again in spring. {run}"
)


def hostile_articles(run: str) -> list[dict[str, str]]:
    """Articles whose title, source, quotes, speakers, entity names and URL carry script payloads."""
    return [
        {"url": f"https://xss.example/{run}/1", "title": TITLE, "source": SOURCE, "text": BODY + f" Ref {run}."},
        {"url": f"https://xss.example/{run}/2", "title": "Holdings <img src=x onerror=alert(1)> results",
         "source": SOURCE, "text": ORG_BODY.format(run=f"Ref {run}-a.")},
        {"url": f"https://xss.example/{run}/3", "title": "Holdings again", "source": SOURCE,
         "text": ORG_BODY.format(run=f"Ref {run}-b.")},
        # Not a web URL: the raw_article contract refuses it (a dead letter), so it never becomes a link.
        {"url": f"javascript:window.__xss=10//{run}", "title": "Script link", "source": SOURCE,
         "text": BODY.replace("Springfield", "Shelbyville") + f" Ref {run}-c."},
    ]  # fmt: skip


def test_article_text_is_rendered_literally(
    page: Page,
    page_events: PageEvents,
    make_settings: Callable[..., Settings],
    start_worker: Callable[[Settings], ManagedProcess],
) -> None:
    """Titles, sources, quotes and entity names with <script>/<img onerror> payloads show as text and never run.

    The worker tags entities with the small model's own recogniser, which keeps the markup in an
    entity's name ("=alert(1)>Holdings Ltd"); en_core_web_md's, the default, tags no name with markup
    in it here, and the test needs one on the page.
    """
    settings = make_settings(spacy_ner_model="")
    run = uuid.uuid4().hex[:8]
    articles = hostile_articles(run)
    ids = [article_id_for_url(a["url"]) for a in articles[:3]]
    with running_dashboard(settings) as url:
        page.goto(url)
        expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live", timeout=30_000)
        worker = start_worker(settings)
        run_async(feed(settings, [orjson.dumps(a) for a in articles]))

        def stored() -> bool:
            worker.check_alive()
            rows = run_async(fetch(settings, "SELECT count(*) AS n FROM articles WHERE id = ANY($1)", ids))
            letters = run_async(fetch(
                settings, "SELECT count(*) AS n FROM dead_letters WHERE reason = 'invalid_article' AND payload LIKE $1",
                f"%javascript:window.__xss=10//{run}%",
            ))  # fmt: skip
            return bool(rows[0]["n"] == len(ids) and letters[0]["n"] == 1)

        wait_for(stored, timeout=LIVE / 1000 * 2, what="the hostile articles to be stored")

        # Preconditions: the payloads really are in what the dashboard reads.
        quotes = run_async(fetch(settings, "SELECT text FROM quotes WHERE article_id = ANY($1)", ids))
        assert any("<script>" in q["text"] for q in quotes) and any("onerror" in q["text"] for q in quotes)
        [entity] = run_async(
            fetch(settings, "SELECT DISTINCT name FROM entities WHERE key = 'org:alert_1_holdings_ltd'")
        )
        assert ">" in entity["name"]

        feed_list = page.get_by_test_id("quote-feed")
        expect(feed_list).to_contain_text(QUOTE, timeout=LIVE)
        expect(feed_list).to_contain_text("<img src=x onerror=window.__xss=4>")
        expect(feed_list.locator(".title").filter(has_text=TITLE)).not_to_have_count(0)
        expect(feed_list.locator(".source").first).to_have_text(SOURCE)
        expect(page.get_by_test_id("sources")).to_contain_text(SOURCE)
        org = page.locator('[data-testid="top-entities"] [data-entity-key="org:alert_1_holdings_ltd"] .entity-name')
        expect(org).to_have_text(entity["name"], timeout=LIVE)
        # ... and in the quote feed's stance chips (target names come from the article too).
        targets = run_async(fetch(settings, "SELECT target FROM quote_targets WHERE article_id = ANY($1)", ids))
        assert any(">" in t["target"] for t in targets), targets
        chips = feed_list.locator('[data-testid="quote-target"][data-target-key="org:alert_1_holdings_ltd"]')
        expect(chips.first).to_contain_text(next(t["target"] for t in targets if ">" in t["target"]), timeout=LIVE)

        # Every link on the page is http(s) or our own.
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs

        # Nothing ran, nothing was even attempted (no CSP violation), no markup was created.
        assert page.locator("main script, main img, main b, main iframe").count() == 0
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("window.__cspViolations") == []
        assert page_events.dialogs == [] and page_events.page_errors == []


def test_inline_script_is_blocked_by_csp(page: Page, make_settings: Callable[..., Settings]) -> None:
    """Defence in depth: markup injected into the page cannot run inline script (CSP), and says so."""
    settings = make_settings()
    with running_dashboard(settings) as url:
        page.goto(url)
        expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live", timeout=30_000)
        # Simulate a rendering bug: put an inline handler into the DOM as markup.
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', "
            '\'<img src="/static/missing.png" onerror="window.__xss = 1">\')'
        )
        # Poll from Python: wait_for_function evaluates strings in the page, which this very CSP forbids.
        wait_for(lambda: page.evaluate("window.__cspViolations.length") > 0, timeout=10, what="a CSP violation")
        assert page.evaluate("window.__xss") is None
        assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
