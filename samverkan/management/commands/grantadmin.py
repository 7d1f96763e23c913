from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samverkan.lifecycle import installation_admin_grant
from samverkan.services import _unique_username


class Command(BaseCommand):
    help = (
        "Make the user with this e-mail address an installation administrator, who may "
        "create agreements and invite their first coordinators (creates the account, "
        "without a password, if there is none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    @transaction.atomic
    def handle(self, *args, email, **options):
        email = email.strip().lower()
        User = get_user_model()
        users = list(User.objects.filter(email__iexact=email)[:2])
        if len(users) > 1:
            raise CommandError(f"More than one account has the address {email}.")
        if users:
            user = users[0]
        else:
            user = User(username=_unique_username(email), email=email)
            user.set_unusable_password()
            user.full_clean()
            user.save()
            self.stdout.write(
                f"Created the account {user.username} without a password: choose one with "
                "“Glömt lösenordet?” on the login page (the link goes to this address)."
            )
        if not user.is_active:
            raise CommandError(f"The account {user.username} is inactive.")
        if installation_admin_grant(user=user):
            self.stdout.write(self.style.SUCCESS(f"{email} is now an installation administrator."))
        else:
            self.stdout.write(f"{email} already was an installation administrator.")
