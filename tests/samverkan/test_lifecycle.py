"""The lifecycle's services and reads: installation administrators and their commands, the
agreement set up in one service call, the text split on its headings, where an agreement
stands (draft, signed, in force, ended; renewal due), and loaddemo finding its agreements
by their keys."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.demo import load_demo
from samverkan.demo import laholm as laholm_source
from samverkan.lifecycle import (
    agreement_create,
    installation_admin_grant,
    installation_admin_revoke,
    is_installation_admin,
    split_clauses,
    template_clauses,
)
from samverkan.models import Agreement, Party, add_months
from tests.factories import AgreementFactory, AgreementPartyFactory, UserFactory
from tests.helpers import CHECK_DIGIT, INSTALLATION, at_ten, refusal
from tests.pages import W

SEED = Path(__file__).parents[1] / "data" / "samverkansoverenskommelse-laholm-2024-2026.txt"


# --- installation administrators ------------------------------------------------------


def test_an_administrator_is_made_and_unmade_by_a_group_not_an_object_permission(db):
    someone = UserFactory()
    assert not is_installation_admin(someone)
    assert installation_admin_grant(user=someone) is True
    assert is_installation_admin(get_user_model().objects.get(pk=someone.pk))
    assert installation_admin_grant(user=someone) is False
    assert list(someone.groups.values_list("name", flat=True)) == ["Installationsadministratörer"]
    assert not someone.userobjectpermission_set.exists()
    assert installation_admin_revoke(user=someone) is True
    assert not is_installation_admin(get_user_model().objects.get(pk=someone.pk))
    assert installation_admin_revoke(user=someone) is False


def test_an_inactive_administrator_administers_nothing(user):
    admin = user(INSTALLATION)
    admin.is_active = False
    admin.save()
    assert not is_installation_admin(admin)


def test_grantadmin_grants_by_e_mail_and_revokeadmin_takes_it_back(user):
    out = StringIO()
    call_command("grantadmin", "Samordnare@Example.se", stdout=out)
    assert "samordnare@example.se is now an installation administrator." in out.getvalue()
    assert is_installation_admin(user("samordnare"))

    out = StringIO()
    call_command("revokeadmin", "samordnare@example.se", stdout=out)
    assert "is no longer an installation administrator" in out.getvalue()
    assert not is_installation_admin(user("samordnare"))


def test_grantadmin_creates_an_account_without_a_password_for_a_new_address(db):
    out = StringIO()
    call_command("grantadmin", "ny.admin@kommun.example.se", stdout=out)
    created = get_user_model().objects.get(email="ny.admin@kommun.example.se")
    assert not created.has_usable_password()
    assert is_installation_admin(created)
    assert "Glömt lösenordet?" in out.getvalue()


def test_revokeadmin_refuses_an_unknown_address(db):
    with pytest.raises(CommandError):
        call_command("revokeadmin", "ingen@example.se", stdout=StringIO())


def test_a_superuser_administers_the_installation(db):
    assert is_installation_admin(UserFactory(is_superuser=True))


# --- the agreement set up in one call -----------------------------------------------------


def arguments(**changes) -> dict:
    """agreement_create's arguments for Halmstad, as the wizard passes them."""
    return {
        "parties": [
            {
                "kind": "municipality",
                "organisation_number": W.MUNICIPALITY,
                "name": "Halmstads kommun",
                "address": "Storgatan 1, 302 31 Halmstad",
                "short_name": "Kommunen",
            },
            {"kind": "police", "organisation_number": "202100-0076", "short_name": "Polisen"},
            {
                "kind": "prison_probation",
                "organisation_number": "202100-0225",
                "short_name": "Kriminalvården",
            },
        ],
        "title": "Samverkansöverenskommelse 2027–2029",
        "valid_from": date(2027, 1, 1),
        "valid_to": date(2029, 12, 31),
        "annexes": ["Lokal lägesbild och orsaksanalys", "Medborgarlöfte 2027", "Åtgärdsplan"],
        "bodies": {
            "strategic": {
                "name": "Strategiskt råd",
                "ordinary_meetings_per_year": 4,
                "extended_meetings_per_year": 2,
                "chair": 1,
                "template": "standard",
            },
            "operative": {
                "name": "Operativ samverkansgrupp",
                "ordinary_meetings_per_year": 6,
                "extended_meetings_per_year": 0,
                "chair": None,
                "template": "standard",
            },
        },
        "coordinator": {
            "first_name": "Hanna",
            "last_name": "Strand",
            "email": "hanna.strand@halmstad.example.se",
        },
        "login_url": "http://testserver/konto/aterstall/{uid}/{token}/",
    } | changes


def counts() -> tuple[int, int]:
    return Agreement.objects.count(), Party.objects.count()


def test_a_second_municipality_shares_polisen_and_kriminalvarden_as_one_row_each(laholm, user):
    before = counts()
    agreement = agreement_create(by=user(INSTALLATION), **arguments())
    assert counts() == (before[0] + 1, before[1] + 1)  # the municipality is the only new one
    for number in ("202100-0076", "202100-0225"):
        party = Party.objects.get(organisation_number=number)
        municipalities = party.agreements.values_list("agreement__municipality", flat=True)
        assert set(municipalities) == {"Laholms kommun", "Halmstads kommun"}
    council = agreement.bodies.get(kind="strategic")
    assert council.chair_party.short_name == "Kommunen"
    assert list(council.functions.values_list("title", "party__short_name"))[:3] == [
        ("Kommunens ledningsgrupp", "Kommunen"),
        ("Kommunens säkerhetschef", "Kommunen"),
        ("Brottsförebyggande samordnare", "Kommunen"),
    ]
    assert council.convener_function.title == "Brottsförebyggande samordnare"
    assert council.convener_support_function.title == "Kommunpolis"


def test_the_laholm_template_is_written_for_the_new_municipality(laholm, user):
    agreement = agreement_create(by=user(INSTALLATION), **arguments())
    text = "\n".join(agreement.clauses.values_list("body", flat=True))
    assert [c.heading for c in agreement.clauses.all()] == [h for h, _b in laholm_source.CLAUSES]
    assert "Laholm" not in text
    assert "Halmstads kommun, organisationsnummer 212000-1314" in text
    assert "löper från och med 2027-01-01 till och med 2029-12-31" in text
    assert "2. Medborgarlöfte 2027." in text
    assert "Kommunen äger ordförandeskapet." in text


def test_the_templates_cadence_and_chair_follow_the_bodies(db):
    bodies = arguments()["bodies"]
    bodies["strategic"] |= {"ordinary_meetings_per_year": 6, "chair": 2}
    parties = [p | {"name": p.get("name", "")} for p in arguments()["parties"]]
    for party in parties:
        party.setdefault("address", "")
        party.setdefault("party_description", "")
    clauses = dict(
        template_clauses(
            municipality="Halmstads kommun",
            parties=parties,
            annexes=arguments()["annexes"],
            valid_from=date(2027, 1, 1),
            valid_to=date(2029, 12, 31),
            bodies=bodies,
        )
    )
    assert "sammanträder sex gånger per år samt vid behov" in clauses["Strategiskt råd"]
    assert "Polisen äger ordförandeskapet." in clauses["Strategiskt råd"]
    assert "samlas sex gånger per år" in clauses["Operativ samverkansgrupp"]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"parties": [{"organisation_number": "212000-1315", "name": "X", "short_name": "K"}]},
            {"1-organisation_number": [CHECK_DIGIT]},
        ),
        (
            {"valid_from": date(2026, 6, 1), "parties": None},
            {
                "valid_from": [
                    "Perioden överlappar Samverkansöverenskommelse 2024–2026 "
                    "(2024-01-01–2026-12-31), som Laholms kommun redan har. Välj en period "
                    "som börjar efter den."
                ]
            },
        ),
        (
            {"bodies": "no chair"},
            {"strategic-chair": ["Välj vilken part som är ordförande i det strategiska rådet."]},
        ),
    ],
    ids=["wrong check digit", "overlapping period", "missing chair"],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(laholm, user, changes, errors):
    given = arguments()
    if changes.get("parties") is None and "parties" in changes:
        # Laholm's own municipality, by its organisation number.
        given["parties"][0] |= {"organisation_number": "212000-1223", "name": ""}
        changes = {k: v for k, v in changes.items() if k != "parties"}
    if changes.get("bodies") == "no chair":
        given["bodies"]["strategic"]["chair"] = None
        changes = {}
    before = counts()
    error = refusal(agreement_create, by=user(INSTALLATION), **(given | changes))
    assert error.message_dict == errors
    assert counts() == before


# --- the text split on its headings ---------------------------------------------------------


def test_the_signed_laholm_text_splits_into_its_twelve_clauses():
    clauses = split_clauses(SEED.read_text(encoding="utf-8"))
    assert [heading for heading, _body in clauses] == [h for h, _b in laholm_source.CLAUSES]
    parties = dict(clauses)["Parter"]
    assert parties.startswith("- Laholms kommun, organisationsnummer 212000-1223")


def test_text_before_the_first_heading_is_refused(db):
    error = refusal(split_clauses, "Inledning utan rubrik.\n\nBAKGRUND\nText.")
    assert error.message_dict == {
        "text": [
            "Texten måste börja med en rubrik i versaler, till exempel BAKGRUND. Första raden "
            "utan rubrik: ”Inledning utan rubrik.”."
        ]
    }


def test_bullets_and_page_numbers_of_a_pasted_document_are_tidied():
    assert split_clauses("2\nPARTER\n• Kommunen\n• Polisen\n3\n") == [
        ("Parter", "- Kommunen\n- Polisen")
    ]


# --- where an agreement stands ----------------------------------------------------------


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert add_months(date(2027, 1, 1), -6) == date(2026, 7, 1)
    assert add_months(date(2026, 8, 31), -6) == date(2026, 2, 28)
    assert add_months(date(2027, 1, 1), 36) == date(2030, 1, 1)


@pytest.mark.parametrize(
    ("status", "day", "state"),
    [
        ("draft", date(2025, 3, 12), "draft"),
        ("signed", date(2023, 12, 31), "signed"),
        ("signed", date(2024, 1, 1), "in_force"),
        ("signed", date(2026, 12, 31), "in_force"),
        ("signed", date(2027, 1, 1), "ended"),
        ("draft", date(2027, 1, 1), "ended"),
        ("terminated", date(2025, 3, 12), "ended"),
    ],
)
def test_the_state_follows_status_and_period(db, status, day, state):
    agreement = AgreementFactory.build(
        valid_from=date(2024, 1, 1), valid_to=date(2026, 12, 31), status=status
    )
    assert agreement.state(day) == state


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (date(2026, 6, 30), False),
        (date(2026, 7, 1), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), False),
    ],
)
def test_renewal_is_due_from_six_months_before_the_end_until_the_end(laholm, day, due):
    assert laholm.renewal_due(day) is due


def test_home_and_agreement_page_show_the_state(client_as, laholm, laholm_renewal):
    client = client_as("samordnare")
    home = client.get(reverse("samverkan:home")).content.decode()
    assert '<span class="state">Gäller</span>' in home
    assert '<span class="state">Utkast</span>' in home
    overview = client.get(reverse("samverkan:agreement", args=[laholm.pk])).content.decode()
    assert "<dd>Gäller</dd>" in overview
    assert "Nästa period" in overview
    # More than six months left on the frozen date (the renewal line; the medborgarlöfte's
    # own renewal clock is another panel).
    assert '<p class="renewal">' not in overview


def test_from_six_months_before_the_end_the_home_page_shows_the_renewal(
    client_as, laholm, laholm_renewal, time_machine
):
    time_machine.move_to(at_ten(date(2026, 11, 27)))
    for username in ("samordnare", "ks-ordforande"):
        home = client_as(username).get(reverse("samverkan:home")).content.decode()
        renewal = reverse("samverkan:agreement", args=[laholm_renewal.pk])
        assert "Förnyelse:" in home
        assert f'<a href="{renewal}">Samverkansöverenskommelse 2027–2029</a>' in home


def test_a_member_who_cannot_open_the_next_period_sees_its_dates_only(
    client_as, laholm, laholm_renewal, time_machine
):
    time_machine.move_to(at_ten(date(2026, 11, 27)))
    html = client_as("kommunpolis").get(reverse("samverkan:agreement", args=[laholm.pk]))
    html = html.content.decode()
    assert "2027-01-01–2029-12-31 (utkast)" in html
    assert reverse("samverkan:agreement", args=[laholm_renewal.pk]) not in html


# --- loaddemo finds its agreements by their keys (review clean-up) -------------------------


def test_a_reload_after_the_dates_were_edited_restores_the_same_agreement(laholm, laholm_renewal):
    Agreement.objects.filter(pk=laholm.pk).update(valid_from=date(2024, 2, 1), title="Ny titel")
    count = Agreement.objects.count()
    signed, renewal = load_demo()
    assert Agreement.objects.count() == count
    assert (signed.pk, renewal.pk) == (laholm.pk, laholm_renewal.pk)
    laholm.refresh_from_db()
    assert (laholm.valid_from, laholm.title) == (date(2024, 1, 1), laholm_source.AGREEMENT["title"])


def test_the_demo_renewal_is_linked_as_the_next_period(laholm, laholm_renewal):
    assert (laholm.key, laholm_renewal.key) == ("laholm-2024-2026", "laholm-2027-2029")
    assert laholm_renewal.predecessor == laholm
    assert laholm.successor == laholm_renewal


# --- the installation's list ---------------------------------------------------------------


def test_the_installation_list_runs_the_same_queries_however_many_agreements(client_as):
    client = client_as(INSTALLATION)
    url = reverse("samverkan:installation")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _ in range(8):
        agreement = AgreementFactory()
        for _ in range(3):
            AgreementPartyFactory(agreement=agreement)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    # Session, user, the role, agreements, their parties and organisations, the visible ones.
    # (One of them loads the administrator's second factor, django-otp's middleware.)
    assert len(after.captured_queries) == len(before.captured_queries) <= 8
    assert response.content.decode().count("<tr>") == Agreement.objects.count() + 1
