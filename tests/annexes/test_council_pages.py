"""The pages that put an annex version before the strategic council and show it there:
the present page (councils:annex_version_present), the council's panel on the version's
page, the agenda item on the meeting page and the decision form for it."""

from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Body, Meeting
from councils.services import annexes as council_annexes
from councils.views.annexes import version_panel
from samverkan import annexes
from samverkan.access import Rights
from samverkan.models import AnnexVersion
from samverkan.panels import panels_for
from tests.factories import MeetingFactory, held_meeting
from tests.helpers import TODAY, at_ten
from tests.html_helpers import text_of

from .conftest import snapshot
from .council_helpers import fresh_draft

State = AnnexVersion.State


@pytest.fixture
def draft(laholm, plan_annex, coordinator) -> AnnexVersion:
    return fresh_draft(laholm, plan_annex, coordinator)


def present_url(version) -> str:
    return reverse("councils:annex_version_present", args=[version.agreement_id, version.pk])


def meeting_url(meeting) -> str:
    return reverse("councils:meeting", args=[meeting.agreement_id, meeting.body_id, meeting.pk])


def version_url(version) -> str:
    return reverse("samverkan:version", args=[version.agreement_id, version.pk])


def put(version, meeting, by):
    return council_annexes.annex_version_put_on_agenda(version=version, meeting=meeting, by=by)


@pytest.fixture
def no_coming_council_meeting(council):
    """The council has no meeting ahead (the demo's coming ones are cancelled)."""
    Meeting.objects.filter(body=council, starts_at__gt=at_ten(TODAY)).update(
        status=Meeting.Status.CANCELLED, cancelled_reason="Flyttas."
    )


# --- the present page -------------------------------------------------------------------


def test_the_present_page_offers_the_councils_coming_meetings(
    client_as, draft, next_meeting, laholm, django_assert_max_num_queries
):
    group = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)
    of_group = MeetingFactory(body=group, starts_at=at_ten(TODAY + timedelta(days=2)))
    client = client_as("samordnare")
    client.get(present_url(draft))
    with django_assert_max_num_queries(16):
        response = client.get(present_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    label = f"Strategiskt råd {next_meeting.date.isoformat()} 10:00, Kommunhuset, Laholm"
    assert f'<option value="{next_meeting.pk}"' in html and label in html
    assert f'value="{of_group.pk}"' not in html
    assert draft.content_hash[:12] in text_of(html)
    assert reverse("samverkan:version_compare", args=[draft.agreement_id, draft.pk]) in html


def test_putting_a_version_on_the_agenda_goes_to_the_meeting_with_a_message(
    client_as, draft, next_meeting
):
    response = client_as("samordnare").post(present_url(draft), {"meeting": next_meeting.pk})
    item = next_meeting.items.get()
    assert response.status_code == 302
    assert response["Location"] == f"{meeting_url(next_meeting)}#punkt-{item.pk}"
    [message] = get_messages(response.wsgi_request)
    assert str(message) == (
        f"{draft} är uppsatt på dagordningen för {next_meeting} som punkt 1 och "
        "föredras med sin kontrollsumma."
    )
    draft.refresh_from_db()
    assert draft.state == State.PRESENTED


def test_a_meeting_of_the_operative_group_is_not_a_choice_and_keeps_the_form(
    client_as, draft, laholm
):
    group = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)
    of_group = MeetingFactory(body=group)
    response = client_as("samordnare").post(present_url(draft), {"meeting": of_group.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["meeting"]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_a_refusal_of_the_service_is_shown_on_the_form(client_as, draft, next_meeting):
    AnnexVersion.objects.filter(pk=draft.pk).update(html="<p>Ändrat</p>")
    response = client_as("samordnare").post(present_url(draft), {"meeting": next_meeting.pk})
    assert response.status_code == 200
    assert "Versionens innehåll stämmer inte med dess kontrollsumma." in response.content.decode()
    assert not next_meeting.items.exists()


def test_without_a_coming_meeting_the_page_links_to_planning_one(
    client_as, draft, council, no_coming_council_meeting
):
    response = client_as("samordnare").get(present_url(draft))
    html = response.content.decode()
    assert "Inget kommande möte i strategiska rådet är planerat." in html
    assert reverse("councils:meeting_create", args=[council.agreement_id, council.pk]) in html
    assert 'name="meeting"' not in html


def test_a_version_already_presented_goes_back_to_its_page(client_as, draft, next_meeting):
    put(draft, next_meeting, None)
    response = client_as("samordnare").get(present_url(draft))
    assert response.status_code == 302 and response["Location"] == version_url(draft)


def test_a_council_member_who_does_not_convene_gets_403(client_as, draft, next_meeting):
    client = client_as("kommunpolis")
    assert client.get(present_url(draft)).status_code == 403
    assert client.post(present_url(draft), {"meeting": next_meeting.pk}).status_code == 403
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_an_outsider_gets_404(client_as, draft, next_meeting):
    client = client_as("annan-kommun")
    assert client.get(present_url(draft)).status_code == 404
    assert client.post(present_url(draft), {"meeting": next_meeting.pk}).status_code == 404


def test_anonymous_is_sent_to_log_in(client, draft):
    response = client.get(present_url(draft))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_version_of_another_agreement_is_not_found_under_this_one(
    client_as, laholm, laholm_renewal, coordinator
):
    other = annexes.annex_version_make(
        agreement=laholm_renewal,
        annex=laholm_renewal.annexes.order_by("number").first(),
        snapshot=snapshot(),
        by=coordinator,
    )
    url = reverse("councils:annex_version_present", args=[laholm.pk, other.pk])
    assert client_as("samordnare").get(url).status_code == 404


def test_the_agreements_own_text_has_no_present_page(client_as, laholm, coordinator):
    own = annexes.agreement_version_make(agreement=laholm, by=coordinator)
    assert client_as("samordnare").get(present_url(own)).status_code == 404


# --- the panel on the version's page ----------------------------------------------------


def panel_as(username, version, user, assert_queries=None):
    """The council's panel on the version's page as the user sees it (the rights read
    afresh, as on a page of its own), rendered; None when it shows nothing. With
    `assert_queries`, asserts the bound on the panel and its rendering together."""
    request = RequestFactory().get(version_url(version))
    request.user = user(username)
    request.rights = Rights(request.user, version.agreement)
    request.agreement = version.agreement
    with assert_queries or nullcontext():
        shown = version_panel(request, version)
        if shown is None:
            return None
        template, context = shown
        # Without the request: its context processors (the navigation) are the page's.
        return render_to_string(template, {"panel": context, "csrf_token": "token"})


def test_the_panel_offers_the_convener_the_coming_meetings(
    draft, next_meeting, council, user, django_assert_max_num_queries
):
    panel_as("samordnare", draft, user)
    html = panel_as("samordnare", draft, user, django_assert_max_num_queries(5))
    assert f'action="{present_url(draft)}"' in html
    assert f'<option value="{next_meeting.pk}"' in html
    for days in range(8, 13):
        held_meeting(council, day=TODAY + timedelta(days=days), items=0)
    html = panel_as("samordnare", draft, user, django_assert_max_num_queries(5))
    assert html.count("<option") >= 6


def test_the_panel_shows_a_draft_to_no_other_member(draft, next_meeting, user):
    assert panel_as("kommunpolis", draft, user) is None
    assert panel_as("ks-ordforande", draft, user) is None


def test_the_panel_says_no_meeting_is_planned_and_links_to_planning_one(
    draft, council, user, no_coming_council_meeting
):
    html = panel_as("samordnare", draft, user)
    assert "Inget kommande möte i strategiska rådet är planerat." in html
    assert reverse("councils:meeting_create", args=[council.agreement_id, council.pk]) in html


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis", "laholmshem"])
def test_the_panel_shows_every_member_the_meeting_a_presented_version_is_on(
    draft, next_meeting, coordinator, user, username, django_assert_max_num_queries
):
    item = put(draft, next_meeting, coordinator)
    draft.refresh_from_db()
    panel_as(username, draft, user)
    html = panel_as(username, draft, user, django_assert_max_num_queries(4))
    assert f'href="{meeting_url(next_meeting)}#punkt-{item.pk}"' in html
    assert f"Punkt 1 på dagordningen för {next_meeting}" in text_of(html)
    assert draft.presented_hash[:12] in html


def test_the_panel_names_a_proposed_meeting_without_linking_it_for_members(
    draft, council, coordinator, user
):
    proposal = held_meeting(
        council, day=TODAY + timedelta(days=7), items=0, status=Meeting.Status.DRAFT
    )
    put(draft, proposal, coordinator)
    draft.refresh_from_db()
    assert meeting_url(proposal) not in panel_as("kommunpolis", draft, user)
    assert meeting_url(proposal) in panel_as("samordnare", draft, user)


def test_the_panel_is_registered_for_the_version_page(draft, next_meeting, user):
    request = RequestFactory().get(version_url(draft))
    request.user = user("samordnare")
    request.rights = Rights(request.user, draft.agreement)
    templates = [t for t, _c in panels_for(request, draft, place="annex_version")]
    assert "councils/annexes/_version_panel.html" in templates


def test_the_agreements_own_text_gets_no_panel(laholm, coordinator, user):
    own = annexes.agreement_version_make(agreement=laholm, by=coordinator)
    assert panel_as("samordnare", own, user) is None


# --- the meeting page -------------------------------------------------------------------


def test_the_meeting_page_shows_the_version_its_state_and_links(
    client_as, draft, next_meeting, coordinator
):
    put(draft, next_meeting, coordinator)
    html = client_as("kommunpolis").get(meeting_url(next_meeting)).content.decode()
    compare = reverse("samverkan:version_compare", args=[draft.agreement_id, draft.pk])
    assert f'<a href="{version_url(draft)}">{draft}</a>' in html
    assert f'href="{compare}"' in html
    assert f"Ärende: {draft} (Föredragen för strategiska rådet)." in text_of(html)


def test_the_meeting_page_runs_as_many_queries_with_three_versions_as_with_one(
    client_as, laholm, draft, next_meeting, coordinator
):
    put(draft, next_meeting, coordinator)
    client = client_as("samordnare")
    client.get(meeting_url(next_meeting))
    with CaptureQueriesContext(connection) as one:
        client.get(meeting_url(next_meeting))
    for number in (1, 2):
        version = annexes.annex_version_make(
            agreement=laholm,
            annex=laholm.annexes.get(number=number),
            snapshot=snapshot(title=f"Bilaga {number} 2025"),
            by=coordinator,
        )
        put(version, next_meeting, coordinator)
    with CaptureQueriesContext(connection) as three:
        html = client.get(meeting_url(next_meeting)).content.decode()
    assert html.count("Föredragen för strategiska rådet") == 3
    assert len(three) == len(one)


# --- the decision form ------------------------------------------------------------------


def decision_url(item) -> str:
    m = item.meeting
    return reverse("councils:decision_record", args=[m.agreement_id, m.body_id, m.pk, item.pk])


def test_the_decision_form_names_the_version_and_the_hash_it_was_presented_with(
    client_as, draft, next_meeting, coordinator, time_machine
):
    item = put(draft, next_meeting, coordinator)
    draft.refresh_from_db()
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)) + timedelta(hours=1))
    response = client_as("samordnare").get(decision_url(item))
    text = text_of(response.content.decode())
    assert (
        f"Punkten gäller {draft} (Åtgärdsplan 2025), föredragen med kontrollsumman "
        f"{draft.presented_hash[:12]}. Ett fattat beslut beslutar versionen"
    ) in text
    assert response.context["form"].initial["text"] == (
        f"Strategiska rådet beslutar att anta {draft}: Åtgärdsplan 2025."
    )
    assert "Innehållet har ändrats" not in text


def test_the_decision_form_warns_when_the_content_changed_after_presenting(
    client_as, draft, next_meeting, coordinator, time_machine
):
    item = put(draft, next_meeting, coordinator)
    AnnexVersion.objects.filter(pk=draft.pk).update(html="<p>Ändrat</p>")
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)) + timedelta(hours=1))
    response = client_as("samordnare").get(decision_url(item))
    assert "Innehållet har ändrats sedan det föredrogs och kan inte beslutas." in text_of(
        response.content.decode()
    )
