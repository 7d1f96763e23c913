"""Requests for input: the coordinator asks every party for current information before a
meeting of the operative group; each party sees its open requests until it has answered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from samverkan.access import Rights
from situation.models import InputRequest, SituationInput
from situation.selectors import open_requests_for
from situation.services.requests import request_close, request_send
from tests.helpers import AFTER_THE_END, TODAY, at_ten, refusal
from tests.situation.factories import InputRequestFactory, SituationInputFactory

pytestmark = pytest.mark.django_db

DUE = TODAY + timedelta(days=7)


def _send(laholm, user, **overrides):
    fields = {"title": "Inför mötet i april", "due_on": DUE, "message": "Ta med händelser."}
    return request_send(agreement=laholm, by=user("samordnare"), **(fields | overrides))


def _rights(user, username, agreement):
    return Rights(user(username), agreement)


def _open(user, username, agreement, *requests):
    """Which of these requests are open to the user's parties (the demo has its own)."""
    wanted = {r.pk for r in requests}
    return [r for r in open_requests_for(_rights(user, username, agreement)) if r.pk in wanted]


def test_a_request_is_mailed_to_everyone_who_submits_input_for_a_party(
    laholm, user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = _send(laholm, user)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted(
        user(name).email for name in ("samordnare", "forvaltning", "kommunpolis", "frivard")
    )
    assert recipients == expected
    message = mail.outbox[0]
    assert message.subject == "Begäran om underlag: Inför mötet i april"
    assert "senast 19 mars 2025" in message.body
    assert f"?request={request.pk}" in message.body
    assert message.reply_to == [user("samordnare").email]


def test_a_request_due_in_the_past_is_refused(laholm, user):
    error = refusal(_send, laholm, user, due_on=TODAY - timedelta(days=1))
    assert error.message_dict["due_on"] == ["Dagen har redan passerat."]
    assert not InputRequest.objects.filter(title="Inför mötet i april").exists()


def test_a_request_due_after_the_agreement_is_refused(laholm, user):
    error = refusal(_send, laholm, user, due_on=laholm.valid_to + timedelta(days=1))
    assert error.message_dict["due_on"] == [
        "Dagen måste ligga inom överenskommelsens giltighetstid."
    ]


def test_a_personal_identity_number_in_the_message_is_refused_and_nothing_is_sent(laholm, user):
    mail.outbox.clear()
    error = refusal(_send, laholm, user, message="Gäller 19121212-1212 på torget.")
    assert "personnummer" in " ".join(error.messages)
    assert not InputRequest.objects.filter(title="Inför mötet i april").exists()
    assert mail.outbox == []


def test_a_request_for_another_agreements_meeting_is_refused(laholm, user, other_agreement):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=other_agreement.bodies.get())
    error = refusal(_send, laholm, user, meeting=meeting)
    assert error.message_dict["meeting"] == ["Mötet hör inte till överenskommelsen."]


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_nobody_asks_for_input_after_the_agreement_has_ended(laholm, user, time_machine, day):
    time_machine.move_to(at_ten(day))
    error = refusal(_send, laholm, user, due_on=laholm.valid_to)
    assert error.messages == ["Överenskommelsen har upphört; ingen kan längre begära underlag."]


def test_a_party_sees_its_open_request_until_it_has_submitted_an_answer(laholm, user):
    request = InputRequestFactory(agreement=laholm)
    polisen = laholm.parties.get(short_name="Polisen")
    assert _open(user, "kommunpolis", laholm, request) == [request]
    SituationInputFactory(agreement=laholm, party=polisen, request=request, status="draft")
    assert _open(user, "kommunpolis", laholm, request) == [request]  # a draft
    SituationInputFactory(agreement=laholm, party=polisen, request=request)
    assert _open(user, "kommunpolis", laholm, request) == []
    # Kriminalvården has not answered yet.
    [still_open] = _open(user, "frivard", laholm, request)
    assert still_open.answered_parties == {polisen.pk}


def test_a_closed_request_is_no_longer_open(laholm, user):
    request = InputRequestFactory(agreement=laholm)
    request_close(request=request, by=user("samordnare"))
    assert _open(user, "kommunpolis", laholm, request) == []
    error = refusal(request_close, request=request, by=user("samordnare"))
    assert error.messages == ["Begäran är redan avslutad."]


def test_who_submits_for_no_party_has_no_open_requests(laholm, user):
    request = InputRequestFactory(agreement=laholm)
    assert _open(user, "sakerhetschef", laholm, request) == []


def test_the_request_page_shows_who_answered_without_the_confidential_answers_title(
    laholm, user, client_as
):
    request = InputRequestFactory(agreement=laholm)
    polisen = laholm.parties.get(short_name="Polisen")
    SituationInputFactory(
        agreement=laholm,
        party=polisen,
        request=request,
        title="Hemlig kartläggning",
        sensitivity=SituationInput.Sensitivity.CONFIDENTIAL,
    )
    url = reverse("situation:request_detail", args=[laholm.pk, request.pk])
    page = client_as("forvaltning").get(url).content.decode()
    assert "Hemlig kartläggning" not in page
    assert "<strong>Polisen</strong>: har svarat" in page
    assert "<strong>Kriminalvården</strong>: har inte svarat" in page
    page = client_as("sakerhetschef").get(url).content.decode()
    assert "Hemlig kartläggning" in page


def test_the_coordinator_sends_a_request_from_the_form_and_it_keeps_what_was_typed_on_error(
    laholm, client_as
):
    client = client_as("samordnare")
    url = reverse("situation:request_create", args=[laholm.pk])
    response = client.post(url, {"title": "Inför mötet", "due_on": "2025-03-11"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dagen har redan passerat." in page
    assert 'value="Inför mötet"' in page
    response = client.post(url, {"title": "Inför mötet", "due_on": DUE.isoformat()})
    assert response.status_code == 302
    assert laholm.input_requests.filter(title="Inför mötet").count() == 1


def test_the_request_list_runs_the_same_queries_for_3_and_30_requests(
    laholm, client_as, django_assert_max_num_queries
):
    from tests.pages import page

    client = client_as("kommunpolis")
    url = reverse("situation:request_list", args=[laholm.pk])
    for count in (3, 30):
        InputRequestFactory.create_batch(count, agreement=laholm)
        with django_assert_max_num_queries(page("situation:request_list").queries):
            assert client.get(url).status_code == 200


def test_a_request_for_a_meeting_is_due_by_the_day_of_the_meeting(laholm, user):
    from tests.factories import MeetingFactory
    from tests.helpers import at_ten

    group = laholm.bodies.get(kind="operative")
    meeting = MeetingFactory(
        body=group,
        starts_at=at_ten(TODAY + timedelta(days=5)),
        ends_at=at_ten(TODAY + timedelta(days=5)) + timedelta(hours=2),
    )
    error = refusal(_send, laholm, user, meeting=meeting, due_on=TODAY + timedelta(days=6))
    assert error.message_dict["due_on"] == [
        "Underlaget ska inkomma senast på mötesdagen, så att det kan användas."
    ]
    assert _send(laholm, user, meeting=meeting, due_on=TODAY + timedelta(days=5)).meeting == meeting


def test_the_meeting_page_shows_its_requests_and_who_answered(laholm, user, client_as):
    meeting = laholm.meetings.filter(body__kind="operative").order_by("starts_at").first()
    request = InputRequestFactory(agreement=laholm, meeting=meeting, title="Inför mötet")
    SituationInputFactory(
        agreement=laholm, party=laholm.parties.get(short_name="Polisen"), request=request
    )
    url = reverse("councils:meeting", args=[laholm.pk, meeting.body_id, meeting.pk])
    page = client_as("forvaltning").get(url).content.decode()
    assert "Begärt underlag till mötet" in page and "Inför mötet" in page
    assert "Polisen har svarat" in page
    assert "Kriminalvården <strong>har inte svarat</strong>" in page
    # A signatory with no part in the situation picture is not shown it.
    page = client_as("ks-ordforande").get(url)
    assert page.status_code == 200
    assert "Begärt underlag till mötet" not in page.content.decode()
