"""Browser fixtures: one headless Debian Chromium per test package, the Laholm demo in the
live server's database, and pages logged in through the real login form.

live_server makes every test transactional: the database is flushed after each test, so
`world` loads the demo itself (load_demo() is idempotent) and looks its objects up again.

The live server runs in a thread of the test process, so it sees the clock frozen by
tests/conftest.py (time-machine patches the clock process-wide, not per thread). Chromium
is a process of its own and keeps the real (or faketime's) clock; the session and CSRF
cookies still hold, since the browser counts their Max-Age from its own clock.
"""

import os

import pytest

from tests.pages import Objects

from .support import CHROMIUM, CHROMIUM_ARGS, enrol_if_required, log_in


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the package. Playwright's sync API runs an event loop in the test
    thread, so Django's async-safety guard is relaxed while (and only while) it lives."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def world(live_server) -> Objects:
    """The Laholm agreement 2024–2026, as the coordinator's objects (tests/pages.py)."""
    from councils.demo import load_demo
    from tests.factories import installation_admin

    agreement, _renewal = load_demo()
    installation_admin()  # the installation administrator's pages are scanned too
    return Objects(agreement)


@pytest.fixture
def page_as(browser, live_server, world):
    """page_as("samordnare") -> a page logged in as that demo user (None: anonymous).

    One browser context per user and test; later calls reuse the logged-in page.
    """
    contexts, pages = [], {}

    def get(username):
        if username not in pages:
            context = browser.new_context(
                base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 800}
            )
            context.set_default_timeout(10_000)
            contexts.append(context)
            pages[username] = context.new_page()
            if username is not None:
                enrol_if_required(username)
                log_in(pages[username], username)
        return pages[username]

    yield get
    for context in contexts:
        context.close()
