"""Feedback (återkoppling) to the parties' staff: the week's summary on a page and by
e-mail to those who asked for it, once per week; and one person's weeks side by side."""

import pytest
from django.core import mail
from django.urls import reverse

from councils.roles import agreement_sync_permissions
from situation import weeks
from situation.models import FeedbackDispatch, QuickAction, RiskAssessment
from situation.services.feedback import (
    feedback_send,
    feedback_send_due,
    subscribe,
    unsubscribe,
)
from tests.factories import AgreementPartyFactory, FunctionFactory, SeatFactory
from tests.helpers import AFTER_THE_END, NOW, TODAY, at_ten, person, refusal
from tests.situation.weekly_factories import QuickActionFactory, RiskAssessmentFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = weeks.monday(TODAY)
LAST_WEEK = THIS_WEEK - weeks.WEEK


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a sending service and deliver what it queued, as after its commit."""
    mail.outbox.clear()

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def test_the_feedback_goes_to_subscribers_only_and_only_once(laholm, user, send):
    subscribe(agreement=laholm, user=user("forvaltning"))
    subscribe(agreement=laholm, user=user("ks-ordforande"))  # staff: reports for Kommunen
    dispatch = send(feedback_send, agreement=laholm, week=LAST_WEEK, by=user("samordnare"))
    outbox = mail.outbox
    assert dispatch.recipients == 2
    assert sorted(m.to[0] for m in outbox) == sorted(
        [user("forvaltning").email, user("ks-ordforande").email]
    )
    error = refusal(feedback_send, agreement=laholm, week=LAST_WEEK, by=user("samordnare"))
    label = weeks.label(LAST_WEEK)
    assert error.messages == [f"Återkopplingen för vecka {label} är redan skickad."]
    assert FeedbackDispatch.objects.filter(agreement=laholm).count() == 1


def test_the_feedback_says_the_risk_levels_the_actions_and_what_came_of_last_weeks(
    laholm, user, send
):
    centrum = laholm.areas.get(name="Laholm centrum")
    polisen = laholm.parties.get(short_name="Polisen")
    RiskAssessment.objects.filter(area=centrum, week=THIS_WEEK).delete()
    RiskAssessmentFactory(
        agreement=laholm, area=centrum, week=THIS_WEEK, level="high", reason="Bränder i helgen"
    )
    QuickActionFactory(
        agreement=laholm,
        area=centrum,
        week=THIS_WEEK,
        what="Brandvakt vid skolan",
        responsible_party=polisen,
    )
    QuickAction.objects.filter(agreement=laholm, week=LAST_WEEK).delete()
    QuickActionFactory(
        agreement=laholm,
        area=centrum,
        week=LAST_WEEK,
        what="Städa tunneln",
        responsible_party=polisen,
        status="done",
        outcome="Städat på fredagen",
    )
    subscribe(agreement=laholm, user=user("frivard"))
    send(feedback_send, agreement=laholm, week=THIS_WEEK, by=user("samordnare"))
    [message] = mail.outbox
    assert message.subject == f"Återkoppling vecka {weeks.label(THIS_WEEK)}: {laholm.title}"
    assert "Laholm centrum: Hög – Bränder i helgen" in message.body
    assert "Brandvakt vid skolan (ansvarig: Polisen" in message.body
    assert "Städa tunneln – Genomförd: Städat på fredagen" in message.body
    assert ", \n" not in message.body  # each area's lines end where its last line does


def test_who_unsubscribed_or_lost_their_part_gets_no_feedback(laholm, user, send):
    subscribe(agreement=laholm, user=user("forvaltning"))
    unsubscribe(agreement=laholm, user=user("forvaltning"))
    subscribe(agreement=laholm, user=user("laholmshem"))
    laholmshem = user("laholmshem")
    laholmshem.is_active = False
    laholmshem.save()
    assert send(feedback_send, agreement=laholm, week=LAST_WEEK, by=None).recipients == 0
    assert mail.outbox == []


def test_someone_with_no_part_in_the_agreement_cannot_subscribe(laholm, user):
    error = refusal(subscribe, agreement=laholm, user=user("annan-kommun"))
    assert error.messages == ["Du har ingen del i överenskommelsens veckouppföljning."]


def test_the_daily_run_sends_last_weeks_feedback_once(laholm, user, send):
    subscribe(agreement=laholm, user=user("kommunpolis"))
    FeedbackDispatch.objects.filter(agreement=laholm).delete()
    first = send(feedback_send_due, now=NOW)
    assert [(d.agreement, d.week) for d in first] == [(laholm, LAST_WEEK)]
    assert send(feedback_send_due, now=NOW) == []
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_no_feedback_is_sent_after_the_agreement_has_ended(laholm, user, time_machine, day):
    time_machine.move_to(at_ten(day))
    error = refusal(feedback_send, agreement=laholm, week=weeks.current(laholm), by=None)
    assert error.messages == ["Överenskommelsen har upphört; ingen återkoppling skickas."]
    assert feedback_send_due() == []


def test_the_feedback_page_is_open_to_staff_who_only_report_and_links_no_reports_for_them(
    laholm, client_as
):
    year, week = weeks.iso(LAST_WEEK)
    url = reverse("situation:feedback", args=[laholm.pk, year, week])
    page = client_as("ks-ordforande").get(url).content.decode()
    assert "Risknivå per område" in page
    assert "weekly-report" not in page and "veckor/rapporter/?" not in page
    page = client_as("kommunpolis").get(url).content.decode()
    assert "veckor/rapporter/?" in page


def test_a_week_outside_the_agreement_or_that_does_not_exist_is_404(laholm, client_as):
    client = client_as("samordnare")
    assert client.get(reverse("situation:feedback", args=[laholm.pk, 2019, 10])).status_code == 404
    assert client.get(reverse("situation:feedback", args=[laholm.pk, 2025, 53])).status_code == 404


def test_a_police_officer_in_two_agreements_sees_both_weeks_side_by_side(
    laholm, other_agreement, client_as
):
    kommunpolis = person("kommunpolis")
    party = AgreementPartyFactory(
        agreement=other_agreement, party=kommunpolis.party, short_name="Polisen"
    )
    SeatFactory(
        function=FunctionFactory(body=other_agreement.bodies.get(), party=party),
        person=kommunpolis,
    )
    agreement_sync_permissions(agreement=other_agreement)
    page = client_as("kommunpolis").get(reverse("situation:my_weeks")).content.decode()
    assert laholm.title in page and other_agreement.title in page
    # The other agreement's coordinator sees their own only.
    page = client_as("annan-kommun").get(reverse("situation:my_weeks")).content.decode()
    assert other_agreement.title in page and laholm.title not in page
    # A member of Laholm only sees Laholm.
    page = client_as("forvaltning").get(reverse("situation:my_weeks")).content.decode()
    assert laholm.title in page and other_agreement.title not in page


def test_the_coordinators_send_now_renders_the_mail_in_a_task_after_the_commit(
    laholm, user, django_capture_on_commit_callbacks
):
    from situation.services.feedback import feedback_send_later

    subscribe(agreement=laholm, user=user("forvaltning"))
    FeedbackDispatch.objects.filter(agreement=laholm).delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        feedback_send_later(agreement=laholm, week=LAST_WEEK, by=user("samordnare"))
    assert not FeedbackDispatch.objects.filter(agreement=laholm).exists()  # nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert FeedbackDispatch.objects.get(agreement=laholm, week=LAST_WEEK).recipients == 1
    assert [m.to for m in mail.outbox] == [[user("forvaltning").email]]
    error = refusal(feedback_send_later, agreement=laholm, week=LAST_WEEK, by=user("samordnare"))
    assert error.messages == [
        f"Återkopplingen för vecka {weeks.label(LAST_WEEK)} är redan skickad."
    ]
