from django.core.management.base import BaseCommand

from councils.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load (or refresh) the Laholm agreement 2024–2026 and its renewal 2027–2029 with "
        "rosters and demo accounts."
    )

    def handle(self, *args, **options):
        for agreement in load_demo():
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
