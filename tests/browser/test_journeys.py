"""Whole journeys in a real Chromium (issue 13): a member turns on two-factor sign-in with
the keyboard alone and signs in again with a code from the app; repeated wrong passwords
lock the login. Each page on the way passes axe-core.

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


def test_a_member_turns_on_two_factor_with_the_keyboard_and_signs_in_with_a_code(page_as):
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
    page.goto(reverse("samverkan:agreement", args=[1]))
    assert page.url.split("?")[0].endswith(reverse("two_factor_verify"))

    device = TOTPDevice.objects.get(user__username="sakerhetschef", confirmed=True)
    type_into(page, "id_code", current_code(device))
    submit(page, "Fortsätt")
    assert page.url.endswith(reverse("samverkan:agreement", args=[1]))


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
