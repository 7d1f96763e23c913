"""Reminder e-mails (samverkan/reminders.py, `manage.py send_reminders`): meetings a week
ahead and the day before, requests for input due in three days, versions awaiting a
signature for three days, overdue assignments and compliance lines turning soon or
overdue; each sent once, through the outbox, to those who have not switched them off."""

import re
import threading
from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import get_users_with_perms

import tests.pages  # noqa: F401 (first: it joins the registry the annex helpers use)
from councils.demo import HELD_ASSIGNMENT_DUE, HELD_ASSIGNMENT_PARTY, load_demo
from councils.models import Assignment, Body, Invitee, Seat
from samverkan import compliance, reminders
from samverkan.models import (
    AccountPreferences,
    AnnexVersion,
    OutboundMessage,
    SentReminder,
    Signature,
)
from situation.models import SituationInput
from tests.annexes.pages_versions import SIGNS_FOR, make_version, new_annex, snapshot
from tests.factories import InviteeFactory, MeetingFactory
from tests.helpers import TODAY, at_ten
from tests.pages import COORDINATOR
from tests.samverkan import pages_reminders
from tests.situation.factories import InputRequestFactory, SituationInputFactory

COORDINATOR_EMAIL = "samordnare@example.se"
WEEK_AHEAD = "om en vecka"
TOMORROW = "i morgon"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run `send_reminders` (for `day`, else today), delivering what it queued; its
    output."""

    def run(day: date | None = None) -> str:
        out = StringIO()
        args = [f"--date={day.isoformat()}"] if day else []
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", *args, stdout=out)
        return out.getvalue()

    return run


def recipients(mailoutbox, *texts) -> list[str]:
    """The addresses of the e-mails whose subject holds every one of `texts`, sorted."""
    return sorted(m.to[0] for m in mailoutbox if all(text in m.subject for text in texts))


def convened(body: Body, day: date, *, excused: str = "", guest: bool = False):
    """A convened meeting of `body` at 10:00 on `day`, the body's seat holders of that day
    invited (the one named `excused` having sent apologies), and a guest without an
    account if asked."""
    meeting = MeetingFactory(body=body, starts_at=at_ten(day))
    seats = Seat.objects.current(day).filter(function__body=body).select_related("person__user")
    for seat in seats:
        username = seat.person.user.username
        InviteeFactory(
            meeting=meeting,
            person=seat.person,
            party=seat.function.party,
            function=seat.function,
            attendance=Invitee.Attendance.EXCUSED
            if username == excused
            else Invitee.Attendance.UNKNOWN,
        )
    if guest:
        InviteeFactory(
            meeting=meeting,
            person=None,
            name="Gunn Gäst",
            email="gunn.gast@example.se",
            role=Invitee.Role.GUEST,
        )
    return meeting


def emails_of(meeting, *, but: str = "") -> list[str]:
    """The addresses of the meeting's invitees with an account, except `but`'s."""
    return sorted(
        meeting.invitees.filter(person__isnull=False)
        .exclude(person__user__username=but)
        .values_list("person__user__email", flat=True)
    )


def when(meeting) -> str:
    return f"{at_ten(meeting.date):%Y-%m-%d %H:%M}"


@pytest.fixture
def council(laholm) -> Body:
    return laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)


@pytest.fixture
def group(laholm) -> Body:
    return laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)


# --- meetings ---------------------------------------------------------------------------


def test_a_meeting_in_a_week_and_one_tomorrow_remind_each_invitee_once(
    council, group, send, mailoutbox
):
    next_week = convened(council, TODAY + timedelta(days=7), excused="laholmshem", guest=True)
    tomorrow = convened(group, TODAY + timedelta(days=1))
    send()
    assert recipients(mailoutbox, WEEK_AHEAD, when(next_week)) == emails_of(
        next_week, but="laholmshem"
    )
    assert recipients(mailoutbox, TOMORROW, when(tomorrow)) == emails_of(tomorrow)
    # The guest had the invitation; the member who sent apologies is not reminded.
    assert "gunn.gast@example.se" not in recipients(mailoutbox)
    assert "laholmshem@example.se" not in recipients(mailoutbox, when(next_week))
    [message] = [m for m in mailoutbox if m.to == [COORDINATOR_EMAIL] and TOMORROW in m.subject]
    url = reverse("councils:meeting", args=[group.agreement_id, group.pk, tomorrow.pk])
    assert f"{settings.SITE_URL}{url}\n" in message.body
    assert f"{settings.SITE_URL}/konto/paminnelser/" in message.body
    assert "har möte i morgon" in message.body


def test_reminders_are_recorded_in_the_outbox_with_what_was_sent(council, send, mailoutbox):
    meeting = convened(council, TODAY + timedelta(days=7))
    send()
    records = SentReminder.objects.filter(key__startswith=f"meeting:{meeting.pk}:")
    assert records.count() == len(emails_of(meeting))
    record = records.get(user__username=COORDINATOR)
    assert record.key == (f"meeting:{meeting.pk}:{meeting.date}:7d:user:{record.user_id}")
    [message] = OutboundMessage.objects.about(record)
    assert (message.kind, message.to, message.state) == (
        "reminders.meeting",
        "samordnare@example.se",
        OutboundMessage.State.SENT,
    )
    assert message.agreement_id == council.agreement_id
    # The meeting's own messages (its invitations' delivery states) are not touched.
    assert not OutboundMessage.objects.about(meeting).exists()


def test_a_second_run_the_same_day_sends_nothing_more(council, group, send, mailoutbox):
    convened(council, TODAY + timedelta(days=7))
    convened(group, TODAY + timedelta(days=1))
    first = send()
    count = len(mailoutbox)
    assert count > 0 and f"Sent {count} reminder(s)" in first
    assert send() == "Sent 0 reminder(s).\n"
    assert len(mailoutbox) == count


def test_the_next_day_repeats_nothing_and_reminds_of_what_is_new(
    council, group, send, mailoutbox, time_machine
):
    in_a_week = convened(council, TODAY + timedelta(days=7))
    convened(group, TODAY + timedelta(days=1))
    in_eight_days = convened(group, TODAY + timedelta(days=8))
    send()
    first = [(m.to[0], m.subject) for m in mailoutbox]
    mailoutbox.clear()
    time_machine.move_to(at_ten(TODAY + timedelta(days=1)))
    send()
    second = [(m.to[0], m.subject) for m in mailoutbox]
    assert not set(first) & set(second)
    # The meeting a week from the new day is reminded of now; the others are not again.
    assert recipients(mailoutbox, WEEK_AHEAD, when(in_eight_days)) == emails_of(in_eight_days)
    assert recipients(mailoutbox, when(in_a_week)) == []


def test_a_meeting_moved_to_another_day_is_reminded_of_again(council, send, mailoutbox):
    meeting = convened(council, TODAY + timedelta(days=7))
    send()
    assert recipients(mailoutbox, when(meeting))
    mailoutbox.clear()
    meeting.starts_at = at_ten(TODAY + timedelta(days=14))
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()
    send(TODAY + timedelta(days=7))
    assert recipients(mailoutbox, WEEK_AHEAD, when(meeting)) == emails_of(meeting)


def test_drafts_and_cancelled_meetings_remind_nobody(council, send, mailoutbox):
    draft = convened(council, TODAY + timedelta(days=7))
    draft.status = draft.Status.DRAFT
    draft.save()
    cancelled = convened(council, TODAY + timedelta(days=1))
    cancelled.status = cancelled.Status.CANCELLED
    cancelled.save()
    send()
    assert recipients(mailoutbox, when(draft)) == []
    assert recipients(mailoutbox, when(cancelled)) == []


# --- the opt-out ------------------------------------------------------------------------


def test_whoever_switched_reminders_off_gets_none(council, user, send, mailoutbox):
    meeting = convened(council, TODAY + timedelta(days=7))
    reminders.reminder_emails_set(user=user("sakerhetschef"), enabled=False)
    send()
    assert recipients(mailoutbox, when(meeting)) == emails_of(meeting, but="sakerhetschef")
    assert not SentReminder.objects.filter(user__username="sakerhetschef").exists()


def test_switching_them_on_again_sends_what_is_still_due(council, user, send, mailoutbox):
    meeting = convened(council, TODAY + timedelta(days=7))
    reminders.reminder_emails_set(user=user("sakerhetschef"), enabled=False)
    send()
    reminders.reminder_emails_set(user=user("sakerhetschef"), enabled=True)
    mailoutbox.clear()
    send()
    assert recipients(mailoutbox, when(meeting)) == ["sakerhetschef@example.se"]


# --- requests for input -----------------------------------------------------------------


def submitters(laholm, short_name: str) -> list[str]:
    party = laholm.parties.get(short_name=short_name)
    users = get_users_with_perms(party, only_with_perms_in=["submit_input_for_party"])
    return sorted(u.email for u in users)


def test_a_request_due_in_three_days_reminds_the_people_of_the_parties_yet_to_answer(
    laholm, send, mailoutbox
):
    request = InputRequestFactory(
        agreement=laholm, title="Inför operativa gruppen", due_on=TODAY + timedelta(days=3)
    )
    # Sent yesterday: a request sent today has just had its own e-mail.
    type(request).objects.filter(pk=request.pk).update(created_at=at_ten(TODAY - timedelta(1)))
    polisen = laholm.parties.get(short_name="Polisen")
    kommunen = laholm.parties.get(short_name="Kommunen")
    SituationInputFactory(agreement=laholm, party=polisen, request=request)
    # A draft is no answer.
    SituationInputFactory(
        agreement=laholm,
        party=kommunen,
        request=request,
        status=SituationInput.Status.DRAFT,
    )
    send()
    expected = sorted(submitters(laholm, "Kommunen") + submitters(laholm, "Kriminalvården"))
    assert expected and not set(expected) & set(submitters(laholm, "Polisen"))
    assert recipients(mailoutbox, "underlag till lägesbilden") == expected
    [message] = [m for m in mailoutbox if m.to[0] == submitters(laholm, "Kriminalvården")[0]]
    assert f"?request={request.pk}" in message.body
    assert "Kriminalvården har ännu inte lämnat underlag" in message.body


def test_a_request_due_in_other_than_three_days_or_closed_reminds_nobody(laholm, send, mailoutbox):
    yesterday = at_ten(TODAY - timedelta(days=1))
    for due, closed in ((2, False), (4, False), (3, True)):
        request = InputRequestFactory(
            agreement=laholm, due_on=TODAY + timedelta(days=due), closed=closed
        )
        type(request).objects.filter(pk=request.pk).update(created_at=yesterday)
    send()
    assert recipients(mailoutbox, "underlag till lägesbilden") == []


def test_a_request_sent_today_is_not_reminded_of_the_same_day(laholm, send, mailoutbox):
    InputRequestFactory(agreement=laholm, due_on=TODAY + timedelta(days=3))
    send()
    assert recipients(mailoutbox, "underlag till lägesbilden") == []


# --- signatures -------------------------------------------------------------------------


def decided(laholm, days_ago: int, signed_by=("Kommunen",)) -> AnnexVersion:
    """A version of a new annex decided `days_ago` days ago, signed by `signed_by`."""
    version = make_version(
        laholm,
        new_annex(laholm),
        AnnexVersion.State.DECIDED,
        snapshot("Trygghetsplan 2025", ["Belysning"]),
        decided_on=TODAY - timedelta(days=days_ago),
        decision_reference="Strategiskt råd, punkt 4",
    )
    for short_name in signed_by:
        party = laholm.parties.get(short_name=short_name)
        Signature.objects.create(
            version=version,
            party=party,
            signer=party.signatory_user,
            signer_name=party.signatory_user.get_full_name(),
            content_hash=version.content_hash,
        )
    return version


def test_a_version_awaiting_signature_for_three_days_reminds_the_signatories_yet_to_sign(
    laholm, send, mailoutbox
):
    version = decided(laholm, days_ago=3)
    send()
    assert recipients(mailoutbox, "väntar på din underskrift") == sorted(
        f"{SIGNS_FOR[short]}@example.se" for short in ("Polisen", "Kriminalvården")
    )
    [message] = [m for m in mailoutbox if m.to == ["lpo-chef@example.se"]]
    assert reverse("samverkan:version_sign", args=[laholm.pk, version.pk]) in message.body
    assert "underskrift för Polisen" in message.body
    mailoutbox.clear()
    send(TODAY + timedelta(days=1))
    assert recipients(mailoutbox, "väntar på din underskrift") == []


def test_a_version_decided_two_days_ago_reminds_nobody_yet(laholm, send, mailoutbox):
    decided(laholm, days_ago=2)
    send()
    assert recipients(mailoutbox, "väntar på din underskrift") == []


# --- assignments ------------------------------------------------------------------------


def test_an_overdue_assignment_reminds_those_who_report_for_the_responsible_party_once(
    laholm, send, mailoutbox
):
    assignment = Assignment.objects.get(body__agreement=laholm, due_on=HELD_ASSIGNMENT_DUE)
    send(HELD_ASSIGNMENT_DUE)
    assert recipients(mailoutbox, "uppdrag försenat") == []
    the_day_after = HELD_ASSIGNMENT_DUE + timedelta(days=1)
    send(the_day_after)
    responsible = submitters(laholm, HELD_ASSIGNMENT_PARTY)
    assert responsible and recipients(mailoutbox, "uppdrag försenat") == responsible
    [message] = [m for m in mailoutbox if m.to == [responsible[0]] and "uppdrag" in m.subject]
    url = reverse("councils:assignment_update", args=[laholm.pk, assignment.body_id, assignment.pk])
    assert url in message.body
    mailoutbox.clear()
    send(the_day_after + timedelta(days=1))
    assert recipients(mailoutbox, "uppdrag försenat") == []


def test_a_coordinator_who_also_reports_gets_one_e_mail_of_an_overdue_assignment(
    laholm, user, send, mailoutbox
):
    assignment = Assignment.objects.get(body__agreement=laholm, due_on=HELD_ASSIGNMENT_DUE)
    # Given to Kommunen, for which the coordinator reports too: the compliance clock lists
    # it for them as well.
    assignment.responsible_party = laholm.parties.get(short_name="Kommunen")
    assignment.save()
    assert "samordnare@example.se" in submitters(laholm, "Kommunen")
    the_day_after = HELD_ASSIGNMENT_DUE + timedelta(days=1)
    send(the_day_after)
    description = assignment.description[:40]
    about = [m for m in mailoutbox if m.to == ["samordnare@example.se"] and description in m.body]
    assert [m.subject.split(",")[0] for m in about] == ["Påminnelse: uppdrag försenat"]
    # Both reminders are recorded as sent with that e-mail: neither comes the next day.
    coordinator = user(COORDINATOR).pk
    due = assignment.due_on
    assert set(SentReminder.objects.values_list("key", flat=True)) >= {
        f"assignment:{assignment.pk}:{due}:user:{coordinator}",
        f"compliance:{laholm.pk}:councils.assignment.{assignment.pk}:overdue:{due}:"
        f"user:{coordinator}",
    }
    mailoutbox.clear()
    send(the_day_after + timedelta(days=1))
    assert [m for m in mailoutbox if description in m.body] == []


# --- the compliance clock ---------------------------------------------------------------

RENEWAL_OPENS = date(2026, 7, 1)  # six months before the Laholm agreement ends


def test_a_compliance_line_turning_soon_reminds_the_coordinator_once(
    laholm, send, mailoutbox, time_machine
):
    assert laholm.renewal_opens_on == RENEWAL_OPENS
    validity = f"Överenskommelsens giltighetstid (snart), {laholm.title}"
    time_machine.move_to(at_ten(RENEWAL_OPENS - timedelta(days=1)))
    send()
    assert recipients(mailoutbox, validity) == []
    time_machine.move_to(at_ten(RENEWAL_OPENS))
    send()
    coordinators = sorted(
        u.email for u in get_users_with_perms(laholm, only_with_perms_in=["change_agreement"])
    )
    assert coordinators == ["samordnare@example.se"]
    assert recipients(mailoutbox, validity) == coordinators
    [message] = [m for m in mailoutbox if validity in m.subject]
    assert "Gäller till och med 2026-12-31 och behöver förnyas." in message.body
    assert "om 183 dagar" in message.body
    mailoutbox.clear()
    time_machine.move_to(at_ten(RENEWAL_OPENS + timedelta(days=1)))
    send()
    assert recipients(mailoutbox, validity) == []


def test_a_line_turning_overdue_reminds_again(laholm, council, send, mailoutbox):
    # The council has held one ordinary meeting of 2025 and planned none: the second is
    # due by the end of June ("snart"), and overdue from July.
    key = f"councils.meetings.{council.pk}.2025"
    [line] = [line for line in compliance.clock(laholm, TODAY) if line.key == key]
    assert (line.status, line.day) == ("soon", date(2025, 6, 30))
    send()
    send(date(2025, 6, 30))
    send(date(2025, 7, 1))
    send(date(2025, 7, 2))
    subject = f"Efterlevnad: {line.label}"
    found = [(m.to[0], m.subject) for m in mailoutbox if m.subject.startswith(subject)]
    assert [(to, text) for to, text in found if text.endswith(laholm.title)] == [
        (COORDINATOR_EMAIL, f"{subject} (snart), {laholm.title}"),
        (COORDINATOR_EMAIL, f"{subject} (försenad), {laholm.title}"),
    ]


# --- the engine -------------------------------------------------------------------------


def test_a_reminder_another_run_has_just_recorded_is_not_sent(council, mailoutbox):
    convened(council, TODAY + timedelta(days=7))
    group = next(g for g in reminders.due(TODAY) if g[0].kind == "meeting")
    # Another server's run took the key between this run's read and its write.
    SentReminder.objects.create(key=group[0].key, kind="meeting", user=group[0].user)
    messages = OutboundMessage.objects.count()
    assert reminders._send(group, now=at_ten(TODAY)) is False
    assert OutboundMessage.objects.count() == messages


def test_finding_the_days_reminders_runs_the_same_queries_however_many_there_are(council, group):
    convened(council, TODAY + timedelta(days=7))
    with CaptureQueriesContext(connection) as few:
        reminders.due(TODAY)
    for days in (1, 7, 8):
        convened(group, TODAY + timedelta(days=days))
    with CaptureQueriesContext(connection) as more:
        found = reminders.due(TODAY)
    assert len(found) > 10
    assert len(more.captured_queries) == len(few.captured_queries)


def test_a_date_that_is_not_one_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date=12/03/2025", stdout=StringIO())


# --- the page ---------------------------------------------------------------------------

URL = "/konto/paminnelser/"


def checkbox(html: str) -> str:
    [found] = re.findall(r'<input[^>]*name="reminder_emails"[^>]*>', html)
    return found


def test_the_page_is_the_account_reminders_url():
    assert reverse("account_reminders") == URL


def test_the_page_shows_reminders_on_by_default(client_as, django_assert_max_num_queries):
    client = client_as("kommunpolis")
    with django_assert_max_num_queries(pages_reminders.QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Påminnelser</h1>" in html
    assert "checked" in checkbox(html)


def test_switching_reminders_off_is_saved_for_the_user_only(client_as, user):
    response = client_as("kommunpolis").post(URL, {})
    assert response.status_code == 302 and response["Location"] == URL
    assert AccountPreferences.objects.get(user__username="kommunpolis").reminder_emails is False
    assert reminders.reminder_emails_on(user("samordnare"))
    page = client_as("kommunpolis").get(URL).content.decode()
    assert "checked" not in checkbox(page)
    client_as("kommunpolis").post(URL, {"reminder_emails": "on"})
    assert reminders.reminder_emails_on(user("kommunpolis"))


def test_switching_off_writes_the_history_with_the_user(client_as, user):
    client_as("kommunpolis").post(URL, {})
    preferences = AccountPreferences.objects.get(user__username="kommunpolis")
    [entry] = preferences.history.all()
    assert entry.history_user == user("kommunpolis")


def test_anonymous_is_sent_to_log_in_and_nothing_is_saved(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(URL, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AccountPreferences.objects.exists()


# --- two servers at once ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(mailoutbox):
    """In threads with their own connections, committing: the unique key lets one run
    send each reminder. The database is flushed after this test (see
    tests/annexes/test_signing_concurrent.py), so it loads the demo itself."""
    laholm, _renewal = load_demo()
    meeting = convened(laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL), TODAY + timedelta(7))
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(len(reminders.reminders_send(day=TODAY)))
        except Exception as exc:  # reported below
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(n, int) for n in outcomes), outcomes
    assert sum(outcomes) == OutboundMessage.objects.filter(kind__startswith="reminders.").count()
    assert recipients(mailoutbox, when(meeting)) == emails_of(meeting)
