"""Search across the input and reports the user may see: full text in Swedish on
PostgreSQL ("inbrott" finds "inbrotten"), a plain match on SQLite; never what the user
may not see, whatever the words."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.access import Rights
from situation import search as finder
from situation.models import SituationInput, SituationReport
from tests.situation.factories import CategoryFactory, SituationInputFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search with the swedish configuration needs PostgreSQL (CI runs it)",
)


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


def found(username, agreement, q, user) -> list[str]:
    """The titles `search` finds for the user, in its order."""
    return [
        hit.obj.title for hit in finder.hydrate(finder.search(Rights(user(username), agreement), q))
    ]


@pytest.fixture
def inputs(laholm, user):
    """Input of the police with the word "klotterplank" in it: internal, confidential, a
    draft, and a revision a correction superseded."""
    polisen = party(laholm, "Polisen")
    police = user("kommunpolis")
    made = {}
    for key, title, extra in (
        ("internal", "Skadegörelse vid skolan", {}),
        ("confidential", "Konfidentiell klotteruppgift", {"sensitivity": "confidential"}),
        ("draft", "Polisens utkast om klotter", {"status": "draft"}),
        ("superseded", "Gammal revision om klotter", {"status": "superseded"}),
    ):
        made[key] = SituationInputFactory(
            agreement=laholm,
            party=polisen,
            author=police,
            title=title,
            narrative="Nytt klotterplank vid skolan har klottrats ned.",
            **extra,
        )
    return made


def test_confidential_input_is_never_found_by_an_operative_only_member(laholm, user, inputs):
    assert found("forvaltning", laholm, "klotterplank", user) == ["Skadegörelse vid skolan"]
    # Not even by its own words.
    assert found("forvaltning", laholm, "Konfidentiell", user) == []


def test_the_council_finds_confidential_input(laholm, user, inputs):
    assert set(found("sakerhetschef", laholm, "klotterplank", user)) == {
        "Skadegörelse vid skolan",
        "Konfidentiell klotteruppgift",
    }


def test_a_police_draft_is_found_by_the_police_and_never_by_the_coordinator(laholm, user, inputs):
    assert "Polisens utkast om klotter" not in found("samordnare", laholm, "klotterplank", user)
    assert "Polisens utkast om klotter" not in found("frivard", laholm, "klotterplank", user)
    assert "Polisens utkast om klotter" in found("kommunpolis", laholm, "klotterplank", user)


def test_a_superseded_revision_is_not_found(laholm, user, inputs):
    assert "Gammal revision om klotter" not in found("samordnare", laholm, "klotterplank", user)


def test_another_agreements_input_is_never_found(laholm, other_agreement, user, inputs):
    SituationInputFactory(agreement=other_agreement, title="Annan kommuns klotterplank")
    assert "Annan kommuns klotterplank" not in found("samordnare", laholm, "klotterplank", user)


@pytest.fixture
def reports(laholm):
    made = {}
    for status in ("published", "draft"):
        made[status] = SituationReport.objects.create(
            agreement=laholm,
            title=f"Lägesbild ({status})",
            period_from=date(2024, 1, 1),
            period_to=date(2024, 12, 31),
            analysis="Ett klotterplank vid skolan behöver en ägare.",
            status=status,
        )
    return made


def test_a_draft_report_is_found_by_the_coordinator_only(laholm, user, reports):
    assert set(found("samordnare", laholm, "ägare", user)) == {
        "Lägesbild (published)",
        "Lägesbild (draft)",
    }
    assert found("kommunpolis", laholm, "ägare", user) == ["Lägesbild (published)"]


def test_a_signatory_without_a_seat_finds_nothing(laholm, user, reports):
    assert found("ks-ordforande", laholm, "ägare", user) == []


def test_an_empty_search_finds_nothing(laholm, user, inputs):
    assert found("samordnare", laholm, "  ", user) == []


@postgresql_only
def test_inbrott_finds_the_input_that_speaks_of_inbrotten(laholm, user):
    SituationInputFactory(
        agreement=laholm,
        party=party(laholm, "Polisen"),
        title="Läget vid kusten",
        narrative="Inbrotten i fritidshusen har ökat under vintern.",
    )
    assert "Läget vid kusten" in found("samordnare", laholm, "inbrott", user)


@postgresql_only
def test_a_match_in_the_title_ranks_above_one_in_the_text(laholm, user):
    polisen = party(laholm, "Polisen")
    SituationInputFactory(
        agreement=laholm, party=polisen, title="Läget i Veinge", narrative="Ett inbrott i Veinge."
    )
    SituationInputFactory(
        agreement=laholm, party=polisen, title="Inbrotten i Veinge", narrative="Läget är lugnt."
    )
    assert found("samordnare", laholm, "inbrott veinge", user)[:2] == [
        "Inbrotten i Veinge",
        "Läget i Veinge",
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback of SQLite")
def test_without_postgresql_every_word_must_occur(laholm, user, inputs):
    assert found("samordnare", laholm, "klotterplank skadegörelse", user) == [
        "Skadegörelse vid skolan"
    ]
    assert found("samordnare", laholm, "klotterplank stationen", user) == []


# --- the page -------------------------------------------------------------------------------


def many_inputs(agreement, author, count: int, start: int = 0) -> None:
    category = CategoryFactory(agreement=agreement, name="Skadegörelse")
    SituationInput.objects.bulk_create(
        SituationInput(
            agreement=agreement,
            party=party(agreement, "Polisen"),
            author=author,
            title=f"Klotter nummer {n}",
            source=SituationInput.Source.POLICE,
            category=category,
            period_from=date(2024, 1, 1),
            period_to=date(2024, 12, 31),
            narrative="Ännu ett klotterplank.",
            status=SituationInput.Status.SUBMITTED,
        )
        for n in range(start, start + count)
    )


def search_url(agreement, q="klotterplank") -> str:
    return reverse("situation:search", args=[agreement.pk]) + f"?q={q}"


def test_the_results_link_to_what_they_found_and_keep_the_words_across_pages(
    client_as, laholm, user, inputs, reports
):
    many_inputs(laholm, user("kommunpolis"), 30)
    client = client_as("sakerhetschef")
    html = client.get(search_url(laholm)).content.decode()
    assert "33 träffar" in html  # 30, internal, confidential and the published report
    assert "Sida 1 av 2" in html
    assert "?q=klotterplank&amp;sida=2" in html
    html += client.get(search_url(laholm) + "&sida=2").content.decode()
    assert reverse("situation:report_detail", args=[laholm.pk, reports["published"].pk]) in html
    assert reverse("situation:input_detail", args=[laholm.pk, inputs["internal"].pk]) in html


@pytest.mark.parametrize("username", ["samordnare", "forvaltning"])
def test_the_search_runs_as_many_queries_with_10_as_with_1000_matches(
    client_as, laholm, user, username, django_assert_num_queries
):
    author = user("kommunpolis")
    client = client_as(username)
    many_inputs(laholm, author, 10)
    client.get(search_url(laholm))
    with CaptureQueriesContext(connection) as ten:
        assert "10 träffar" in client.get(search_url(laholm)).content.decode()
    many_inputs(laholm, author, 990, start=10)
    with django_assert_num_queries(len(ten.captured_queries)):
        html = client.get(search_url(laholm)).content.decode()
    assert "1000 träffar" in html or "1 000 träffar" in html or "1\xa0000 träffar" in html
    assert "Sida 1 av 40" in html
    assert html.count("Klotter nummer") == 25
