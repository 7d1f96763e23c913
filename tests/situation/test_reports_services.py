"""The lägesbild's services: composing a report from submitted input and the safety survey,
its orsaksanalys, publishing it and declaring it updated in full."""

from datetime import date, timedelta

import pytest

from samverkan.models import Event
from samverkan.services import version_of
from situation.models import (
    Cause,
    Problem,
    SituationInput,
    SituationReport,
    SurveyImport,
    SurveyResult,
)
from situation.services import reports as services
from tests.helpers import STALE, TODAY, at_ten, refusal
from tests.situation.factories import AreaFactory, SituationInputFactory

IDENTITY_NUMBER = "19121212-1212"  # the Tax Agency's example: a valid check digit
QUESTION = "Känner sig trygga i sitt bostadsområde"


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def data():
    return {
        "title": "Lägesbild 2025",
        "period_from": date(2024, 1, 1),
        "period_to": date(2024, 12, 31),
        "mapping": "Inbrotten i fritidshus ökar längs kusten.",
        "other_information": "Trygghetsenkäten visar en förbättring.",
        "analysis": "Kustområdet bör prioriteras vintertid.",
    }


@pytest.fixture
def report(laholm, coordinator, data):
    return services.report_create(agreement=laholm, by=coordinator, data=data)


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


@pytest.fixture
def police_input(laholm, user):
    return SituationInputFactory(
        agreement=laholm,
        party=party(laholm, "Polisen"),
        author=user("kommunpolis"),
        title="Inbrotten i Mellbystrand",
    )


def survey(agreement, question=QUESTION, years=(2023, 2024)):
    survey_import = SurveyImport.objects.create(agreement=agreement, file_name="enkat.csv")
    area = AreaFactory(agreement=agreement, name="Mellbystrand")
    for year in years:
        SurveyResult.objects.create(
            agreement=agreement,
            survey_import=survey_import,
            year=year,
            area=area,
            question=question,
            value=60,
            is_share=True,
        )


def events(report, action):
    """The events about this report (the demo's own lägesbild has its own)."""
    return list(
        Event.objects.filter(agreement=report.agreement_id, action=action, object_id=report.pk)
    )


# --- the report -------------------------------------------------------------------------


def test_a_new_report_is_a_draft_and_its_start_is_logged_without_its_title(
    laholm, coordinator, report
):
    assert report.status == SituationReport.Status.DRAFT
    assert report.created_by == coordinator
    assert report.history.get().history_user == coordinator
    [event] = events(report, "situation.report.created")
    assert event.data == {}  # every member reads the events; the draft is the coordinator's


def test_a_personnummer_in_a_part_is_refused_on_that_field_and_nothing_is_saved(
    laholm, coordinator, data
):
    data["analysis"] = f"Rad ett.\nEn person ({IDENTITY_NUMBER}) återkommer."
    before = SituationReport.objects.count()
    error = refusal(services.report_create, agreement=laholm, by=coordinator, data=data)
    assert list(error.message_dict) == ["analysis"]
    assert "på rad 2" in error.message_dict["analysis"][0]
    assert SituationReport.objects.count() == before


def test_nothing_is_composed_after_the_agreement_has_ended(
    laholm, coordinator, data, report, time_machine
):
    time_machine.move_to(at_ten(laholm.valid_to + timedelta(days=1)))
    message = "Överenskommelsen har upphört; lägesbilden kan inte längre ändras."
    assert refusal(
        services.report_create, agreement=laholm, by=coordinator, data=data
    ).messages == [message]
    assert refusal(
        services.report_update, report=report, by=coordinator, data={"title": "Ny"}
    ).messages == [message]
    assert refusal(services.report_publish, report=report, by=coordinator).messages == [message]


def test_an_edit_over_someone_elses_change_is_refused(report, coordinator):
    opened_at = version_of(report)
    services.report_update(report=report, by=coordinator, data={"title": "Först"})
    error = refusal(
        services.report_update,
        report=report,
        by=coordinator,
        data={"title": "Sedan"},
        expected_version=opened_at,
    )
    assert error.messages == [STALE]
    report.refresh_from_db()
    assert report.title == "Först"


def test_an_edit_that_changes_nothing_saves_nothing(report, coordinator, data):
    before = report.history.count()
    services.report_update(
        report=report, by=coordinator, data=data, expected_version=version_of(report)
    )
    assert report.history.count() == before


def test_an_edit_may_not_end_the_period_before_it_starts(report, coordinator):
    error = refusal(
        services.report_update,
        report=report,
        by=coordinator,
        data={"period_to": date(2023, 12, 31)},
    )
    assert "Perioden kan inte sluta före den börjar." in error.messages


# --- sources ------------------------------------------------------------------------------


def test_sources_are_submitted_input_and_survey_questions_of_the_agreement(
    laholm, coordinator, report, police_input
):
    survey(laholm)
    survey(laholm, question="Har utsatts för brott")
    services.report_sources_set(
        report=report,
        inputs=[police_input],
        survey_questions=["Har utsatts för brott", QUESTION],
        by=coordinator,
    )
    assert list(report.inputs.all()) == [police_input]
    assert list(report.survey_questions.values_list("question", "order")) == [
        ("Har utsatts för brott", 1),
        (QUESTION, 2),
    ]
    # Chosen again, in another order and without one: the rest goes.
    services.report_sources_set(
        report=report, inputs=[], survey_questions=[QUESTION], by=coordinator
    )
    assert not report.inputs.exists()
    assert list(report.survey_questions.values_list("question", "order")) == [(QUESTION, 1)]


@pytest.mark.parametrize("status", ["draft", "superseded"])
def test_a_draft_or_a_superseded_input_is_not_a_source(laholm, coordinator, report, user, status):
    situation_input = SituationInputFactory(
        agreement=laholm, party=party(laholm, "Polisen"), author=user("kommunpolis"), status=status
    )
    error = refusal(
        services.report_sources_set,
        report=report,
        inputs=[situation_input],
        survey_questions=[],
        by=coordinator,
    )
    assert list(error.message_dict) == ["inputs"]
    assert not report.inputs.exists()


def test_another_agreements_input_is_not_a_source(report, coordinator, other_agreement):
    foreign = SituationInputFactory(agreement=other_agreement)
    error = refusal(
        services.report_sources_set,
        report=report,
        inputs=[foreign],
        survey_questions=[],
        by=coordinator,
    )
    assert list(error.message_dict) == ["inputs"]


def test_a_question_not_in_the_agreements_survey_is_refused(
    laholm, report, coordinator, other_agreement
):
    survey(other_agreement, question="Bara i den andra kommunen")
    error = refusal(
        services.report_sources_set,
        report=report,
        inputs=[],
        survey_questions=["Bara i den andra kommunen"],
        by=coordinator,
    )
    assert list(error.message_dict) == ["survey_questions"]
    assert not report.survey_questions.exists()


# --- publishing and the full update ------------------------------------------------------


def test_publishing_shows_the_report_and_is_logged(laholm, report, coordinator):
    services.report_publish(report=report, by=coordinator)
    report.refresh_from_db()
    assert report.status == SituationReport.Status.PUBLISHED
    assert [e.data for e in events(report, "situation.report.published")] == [
        {"report": "Lägesbild 2025"}
    ]
    assert refusal(services.report_publish, report=report, by=coordinator).messages == [
        "Lägesbilden är redan publicerad."
    ]


def test_a_report_without_its_three_parts_is_not_published(laholm, coordinator, data):
    data |= {"other_information": "", "analysis": " "}
    report = services.report_create(agreement=laholm, by=coordinator, data=data)
    [message] = refusal(services.report_publish, report=report, by=coordinator).messages
    assert message == (
        "Skriv alla tre delarna innan lägesbilden publiceras. Det saknas: "
        "annan information av betydelse; analys."
    )
    report.refresh_from_db()
    assert report.status == SituationReport.Status.DRAFT


def test_only_a_published_report_is_marked_fully_updated(report, coordinator):
    error = refusal(services.report_mark_fully_updated, report=report, on=TODAY, by=coordinator)
    assert error.messages == ["Publicera lägesbilden innan den markeras som helt uppdaterad."]


def test_the_full_update_is_dated_and_logged(laholm, report, coordinator):
    services.report_publish(report=report, by=coordinator)
    services.report_mark_fully_updated(report=report, on=TODAY, by=coordinator)
    report.refresh_from_db()
    assert report.fully_updated_on == TODAY
    [event] = events(report, "situation.report.fully_updated")
    assert event.data == {"report": "Lägesbild 2025", "day": "2025-03-12"}


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (TODAY + timedelta(days=1), "Dagen kan inte ligga i framtiden."),
        (
            date(2023, 12, 31),
            "Dagen kan inte ligga före lägesbildens period, som börjar 2024-01-01.",
        ),
    ],
)
def test_the_full_update_is_neither_in_the_future_nor_before_the_period(
    report, coordinator, on, message
):
    services.report_publish(report=report, by=coordinator)
    error = refusal(services.report_mark_fully_updated, report=report, on=on, by=coordinator)
    assert error.message_dict == {"on": [message]}
    report.refresh_from_db()
    assert report.fully_updated_on is None


# --- the orsaksanalys ---------------------------------------------------------------------


def test_problems_are_added_last(report, coordinator):
    first = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    second = services.problem_add(
        report=report, by=coordinator, data={"title": "Otrygghet", "description": "Kvällstid."}
    )
    assert [(p.title, p.order) for p in report.problems.all()] == [
        ("Inbrott", 1),
        ("Otrygghet", 2),
    ]
    assert first.history.get().history_user == coordinator
    assert second.description == "Kvällstid."


def test_a_cause_sits_on_a_side_of_the_triangle_with_its_evidence(
    report, coordinator, police_input
):
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    cause = services.cause_add(
        problem=problem,
        by=coordinator,
        data={"side": "place", "description": "Obevakade hus.", "evidence": [police_input]},
    )
    assert cause.side == Cause.Side.PLACE
    assert list(cause.evidence.all()) == [police_input]

    services.cause_update(
        cause=cause,
        by=coordinator,
        data={"side": "offender", "description": "Samma grupp.", "evidence": []},
        expected_version=version_of(cause),
    )
    cause.refresh_from_db()
    assert (cause.side, cause.description) == ("offender", "Samma grupp.")
    assert not cause.evidence.exists()


def test_a_cause_on_no_side_of_the_triangle_is_refused(report, coordinator):
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    error = refusal(
        services.cause_add,
        problem=problem,
        by=coordinator,
        data={"side": "weather", "description": "Mörkt."},
    )
    assert list(error.message_dict) == ["side"]
    assert not problem.causes.exists()


def test_a_draft_is_no_evidence(laholm, report, coordinator, user):
    draft = SituationInputFactory(
        agreement=laholm,
        party=party(laholm, "Polisen"),
        author=user("kommunpolis"),
        status=SituationInput.Status.DRAFT,
    )
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    error = refusal(
        services.cause_add,
        problem=problem,
        by=coordinator,
        data={"side": "place", "description": "Obevakade hus.", "evidence": [draft]},
    )
    assert list(error.message_dict) == ["evidence"]
    assert not problem.causes.exists()


def test_a_stale_problem_edit_is_refused(report, coordinator):
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    opened_at = version_of(problem)
    services.problem_update(problem=problem, by=coordinator, data={"title": "Inbrott i hus"})
    error = refusal(
        services.problem_update,
        problem=problem,
        by=coordinator,
        data={"title": "Inbrott i bilar"},
        expected_version=opened_at,
    )
    assert error.messages == [STALE]


def test_removing_a_problem_removes_its_causes_and_keeps_their_history(
    report, coordinator, police_input
):
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    cause = services.cause_add(
        problem=problem,
        by=coordinator,
        data={"side": "victim", "description": "Ensamma hus.", "evidence": [police_input]},
    )
    services.problem_remove(problem=problem, by=coordinator)
    assert not Problem.objects.filter(pk=problem.pk).exists()
    assert not Cause.objects.filter(pk=cause.pk).exists()
    assert Cause.history.filter(id=cause.pk, history_type="-").get().history_user == coordinator
    assert Problem.history.filter(id=problem.pk, history_type="-").get().history_user == (
        coordinator
    )


def test_a_cause_is_removed(report, coordinator):
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    cause = services.cause_add(
        problem=problem, by=coordinator, data={"side": "victim", "description": "Ensamma hus."}
    )
    services.cause_remove(cause=cause, by=coordinator)
    assert not problem.causes.exists()


def test_no_event_names_an_input(laholm, report, coordinator, police_input):
    services.report_sources_set(
        report=report, inputs=[police_input], survey_questions=[], by=coordinator
    )
    problem = services.problem_add(report=report, by=coordinator, data={"title": "Inbrott"})
    services.cause_add(
        problem=problem,
        by=coordinator,
        data={"side": "place", "description": "Hus.", "evidence": [police_input]},
    )
    services.report_publish(report=report, by=coordinator)
    services.report_mark_fully_updated(report=report, on=TODAY, by=coordinator)
    logged = Event.objects.filter(
        agreement=laholm, action__startswith="situation.report", object_id=report.pk
    )
    assert logged.count() == 3
    assert not [e for e in logged if police_input.title in str(e.data)]
