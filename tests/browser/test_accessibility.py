"""Every page type passes axe-core (WCAG 2.0/2.1, levels A and AA) in a real Chromium, and
the keyboard basics hold: the skip link comes first, one <main>, the agreement navigation,
lang="sv".

To check a new page, add a row to PAGES: a name, a function from the World (demo primary
keys) to a path, the demo user who opens it (None: anonymous) and, where needed, the status
expected and an action that brings the page into the state to check (a submitted form).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from .support import CHROMIUM, SHOTS_DIR, World

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


# Actions: bring a loaded page into the state to check.


def _submit_expecting_errors(page):
    with page.expect_navigation() as navigation:
        page.click("main form button[type=submit]")
    status = navigation.value.status if navigation.value else None
    assert status == 200, f"the form answered {status}, expected it re-rendered (200)"
    assert page.locator(".error-summary").is_visible(), "no error summary after submitting"


def agreement_ends_before_it_starts(page):
    page.fill("#id_valid_from", "2026-12-31")
    page.fill("#id_valid_to", "2024-01-01")
    _submit_expecting_errors(page)


def empty_form(page):
    for field in page.locator("main form input[type=date], main form input[type=text]").all():
        field.fill("")
    _submit_expecting_errors(page)


# URL builders: World -> path.


def core(name, *extra):
    """samverkan:<name> for the agreement, then `extra` (functions of the World)."""
    return lambda w: reverse(f"samverkan:{name}", args=[w.agreement, *(f(w) for f in extra)])


def body(name, which, *extra):
    """councils:<name> under the agreement's `which` body ("strategic" or "operative")."""
    return lambda w: reverse(
        f"councils:{name}", args=[w.agreement, getattr(w, which), *(f(w) for f in extra)]
    )


def fixed(name):
    return lambda w: reverse(name)


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[World], str]
    user: str | None = "samordnare"
    status: int = 200
    act: Callable | None = None


def vacant(w):
    return w.vacant_function


def seat(w):
    return w.seat


PAGES = [
    Page("login", fixed("login"), user=None),
    Page("password reset form", fixed("password_reset"), user=None),
    Page("home", fixed("samverkan:home")),
    Page("agreement overview", core("agreement")),
    Page("agreement edit form", core("agreement_edit")),
    Page("agreement edit with errors", core("agreement_edit"), act=agreement_ends_before_it_starts),
    Page("agreement history", core("history")),
    Page("parties", core("parties")),
    Page("party edit form", core("party_edit", lambda w: w.party)),
    Page("events", core("events")),
    Page("roster strategic council", body("roster", "strategic")),
    Page("roster operative group", body("roster", "operative")),
    Page("roster history", body("history", "strategic")),
    Page("function create form", body("function_create", "strategic")),
    Page("person invite form", body("person_invite", "strategic")),
    Page("seat assign form", body("seat_assign", "strategic", vacant)),
    Page("seat assign with errors", body("seat_assign", "strategic", vacant), act=empty_form),
    Page("seat end form", body("seat_end", "strategic", seat)),
    Page("substitute add form", body("substitute_add", "strategic", seat)),
    Page("password change form", fixed("password_change")),
    Page("404 page", lambda w: "/finns-inte/", status=404),
    # frivard sits in the operative group but may not manage its roster.
    Page("403 page", body("function_create", "operative"), user="frivard", status=403),
]


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
    for row in PAGES:
        with subtests.test(msg=row.name):
            page = page_as(row.user)
            if row.user not in console:
                console[row.user] = log = []
                page.on("console", lambda message, log=log: log.append(message))
            console[row.user].clear()

            url = row.url(world)
            response = page.goto(url)
            status = response.status if response else None
            assert status == row.status, f"GET {url} answered {status}, expected {row.status}"
            if row.act:
                row.act(page)
            if SHOTS_DIR:
                slug = "".join(c if c.isalnum() else "-" for c in row.name)
                Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=Path(SHOTS_DIR) / f"{slug}.png", full_page=True)

            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                pytest.fail(
                    f"{row.name} ({url}): {len(violations)} accessibility violation(s)\n"
                    + format_violations(violations),
                    pytrace=False,
                )
            csp = [m.text for m in console[row.user] if "Content Security Policy" in m.text]
            if csp:
                pytest.fail(f"{row.name} ({url}) breaks the CSP:\n" + "\n".join(csp), pytrace=False)


def test_keyboard_basics(page_as, world):
    page = page_as("samordnare")
    for url in (
        core("agreement")(world),
        body("roster", "strategic")(world),
        core("agreement_edit")(world),
    ):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "sv", url
        assert page.locator("main").count() == 1, f"{url}: exactly one <main>"
        nav = page.locator("nav.site-nav")
        assert nav.count() == 1 and nav.get_attribute("aria-label"), f"{url}: labelled <nav>"

    page.goto(core("agreement")(world))
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
