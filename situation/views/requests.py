"""Requests for input: the list and a request's answers for everyone in the situation
picture; sending and closing for the coordinator (manage_situation)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.formpage import form_page, post_action

from ..access import situation_perm_view, situation_view
from ..forms.requests import RequestForm
from ..models import MANAGE, SituationInput
from ..selectors import requests_with_answers
from ..services import requests as services


def _list_url(agreement) -> str:
    return reverse("situation:request_list", args=[agreement.pk])


@situation_view
def request_list(request, agreement):
    parties = list(agreement.parties.all())
    requests = requests_with_answers(agreement.input_requests.order_by("closed", "-due_on", "-pk"))
    page = Paginator(requests, 25).get_page(request.GET.get("sida"))
    for each in page.object_list:
        answered = {i.party_id for i in each.answers}
        each.party_answers = [(party, party.pk in answered) for party in parties]
    return render(
        request,
        "situation/request_list.html",
        {"agreement": agreement, "page": page, "manages": request.rights.has(MANAGE)},
    )


@situation_perm_view(MANAGE)
def request_create(request, agreement):
    initial = {"meeting": request.GET.get("meeting")} if request.GET.get("meeting") else {}
    form = RequestForm(request.POST or None, initial=initial, agreement=agreement)

    def save(data):
        services.request_send(agreement=agreement, by=request.user, **data)
        return _("Begäran är skickad till parterna.")

    return form_page(
        request,
        form,
        save=save,
        success_url=_list_url(agreement),
        cancel_url=_list_url(agreement),
        title=_("Begär aktuell information"),
        intro=_(
            "Alla parter ombeds inkomma med aktuell information till lägesbilden. De som "
            "lämnar underlag för en part får ett e-postmeddelande och ser begäran i Samverkan."
        ),
        submit_label=_("Skicka begäran"),
    )


@situation_view
def request_detail(request, agreement, request_pk):
    input_request = get_object_or_404(
        agreement.input_requests.select_related("meeting__body", "created_by"), pk=request_pk
    )
    # The answers the reader may see; a party counts as having answered whether or not
    # the reader may read its answer (a confidential one, say).
    answers = SituationInput.objects.filter(request=input_request).exclude(
        status=SituationInput.Status.DRAFT
    )
    answered = set(answers.values_list("party_id", flat=True))
    visible = list(
        answers.current()
        .visible_to(request.rights)
        .select_related("party", "area", "category")
        .order_by("party__order", "-submitted_at")
    )
    parties = [
        (party, party.pk in answered, [a for a in visible if a.party_id == party.pk])
        for party in agreement.parties.all()
    ]
    return render(
        request,
        "situation/request_detail.html",
        {
            "agreement": agreement,
            "input_request": input_request,
            "parties": parties,
            "manages": request.rights.has(MANAGE),
        },
    )


@situation_perm_view(MANAGE)
@require_POST
def request_close(request, agreement, request_pk):
    input_request = get_object_or_404(agreement.input_requests.all(), pk=request_pk)

    def run():
        services.request_close(request=input_request, by=request.user)
        return _("Begäran är avslutad.")

    return post_action(
        request,
        run,
        redirect_to=reverse("situation:request_detail", args=[agreement.pk, input_request.pk]),
    )
