from django.core.management.base import BaseCommand

from councils.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the Laholm agreement 2024–2026 with rosters and demo accounts."

    def handle(self, *args, **options):
        agreement = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Loaded: {agreement} ({agreement.municipality})"))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for username, first, last, party, title, role in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {first} {last}, {title} ({party}) – {role}")
