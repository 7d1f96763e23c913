"""`manage.py loaddemo`: the Laholm agreement as signed, its rosters, and demo logins.

The session's test database already holds the demo (tests/conftest.py), so every
run here is a reload: it must change nothing but refresh what is there.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from guardian.models import UserObjectPermission

from councils.demo import DEMO_USERS
from councils.models import Body, Function, Seat, Substitute
from samverkan.models import Agreement, AgreementParty, Annex, Clause, Event, Party, Person
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


def test_loading_the_demo_twice_leaves_the_same_rows(laholm):
    before = counts()
    output = loaddemo()
    after_first = counts()
    loaddemo()
    assert after_first == before
    assert counts() == before
    assert "Loaded: Samverkansöverenskommelse 2024–2026 (Laholms kommun)" in output
    assert Agreement.objects.get(municipality="Laholms kommun").pk == laholm.pk


HISTORIES = [Agreement, Party, AgreementParty, Annex, Clause, Body, Function, Seat, Person]


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
    assert list(Function.objects.filter(is_management_group=True).values_list("body", "title")) == [
        (council.pk, "Kommunens ledningsgrupp")
    ]
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
