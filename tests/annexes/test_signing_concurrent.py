"""Signatures at the same moment, in two threads with their own database connections:
different parties are all kept and the version enters into force once; one party's
repeated click signs once.

These tests commit (transaction=True): the database is flushed after each, taking the
session's demo world with it. pytest-django runs transactional tests after all the others,
and each test here loads the demo itself first (load_demo() is idempotent), as the browser
tests do (tests/browser/conftest.py).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

import tests.pages  # noqa: F401 (first: it joins the registry, pages_versions with it)
from councils.demo import load_demo
from samverkan import annexes
from samverkan.models import AnnexVersion, Event, Signature
from tests.annexes.conftest import snapshot
from tests.annexes.pages_versions import SIGNS_FOR, decided_by_council, new_annex, sign_as

State = AnnexVersion.State
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(user):
    """The Laholm agreement (loaded again: an earlier transactional test flushed it), a
    fresh annex whose version 1 is in force and whose version 2 is decided and signed by
    Kommunen, so Polisen and Kriminalvården are the last two to sign."""
    laholm, _renewal = load_demo()
    coordinator = user("samordnare")
    annex = new_annex(laholm)
    first = decided_by_council(laholm, annex, snapshot("Plan 2024"), coordinator)
    for party in ("Kommunen", "Polisen", "Kriminalvården"):
        sign_as(first, party, user)
    second = decided_by_council(
        laholm, annex, snapshot("Plan 2025", ("Kameror", "Belysning")), coordinator
    )
    sign_as(second, "Kommunen", user)
    return first, second


def at_once(*calls):
    """Run each call in a thread of its own, released together; [(result, error)]."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait(timeout=10)
            outcomes[n] = (call(), None)
        except Exception as exc:  # reported to the test
            outcomes[n] = (None, exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def signing(version, short_name, user):
    signer = user(SIGNS_FOR[short_name])
    party = version.agreement.parties.get(short_name=short_name)

    def call():
        return annexes.annex_version_sign(
            version=version, party=party, by=signer, password="samverkan"
        )

    return call


def test_two_parties_signing_at_the_same_moment_are_both_kept_and_in_force_once(world, user):
    first, second = world
    outcomes = at_once(signing(second, "Polisen", user), signing(second, "Kriminalvården", user))
    assert [error for _result, error in outcomes] == [None, None]
    second.refresh_from_db()
    first.refresh_from_db()
    assert sorted(second.signatures.values_list("party__short_name", flat=True)) == [
        "Kommunen",
        "Kriminalvården",
        "Polisen",
    ]
    assert (second.state, first.state) == (State.IN_FORCE, State.SUPERSEDED)
    assert Event.objects.of_action("samverkan.annex_version.in_force").about(second).count() == 1
    assert Event.objects.of_action("samverkan.annex_version.superseded").about(first).count() == 1
    assert AnnexVersion.objects.filter(annex=second.annex, state=State.IN_FORCE).count() == 1


def test_one_party_signing_twice_at_the_same_moment_signs_once(world, user):
    _first, second = world
    outcomes = at_once(signing(second, "Polisen", user), signing(second, "Polisen", user))
    errors = [error for _result, error in outcomes if error is not None]
    signed = [result for result, error in outcomes if error is None]
    assert len(signed) == 1 and isinstance(signed[0], Signature)
    [error] = errors
    assert isinstance(error, ValidationError)
    assert "redan undertecknat" in error.messages[0]
    assert second.signatures.filter(party__short_name="Polisen").count() == 1
    assert Event.objects.of_action("samverkan.annex_version.signed").about(second).count() == 2
    second.refresh_from_db()
    assert second.state == State.DECIDED
