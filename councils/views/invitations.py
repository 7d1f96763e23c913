"""Invitations: the meeting page's invitees and deliveries (`meeting_page_context`), the
convener's pages to call guests, presenters and "vid behov" functions, apologies, the
retry of undelivered e-mail, and each user's calendar feed.

The convener (convene_body) calls people and retries; a member sends their own apologies
while the agreement runs, the convener anyone's. The calendar feed answers without a login
to whoever has its secret address, and to nobody once it is renewed or revoked.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from guardian.shortcuts import get_objects_for_user

from samverkan.formpage import form_page, post_action
from samverkan.models import OutboundMessage

from .. import ical
from ..access import CONVENE, agreement_runs, meeting_view
from ..forms_invitations import AsNeededForm, GuestForm, PresenterForm
from ..models import AgendaItem, Body, CalendarFeed, Invitee, Meeting
from ..selectors import eligible_people
from ..services import invitations as services
from .common import meeting_url


def _open(meeting: Meeting) -> bool:
    """Whether people may still be called or excused: convened or planned, not begun."""
    return not meeting.is_cancelled and meeting.starts_at > timezone.now()


# --- the meeting page ----------------------------------------------------------------------


class Row:
    """One invitee as the meeting page shows them, with their latest message."""

    def __init__(self, invitee: Invitee, message: OutboundMessage | None, can_excuse: bool):
        self.invitee = invitee
        self.message = message
        self.can_excuse = can_excuse

    @property
    def state(self) -> str:
        """The delivery state's label; "Inte skickad" before the meeting is convened."""
        if self.message is None:
            return _("Inte skickad")
        return self.message.get_state_display()

    @property
    def state_code(self) -> str:
        return self.message.state if self.message else "none"


def meeting_page_context(request, meeting) -> dict:
    """What the meeting page's invitations partials need, loaded in a constant number of
    queries: the invitees with function, party and whom they replace, each with the state
    of the latest message sent to them, and what the user may do."""
    invitees = list(
        meeting.invitees.select_related("person", "function", "party", "replaces").order_by(
            F("party__order").asc(nulls_last=True),
            F("party_id").asc(nulls_last=True),
            F("function__order").asc(nulls_last=True),
            "pk",
        )
    )
    latest: dict[str, OutboundMessage] = {}
    messages_about = OutboundMessage.objects.about(meeting).only(
        "to", "state", "kind", "attempts", "last_error", "created_at", "sent_at"
    )
    for message in messages_about.order_by("created_at", "pk"):
        latest[message.to] = message
    can_convene = request.rights.has(CONVENE, meeting.body)
    is_open = _open(meeting)
    acting = agreement_runs(meeting.agreement)
    user_id = request.user.pk
    rows, own_row = [], None
    for invitee in invitees:
        own = invitee.person_id is not None and invitee.person.user_id == user_id
        can_excuse = (
            is_open
            and acting
            and invitee.attendance != Invitee.Attendance.EXCUSED
            and (can_convene or own)
        )
        row = Row(invitee, latest.get(invitee.email), can_excuse)
        rows.append(row)
        if own and can_excuse:
            own_row = row
    undelivered = [m for m in latest.values() if m.state != OutboundMessage.State.SENT]
    return {
        "invitation_rows": rows,
        "invitation_own_row": own_row,
        "invitation_any_excuse": any(row.can_excuse for row in rows),
        "invitation_can_call": can_convene and acting and is_open,
        "invitation_can_retry": can_convene and acting and bool(undelivered),
        "invitation_undelivered": len(undelivered),
        "invitation_failed": sum(m.state == OutboundMessage.State.FAILED for m in undelivered),
    }


# --- the convener's pages ------------------------------------------------------------------


def _closed(request, meeting):
    """A meeting that has begun or is cancelled takes no more invitees."""
    if meeting.is_cancelled:
        messages.error(request, _("Mötet är inställt."))
    else:
        messages.error(request, _("Mötet har redan börjat."))
    return redirect(meeting_url(meeting))


def _intro(meeting: Meeting) -> str:
    text = f"{meeting.body.name}, {meeting.when()}."
    if meeting.is_scheduled:
        text += " " + _("Den du kallar får en kallelse med kalenderfil direkt.")
    else:
        text += " " + _("Kallelsen skickas när du kallar till mötet.")
    return text


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def guest_add(request, agreement, body, meeting):
    if not _open(meeting):
        return _closed(request, meeting)

    def save(data):
        invitee = services.invitee_add_guest(meeting=meeting, by=request.user, **data)
        return _("%(name)s är kallad som adjungerad.") % {"name": invitee.name}

    return form_page(
        request,
        GuestForm(request.POST or None),
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Adjungera en gäst"),
        intro=_intro(meeting),
        submit_label=_("Kalla gästen"),
    )


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def presenter_add(request, agreement, body, meeting):
    if not _open(meeting):
        return _closed(request, meeting)

    def save(data):
        invitee = services.invitee_add_presenter(meeting=meeting, by=request.user, **data)
        return _("%(name)s är kallad som föredragande.") % {"name": invitee.name}

    return form_page(
        request,
        PresenterForm(request.POST or None, people=eligible_people(agreement)),
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Kalla en föredragande"),
        intro=_intro(meeting),
        submit_label=_("Kalla föredraganden"),
    )


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def function_invite(request, agreement, body, meeting):
    if not _open(meeting):
        return _closed(request, meeting)

    def save(data):
        invitees = services.invitees_add_function(meeting=meeting, by=request.user, **data)
        return _("%(names)s är kallad.") % {"names": ", ".join(i.name for i in invitees)}

    return form_page(
        request,
        AsNeededForm(request.POST or None, body=body),
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Kalla en funktion vid behov"),
        intro=_intro(meeting),
        submit_label=_("Kalla"),
    )


@meeting_view("councils.view_body")
def invitee_excuse(request, agreement, body, meeting, invitee_pk):
    """POST: apologies for the invitee, sent by themself or by the convener. Who may is
    checked before the method, as everywhere: 403 before 405."""
    invitee = get_object_or_404(
        meeting.invitees.select_related("person", "function", "party"), pk=invitee_pk
    )
    own = invitee.person_id is not None and invitee.person.user_id == request.user.pk
    if not (request.rights.has(CONVENE, body) or (own and agreement_runs(agreement))):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    def run():
        substitute = services.invitee_excuse(invitee=invitee, by=request.user)
        if substitute is None:
            return _("Förhinder är anmält för %(name)s.") % {"name": invitee.name}
        return _("Förhinder är anmält för %(name)s. Ersättaren %(substitute)s är kallad.") % {
            "name": invitee.name,
            "substitute": substitute.name,
        }

    return post_action(request, run, redirect_to=meeting_url(meeting))


@meeting_view(CONVENE)
@require_POST
def invitations_retry(request, agreement, body, meeting):
    count = services.invitations_retry(meeting=meeting, by=request.user)
    if count:
        messages.success(
            request,
            _("%(count)s meddelanden skickas igen. Se leveransstatus nedan.") % {"count": count},
        )
    else:
        messages.info(request, _("Alla kallelser är redan levererade."))
    return redirect(meeting_url(meeting))


# --- the calendar feed ---------------------------------------------------------------------


def _feed_url(request, feed: CalendarFeed | None) -> str:
    if feed is None:
        return ""
    return request.build_absolute_uri(reverse("councils:calendar_feed_ics", args=[feed.token]))


@login_required
def calendar_feed(request):
    """The user's own calendar address: create, renew or revoke it."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = _feed_url(request, feed)
    return render(
        request,
        "councils/invitations/calendar_feed.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://"),
        },
    )


@login_required
@require_POST
def calendar_feed_renew(request):
    _feed, created = services.calendar_feed_renew(user=request.user)
    if created:
        messages.success(request, _("Din kalenderadress är skapad."))
    else:
        messages.success(
            request, _("Du har fått en ny kalenderadress. Den gamla fungerar inte längre.")
        )
    return redirect("councils:calendar_feed")


@login_required
@require_POST
def calendar_feed_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Kalenderadressen är borttagen och fungerar inte längre."))
    else:
        messages.info(request, _("Du har ingen kalenderadress."))
    return redirect("councils:calendar_feed")


# How far back the feed reaches: the past year's meetings, and every one to come.
FEED_HISTORY = timedelta(days=366)


def calendar_feed_ics(request, token: str):
    """The meetings of every body the feed's owner may see, across their agreements: no
    login, the secret address is the key. An unknown or revoked address is 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    bodies = get_objects_for_user(
        feed.user,
        "councils.view_body",
        klass=Body,
        accept_global_perms=False,
        with_superuser=False,
    )
    meetings = (
        Meeting.objects.filter(body__in=bodies, ends_at__gte=timezone.now() - FEED_HISTORY)
        .exclude(status=Meeting.Status.DRAFT)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("presenter__user").order_by(
                    "order", "pk"
                ),
            )
        )
        .order_by("starts_at", "pk")
    )
    response = HttpResponse(
        ical.feed(meetings, name=_("Samverkan – möten")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="samverkan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
