"""Submitting a weekly report (situation/services/weekly.py): who may report for which
party, which weeks, what values, the personal identity number guard, and late reports."""

from datetime import timedelta

import pytest

from situation import weeks
from situation.models import Observation, WeeklyReport
from situation.services.weekly import weekly_report_submit
from tests.factories import AgreementFactory, AgreementPartyFactory
from tests.helpers import NOW, TODAY, refusal
from tests.situation.factories import AreaFactory
from tests.situation.weekly_factories import checklist_category

pytestmark = pytest.mark.django_db

THIS_WEEK = weeks.monday(TODAY)  # 2025-03-10, ISO week 11
TOLVAN = "19121212-1212"  # a valid personnummer


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Hamnen")


@pytest.fixture
def kommunen(laholm):
    return laholm.parties.get(short_name="Kommunen")


@pytest.fixture
def polisen(laholm):
    return laholm.parties.get(short_name="Polisen")


@pytest.fixture
def lines(laholm):
    """(a count line, a scale line) of the default checklist."""
    return checklist_category(laholm, "Klotter"), checklist_category(laholm, "Otrygghet")


@pytest.fixture
def submit(laholm, area, kommunen, lines, user):
    """Submit as forvaltning for Kommunen this week; keyword arguments override."""
    count, scale = lines

    def run(**kwargs):
        arguments = {
            "agreement": laholm,
            "party": kommunen,
            "area": area,
            "week": THIS_WEEK,
            "values": {count.pk: (3, "Vid skolan"), scale.pk: (2, "")},
            "note": "",
            "by": user("forvaltning"),
        } | kwargs
        return weekly_report_submit(**arguments)

    return run


def test_a_report_stores_its_lines_its_author_and_the_history_user(submit, user, lines):
    report = submit(note="Lugnt i övrigt.")
    count, scale = lines
    assert report.author == user("forvaltning")
    assert report.submitted_at >= NOW
    assert not report.late
    assert {(o.category, o.value, o.note) for o in report.observations.all()} == {
        (count, 3, "Vid skolan"),
        (scale, 2, ""),
    }
    assert report.history.get().history_user == user("forvaltning")
    assert {o.history.get().history_user for o in report.observations.all()} == {
        user("forvaltning")
    }


def test_a_report_for_another_party_is_refused(submit, polisen, area):
    error = refusal(submit, party=polisen)
    assert error.message_dict["party"] == ["Du lämnar inte veckorapporter för Polisen."]
    assert not WeeklyReport.objects.filter(area=area).exists()


def test_a_party_of_another_agreement_is_refused(submit, area):
    foreign = AgreementPartyFactory(agreement=AgreementFactory())
    error = refusal(submit, party=foreign)
    assert error.message_dict["party"] == ["Välj en av överenskommelsens parter."]


def test_someone_who_reports_for_the_police_may_report_for_the_police(submit, polisen, user):
    report = submit(party=polisen, by=user("lpo-chef"))
    assert report.party == polisen


def test_a_personnummer_in_a_note_is_refused_and_nothing_is_saved(submit, lines, area):
    count, _scale = lines
    error = refusal(submit, values={count.pk: (1, f"Gäller {TOLVAN}")})
    [message] = error.message_dict[f"note_{count.pk}"]
    assert "Klotter – kommentar" in message and "personnummer" in message
    error = refusal(submit, note=f"Anmälan om\n{TOLVAN}")
    assert "rad 2" in error.message_dict["note"][0]
    assert not WeeklyReport.objects.filter(area=area).exists()
    assert not Observation.objects.filter(report__area=area).exists()


def test_a_report_for_a_week_that_has_ended_is_marked_late(submit):
    # Last week's report is on time until the Monday after it; today is the Wednesday.
    assert submit(week=THIS_WEEK - weeks.WEEK).late
    assert not submit(week=THIS_WEEK - weeks.WEEK, now=NOW - timedelta(days=2)).late


def test_the_week_must_be_a_monday_inside_the_agreement_and_not_in_the_future(submit, laholm):
    def week_error(week):
        return refusal(submit, week=week).message_dict["week"]

    assert week_error(THIS_WEEK + timedelta(days=2)) == ["Veckan anges med sin måndag."]
    assert week_error(THIS_WEEK + weeks.WEEK) == [
        "Det går inte att rapportera för en vecka som inte börjat."
    ]
    assert week_error(weeks.monday(laholm.valid_from) - weeks.WEEK) == [
        "Veckan ligger utanför överenskommelsens giltighetstid."
    ]
    # The current week and the agreement's first week are fine.
    assert submit(week=THIS_WEEK).week == THIS_WEEK
    assert submit(week=weeks.monday(laholm.valid_from)).late


def test_a_level_outside_the_scale_and_a_negative_count_are_refused(submit, lines):
    count, scale = lines
    error = refusal(submit, values={scale.pk: (4, "")})
    assert error.message_dict[f"value_{scale.pk}"] == ["Välj en nivå mellan 0 och 3."]
    error = refusal(submit, values={count.pk: (-1, "")})
    assert error.message_dict[f"value_{count.pk}"] == ["Ange ett antal mellan 0 och 9999."]
    assert submit(values={scale.pk: (0, ""), count.pk: (0, "")}).observations.count() == 2


def test_an_empty_report_is_refused_but_a_note_alone_will_do(submit, lines):
    error = refusal(submit, values={line.pk: (None, "") for line in lines})
    assert "Rapporten är tom" in error.messages[0]
    report = submit(values={}, note="Inget särskilt att rapportera.")
    assert report.observations.count() == 0


def test_a_comment_without_a_value_is_refused(submit, lines):
    count, _scale = lines
    error = refusal(submit, values={count.pk: (None, "Mycket")})
    assert error.message_dict[f"value_{count.pk}"] == [
        "Ange ett antal för Klotter, eller ta bort kommentaren."
    ]


def test_a_retired_line_and_an_inactive_area_are_refused(submit, lines, area):
    count, _scale = lines
    count.active = False
    count.save()
    error = refusal(submit, values={count.pk: (1, "")})
    assert error.message_dict["__all__"] == [
        "Rapportera bara på punkterna i överenskommelsens checklista."
    ]
    area.active = False
    area.save()
    assert "area" in refusal(submit).message_dict


def test_an_area_of_another_agreement_is_refused(submit):
    elsewhere = AreaFactory(agreement=AgreementFactory(), name="Hamnen")
    assert refusal(submit, area=elsewhere).message_dict["area"] == [
        "Välj ett av överenskommelsens områden som används."
    ]


def test_nobody_reports_after_the_agreements_end(submit, time_machine, laholm):
    time_machine.move_to(NOW.replace(year=2027))
    error = refusal(submit, week=weeks.monday(laholm.valid_to))
    assert error.messages == [
        "Överenskommelsen har upphört; veckorapporter kan inte längre lämnas."
    ]
