"""The outbox: each message to each recipient is recorded, sent by a task once the
transaction commits, kept with its error when the mail server fails, and retried."""

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone

from samverkan import mail
from samverkan.models import OutboundMessage

LOCMEM = "django.core.mail.backends.locmem.EmailBackend.send_messages"
ROOT = Path(__file__).resolve().parents[2]


def queue(laholm=None, **fields) -> OutboundMessage:
    values = {
        "to": "kim@example.se",
        "subject": "Kallelse",
        "body": "Du kallas till mötet.",
        "kind": "test.message",
        "agreement": laholm,
    }
    return mail.message_queue(**values | fields)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a call, then what it left for after the commit (the tasks)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def test_a_message_is_recorded_before_it_is_sent_and_sent_after_the_commit(
    laholm, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        message = queue(laholm)
    assert message.state == "queued"
    assert mailoutbox == []
    for callback in waiting:
        callback()
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.sent_at is not None
    [sent] = mailoutbox
    assert (sent.to, sent.subject, sent.body) == (["kim@example.se"], "Kallelse", message.body)


def test_a_rolled_back_change_sends_nothing(laholm, committed, mailoutbox):
    from django.db import transaction

    class Undone(Exception):
        pass

    def change():
        with transaction.atomic():
            queue(laholm)
            raise Undone

    with pytest.raises(Undone):
        committed(change)
    assert mailoutbox == []
    assert not OutboundMessage.objects.filter(to="kim@example.se").exists()


def test_the_attachment_and_reply_to_go_with_the_message(laholm, committed, mailoutbox):
    committed(
        queue,
        laholm,
        reply_to="samordnare@example.se",
        attachment_name="kallelse.ics",
        attachment_type="text/calendar; method=REQUEST",
        attachment="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    )
    [sent] = mailoutbox
    assert sent.reply_to == ["samordnare@example.se"]
    [(name, content, mimetype)] = sent.attachments
    assert (name, mimetype) == ("kallelse.ics", "text/calendar; method=REQUEST")
    assert "BEGIN:VCALENDAR" in content


def test_a_failing_mail_server_leaves_the_message_failed_with_the_error(
    laholm, committed, mailoutbox
):
    with mock.patch(LOCMEM, side_effect=SMTPException("451 Försök senare")):
        message = committed(queue, laholm)
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("failed", 1)
    assert message.last_error == "SMTPException: 451 Försök senare"
    assert mailoutbox == []


def test_an_unreachable_mail_server_is_recorded_too(laholm, committed):
    with mock.patch(LOCMEM, side_effect=ConnectionRefusedError(111, "Connection refused")):
        message = committed(queue, laholm)
    message.refresh_from_db()
    assert message.state == "failed"
    assert message.last_error.startswith("ConnectionRefusedError")


def test_a_retry_sends_the_failed_message(laholm, committed, mailoutbox):
    with mock.patch(LOCMEM, side_effect=SMTPException("451")):
        message = committed(queue, laholm)
    count = committed(mail.messages_retry, messages=OutboundMessage.objects.filter(pk=message.pk))
    assert count == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 2, "")
    assert len(mailoutbox) == 1


def test_a_sent_message_is_never_sent_twice(laholm, committed, mailoutbox):
    message = committed(queue, laholm)
    assert mail.message_deliver(message_id=message.pk) == "sent"
    again = OutboundMessage.objects.filter(pk=message.pk)
    assert committed(mail.messages_retry, messages=again) == 0
    assert len(mailoutbox) == 1


def test_sendqueued_sends_failed_and_stale_queued_messages_below_the_attempt_limit(
    laholm, django_capture_on_commit_callbacks, committed, settings, mailoutbox
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with mock.patch(LOCMEM, side_effect=SMTPException("451")):
        failed = committed(queue, laholm, to="failed@example.se")
        exhausted = committed(queue, laholm, to="exhausted@example.se")
    OutboundMessage.objects.filter(pk=exhausted.pk).update(attempts=3)
    with django_capture_on_commit_callbacks(execute=False):  # no worker took these
        stale = queue(laholm, to="stale@example.se")
        fresh = queue(laholm, to="fresh@example.se")
    OutboundMessage.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    out = StringIO()
    call_command("sendqueued", stdout=out)
    assert sorted(m.to[0] for m in mailoutbox) == ["failed@example.se", "stale@example.se"]
    assert out.getvalue().strip() == "Sent 2 message(s); 0 failed."
    mine = OutboundMessage.objects.filter(pk__in=[failed.pk, exhausted.pk, stale.pk, fresh.pk])
    assert dict(mine.values_list("to", "state")) == {
        "failed@example.se": "sent",
        "stale@example.se": "sent",
        "exhausted@example.se": "failed",
        "fresh@example.se": "queued",
    }


def test_messages_about_an_object_are_found_by_it(laholm, committed):
    committed(queue, laholm, about=laholm)
    committed(queue, laholm)
    assert OutboundMessage.objects.about(laholm).count() == 1


# --- the tasks backend -----------------------------------------------------------------------


def test_development_and_tests_run_the_tasks_at_once():
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"


def settings_with(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"TASKS_BACKEND", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import samverkan.settings as s; print(s.TASKS)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_queues_the_tasks_in_the_database_when_asked():
    result = settings_with(TASKS_BACKEND="database")
    assert result.returncode == 0, result.stderr
    assert "django_tasks_db.DatabaseBackend" in result.stdout


def test_an_unknown_tasks_backend_fails_loudly():
    result = settings_with(TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of ['database', 'immediate']" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_sends_what_was_queued(mailoutbox):
    from django_tasks_db.models import DBTaskResult

    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database):
        message = queue()  # autocommit: the task is queued at once
        assert DBTaskResult.objects.count() == 1
        assert mailoutbox == []
        call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)
    message.refresh_from_db()
    assert message.state == "sent"
    assert len(mailoutbox) == 1
