"""The new-agreement wizard, as an installation administrator uses it: a second
municipality's agreement set up in the browser, each step kept while a later one has
errors, bad input refused with a Swedish message and nothing saved, and who may do it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from councils.models import Body, Seat
from samverkan import services as core_services
from samverkan.models import Agreement, Event, Party
from tests.helpers import CHECK_DIGIT, INSTALLATION, OUTSIDER, rights
from tests.pages import W

POLICE_NUMBER = "202100-0076"
CHAIR_MISSING = "Välj vilken part som är ordförande i det strategiska rådet."


def step_url(slug: str) -> str:
    return reverse("samverkan:wizard", args=[slug])


STEPS = [
    ("parter", W.parties),
    ("period", W.period),
    ("text", W.text),
    ("organ", W.bodies),
    ("samordnare", W.coordinator),
]


@pytest.fixture
def admin(client_as):
    return client_as(INSTALLATION)


def fill_in(client, *, upto: str = "samordnare", **changes) -> None:
    """Post the steps up to and including `upto` with valid data, `changes` per step
    (e.g. parter={"1-organisation_number": "…"}); each must be accepted."""
    for slug, data in STEPS:
        response = client.post(step_url(slug), data(None) | changes.get(slug, {}))
        assert response.status_code == 302, (slug, errors_of(response))
        if slug == upto:
            return


def errors_of(response) -> dict:
    form = response.context["form"] if response.context else None
    return dict(form.errors) if form is not None else {}


def create(client):
    return client.post(step_url("granska"))


def halmstad() -> Agreement:
    return Agreement.objects.get(municipality="Halmstads kommun")


# --- the whole way through -------------------------------------------------------------


def test_an_administrator_sets_up_a_second_municipality_with_polisen_reused(admin, laholm, user):
    police = Party.objects.get(organisation_number=POLICE_NUMBER)
    parties_before = Party.objects.count()
    fill_in(admin)

    response = create(admin)

    assert response.status_code == 302
    assert response["Location"] == reverse("samverkan:installation")
    agreement = halmstad()
    assert (agreement.title, agreement.valid_from.isoformat(), agreement.valid_to.isoformat()) == (
        "Samverkansöverenskommelse 2027–2029",
        "2027-01-01",
        "2029-12-31",
    )
    assert agreement.status == Agreement.Status.DRAFT  # not signed yet
    # One Party row for Polisen, party to both municipalities' agreements, unchanged.
    assert Party.objects.filter(organisation_number=POLICE_NUMBER).count() == 1
    assert Party.objects.count() == parties_before + 1  # only the new municipality
    assert police in [ap.party for ap in agreement.parties.all()]
    assert police in [ap.party for ap in laholm.parties.all()]
    assert Party.objects.get(pk=police.pk).name == police.name
    assert list(agreement.parties.values_list("short_name", "party__name")) == [
        ("Kommunen", "Halmstads kommun"),
        ("Polisen", "Polismyndigheten"),
    ]
    assert list(agreement.annexes.values_list("number", "title")) == [
        (1, "Lokal lägesbild och orsaksanalys"),
        (2, "Medborgarlöfte 2027"),
        (3, "Åtgärdsplan"),
    ]
    assert agreement.clauses.count() == 12
    assert agreement.events.of_action("samverkan.agreement.created").count() == 1


def test_the_first_coordinator_is_invited_and_convenes_both_bodies(admin, laholm):
    fill_in(admin)
    create(admin)
    agreement = halmstad()

    coordinator = get_user_model().objects.get(email="hanna.strand@halmstad.example.se")
    assert not coordinator.has_usable_password()
    assert coordinator.person.party.name == "Halmstads kommun"
    [message] = mail.outbox
    assert message.to == ["hanna.strand@halmstad.example.se"]
    assert message.subject == "Välkommen till Samverkan – Samverkansöverenskommelse 2027–2029"
    assert re.search(r"http://testserver/konto/aterstall/\S+/", message.body)
    for body in agreement.bodies.all():
        [seat] = Seat.objects.filter(function=body.convener_function)
        assert (seat.person.user, seat.valid_from) == (coordinator, agreement.valid_from)
    # The agreement starts later: its coordinator prepares it in the roster pages now.
    assert rights(coordinator.username, agreement) == {"view_agreement", "change_agreement"}
    for body in agreement.bodies.all():
        assert rights(coordinator.username, body) == {"view_body", "manage_roster"}


def test_the_new_coordinator_sees_only_their_agreement(admin, client, laholm):
    fill_in(admin)
    create(admin)
    agreement = halmstad()
    coordinator = get_user_model().objects.get(email="hanna.strand@halmstad.example.se")

    client.force_login(coordinator)
    assert list(client.get(reverse("samverkan:home")).context["agreements"]) == [agreement]
    assert client.get(reverse("samverkan:agreement", args=[agreement.pk])).status_code == 200
    roster = reverse("councils:roster", args=[agreement.pk, agreement.bodies.first().pk])
    assert client.get(roster).status_code == 200
    assert client.get(reverse("samverkan:agreement", args=[laholm.pk])).status_code == 404


def test_a_coordinator_of_laholm_cannot_create_agreements_nor_see_halmstads(
    admin, client_as, laholm
):
    fill_in(admin)
    create(admin)
    agreement = halmstad()

    coordinator = client_as("samordnare")
    for slug, data in STEPS:
        assert coordinator.get(step_url(slug)).status_code == 403
        assert coordinator.post(step_url(slug), data(None)).status_code == 403
    assert coordinator.post(step_url("granska")).status_code == 403
    assert coordinator.get(reverse("samverkan:installation")).status_code == 403
    assert coordinator.get(reverse("samverkan:agreement", args=[agreement.pk])).status_code == 404
    home = coordinator.get(reverse("samverkan:home"))
    assert agreement not in home.context["agreements"]
    assert "Halmstad" not in home.content.decode()
    assert "Ny överenskommelse" not in home.content.decode()


def test_the_administrator_lists_agreements_and_parties_but_cannot_open_them(
    admin, laholm, other_agreement
):
    fill_in(admin)
    create(admin)
    page = admin.get(reverse("samverkan:installation")).content.decode()
    for agreement in (laholm, other_agreement, halmstad()):
        assert agreement.title in page
        assert admin.get(reverse("samverkan:agreement", args=[agreement.pk])).status_code == 404
    assert "Polismyndigheten (202100-0076)" in page
    assert "Halmstads kommun (212000-1314)" in page
    # The list names agreements and parties; no link into one the administrator is not in.
    assert reverse("samverkan:agreement", args=[laholm.pk]) not in page


def test_the_home_page_offers_the_administrator_a_new_agreement(admin):
    html = admin.get(reverse("samverkan:home")).content.decode()
    assert f'href="{step_url("parter")}"' in html
    assert f'href="{reverse("samverkan:installation")}"' in html


# --- each step kept; nothing saved before the end ----------------------------------------


def test_each_step_is_kept_when_a_later_step_has_errors(admin, laholm):
    fill_in(admin, upto="text")
    bodies = W.bodies(None) | {"strategic-chair": ""}

    response = admin.post(step_url("organ"), bodies)

    assert response.status_code == 200
    assert errors_of(response) == {"strategic-chair": [CHAIR_MISSING]}
    assert response.context["form"]["strategic-name"].value() == "Strategiskt råd"
    parties = admin.get(step_url("parter")).context["form"]
    assert parties["1-organisation_number"].value() == W.MUNICIPALITY
    assert parties["1-name"].value() == "Halmstads kommun"
    assert parties["2-organisation_number"].value() == POLICE_NUMBER
    period = admin.get(step_url("period")).context["form"]
    assert period["title"].value() == "Samverkansöverenskommelse 2027–2029"
    text = admin.get(step_url("text")).context["form"]
    assert text["annex_2"].value() == "Medborgarlöfte 2027"
    assert not Agreement.objects.filter(municipality="Halmstads kommun").exists()

    # Put right, the rest goes through unchanged.
    assert admin.post(step_url("organ"), W.bodies(None)).status_code == 302
    assert admin.post(step_url("samordnare"), W.coordinator(None)).status_code == 302
    assert create(admin).status_code == 302
    assert halmstad().bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL).chair_party.short_name == (
        "Kommunen"
    )


def test_the_review_names_every_step_and_what_is_reused(admin, laholm):
    fill_in(admin)
    html = admin.get(step_url("granska")).content.decode()
    assert "Polismyndigheten" in html and "finns redan, används som den är" in html
    assert "Halmstads kommun" in html and "ny organisation" in html
    assert "Samverkansöverenskommelsens giltighetstid" in html
    assert "Hanna Strand" in html
    assert "inte ifyllt" not in html


def test_creating_before_every_step_is_filled_in_names_the_missing_steps(admin):
    fill_in(admin, upto="period")
    response = create(admin)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Steget ”Text och bilagor” är inte ifyllt eller behöver ses över.",
        "Steget ”Råd och grupp” är inte ifyllt eller behöver ses över.",
        "Steget ”Första samordnaren” är inte ifyllt eller behöver ses över.",
    ]
    assert not Agreement.objects.filter(municipality="Halmstads kommun").exists()


def test_cancelling_forgets_every_step(admin):
    fill_in(admin, upto="period")
    response = admin.post(reverse("samverkan:wizard_cancel"))
    assert response.status_code == 302
    form = admin.get(step_url("parter")).context["form"]
    assert form["1-organisation_number"].value() in (None, "")


# --- bad input, refused with a Swedish message ---------------------------------------------


def test_an_organisation_number_with_a_wrong_check_digit_is_refused(admin):
    data = W.parties(None) | {"1-organisation_number": "212000-1315"}
    response = admin.post(step_url("parter"), data)
    assert response.status_code == 200
    assert errors_of(response) == {"1-organisation_number": [CHECK_DIGIT]}
    assert response.context["form"]["1-name"].value() == "Halmstads kommun"  # kept


def test_a_period_overlapping_the_municipalitys_current_agreement_is_refused(admin, laholm):
    # Laholms kommun by its organisation number: the agreement 2024–2026 is in force.
    fill_in(admin, upto="parter", parter={"1-organisation_number": "212000-1223", "1-name": ""})
    response = admin.post(
        step_url("period"),
        W.period(None) | {"valid_from": "2026-01-01", "valid_to": "2028-12-31"},
    )
    assert response.status_code == 200
    assert errors_of(response) == {
        "valid_from": [
            "Perioden överlappar Samverkansöverenskommelse 2024–2026 (2024-01-01–2026-12-31), "
            "som Laholms kommun redan har. Välj en period som börjar efter den."
        ]
    }


def test_a_second_period_for_laholm_is_refused_while_its_renewal_is_a_draft(admin, laholm):
    fill_in(admin, upto="parter", parter={"1-organisation_number": "212000-1223", "1-name": ""})
    response = admin.post(step_url("period"), W.period(None))  # 2027–2029
    assert errors_of(response)["valid_from"][0].startswith(
        "Perioden överlappar Samverkansöverenskommelse 2027–2029 (2027-01-01–2029-12-31)"
    )


def test_the_same_organisation_twice_and_a_missing_short_name_are_refused(admin):
    data = W.parties(None) | {
        "3-organisation_number": POLICE_NUMBER,
        "3-kind": "police",
        "3-short_name": "",
    }
    response = admin.post(step_url("parter"), data)
    assert errors_of(response) == {
        "3-organisation_number": ["Organisationen är redan part (part 2)."],
        "3-short_name": ["Ange ett kortnamn, till exempel ”Polisen”."],
    }


def test_a_new_organisation_needs_a_name(admin):
    response = admin.post(step_url("parter"), W.parties(None) | {"1-name": ""})
    assert errors_of(response) == {"1-name": ["Ange organisationens namn."]}


def test_an_existing_organisation_that_is_not_a_municipality_is_not_the_municipality(admin):
    data = W.parties(None) | {"1-organisation_number": POLICE_NUMBER, "2-organisation_number": ""}
    response = admin.post(step_url("parter"), data)
    assert errors_of(response) == {
        "1-organisation_number": [
            "Polismyndigheten finns redan i installationen och är inte en kommun."
        ]
    }


def test_pasted_text_without_headings_is_refused(admin):
    data = W.text(None) | {"clauses_from": "text", "text": "Parterna samverkar.\n\nOch mer."}
    response = admin.post(step_url("text"), data)
    assert errors_of(response) == {
        "text": [
            "Texten har inga rubriker. Skriv varje avsnitts rubrik på en egen rad med "
            "versaler, till exempel SYFTE OCH MÅL."
        ]
    }


def test_pasted_text_is_split_into_clauses_on_its_headings(admin, laholm):
    text = "BAKGRUND\nParterna samverkar.\n\nSYFTE OCH MÅL\n- Trygghet\n- Säkerhet\n"
    fill_in(admin, text={"clauses_from": "text", "text": text})
    create(admin)
    assert list(halmstad().clauses.values_list("heading", "body")) == [
        ("Bakgrund", "Parterna samverkar."),
        ("Syfte och mål", "- Trygghet\n- Säkerhet"),
    ]


def test_an_address_in_use_at_another_organisation_is_refused_without_saying_so(
    admin, user, laholm
):
    fill_in(admin, upto="organ")
    data = W.coordinator(None) | {"email": user(OUTSIDER).email}
    response = admin.post(step_url("samordnare"), data)
    assert errors_of(response) == {
        "email": [
            "E-postadressen kan inte användas här. Ange personens e-postadress hos "
            "Halmstads kommun."
        ]
    }


def test_more_extended_than_ordinary_meetings_are_refused(admin):
    fill_in(admin, upto="text")
    data = W.bodies(None) | {"operative-extended_meetings_per_year": 7}
    response = admin.post(step_url("organ"), data)
    assert errors_of(response) == {
        "operative-extended_meetings_per_year": [
            "Det kan inte vara fler utökade möten än ordinarie möten."
        ]
    }


def test_nothing_is_saved_when_the_invitation_cannot_be_sent(admin, laholm, monkeypatch):
    def refuse(**kwargs):
        raise OSError("nere")

    monkeypatch.setattr(core_services, "send_mail", refuse)
    fill_in(admin)
    agreements, events = Agreement.objects.count(), Event.objects.count()
    response = create(admin)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "E-postmeddelandet kunde inte skickas (nere). Inget har sparats; försök igen."
    ]
    assert (Agreement.objects.count(), Event.objects.count()) == (agreements, events)
    assert not Party.objects.filter(organisation_number=W.MUNICIPALITY).exists()
    # The steps are still there to try again.
    assert admin.get(step_url("granska")).context["summary"]["missing"] == []
