from django.core.management.base import BaseCommand

from situation.services.feedback import feedback_send_due


class Command(BaseCommand):
    help = (
        "Send last week's feedback (återkoppling) of every running agreement that had weekly "
        "reports, to those who asked for it by e-mail. Sends each week once: safe to run "
        "daily from cron."
    )

    def handle(self, *args, **options):
        for dispatch in feedback_send_due():
            self.stdout.write(
                f"{dispatch.agreement}: vecka {dispatch.week:%G-W%V}, "
                f"{dispatch.recipients} mottagare"
            )
