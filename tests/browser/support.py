"""Shared by the browser fixtures and tests: where Chromium is, the demo keys, logging in."""

import os
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DEMO_PASSWORD = "samverkan"
# SAMVERKAN_SHOTS=/tmp/shots saves a full-page screenshot of every page the axe test checks.
SHOTS_DIR = os.environ.get("SAMVERKAN_SHOTS", "")


@dataclass(frozen=True)
class World:
    """Primary keys of the demo objects the pages are built from (looked up per test:
    on PostgreSQL a flush does not reset sequences)."""

    agreement: int
    strategic: int  # body: Strategiskt råd
    operative: int  # body: Operativ samverkansgrupp
    party: int  # AgreementParty "Kommunen"
    vacant_function: int  # a strategic-council function without holder
    seat: int  # the coordinator's seat in the strategic council


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form at /konto/logga-in/."""
    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    home = reverse("samverkan:home")
    assert page.url.endswith(home), f"logging in as {username} ended on {page.url}"
