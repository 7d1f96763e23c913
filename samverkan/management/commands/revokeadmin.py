from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from samverkan.lifecycle import installation_admin_revoke


class Command(BaseCommand):
    help = "Take the installation administrator role from the user with this e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        email = email.strip().lower()
        users = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if len(users) != 1:
            raise CommandError(f"No single account has the address {email}.")
        if installation_admin_revoke(user=users[0]):
            self.stdout.write(
                self.style.SUCCESS(f"{email} is no longer an installation administrator.")
            )
        else:
            self.stdout.write(f"{email} was not an installation administrator.")
