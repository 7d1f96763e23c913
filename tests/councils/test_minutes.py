"""Minutes and justering: the convener writes notes per agenda item and names the chair
(present for Kommunen, the chairing party) and one adjuster present for another party;
each approves the minutes in the app; once both have, the minutes are locked and a
correction is a dated addendum. The meeting page's minutes sections run a constant number
of queries."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Invitee
from councils.services import decisions, minutes
from councils.views.minutes import meeting_page_context
from samverkan.access import Rights
from samverkan.models import Event
from tests.factories import AgendaItemFactory, InviteeFactory, PersonFactory, held_meeting
from tests.helpers import NOW, STALE, TODAY, at_ten, person, refusal
from tests.html_helpers import text_of

from .minutes_helpers import (
    ABSENT,
    EXCUSED,
    LOCKED,
    PRESENT,
    agree_all,
    attend,
    decide,
    invitee,
    lock,
    party,
)

pytestmark = pytest.mark.usefixtures("without_the_demos_held_meeting")


@pytest.fixture
def samordnare(user):
    return user("samordnare")


@pytest.fixture
def meeting(council):
    """Laholm's council a week ago, everyone present, with three agenda items."""
    return held_meeting(council, items=3)


def url(meeting, name="meeting") -> str:
    return reverse(f"councils:{name}", args=[meeting.agreement_id, meeting.body_id, meeting.pk])


def name_signatories(meeting, by, chair="samordnare", adjuster="kommunpolis"):
    return minutes.minutes_signatories_set(
        meeting=meeting, chair=person(chair), adjuster=person(adjuster), by=by
    )


def approve(meeting, username):
    return minutes.minutes_approve(meeting=meeting, by=person(username).user)


# --- notes ---------------------------------------------------------------------------------


def test_the_convener_writes_the_minutes_per_agenda_item(meeting, samordnare):
    first, second, third = meeting.items.order_by("order")
    changed = minutes.minutes_update(
        meeting=meeting,
        minutes={first.pk: "  Lägesbilden presenterades.  ", second.pk: "", third.pk: "Noterat."},
        by=samordnare,
    )
    assert changed == 2
    assert list(meeting.items.order_by("order").values_list("minutes", flat=True)) == [
        "Lägesbilden presenterades.",
        "",
        "Noterat.",
    ]
    assert first.history.first().history_user == samordnare
    assert Event.objects.of_action("councils.minutes.changed").get().sentence == (
        f"Protokollet för {meeting} ändrades"
    )


def test_an_edit_of_the_minutes_someone_else_changed_meanwhile_is_refused(meeting, samordnare):
    item = meeting.items.first()
    seen = minutes.minutes_version(meeting)
    minutes.minutes_update(meeting=meeting, minutes={item.pk: "Först."}, by=samordnare)
    error = refusal(
        minutes.minutes_update,
        meeting=meeting,
        minutes={item.pk: "Sedan."},
        by=samordnare,
        expected_version=seen,
    )
    assert error.messages == [STALE]


def test_an_item_of_another_meeting_is_refused(meeting, council, samordnare):
    stranger = AgendaItemFactory(meeting=held_meeting(council, day=TODAY - timedelta(days=20)))
    error = refusal(
        minutes.minutes_update, meeting=meeting, minutes={stranger.pk: "Nej."}, by=samordnare
    )
    assert error.message_dict == {
        f"minutes_{stranger.pk}": ["Punkten hör inte till mötets dagordning."]
    }


def test_the_convener_writes_the_minutes_in_one_form(client_as, meeting):
    client = client_as("samordnare")
    form = client.get(url(meeting, "minutes_edit")).content.decode()
    assert "1. Punkt 1" in form and "3. Punkt 3" in form
    data = {f"minutes_{i.pk}": f"Om {i.title}." for i in meeting.items.all()}
    data["version"] = minutes.minutes_version(meeting)

    response = client.post(url(meeting, "minutes_edit"), data)

    assert response.status_code == 302
    page = client.get(url(meeting)).content.decode()
    assert "Om Punkt 2." in text_of(page.split('class="minutes"')[1])


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_may_not_write_the_minutes(client_as, meeting, method):
    assert getattr(client_as("sakerhetschef"), method)(
        url(meeting, "minutes_edit")
    ).status_code == (403)


def test_the_minutes_of_another_agreement_are_not_found(client_as, meeting):
    assert client_as("annan-kommun").get(url(meeting, "minutes_edit")).status_code == 404


# --- chair and adjuster ----------------------------------------------------------------------


def test_the_convener_names_a_chair_for_kommunen_and_an_adjuster_for_another_party(
    meeting, samordnare
):
    name_signatories(meeting, samordnare)
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.adjuster) == (person("samordnare"), person("kommunpolis"))
    assert Event.objects.of_action("councils.minutes.signatories_set").get().sentence == (
        f"Sara Lind är ordförande och Erik Sand justerare för protokollet från {meeting}"
    )


def test_the_chair_must_be_present_for_kommunen(meeting, samordnare):
    attend(meeting, samordnare, sakerhetschef=ABSENT)
    for chair in ("kommunpolis", "sakerhetschef"):
        error = refusal(name_signatories, meeting, samordnare, chair=chair, adjuster="lpo-chef")
        assert error.message_dict == {
            "chair": ["Ordföranden ska vara närvarande och företräda Kommunen."]
        }


def test_the_adjuster_must_be_present_for_another_party_than_the_chair(meeting, samordnare):
    attend(meeting, samordnare, frivardschef=EXCUSED)
    message = "Justeraren ska vara närvarande och företräda en annan part än ordföranden."
    for adjuster in ("laholmshem", "frivardschef", "samordnare"):
        error = refusal(name_signatories, meeting, samordnare, adjuster=adjuster)
        assert error.message_dict == {"adjuster": [message]}


def test_someone_not_invited_is_neither_chair_nor_adjuster(meeting, samordnare, staff):
    outsider = staff("Polisen")
    error = refusal(
        minutes.minutes_signatories_set,
        meeting=meeting,
        chair=outsider,
        adjuster=outsider,
        by=samordnare,
    )
    assert set(error.message_dict) == {"chair", "adjuster"}


def test_at_the_operative_group_the_chair_is_anyone_present_for_a_party(group, samordnare):
    meeting = held_meeting(group)
    minutes.minutes_signatories_set(
        meeting=meeting, chair=person("kommunpolis"), adjuster=person("frivard"), by=samordnare
    )
    error = refusal(
        minutes.minutes_signatories_set,
        meeting=meeting,
        chair=person("kommunpolis"),
        adjuster=person("kommunpolis"),
        by=samordnare,
    )
    assert list(error.message_dict) == ["adjuster"]


def test_the_convener_names_chair_and_adjuster_in_a_form_of_those_present(client_as, meeting):
    attend(meeting, person("samordnare").user, laholmshem=ABSENT)
    client = client_as("samordnare")
    form = client.get(url(meeting, "minutes_signatories")).content.decode()
    chair_options = form.split('name="chair"')[1].split("</select>")[0]
    assert "Sara Lind (Kommunen)" in chair_options
    assert "Maria Holm" not in chair_options and "Erik Sand" not in chair_options
    adjuster_options = form.split('name="adjuster"')[1].split("</select>")[0]
    assert "Erik Sand (Polisen)" in adjuster_options and "Sara Lind" not in adjuster_options

    response = client.post(
        url(meeting, "minutes_signatories"),
        {"chair": person("samordnare").pk, "adjuster": person("frivardschef").pk},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.adjuster == person("frivardschef")


# --- approval --------------------------------------------------------------------------------


def test_once_the_chair_and_the_adjuster_have_both_approved_the_minutes_are_locked(
    meeting, samordnare
):
    name_signatories(meeting, samordnare)
    assert not approve(meeting, "samordnare").minutes_locked
    locked = approve(meeting, "kommunpolis")

    assert locked.minutes_locked
    assert locked.chair_approved_at >= NOW and locked.adjuster_approved_at >= NOW
    sentences = [
        e.sentence
        for e in Event.objects.of_action("councils.minutes.approved", "councils.minutes.locked")
        .filter(object_id=meeting.pk)
        .order_by("pk")
    ]
    assert sentences == [
        f"Sara Lind godkände protokollet från {meeting}",
        f"Erik Sand godkände protokollet från {meeting}",
        f"Protokollet från {meeting} är justerat och låst",
    ]


@pytest.mark.parametrize("username", ["sakerhetschef", "lpo-chef", "frivardschef"])
def test_nobody_but_the_chair_and_the_adjuster_approves(meeting, samordnare, username):
    name_signatories(meeting, samordnare)
    with pytest.raises(PermissionDenied):
        approve(meeting, username)
    with pytest.raises(PermissionDenied):  # not even the convener, unless chair
        minutes.minutes_approve(
            meeting=held_meeting(meeting.body, day=TODAY - timedelta(days=3)), by=samordnare
        )


def test_each_approves_once(meeting, samordnare):
    name_signatories(meeting, samordnare)
    approve(meeting, "kommunpolis")
    assert refusal(approve, meeting, "kommunpolis").messages == [
        "Du har redan godkänt protokollet."
    ]


def test_minutes_are_approved_only_after_the_meeting(council, samordnare, time_machine):
    meeting = held_meeting(council)
    name_signatories(meeting, samordnare)
    time_machine.move_to(at_ten(meeting.date) - timedelta(hours=1))
    assert refusal(approve, meeting, "samordnare").messages == [
        "Protokollet kan godkännas först när mötet har hållits."
    ]


def test_a_change_after_one_approval_withdraws_it(meeting, samordnare):
    name_signatories(meeting, samordnare)
    approve(meeting, "samordnare")
    item = meeting.items.first()
    minutes.minutes_update(meeting=meeting, minutes={item.pk: "Ändrat."}, by=samordnare)
    meeting.refresh_from_db()
    assert meeting.chair_approved_at is None and not meeting.minutes_locked
    assert Event.objects.of_action("councils.minutes.approval_withdrawn").exists()


def test_naming_another_adjuster_drops_only_the_old_adjusters_approval(meeting, samordnare):
    name_signatories(meeting, samordnare)
    approve(meeting, "samordnare")
    name_signatories(meeting, samordnare, adjuster="lpo-chef")
    meeting.refresh_from_db()
    assert meeting.chair_approved_at is not None
    assert (meeting.adjuster, meeting.adjuster_approved_at) == (person("lpo-chef"), None)


def test_the_chair_approves_on_the_meeting_page(client_as, meeting, samordnare):
    name_signatories(meeting, samordnare)
    client = client_as("samordnare")
    page = client.get(url(meeting)).content.decode()
    assert url(meeting, "minutes_approve") in page

    response = client.post(url(meeting, "minutes_approve"), follow=True)

    html = response.content.decode()
    assert "Du har godkänt protokollet." in html
    assert url(meeting, "minutes_approve") not in html  # approved once
    assert "Erik Sand: har inte godkänt protokollet än" in text_of(html)


def test_the_second_approval_locks_the_minutes_on_the_page(client_as, meeting, samordnare):
    name_signatories(meeting, samordnare)
    approve(meeting, "samordnare")
    response = client_as("kommunpolis").post(url(meeting, "minutes_approve"), follow=True)
    html = response.content.decode()
    assert "Protokollet är justerat och låst." in html
    assert "Protokollet är justerat och låst. Rättelser görs som tillägg under protokollet." in html


@pytest.mark.parametrize("username", ["sakerhetschef", "frivardschef", "forvaltning"])
def test_anyone_else_who_posts_an_approval_gets_403(client_as, meeting, samordnare, username):
    name_signatories(meeting, samordnare)
    response = client_as(username).post(url(meeting, "minutes_approve"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.chair_approved_at is None and meeting.adjuster_approved_at is None


def test_an_approval_in_another_agreement_is_not_found(client_as, meeting, samordnare):
    name_signatories(meeting, samordnare)
    assert client_as("annan-kommun").post(url(meeting, "minutes_approve")).status_code == 404


def test_the_approval_is_post_only_for_the_chair_and_403_for_others(client_as, meeting, samordnare):
    name_signatories(meeting, samordnare)
    assert client_as("samordnare").get(url(meeting, "minutes_approve")).status_code == 405
    assert client_as("laholmshem").get(url(meeting, "minutes_approve")).status_code == 403


def test_after_the_agreement_has_ended_nobody_approves(
    client_as, meeting, samordnare, time_machine
):
    name_signatories(meeting, samordnare)
    time_machine.move_to(at_ten(meeting.agreement.valid_to + timedelta(days=1)))
    assert client_as("samordnare").post(url(meeting, "minutes_approve")).status_code == 403


# --- locked minutes --------------------------------------------------------------------------


def test_locked_minutes_refuse_every_edit_with_a_swedish_message(meeting, samordnare):
    lock(meeting, samordnare)
    item = meeting.items.first()
    refused = [
        refusal(minutes.minutes_update, meeting=meeting, minutes={item.pk: "x"}, by=samordnare),
        refusal(attend, meeting, samordnare, laholmshem=ABSENT),
        refusal(decide, meeting, samordnare),
        refusal(name_signatories, meeting, samordnare, adjuster="lpo-chef"),
    ]
    assert [error.messages for error in refused] == [[LOCKED]] * 4
    assert refusal(approve, meeting, "samordnare").messages == ["Protokollet är redan justerat."]
    assert item.decisions.count() == 0


@pytest.mark.parametrize("page", ["attendance", "minutes_edit", "minutes_signatories"])
def test_locked_minutes_send_the_convener_back_with_the_reason(client_as, meeting, page):
    lock(meeting, person("samordnare").user)
    response = client_as("samordnare").post(url(meeting, page), {}, follow=True)
    assert response.redirect_chain == [(url(meeting), 302)]
    assert LOCKED in response.content.decode()


def test_after_the_lock_a_correction_is_a_dated_addendum_under_the_minutes(
    client_as, meeting, samordnare
):
    item = meeting.items.first()
    minutes.minutes_update(meeting=meeting, minutes={item.pk: "Som beslutat."}, by=samordnare)
    lock(meeting, samordnare)
    client = client_as("samordnare")
    response = client.post(
        url(meeting, "addendum_add"), {"text": "Rättelse: mötet slutade 11.45."}, follow=True
    )

    assert "Tillägget är sparat under protokollet." in response.content.decode()
    addendum = meeting.addenda.get()
    assert (addendum.by, addendum.at >= NOW) == (samordnare, True)
    item.refresh_from_db()
    assert item.minutes == "Som beslutat."  # never an edit
    page = text_of(client_as("sakerhetschef").get(url(meeting)).content.decode())
    stamp = f"Tillägg {addendum.at.astimezone(NOW.tzinfo):%Y-%m-%d %H:%M}, Sara Lind"
    assert f"Tillägg efter justering {stamp} Rättelse: mötet slutade 11.45." in page


def test_an_addendum_before_the_lock_is_refused(meeting, samordnare):
    error = refusal(minutes.addendum_add, meeting=meeting, text="Rättelse.", by=samordnare)
    assert error.message_dict == {
        "text": [
            "Protokollet är inte justerat än. Ändra anteckningarna direkt i stället för att "
            "lägga till ett tillägg."
        ]
    }


def test_an_empty_addendum_is_refused(meeting, samordnare):
    lock(meeting, samordnare)
    error = refusal(minutes.addendum_add, meeting=meeting, text="  ", by=samordnare)
    assert error.message_dict == {"text": ["Detta fält får inte vara tomt."]}


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_may_not_add_an_addendum(client_as, meeting, method):
    lock(meeting, person("samordnare").user)
    assert (
        getattr(client_as("kommunpolis"), method)(url(meeting, "addendum_add")).status_code == 403
    )


# --- the meeting page's sections: constant queries ---------------------------------------------


def grow(meeting, n: int, by) -> None:
    """n agenda items, each with a decision and an assignment, n invitees (present, a
    substitute among them) and n addenda."""
    council = meeting.body
    for k in range(n):
        item = AgendaItemFactory(meeting=meeting, order=10 + k, minutes=f"Anteckning {k}.")
        InviteeFactory(
            meeting=meeting,
            person=PersonFactory(party=party(meeting, "Polisen").party),
            party=party(meeting, "Polisen"),
            attendance=PRESENT,
        )
        decision = decisions.decision_record(
            item=item, text=f"Beslut {k}", positions=agree_all(meeting), by=by
        )
        decisions.assignment_give(
            decision=decision,
            description=f"Uppdrag {k}.",
            responsible_party=party(meeting, "Polisen"),
            due_on=meeting.date + timedelta(days=30 + k),
            by=by,
        )
    InviteeFactory(
        meeting=meeting,
        person=person("frivard"),
        role=Invitee.Role.SUBSTITUTE,
        replaces=invitee(meeting, "frivardschef"),
        attendance=PRESENT,
    )
    assert council.meetings.count() >= 1


def queries_of_the_sections(meeting, username) -> tuple[int, str]:
    request = RequestFactory().get("/")
    request.user = person(username).user
    request.rights = Rights(request.user, meeting.agreement)
    with CaptureQueriesContext(connection) as captured:
        context = meeting_page_context(request, meeting) | {"request": request}
        html = "".join(
            render_to_string(f"councils/meetings/_{name}.html", context)
            for name in ("attendance", "minutes", "decisions")
        )
    return len(captured.captured_queries), html


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis"])
def test_the_sections_run_the_same_queries_with_5_and_50_items_and_invitees(
    council, samordnare, username
):
    counts = {}
    for n in (5, 50):
        meeting = held_meeting(council, day=TODAY - timedelta(days=10 + n))
        grow(meeting, n, samordnare)
        meeting = name_signatories(meeting, samordnare)
        later = held_meeting(council, day=TODAY - timedelta(days=1 + n / 10))
        counts[n], html = queries_of_the_sections(meeting, username)
        assert html.count("Beslut fattat:") == n
        assert html.count("Anteckning ") == n
        counts[f"{n} later"], html = queries_of_the_sections(later, username)
        assert html.count("Uppdrag ") >= n  # the assignments the next council follows up
    assert counts[5] == counts[50]
    assert counts["5 later"] == counts["50 later"]
    assert counts[50] <= 16
