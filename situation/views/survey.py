"""The safety survey (trygghetsenkät): its results as charts for everyone in the situation
picture; importing a CSV file, its preview, and saving or discarding it for the coordinator
(manage_situation)."""

from collections import defaultdict
from decimal import Decimal

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.formpage import form_page, post_action

from ..access import situation_perm_view, situation_view
from ..charts import Series, format_number, line_chart
from ..forms.survey import SurveyImportForm
from ..models import MANAGE, SurveyResult
from ..services import survey as services

CHARTS_PER_PAGE = 10  # questions, each a chart
ROWS_PER_PAGE = 50  # of the preview's tables


def _survey_url(agreement) -> str:
    return reverse("situation:survey", args=[agreement.pk])


def _preview_url(agreement, survey_import) -> str:
    return reverse("situation:survey_preview", args=[agreement.pk, survey_import.pk])


def _who(user) -> str:
    """Who read a file in, as people are named on the pages."""
    if user is None:
        return _("okänd")
    return user.get_full_name() or user.get_username()


def _question_chart(question: str, results: list[SurveyResult]) -> dict:
    """One question: a line per area over the years, and the respondents in a table of
    the same shape."""
    years = sorted({r.year for r in results})
    areas = sorted({r.area for r in results}, key=lambda a: (a.order, a.name, a.pk))
    by_cell = {(r.area_id, r.year): r for r in results}
    shares = all(r.is_share for r in results)
    series = []
    respondents = []
    for area in areas:
        cells = [by_cell.get((area.pk, year)) for year in years]
        points = [(str(y), c.value if c else None) for y, c in zip(years, cells, strict=True)]
        series.append(Series(area.name, points))
        respondents.append(
            [
                area.name,
                *(
                    format_number(c.respondents) if c and c.respondents is not None else "–"
                    for c in cells
                ),
            ]
        )
    chart = line_chart(
        series,
        title=question,
        unit="%" if shares else "",
        series_name=_("Område"),
        y_range=(0, 100) if shares else None,
    )
    return {
        "chart": chart,
        "respondents": {"headers": [_("Område"), *map(str, years)], "rows": respondents},
    }


@situation_view
def survey(request, agreement):
    results = SurveyResult.objects.filter(agreement=agreement)
    questions = results.order_by("question").values_list("question", flat=True).distinct()
    page = Paginator(questions, CHARTS_PER_PAGE).get_page(request.GET.get("sida"))
    on_page = list(page.object_list)
    grouped = defaultdict(list)
    if on_page:
        for result in (
            results.filter(question__in=on_page)
            .select_related("area")
            .order_by("question", "area__order", "area__name", "year")
        ):
            grouped[result.question].append(result)
    manages = request.rights.has(MANAGE)
    pending = []
    if manages:
        pending = list(
            agreement.survey_imports.filter(confirmed_at__isnull=True)
            .select_related("created_by")
            .defer("accepted", "rejected")
            .order_by("-created_at", "-pk")
        )
        for item in pending:
            item.read_by = _who(item.created_by)
    return render(
        request,
        "situation/survey.html",
        {
            "agreement": agreement,
            "page": page,
            "questions": [_question_chart(q, grouped[q]) for q in on_page if grouped[q]],
            "manages": manages,
            "pending": pending,
        },
    )


@situation_perm_view(MANAGE)
@require_http_methods(["GET", "POST"])
def survey_import(request, agreement):
    # Bound on every POST: a form with only a file has an empty request.POST.
    posted = request.method == "POST"
    form = SurveyImportForm(request.POST if posted else None, request.FILES if posted else None)
    created = {}

    def save(data):
        survey_import = services.survey_parse(
            agreement=agreement, file=data["file"], by=request.user
        )
        created["url"] = _preview_url(agreement, survey_import)
        return _(
            "Filen är inläst (godkända rader: %(accepted)s, avvisade: %(rejected)s). Inget är "
            "sparat ännu – granska raderna och spara eller kassera."
        ) % {"accepted": len(survey_import.accepted), "rejected": len(survey_import.rejected)}

    return form_page(
        request,
        form,
        save=save,
        # Known once the file is read: the preview of the import just made.
        success_url=lazy(lambda: created["url"], str)(),
        cancel_url=_survey_url(agreement),
        title=_("Importera resultat från trygghetsenkäten"),
        intro=_(
            "Läs in en CSV-fil. Du får först se vilka rader som godkänns och vilka som "
            "avvisas, och varför; inget sparas förrän du bekräftar."
        ),
        submit_label=_("Läs in filen"),
        template="situation/survey_import.html",
        context={"areas": agreement.areas.filter(active=True)},
    )


def _import_of(agreement, import_pk):
    return get_object_or_404(agreement.survey_imports.select_related("created_by"), pk=import_pk)


def _accepted_rows(rows: list[dict]) -> list[dict]:
    """The rows with their value as the reader's language writes it."""
    shown = []
    for row in rows:
        value = format_number(Decimal(row["value"]))
        shown.append(row | {"shown_value": f"{value} %" if row["is_share"] else value})
    return shown


def _paged(request, rows: list, param: str):
    """One of the preview's tables, a page of it, with links to the pages before and after
    that keep the other table where it is."""
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get(param))

    def link(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    page.previous_url = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = link(page.next_page_number()) if page.has_next() else ""
    return page


@situation_perm_view(MANAGE)
def survey_preview(request, agreement, import_pk):
    survey_import = _import_of(agreement, import_pk)
    accepted = _paged(request, survey_import.accepted, "sida")
    rejected = _paged(request, survey_import.rejected, "avvisade")
    accepted.shown = _accepted_rows(accepted.object_list)
    return render(
        request,
        "situation/survey_preview.html",
        {
            "agreement": agreement,
            "survey_import": survey_import,
            "read_by": _who(survey_import.created_by),
            "accepted": accepted,
            "rejected": rejected,
            "accepted_count": len(survey_import.accepted),
            "rejected_count": len(survey_import.rejected),
        },
    )


@situation_perm_view(MANAGE)
@require_POST
def survey_confirm(request, agreement, import_pk):
    survey_import = _import_of(agreement, import_pk)

    def run():
        results = services.survey_confirm(survey_import=survey_import, by=request.user)
        return _("%(count)s resultat från %(file)s är sparade.") % {
            "count": len(results),
            "file": survey_import.file_name,
        }

    return post_action(request, run, redirect_to=_survey_url(agreement))


@situation_perm_view(MANAGE)
@require_POST
def survey_discard(request, agreement, import_pk):
    survey_import = _import_of(agreement, import_pk)

    def run():
        services.survey_discard(survey_import=survey_import, by=request.user)
        return _("Importen av %(file)s är kasserad; inget sparades.") % {
            "file": survey_import.file_name
        }

    return post_action(request, run, redirect_to=_survey_url(agreement))
