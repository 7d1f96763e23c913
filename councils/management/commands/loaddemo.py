from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from councils.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load (or refresh) the Laholm agreement 2024–2026 and its renewal 2027–2029 with "
        "rosters and demo accounts."
    )

    def handle(self, *args, **options):
        # The demo people are fictional: their meeting invitations are recorded in the
        # outbox as on a real install, but go to an in-memory mailbox, not out of the machine
        # (nor fill the console of `make run`).
        in_memory = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        with override_settings(MAILERS=in_memory):
            agreements = load_demo()
        for agreement in agreements:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded: {agreement} ({agreement.municipality})")
                + f", {agreement.valid_from}–{agreement.valid_to}, {agreement.status}"
            )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for username, first, last, party, title, role in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {first} {last}, {title} ({party}) – {role}")
        self.stdout.write(
            "Until 2026-12-31 they act in the 2024–2026 agreement; from 2027-01-01 in the "
            "renewal, and the 2024–2026 agreement stays readable as signed."
        )
