"""Requests for input: before a meeting of the operative group the coordinator asks every
party for current information ("ska inkomma med aktuell information") by a due date. Whoever
submits input for a party is told by e-mail (through the outbox) and sees the request on
the situation pages until the party has answered or the request is closed."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from councils.access import agreement_runs
from samverkan.mail import message_queue
from samverkan.services import _save, event_log

from ..access import service_requires
from ..guard import check_text
from ..models import MANAGE, InputRequest

REQUEST_KIND = "situation.request"


def _check(request: InputRequest) -> None:
    agreement = request.agreement
    if not agreement_runs(agreement):
        raise ValidationError(_("Överenskommelsen har upphört; ingen kan längre begära underlag."))
    if request.due_on and not agreement.covers(request.due_on):
        raise ValidationError(
            {"due_on": _("Dagen måste ligga inom överenskommelsens giltighetstid.")}
        )
    if request.meeting_id and request.meeting.agreement_id != agreement.pk:
        raise ValidationError({"meeting": _("Mötet hör inte till överenskommelsen.")})
    if request.meeting_id and request.due_on > timezone.localdate(request.meeting.starts_at):
        raise ValidationError(
            {"due_on": _("Underlaget ska inkomma senast på mötesdagen, så att det kan användas.")}
        )


def _submitters(agreement) -> list:
    """(party, [users]) for each party: whoever may submit input for it (the rosters'
    rights, councils/roles.py), with an e-mail address."""
    result = []
    for party in agreement.parties.select_related("party"):
        users = get_users_with_perms(
            party, only_with_perms_in=["submit_input_for_party"], with_superusers=False
        )
        result.append((party, [u for u in users if u.email and u.is_active]))
    return result


def _notify(request: InputRequest, by) -> None:
    path = reverse("situation:input_create", args=[request.agreement_id])
    url = f"{settings.SITE_URL}{path}?request={request.pk}"
    sender = getattr(by, "email", "") or ""
    for party, users in _submitters(request.agreement):
        for user in users:
            with translation.override("sv"):
                body = render_to_string(
                    "situation/email/request.txt",
                    {"request": request, "party": party, "user": user, "url": url},
                )
                subject = _("Begäran om underlag: %(title)s") % {"title": request.title}
            message_queue(
                to=user.email,
                subject=subject,
                body=body,
                kind=REQUEST_KIND,
                agreement=request.agreement,
                about=request,
                reply_to=sender,
            )


@transaction.atomic
def request_send(*, agreement, title: str, due_on: date, by, message: str = "", meeting=None):
    """Ask every party for current information by `due_on`, optionally for a meeting."""
    service_requires(by, MANAGE, agreement)
    request = InputRequest(
        agreement=agreement,
        title=title,
        message=message,
        due_on=due_on,
        meeting=meeting,
        created_by=by if getattr(by, "pk", None) else None,
    )
    check_text(title, field_label=_("rubrik"))
    check_text(message, field_label=_("meddelande"))
    _check(request)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Dagen har redan passerat.")})
    _save(request, by)
    event_log(
        agreement=agreement,
        actor=by,
        action="situation.request.sent",
        obj=request,
        data={"request": request.title, "due": due_on.isoformat()},
    )
    _notify(request, by)
    return request


@transaction.atomic
def request_close(*, request: InputRequest, by) -> InputRequest:
    """Close a request: it no longer shows as open to the parties."""
    service_requires(by, MANAGE, request.agreement)
    request = InputRequest.objects.select_for_update().get(pk=request.pk)
    if request.closed:
        raise ValidationError(_("Begäran är redan avslutad."))
    if not agreement_runs(request.agreement):
        raise ValidationError(_("Överenskommelsen har upphört; ingen kan längre begära underlag."))
    request.closed = True
    _save(request, by, fields=["closed"])
    event_log(
        agreement=request.agreement,
        actor=by,
        action="situation.request.closed",
        obj=request,
        data={"request": request.title},
    )
    return request
