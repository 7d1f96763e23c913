"""Shared by the browser fixtures, tests and the page registry: where Chromium is, logging
in, and the actions that bring a scanned page into the state to check."""

import os
from pathlib import Path

from django.urls import reverse

from councils.demo import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# SAMVERKAN_SHOTS=/tmp/shots saves a full-page screenshot of every page the axe test checks.
SHOTS_DIR = os.environ.get("SAMVERKAN_SHOTS", "")


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form at /konto/logga-in/."""
    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if page.url.split("?")[0].endswith(reverse("two_factor_verify")):
        give_code(page, username)
    home = reverse("samverkan:home")
    assert page.url.endswith(home), f"logging in as {username} ended on {page.url}"


def give_code(page, username: str) -> None:
    """On the code page: type what the user's app shows now."""
    from django.contrib.auth import get_user_model

    from tests.helpers import current_code, enrolled

    device = enrolled(get_user_model().objects.get(username=username))
    page.fill("#id_code", current_code(device))
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def enrol_if_required(username: str) -> None:
    """A signatory or an installation administrator has enrolled an app before the test
    (as they would have before signing or administering)."""
    from django.contrib.auth import get_user_model

    from samverkan.twofactor import required_for
    from tests.helpers import enrolled

    user = get_user_model().objects.get(username=username)
    if required_for(user):
        enrolled(user)


# Actions (tests/pages.py, Scan.act): bring a loaded page into the state to check.


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


def meeting_ends_before_it_starts(page):
    page.fill("#id_starts_at", "2025-03-18T15:00")
    page.fill("#id_ends_at", "2025-03-18T13:00")
    _submit_expecting_errors(page)


def wizard_party_errors(page):
    """The wizard's parties step with a municipality number whose check digit is wrong."""
    page.fill("#id_1-organisation_number", "212000-1315")
    page.fill("#id_1-name", "Halmstads kommun")
    _submit_expecting_errors(page)
