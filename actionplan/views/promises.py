"""The medborgarlöften: every member reads them (drafts too: they are annex 2 in the
making), the coordinator keeps them (MANAGE: 403 for other members, 404 for anyone
outside the agreement). What the public sees is views/public.py's."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.access import agreement_perm_view, agreement_view
from samverkan.formpage import form_page, post_action
from samverkan.history import history_entries
from samverkan.models import AgreementParty
from samverkan.services import version_of

from ..access import promise_view
from ..clocks import RENEWAL_SENTENCE, promise_renewal_reading, promise_renewed, with_renewed
from ..forms.promises import (
    CommitmentForm,
    DialogueForm,
    PriorityForm,
    PromiseForm,
    PromiseReportForm,
)
from ..models import (
    MANAGE,
    CitizenPromise,
    Commitment,
    Dialogue,
    Measure,
    Priority,
    PromiseReport,
)
from ..services import promises as services

PER_PAGE = 25
HISTORY_PER_PAGE = 50


def promise_url(promise, anchor: str = "") -> str:
    url = reverse("actionplan:promise_detail", args=[promise.agreement_id, promise.pk])
    return f"{url}#{anchor}" if anchor else url


def _list_url(agreement) -> str:
    return reverse("actionplan:promise_list", args=[agreement.pk])


def _issuers():
    return Prefetch("issuers", queryset=AgreementParty.objects.select_related("party"))


def _initial(instance, names) -> dict:
    return {name: getattr(instance, name) for name in names} | {"version": version_of(instance)}


def _save_data(data: dict) -> tuple[dict, int | None]:
    expected = data.pop("expected_version", None)
    return data, expected


# --- reading ----------------------------------------------------------------------------


@agreement_view
def promise_list(request, agreement):
    promises = with_renewed(agreement.citizen_promises.order_by("-period_from", "-pk"))
    page = Paginator(promises.prefetch_related(_issuers()), PER_PAGE).get_page(
        request.GET.get("sida")
    )
    today = timezone.localdate()
    for promise in page.object_list:
        # A draft is not yet in force: its renewal clock has not started.
        promise.renewal = (
            promise_renewal_reading(promise, today, renewed=promise.renewed)
            if promise.is_published
            else None
        )
    return render(
        request,
        "actionplan/promise_list.html",
        {
            "agreement": agreement,
            "page": page,
            "can_manage": request.rights.has(MANAGE),
            "renewal_sentence": RENEWAL_SENTENCE,
        },
    )


@promise_view()
def promise_detail(request, agreement, promise):
    measures = Measure.objects.select_related("plan").order_by("plan__period_from", "number")
    commitments = promise.commitments.select_related("responsible").prefetch_related(
        Prefetch("measures", queryset=measures)
    )
    renewal = public_url = None
    if promise.is_published:
        promise.renewed = promise_renewed(promise)
        renewal = promise_renewal_reading(promise, timezone.localdate(), renewed=promise.renewed)
        public_url = request.build_absolute_uri(
            reverse("actionplan:public", args=[promise.public_slug])
        )
    return render(
        request,
        "actionplan/promise_detail.html",
        {
            "agreement": agreement,
            "promise": promise,
            "issuers": list(promise.issuers.select_related("party")),
            "commitments": list(commitments),
            "dialogues": list(promise.dialogues.order_by("held_on", "pk")),
            "priorities": list(promise.priorities.select_related("dialogue")),
            "reports": list(promise.reports.order_by("-reported_on", "-pk")),
            "renewal": renewal,
            "renewal_sentence": RENEWAL_SENTENCE,
            "public_url": public_url,
            "can_manage": request.rights.has(MANAGE),
        },
    )


@promise_view()
def promise_history(request, agreement, promise):
    day = "%Y-%m-%d"
    entries = history_entries(
        CitizenPromise.history.filter(id=promise.pk),
        Commitment.history.filter(promise_id=promise.pk),
        Dialogue.history.filter(promise_id=promise.pk),
        Priority.history.filter(promise_id=promise.pk),
        PromiseReport.history.filter(promise_id=promise.pk),
        # A report's name follows its promise: not a query per row.
        labels={PromiseReport: lambda record: f"{promise.title} {record.reported_on:{day}}"},
    )
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "samverkan/history.html",
        {"agreement": agreement, "promise": promise, "page": page, "subject": promise.title},
    )


# --- the promise ------------------------------------------------------------------------


@agreement_perm_view(MANAGE)
@require_http_methods(["GET", "POST"])
def promise_create(request, agreement):
    created: list[CitizenPromise] = []

    def save(data):
        data, _expected = _save_data(data)
        created.append(services.promise_create(agreement=agreement, by=request.user, data=data))
        return _(
            "Medborgarlöftet %(title)s är påbörjat. Lägg till åtaganden och de dialoger det "
            "bygger på."
        ) % {"title": data["title"]}

    return form_page(
        request,
        PromiseForm(request.POST or None, agreement=agreement),
        save=save,
        success_url=lazy(lambda: promise_url(created[0]), str)(),
        cancel_url=_list_url(agreement),
        title=_("Nytt medborgarlöfte"),
        intro=_(
            "Medborgarlöften skrivs mellan kommun och polis. Löftet är ett utkast tills du "
            "publicerar det; då visas det på den öppna sidan för invånarna."
        ),
    )


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def promise_edit(request, agreement, promise):
    initial = _initial(promise, ("title", "period_from", "period_to", "summary", "internal_notes"))
    initial["issuers"] = list(promise.issuers.values_list("pk", flat=True))
    form = PromiseForm(request.POST or None, initial=initial, agreement=agreement)

    def save(data):
        data, expected = _save_data(data)
        services.promise_update(
            promise=promise, by=request.user, data=data, expected_version=expected
        )
        return _("Medborgarlöftet är sparat.")

    return form_page(
        request,
        form,
        save=save,
        success_url=promise_url(promise),
        cancel_url=promise_url(promise),
        title=_("Ändra %(title)s") % {"title": promise.title},
    )


@promise_view(MANAGE)
@require_POST
def promise_publish(request, agreement, promise):
    def run():
        services.promise_publish(promise=promise, by=request.user)
        return _("Medborgarlöftet är publicerat och visas på den öppna sidan.")

    return post_action(request, run, redirect_to=promise_url(promise))


# --- commitments ------------------------------------------------------------------------

COMMITMENT_FIELDS = ("title", "responsible", "activities", "follow_up_method")


def _commitment(promise, pk) -> Commitment:
    commitment = get_object_or_404(promise.commitments.select_related("responsible"), pk=pk)
    commitment.promise = promise
    return commitment


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def commitment_create(request, agreement, promise):
    def save(data):
        data, _expected = _save_data(data)
        services.commitment_add(promise=promise, by=request.user, data=data)
        return _("Åtagandet %(title)s är tillagt.") % {"title": data["title"]}

    return form_page(
        request,
        CommitmentForm(request.POST or None, promise=promise),
        save=save,
        success_url=promise_url(promise, "ataganden"),
        cancel_url=promise_url(promise),
        title=_("Nytt åtagande"),
        intro=promise.title,
    )


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def commitment_edit(request, agreement, promise, commitment_pk):
    commitment = _commitment(promise, commitment_pk)
    form = CommitmentForm(
        request.POST or None, initial=_initial(commitment, COMMITMENT_FIELDS), promise=promise
    )

    def save(data):
        data, expected = _save_data(data)
        services.commitment_update(
            commitment=commitment, by=request.user, data=data, expected_version=expected
        )
        return _("Åtagandet %(title)s är sparat.") % {"title": data["title"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=promise_url(promise, "ataganden"),
        cancel_url=promise_url(promise),
        title=_("Ändra åtagandet %(title)s") % {"title": commitment.title},
        intro=promise.title,
    )


@promise_view(MANAGE)
@require_POST
def commitment_delete(request, agreement, promise, commitment_pk):
    commitment = _commitment(promise, commitment_pk)

    def run():
        services.commitment_remove(commitment=commitment, by=request.user)
        return _("Åtagandet %(title)s är borttaget.") % {"title": commitment.title}

    return post_action(request, run, redirect_to=promise_url(promise, "ataganden"))


# --- dialogues --------------------------------------------------------------------------

DIALOGUE_FIELDS = ("kind", "held_on", "participants", "summary")


def _dialogue(promise, pk) -> Dialogue:
    dialogue = get_object_or_404(promise.dialogues.all(), pk=pk)
    dialogue.promise = promise
    return dialogue


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def dialogue_create(request, agreement, promise):
    def save(data):
        data, _expected = _save_data(data)
        services.dialogue_add(promise=promise, by=request.user, data=data)
        return _("Dialogen är tillagd.")

    return form_page(
        request,
        DialogueForm(request.POST or None),
        save=save,
        success_url=promise_url(promise, "dialoger"),
        cancel_url=promise_url(promise),
        title=_("Ny dialog"),
        intro=_(
            "Medborgarlöftet ska utgå från medarbetar- och medborgardialoger, där "
            "medborgarnas upplevelser av otrygghet prioriteras."
        ),
    )


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def dialogue_edit(request, agreement, promise, dialogue_pk):
    dialogue = _dialogue(promise, dialogue_pk)
    form = DialogueForm(request.POST or None, initial=_initial(dialogue, DIALOGUE_FIELDS))

    def save(data):
        data, expected = _save_data(data)
        services.dialogue_update(
            dialogue=dialogue, by=request.user, data=data, expected_version=expected
        )
        return _("Dialogen är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=promise_url(promise, "dialoger"),
        cancel_url=promise_url(promise),
        title=_("Ändra dialogen %(dialogue)s") % {"dialogue": _dialogue_name(dialogue)},
        intro=promise.title,
    )


def _dialogue_name(dialogue) -> str:
    return f"{dialogue.get_kind_display()} {dialogue.held_on:%Y-%m-%d}"


@promise_view(MANAGE)
@require_POST
def dialogue_delete(request, agreement, promise, dialogue_pk):
    dialogue = _dialogue(promise, dialogue_pk)

    def run():
        services.dialogue_remove(dialogue=dialogue, by=request.user)
        return _("Dialogen %(dialogue)s är borttagen.") % {"dialogue": _dialogue_name(dialogue)}

    return post_action(request, run, redirect_to=promise_url(promise, "dialoger"))


# --- priorities -------------------------------------------------------------------------

PRIORITY_FIELDS = ("rank", "title", "description", "dialogue")


def _priority(promise, pk) -> Priority:
    priority = get_object_or_404(promise.priorities.select_related("dialogue"), pk=pk)
    priority.promise = promise
    return priority


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def priority_create(request, agreement, promise):
    following = promise.priorities.count() + 1

    def save(data):
        data, _expected = _save_data(data)
        services.priority_add(promise=promise, by=request.user, data=data)
        return _("Prioriteringen %(title)s är tillagd.") % {"title": data["title"]}

    return form_page(
        request,
        PriorityForm(request.POST or None, initial={"rank": following}, promise=promise),
        save=save,
        success_url=promise_url(promise, "prioriteringar"),
        cancel_url=promise_url(promise),
        title=_("Ny prioriterad otrygghet"),
        intro=promise.title,
    )


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def priority_edit(request, agreement, promise, priority_pk):
    priority = _priority(promise, priority_pk)
    form = PriorityForm(
        request.POST or None, initial=_initial(priority, PRIORITY_FIELDS), promise=promise
    )

    def save(data):
        data, expected = _save_data(data)
        services.priority_update(
            priority=priority, by=request.user, data=data, expected_version=expected
        )
        return _("Prioriteringen %(title)s är sparad.") % {"title": data["title"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=promise_url(promise, "prioriteringar"),
        cancel_url=promise_url(promise),
        title=_("Ändra prioriteringen %(title)s") % {"title": priority.title},
        intro=promise.title,
    )


@promise_view(MANAGE)
@require_POST
def priority_delete(request, agreement, promise, priority_pk):
    priority = _priority(promise, priority_pk)

    def run():
        services.priority_remove(priority=priority, by=request.user)
        return _("Prioriteringen %(title)s är borttagen.") % {"title": priority.title}

    return post_action(request, run, redirect_to=promise_url(promise, "prioriteringar"))


# --- follow-up reports ------------------------------------------------------------------

REPORT_FIELDS = ("reported_on", "text", "internal_notes")


def _report(promise, pk) -> PromiseReport:
    report = get_object_or_404(promise.reports.all(), pk=pk)
    report.promise = promise
    return report


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def report_create(request, agreement, promise):
    def save(data):
        data, _expected = _save_data(data)
        services.report_create(promise=promise, by=request.user, data=data)
        return _("Uppföljningen är sparad som utkast. Publicera den när den är klar.")

    return form_page(
        request,
        PromiseReportForm(request.POST or None),
        save=save,
        success_url=promise_url(promise, "uppfoljningar"),
        cancel_url=promise_url(promise),
        title=_("Ny uppföljning av medborgarlöftet"),
        intro=_(
            "Texten visas på den öppna sidan när uppföljningen publiceras. De interna "
            "anteckningarna visas aldrig där."
        ),
    )


@promise_view(MANAGE)
@require_http_methods(["GET", "POST"])
def report_edit(request, agreement, promise, report_pk):
    report = _report(promise, report_pk)
    form = PromiseReportForm(request.POST or None, initial=_initial(report, REPORT_FIELDS))

    def save(data):
        data, expected = _save_data(data)
        services.report_update(report=report, by=request.user, data=data, expected_version=expected)
        return _("Uppföljningen är sparad.")

    return form_page(
        request,
        form,
        save=save,
        success_url=promise_url(promise, "uppfoljningar"),
        cancel_url=promise_url(promise),
        title=_("Ändra uppföljningen %(day)s") % {"day": f"{report.reported_on:%Y-%m-%d}"},
        intro=(
            _(
                "%(promise)s. Uppföljningen är publicerad: det du sparar syns direkt på den "
                "öppna sidan (utom de interna anteckningarna)."
            )
            % {"promise": promise.title}
            if report.status == report.Status.PUBLISHED and promise.is_published
            else promise.title
        ),
    )


@promise_view(MANAGE)
@require_POST
def report_publish(request, agreement, promise, report_pk):
    report = _report(promise, report_pk)

    def run():
        services.report_publish(report=report, by=request.user)
        return _("Uppföljningen är publicerad och visas på den öppna sidan.")

    return post_action(request, run, redirect_to=promise_url(promise, "uppfoljningar"))
