"""The rosters of both bodies: reading them, their history, and the coordinator's edits."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.formpage import form_page, post_action
from samverkan.history import history_entries
from samverkan.services import person_invite, version_of

from .. import services
from ..access import body_view
from ..forms import FunctionForm, PersonInviteForm, SeatEndForm, SeatForm, SubstituteForm
from ..models import Seat, Substitute
from ..selectors import eligible_people, meeting_cadence, roster_history_querysets


def _roster_url(body) -> str:
    return reverse("councils:roster", args=[body.agreement_id, body.pk])


@body_view("councils.view_body")
def roster(request, agreement, body):
    today = timezone.localdate()
    seats = (
        Seat.objects.not_ended(today)
        .select_related("person__user", "person__party")
        .prefetch_related(
            Prefetch("substitutes", queryset=Substitute.objects.select_related("person__user"))
        )
    )
    functions = body.functions.select_related("party").prefetch_related(
        Prefetch("seats", queryset=seats)
    )
    groups: dict = {}
    for function in functions:
        groups.setdefault(function.party, []).append(function)
    party_order = {p.pk: p.order for p in groups}
    return render(
        request,
        "councils/roster.html",
        {
            "agreement": agreement,
            "body": body,
            "groups": sorted(
                groups.items(), key=lambda item: (party_order[item[0].pk], item[0].pk)
            ),
            "today": today,
            "convener": body.convener_function.title if body.convener_function_id else "",
            "convener_support": (
                body.convener_support_function.title if body.convener_support_function_id else ""
            ),
            "chair": body.chair_party,
            "can_manage": request.rights.has("councils.manage_roster", body),
            "can_convene": request.rights.has("councils.convene_body", body),
            "cadence": meeting_cadence(body),
        },
    )


@body_view("councils.view_body")
def roster_history(request, agreement, body):
    querysets, labels = roster_history_querysets(body)
    entries = history_entries(*querysets, labels=labels)
    page = Paginator(entries, 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "samverkan/history.html",
        {"agreement": agreement, "body": body, "page": page, "subject": body.name},
    )


@body_view("councils.manage_roster")
@require_http_methods(["GET", "POST"])
def function_create(request, agreement, body):
    def save(data):
        function = services.function_create(body=body, by=request.user, **data)
        return _("Funktionen %(f)s är tillagd.") % {"f": function.title}

    return form_page(
        request,
        FunctionForm(request.POST or None, agreement=agreement),
        save=save,
        success_url=_roster_url(body),
        cancel_url=_roster_url(body),
        title=_("Lägg till funktion"),
        intro=body.name,
    )


@body_view("councils.manage_roster")
@require_http_methods(["GET", "POST"])
def function_edit(request, agreement, body, function_pk):
    function = get_object_or_404(body.functions.all(), pk=function_pk)
    form = FunctionForm(
        request.POST or None,
        initial=model_to_dict(function) | {"version": version_of(function)},
        agreement=agreement,
    )

    def save(data):
        services.function_update(function=function, by=request.user, **data)
        return _("Funktionen %(f)s är sparad.") % {"f": data["title"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=_roster_url(body),
        cancel_url=_roster_url(body),
        title=_("Ändra %(f)s") % {"f": function.title},
        intro=body.name,
    )


@body_view("councils.manage_roster")
@require_POST
def function_remove(request, agreement, body, function_pk):
    function = get_object_or_404(body.functions.all(), pk=function_pk)

    def run():
        services.function_remove(function=function, by=request.user)
        return _("Funktionen %(f)s är borttagen.") % {"f": function.title}

    return post_action(request, run, redirect_to=_roster_url(body))


@body_view("councils.manage_roster")
@require_http_methods(["GET", "POST"])
def seat_assign(request, agreement, body, function_pk):
    function = get_object_or_404(body.functions.all(), pk=function_pk)
    form = SeatForm(
        request.POST or None,
        people=eligible_people(agreement),
        initial={"valid_from": timezone.localdate()},
    )

    def save(data):
        seat = services.seat_assign(function=function, by=request.user, **data)
        return _("%(p)s är tillsatt som %(f)s.") % {"p": seat.person.name, "f": function.title}

    return form_page(
        request,
        form,
        save=save,
        success_url=_roster_url(body),
        cancel_url=_roster_url(body),
        title=_("Tillsätt %(f)s") % {"f": function.title},
        intro=_(
            "%(body)s. Uppdraget måste ligga inom överenskommelsens giltighetstid, "
            "%(start)s–%(end)s."
        )
        % {
            "body": body.name,
            "start": agreement.valid_from.isoformat(),
            "end": agreement.valid_to.isoformat(),
        },
        submit_label=_("Tillsätt"),
        template="councils/seat_form.html",
        context={"body": body},
    )


@body_view("councils.manage_roster")
@require_http_methods(["GET", "POST"])
def seat_end(request, agreement, body, seat_pk):
    seat = get_object_or_404(
        Seat.objects.filter(function__body=body).select_related("function", "person__user"),
        pk=seat_pk,
    )

    # The convening function's holder hands over to a successor (services.seat_end).
    successors = None
    if seat.function_id == body.convener_function_id:
        successors = eligible_people(agreement).filter(party_id=seat.function.party.party_id)

    def save(data):
        services.seat_end(seat=seat, by=request.user, **data)
        if data.get("successor"):
            return _("Uppdraget för %(p)s är avslutat och %(s)s tar över.") % {
                "p": seat.person.name,
                "s": data["successor"].name,
            }
        return _("Uppdraget för %(p)s är avslutat.") % {"p": seat.person.name}

    return form_page(
        request,
        SeatEndForm(
            request.POST or None,
            initial={"valid_to": timezone.localdate()},
            successors=successors,
        ),
        save=save,
        success_url=_roster_url(body),
        cancel_url=_roster_url(body),
        title=_("Avsluta uppdrag"),
        intro=_("%(name)s som %(f)s i %(body)s.")
        % {"name": seat.person.name, "f": seat.function.title, "body": body.name},
        submit_label=_("Avsluta uppdraget"),
    )


@body_view("councils.manage_roster")
@require_http_methods(["GET", "POST"])
def substitute_add(request, agreement, body, seat_pk):
    seat = get_object_or_404(
        Seat.objects.filter(function__body=body).select_related("function", "person__user"),
        pk=seat_pk,
    )

    def save(data):
        substitute = services.substitute_add(seat=seat, by=request.user, **data)
        return _("%(p)s är ersättare för %(h)s.") % {
            "p": substitute.person.name,
            "h": seat.person.name,
        }

    return form_page(
        request,
        SubstituteForm(request.POST or None, people=eligible_people(agreement)),
        save=save,
        success_url=_roster_url(body),
        cancel_url=_roster_url(body),
        title=_("Utse ersättare"),
        intro=_("Ersättare för %(name)s som %(f)s i %(body)s.")
        % {"name": seat.person.name, "f": seat.function.title, "body": body.name},
        submit_label=_("Utse ersättare"),
    )


@body_view("councils.manage_roster")
@require_POST
def substitute_remove(request, agreement, body, substitute_pk):
    substitute = get_object_or_404(
        Substitute.objects.filter(seat__function__body=body).select_related(
            "person__user", "seat__person__user", "seat__function__body__agreement"
        ),
        pk=substitute_pk,
    )
    services.substitute_remove(substitute=substitute, by=request.user)
    messages.success(request, _("%(p)s är inte längre ersättare.") % {"p": substitute.person.name})
    return redirect(_roster_url(body))


@body_view("councils.manage_roster")
@require_http_methods(["GET", "POST"])
def person_invite_view(request, agreement, body):
    def save(data):
        # The token and uid are filled in by the service; the URL pattern is the project's.
        link = (
            request.build_absolute_uri(reverse("password_reset_confirm", args=["UID", "TOKEN"]))
            .replace("UID", "{uid}")
            .replace("TOKEN", "{token}")
        )
        person_invite(agreement=agreement, by=request.user, login_url=link, **data)
        # The same words whether the address had an account or not: what was typed.
        return _("En inbjudan har skickats till %(p)s, %(e)s.") % {
            "p": f"{data['first_name']} {data['last_name']}".strip(),
            "e": data["email"].strip().lower(),
        }

    return form_page(
        request,
        PersonInviteForm(request.POST or None, agreement=agreement),
        save=save,
        success_url=_roster_url(body),
        cancel_url=_roster_url(body),
        title=_("Lägg till person"),
        intro=_(
            "Personen får ett e-postmeddelande: med en länk för att välja lösenord, eller, "
            "om adressen redan har ett konto, en inbjudan att tacka ja till efter inloggning. "
            "När personen finns i personlistan kan du tillsätta hen i en funktion eller som "
            "ersättare."
        ),
        submit_label=_("Lägg till och skicka inbjudan"),
    )
