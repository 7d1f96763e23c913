"""The new-agreement wizard and renewal in a real Chromium, with the keyboard alone: every
field and button is reached with Tab and used with the keys a keyboard user has; a step
with errors keeps the earlier steps; each page on the way, filled in, passes axe-core.

(The scan of every page type, tests/browser/test_accessibility.py, opens the wizard's
steps empty; here they are seen as an administrator fills them in.)
"""

import os
from datetime import date

import pytest
from django.urls import reverse

from councils.roles import sync_all
from samverkan.models import Agreement, Party
from tests.helpers import at_ten

from .support import CHROMIUM

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests")
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
MOST_TABS = 150


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.id || e.textContent.trim()) : ''; }"
    )


def tab_to(page, target: str) -> None:
    """Press Tab until the element with this id (or this text) has the focus."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return
    raise AssertionError(f"{target!r} was not reached with Tab")


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, field_id)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def submit(page, label: str, *, expected_status: int = 200) -> None:
    """Tab to the button labelled `label` and press Enter; the next page loads."""
    tab_to(page, label)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    status = navigation.value.status if navigation.value else None
    assert status == expected_status, f"{label}: {status}"


def assert_accessible(page, axe, name: str) -> None:
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{name}: " + "; ".join(
        f"{v['id']} at {[n['target'] for n in v['nodes']]}" for v in violations
    )


def test_an_administrator_sets_up_an_agreement_with_the_keyboard_alone(page_as):
    axe = axe_sync.Axe()
    page = page_as("installation")
    page.goto(reverse("samverkan:home"))
    submit(page, "Ny överenskommelse")
    assert page.url.endswith(reverse("samverkan:wizard", args=["parter"]))
    assert_accessible(page, axe, "parties")

    # Polisen and Kriminalvården are offered by the number the installation knows.
    assert page.input_value("#id_2-organisation_number") == "202100-0076"
    type_into(page, "id_1-organisation_number", "212000-1314")
    type_into(page, "id_1-name", "Halmstads kommun")
    submit(page, "Spara och fortsätt")
    assert_accessible(page, axe, "period")

    type_into(page, "id_title", "Samverkansöverenskommelse Halmstad 2026–2028")
    submit(page, "Spara och fortsätt")
    assert_accessible(page, axe, "text")
    submit(page, "Spara och fortsätt")
    assert_accessible(page, axe, "bodies")

    # The council without a chair: refused, and nothing typed before is lost.
    tab_to(page, "id_strategic-chair")
    page.keyboard.press("ArrowUp")
    assert page.input_value("#id_strategic-chair") == ""
    submit(page, "Spara och fortsätt")
    summary = page.locator(".error-summary")
    assert "Välj vilken part som är ordförande i det strategiska rådet." in summary.inner_text()
    assert_accessible(page, axe, "bodies with errors")
    tab_to(page, "Parter")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.input_value("#id_1-name") == "Halmstads kommun"
    assert page.input_value("#id_1-organisation_number") == "212000-1314"
    tab_to(page, "Råd och grupp")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The step with errors was not kept: it offers the municipality as chair again.
    tab_to(page, "id_strategic-chair")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#id_strategic-chair") == "1"
    submit(page, "Spara och fortsätt")
    assert_accessible(page, axe, "coordinator")

    type_into(page, "id_first_name", "Hanna")
    type_into(page, "id_last_name", "Strand")
    type_into(page, "id_email", "hanna.strand@halmstad.example.se")
    submit(page, "Spara och fortsätt")
    assert "Halmstads kommun" in page.locator("main").inner_text()
    assert_accessible(page, axe, "review")

    submit(page, "Skapa överenskommelsen och skicka inbjudan")
    assert page.url.endswith(reverse("samverkan:installation"))
    assert "är upplagd" in page.locator(".messages").inner_text()
    assert_accessible(page, axe, "installation list")

    agreement = Agreement.objects.get(municipality="Halmstads kommun")
    assert agreement.title == "Samverkansöverenskommelse Halmstad 2026–2028"
    assert Party.objects.filter(organisation_number="202100-0076").count() == 1
    assert agreement.people.get().user.email == "hanna.strand@halmstad.example.se"


def test_the_coordinator_renews_with_the_keyboard_alone(page_as, world, time_machine):
    day = date(2026, 11, 27)
    laholm = world.agreement
    # The demo's loaded renewal set aside, so that Laholm has no next period yet.
    Agreement.objects.filter(predecessor=laholm).update(
        predecessor=None, status=Agreement.Status.TERMINATED
    )
    time_machine.move_to(at_ten(day))
    sync_all(on=day)
    axe = axe_sync.Axe()
    page = page_as("samordnare")

    page.goto(reverse("samverkan:agreement", args=[laholm.pk]))
    assert "Förnyelse:" in page.locator("main").inner_text()
    submit(page, "Påbörja nästa period efter Samverkansöverenskommelse 2024–2026")
    assert page.input_value("#id_valid_from") == "2027-01-01"
    assert_accessible(page, axe, "renewal form")

    submit(page, "Påbörja nästa period")
    new = Agreement.objects.get(predecessor=laholm)
    assert page.url.endswith(reverse("samverkan:agreement", args=[new.pk]))
    assert "Utkast" in page.locator(".facts").inner_text()
    assert_accessible(page, axe, "the next period, a draft")
