"""Shared fixtures: the Laholm demo loaded once per test database, one user per demo
role, and a second agreement whose member must see nothing of Laholm."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from councils.demo import DEMO_USERS, load_demo
from samverkan.models import Agreement
from tests.factories import (
    AgreementPartyFactory,
    BodyFactory,
    FunctionFactory,
    PersonFactory,
    SeatFactory,
)

DEMO_USERNAMES = [row[0] for row in DEMO_USERS]
OUTSIDER = "annan-kommun"


def build_world():
    """Laholm plus one other agreement with a single member (the outsider)."""
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Loaded once: each test runs inside a transaction that is rolled back.
    # Hashed with the fast hasher the tests use, so demo passwords can be checked.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        build_world()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def laholm(db) -> Agreement:
    return Agreement.objects.get(municipality="Laholms kommun")


@pytest.fixture
def other_agreement(db) -> Agreement:
    return Agreement.objects.get(title="Samverkansöverenskommelse Annan kommun")


@pytest.fixture
def user(db):
    """Look a fixed demo user up by username: user("samordnare")."""
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def client_as(client, user):
    """A test client logged in as the named demo user (None: anonymous)."""

    def login(username):
        if username is not None:
            client.force_login(user(username))
        return client

    return login
