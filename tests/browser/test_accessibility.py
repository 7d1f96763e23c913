"""Every page type passes axe-core (WCAG 2.0/2.1, levels A and AA) in a real Chromium, and
the keyboard basics hold: the skip link comes first, one <main>, the agreement navigation,
lang="sv".

The pages come from the registry (tests/pages.py): give a row a `Scan` to check it. The
status each is expected to answer is the one the registry gives its user.
"""

import os
from pathlib import Path

import pytest

from tests import pages
from tests.helpers import TODAY

from .support import CHROMIUM, SHOTS_DIR

if not CHROMIUM.exists():
    # CI must never pass without the scan: there a missing browser is a failure.
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the accessibility scan")
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# Pages no URL name leads to: (name, path, user, status).
UNNAMED = [("404 page", "/finns-inte/", "samordnare", 404)]


def scans(world):
    """(name, path, user, expected status, action) of every page to check."""
    for row, scan in pages.SCANS:
        yield scan.name, row.path(world), scan.user, row.expected(scan.user), scan.act
    for name, path, user, status in UNNAMED:
        yield name, path, user, status, None


def format_violations(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}  {v['helpUrl']}")
        lines.extend(f"      at {' '.join(map(str, node['target']))}" for node in v["nodes"])
    return "\n".join(lines)


def test_every_page_type_passes_axe(page_as, world, subtests):
    """One test, one subtest per page: the demo is loaded and each user logged in once."""
    axe = axe_sync.Axe()
    console = {}  # user -> console messages of that user's page since the last row
    for name, url, user, expected, act in scans(world):
        with subtests.test(msg=name):
            page = page_as(user)
            if user not in console:
                console[user] = log = []
                page.on("console", lambda message, log=log: log.append(message))
            console[user].clear()

            response = page.goto(url)
            status = response.status if response else None
            assert status == expected, f"GET {url} answered {status}, expected {expected}"
            if act:
                act(page)
            if SHOTS_DIR:
                slug = "".join(c if c.isalnum() else "-" for c in name)
                Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=Path(SHOTS_DIR) / f"{slug}.png", full_page=True)

            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                pytest.fail(
                    f"{name} ({url}): {len(violations)} accessibility violation(s)\n"
                    + format_violations(violations),
                    pytrace=False,
                )
            csp = [m.text for m in console[user] if "Content Security Policy" in m.text]
            if csp:
                pytest.fail(f"{name} ({url}) breaks the CSP:\n" + "\n".join(csp), pytrace=False)


def test_keyboard_basics(page_as, world):
    page = page_as("samordnare")
    overview = pages.page("samverkan:agreement").path(world)
    for url in (
        overview,
        pages.page("councils:roster").path(world),
        pages.page("samverkan:agreement_edit").path(world),
    ):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "sv", url
        assert page.locator("main").count() == 1, f"{url}: exactly one <main>"
        nav = page.locator("nav.site-nav")
        assert nav.count() == 1 and nav.get_attribute("aria-label"), f"{url}: labelled <nav>"

    page.goto(overview)
    # The live server's thread counts the days left from the frozen date, not the real one.
    days = (world.agreement.valid_to - TODAY).days
    assert f"{days} dagar kvar." in page.locator("main .validity").first.inner_text()

    skip = page.locator("a.skip-link")
    assert not _in_viewport(skip), "the skip link is off screen until focused"
    page.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement"), "first Tab: the skip link"
    assert _in_viewport(skip), "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.locator("main").evaluate("el => el === document.activeElement"), (
        "the skip link moves focus to <main>"
    )


def _in_viewport(locator) -> bool:
    box = locator.bounding_box()
    view = locator.page.viewport_size
    return (
        box is not None
        and box["width"] > 0
        and box["height"] > 0
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= view["width"]
        and box["y"] + box["height"] <= view["height"]
    )
