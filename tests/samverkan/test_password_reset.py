""" "Glömt lösenordet?" tells nothing about which addresses have accounts (issue 13): the
request only queues a task, for a known address and an unknown one alike, and it is
rate-limited per address (silently) and per client (429)."""

from datetime import timedelta
from unittest import mock

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samverkan import throttle
from samverkan.models import RateLimitHit

URL = "/konto/aterstall/"


def ask(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(
    client, user, django_capture_on_commit_callbacks
):
    with (
        mock.patch("samverkan.tasks.send_password_reset") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        known = ask(client, user("frivard").email)
        unknown = ask(client, "finns.inte@example.se")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    # The request looked nothing up: both only queued the task with the address.
    assert [c.args[0] for c in task.enqueue.call_args_list] == [
        user("frivard").email,
        "finns.inte@example.se",
    ]
    assert mail.outbox == []


def test_the_task_sends_the_link_to_a_known_address_only(user, django_capture_on_commit_callbacks):
    from samverkan.tasks import send_password_reset

    assert send_password_reset.call(user("frivard").email, "samverkan.example.se", True) == 1
    assert send_password_reset.call("finns.inte@example.se", "samverkan.example.se", True) == 0
    [message] = mail.outbox
    assert message.to == [user("frivard").email]
    assert "https://samverkan.example.se/konto/aterstall/" in message.body


def test_more_than_five_requests_for_one_address_in_an_hour_are_dropped_silently(
    client, user, django_capture_on_commit_callbacks, time_machine
):
    email = user("frivard").email
    for _ in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, email, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 302
    assert len(mail.outbox) == 5
    # The window passes: the address may ask again.
    time_machine.move_to(timezone.now() + timedelta(hours=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, email)
    assert len(mail.outbox) == 6


def test_a_client_asking_too_often_gets_429(client, db):
    limit, _window = throttle.RESET_PER_CLIENT
    for n in range(limit):
        assert ask(client, f"person{n}@example.se", REMOTE_ADDR="10.0.0.2").status_code == 302
    refused = ask(client, "en.till@example.se", REMOTE_ADDR="10.0.0.2")
    assert refused.status_code == 429
    assert "För många försök" in refused.content.decode()
    # Another client is not affected.
    assert ask(client, "en.till@example.se", REMOTE_ADDR="10.0.0.3").status_code == 302


def test_the_limit_stores_no_address(client, db):
    ask(client, "hemlig.adress@example.se")
    keys = list(RateLimitHit.objects.values_list("key", flat=True))
    assert keys and not any("hemlig" in key for key in keys)
