from django.core.management.base import BaseCommand

from councils.roles import sync_all


class Command(BaseCommand):
    help = "Recompute object permissions from the rosters (run daily: seats start and end by date)."

    def handle(self, *args, **options):
        count = sync_all()
        self.stdout.write(f"Permissions synced for {count} agreement(s).")
