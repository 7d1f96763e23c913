"""Background tasks (Django's tasks framework, settings.TASKS): immediate in development
and tests; in production, with TASKS_BACKEND=database, run by `python manage.py db_worker`."""

from django.tasks import task


@task
def deliver_message(message_id: int) -> str:
    """Send one message of the outbox (samverkan.mail) and record how it went."""
    from .mail import message_deliver

    return message_deliver(message_id=message_id)
