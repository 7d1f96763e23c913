"""Two-factor sign-in (samverkan/twofactor.py): enrolling an app with its QR code, the code
after the password, recovery codes used once, the session's new key at each step; a
signatory and an installation administrator are led to enrol before they may sign or
administer; the admin is for verified superusers only; the security log."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

import tests.pages  # noqa: F401 (first: it joins the registry)
from councils.demo import DEMO_PASSWORD
from samverkan import twofactor
from samverkan.models import Signature
from tests.annexes.conftest import snapshot
from tests.annexes.pages_versions import decided_by_council, new_annex
from tests.factories import UserFactory
from tests.helpers import INSTALLATION, current_code, enrolled, verify_session
from tests.html_helpers import field_errors

ENROL = reverse("two_factor_enrol")
VERIFY = reverse("two_factor_verify")
SETTINGS = reverse("two_factor")
LOGIN = reverse("login")


def log_in(client, username, password=DEMO_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def member(laholm, user):
    """A council member who is no signatory: two-factor sign-in is theirs to choose."""
    return user("sakerhetschef")


def member_agreement(user) -> int:
    return user.person.agreements.values_list("pk", flat=True).first()


def unconfirmed(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


# --- enrolling ----------------------------------------------------------------------


def test_the_enrolment_page_draws_the_qr_code_here_and_shows_the_secret_as_text(client, member):
    client.force_login(member)
    response = client.get(ENROL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<img" not in html.split("<main", 1)[1]
    device = unconfirmed(member)
    assert twofactor.secret_text(device) in html
    assert 'role="img"' in html and "aria-label=" in html
    # A reload shows the same app, not a new secret.
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_a_wrong_code_is_refused_with_a_reason_and_nothing_is_turned_on(client, member):
    client.force_login(member)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "Koden stämmer inte" in " ".join(field_errors(response.content.decode(), "code"))
    assert not twofactor.has_two_factor(member)
    response = client.post(ENROL, {"code": ""})
    assert field_errors(response.content.decode(), "code") == ["Skriv koden."]


def test_a_code_from_the_app_turns_it_on_shows_ten_recovery_codes_once_and_ends_other_sessions(
    client, member
):
    elsewhere = Client()
    elsewhere.force_login(member)
    client.force_login(member)
    client.get(ENROL)
    before = client.session.session_key
    response = client.post(ENROL, {"code": current_code(unconfirmed(member))})
    assert response.status_code == 302
    assert response["Location"].startswith(SETTINGS)
    assert twofactor.has_two_factor(member)
    # The session goes on, verified, under a new key.
    assert client.session.session_key != before
    assert client.session.get("otp_device_id")
    page = client.get(SETTINGS).content.decode()
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    # Shown once only.
    assert "<code>" not in client.get(SETTINGS).content.decode()
    # The session opened before, without a second factor, is over.
    assert elsewhere.get(reverse("samverkan:home")).status_code == 302


# --- signing in with a code ---------------------------------------------------------


def test_after_the_password_a_user_with_an_app_is_held_at_the_code_page(
    client, member, time_machine
):
    device = enrolled(member)
    response = log_in(client, "sakerhetschef")
    assert response.status_code == 302
    home = client.get(reverse("samverkan:home"))
    assert home.status_code == 302 and home["Location"].startswith(VERIFY)
    agreement = client.get(reverse("samverkan:agreement", args=[member_agreement(member)]))
    assert agreement["Location"].startswith(VERIFY)
    # A wrong code: an error on the field, still held.
    response = client.post(VERIFY, {"code": "123456"})
    assert "Koden stämmer inte" in " ".join(field_errors(response.content.decode(), "code"))
    assert client.get(reverse("samverkan:home")).status_code == 302
    time_machine.move_to(timezone.now() + timedelta(seconds=5))  # past the slow-down
    # The right one: on to where they were going, under a new session key.
    before = client.session.session_key
    response = client.post(VERIFY, {"code": current_code(device), "next": "/konto/inloggningar/"})
    assert response.status_code == 302 and response["Location"] == "/konto/inloggningar/"
    assert client.session.session_key != before
    assert client.get(reverse("samverkan:home")).status_code == 200


def test_the_code_page_does_not_send_on_to_another_site(client, member):
    device = enrolled(member)
    log_in(client, "sakerhetschef")
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("samverkan:home")


def test_logging_out_stays_possible_while_held(client, member):
    enrolled(member)
    log_in(client, "sakerhetschef")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, member):
    client.force_login(member)
    client.get(ENROL)
    client.post(ENROL, {"code": current_code(unconfirmed(member))})
    codes = re.findall(r"<code>([a-z0-9-]{11})</code>", client.get(SETTINGS).content.decode())
    first = Client()
    log_in(first, "sakerhetschef")
    # Typed as people type: upper case, with spaces.
    response = first.post(VERIFY, {"code": f" {codes[0].upper()} "})
    assert response.status_code == 302 and first.get(SETTINGS).status_code == 200
    again = Client()
    log_in(again, "sakerhetschef")
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200  # used up
    assert twofactor.recovery_codes_left(member) == 9


def test_repeated_wrong_codes_slow_down_even_the_right_one(client, member, time_machine):
    device = enrolled(member)
    log_in(client, "sakerhetschef")
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})
    # Three failures: the app's code is refused for a while (django-otp's throttling; the
    # fifth failure in all would lock the username, as below).
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(seconds=20))
    device.refresh_from_db()
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302


# --- who must have it ---------------------------------------------------------------


@pytest.fixture
def decided(laholm, user):
    return decided_by_council(laholm, new_annex(laholm), snapshot(), user("samordnare"))


def sign_url(version):
    return reverse("samverkan:version_sign", args=[version.agreement_id, version.pk])


def not_enrolled(user):
    """The test world's signatories and administrator have enrolled (tests/helpers.py
    force_login_as_in_life); this one has not yet."""
    TOTPDevice.objects.filter(user=user).delete()
    return user


def test_a_signatory_without_two_factor_is_led_to_enrol_and_cannot_sign(client, user, decided):
    signatory = not_enrolled(user("lpo-chef"))
    assert twofactor.required_for(signatory)
    client.force_login_held(signatory)
    response = client.post(sign_url(decided), {"password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)
    assert "next=" in response["Location"]
    assert not Signature.objects.filter(version=decided).exists()
    assert client.get(sign_url(decided))["Location"].startswith(ENROL)
    # The settings page says why.
    assert "firmatecknare" in client.get(SETTINGS).content.decode()


def test_a_signatory_with_an_app_but_no_code_this_session_is_sent_to_the_code_page(
    client, user, decided
):
    signatory = user("lpo-chef")
    enrolled(signatory)
    client.force_login_held(signatory)  # as after the password: held at the code page
    response = client.post(sign_url(decided), {"password": DEMO_PASSWORD})
    assert response["Location"].startswith(VERIFY)
    assert not Signature.objects.filter(version=decided).exists()


def test_a_verified_signatory_signs(client, user, decided):
    signatory = user("lpo-chef")
    client.force_login(signatory)
    verify_session(client, signatory)
    response = client.post(sign_url(decided), {"password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert Signature.objects.filter(version=decided, signer=signatory).exists()


def test_a_member_who_is_no_signatory_need_not_have_it(member):
    assert not twofactor.required_for(member)


def test_an_installation_administrator_is_led_to_enrol_before_administering(client, user):
    admin = not_enrolled(user(INSTALLATION))
    client.force_login_held(admin)
    response = client.get(reverse("samverkan:installation"))
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    verify_session(client, admin)
    assert client.get(reverse("samverkan:installation")).status_code == 200


def test_whoever_must_have_it_cannot_turn_it_off(client, user):
    signatory = user("lpo-chef")
    client.force_login(signatory)
    verify_session(client, signatory)
    response = client.post(reverse("two_factor_off"), {"password": DEMO_PASSWORD})
    assert response.status_code == 403
    assert twofactor.has_two_factor(signatory)


def test_turning_it_off_takes_the_password(client, member):
    client.force_login(member)
    verify_session(client, member)
    response = client.post(reverse("two_factor_off"), {"password": "fel"})
    assert field_errors(response.content.decode(), "password") == ["Lösenordet stämmer inte."]
    assert twofactor.has_two_factor(member)
    client.post(reverse("two_factor_off"), {"password": DEMO_PASSWORD})
    assert not twofactor.has_two_factor(member)


# --- the admin ----------------------------------------------------------------------


def test_the_admin_is_for_superusers_who_have_given_a_code(client, db):
    staff = UserFactory(username="personal", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403

    root = get_user_model().objects.create_superuser("rot", "rot@example.se", "x" * 20)
    client.force_login_held(root)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    verify_session(client, root)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_sends_the_anonymous_to_the_apps_login(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)


# --- the security log ---------------------------------------------------------------


def test_sign_in_enrolment_and_codes_are_logged_without_secrets(client, member, caplog):
    caplog.set_level(logging.INFO, logger="samverkan.security")
    log_in(client, "sakerhetschef", "fel lösenord")
    log_in(client, "sakerhetschef")
    client.get(ENROL)
    code = current_code(unconfirmed(member))
    client.post(ENROL, {"code": code})
    lines = [r.getMessage() for r in caplog.records if r.name == "samverkan.security"]
    events = [re.search(r"event=(\S+)", line).group(1) for line in lines]
    assert events == ["login_failed", "login", "two_factor_enrolled"]
    assert all(f"user={member.pk}" in line for line in lines[1:])
    text = "\n".join(lines)
    assert code not in text and DEMO_PASSWORD not in text and "fel lösenord" not in text


def test_a_change_of_rights_is_logged_per_user(
    laholm, staff, caplog, django_capture_on_commit_callbacks
):
    from councils.services.rosters import seat_assign
    from tests.factories import FunctionFactory
    from tests.helpers import TODAY

    caplog.set_level(logging.INFO, logger="samverkan.security")
    newcomer = staff("Polisen")
    function = FunctionFactory(
        body=laholm.bodies.get(kind="operative"),
        party=laholm.parties.get(short_name="Polisen"),
        title="Fältpolis",
    )
    with django_capture_on_commit_callbacks(execute=True):
        seat_assign(function=function, person=newcomer, valid_from=TODAY, by=None)
    lines = [r.getMessage() for r in caplog.records if "event=rights_changed" in r.getMessage()]
    theirs = [line for line in lines if f"user_id={newcomer.user_id}" in line]
    assert any(
        f"agreement={laholm.pk}" in line and "granted=agreement.view_agreement" in line
        for line in theirs
    ), theirs


# --- the password asked again to sign -----------------------------------------------


def test_wrong_passwords_typed_to_sign_lock_the_username_as_at_the_login(client, user, decided):
    signatory = user("lpo-chef")
    client.force_login(signatory)
    for _ in range(4):
        response = client.post(sign_url(decided), {"password": "gissning"})
        assert field_errors(response.content.decode(), "password") == ["Lösenordet stämmer inte."]
    # The fifth wrong one locks the username: the login's lockout page.
    response = client.post(sign_url(decided), {"password": "gissning"})
    assert response.status_code == 429
    assert "tillfälligt spärrad" in response.content.decode()
    # The right password is refused here too while it lasts, and at the login.
    response = client.post(sign_url(decided), {"password": DEMO_PASSWORD})
    assert response.status_code in (200, 429)
    assert "Lösenordet stämmer inte." not in response.content.decode()
    assert not Signature.objects.filter(version=decided).exists()
    assert log_in(Client(), "lpo-chef").status_code == 429


def test_wrong_codes_count_with_failed_passwords_and_lock_the_username(client, member):
    device = enrolled(member)
    log_in(client, "sakerhetschef")
    for _ in range(4):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    assert client.post(VERIFY, {"code": "000000"}).status_code == 429
    # Locked: not even the app's code gets through now, nor the password at the login.
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 429
    assert client.get(reverse("samverkan:home")).status_code == 302
    assert log_in(Client(), "sakerhetschef").status_code == 429

