"""The situation picture's home page: freshness, the latest published lägesbild, the
user's open requests, counts of recent input (of what the user may see) and the way on."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from situation.models import SituationInput, SituationReport
from tests.helpers import NOW
from tests.html_helpers import section, text_of
from tests.situation.factories import SituationInputFactory


def home(client_as, username, agreement) -> str:
    response = client_as(username).get(reverse("situation:home", args=[agreement.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def laholm(laholm):
    """Laholm with a published lägesbild and a draft, and no other input than the test's."""
    # The demo's action plan is based on its lägesbild (protected): it goes first.
    laholm.action_plans.all().delete()
    laholm.situation_reports.all().delete()
    SituationReport.objects.create(
        agreement=laholm,
        title="Lägesbild 2024",
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31),
        status=SituationReport.Status.PUBLISHED,
        fully_updated_on=date(2025, 1, 20),
    )
    SituationReport.objects.create(
        agreement=laholm,
        title="Lägesbild 2025, utkast",
        period_from=date(2025, 1, 1),
        period_to=date(2025, 2, 28),
    )
    return laholm


def test_the_home_page_shows_the_freshness_and_the_latest_lagesbild(client_as, laholm):
    html = home(client_as, "sakerhetschef", laholm)
    assert "Aktuell. Senast helt uppdaterad 2025-01-20." in text_of(html)
    latest = text_of(section(html, 'id="latest-heading"').split("</section>")[0])
    assert "Lägesbild 2024, perioden 2024-01-01–2024-12-31, helt uppdaterad 2025-01-20." in latest
    assert "utkast" not in latest


def test_the_coordinator_sees_their_drafts(client_as, laholm):
    html = home(client_as, "samordnare", laholm)
    assert "Lägesbild 2025, utkast" in html
    assert reverse("situation:report_create", args=[laholm.pk]) in html


def test_a_submitter_sees_their_partys_open_request(client_as, laholm):
    html = home(client_as, "kommunpolis", laholm)
    [open_request] = laholm.input_requests.filter(closed=False)
    assert reverse("situation:request_detail", args=[laholm.pk, open_request.pk]) in html


def test_recent_input_is_counted_per_party_of_what_the_user_may_see(client_as, laholm, user):
    # The demo's input: submitted long ago, and its police draft gone.
    laholm.situation_inputs.update(submitted_at=NOW - timedelta(days=400))
    laholm.situation_inputs.filter(status="draft").delete()
    polisen = laholm.parties.get(short_name="Polisen")
    police = user("kommunpolis")
    for sensitivity in ("internal", "internal", "confidential"):
        SituationInputFactory(
            agreement=laholm, party=polisen, author=police, sensitivity=sensitivity
        )
    SituationInputFactory(agreement=laholm, party=polisen, author=police, status="draft")
    recent = 'id="recent-heading"'

    council = text_of(section(home(client_as, "sakerhetschef", laholm), recent))
    assert "Polisen: 3 inlämnade underlag" in council
    operative = text_of(section(home(client_as, "forvaltning", laholm), recent))
    assert "Polisen: 2 inlämnade underlag" in operative
    own = text_of(section(home(client_as, "kommunpolis", laholm), recent))
    assert "Din part har 1 utkast som inte är inlämnat." in own
    assert "utkast" not in council


def test_the_home_page_runs_as_many_queries_with_10_as_with_1000_inputs(
    client_as, laholm, user, django_assert_num_queries
):
    polisen = laholm.parties.get(short_name="Polisen")
    police = user("kommunpolis")
    client = client_as("kommunpolis")
    url = reverse("situation:home", args=[laholm.pk])

    def add(count):
        category = laholm.problem_categories.first()
        SituationInput.objects.bulk_create(
            SituationInput(
                agreement=laholm,
                party=polisen,
                author=police,
                title="Underlag",
                source="police",
                category=category,
                period_from=date(2025, 1, 1),
                period_to=date(2025, 2, 28),
                narrative="Text.",
                status="submitted",
                submitted_at=NOW,
            )
            for _ in range(count)
        )

    add(10)
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        client.get(url)
    add(990)
    with django_assert_num_queries(len(ten.captured_queries)):
        html = text_of(client.get(url).content.decode())
    count = int(re.search(r"Polisen: ([\d\s]+) inlämnade", html).group(1).replace(" ", ""))
    assert count >= 1000
