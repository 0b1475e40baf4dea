"""The dashboard in real headless Chromium, fed through the real pipeline (tansu, worker, PostgreSQL).

The page is opened before anything is fed; every assertion after that is a retrying ``expect``
on the same page, so each change seen is a live update, not a reload.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from playwright.sync_api import Page, expect

from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from schemas import article_id_for_url
from tests.browser.conftest import PageEvents
from tests.browser.server import bad_inputs, database_totals, feed, fetch, run_async, running_dashboard, unique_samples

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.timeout(420)]

# The README's screenshot: refreshed by `NEWSFLOW_SCREENSHOT=docs/dashboard.png pytest tests/browser`;
# otherwise the test writes it under its tmp dir and leaves the working tree alone.
SCREENSHOT_ENV = "NEWSFLOW_SCREENSHOT"
LIVE = 90_000  # ms: worker start + group join on tansu (5-30 s) + NLP on 2 shared cores


def processed(settings: Settings, ids: list[str], dead: int) -> Callable[[], bool]:
    """A condition: every good article is stored and every bad input recorded as a dead letter."""

    def check() -> bool:
        [row] = run_async(fetch(settings, """
            SELECT (SELECT count(*) FROM articles WHERE id = ANY($1::text[])) AS stored,
                   (SELECT count(*) FROM dead_letters WHERE source_topic = $2) AS dead""",
            ids, settings.topics.raw))  # fmt: skip
        return bool(row["stored"] == len(ids) and row["dead"] == dead)

    return check


def test_totals_entities_and_quotes_update_live(
    page: Page,
    page_events: PageEvents,
    make_settings: Callable[..., Settings],
    start_worker: Callable[[Settings], ManagedProcess],
    tmp_path: Path,
) -> None:
    """Feeding good and bad articles through the pipeline changes the open page's totals, top
    entities, quote feed, dead letters and stage health to what PostgreSQL and Kafka hold."""
    settings = make_settings()
    run = uuid.uuid4().hex[:8]
    good, _ = unique_samples(run)
    bad = bad_inputs()
    ids = [article_id_for_url(orjson.loads(p)["url"]) for p in good]

    with running_dashboard(settings) as url:
        page.goto(url)
        expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live", timeout=30_000)
        before = database_totals(settings)
        expect(page.get_by_test_id("total-enriched")).to_have_text(f"{before['enriched']:,}", timeout=LIVE)
        expect(page.get_by_test_id("total-dead-lettered")).to_have_text(f"{before['dead_lettered']:,}")
        our_quotes = page.locator(", ".join(f'[data-testid="quote-feed"] li[data-article-id="{i}"]' for i in ids))
        expect(our_quotes).to_have_count(0)
        page.evaluate("window.__sameDocument = true")  # gone if the page ever reloads

        worker = start_worker(settings)
        run_async(feed(settings, good + bad))

        def done() -> bool:
            worker.check_alive()
            return processed(settings, ids, len(bad))()

        wait_for(done, timeout=LIVE / 1000 * 2, what="the worker to store every article and dead letter")
        after = database_totals(settings)
        assert after["enriched"] >= before["enriched"] + len(ids)
        assert after["dead_lettered"] == before["dead_lettered"] + len(bad)

        # Totals: exactly PostgreSQL's counts, read over our own connection.
        for key, testid in (("enriched", "total-enriched"), ("dead_lettered", "total-dead-lettered"),
                            ("duplicates", "total-duplicates"), ("ingested", "total-ingested")):  # fmt: skip
            expect(page.get_by_test_id(testid)).to_have_text(f"{after[key]:,}", timeout=LIVE)

        # Quote feed: this run's attributed quotes, each with its text and speaker as stored.
        expect(our_quotes.first).to_be_visible(timeout=LIVE)
        for n in range(min(our_quotes.count(), 5)):
            item = our_quotes.nth(n)
            article_id, idx = item.get_attribute("data-article-id"), int(item.get_attribute("data-quote-idx") or "-1")
            [stored] = run_async(fetch(settings, "SELECT text, speaker FROM quotes WHERE article_id = $1 AND idx = $2",
                                       article_id, idx))  # fmt: skip
            expect(item.locator(".quote-text")).to_have_text(f"“{stored['text']}”")
            expect(item.locator(".speaker")).to_have_text(f"— {stored['speaker']}")
            # ... and the speaker's stance toward each entity the quote talks about, as quote_targets has it.
            targets = run_async(fetch(settings, """
                SELECT target_key, label, event FROM quote_targets WHERE article_id = $1 AND quote_idx = $2
                ORDER BY target_key""", article_id, idx))  # fmt: skip
            chips = item.get_by_test_id("quote-target")
            expect(chips).to_have_count(min(len(targets), 6))  # the page shows six, then "+N more"
            expect(item.get_by_test_id("quote-targets-more")).to_have_count(1 if len(targets) > 6 else 0)
            targets = targets[:6]
            for k, target in enumerate(targets):
                expect(chips.nth(k)).to_have_attribute("data-target-key", target["target_key"])
                expect(chips.nth(k)).to_have_attribute("data-stance", target["label"])
                expect(chips.nth(k).locator(".via")).to_have_count(0 if target["event"] is None else 1)
        shown_targets = run_async(fetch(settings, """
            SELECT count(*) AS n FROM quote_targets t JOIN quotes q ON q.article_id = t.article_id AND q.idx = t.quote_idx
            WHERE t.article_id = ANY($1)""", ids))  # fmt: skip
        assert shown_targets[0]["n"] > 0, "the sample articles' quotes should talk about entities"

        # Top entities: some of this run's entities, with the mean stance PostgreSQL has for them.
        keys = [
            r["key"]
            for r in run_async(fetch(settings, "SELECT DISTINCT key FROM entities WHERE article_id = ANY($1)", ids))
        ]
        assert keys, "the sample articles should yield entities"
        ours = page.locator(", ".join(f'[data-testid="top-entities"] [data-entity-key="{k}"]' for k in keys))
        expect(ours.first).to_be_visible(timeout=LIVE)
        key = ours.first.get_attribute("data-entity-key")
        [mean] = run_async(
            fetch(
                settings,
                """
            SELECT avg(e.stance_score) AS stance FROM entities e JOIN articles a ON a.id = e.article_id
            WHERE e.key = $1 AND a.duplicate_of IS NULL AND a.first_seen_at >= now() - interval '1 hour'""",
                key,
            )
        )
        shown = ours.first.get_attribute("data-stance")
        assert mean["stance"] is not None and shown not in (None, "")
        assert abs(float(shown) - mean["stance"]) < 0.001  # type: ignore[arg-type]

        # Switching the entity type tab shows only that type.
        label = run_async(fetch(settings, "SELECT label FROM entities WHERE key = $1 LIMIT 1", key))[0]["label"]
        page.locator(f'[data-testid="entity-tabs"] button[data-label="{label}"]').click()
        expect(page.locator('[data-testid="top-entities"] .badge').first).to_have_text(label)
        expect(page.locator('[data-testid="top-entities"] .badge').filter(has_not_text=label)).to_have_count(0)
        page.locator('[data-testid="entity-tabs"] button[data-label="ALL"]').click()

        # Languages: PostgreSQL's counts per language; filtering by one narrows the quote feed to it.
        for r in run_async(fetch(settings, "SELECT language, count(*) AS n FROM articles GROUP BY language")):
            cells = page.locator(f'[data-testid="languages"] tr[data-language="{r["language"]}"] td.num')
            expect(cells.first).to_have_text(f"{r['n']:,}")
        page.get_by_test_id("language-filter").select_option("en")
        expect(page.locator('[data-testid="quote-feed"] li[data-language]').first).to_be_visible()
        expect(page.locator('[data-testid="quote-feed"] li[data-language]:not([data-language="en"])')).to_have_count(0)
        expect(ours.first).to_be_visible()  # English entities stay
        page.get_by_test_id("language-filter").select_option("")

        # Dead letters by reason and pipeline health from Kafka (this run's topics only).
        reasons = run_async(fetch(settings, "SELECT reason, count(*) AS n FROM dead_letters GROUP BY reason"))
        for r in reasons:
            row = page.locator(f'[data-testid="dead-letter-reasons"] tr[data-reason="{r["reason"]}"] td.num')
            expect(row).to_have_text(f"{r['n']:,}")
        clean_row = page.locator('[data-testid="stage-health"] tr[data-stage="clean_articles"] td.num')
        expect(clean_row.nth(0)).to_have_text(str(len(good) + len(bad)), timeout=LIVE)  # received on raw
        # Lag reaches 0 on every stage once the worker has committed what it processed.
        expect(page.locator('[data-testid="stage-health"] td.lag')).to_have_text(["0"] * 6, timeout=LIVE)
        expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")

        assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
        assert page.evaluate("window.__cspViolations") == []
        assert page_events.page_errors == [] and page_events.dialogs == []

        screenshot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "dashboard.png")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000


MANY_TARGETS = (
    "European ministers met in Brussels on Monday to discuss the energy crisis. "
    '"Germany, France, Italy, Spain, Poland, Sweden, Austria and Greece must act together now," said '
    "Anna Berg, the Danish foreign minister. Berg said the talks would go on next week. "
)


def test_a_quote_naming_many_entities_shows_six_chips_and_a_count(
    page: Page, make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
) -> None:
    """The feed shows at most six stance chips per quote, then "+N more" for the rest."""
    settings = make_settings()
    run = uuid.uuid4().hex[:8]
    url_of_article = f"https://many.example/{run}"
    article_id = article_id_for_url(url_of_article)
    with running_dashboard(settings) as url:
        page.goto(url)
        expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live", timeout=30_000)
        worker = start_worker(settings)
        run_async(feed(settings, [orjson.dumps({"url": url_of_article, "text": MANY_TARGETS + f"Ref {run}."})]))

        def stored() -> bool:
            worker.check_alive()
            return bool(run_async(fetch(settings, "SELECT 1 FROM articles WHERE id = $1", article_id)))

        wait_for(stored, timeout=LIVE / 1000 * 2, what="the article to be stored")
        rows = run_async(fetch(settings, """
            SELECT quote_idx, count(*) AS n FROM quote_targets WHERE article_id = $1
            GROUP BY quote_idx ORDER BY n DESC LIMIT 1""", article_id))  # fmt: skip
        assert rows and rows[0]["n"] > 6, rows
        item = page.locator(f'[data-testid="quote-feed"] li[data-article-id="{article_id}"]'
                            f'[data-quote-idx="{rows[0]["quote_idx"]}"]')  # fmt: skip
        expect(item.get_by_test_id("quote-target")).to_have_count(6, timeout=LIVE)
        expect(item.get_by_test_id("quote-targets-more")).to_have_text(f"+{rows[0]['n'] - 6} more")


def test_reconnects_after_server_restart(page: Page, make_settings: Callable[..., Settings]) -> None:
    """When the server goes away the indicator says so, and the page recovers by itself when it returns."""
    settings = make_settings()
    with running_dashboard(settings) as url:
        page.goto(url)
        status = page.get_by_test_id("connection-status")
        expect(status).to_have_attribute("data-state", "live", timeout=30_000)
        page.evaluate("window.__sameDocument = true")
    # Server stopped: EventSource notices and retries on its own.
    expect(status).not_to_have_attribute("data-state", "live", timeout=30_000)
    port = int(url.rsplit(":", 1)[1])
    with running_dashboard(settings.model_copy(update={"web_port": port})):
        expect(status).to_have_attribute("data-state", "live", timeout=30_000)
        seq = page.get_by_test_id("updated-at").text_content()
        expect(page.get_by_test_id("updated-at")).not_to_have_text(seq or "", timeout=30_000)
    assert page.evaluate("window.__sameDocument") is True
