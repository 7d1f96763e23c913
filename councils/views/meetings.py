"""Meetings: the calendar, the list, each meeting's page, and the convener's scheduling,
annual plan, agenda and standing items."""

import calendar
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.access import agreement_view
from samverkan.formpage import form_page, post_action
from samverkan.panels import panels_for
from samverkan.services import version_of

from ..access import CONVENE, body_view, meeting_view
from ..forms_meetings import (
    AgendaItemForm,
    MeetingCancelForm,
    MeetingForm,
    StandingItemForm,
    YearForm,
)
from ..models import AgendaItem, Meeting
from ..selectors import eligible_people, meeting_cadence, meetings_visible
from ..services import meetings as services
from . import invitations, minutes
from .common import meeting_url, refused


def _plan_url(body, year: int) -> str:
    return reverse("councils:annual_plan", args=[body.agreement_id, body.pk]) + f"?ar={year}"


def _standing_url(body) -> str:
    return reverse("councils:standing_items", args=[body.agreement_id, body.pk])


# --- reading ----------------------------------------------------------------------------


def _month(value: str | None) -> date:
    """The first day of the month `?manad=2025-03` names; this month when it names none."""
    try:
        first = datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        first = None
    if first is None or not 1900 <= first.year <= 2999:
        first = timezone.localdate().replace(day=1)
    return first


def _month_bounds(first: date) -> tuple[datetime, datetime]:
    following = (first + timedelta(days=31)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(following, time.min)),
    )


@agreement_view
def meeting_calendar(request, agreement):
    """A month of the meetings the user may see, as a table of weeks."""
    first = _month(request.GET.get("manad"))
    start, end = _month_bounds(first)
    meetings, bodies = meetings_visible(agreement, request.rights)
    by_day: dict[date, list] = {}
    for meeting in meetings.filter(starts_at__gte=start, starts_at__lt=end).select_related("body"):
        by_day.setdefault(meeting.date, []).append(meeting)
    weeks = [
        [(day, day.month == first.month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=31)).replace(day=1)
    return render(
        request,
        "councils/meetings/calendar.html",
        {
            "agreement": agreement,
            "month": first,
            "weeks": weeks,
            "weekdays": [date(2024, 1, day) for day in range(1, 8)],  # Monday to Sunday
            "today": timezone.localdate(),
            "previous": previous,
            "following": following,
            "convened_bodies": [b for b in bodies if request.rights.has(CONVENE, b)],
        },
    )


@agreement_view
def meeting_list(request, agreement):
    """The meetings the user may see, upcoming or past, of one body or all."""
    meetings, bodies = meetings_visible(agreement, request.rights)
    chosen = next((b for b in bodies if str(b.pk) == request.GET.get("organ", "")), None)
    if chosen is not None:
        meetings = meetings.filter(body=chosen)
    past = request.GET.get("visa") == "tidigare"
    now = timezone.now()
    if past:
        meetings = meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        meetings = meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")
    page = Paginator(meetings.select_related("body"), 25).get_page(request.GET.get("sida"))
    query = {"visa": "tidigare" if past else "kommande"}
    if chosen is not None:
        query["organ"] = chosen.pk
    return render(
        request,
        "councils/meetings/list.html",
        {
            "agreement": agreement,
            "page": page,
            "bodies": bodies,
            "chosen": chosen,
            "past": past,
            "query": "&".join(f"{k}={v}" for k, v in query.items()),
            "body_query": f"&organ={chosen.pk}" if chosen is not None else "",
            "convened_bodies": [b for b in bodies if request.rights.has(CONVENE, b)],
        },
    )


@meeting_view("councils.view_body")
def meeting_detail(request, agreement, body, meeting):
    items = (
        meeting.items.select_related("presenter__user", "presenter__party")
        .prefetch_related("subject")
        .order_by("order", "pk")
    )
    can_convene = request.rights.has(CONVENE, body)
    context = {
        "agreement": agreement,
        "body": body,
        "meeting": meeting,
        "items": items,
        "can_convene": can_convene,
        "can_edit": can_convene and not meeting.is_cancelled,
        "can_edit_agenda": can_convene and not meeting.is_cancelled and not meeting.minutes_locked,
        "can_cancel": can_convene and not meeting.is_cancelled and not meeting.has_ended(),
    }
    context |= invitations.meeting_page_context(request, meeting)
    context |= minutes.meeting_page_context(request, meeting)
    # What higher apps show for the meeting (the requests for input to it, say).
    context["panels"] = panels_for(request, meeting, place="meeting")
    return render(request, "councils/meetings/detail.html", context)


# --- scheduling -------------------------------------------------------------------------


@body_view(CONVENE)
@require_http_methods(["GET", "POST"])
def meeting_create(request, agreement, body):
    created: list[Meeting] = []

    def save(data):
        data.pop("expected_version", None)
        meeting = services.meeting_schedule(body=body, by=request.user, **data)
        created.append(meeting)
        if meeting.is_scheduled:
            return _("Mötet är kallat och kallelserna skickas.")
        return _("Mötet är planerat. Kalla till det när dagordningen är klar.")

    day = max(timezone.localdate() + timedelta(days=14), agreement.valid_from)
    initial = {
        "kind": Meeting.Kind.ORDINARY,
        "starts_at": timezone.make_aware(datetime.combine(day, services.PLAN_STARTS)),
        "ends_at": timezone.make_aware(datetime.combine(day, services.PLAN_ENDS)),
    }
    return form_page(
        request,
        MeetingForm(request.POST or None, initial=initial, body=body),
        save=save,
        success_url=lazy(lambda: meeting_url(created[0]), str)(),
        cancel_url=reverse("councils:meetings", args=[agreement.pk]),
        title=_("Nytt möte"),
        intro=_(
            "%(body)s. Mötet måste ligga inom överenskommelsens giltighetstid, %(start)s–%(end)s."
        )
        % {
            "body": body.name,
            "start": agreement.valid_from.isoformat(),
            "end": agreement.valid_to.isoformat(),
        },
        submit_label=_("Spara mötet"),
    )


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, agreement, body, meeting):
    if meeting.is_cancelled:
        messages.error(request, _("Mötet är inställt och kan inte ändras."))
        return redirect(meeting_url(meeting))
    form = MeetingForm(
        request.POST or None,
        initial=model_to_dict(meeting) | {"version": version_of(meeting)},
        body=body,
    )

    def save(data):
        services.meeting_update(meeting=meeting, by=request.user, **data)
        if meeting.is_scheduled:
            return _("Mötet är ändrat och de kallade får en uppdaterad kallelse.")
        return _("Mötet är ändrat.")

    return form_page(
        request,
        form,
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Ändra mötet"),
        intro=f"{body.name}, {meeting.when()}",
    )


@meeting_view(CONVENE)
@require_POST
def meeting_confirm(request, agreement, body, meeting):
    def run():
        services.meeting_confirm(meeting=meeting, by=request.user)
        return _("Mötet är kallat och kallelserna skickas.")

    return post_action(request, run, redirect_to=meeting_url(meeting))


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, agreement, body, meeting):
    def save(data):
        services.meeting_cancel(meeting=meeting, by=request.user, **data)
        if meeting.is_scheduled:
            return _("Mötet är inställt och de kallade får en avbokning.")
        return _("Mötet är inställt.")

    return form_page(
        request,
        MeetingCancelForm(request.POST or None),
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Ställ in mötet"),
        intro=f"{body.name}, {meeting.when()}",
        submit_label=_("Ställ in mötet"),
    )


# --- the annual plan --------------------------------------------------------------------


def _plan_year(request, agreement) -> int:
    first, last = agreement.valid_from.year, agreement.valid_to.year
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, first), last)


@body_view(CONVENE)
def annual_plan(request, agreement, body):
    year = _plan_year(request, agreement)
    meetings = list(body.meetings.in_year(year).order_by("starts_at", "pk"))
    cadence = next(row for row in meeting_cadence(body) if row.year == year)
    return render(
        request,
        "councils/meetings/annual_plan.html",
        {
            "agreement": agreement,
            "body": body,
            "year": year,
            "meetings": meetings,
            "cadence": cadence,
            "drafts": sum(1 for m in meetings if m.is_draft),
            "previous": year - 1 if year > agreement.valid_from.year else None,
            "following": year + 1 if year < agreement.valid_to.year else None,
        },
    )


def _year_posted(request) -> int | None:
    form = YearForm(request.POST)
    return form.cleaned_data["year"] if form.is_valid() else None


@body_view(CONVENE)
@require_POST
def annual_plan_propose(request, agreement, body):
    year = _year_posted(request) or timezone.localdate().year
    try:
        proposed = services.annual_plan_propose(body=body, year=year, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        if proposed:
            messages.success(
                request,
                _("%(count)s möten föreslogs för %(year)s. Justera dem och kalla sedan till dem.")
                % {"count": len(proposed), "year": year},
            )
        else:
            messages.info(
                request, _("Årets ordinarie möten är redan planerade. Inga nya föreslogs.")
            )
    return redirect(_plan_url(body, year))


@body_view(CONVENE)
@require_POST
def annual_plan_confirm(request, agreement, body):
    year = _year_posted(request) or timezone.localdate().year
    try:
        confirmed = services.annual_plan_confirm(body=body, year=year, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        if confirmed:
            messages.success(
                request,
                _("%(count)s möten är kallade och kallelserna skickas.")
                % {"count": len(confirmed)},
            )
        else:
            messages.info(request, _("Det finns inga föreslagna möten att kalla till."))
    return redirect(_plan_url(body, year))


# --- the agenda -------------------------------------------------------------------------


def _agenda_item(meeting, item_pk) -> AgendaItem:
    """An item of this meeting; another meeting's (a tampered id) is 404."""
    item = get_object_or_404(meeting.items.select_related("presenter__user"), pk=item_pk)
    item.meeting = meeting
    return item


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def agenda_item_create(request, agreement, body, meeting):
    def save(data):
        data.pop("expected_version", None)
        item = services.agenda_item_add(meeting=meeting, by=request.user, **data)
        return _("Punkten %(item)s är tillagd.") % {"item": item.title}

    return form_page(
        request,
        AgendaItemForm(request.POST or None, people=eligible_people(agreement)),
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Lägg till punkt på dagordningen"),
        intro=f"{body.name}, {meeting.when()}",
        submit_label=_("Lägg till"),
    )


@meeting_view(CONVENE)
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, agreement, body, meeting, item_pk):
    item = _agenda_item(meeting, item_pk)
    form = AgendaItemForm(
        request.POST or None,
        initial=model_to_dict(item) | {"version": version_of(item)},
        people=eligible_people(agreement),
    )

    def save(data):
        services.agenda_item_update(item=item, by=request.user, **data)
        return _("Punkten %(item)s är sparad.") % {"item": data["title"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=meeting_url(meeting),
        cancel_url=meeting_url(meeting),
        title=_("Ändra punkt på dagordningen"),
        intro=f"{body.name}, {meeting.when()}",
    )


@meeting_view(CONVENE)
@require_POST
def agenda_item_remove(request, agreement, body, meeting, item_pk):
    item = _agenda_item(meeting, item_pk)

    def run():
        services.agenda_item_remove(item=item, by=request.user)
        return _("Punkten %(item)s är borttagen.") % {"item": item.title}

    return post_action(request, run, redirect_to=meeting_url(meeting))


@meeting_view(CONVENE)
@require_POST
def agenda_item_move(request, agreement, body, meeting, item_pk):
    item = _agenda_item(meeting, item_pk)
    return post_action(
        request,
        lambda: services.agenda_item_move(
            item=item, direction=request.POST.get("riktning", ""), by=request.user
        ),
        redirect_to=meeting_url(meeting) + "#dagordning",
    )


# --- standing items ---------------------------------------------------------------------


@body_view(CONVENE)
def standing_items(request, agreement, body):
    return render(
        request,
        "councils/meetings/standing_items.html",
        {"agreement": agreement, "body": body, "items": body.standing_items.all()},
    )


@body_view(CONVENE)
@require_http_methods(["GET", "POST"])
def standing_item_create(request, agreement, body):
    def save(data):
        data.pop("expected_version", None)
        item = services.standing_item_add(body=body, by=request.user, **data)
        return _("Den stående punkten %(item)s är tillagd.") % {"item": item.title}

    return form_page(
        request,
        StandingItemForm(request.POST or None),
        save=save,
        success_url=_standing_url(body),
        cancel_url=_standing_url(body),
        title=_("Lägg till stående punkt"),
        intro=_("%(body)s. Nya möten får punkten på dagordningen.") % {"body": body.name},
        submit_label=_("Lägg till"),
    )


@body_view(CONVENE)
@require_http_methods(["GET", "POST"])
def standing_item_edit(request, agreement, body, item_pk):
    item = get_object_or_404(body.standing_items.all(), pk=item_pk)
    form = StandingItemForm(
        request.POST or None, initial=model_to_dict(item) | {"version": version_of(item)}
    )

    def save(data):
        services.standing_item_update(item=item, by=request.user, **data)
        return _("Den stående punkten %(item)s är sparad.") % {"item": data["title"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=_standing_url(body),
        cancel_url=_standing_url(body),
        title=_("Ändra stående punkt"),
        intro=_("%(body)s. Möten som redan är planerade behåller sina punkter.")
        % {"body": body.name},
    )


@body_view(CONVENE)
@require_POST
def standing_item_remove(request, agreement, body, item_pk):
    item = get_object_or_404(body.standing_items.all(), pk=item_pk)
    item.body = body
    services.standing_item_remove(item=item, by=request.user)
    messages.success(
        request, _("Den stående punkten %(item)s är borttagen.") % {"item": item.title}
    )
    return redirect(_standing_url(body))


@body_view(CONVENE)
@require_POST
def standing_item_move(request, agreement, body, item_pk):
    item = get_object_or_404(body.standing_items.all(), pk=item_pk)
    return post_action(
        request,
        lambda: services.standing_item_move(
            item=item, direction=request.POST.get("riktning", ""), by=request.user
        ),
        redirect_to=_standing_url(body),
    )
