"""The event log stores action codes with the facts; sentences are made when shown, in the
reader's language. samverkan's update services write nothing when nothing changed."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from samverkan import events, services, signatories
from samverkan.models import Agreement, Event, Party
from tests.factories import AgreementPartyFactory, PersonFactory


@pytest.fixture(autouse=True)
def _restore_active_language():
    # A request made in English activates English for the thread; keep it in this test.
    previous = translation.get_language()
    yield
    translation.activate(previous)


@pytest.fixture
def coordinator(user):
    return user("samordnare")


def logged(agreement, since: int) -> list[Event]:
    """The agreement's events written after the one with pk `since`, oldest first."""
    return list(agreement.events.filter(pk__gt=since).order_by("pk"))


def last_pk() -> int:
    return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- codes, data and objects -----------------------------------------------------------


def test_an_event_stores_its_code_its_object_and_the_facts_not_a_sentence(laholm, coordinator):
    services.agreement_update(agreement=laholm, by=coordinator, signed_place="Laholms rådhus")

    event = laholm.events.get(action="samverkan.agreement.changed")
    assert event.content_object == laholm
    assert event.actor == coordinator
    assert event.data == {
        "title": "Samverkansöverenskommelse 2024–2026",
        "changes": {"signed_place": {"old": "Laholm", "new": "Laholms rådhus"}},
    }


def test_dates_are_stored_as_iso_text_also_on_the_event_returned(laholm, coordinator):
    event = services.event_log(
        agreement=laholm,
        actor=coordinator,
        action="councils.seat.ended",
        data={"person": "Kim Vik", "function": "Kommunpolis", "body": "Strategiskt råd"}
        | {"end": laholm.valid_to},
    )
    assert event.data["end"] == "2026-12-31"
    assert Event.objects.get(pk=event.pk).data == event.data


def test_events_are_found_by_code_and_by_object(laholm, coordinator):
    kommunen = laholm.parties.get(short_name="Kommunen")
    services.agreement_update(agreement=laholm, by=coordinator, signed_place="Rådhuset")
    services.agreement_update(agreement=laholm, by=coordinator, signed_place="Stadshuset")

    changed = Event.objects.of_action("samverkan.agreement.changed")
    assert changed.filter(agreement=laholm).count() == 2
    assert Event.objects.about(laholm).count() == 2
    assert not Event.objects.about(kommunen).exists()
    assert [e.data["changes"]["signed_place"]["new"] for e in changed] == [
        "Stadshuset",
        "Rådhuset",
    ]


def test_logging_a_code_nobody_registered_is_refused(laholm, coordinator):
    with pytest.raises(ValueError, match="samverkan.agreement.renamed"):
        services.event_log(
            agreement=laholm, actor=coordinator, action="samverkan.agreement.renamed"
        )
    assert not laholm.events.filter(action="samverkan.agreement.renamed").exists()


def test_a_code_cannot_be_registered_twice_with_another_renderer():
    with pytest.raises(ValueError, match="already registered"):
        events.register("samverkan.person.invited", lambda event: "något annat")


# --- reading -------------------------------------------------------------------------


def test_an_event_reads_in_the_readers_language_not_the_actors(laholm, coordinator):
    with translation.override("en"):  # the coordinator works with the English interface
        event = services.event_log(
            agreement=laholm,
            actor=coordinator,
            action="samverkan.person.invited",
            data={"person": "Kim Nyström", "party": "Polisen"},
        )
    with translation.override("sv"):
        assert event.sentence == "Kim Nyström (Polisen) fick ett konto och en inbjudan per e-post"
    with translation.override("en"):
        assert event.sentence == (
            "Kim Nyström (Polisen) was given an account and an invitation by email"
        )


def test_the_changed_fields_are_named_in_the_readers_language(laholm, coordinator):
    services.agreement_update(
        agreement=laholm, by=coordinator, title="Ny titel", signed_place="Rådhuset"
    )
    event = laholm.events.first()
    with translation.override("sv"):
        assert str(event) == "Överenskommelsens uppgifter ändrades (titel, ort för undertecknande)"
    with translation.override("en"):
        assert str(event).startswith("The agreement’s details were changed (title, ")


def test_the_events_page_shows_each_reader_the_sentences_in_their_language(
    client_as, laholm, coordinator
):
    services.event_log(
        agreement=laholm,
        actor=coordinator,
        action="samverkan.person.added",
        data={"person": "Kim Nyström", "party": "Polisen"},
    )
    url = reverse("samverkan:events", args=[laholm.pk])
    client = client_as("kommunpolis")
    assert "Kim Nyström (Polisen) lades till i personlistan" in client.get(url).content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "Kim Nyström (Polisen) was added to the list of people" in page
    assert "lades till i personlistan" not in page


def test_an_unknown_code_reads_as_a_neutral_sentence(laholm):
    event = Event.objects.create(agreement=laholm, action="meetings.meeting.moved", data={})
    with translation.override("sv"):
        assert event.sentence == "Händelse av typen meetings.meeting.moved"


def test_an_event_missing_a_fact_reads_as_the_neutral_sentence_instead_of_failing(laholm):
    event = Event.objects.create(
        agreement=laholm, action="councils.seat.assigned", data={"person": "Kim Vik"}
    )
    with translation.override("sv"):
        assert event.sentence == "Händelse av typen councils.seat.assigned"


def test_an_event_from_before_codes_reads_as_it_was_written(laholm):
    event = Event.objects.create(
        agreement=laholm, action="samverkan.legacy", data={"message": "Kommunpolis tillsatt"}
    )
    with translation.override("en"):
        assert event.sentence == "Kommunpolis tillsatt"


# --- the data migration --------------------------------------------------------------

MIGRATION_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "samverkan", "0002", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO samverkan_agreement (title, municipality, valid_from, valid_to,"
            " signed_place, status) VALUES ('Avtal', 'Laholm', '2024-01-01', '2026-12-31',"
            " '', 'signed')"
        )
        cursor.execute(
            "INSERT INTO samverkan_event (agreement_id, at, message)"
            " VALUES (1, '2025-01-01 10:00', 'Kim Vik utsågs till Kommunpolis')"
        )
    # Only as far as the event's own migrations (0003 codes, 0004 the sentences into
    # data, 0005 the column gone): from 0005 on the event table is the model's, and
    # migrating back unapplies just these three, not every app's migrations since.
    call_command("migrate", "samverkan", "0005", verbosity=0)
    from samverkan.models import Event
    event = Event.objects.get()
    print(event.action, event.data["message"], event.sentence, sep="|")
    call_command("migrate", "samverkan", "0002", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM samverkan_event")
        print(cursor.fetchone()[0])
    """
)


def test_the_event_table_is_the_models_from_samverkan_0005_on():
    # So the migration test below may stop at 0005 and read events with today's model.
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    event = ("samverkan", "event")
    at_0005 = loader.project_state(("samverkan", "0005_remove_event_message")).models[event]
    assert at_0005 == loader.project_state().models[event]


def test_the_migration_keeps_the_sentences_of_old_events_and_gives_them_back(tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "-c", MIGRATION_SCRIPT],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    forward, backward = done.stdout.strip().splitlines()
    sentence = "Kim Vik utsågs till Kommunpolis"
    assert forward == f"samverkan.legacy|{sentence}|{sentence}"
    assert backward == sentence


# --- agreement_update: a whitelist, and nothing written when nothing changed ---------


def test_an_agreement_saved_unchanged_writes_no_history_and_no_event(laholm, coordinator):
    history, since = laholm.history.count(), last_pk()
    services.agreement_update(
        agreement=laholm,
        by=coordinator,
        **{name: getattr(laholm, name) for name in services.AGREEMENT_FIELDS},
    )
    assert laholm.history.count() == history
    assert logged(laholm, since) == []


def test_the_agreement_update_refuses_a_field_it_does_not_change(laholm, coordinator):
    with pytest.raises(TypeError, match="does not change id"):
        services.agreement_update(agreement=laholm, by=coordinator, id=999, title="Ny titel")
    assert Agreement.objects.get(pk=laholm.pk).title == "Samverkansöverenskommelse 2024–2026"


def test_an_agreement_change_writes_one_history_row_and_one_event(laholm, coordinator):
    history, since = laholm.history.count(), last_pk()
    services.agreement_update(
        agreement=laholm,
        by=coordinator,
        title="Samverkansöverenskommelse 2024–2026",
        status="draft",
    )
    assert laholm.history.count() == history + 1
    [event] = logged(laholm, since)
    assert event.action == "samverkan.agreement.changed"
    assert event.data["changes"] == {"status": {"old": "signed", "new": "draft"}}


# --- agreement_party_update ----------------------------------------------------------


@pytest.fixture
def own_party(db):
    """A party of an agreement of its own, so its organisation's details may be changed."""
    return AgreementPartyFactory(short_name="Kommunen", signatory_title="Ordförande")


def party_update(agreement_party, by, **changed):
    party = agreement_party.party
    current = {
        "name": party.name,
        "organisation_number": party.organisation_number,
        "address": party.address,
        "short_name": agreement_party.short_name,
        "party_description": agreement_party.party_description,
        "signatory_name": agreement_party.signatory_name,
        "signatory_title": agreement_party.signatory_title,
    }
    return services.agreement_party_update(
        agreement_party=agreement_party, by=by, **(current | changed)
    )


def test_a_party_saved_unchanged_writes_no_history_and_no_event(own_party, coordinator):
    histories = (own_party.history.count(), Party.history.filter(id=own_party.party_id).count())
    since = last_pk()
    party_update(own_party, coordinator)
    assert (
        own_party.history.count(),
        Party.history.filter(id=own_party.party_id).count(),
    ) == histories
    assert logged(own_party.agreement, since) == []


def test_the_party_update_takes_no_field_beyond_its_own(own_party, coordinator):
    with pytest.raises(TypeError):
        party_update(own_party, coordinator, order=9)


def test_a_change_of_the_signatory_writes_one_history_row_and_one_event(own_party, coordinator):
    histories = (own_party.history.count(), Party.history.filter(id=own_party.party_id).count())
    since = last_pk()
    party_update(own_party, coordinator, signatory_title="Kommunstyrelsens ordförande")

    assert own_party.history.count() == histories[0] + 1
    assert Party.history.filter(id=own_party.party_id).count() == histories[1]  # untouched
    [event] = logged(own_party.agreement, since)
    assert event.action == "samverkan.agreement_party.changed"
    assert event.content_object == own_party
    assert event.data == {
        "party": "Kommunen",
        "changes": {"signatory_title": {"old": "Ordförande", "new": "Kommunstyrelsens ordförande"}},
    }
    with translation.override("sv"):
        assert event.sentence == "Uppgifterna för Kommunen ändrades (firmatecknarens titel)"


def test_a_change_of_the_organisations_address_is_recorded_on_the_organisation(
    own_party, coordinator
):
    histories = (own_party.history.count(), Party.history.filter(id=own_party.party_id).count())
    party_update(own_party, coordinator, address="Humlegången 8, 312 23 Laholm")

    assert own_party.history.count() == histories[0]
    assert Party.history.filter(id=own_party.party_id).count() == histories[1] + 1
    event = own_party.agreement.events.get()
    assert event.data["changes"] == {
        "address": {"old": "Storgatan 1, 123 45 Staden", "new": "Humlegången 8, 312 23 Laholm"}
    }
    with translation.override("sv"):
        assert event.sentence == "Uppgifterna för Kommunen ändrades (adress)"


def test_a_new_signing_user_is_recorded_by_name(own_party, coordinator):
    # Who signs is designated apart from the party's details (samverkan/signatories.py).
    signer = PersonFactory(
        party=own_party.party,
        agreements=[own_party.agreement],
        user__first_name="Ove",
        user__last_name="Bengtsson",
    )
    signatories.signatory_designate(agreement_party=own_party, user=signer.user, by=coordinator)
    event = own_party.agreement.events.get()
    assert event.action == "samverkan.signatory.designated"
    assert event.data == {"person": "Ove Bengtsson", "party": "Kommunen"}
    with translation.override("sv"):
        assert event.sentence == (
            "Ove Bengtsson utsågs att underteckna för Kommunen; väntar på partens bekräftelse"
        )
