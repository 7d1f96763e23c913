"""The weekly check-in's pages (situation/views/checkin.py): the week with its grid, risk
levels, quick actions and follow-ups; who may read it and who may assess; the week in the
URL; the forms end to end; a fixed number of queries however many weeks of reports."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.services import version_of
from situation import weeks
from situation.models import QuickAction, RiskAssessment
from tests.helpers import TODAY
from tests.html_helpers import field_errors, section, table_rows, text_of
from tests.situation.factories import AreaFactory
from tests.situation.test_week_grid import bulk_weeks
from tests.situation.weekly_factories import (
    QuickActionFactory,
    RiskAssessmentFactory,
    WeeklyReportFactory,
)

pytestmark = pytest.mark.django_db

THIS_WEEK = weeks.monday(TODAY)  # 2025-03-10, 2025-W11
LAST_WEEK = THIS_WEEK - weeks.WEEK


def week_path(agreement, monday=THIS_WEEK) -> str:
    year, week = weeks.iso(monday)
    return reverse("situation:week", args=[agreement.pk, year, week])


def risk_path(agreement, area, monday=THIS_WEEK) -> str:
    year, week = weeks.iso(monday)
    return reverse("situation:risk_set", args=[agreement.pk, year, week, area.pk])


def action_path(agreement, monday=THIS_WEEK) -> str:
    year, week = weeks.iso(monday)
    return reverse("situation:action_add", args=[agreement.pk, year, week])


def follow_up_path(agreement, action) -> str:
    return reverse("situation:action_follow_up", args=[agreement.pk, action.pk])


def part(html: str, section_id: str) -> str:
    """The page's <section id=…> up to its end."""
    return section(html, f'id="{section_id}"').split("</section>")[0]


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Hamnen")


@pytest.fixture
def klotter(laholm):
    return laholm.observation_categories.get(name="Klotter")


# --- reading the week --------------------------------------------------------------------


def test_the_current_week_redirects_to_this_weeks_page(client_as, laholm):
    response = client_as("sakerhetschef").get(reverse("situation:current_week", args=[laholm.pk]))
    assert response.status_code == 302
    assert response["Location"] == week_path(laholm)


def test_the_week_shows_the_grid_as_a_table_with_the_change_in_words(
    client_as, laholm, area, klotter
):
    for monday, value in zip(weeks.weeks_before(THIS_WEEK, 4), [1, 2, 3, 2], strict=True):
        WeeklyReportFactory(agreement=laholm, area=area, week=monday, observations={klotter: value})
    WeeklyReportFactory(agreement=laholm, area=area, observations={klotter: 5})
    html = client_as("sakerhetschef").get(week_path(laholm)).content.decode()
    grid = section(html, 'class="table week-grid"').split("</table>")[0]
    assert "<caption" in grid and "2025-W07–2025-W10" in text_of(grid)
    assert '<th scope="col">Klotter <span class="muted">(antal)</span></th>' in grid
    [row] = [row for row in table_rows(grid) if "Hamnen" in row[0]]
    assert '<th scope="row">Hamnen' in grid
    assert "1 rapport" in text_of(row[0])
    columns = [
        c.name for c in laholm.observation_categories.filter(active=True).order_by("order", "name")
    ]
    cell = row[1 + columns.index("Klotter")]
    # This week is still being reported: its figures are shown, the comparison waits.
    assert text_of(cell) == "5 snitt 2 veckan pågår 1 rapport: Hamnen, Klotter"
    link = re.search(r'href="([^"]+)"', cell)[1]
    assert link == (
        reverse("situation:weekly_report_list", args=[laholm.pk])
        + f"?vecka=2025-W11&amp;omrade={area.pk}&amp;kategori={klotter.pk}"
    )


def test_the_week_links_to_reporting_trends_feedback_and_the_weeks_around_it(client_as, laholm):
    html = client_as("kommunpolis").get(week_path(laholm)).content.decode()
    report = reverse("situation:weekly_report_create", args=[laholm.pk]) + "?vecka=2025-W11"
    assert f'href="{report}"' in html
    assert f'href="{reverse("situation:trends", args=[laholm.pk])}"' in html
    assert f'href="{reverse("situation:feedback", args=[laholm.pk, 2025, 11])}"' in html
    assert f'href="{week_path(laholm, LAST_WEEK)}" rel="prev"' in html
    assert f'href="{week_path(laholm, THIS_WEEK + weeks.WEEK)}" rel="next"' in html


def test_the_agreements_first_and_last_weeks_have_no_link_beyond_them(client_as, laholm):
    client = client_as("sakerhetschef")
    first = client.get(week_path(laholm, weeks.monday(laholm.valid_from))).content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = client.get(week_path(laholm, weeks.from_iso(2026, 53))).content.decode()
    assert 'rel="next"' not in last and 'rel="prev"' in last


@pytest.mark.parametrize(
    ("year", "week", "status"),
    [
        (2026, 53, 200),  # 2026-12-28: Laholm's last week
        (2025, 53, 404),  # 2025 has 52 weeks
        (2025, 0, 404),
        (2027, 1, 404),  # after the agreement
        (2023, 52, 404),  # before it
        (2024, 1, 200),  # 2024-01-01, its first day
    ],
)
def test_a_week_that_does_not_exist_or_lies_outside_the_agreement_is_404(
    client_as, laholm, year, week, status
):
    url = reverse("situation:week", args=[laholm.pk, year, week])
    assert client_as("sakerhetschef").get(url).status_code == status


def test_a_signatory_without_a_seat_may_not_read_the_week_and_the_outsider_does_not_find_it(
    client_as, laholm
):
    assert client_as("ks-ordforande").get(week_path(laholm)).status_code == 403
    assert client_as("annan-kommun").get(week_path(laholm)).status_code == 404


def test_the_week_shows_risk_levels_actions_and_last_weeks_actions_to_follow_up(
    client_as, user, laholm, area
):
    RiskAssessmentFactory(
        agreement=laholm,
        area=area,
        level=RiskAssessment.Level.HIGH,
        reason="Två bränder i papperskorgar.",
        set_by=user("kommunpolis"),
    )
    RiskAssessmentFactory(agreement=laholm, area=area, week=LAST_WEEK)
    QuickActionFactory(agreement=laholm, area=area, what="Tömma papperskorgarna oftare.")
    due = QuickActionFactory(
        agreement=laholm, area=area, week=LAST_WEEK, what="Laga belysningen i tunneln."
    )
    later = QuickActionFactory(
        agreement=laholm,
        area=area,
        week=LAST_WEEK,
        what="Trygghetsvandring i maj.",
        follow_up_on=THIS_WEEK + 3 * weeks.WEEK,
    )
    done = QuickActionFactory(
        agreement=laholm,
        area=area,
        week=LAST_WEEK,
        what="Klotter sanerat.",
        status=QuickAction.Status.DONE,
        outcome="Sanerat.",
    )
    html = client_as("sakerhetschef").get(week_path(laholm)).content.decode()
    [risk] = [row for row in table_rows(part(html, "risk")) if "Hamnen" in row[0]]
    assessor = user("kommunpolis").get_full_name()
    assert [text_of(cell) for cell in risk] == [
        "Hamnen",
        "Hög",
        "Två bränder i papperskorgar.",
        assessor,
        "Låg",
    ]
    assert "Tömma papperskorgarna oftare." in part(html, "atgarder")
    follow_ups = text_of(part(html, "uppfoljning"))
    assert due.what in follow_ups
    assert later.what not in follow_ups and done.what not in follow_ups
    # A reader is offered nothing to act on.
    assert "Sätt risknivå" not in html and "Ändra risknivå" not in html
    assert action_path(laholm) not in html and follow_up_path(laholm, due) not in html


def test_the_operative_group_is_offered_to_set_levels_add_actions_and_follow_them_up(
    client_as, laholm, area
):
    due = QuickActionFactory(agreement=laholm, area=area, week=LAST_WEEK)
    html = client_as("forvaltning").get(week_path(laholm)).content.decode()
    assert f'href="{risk_path(laholm, area)}"' in html
    assert f'href="{action_path(laholm)}"' in html
    assert f'href="{follow_up_path(laholm, due)}?vecka=2025-W11"' in html


def test_a_week_that_has_not_begun_offers_no_assessment(client_as, laholm, area):
    html = client_as("samordnare").get(week_path(laholm, THIS_WEEK + weeks.WEEK)).content.decode()
    assert "Sätt risknivå" not in html and "Ny snabb åtgärd" not in html


# --- who may assess ----------------------------------------------------------------------


@pytest.mark.parametrize("username", ["sakerhetschef", "lpo-chef", "frivardschef"])
def test_members_outside_the_operative_group_may_not_assess(client, user, laholm, area, username):
    action = QuickActionFactory(agreement=laholm, area=area)
    client.force_login(user(username))
    for path in (risk_path(laholm, area), action_path(laholm), follow_up_path(laholm, action)):
        assert client.get(path).status_code == 403, path
        assert client.post(path, {}).status_code == 403, path
    assert not RiskAssessment.objects.filter(area=area).exists()


def test_the_outsider_finds_no_form_of_laholms_weeks(client_as, laholm, area):
    action = QuickActionFactory(agreement=laholm, area=area)
    client = client_as("annan-kommun")
    for path in (risk_path(laholm, area), action_path(laholm), follow_up_path(laholm, action)):
        assert client.get(path).status_code == 404, path


def test_another_agreements_area_or_action_in_laholms_url_is_404(
    client_as, laholm, other_agreement
):
    far_area = AreaFactory(agreement=other_agreement, name="Hamnen")
    far_action = QuickActionFactory(agreement=other_agreement, area=far_area)
    client = client_as("samordnare")
    assert client.get(risk_path(laholm, far_area)).status_code == 404
    assert client.get(follow_up_path(laholm, far_action)).status_code == 404


# --- the forms ---------------------------------------------------------------------------


def test_setting_a_risk_level_through_the_form_shows_it_on_the_week(client_as, user, laholm, area):
    client = client_as("kommunpolis")
    assert client.get(risk_path(laholm, area)).status_code == 200
    response = client.post(
        risk_path(laholm, area),
        {"level": "elevated", "reason": "Fler unga samlas på kvällarna.", "version": 0},
    )
    assert response.status_code == 302
    assert response["Location"] == week_path(laholm) + "#risk"
    html = client.get(week_path(laholm)).content.decode()
    [risk] = [row for row in table_rows(part(html, "risk")) if "Hamnen" in row[0]]
    assert text_of(risk[1]) == "Förhöjd"
    assert text_of(risk[2]) == "Fler unga samlas på kvällarna."


def test_the_risk_form_shows_the_earlier_levels_of_the_week(client_as, user, laholm, area):
    from situation.services.checkin import risk_set

    for level in ("low", "high"):
        risk_set(
            agreement=laholm,
            area=area,
            week=THIS_WEEK,
            level=level,
            reason=f"Bedömd {level}.",
            by=user("frivard"),
        )
    html = client_as("samordnare").get(risk_path(laholm, area)).content.decode()
    earlier = text_of(section(html, 'class="plain-list risk-history"'))
    assert earlier.index("Hög") < earlier.index("Låg")
    assert "gäller nu" in earlier and "Bedömd low." in earlier


def test_a_risk_level_without_a_reason_is_shown_again_with_the_error(client_as, laholm, area):
    response = client_as("kommunpolis").post(
        risk_path(laholm, area), {"level": "high", "reason": "", "version": 0}
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "reason")
    assert not RiskAssessment.objects.filter(area=area).exists()


def test_a_personal_identity_number_in_the_reason_is_refused_on_the_field(client_as, laholm, area):
    response = client_as("kommunpolis").post(
        risk_path(laholm, area),
        {"level": "high", "reason": "Gäller 19121212-1212.", "version": 0},
    )
    assert response.status_code == 200
    assert "personnummer" in " ".join(field_errors(response.content.decode(), "reason"))
    assert not RiskAssessment.objects.filter(area=area).exists()


def test_an_action_added_this_week_comes_up_for_follow_up_next_week(client_as, laholm, area):
    client = client_as("frivard")
    form = client.get(action_path(laholm) + f"?omrade={area.pk}").content.decode()
    assert 'value="2025-03-17"' in form  # followed up at next week's check-in
    assert re.search(rf'<option value="{area.pk}" selected>Hamnen</option>', form)
    polisen = laholm.parties.get(short_name="Polisen")
    response = client.post(
        action_path(laholm),
        {
            "area": area.pk,
            "what": "Extra tillsyn vid hamnen på fredagskvällar.",
            "responsible_party": polisen.pk,
            "follow_up_on": "2025-03-17",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == week_path(laholm) + "#atgarder"
    action = QuickAction.objects.get(area=area)
    assert (action.week, action.responsible_party, action.status) == (THIS_WEEK, polisen, "open")
    next_week = client.get(week_path(laholm, THIS_WEEK + weeks.WEEK)).content.decode()
    assert "Extra tillsyn vid hamnen på fredagskvällar." in part(next_week, "uppfoljning")
    # Followed up: no longer waiting.
    response = client.post(
        follow_up_path(laholm, action) + "?vecka=2025-W12",
        {
            "status": "done",
            "outcome": "Tre kvällar utan störningar.",
            "version": version_of(action),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == week_path(laholm, THIS_WEEK + weeks.WEEK) + "#uppfoljning"
    next_week = client.get(week_path(laholm, THIS_WEEK + weeks.WEEK)).content.decode()
    assert "Extra tillsyn vid hamnen" not in part(next_week, "uppfoljning")


def test_an_action_done_without_an_outcome_is_shown_again_with_the_error(client_as, laholm, area):
    action = QuickActionFactory(agreement=laholm, area=area)
    response = client_as("samordnare").post(
        follow_up_path(laholm, action),
        {"status": "done", "outcome": "", "version": version_of(action)},
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "outcome") == ["Skriv vad som blev av åtgärden."]


def test_the_follow_up_form_shows_the_action_and_its_history(client_as, user, laholm, area):
    from situation.services.checkin import action_follow_up

    action = QuickActionFactory(agreement=laholm, area=area, what="Laga belysningen.")
    action_follow_up(action=action, status="open", outcome="Beställt.", by=user("samordnare"))
    html = client_as("samordnare").get(follow_up_path(laholm, action)).content.decode()
    facts = text_of(section(html, 'class="facts"').split("</dl>")[0])
    assert "Laga belysningen." in facts and "2025-W11" in facts
    assert "Beställt." in text_of(section(html, 'class="plain-list risk-history"'))


# --- queries ---------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_week_page_runs_as_many_queries_with_10_as_with_1000_weeks_of_reports(
    client_as, laholm
):
    client = client_as("kommunpolis")
    few, many = (
        AreaFactory(agreement=laholm, name="Få"),
        AreaFactory(agreement=laholm, name="Många"),
    )
    bulk_weeks(laholm, [few], 10)
    client.get(week_path(laholm))  # warm per-process caches
    with_ten = _queries(client, week_path(laholm))
    bulk_weeks(laholm, [many], 1000)
    for monday in (THIS_WEEK, LAST_WEEK):
        RiskAssessmentFactory(agreement=laholm, area=many, week=monday)
        QuickActionFactory(agreement=laholm, area=many, week=monday)
    assert _queries(client, week_path(laholm)) == with_ten
    assert laholm.weekly_reports.filter(area=many).count() == 1000
