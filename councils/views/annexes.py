"""An annex version before the strategic council: its panel on the version's page
(samverkan.panels, place "annex_version") and the page that puts it on a meeting's agenda.

Whoever may convene the strategic council puts a draft version before one of its coming
meetings; every member then sees on the version's page which meeting and item it is on.
The decision itself is recorded on the meeting's page (councils/views/minutes.py).
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.access import agreement_view
from samverkan.formpage import form_page
from samverkan.models import AnnexVersion

from ..access import CONVENE
from ..forms_annexes import PresentForm
from ..models import Body
from ..services import annexes as services
from .common import meeting_url

VIEW_BODY = "councils.view_body"
# The states in which a version is, or has been, before the council.
BEFORE_THE_COUNCIL = (
    AnnexVersion.State.PRESENTED,
    AnnexVersion.State.DECIDED,
    AnnexVersion.State.IN_FORCE,
    AnnexVersion.State.SUPERSEDED,
    AnnexVersion.State.RETURNED,
    AnnexVersion.State.REJECTED,
)


def _version_url(version) -> str:
    return reverse("samverkan:version", args=[version.agreement_id, version.pk])


def _council(agreement) -> Body | None:
    return agreement.bodies.filter(kind=Body.Kind.STRATEGIC_COUNCIL).first()


def _may_open(rights, meeting) -> bool:
    """Whether the user may open the meeting's page (a proposal only its conveners)."""
    if not rights.has(VIEW_BODY, meeting.body):
        return False
    return not meeting.is_draft or rights.has(CONVENE, meeting.body)


# --- the panel on the version's page ------------------------------------------------------


def version_panel(request, version):
    """On an annex version's page: for a draft, the form that puts it before the strategic
    council (for its conveners only); once it is on an agenda, the meeting and the item
    (for every member). Two queries, besides the rights on the bodies the page reads
    once, whatever the agreement holds."""
    rights = getattr(request, "rights", None)
    if rights is None or version.annex_id is None:
        return None
    context = {"version": version}
    if version.state == AnnexVersion.State.DRAFT:
        council = _council(rights.agreement)
        if council is None or not rights.has(CONVENE, council):
            return None
        meetings = services.presentable_meetings(version)
        listed = list(meetings)
        context |= {
            "council": council,
            "form": (
                PresentForm(meetings=meetings, listed=listed, auto_id="id_present_%s")
                if listed
                else None
            ),
            "present_url": reverse(
                "councils:annex_version_present", args=[version.agreement_id, version.pk]
            ),
        }
        return "councils/annexes/_version_panel.html", context
    if version.state not in BEFORE_THE_COUNCIL:
        return None
    item = services.items_about(version).first()
    if item is None:
        return None
    context |= {
        "item": item,
        "meeting": item.meeting,
        "may_open": _may_open(rights, item.meeting),
    }
    return "councils/annexes/_version_panel.html", context


# --- putting a version on the agenda ------------------------------------------------------


def council_version_view(view):
    """Resolve the annex version through the agreement (404 for another agreement's, and
    for the agreement's own text, which the council does not decide) and require the right
    to convene the strategic council: 404 without sight of it, 403 for its members."""

    @agreement_view
    @wraps(view)
    def wrapper(request, agreement, version_pk, *args, **kwargs):
        versions = agreement.document_versions.filter(annex__isnull=False).select_related("annex")
        version = get_object_or_404(versions, pk=version_pk)
        council = _council(agreement)
        if council is None:
            raise Http404
        request.rights.require(VIEW_BODY, council, hide=True)
        request.rights.require(CONVENE, council)
        return view(request, agreement, council, version, *args, **kwargs)

    return wrapper


@council_version_view
@require_http_methods(["GET", "POST"])
def annex_version_present(request, agreement, council, version):
    if version.state != AnnexVersion.State.DRAFT:
        messages.error(
            request,
            _("%(version)s har status ”%(state)s” och kan inte sättas upp på en dagordning igen.")
            % {"version": version, "state": version.get_state_display()},
        )
        return redirect(_version_url(version))
    meetings = services.presentable_meetings(version)
    form = PresentForm(request.POST or None, meetings=meetings)
    added = []

    def save(data):
        item = services.annex_version_put_on_agenda(
            version=version, meeting=data["meeting"], by=request.user
        )
        added.append(item)
        return _(
            "%(version)s är uppsatt på dagordningen för %(meeting)s som punkt %(number)s och "
            "föredras med sin kontrollsumma."
        ) % {"version": version, "meeting": item.meeting, "number": item.order}

    return form_page(
        request,
        form,
        save=save,
        success_url=lazy(lambda: f"{meeting_url(added[0].meeting)}#punkt-{added[0].pk}", str)(),
        cancel_url=_version_url(version),
        title=_("Föredra för strategiska rådet"),
        intro=_(
            "%(version)s: %(title)s. Versionen sätts upp som beslutspunkt på mötets dagordning "
            "och föredras med kontrollsumman %(hash)s. Rådet kan sedan besluta om just det "
            "innehållet; ändras det efter föredragningen kan det inte beslutas."
        )
        % {"version": version, "title": version.title, "hash": version.content_hash[:12]},
        submit_label=_("Sätt upp på dagordningen"),
        template="councils/annexes/present.html",
        context={
            "version": version,
            "council": council,
            "has_meetings": meetings.exists(),
        },
    )
