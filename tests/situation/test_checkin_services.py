"""The weekly check-in's services (situation/services/checkin.py): the shared risk level
per area and week, quick actions and their follow-up. Changes keep their history and are
logged; what is refused saves nothing."""

from datetime import timedelta

import pytest

from samverkan.models import Event
from samverkan.services import version_of
from situation import weeks
from situation.models import QuickAction, RiskAssessment
from situation.services.checkin import action_add, action_follow_up, risk_set
from tests.helpers import STALE, TODAY, at_ten, refusal
from tests.situation.factories import AreaFactory
from tests.situation.weekly_factories import QuickActionFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = weeks.monday(TODAY)  # 2025-W11
IDENTITY_NUMBER = "Gäller 19121212-1212 vid stationen."


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Hamnen")


@pytest.fixture
def polisen(laholm):
    return laholm.parties.get(short_name="Polisen")


def _set(laholm, area, user, **overrides):
    fields = {
        "agreement": laholm,
        "area": area,
        "week": THIS_WEEK,
        "level": RiskAssessment.Level.ELEVATED,
        "reason": "Mer klotter och unga som samlas vid hamnen.",
        "by": user("kommunpolis"),
    }
    return risk_set(**(fields | overrides))


def _events(laholm, action):
    return list(
        Event.objects.filter(agreement=laholm, action=action)
        .order_by("pk")
        .values_list("data", flat=True)
    )


# --- risk levels ------------------------------------------------------------------------


def test_a_risk_level_is_set_with_its_reason_and_logged(laholm, area, user):
    assessment = _set(laholm, area, user)
    assert (assessment.level, assessment.set_by) == ("elevated", user("kommunpolis"))
    assert assessment.history.get().history_user == user("kommunpolis")
    assert _events(laholm, "situation.risk.set") == [
        {"area": "Hamnen", "week": "2025-W11", "level": "elevated"}
    ]


def test_setting_the_level_again_changes_it_in_place_and_the_history_keeps_the_earlier_one(
    laholm, area, user
):
    first = _set(laholm, area, user)
    second = _set(
        laholm,
        area,
        user,
        level=RiskAssessment.Level.HIGH,
        reason="Två bränder i veckan.",
        by=user("samordnare"),
        expected_version=version_of(first),
    )
    assert second.pk == first.pk
    assert RiskAssessment.objects.filter(area=area, week=THIS_WEEK).count() == 1
    levels = list(second.history.order_by("history_id").values_list("level", "history_user"))
    assert levels == [
        ("elevated", user("kommunpolis").pk),
        ("high", user("samordnare").pk),
    ]
    assert second.set_by == user("samordnare")
    assert _events(laholm, "situation.risk.changed") == [
        {"area": "Hamnen", "week": "2025-W11", "level": "high", "was": "elevated"}
    ]


def test_a_new_reason_for_the_same_level_is_kept_in_the_history_but_not_logged_as_a_change(
    laholm, area, user
):
    first = _set(laholm, area, user)
    _set(laholm, area, user, reason="Lugnare mot slutet av veckan.")
    assert first.history.count() == 2
    assert _events(laholm, "situation.risk.changed") == []


def test_setting_the_same_level_and_reason_saves_nothing(laholm, area, user):
    first = _set(laholm, area, user)
    _set(laholm, area, user)
    assert first.history.count() == 1


def test_a_risk_level_without_a_reason_is_refused(laholm, area, user):
    error = refusal(_set, laholm, area, user, reason="  ")
    assert error.message_dict["reason"] == ["Skriv varför området har den här risknivån."]
    assert not RiskAssessment.objects.filter(area=area).exists()


def test_a_personal_identity_number_in_the_reason_is_refused(laholm, area, user):
    error = refusal(_set, laholm, area, user, reason=IDENTITY_NUMBER)
    assert "personnummer" in " ".join(error.message_dict["reason"])
    assert not RiskAssessment.objects.filter(area=area).exists()


def test_an_unknown_level_is_refused(laholm, area, user):
    error = refusal(_set, laholm, area, user, level="extreme")
    assert "level" in error.message_dict


def test_a_risk_level_for_a_week_that_has_not_begun_is_refused(laholm, area, user):
    error = refusal(_set, laholm, area, user, week=THIS_WEEK + weeks.WEEK)
    assert error.messages == ["Vecka 2025-W12 har inte börjat än. Bedöm en vecka som har börjat."]


def test_a_risk_level_for_a_past_week_may_be_set(laholm, area, user):
    assessment = _set(laholm, area, user, week=THIS_WEEK - 3 * weeks.WEEK)
    assert assessment.week == THIS_WEEK - 3 * weeks.WEEK


def test_a_risk_level_for_a_week_before_the_agreement_is_refused(laholm, area, user):
    week = weeks.monday(laholm.valid_from) - weeks.WEEK  # 2023-W52
    error = refusal(_set, laholm, area, user, week=week)
    assert error.messages == ["Vecka 2023-W52 ligger utanför överenskommelsens giltighetstid."]


def test_a_risk_level_for_another_agreements_area_is_refused(laholm, user, other_agreement):
    far = AreaFactory(agreement=other_agreement, name="Hamnen")
    error = refusal(_set, laholm, far, user)
    assert error.message_dict["area"] == ["Välj ett av överenskommelsens områden."]


def test_a_risk_level_changed_by_someone_else_since_the_form_opened_is_refused(laholm, area, user):
    first = _set(laholm, area, user)
    opened_at = version_of(first)
    _set(laholm, area, user, level=RiskAssessment.Level.HIGH, expected_version=opened_at)
    error = refusal(
        _set, laholm, area, user, level=RiskAssessment.Level.LOW, expected_version=opened_at
    )
    assert error.messages == [STALE]
    assert RiskAssessment.objects.get(pk=first.pk).level == "high"


def test_a_risk_level_set_by_someone_else_while_the_empty_form_was_open_is_refused(
    laholm, area, user
):
    _set(laholm, area, user)
    error = refusal(_set, laholm, area, user, level="low", expected_version=0)
    assert error.messages == [STALE]


def test_after_the_agreement_has_ended_no_risk_level_is_set(laholm, area, user, time_machine):
    time_machine.move_to(at_ten(laholm.valid_to + timedelta(days=1)))
    error = refusal(_set, laholm, area, user, week=weeks.monday(laholm.valid_to))
    assert error.messages == [
        "Överenskommelsen har upphört; veckans avstämning kan inte längre ändras."
    ]


# --- quick actions ----------------------------------------------------------------------


def _add(laholm, area, polisen, user, **overrides):
    fields = {
        "agreement": laholm,
        "area": area,
        "week": THIS_WEEK,
        "what": "Extra kvällspatrullering vid hamnen.",
        "responsible_party": polisen,
        "follow_up_on": THIS_WEEK + weeks.WEEK,
        "by": user("kommunpolis"),
    }
    return action_add(**(fields | overrides))


def test_a_quick_action_is_recorded_open_and_logged_without_its_text(laholm, area, polisen, user):
    action = _add(laholm, area, polisen, user)
    assert (action.status, action.created_by, action.week) == (
        "open",
        user("kommunpolis"),
        THIS_WEEK,
    )
    assert action.history.get().history_user == user("kommunpolis")
    assert _events(laholm, "situation.action.added") == [{"area": "Hamnen", "week": "2025-W11"}]


def test_a_quick_action_followed_up_before_its_week_is_refused(laholm, area, polisen, user):
    error = refusal(_add, laholm, area, polisen, user, follow_up_on=THIS_WEEK - timedelta(days=1))
    assert error.message_dict["follow_up_on"] == [
        "Uppföljningen kan inte ligga före veckan åtgärden beslutas."
    ]


def test_a_quick_action_followed_up_after_the_agreement_is_refused(laholm, area, polisen, user):
    error = refusal(
        _add, laholm, area, polisen, user, follow_up_on=laholm.valid_to + timedelta(days=1)
    )
    assert error.message_dict["follow_up_on"] == [
        "Uppföljningen måste ligga inom överenskommelsens giltighetstid."
    ]


def test_a_quick_action_with_a_personal_identity_number_is_refused(laholm, area, polisen, user):
    error = refusal(_add, laholm, area, polisen, user, what=IDENTITY_NUMBER)
    assert "personnummer" in " ".join(error.message_dict["what"])
    assert not QuickAction.objects.filter(area=area).exists()


def test_a_quick_action_for_another_agreements_party_is_refused(
    laholm, area, user, other_agreement
):
    far = other_agreement.parties.first()
    error = refusal(_add, laholm, area, far, user)
    assert error.message_dict["responsible_party"] == ["Välj en av överenskommelsens parter."]


def test_a_quick_action_for_a_week_that_has_not_begun_is_refused(laholm, area, polisen, user):
    error = refusal(
        _add,
        laholm,
        area,
        polisen,
        user,
        week=THIS_WEEK + weeks.WEEK,
        follow_up_on=THIS_WEEK + 2 * weeks.WEEK,
    )
    assert error.messages == ["Vecka 2025-W12 har inte börjat än. Bedöm en vecka som har börjat."]


def _follow(action, user, **overrides):
    fields = {"action": action, "status": "done", "outcome": "Patrullerat två kvällar.", "by": user}
    return action_follow_up(**(fields | overrides))


def test_following_up_an_action_keeps_every_earlier_status_in_its_history(
    laholm, area, polisen, user
):
    action = _add(laholm, area, polisen, user)
    _follow(action, user("frivard"), status="open", outcome="Första kvällen genomförd.")
    _follow(action, user("samordnare"), expected_version=version_of(action))
    action.refresh_from_db()
    assert (action.status, action.outcome) == ("done", "Patrullerat två kvällar.")
    history = list(action.history.order_by("history_id").values_list("status", "outcome"))
    assert history == [
        ("open", ""),
        ("open", "Första kvällen genomförd."),
        ("done", "Patrullerat två kvällar."),
    ]
    assert [e["status"] for e in _events(laholm, "situation.action.followed_up")] == [
        "open",
        "done",
    ]
    assert _events(laholm, "situation.action.followed_up")[-1] == {
        "area": "Hamnen",
        "week": "2025-W11",
        "status": "done",
    }


@pytest.mark.parametrize("status", ["done", "not_done"])
def test_an_action_done_or_not_done_without_an_outcome_is_refused(laholm, area, status, user):
    action = QuickActionFactory(agreement=laholm, area=area)
    error = refusal(_follow, action, user("samordnare"), status=status, outcome=" ")
    assert error.message_dict["outcome"] == ["Skriv vad som blev av åtgärden."]
    action.refresh_from_db()
    assert action.status == "open"


def test_a_personal_identity_number_in_the_outcome_is_refused(laholm, area, user):
    action = QuickActionFactory(agreement=laholm, area=area)
    error = refusal(_follow, action, user("samordnare"), outcome=IDENTITY_NUMBER)
    assert "personnummer" in " ".join(error.message_dict["outcome"])


def test_a_follow_up_over_someone_elses_is_refused(laholm, area, user):
    action = QuickActionFactory(agreement=laholm, area=area)
    opened_at = version_of(action)
    _follow(action, user("samordnare"), expected_version=opened_at)
    error = refusal(
        _follow, action, user("kommunpolis"), status="not_done", expected_version=opened_at
    )
    assert error.messages == [STALE]


def test_after_the_agreement_has_ended_no_action_is_followed_up(laholm, area, user, time_machine):
    action = QuickActionFactory(agreement=laholm, area=area)
    time_machine.move_to(at_ten(laholm.valid_to + timedelta(days=1)))
    error = refusal(_follow, action, user("samordnare"))
    assert error.messages == [
        "Överenskommelsen har upphört; veckans avstämning kan inte längre ändras."
    ]


def test_the_events_read_the_level_and_the_status_in_the_readers_language(laholm, area, user):
    from django.utils import translation

    from samverkan.events import render
    from samverkan.models import Event

    _set(laholm, area, user)
    event = Event.objects.of_action("situation.risk.set").get(agreement=laholm)
    with translation.override("sv"):
        assert render(event) == "Risknivån för Hamnen vecka 2025-W11 sattes till Förhöjd"
    with translation.override("en"):
        assert "Elevated" in render(event)
