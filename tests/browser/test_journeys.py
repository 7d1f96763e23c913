"""Whole journeys in a real Chromium (issue 13): a member turns on two-factor sign-in with
the keyboard alone and signs in again with a code from the app; repeated wrong passwords
lock the login; the coordinator adds a person and appoints them to a seat; a member sees
only what they may. Each page on the way passes axe-core.

(The wizard and the renewal are driven the same way in tests/browser/test_wizard.py.)
"""

import os
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils.demo import DEMO_PASSWORD
from tests.helpers import current_code

from .support import CHROMIUM
from .test_wizard import assert_accessible, submit, tab_to, type_into

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests")
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.browser


def code_from_secret(secret_text: str) -> str:
    """What an authenticator app shows for the secret typed in from the page (the QR code
    holds the same one)."""
    from django_otp.oath import TOTP

    secret = secret_text.replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_a_member_turns_on_two_factor_with_the_keyboard_and_signs_in_with_a_code(page_as, world):
    axe = axe_sync.Axe()
    page = page_as("sakerhetschef")
    page.goto(reverse("samverkan:home"))
    tab_to(page, "Tvåstegsverifiering")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, axe, "two-factor settings, off")
    submit(page, "Aktivera tvåstegsverifiering")
    assert page.locator("main svg").count() == 1
    assert_accessible(page, axe, "enrolment")

    # A wrong code first: refused on the field, the QR code still there.
    type_into(page, "id_code", "000000")
    submit(page, "Bekräfta")
    assert "Koden stämmer inte" in page.locator(".error-summary").inner_text()
    assert_accessible(page, axe, "enrolment with errors")

    # The app's code, as the app computes it from the secret on the page, after the
    # second that a wrong code costs (django-otp's slow-down).
    page.wait_for_timeout(2_000)
    secret = page.locator("code.secret").inner_text()
    type_into(page, "id_code", code_from_secret(secret))
    submit(page, "Bekräfta")
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, axe, "recovery codes")

    # Out, and in again: the password is not enough.
    tab_to(page, "Logga ut")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(reverse("login"))
    type_into(page, "id_username", "sakerhetschef")
    type_into(page, "id_password", DEMO_PASSWORD)
    submit(page, "Logga in")
    assert page.url.split("?")[0].endswith(reverse("two_factor_verify"))
    assert_accessible(page, axe, "code page")
    agreement = reverse("samverkan:agreement", args=[world.agreement.pk])
    page.goto(agreement)
    assert page.url.split("?")[0].endswith(reverse("two_factor_verify"))

    device = TOTPDevice.objects.get(user__username="sakerhetschef", confirmed=True)
    type_into(page, "id_code", current_code(device))
    submit(page, "Fortsätt")
    assert page.url.endswith(agreement)


def test_repeated_wrong_passwords_lock_the_login_with_the_same_words_for_any_name(page_as):
    axe = axe_sync.Axe()
    page = page_as(None)
    user = get_user_model().objects.get(username="kommunpolis")
    sessions_before = user.login_sessions.count()
    for _ in range(5):
        page.goto(reverse("login"))
        page.fill("#id_username", "kommunpolis")
        page.fill("#id_password", "inte lösenordet")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert "tillfälligt spärrad" in page.locator("h1").inner_text()
    assert_accessible(page, axe, "lockout")
    # The right password is refused during the lockout too.
    page.goto(reverse("login"))
    page.fill("#id_username", "kommunpolis")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "tillfälligt spärrad" in page.locator("h1").inner_text()
    assert user.login_sessions.count() == sessions_before  # never logged in


def test_the_coordinator_adds_a_person_and_appoints_them_to_a_seat(page_as, world):
    from councils.models import Seat
    from samverkan.models import Person

    axe = axe_sync.Axe()
    laholm, council = world.agreement, world.body
    polisen = laholm.parties.get(short_name="Polisen")
    page = page_as("samordnare")
    page.goto(reverse("councils:roster", args=[laholm.pk, council.pk]))

    page.get_by_role("link", name="Lägg till person").click()
    page.wait_for_load_state()
    assert_accessible(page, axe, "add a person")
    page.fill("#id_first_name", "Kim")
    page.fill("#id_last_name", "Nyström")
    page.fill("#id_email", "kim.nystrom@polisen.example.se")
    page.select_option("#id_agreement_party", str(polisen.pk))
    page.fill("#id_title", "Områdespolis")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith(reverse("councils:roster", args=[laholm.pk, council.pk]))
    person = Person.objects.get(user__email="kim.nystrom@polisen.example.se")

    page.get_by_role("link", name="Lägg till funktion").click()
    page.wait_for_load_state()
    page.fill("#id_title", "Områdespolis")
    page.select_option("#id_party", str(polisen.pk))
    page.check("input[name=attendance][value=always]")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    page.get_by_role("link", name="Tillsätt Områdespolis").click()
    page.wait_for_load_state()
    assert_accessible(page, axe, "appoint to a seat")
    page.select_option("#id_person", str(person.pk))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "är tillsatt som Områdespolis" in page.locator(".messages").inner_text()
    assert "Kim Nyström" in page.locator("main").inner_text()
    assert Seat.objects.filter(person=person, function__title="Områdespolis").exists()
    assert_accessible(page, axe, "roster with the new seat")


def test_a_member_sees_only_what_they_may(page_as, world):
    from tests.factories import AgreementPartyFactory

    laholm, council = world.agreement, world.body
    page = page_as("forvaltning")  # the operative group only; reads no confidential input
    roster = reverse("councils:roster", args=[laholm.pk, council.pk])
    page.goto(roster)
    main = page.locator("main").inner_text()
    assert "Lägg till person" not in main and "Tillsätt" not in main
    # A page that acts is refused; another agreement's pages do not exist for them.
    response = page.goto(reverse("samverkan:agreement_edit", args=[laholm.pk]))
    assert response.status == 403
    other = AgreementPartyFactory(agreement__title="Samverkansöverenskommelse Annan kommun")
    response = page.goto(reverse("samverkan:agreement", args=[other.agreement_id]))
    assert response.status == 404
    assert "Annan kommun" not in page.content()
    response = page.goto(reverse("compliance", args=[laholm.pk]))
    assert response.status == 403
