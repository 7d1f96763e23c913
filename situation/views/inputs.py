"""Situation input: the list and an input's page for whoever may see it, the history and
attachments behind the same check; writing, submitting, correcting and deleting for whoever
submits input for the input's party (403 for others who may see it)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from councils.access import agreement_runs
from samverkan.formpage import form_page, post_action
from samverkan.history import HistoryEntries
from samverkan.services import version_of

from ..access import input_view, situation_view, submit_parties
from ..forms.inputs import InputFilterForm, SituationInputForm
from ..models import SUBMIT, Attachment, Indicator, SituationInput
from ..selectors import open_requests_for
from ..services import inputs as services
from ..services.inputs import INPUT_FIELDS

PER_PAGE = 25


def _detail_url(situation_input) -> str:
    return reverse(
        "situation:input_detail", args=[situation_input.agreement_id, situation_input.pk]
    )


def _list_url(agreement) -> str:
    return reverse("situation:input_list", args=[agreement.pk])


def _may_act(request, agreement, situation_input) -> bool:
    """Whoever submits input for the input's party, while the agreement runs."""
    return agreement_runs(agreement) and request.rights.has(SUBMIT, situation_input.party)


def input_action_view(view):
    """Decorator: as input_view (404 for whoever may not see the input), then 403 for
    whoever may see it but does not submit input for its party."""

    @input_view
    @wraps(view)
    def wrapper(request, agreement, situation_input, *args, **kwargs):
        if not _may_act(request, agreement, situation_input):
            raise PermissionDenied
        return view(request, agreement, situation_input, *args, **kwargs)

    return wrapper


@situation_view
@require_safe
def input_list(request, agreement):
    rights = request.rights
    filters = InputFilterForm(request.GET or None, agreement=agreement)
    inputs = (
        filters.filter(SituationInput.objects.current().visible_to(rights))
        .select_related("party", "area", "category")
        .order_by("-period_to", "-pk")
    )
    page = Paginator(inputs, PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "situation/input_list.html",
        {
            "agreement": agreement,
            "page": page,
            "filters": filters,
            "query": filters.query,
            "open_requests": open_requests_for(rights),
            "can_submit": agreement_runs(agreement) and bool(submit_parties(rights)),
        },
    )


def submitter_view(view):
    """Decorator: as situation_view, then 403 for whoever submits input for no party (or
    no longer: the agreement has ended)."""

    @situation_view
    @wraps(view)
    def wrapper(request, agreement, *args, **kwargs):
        if not (agreement_runs(agreement) and submit_parties(request.rights)):
            raise PermissionDenied
        return view(request, agreement, *args, **kwargs)

    return wrapper


@submitter_view
@require_http_methods(["GET", "POST"])
def input_create(request, agreement):
    parties = submit_parties(request.rights)
    today = timezone.localdate()
    initial = {"period_from": today.replace(day=1), "period_to": today}
    asked = request.GET.get("request", "")
    if asked.isdigit() and agreement.input_requests.filter(pk=asked, closed=False).exists():
        initial["request"] = int(asked)
    form = SituationInputForm(
        request.POST or None,
        request.FILES or None,
        agreement=agreement,
        parties=parties,
        initial=initial,
    )
    created = []

    def save(data):
        created.append(
            services.input_create(
                agreement=agreement,
                party=form.chosen_party(data),
                by=request.user,
                **form.service_arguments(data),
            )
        )
        return _(
            "Utkastet är sparat. Lämna in det när det är klart: först då läser samordnaren "
            "och organens ledamöter det."
        )

    return form_page(
        request,
        form,
        save=save,
        # Known once saved.
        success_url=lazy(lambda: _detail_url(created[0]), str)(),
        cancel_url=_list_url(agreement),
        title=_("Lämna underlag till lägesbilden"),
        intro=_(
            "Underlaget sparas som ett utkast som bara din part ser, tills du lämnar in det. "
            "Beskriv platser och trender, aldrig enskilda personer: personnummer tas inte emot."
        ),
        submit_label=_("Spara utkast"),
        template="situation/input_form.html",
    )


@input_view
@require_safe
def input_detail(request, agreement, situation_input):
    rights = request.rights
    situation_input = SituationInput.objects.select_related(
        "party__party", "area", "category", "author", "request"
    ).get(pk=situation_input.pk)
    revisions = list(
        SituationInput.objects.visible_to(rights)
        .filter(thread=situation_input.thread)
        .only("pk", "revision", "status", "supersedes_id", "agreement_id")
        .order_by("revision")
    )
    corrects = next((r for r in revisions if r.pk == situation_input.supersedes_id), None)
    corrected_by = next((r for r in revisions if r.supersedes_id == situation_input.pk), None)
    may_act = _may_act(request, agreement, situation_input)
    return render(
        request,
        "situation/input_detail.html",
        {
            "agreement": agreement,
            "situation_input": situation_input,
            "indicators": list(situation_input.indicators.all()),
            "attachments": list(situation_input.attachments.all()),
            "revisions": revisions if len(revisions) > 1 else [],
            "corrects": corrects,
            "corrected_by": corrected_by,
            "may_edit": may_act and situation_input.is_draft,
            "may_correct": may_act
            and situation_input.status == SituationInput.Status.SUBMITTED
            and corrected_by is None,
        },
    )


def _form_initial(situation_input) -> dict:
    return model_to_dict(situation_input, fields=INPUT_FIELDS) | {
        "version": version_of(situation_input)
    }


@input_action_view
@require_http_methods(["GET", "POST"])
def input_edit(request, agreement, situation_input):
    detail_url = _detail_url(situation_input)
    if not situation_input.is_draft:
        messages.error(
            request,
            _(
                "Underlaget är inlämnat och ändras inte. Gör en rättelse i stället; den "
                "ersätter underlaget när den lämnas in."
            ),
        )
        return redirect(detail_url)
    form = SituationInputForm(
        request.POST or None,
        request.FILES or None,
        agreement=agreement,
        parties=[situation_input.party],
        current=situation_input,
        initial=_form_initial(situation_input),
    )

    def save(data):
        services.input_update(
            situation_input=situation_input, by=request.user, **form.service_arguments(data)
        )
        return _("Utkastet är sparat.")

    return form_page(
        request,
        form,
        save=save,
        success_url=detail_url,
        cancel_url=detail_url,
        title=_("Ändra utkast: %(title)s") % {"title": situation_input.title},
        intro=_("Utkastet ses bara av dem som lämnar underlag för %(party)s.")
        % {"party": situation_input.party.short_name},
        submit_label=_("Spara utkastet"),
        template="situation/input_form.html",
        context={
            "situation_input": situation_input,
            "attachments": list(situation_input.attachments.all()),
        },
    )


@input_action_view
@require_POST
def input_submit(request, agreement, situation_input):
    def run():
        services.input_submit(situation_input=situation_input, by=request.user)
        if situation_input.supersedes_id:
            return _("Rättelsen är inlämnad och ersätter den tidigare revisionen.")
        return _("Underlaget är inlämnat till lägesbilden.")

    return post_action(request, run, redirect_to=_detail_url(situation_input))


@input_action_view
@require_POST
def input_correct(request, agreement, situation_input):
    created = []

    def run():
        created.append(services.input_correct(situation_input=situation_input, by=request.user))
        return _(
            "En rättelse är påbörjad som ett utkast med allt från den inlämnade revisionen. "
            "Ändra det som ska rättas och lämna in den."
        )

    def where() -> str:
        if created:
            return reverse("situation:input_edit", args=[agreement.pk, created[0].pk])
        return _detail_url(situation_input)

    return post_action(request, run, redirect_to=lazy(where, str)())


@input_action_view
@require_POST
def input_delete(request, agreement, situation_input):
    deleted = []

    def run():
        services.input_delete(situation_input=situation_input, by=request.user)
        deleted.append(True)
        return _("Utkastet %(title)s är borttaget.") % {"title": situation_input.title}

    def where() -> str:
        return _list_url(agreement) if deleted else _detail_url(situation_input)

    return post_action(request, run, redirect_to=lazy(where, str)())


@input_view
@require_safe
def input_history(request, agreement, situation_input):
    querysets = [
        SituationInput.history.filter(id=situation_input.pk),
        Indicator.history.filter(situation_input_id=situation_input.pk),
        Attachment.history.filter(situation_input_id=situation_input.pk),
    ]
    # How the draft came about is its party's (and its author's): other readers see the
    # input from its submission on, not what it said, or was marked, before.
    drafted_by_reader = situation_input.author_id == request.user.pk or request.rights.has(
        SUBMIT, situation_input.party
    )
    since = None if drafted_by_reader else (situation_input.submitted_at or timezone.now())
    entries = HistoryEntries(querysets, {}, since=since)
    page = Paginator(entries, 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "situation/input_history.html",
        {
            "agreement": agreement,
            "situation_input": situation_input,
            "page": page,
            "subject": situation_input.title,
        },
    )


@input_view
@require_safe
def attachment_download(request, agreement, situation_input, attachment_pk):
    attachment = get_object_or_404(situation_input.attachments.all(), pk=attachment_pk)
    try:
        handle = services.attachment_storage().open(attachment.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    # The type is the one the content was recognised as on upload; never guessed anew.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@input_action_view
@require_POST
def attachment_remove(request, agreement, situation_input, attachment_pk):
    attachment = get_object_or_404(situation_input.attachments.all(), pk=attachment_pk)
    # Back where the button was: the draft's page or its form.
    edit_url = reverse("situation:input_edit", args=[agreement.pk, situation_input.pk])
    back = edit_url if request.POST.get("tillbaka") == "andra" else _detail_url(situation_input)

    def run():
        services.attachment_remove(attachment=attachment, by=request.user)
        return _("Bilagan %(name)s är borttagen.") % {"name": attachment.original_name}

    return post_action(request, run, redirect_to=back)
