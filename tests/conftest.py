"""Shared fixtures: the clock frozen inside the Laholm agreement, the Laholm demo (the
agreement 2024–2026 and its renewal 2027–2029) loaded once per test database, one user
per demo role, and a second agreement whose member must see nothing of Laholm."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import override_settings

from councils.demo import load_demo
from samverkan.demo import laholm as signed_source
from samverkan.demo import laholm_renewal as renewal_source
from samverkan.models import Agreement, Person
from tests.factories import (
    AgreementPartyFactory,
    BodyFactory,
    FunctionFactory,
    PersonFactory,
    SeatFactory,
    installation_admin,
)
from tests.helpers import INSTALLATION, NOW, OUTSIDER, force_login_as_in_life


def build_world():
    """Laholm plus one other agreement with a single member (the outsider), and an
    installation administrator who is in no agreement."""
    load_demo()
    other_party = AgreementPartyFactory(
        agreement__title="Samverkansöverenskommelse Annan kommun",
        short_name="Kommunen",
    )
    body = BodyFactory(agreement=other_party.agreement)
    function = FunctionFactory(body=body, party=other_party, title="Brottsförebyggande samordnare")
    body.convener_function = function
    body.save()
    SeatFactory(
        function=function,
        person=PersonFactory(user__username=OUTSIDER, party=other_party.party),
    )
    installation_admin(INSTALLATION)


@pytest.fixture(scope="session", autouse=True)
def logins_as_in_life():
    """`Client.force_login` logs in as a user would be after signing in: a signatory or an
    installation administrator (who must have two-factor sign-in) has enrolled and given a
    code. `Client.force_login_held` is the session right after the password, held at the
    code page if the user has an app (tests/samverkan/test_two_factor.py)."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        force_login_as_in_life(self, user, login=lambda: original(self, user, backend))

    Client.force_login = force_login
    Client.force_login_held = original
    yield
    Client.force_login = original
    del Client.force_login_held


@pytest.fixture(scope="session", autouse=True)
def frozen_clock():
    """The whole session runs at NOW, a day inside the Laholm agreement, so no test depends
    on the real date. The clock ticks on from there (history keeps its order) and is
    process-wide, so the live server's thread sees it too; a test moves it further with
    the `time_machine` fixture. Each xdist worker is a process of its own and freezes its
    own clock."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(scope="session", autouse=True)
def private_files(tmp_path_factory):
    """Attachments (the `attachments` storage) go to a temporary folder, never into the
    project's private/ folder; per xdist worker, as the clock is."""
    from django.conf import settings

    location = tmp_path_factory.mktemp("private")
    storages = settings.STORAGES | {
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        }
    }
    with override_settings(STORAGES=storages):
        # The model's storage was resolved when the model was made (Django evaluates a
        # callable storage once); point it at the temporary one.
        from django.core.files.storage import storages as handler

        from situation.models import Attachment

        field = Attachment._meta.get_field("file")
        original, field.storage = field.storage, handler["attachments"]
        yield location
        field.storage = original


@pytest.fixture(scope="session")
def django_db_setup(frozen_clock, private_files, django_db_setup, django_db_blocker):
    # Loaded once: each test runs inside a transaction that is rolled back. Under the
    # frozen clock: the permissions it computes depend on the day.
    # Hashed with the fast hasher the tests use, so demo passwords can be checked.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        build_world()
        # Each demo user logged in once, for the permission matrix (tests/pages.py).
        from tests.pages import ANONYMOUS, ROLES, log_in_once

        log_in_once([role for role in ROLES if role != ANONYMOUS])


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _laholm(source) -> Agreement:
    return Agreement.objects.get(key=source.KEY)


@pytest.fixture
def laholm(db) -> Agreement:
    """The Laholm agreement 2024–2026, signed; in force on the frozen date."""
    return _laholm(signed_source)


@pytest.fixture
def laholm_renewal(db) -> Agreement:
    """Its renewal 2027–2029: a draft with the same parties, bodies and people."""
    return _laholm(renewal_source)


@pytest.fixture
def other_agreement(db) -> Agreement:
    return Agreement.objects.get(title="Samverkansöverenskommelse Annan kommun")


@pytest.fixture
def user(db):
    """Look a fixed demo user up by username: user("samordnare")."""
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def client_as(client, user):
    """A test client logged in as the named demo user (None: anonymous); a signatory or
    an installation administrator has signed in with two factors."""

    def login(username):
        if username is not None:
            force_login_as_in_life(client, user(username))
        return client

    return login


@pytest.fixture
def staff(laholm):
    """A new employee of one of Laholm's parties, in no function yet:
    staff("Polisen", "Kim", "Vik")."""

    def make(short_name: str, first: str = "Kim", last: str = "Vik") -> Person:
        party = laholm.parties.get(short_name=short_name).party
        return PersonFactory(party=party, user__first_name=first, user__last_name=last)

    return make
