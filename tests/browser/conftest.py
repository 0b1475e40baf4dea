"""Browser fixtures: headless Debian Chromium and a fresh page per test.

Chromium comes from apt (``/usr/bin/chromium``); Playwright never downloads a browser here. A
missing browser is an error, not a skip, so CI cannot go green without running these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI containers
    "--disable-gpu",
    "--disable-background-networking",  # the network is closed; don't wait on it
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Recorded before any page script runs (init scripts are not subject to the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def browser(broker: str, database_url: str) -> Iterator[Browser]:
    """Headless Chromium for one test (about a second to launch).

    Playwright's sync API keeps an event loop running on the main thread while it is open, and
    ``asyncio.run`` there fails meanwhile. So the browser lives for one test only, and is started
    after the fixtures that use ``asyncio.run`` (the broker's readiness probe, the per-test
    database reset); tests run their own async work in a thread with ``run_async``.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (never `playwright install`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageEvents:
    """What a page did that a test may want to forbid: dialogs, uncaught errors, console errors."""

    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def page_events() -> PageEvents:
    """The events recorded on ``page``."""
    return PageEvents()


@pytest.fixture
def page(browser: Browser, page_events: PageEvents) -> Iterator[Page]:
    """A fresh page (own context) recording dialogs, page errors and CSP violations."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US", timezone_id="UTC")
    page = context.new_page()
    page.add_init_script(WATCH_CSP)

    def on_dialog(dialog: object) -> None:
        page_events.dialogs.append(getattr(dialog, "message", "?"))
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: page_events.page_errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and page_events.console_errors.append(msg.text))
    try:
        yield page
    finally:
        context.close()
