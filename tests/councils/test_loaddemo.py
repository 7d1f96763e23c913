"""`manage.py loaddemo`: the Laholm agreement as signed, its rosters, and demo logins, and
its renewal for 2027–2029 (a draft) with the same parties, bodies, people and signatories.

The session's test database already holds the demo (tests/conftest.py), so every
run here is a reload: it must change nothing but refresh what is there.
"""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.models import UserObjectPermission

from councils.demo import DEMO_USERS
from councils.models import (
    AgendaItem,
    Assignment,
    Body,
    Decision,
    Function,
    Invitee,
    Meeting,
    Position,
    Seat,
    StandingAgendaItem,
    Substitute,
)
from samverkan.models import (
    Agreement,
    AgreementParty,
    Annex,
    Clause,
    Event,
    OutboundMessage,
    Party,
    Person,
)
from tests.helpers import (
    DEMO_RIGHTS,
    OUTSIDER,
    READING_AFTER_THE_END,
    RENEWAL_IN_FORCE,
    all_rights,
    at_ten,
)
from tests.seed import roster_functions

COUNTED = [
    Agreement,
    Party,
    AgreementParty,
    Annex,
    Clause,
    Body,
    Function,
    Seat,
    Substitute,
    Person,
    get_user_model(),
    Event,
    UserObjectPermission,
    StandingAgendaItem,
    Meeting,
    AgendaItem,
    Invitee,
    Decision,
    Position,
    Assignment,
    OutboundMessage,
]

# The group functions (several holders at once), as the seed describes them.
GROUP_FUNCTIONS = {
    "Kommunens ledningsgrupp",
    "Representanter från kommunens alla förvaltningar och bostadsbolaget",
}


def loaddemo() -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_loading_the_demo_twice_leaves_the_same_rows(laholm, laholm_renewal):
    before = counts()
    output = loaddemo()
    after_first = counts()
    loaddemo()
    assert after_first == before
    assert counts() == before
    assert (
        "Loaded: Samverkansöverenskommelse 2024–2026 (Laholms kommun), 2024-01-01–2026-12-31, "
        "signed\n"
        "Loaded: Samverkansöverenskommelse 2027–2029 (Laholms kommun), 2027-01-01–2029-12-31, "
        "draft\n"
    ) in output
    assert list(Agreement.objects.filter(municipality="Laholms kommun")) == [
        laholm_renewal,
        laholm,
    ]


HISTORIES = [
    Agreement,
    Party,
    AgreementParty,
    Annex,
    Clause,
    Body,
    Function,
    Seat,
    Person,
    StandingAgendaItem,
    Meeting,
    AgendaItem,
    Invitee,
    Decision,
    Position,
    Assignment,
]


def test_reloading_an_unchanged_demo_writes_nothing(laholm, laholm_renewal):
    with CaptureQueriesContext(connection) as captured:
        loaddemo()
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_reloading_an_unchanged_demo_writes_no_history(laholm):
    before = {model.__name__: model.history.count() for model in HISTORIES}
    loaddemo()
    assert {model.__name__: model.history.count() for model in HISTORIES} == before


def test_reloading_the_demo_restores_what_was_changed(laholm, council):
    Party.objects.filter(organisation_number="212000-1223").update(address="Fel adress")
    council.functions.filter(title="Kommunpolis").update(attendance="as_needed")
    laholm.clauses.filter(order=1).update(body="Fel text")
    loaddemo()
    assert Party.objects.get(organisation_number="212000-1223").address == (
        "Humlegången 6, 312 23 Laholm"
    )
    assert council.functions.get(title="Kommunpolis").attendance == "always"
    assert laholm.clauses.get(order=1).body.startswith("Laholms kommun, Polisen och")


@pytest.mark.parametrize("kind", ["strategic", "operative"])
def test_each_body_has_exactly_the_functions_the_seed_lists(laholm, kind):
    body = laholm.bodies.get(kind=kind)
    expected = roster_functions()[kind]
    actual = [
        {
            "party": function.party.short_name,
            "title": function.title,
            "as_needed": function.attendance == Function.Attendance.AS_NEEDED,
        }
        for function in body.functions.select_related("party")
    ]
    assert actual == [
        {key: item[key] for key in ("party", "title", "as_needed")} for item in expected
    ]


@pytest.mark.parametrize("kind", ["strategic", "operative"])
def test_group_functions_are_exactly_those_with_several_holders_in_the_seed(laholm, kind):
    body = laholm.bodies.get(kind=kind)
    groups = set(body.functions.filter(is_group=True).values_list("title", flat=True))
    assert groups == GROUP_FUNCTIONS & {item["title"] for item in roster_functions()[kind]}


def test_only_the_municipalitys_management_group_is_the_extended_group(council, group):
    [extended] = roster_functions()["strategic"][:1]
    assert extended["note"] == "utökad grupp vid två av mötena"
    assert list(
        Function.objects.filter(
            body__agreement=council.agreement, is_management_group=True
        ).values_list("body", "title")
    ) == [(council.pk, "Kommunens ledningsgrupp")]
    assert not group.functions.filter(is_management_group=True).exists()


def test_the_council_meets_four_times_a_year_two_of_them_extended(council):
    assert council.name == "Strategiskt råd"
    assert (council.ordinary_meetings_per_year, council.extended_meetings_per_year) == (4, 2)


def test_the_operative_group_meets_six_times_a_year_none_extended(group):
    assert group.name == "Operativ samverkansgrupp"
    assert (group.ordinary_meetings_per_year, group.extended_meetings_per_year) == (6, 0)


def test_the_municipality_chairs_the_council(council):
    assert council.chair_party.short_name == "Kommunen"


@pytest.mark.parametrize("kind", ["strategic", "operative"])
def test_the_coordinator_convenes_each_body_supported_by_the_kommunpolis(laholm, kind):
    body = laholm.bodies.get(kind=kind)
    convener, support = body.convener_function, body.convener_support_function
    assert (convener.title, convener.party.short_name, convener.body) == (
        "Brottsförebyggande samordnare",
        "Kommunen",
        body,
    )
    assert (support.title, support.party.short_name, support.body) == (
        "Kommunpolis",
        "Polisen",
        body,
    )
    assert convener.seats.get().person.user.username == "samordnare"


def test_the_three_parties_are_as_written_in_the_agreement(laholm):
    parties = [
        (
            ap.party.name,
            ap.party.organisation_number,
            ap.party.address,
            ap.short_name,
            ap.party_description,
            ap.party.kind,
        )
        for ap in laholm.parties.select_related("party")
    ]
    assert parties == [
        (
            "Laholms kommun",
            "212000-1223",
            "Humlegången 6, 312 23 Laholm",
            "Kommunen",
            "Laholms kommun",
            "municipality",
        ),
        (
            "Polismyndigheten",
            "202100-0076",
            "Norra Källegatan 3, 302 32 Halmstad",
            "Polisen",
            "Polismyndigheten genom lokalpolisområde Halmstad/Laholm",
            "police",
        ),
        (
            "Kriminalvården",
            "202100-0225",
            "Norra Källegatan 4a 302 32 Halmstad",
            "Kriminalvården",
            "Kriminalvården Frivården Halmstad",
            "prison_probation",
        ),
    ]


def test_the_three_annexes_are_numbered_as_in_the_agreement(laholm):
    assert list(laholm.annexes.values_list("number", "title", "kind")) == [
        (1, "Lokal lägesbild och orsaksanalys", "situation_picture"),
        (2, "Medborgarlöfte 2024", "citizen_promise"),
        (3, "Åtgärdsplan", "action_plan"),
    ]


def test_the_signatories_are_as_written_and_each_party_has_a_signing_user(laholm):
    signatories = [
        (ap.short_name, ap.signatory_name, ap.signatory_title, ap.signatory_user.username)
        for ap in laholm.parties.select_related("signatory_user")
    ]
    assert signatories == [
        ("Kommunen", "Ove Bengtsson", "Kommunstyrelsens ordförande", "ks-ordforande"),
        (
            "Polisen",
            "Gustav Rosén Zetterberg",
            "Lokalpolisområdeschef, Lokalpolisområde Halmstad/Laholm",
            "lpo-chef",
        ),
        (
            "Kriminalvården",
            "Linda Hilmarsson",
            "Kriminalvårdschef, Frivården Halland & Västra Götaland",
            "frivardschef",
        ),
    ]


def test_the_agreement_is_valid_2024_to_2026_and_signed_in_laholm(laholm):
    assert (laholm.valid_from.isoformat(), laholm.valid_to.isoformat()) == (
        "2024-01-01",
        "2026-12-31",
    )
    assert (laholm.signed_place, laholm.signed_on.isoformat(), laholm.status) == (
        "Laholm",
        "2023-01-12",
        "signed",
    )


def test_every_demo_account_logs_in_with_the_demo_password(db, client, settings):
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loaddemo()  # sets the passwords again, with the test's fast hasher
    User = get_user_model()
    for username, *_ in DEMO_USERS:
        response = client.post(reverse("login"), {"username": username, "password": "samverkan"})
        assert response.status_code == 302, username
        assert response.url == reverse("samverkan:home")
        assert int(client.session["_auth_user_id"]) == User.objects.get(username=username).pk
        client.logout()


def test_a_demo_account_refuses_a_wrong_password(db, client):
    loaddemo()
    response = client.post(reverse("login"), {"username": "samordnare", "password": "fel"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_command_prints_every_demo_login(laholm):
    output = loaddemo()
    assert "Demo accounts (password: samverkan):" in output
    for username, *_ in DEMO_USERS:
        assert f"  {username} " in output
    assert "from 2027-01-01 in the renewal" in output


# --- the renewal 2027–2029 -------------------------------------------------------------


def test_the_renewal_runs_2027_to_2029_and_is_a_draft_not_yet_signed(laholm_renewal):
    renewal = laholm_renewal
    assert (renewal.title, renewal.municipality) == (
        "Samverkansöverenskommelse 2027–2029",
        "Laholms kommun",
    )
    assert (renewal.valid_from, renewal.valid_to) == (date(2027, 1, 1), date(2029, 12, 31))
    assert (renewal.status, renewal.signed_place, renewal.signed_on) == ("draft", "", None)


def parties_of(agreement) -> list[tuple]:
    return list(
        agreement.parties.values_list(
            "order",
            "party",
            "short_name",
            "party_description",
            "signatory_name",
            "signatory_title",
            "signatory_user__username",
        )
    )


def test_the_renewal_has_the_same_parties_and_signatories(laholm, laholm_renewal):
    assert parties_of(laholm_renewal) == parties_of(laholm)
    assert len(parties_of(laholm)) == 3


def roster_of(agreement) -> list[tuple]:
    """Each body with its functions, conveners and chair, compared by what they say."""
    roster = []
    for body in agreement.bodies.select_related(
        "chair_party", "convener_function", "convener_support_function"
    ):
        roster.append(
            (
                body.kind,
                body.name,
                body.purpose,
                body.ordinary_meetings_per_year,
                body.extended_meetings_per_year,
                body.chair_party.short_name if body.chair_party else None,
                body.convener_function.title,
                body.convener_support_function.title,
                list(
                    body.functions.values_list(
                        "order",
                        "title",
                        "party__short_name",
                        "attendance",
                        "is_group",
                        "is_management_group",
                        "note",
                    )
                ),
            )
        )
    return roster


def test_the_renewal_has_the_same_bodies_and_functions(laholm, laholm_renewal):
    assert roster_of(laholm_renewal) == roster_of(laholm)
    assert [body[0] for body in roster_of(laholm)] == ["strategic", "operative"]


def seats_of(agreement) -> list[tuple]:
    return list(
        Seat.objects.filter(function__body__agreement=agreement)
        .order_by("function__body__kind", "function__order", "person__user__username")
        .values_list(
            "function__body__kind", "function__title", "person__user__username", "valid_to"
        )
    )


def test_the_same_people_hold_the_same_seats_in_the_renewal_from_its_first_day(
    laholm, laholm_renewal
):
    assert seats_of(laholm_renewal) == seats_of(laholm)
    assert len(seats_of(laholm)) == 10
    starts = Seat.objects.filter(function__body__agreement=laholm_renewal).values_list(
        "valid_from", flat=True
    )
    assert set(starts) == {date(2027, 1, 1)}
    substitutes = [
        Substitute.objects.filter(seat__function__body__agreement=agreement).values_list(
            "seat__person__user__username", "person__user__username"
        )
        for agreement in (laholm, laholm_renewal)
    ]
    assert list(substitutes[0]) == list(substitutes[1]) == [("frivardschef", "frivard")]
    assert set(laholm_renewal.people.all()) == set(laholm.people.all())


def test_the_renewals_text_is_the_signed_text_with_its_own_period(laholm, laholm_renewal):
    signed = list(laholm.clauses.values_list("heading", "body"))
    renewed = list(laholm_renewal.clauses.values_list("heading", "body"))
    assert [heading for heading, _ in renewed] == [heading for heading, _ in signed]
    changed = {
        heading: body
        for (heading, body), (_, old) in zip(renewed, signed, strict=True)
        if body != old
    }
    assert changed["Samverkansöverenskommelsens giltighetstid"] == (
        "Samverkansöverenskommelsen löper från och med 2027-01-01 till och med 2029-12-31."
    )
    assert "2. Medborgarlöfte 2027." in changed["Bilagor till samverkansöverenskommelsen"]
    assert set(changed) == {
        "Samverkansöverenskommelsens giltighetstid",
        "Bilagor till samverkansöverenskommelsen",
    }
    assert list(laholm_renewal.annexes.values_list("number", "title", "kind")) == [
        (1, "Lokal lägesbild och orsaksanalys", "situation_picture"),
        (2, "Medborgarlöfte 2027", "citizen_promise"),
        (3, "Åtgärdsplan", "action_plan"),
    ]


def test_reloading_the_demo_restores_the_renewal_and_leaves_the_signed_agreement_alone(
    laholm, laholm_renewal
):
    Agreement.objects.filter(pk=laholm_renewal.pk).update(status="signed", title="Ändrad")
    laholm_renewal.clauses.filter(order=1).update(body="Fel text")
    loaddemo()
    laholm_renewal.refresh_from_db()
    assert (laholm_renewal.status, laholm_renewal.title) == (
        "draft",
        "Samverkansöverenskommelse 2027–2029",
    )
    assert laholm_renewal.clauses.get(order=1).body.startswith("Laholms kommun, Polisen och")
    assert Agreement.objects.get(pk=laholm.pk).status == "signed"


def test_a_demo_reloaded_in_2027_moves_the_acting_rights_to_the_renewal(
    laholm, laholm_renewal, time_machine
):
    time_machine.move_to(at_ten(RENEWAL_IN_FORCE))
    loaddemo()  # nothing else changes: only the day
    for username, expected in DEMO_RIGHTS.items():
        if username == OUTSIDER:
            continue
        assert all_rights(username, laholm_renewal) == expected, username
        assert all_rights(username, laholm) == READING_AFTER_THE_END[username], username
