"""The formal follow-up of the plan: the coordinator starts it, writes each measure's
outcome and assessed effect, and completes it once it has been held."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actionplan.models import FollowUp, Measure, Outcome
from actionplan.services import followups as services
from samverkan.models import Event
from tests.actionplan.factories import ActionPlanFactory, FollowUpFactory, MeasureFactory
from tests.factories import MeetingFactory
from tests.helpers import STALE, TODAY, at_ten, refusal

IDENTITY_NUMBER = "19121212-1212"  # the Tax Agency's example: a valid check digit


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def plan(laholm):
    plan = ActionPlanFactory(agreement=laholm, title="Åtgärdsplan 2025–2026")
    plan.police = MeasureFactory(
        plan=plan, number=1, title="Trygghetsvandringar", responsible=party(laholm, "Polisen")
    )
    plan.probation = MeasureFactory(
        plan=plan,
        number=2,
        title="Återfallsprevention",
        responsible=party(laholm, "Kriminalvården"),
        ends_on=TODAY - timedelta(days=5),
    )
    return plan


def party(agreement, short_name):
    return agreement.parties.get(short_name=short_name)


@pytest.fixture
def follow_up(plan, coordinator):
    return services.follow_up_start(
        plan=plan, by=coordinator, data={"held_on": TODAY - timedelta(days=1)}
    )


@pytest.fixture
def written(plan, follow_up, coordinator):
    """The follow-up with an outcome for each of the plan's measures: ready to complete."""
    services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={
            plan.police.pk: {"outcome": "Tolv vandringar.", "effect": Outcome.Effect.PARTLY},
            plan.probation.pk: {"outcome": "", "effect": Outcome.Effect.TOO_EARLY},
        },
    )
    return follow_up


def outcome_of(follow_up, measure) -> Outcome:
    return follow_up.outcomes.get(measure=measure)


# --- services --------------------------------------------------------------------------


def test_the_coordinator_starts_a_follow_up_of_an_adopted_plan(plan, coordinator):
    follow_up = services.follow_up_start(
        plan=plan,
        by=coordinator,
        data={"held_on": TODAY, "summary": "Halvtid.", "meeting": None},
    )
    assert follow_up.status == FollowUp.Status.DRAFT
    assert follow_up.created_by == coordinator
    event = Event.objects.get(action="actionplan.follow_up.started", object_id=follow_up.pk)
    assert event.data == {"plan": "Åtgärdsplan 2025–2026", "day": TODAY.isoformat()}


def test_a_draft_plan_is_not_followed_up(laholm, coordinator):
    draft = ActionPlanFactory(agreement=laholm, status="draft", decided_by="", decided_on=None)
    error = refusal(services.follow_up_start, plan=draft, by=coordinator, data={"held_on": TODAY})
    assert error.messages == ["Åtgärdsplanen följs upp först när den är beslutad."]


def test_a_follow_up_before_the_plan_was_decided_is_refused(plan, coordinator):
    error = refusal(
        services.follow_up_start,
        plan=plan,
        by=coordinator,
        data={"held_on": plan.decided_on - timedelta(days=1)},
    )
    assert error.message_dict == {
        "held_on": [f"Uppföljningen kan inte ligga före beslutet om planen ({plan.decided_on})."]
    }


def test_a_meeting_of_another_agreement_is_refused(plan, coordinator, other_agreement):
    body = other_agreement.bodies.first()
    meeting = MeetingFactory(body=body)
    error = refusal(
        services.follow_up_start,
        plan=plan,
        by=coordinator,
        data={"held_on": TODAY, "meeting": meeting},
    )
    assert error.message_dict == {"meeting": ["Välj ett möte i den här överenskommelsen."]}


@pytest.mark.parametrize("username", ["kommunpolis", "ks-ordforande", "annan-kommun"])
def test_only_the_coordinator_starts_a_follow_up(plan, user, username):
    with pytest.raises(PermissionDenied):
        services.follow_up_start(plan=plan, by=user(username), data={"held_on": TODAY})


def test_outcomes_are_written_per_measure_and_changed_later(plan, follow_up, coordinator):
    services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={"summary": "Planen gick igenom i rådet."},
        outcomes={
            plan.police.pk: {"outcome": "Tolv vandringar.", "effect": Outcome.Effect.PARTLY},
            plan.probation.pk: {"outcome": "", "effect": ""},
        },
    )
    assert outcome_of(follow_up, plan.police).effect == Outcome.Effect.PARTLY
    # Nothing written for a measure: no row for it.
    assert not follow_up.outcomes.filter(measure=plan.probation).exists()
    services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={plan.police.pk: {"outcome": "Tretton vandringar.", "effect": "achieved"}},
    )
    changed = outcome_of(follow_up, plan.police)
    assert (changed.outcome, changed.effect) == ("Tretton vandringar.", "achieved")
    assert changed.history.first().history_user == coordinator
    follow_up.refresh_from_db()
    assert follow_up.summary == "Planen gick igenom i rådet."


def test_an_outcome_of_another_plans_measure_is_refused(plan, follow_up, coordinator, laholm):
    stranger = MeasureFactory(plan=ActionPlanFactory(agreement=laholm))
    error = refusal(
        services.follow_up_update,
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={stranger.pk: {"outcome": "Något.", "effect": ""}},
    )
    assert error.messages == ["Bara planens egna åtgärder kan följas upp."]


def test_an_outcome_with_a_personal_identity_number_is_refused_on_its_field(
    plan, follow_up, coordinator
):
    error = refusal(
        services.follow_up_update,
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={plan.police.pk: {"outcome": f"Gäller {IDENTITY_NUMBER}.", "effect": ""}},
    )
    assert list(error.message_dict) == [f"outcome_{plan.police.pk}"]
    assert "personnummer" in error.message_dict[f"outcome_{plan.police.pk}"][0]


def test_a_stale_edit_is_refused_also_when_only_an_outcome_changed(plan, follow_up, coordinator):
    opened = services.follow_up_version(follow_up)
    services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={plan.police.pk: {"outcome": "Ändrat av en kollega.", "effect": ""}},
    )
    error = refusal(
        services.follow_up_update,
        follow_up=follow_up,
        by=coordinator,
        data={"summary": "Min text."},
        expected_version=opened,
    )
    assert error.messages == [STALE]


def test_a_colleagues_outcome_is_caught_also_when_the_follow_up_has_more_history(
    plan, follow_up, coordinator
):
    # The follow-up's own history rows outnumber the outcomes' (two tables, two counters).
    for number in range(40):
        services.follow_up_update(
            follow_up=follow_up, by=coordinator, data={"summary": f"Utkast {number}."}
        )
    services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={plan.police.pk: {"outcome": "Första texten.", "effect": ""}},
    )
    opened = services.follow_up_version(follow_up)
    services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={plan.police.pk: {"outcome": "Ändrat av en kollega.", "effect": ""}},
    )
    error = refusal(
        services.follow_up_update,
        follow_up=follow_up,
        by=coordinator,
        data={"summary": "Min text."},
        expected_version=opened,
    )
    assert error.messages == [STALE]
    follow_up.refresh_from_db()
    assert follow_up.summary == "Utkast 39."


def test_a_follow_up_missing_a_measures_outcome_is_not_completed(plan, follow_up, coordinator):
    services.follow_up_update(
        follow_up=follow_up,
        by=coordinator,
        data={},
        outcomes={plan.police.pk: {"outcome": "Tolv vandringar.", "effect": ""}},
    )
    error = refusal(services.follow_up_complete, follow_up=follow_up, on=TODAY, by=coordinator)
    assert error.messages == [
        "1 åtgärd saknar utfall och bedömd effekt. Skriv in dem innan uppföljningen avslutas."
    ]
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DRAFT


def test_a_follow_up_for_a_meeting_yet_to_come_is_not_completed(plan, written, coordinator, laholm):
    meeting = MeetingFactory(
        body=laholm.bodies.first(), starts_at=at_ten(TODAY + timedelta(days=7))
    )
    written.meeting = meeting
    written.save()
    error = refusal(services.follow_up_complete, follow_up=written, on=TODAY, by=coordinator)
    day = (TODAY + timedelta(days=7)).isoformat()
    assert error.messages == [
        f"Uppföljningen ska gås igenom på mötet {day} och avslutas först efter det."
    ]


def test_completing_a_held_follow_up_restarts_the_plans_clock(plan, written, coordinator):
    follow_up = written
    services.follow_up_complete(follow_up=follow_up, on=TODAY, by=coordinator)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.COMPLETED
    event = Event.objects.get(action="actionplan.follow_up.completed", object_id=follow_up.pk)
    assert event.data["day"] == follow_up.held_on.isoformat()
    from actionplan.clocks import plan_follow_up_reading

    assert plan_follow_up_reading(plan, TODAY).since == follow_up.held_on


def test_a_follow_up_in_the_future_is_not_completed(plan, coordinator):
    later = services.follow_up_start(
        plan=plan, by=coordinator, data={"held_on": TODAY + timedelta(days=3)}
    )
    error = refusal(services.follow_up_complete, follow_up=later, on=TODAY, by=coordinator)
    day = (TODAY + timedelta(days=3)).isoformat()
    assert error.messages == [
        f"Uppföljningen är satt till {day} och kan inte avslutas innan den har hållits. "
        "Ändra datumet om den hölls tidigare."
    ]


def test_a_completed_follow_up_is_neither_changed_nor_completed_again(plan, written, coordinator):
    follow_up = written
    services.follow_up_complete(follow_up=follow_up, on=TODAY, by=coordinator)
    error = refusal(
        services.follow_up_update, follow_up=follow_up, by=coordinator, data={"summary": "Nytt."}
    )
    assert error.messages == ["Uppföljningen är avslutad och kan inte längre ändras."]
    error = refusal(services.follow_up_complete, follow_up=follow_up, on=TODAY, by=coordinator)
    assert error.messages == ["Uppföljningen är redan avslutad."]


def test_only_the_coordinator_writes_and_completes(plan, follow_up, user):
    with pytest.raises(PermissionDenied):
        services.follow_up_update(follow_up=follow_up, by=user("kommunpolis"), data={})
    with pytest.raises(PermissionDenied):
        services.follow_up_complete(follow_up=follow_up, on=TODAY, by=user("kommunpolis"))


def test_after_the_agreements_end_nothing_is_followed_up(
    plan, follow_up, coordinator, laholm, time_machine
):
    ended = laholm.valid_to + timedelta(days=1)
    time_machine.move_to(at_ten(ended))
    message = "Överenskommelsen har upphört; åtgärdsplanen kan inte längre följas upp."
    error = refusal(services.follow_up_start, plan=plan, by=coordinator, data={"held_on": ended})
    assert error.messages == [message]
    error = refusal(services.follow_up_update, follow_up=follow_up, by=coordinator, data={})
    assert error.messages == [message]
    error = refusal(services.follow_up_complete, follow_up=follow_up, on=ended, by=coordinator)
    assert error.messages == [message]


# --- views -----------------------------------------------------------------------------


def plan_url(name, plan, *more):
    return reverse(f"actionplan:{name}", args=[plan.agreement_id, plan.pk, *more])


def test_the_coordinator_starts_a_follow_up_in_the_browser(client, plan, coordinator):
    client.force_login(coordinator)
    meeting = MeetingFactory(body=plan.agreement.bodies.first())
    response = client.post(
        plan_url("follow_up_create", plan),
        {"held_on": TODAY.isoformat(), "summary": "Årlig genomgång.", "meeting": meeting.pk},
    )
    follow_up = plan.follow_ups.get()
    assert response.status_code == 302
    assert response["Location"] == plan_url("follow_up_detail", plan, follow_up.pk)
    assert follow_up.meeting == meeting


def test_the_create_form_offers_only_the_agreements_meetings(
    client, plan, coordinator, other_agreement
):
    foreign = MeetingFactory(body=other_agreement.bodies.first())
    client.force_login(coordinator)
    response = client.post(
        plan_url("follow_up_create", plan), {"held_on": TODAY.isoformat(), "meeting": foreign.pk}
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not plan.follow_ups.exists()


def test_the_outcomes_form_saves_each_measures_outcome_and_effect(
    client, plan, follow_up, coordinator
):
    client.force_login(coordinator)
    url = plan_url("follow_up_edit", plan, follow_up.pk)
    page = client.get(url).content.decode()
    assert "Utfall, åtgärd 1" in page and "Bedömd effekt, åtgärd 2" in page
    response = client.post(
        url,
        {
            "version": services.follow_up_version(follow_up),
            "held_on": follow_up.held_on.isoformat(),
            "summary": "Genomgång i rådet.",
            "meeting": "",
            f"outcome_{plan.police.pk}": "Tolv vandringar.",
            f"effect_{plan.police.pk}": "partly",
            f"outcome_{plan.probation.pk}": "Inget gjort ännu.",
            f"effect_{plan.probation.pk}": "too_early",
        },
    )
    assert response.status_code == 302
    assert outcome_of(follow_up, plan.probation).effect == "too_early"
    detail = client.get(response["Location"]).content.decode()
    assert "Tolv vandringar." in detail and "Delvis effekt" in detail
    assert "2 av 2 åtgärder" in detail
    # The delayed measure reads as delayed, in words.
    assert "Försenad" in detail


def test_a_stale_outcomes_form_is_refused_and_keeps_what_was_typed(
    client, plan, follow_up, coordinator
):
    client.force_login(coordinator)
    opened = services.follow_up_version(follow_up)
    services.follow_up_update(follow_up=follow_up, by=coordinator, data={"summary": "Kollega."})
    response = client.post(
        plan_url("follow_up_edit", plan, follow_up.pk),
        {
            "version": opened,
            "held_on": follow_up.held_on.isoformat(),
            "summary": "Min egen text.",
            f"outcome_{plan.police.pk}": "Mitt utfall.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE in page and "Mitt utfall." in page


def test_completing_in_the_browser_and_the_edit_page_after_it(client, plan, written, coordinator):
    follow_up = written
    client.force_login(coordinator)
    response = client.post(plan_url("follow_up_complete", plan, follow_up.pk))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.COMPLETED
    response = client.get(plan_url("follow_up_edit", plan, follow_up.pk), follow=True)
    assert "Uppföljningen är avslutad och kan inte längre ändras." in response.content.decode()


def test_a_future_follow_up_offers_no_complete_button_and_says_when(
    client, plan, coordinator, time_machine
):
    follow_up = FollowUpFactory(
        plan=plan, held_on=TODAY + timedelta(days=7), status=FollowUp.Status.DRAFT
    )
    client.force_login(coordinator)
    page = client.get(plan_url("follow_up_detail", plan, follow_up.pk)).content.decode()
    assert "Avsluta uppföljningen" not in page
    assert f"Uppföljningen kan avslutas från {TODAY + timedelta(days=7)}" in page
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)))
    client.force_login(coordinator)  # a week later: the idle session has ended
    page = client.get(plan_url("follow_up_detail", plan, follow_up.pk)).content.decode()
    assert "Avsluta uppföljningen" in page


@pytest.mark.parametrize("username", ["kommunpolis", "frivard", "ks-ordforande"])
def test_members_read_a_follow_up_but_may_not_write_it(client, plan, follow_up, user, username):
    client.force_login(user(username))
    page = client.get(plan_url("follow_up_detail", plan, follow_up.pk))
    assert page.status_code == 200
    assert "Skriv utfall och effekt" not in page.content.decode()
    assert client.get(plan_url("follow_up_create", plan)).status_code == 403
    assert client.get(plan_url("follow_up_edit", plan, follow_up.pk)).status_code == 403
    assert client.post(plan_url("follow_up_complete", plan, follow_up.pk)).status_code == 403


def test_the_outsider_finds_no_follow_up(client, plan, follow_up, user):
    client.force_login(user("annan-kommun"))
    assert client.get(plan_url("follow_up_detail", plan, follow_up.pk)).status_code == 404
    assert client.get(plan_url("follow_up_create", plan)).status_code == 404


def test_a_follow_up_of_another_plan_is_not_found_under_this_one(
    client, plan, follow_up, coordinator, laholm
):
    other = ActionPlanFactory(agreement=laholm)
    client.force_login(coordinator)
    assert client.get(plan_url("follow_up_detail", other, follow_up.pk)).status_code == 404


def test_the_plans_follow_up_section_lists_them_and_offers_a_new_one_to_the_coordinator(
    plan, follow_up, rf, coordinator, user
):
    from django.template.loader import render_to_string

    from actionplan.clocks import plan_follow_up_context
    from samverkan.access import Rights

    def section(username):
        return render_to_string(
            "actionplan/_plan_follow_ups.html",
            {
                "plan": plan,
                "agreement": plan.agreement,
                "rights": Rights(user(username), plan.agreement),
                **plan_follow_up_context(plan, TODAY),
            },
        )

    mine = section("samordnare")
    assert f"Uppföljning {follow_up.held_on}" in mine
    assert plan_url("follow_up_detail", plan, follow_up.pk) in mine
    assert "Ny uppföljning" in mine
    assert f"Planen ska följas upp senast {plan.decided_on.replace(year=2027)}." in mine
    assert "Ny uppföljning" not in section("kommunpolis")


def test_every_measure_status_reads_in_the_follow_up(client, plan, follow_up, coordinator):
    plan.police.status = Measure.Status.DONE
    plan.police.save()
    client.force_login(coordinator)
    page = client.get(plan_url("follow_up_detail", plan, follow_up.pk)).content.decode()
    assert "Genomförd" in page and "Polisen" in page and "Kriminalvården" in page
