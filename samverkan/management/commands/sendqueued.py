from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from samverkan.mail import message_deliver, messages_due


class Command(BaseCommand):
    help = (
        "Send the outbox's queued and failed e-mail again (run from cron every few minutes); "
        "a message tried OUTBOX_MAX_ATTEMPTS times is left for the meeting page's retry."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=None,
            help="Try messages tried fewer times than this (default: OUTBOX_MAX_ATTEMPTS).",
        )
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=5,
            help="Leave messages queued less than this long to the task worker (default: 5).",
        )

    def handle(self, *args, **options):
        older_than = timezone.now() - timedelta(minutes=options["grace_minutes"])
        due = messages_due(max_attempts=options["max_attempts"], older_than=older_than)
        outcome: dict[str, int] = {}
        for message_id in list(due.values_list("pk", flat=True)):
            state = message_deliver(message_id=message_id)
            outcome[state] = outcome.get(state, 0) + 1
        sent, failed = outcome.get("sent", 0), outcome.get("failed", 0)
        self.stdout.write(f"Sent {sent} message(s); {failed} failed.")
