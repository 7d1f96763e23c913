from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from samverkan.reminders import reminders_send


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Send the day's reminder e-mails (meetings in 7 days and tomorrow, requests for "
        "input due in 3 days, versions awaiting a signature for 3 days, overdue "
        "assignments, compliance lines turning soon or overdue) through the outbox. Each "
        "reminder is sent once: safe to run daily from cron, and on several servers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_day,
            default=None,
            help="Send the reminders of this day (YYYY-MM-DD) instead of today's: for a "
            "day cron missed. Reminders already sent are not sent again.",
        )

    def handle(self, *args, **options):
        sent = reminders_send(day=options["date"])
        kinds = Counter(reminder.kind for reminder in sent)
        detail = ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))
        self.stdout.write(f"Sent {len(sent)} reminder(s)" + (f" ({detail})." if detail else "."))
