"""Brute-force protection of the login (django-axes): after five failed logins for one
username (or a hundred from one address, whatever the usernames), logins are refused for an
hour with a Swedish page that says nothing of whether the account exists; an administrator
or a new password through the reset link lifts the lockout."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.demo import DEMO_PASSWORD
from samverkan.settings import client_ip_address
from tests.factories import UserFactory
from tests.html_helpers import section, text_of

LOCKED = "Inloggningen är tillfälligt spärrad"
USER = "kommunpolis"


def log_in(username: str, password: str, address: str = "192.0.2.1"):
    """A login through the login page from `address`, as a new browser."""
    client = Client(REMOTE_ADDR=address)
    return client.post(reverse("login"), {"username": username, "password": password})


def fail(username: str, times: int = 5, address: str | None = None) -> None:
    """`times` failed logins for `username`, each from its own address unless one is given."""
    for attempt in range(times):
        log_in(username, "fel-lösenord", address or f"198.51.100.{attempt + 1}")


def page_text(response) -> str:
    return text_of(section(response.content.decode(), "<main"))


@pytest.fixture(autouse=True)
def _defaults(settings):
    """The installation's defaults, whatever the environment of the test run says."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(hours=1)
    settings.TRUSTED_PROXY_COUNT = 0


def test_five_failures_lock_the_username_even_for_the_right_password(user):
    fail(USER, 4)
    assert log_in(USER, "fel-lösenord", "198.51.100.5").status_code == 429

    response = log_in(USER, DEMO_PASSWORD, "203.0.113.9")  # another address, right password

    assert response.status_code == 429
    text = page_text(response)
    assert LOCKED in text and "Försök igen om 60 minuter." in text
    assert USER not in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_four_failures_do_not(user):
    fail(USER, 4)
    assert log_in(USER, DEMO_PASSWORD).status_code == 302


def test_an_unknown_username_is_locked_out_with_the_same_page(user):
    fail(USER)
    fail("finns-inte")

    known = log_in(USER, DEMO_PASSWORD, "203.0.113.9")
    unknown = log_in("finns-inte", DEMO_PASSWORD, "203.0.113.10")

    assert known.status_code == unknown.status_code == 429
    assert page_text(known) == page_text(unknown)


def test_five_failures_from_one_address_do_not_lock_out_the_office(user):
    """A municipality's office reaches the app from one address: colleagues' typos there
    lock only their own usernames."""
    for username in ["anna", "bertil", "cecilia", "david", "erik", "fredrik"]:
        log_in(username, "fel-lösenord", "198.51.100.77")
    assert log_in(USER, DEMO_PASSWORD, "198.51.100.77").status_code == 302


def test_guessing_across_usernames_from_one_address_is_capped(user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):
        log_in(f"namn{n}", "fel-lösenord", "198.51.100.88")
    refused = log_in(USER, DEMO_PASSWORD, "198.51.100.88")
    assert refused.status_code == 429
    assert "För många försök" in refused.content.decode()
    assert log_in(USER, DEMO_PASSWORD, "198.51.100.89").status_code == 302


def test_a_try_during_the_lockout_does_not_restart_it(user, time_machine):
    fail(USER)
    time_machine.move_to(timezone.now() + timedelta(minutes=40))
    assert log_in(USER, "fel-lösenord").status_code == 429
    time_machine.move_to(timezone.now() + timedelta(minutes=21))
    assert log_in(USER, DEMO_PASSWORD).status_code == 302


def test_a_new_password_through_the_reset_link_lifts_the_lockout(user, client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    fail(USER)
    account = user(USER)
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    new = "Ett-nytt-langt-losen-77"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert log_in(USER, new).status_code == 302


def test_the_lockout_lifts_after_the_cool_off(user, time_machine):
    fail(USER)
    time_machine.move_to(timezone.now() + timedelta(minutes=59))
    assert log_in(USER, DEMO_PASSWORD).status_code == 429

    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    assert log_in(USER, DEMO_PASSWORD).status_code == 302


def test_logging_in_as_oneself_does_not_clear_guesses_at_a_colleague(user):
    """A successful login clears the user's own failures only."""
    fail(USER, 4, address="192.0.2.50")
    assert log_in("samordnare", DEMO_PASSWORD, "192.0.2.50").status_code == 302
    fail(USER, 1, address="192.0.2.50")
    assert log_in(USER, DEMO_PASSWORD, "192.0.2.51").status_code == 429


def test_a_successful_login_clears_ones_own_typos(user):
    fail(USER, 4)
    assert log_in(USER, DEMO_PASSWORD).status_code == 302
    fail(USER, 4)
    assert log_in(USER, DEMO_PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin(user):
    fail(USER)
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:axes_accessattempt_changelist")
    attempts = AccessAttempt.objects.filter(username=USER)
    selected = list(attempts.values_list("pk", flat=True))
    assert selected

    response = admin.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": selected,
            "post": "yes",
        },
    )

    assert response.status_code == 302 and not attempts.exists()
    assert log_in(USER, DEMO_PASSWORD).status_code == 302


def test_an_administrator_unlocks_with_the_command(user, capsys):
    fail(USER)
    call_command("axes_reset_username", USER)
    assert log_in(USER, DEMO_PASSWORD).status_code == 302


def test_a_login_in_code_still_works_with_a_request(user):
    """axes refuses authenticate() without a request (it could not count by address)."""
    assert Client().login(request=HttpRequest(), username=USER, password=DEMO_PASSWORD)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    request = HttpRequest()
    request.META = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 192.0.2.7"}
    assert client_ip_address(request) == "10.0.0.2"  # no proxy trusted: the header is ignored

    settings.TRUSTED_PROXY_COUNT = 1
    # The left entry is whatever the client sent; the proxy appended the right one.
    assert client_ip_address(request) == "192.0.2.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip_address(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than proxies: not trusted
    assert client_ip_address(request) == "10.0.0.2"
