"""The weekly report's pages (situation/views/weekly.py): the form on one page, a report's
page and the list, who sees which report, and a constant number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from situation import weeks
from situation.models import Observation, WeeklyReport
from tests.helpers import NOW, TODAY, at_ten
from tests.html_helpers import text_of
from tests.pages import OUTSIDER
from tests.situation.factories import AreaFactory
from tests.situation.weekly_factories import WeeklyReportFactory, checklist_category

pytestmark = pytest.mark.django_db

THIS_WEEK = weeks.monday(TODAY)  # 2025-03-10, ISO week 11
TOLVAN = "19121212-1212"


def url(agreement, name, **kwargs):
    return reverse(f"situation:{name}", kwargs={"agreement_pk": agreement.pk} | kwargs)


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Hamnen")


@pytest.fixture
def lines(laholm):
    return checklist_category(laholm, "Klotter"), checklist_category(laholm, "Otrygghet")


@pytest.fixture
def party(laholm):
    return lambda short_name: laholm.parties.get(short_name=short_name)


def form_data(area, lines, **extra) -> dict:
    count, scale = lines
    return {
        "area": area.pk,
        "week": "2025-W11",
        f"value_{count.pk}": "4",
        f"note_{count.pk}": "Nya taggar vid busskuren",
        f"value_{scale.pk}": "2",
        "note": "",
    } | extra


# --- the form -------------------------------------------------------------------------


def test_the_form_offers_this_week_and_the_eight_before_with_late_weeks_marked(client_as, laholm):
    html = client_as("forvaltning").get(url(laholm, "weekly_report_create")).content.decode()
    assert '<option value="2025-W11" selected>Vecka 11 (10–16 mars 2025)</option>' in html
    assert '<option value="2025-W10">Vecka 10 (3–9 mars 2025) – sen rapport</option>' in html
    assert "Vecka 9 (24 februari–2 mars 2025) – sen rapport" in html
    assert html.count('<option value="2025-W') == 9
    assert "Vecka 3 (13–19 januari 2025)" in html and "2025-W02" not in html
    assert "markeras som sen rapport" not in html  # this week is on time
    # One party: nothing to choose.
    assert 'type="hidden" name="party"' in html


def test_a_link_preselects_a_week_and_an_area_and_a_late_week_is_announced(client_as, laholm, area):
    page = url(laholm, "weekly_report_create") + f"?vecka=2025-W10&omrade={area.pk}"
    html = client_as("forvaltning").get(page).content.decode()
    assert '<option value="2025-W10" selected>' in html
    assert f'<option value="{area.pk}" selected>Hamnen</option>' in html
    assert "Veckan är slut: rapporten räknas i sin vecka men markeras som sen rapport." in html


def test_counts_are_numbers_and_levels_a_labelled_radio_group(client_as, laholm, lines):
    count, scale = lines
    html = client_as("forvaltning").get(url(laholm, "weekly_report_create")).content.decode()
    assert f'type="number" name="value_{count.pk}"' in html
    assert 'inputmode="numeric"' in html and 'min="0"' in html
    group = html.split(f'id="id_value_{scale.pk}"')[0].rsplit("<fieldset", 1)[1]
    assert "<legend" in group and "Otrygghet" in group
    levels = text_of(html.split(f'id="id_value_{scale.pk}"')[1].split("</fieldset>")[0])
    for label in ("Ingen uppgift", "0 – Inte alls", "1 – Lite", "2 – En hel del", "3 – Mycket"):
        assert label in levels


def test_a_report_is_submitted_and_its_page_shown(client_as, laholm, area, lines, user):
    response = client_as("forvaltning").post(
        url(laholm, "weekly_report_create"), form_data(area, lines), follow=True
    )
    report = WeeklyReport.objects.get(area=area)
    assert response.redirect_chain[-1][0] == url(
        laholm, "weekly_report_detail", report_pk=report.pk
    )
    html = response.content.decode()
    assert "Veckorapporten för Hamnen, Vecka 11 (10–16 mars 2025), är inlämnad." in html
    assert (report.party.short_name, report.author, report.late) == (
        "Kommunen",
        user("forvaltning"),
        False,
    )
    assert "Nya taggar vid busskuren" in html and "2 – En hel del" in html


def test_a_late_report_is_marked_on_submission(client_as, laholm, area, lines):
    response = client_as("forvaltning").post(
        url(laholm, "weekly_report_create"), form_data(area, lines, week="2025-W09"), follow=True
    )
    assert "Den är markerad som sen rapport." in response.content.decode()
    assert WeeklyReport.objects.get(area=area).late


def test_a_personnummer_in_a_note_keeps_everything_typed_and_saves_nothing(
    client_as, laholm, area, lines
):
    count, scale = lines
    data = form_data(area, lines, week="2025-W10", note=f"Anmälan gäller {TOLVAN}")
    response = client_as("forvaltning").post(url(laholm, "weekly_report_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret innehåller fel" in html and "personnummer" in html
    assert f'value="{area.pk}" selected' in html
    assert '<option value="2025-W10" selected>' in html
    assert f'name="value_{count.pk}" value="4"' in html
    assert 'value="Nya taggar vid busskuren"' in html
    assert re.search(rf'<input type="radio" name="value_{scale.pk}" value="2"[^>]*checked', html)
    assert f"Anmälan gäller {TOLVAN}" in html
    assert "markeras som sen rapport" in html
    assert not WeeklyReport.objects.filter(area=area).exists()


def test_a_level_outside_the_scale_is_refused_on_its_line(client_as, laholm, area, lines):
    _count, scale = lines
    data = form_data(area, lines, **{f"value_{scale.pk}": "7"})
    response = client_as("forvaltning").post(url(laholm, "weekly_report_create"), data)
    assert response.status_code == 200
    assert f'href="#id_value_{scale.pk}_0"' in response.content.decode()
    assert not WeeklyReport.objects.filter(area=area).exists()


def test_a_report_for_another_party_is_refused_in_the_form(client_as, laholm, area, lines, party):
    data = form_data(area, lines, party=party("Polisen").pk)
    response = client_as("forvaltning").post(url(laholm, "weekly_report_create"), data)
    assert response.status_code == 200
    assert not WeeklyReport.objects.filter(area=area).exists()


def test_someone_who_reports_for_two_parties_chooses_one(
    client_as, laholm, area, lines, party, user
):
    assign_perm("samverkan.report_weekly_for_party", user("forvaltning"), party("Polisen"))
    client = client_as("forvaltning")
    html = client.get(url(laholm, "weekly_report_create")).content.decode()
    assert '<select name="party"' in html and ">Polisen</option>" in html
    client.post(
        url(laholm, "weekly_report_create"), form_data(area, lines, party=party("Polisen").pk)
    )
    assert WeeklyReport.objects.get(area=area).party == party("Polisen")


def test_after_the_agreements_end_the_form_says_why_and_a_post_is_refused(
    client_as, laholm, area, lines, time_machine
):
    from councils.roles import sync_all

    day = laholm.valid_to + timedelta(days=20)
    time_machine.move_to(at_ten(day))
    sync_all(on=day)
    client = client_as("forvaltning")
    response = client.get(url(laholm, "weekly_report_create"))
    assert response.status_code == 200
    assert "veckorapporter kan inte längre lämnas" in response.content.decode()
    assert 'name="area"' not in response.content.decode()
    data = form_data(area, lines, week=weeks.label(weeks.monday(laholm.valid_to)))
    assert client.post(url(laholm, "weekly_report_create"), data).status_code == 403


# --- who sees which report ------------------------------------------------------------


@pytest.fixture
def reports(laholm, area, lines, party, user):
    """Kommunen's report by forvaltning this week, Polisen's late one by kommunpolis."""
    count, _scale = lines
    return {
        "Kommunen": WeeklyReportFactory(
            agreement=laholm,
            party=party("Kommunen"),
            author=user("forvaltning"),
            area=area,
            observations={count.pk: 4},
        ),
        "Polisen": WeeklyReportFactory(
            agreement=laholm,
            party=party("Polisen"),
            author=user("kommunpolis"),
            area=area,
            week=THIS_WEEK - 2 * weeks.WEEK,
            submitted_at=NOW,
            observations={count.pk: (7, "Stationen")},
        ),
    }


def test_a_report_is_read_by_its_party_and_by_whoever_reads_the_situation_picture(
    client_as, laholm, reports
):
    kommunen = url(laholm, "weekly_report_detail", report_pk=reports["Kommunen"].pk)
    polisen = url(laholm, "weekly_report_detail", report_pk=reports["Polisen"].pk)
    # ks-ordforande reports for Kommunen but does not read the situation picture.
    for username, kommunen_status, polisen_status in [
        ("forvaltning", 200, 200),
        ("sakerhetschef", 200, 200),
        ("frivard", 200, 200),
        ("ks-ordforande", 200, 404),
        (OUTSIDER, 404, 404),
    ]:
        client = client_as(username)
        assert client.get(kommunen).status_code == kommunen_status, username
        response = client.get(polisen)
        assert response.status_code == polisen_status, username
        if polisen_status == 404:
            assert laholm.title not in response.content.decode()


def test_the_author_keeps_reading_their_report_after_the_agreements_end(
    client_as, laholm, reports, time_machine, user
):
    from councils.roles import sync_all

    day = laholm.valid_to + timedelta(days=20)
    time_machine.move_to(at_ten(day))
    sync_all(on=day)
    report = reports["Kommunen"]
    report.author = user("ks-ordforande")
    report.save()
    client = client_as("ks-ordforande")
    page = url(laholm, "weekly_report_detail", report_pk=report.pk)
    assert client.get(page).status_code == 200
    assert client.get(url(laholm, "weekly_report_list")).status_code == 403


def test_the_late_report_is_marked_on_its_page(client_as, laholm, reports):
    page = url(laholm, "weekly_report_detail", report_pk=reports["Polisen"].pk)
    html = client_as("samordnare").get(page).content.decode()
    assert "Sen rapport" in html and "Vecka 9 (24 februari–2 mars 2025)" in html


def listed(client, laholm, query="") -> list[str]:
    html = client.get(url(laholm, "weekly_report_list") + query).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return [text_of(row) for row in body.split("<tr>")[1:]]


def test_someone_who_only_reports_lists_their_partys_reports(client_as, laholm, area, reports):
    rows = listed(client_as("ks-ordforande"), laholm)
    assert rows and all("Kommunen" in row for row in rows)
    everything = listed(client_as("sakerhetschef"), laholm, f"?omrade={area.pk}")
    assert len(everything) == 2


def test_the_list_filters_as_the_week_grid_links_it_with_the_categorys_values(
    client_as, laholm, area, lines, reports, party
):
    count, _scale = lines
    client = client_as("samordnare")
    query = f"?vecka=2025-W09&omrade={area.pk}&kategori={count.pk}"
    [row] = listed(client, laholm, query)
    assert "Sen rapport" in row and "Polisen" in row and "7" in row and "Stationen" in row
    html = client.get(url(laholm, "weekly_report_list") + query).content.decode()
    assert "Klotter" in html and "(antal)" in html
    [row] = listed(client, laholm, f"?omrade={area.pk}&part={party('Kommunen').pk}")
    assert "Klotter: 4" in row
    # A category nobody reported on in the area: no reports behind the cell.
    other = checklist_category(laholm, "Bränder")
    assert listed(client, laholm, f"?omrade={area.pk}&kategori={other.pk}") == []
    # A week written wrongly is pointed out, and ignored.
    html = client.get(url(laholm, "weekly_report_list") + "?vecka=vecka-tio").content.decode()
    assert "till exempel 2025-W10" in html


def test_the_list_pages_by_25_and_keeps_the_filters(client_as, laholm, area, lines):
    count, _scale = lines
    WeeklyReport.objects.bulk_create(
        [
            WeeklyReport(
                agreement=laholm,
                party=laholm.parties.get(short_name="Kommunen"),
                author_id=laholm.people.first().user_id,
                area=area,
                week=THIS_WEEK,
                submitted_at=NOW,
            )
            for _ in range(30)
        ]
    )
    client = client_as("samordnare")
    html = client.get(url(laholm, "weekly_report_list") + f"?omrade={area.pk}").content.decode()
    assert html.count('class="tag tag--late"') == 0
    assert "Sida 1 av 2" in html and f"omrade={area.pk}&amp;sida=2" in html
    assert len(listed(client, laholm, f"?omrade={area.pk}&sida=2")) == 5


# --- queries --------------------------------------------------------------------------


def _many(laholm, area, lines, how_many: int) -> WeeklyReport:
    count, scale = lines
    party = laholm.parties.get(short_name="Kommunen")
    author_id = laholm.people.first().user_id
    reports = WeeklyReport.objects.bulk_create(
        [
            WeeklyReport(
                agreement=laholm,
                party=party,
                author_id=author_id,
                area=area,
                week=THIS_WEEK - weeks.WEEK * (n % 60),
                submitted_at=NOW,
                late=n % 3 == 0,
            )
            for n in range(how_many)
        ]
    )
    Observation.objects.bulk_create(
        [
            Observation(report=report, category=line, value=n % 4)
            for n, report in enumerate(reports)
            for line in (count, scale)
        ]
    )
    return reports[-1]


@pytest.mark.parametrize("username", ["samordnare", "ks-ordforande"])
def test_the_list_and_a_report_run_as_many_queries_for_10_as_for_1000_reports(
    client_as, laholm, area, lines, django_assert_max_num_queries, username
):
    from tests.situation.pages_weekly import DETAIL_QUERIES, LIST_QUERIES

    client = client_as(username)
    count, _scale = lines
    pages = [
        url(laholm, "weekly_report_list"),
        url(laholm, "weekly_report_list") + f"?kategori={count.pk}&omrade={area.pk}",
        url(laholm, "weekly_report_list") + "?vecka=2025-W10",
    ]

    # Someone who only reports reads their parties' rights as well (today 22 queries).
    list_bound = LIST_QUERIES if username == "samordnare" else 24

    def measure(detail):
        counts = []
        for page in [*pages, detail]:
            client.get(page)
            bound = DETAIL_QUERIES if page == detail else list_bound
            if username == "ks-ordforande":
                bound += 1  # a signatory's session loads its second factor (django-otp)
            with django_assert_max_num_queries(bound) as captured:
                assert client.get(page).status_code == 200
            counts.append(len(captured))
        return counts

    first = _many(laholm, area, lines, 10)
    few = measure(url(laholm, "weekly_report_detail", report_pk=first.pk))
    last = _many(laholm, area, lines, 990)
    many = measure(url(laholm, "weekly_report_detail", report_pk=last.pk))
    assert many == few
