"""The outbox: every e-mail to every recipient is recorded before it is sent.

A service queues its messages inside its own transaction (`message_queue`); once that
commits, a task (samverkan.tasks.deliver_message) sends each one through Django's tasks
framework. A mail server that refuses or does not answer blocks no save and loses
nothing: the message stays failed, with the error, until it is retried (the meeting
page's "Försök igen" calls `messages_retry`; cron runs `manage.py sendqueued`).
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Agreement, OutboundMessage

logger = logging.getLogger(__name__)


def _enqueue(message_id: int) -> None:
    from .tasks import deliver_message

    deliver_message.enqueue(message_id)


def _enqueue_on_commit(message_id: int) -> None:
    # robust: a task backend that cannot take the task now leaves the message queued
    # for `sendqueued`; it never fails the request whose change has already committed.
    transaction.on_commit(lambda: _enqueue(message_id), robust=True)


def message_queue(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    agreement: Agreement | None = None,
    about=None,
    reply_to: str = "",
    attachment_name: str = "",
    attachment_type: str = "",
    attachment: str = "",
) -> OutboundMessage:
    """Record one message to one recipient and send it once the transaction commits."""
    message = OutboundMessage(
        agreement=agreement,
        content_type=ContentType.objects.get_for_model(about) if about is not None else None,
        object_id=about.pk if about is not None else None,
        kind=kind,
        to=to,
        reply_to=reply_to,
        subject=subject[:300],
        body=body,
        attachment_name=attachment_name,
        attachment_type=attachment_type,
        attachment=attachment,
    )
    message.full_clean()
    message.save()
    _enqueue_on_commit(message.pk)
    return message


def _email(message: OutboundMessage) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
    )
    if message.attachment:
        email.attach(message.attachment_name, message.attachment, message.attachment_type)
    return email


def message_deliver(*, message_id: int) -> str:
    """Send one recorded message unless it has been sent; record the outcome and return
    the state. The row stays locked while it is sent, so a worker and `sendqueued` never
    both send it (on PostgreSQL; SQLite writes one at a time anyway)."""
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return "missing"
        if message.state == OutboundMessage.State.SENT:
            return message.state
        message.attempts += 1
        try:
            _email(message).send()
        except Exception as exc:  # whatever the mail server or the message did: keep it
            logger.warning("Message %s to %s failed: %s", message.pk, message.to, exc)
            message.state = OutboundMessage.State.FAILED
            message.last_error = (f"{type(exc).__name__}: {exc}")[:500]
        else:
            message.state = OutboundMessage.State.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save(update_fields=["state", "attempts", "last_error", "sent_at"])
        return message.state


def messages_retry(*, messages) -> int:
    """Queue the undelivered messages among `messages` again; returns how many."""
    with transaction.atomic():
        ids = list(messages.undelivered().values_list("pk", flat=True))
        OutboundMessage.objects.filter(pk__in=ids).update(state=OutboundMessage.State.QUEUED)
        for message_id in ids:
            _enqueue_on_commit(message_id)
    return len(ids)


def messages_due(*, max_attempts: int | None = None, older_than=None):
    """Messages `sendqueued` tries: not sent, tried fewer than max_attempts times; queued
    ones only when created before `older_than` (the worker may be sending the newest)."""
    from django.db.models import Q

    limit = settings.OUTBOX_MAX_ATTEMPTS if max_attempts is None else max_attempts
    due = OutboundMessage.objects.undelivered().filter(attempts__lt=limit)
    if older_than is not None:
        due = due.filter(
            Q(state=OutboundMessage.State.FAILED) | Q(created_at__lt=older_than),
        )
    return due.order_by("created_at", "pk")
