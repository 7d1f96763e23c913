"""Background tasks (Django's tasks framework, settings.TASKS): immediate in development
and tests; in production, with TASKS_BACKEND=database, run by `python manage.py db_worker`."""

from django.tasks import task


@task
def deliver_message(message_id: int) -> str:
    """Send one message of the outbox (samverkan.mail) and record how it went."""
    from .mail import message_deliver

    return message_deliver(message_id=message_id)


@task
def send_password_reset(email: str, domain: str, use_https: bool) -> int:
    """Look up the accounts of `email` and send each a reset link; how many were sent.

    The request only queues this, whether the address has an account or not, so the
    answer takes the same time either way and tells nothing (see passwords.ResetForm)."""
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    form.save(domain_override=domain, use_https=use_https)
    return len(users)
