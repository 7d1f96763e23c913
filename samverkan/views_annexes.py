"""Pages of the annex versions and the agreement's own versions (samverkan/annexes.py):
the history of a document, a version with its integrity and signatures, what changed from
the version in force, signing, sending back, rejecting.

Every version is found through its agreement (`agreement.document_versions`), so a
version of another agreement is not found (404). Each page that shows a version
recomputes its hash (`annexes.integrity`) and says so when it no longer matches.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import annexes, logins
from .access import agreement_perm_view, agreement_view
from .formpage import form_page, post_action
from .forms_annexes import ReasonForm, SignForm
from .models import AnnexVersion, Signature
from .panels import panels_for
from .twofactor import two_factor_required

State = AnnexVersion.State
CHANGE = "samverkan.change_agreement"
SIGN = "samverkan.sign_for_party"
# The same words as the login's lockout page: nothing more is told.
LOCKED = _lazy(
    "För många felaktiga lösenord. Av säkerhetsskäl går det inte att underteckna just nu."
)
VERSIONS_PER_PAGE = 25


def _with_signatures(versions):
    """Versions with their signatures and each signature's party, in two queries."""
    return versions.select_related("annex").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("party"))
    )


def _version(agreement, version_pk) -> AnnexVersion:
    return get_object_or_404(_with_signatures(agreement.document_versions), pk=version_pk)


def version_url(version: AnnexVersion) -> str:
    return reverse("samverkan:version", args=[version.agreement_id, version.pk])


def document_url(version: AnnexVersion) -> str:
    """The page listing every version of the version's document."""
    if version.annex_id is None:
        return reverse("samverkan:agreement_versions", args=[version.agreement_id])
    return reverse("samverkan:annex_history", args=[version.agreement_id, version.annex_id])


def _document_title(version: AnnexVersion) -> str:
    if version.annex_id is None:
        return version.document_name
    return str(version.annex)


def _parties(agreement) -> list:
    return list(agreement.parties.select_related("party").order_by("order", "pk"))


def _signing_parties(request, parties) -> list:
    """The parties the user signs for: their confirmed signatory, holding the right."""
    return [
        party
        for party in parties
        if party.signatory_user_id == request.user.pk and request.rights.has(SIGN, party)
    ]


# --- reading ------------------------------------------------------------------------------


@agreement_view
def version_detail(request, agreement, version_pk):
    version = _version(agreement, version_pk)
    parties = _parties(agreement)
    signatures = list(version.signatures.all())
    signed = {s.party_id for s in signatures}
    may_change = request.rights.has(CHANGE)
    signable = []
    if version.state == State.DECIDED:
        signable = [p for p in _signing_parties(request, parties) if p.pk not in signed]
    integrity = annexes.integrity([version])[version.pk]
    return render(
        request,
        "samverkan/annexes/version_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "document_title": _document_title(version),
            "document_url": document_url(version),
            "integrity": integrity,
            "content": annexes.content_html(version, intact=integrity.ok),
            "signatures": signatures,
            "unsigned": [p for p in parties if p.pk not in signed],
            "awaits_signatures": version.state == State.DECIDED,
            "signable": signable,
            "may_close": may_change and version.state == State.PRESENTED,
            "may_discard": may_change
            and (
                version.state == State.DRAFT
                or (version.annex_id is None and version.state == State.DECIDED and not signatures)
            ),
            "may_open": may_change and version.state == State.DRAFT and version.annex_id is None,
            "panels": panels_for(request, version, place="annex_version"),
        },
    )


def _baseline(version: AnnexVersion) -> AnnexVersion | None:
    """What the version is compared with: the version in force, or, for a version that
    has been in force itself, the one it replaced."""
    versions = AnnexVersion.objects.of_document(version.agreement_id, version.annex_id)
    if version.state in (State.IN_FORCE, State.SUPERSEDED):
        versions = versions.filter(number__lt=version.number, in_force_at__isnull=False)
        return versions.prefetch_related("signatures").order_by("-number").first()
    versions = versions.filter(state=State.IN_FORCE).exclude(pk=version.pk)
    return versions.prefetch_related("signatures").first()


@agreement_view
def version_compare(request, agreement, version_pk):
    versions = agreement.document_versions.select_related("annex").prefetch_related("signatures")
    version = get_object_or_404(versions, pk=version_pk)
    baseline = _baseline(version)
    checks = annexes.integrity([version, baseline] if baseline else [version])
    sections = annexes.compare(baseline.snapshot if baseline else None, version.snapshot)
    return render(
        request,
        "samverkan/annexes/compare.html",
        {
            "agreement": agreement,
            "version": version,
            "baseline": baseline,
            "integrity": checks[version.pk],
            "baseline_integrity": checks[baseline.pk] if baseline else None,
            "document_title": _document_title(version),
            "document_url": document_url(version),
            "sections": sections,
            "changed": sum(1 for s in sections if s["change"] != "unchanged"),
        },
    )


def _history(request, agreement, versions, *, title, annex=None, may_make=False):
    page = Paginator(_with_signatures(versions).order_by("-number"), VERSIONS_PER_PAGE).get_page(
        request.GET.get("sida")
    )
    shown = list(page.object_list)
    checks = annexes.integrity(shown)
    return render(
        request,
        "samverkan/annexes/history.html",
        {
            "agreement": agreement,
            "annex": annex,
            "title": title,
            "page": page,
            "versions": [(version, checks[version.pk]) for version in shown],
            "may_make": may_make,
        },
    )


@agreement_view
def annex_history(request, agreement, annex_pk):
    annex = get_object_or_404(agreement.annexes, pk=annex_pk)
    return _history(
        request,
        agreement,
        agreement.document_versions.filter(annex=annex),
        title=_("Versioner av %(annex)s") % {"annex": annex},
        annex=annex,
    )


@agreement_view
def agreement_versions(request, agreement):
    return _history(
        request,
        agreement,
        agreement.document_versions.filter(annex__isnull=True),
        title=_("Versioner av överenskommelsen"),
        may_make=request.rights.has(CHANGE),
    )


# --- signing ------------------------------------------------------------------------------


def _client_address(request) -> str | None:
    """The signer's address as the lockout counts it (behind TRUSTED_PROXY_COUNT proxies,
    the client's), if it is an address at all: a misconfigured proxy count must not make
    a signature fail."""
    address = settings.AXES_CLIENT_IP_CALLABLE(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def signatory_view(view):
    """Decorator: as agreement_view, then 403 for whoever signs for no party of it (before
    the method is checked, as for every page that acts); a signatory who has not signed in
    with two factors is led to enrol or to the code page first."""

    @agreement_view
    @wraps(view)
    def wrapper(request, agreement, *args, **kwargs):
        request.signing_parties = _signing_parties(request, _parties(agreement))
        if not request.signing_parties:
            raise PermissionDenied
        # A signature takes a second factor (samverkan/twofactor.py).
        return two_factor_required(view)(request, agreement, *args, **kwargs)

    return wrapper


@signatory_view
@require_http_methods(["GET", "POST"])
def version_sign(request, agreement, version_pk):
    parties = request.signing_parties
    version = _version(agreement, version_pk)
    form = SignForm(request.POST or None, parties=parties)

    def save(data):
        # The password re-entered counts with the login's failures (django-axes): no
        # guessing it here once the username is locked, and each wrong one counts.
        if logins.password_locked(request, request.user):
            raise ValidationError({"password": LOCKED})
        try:
            annexes.annex_version_sign(
                version=version,
                party=data["party"],
                by=request.user,
                password=data["password"],
                ip_address=_client_address(request),
                user_agent=request.headers.get("user-agent", ""),
            )
        except ValidationError as error:
            if "password" in getattr(error, "error_dict", {}):
                logins.password_failed(request, request.user)
            raise
        return _("%(version)s är undertecknad för %(party)s.") % {
            "version": version,
            "party": data["party"].short_name,
        }

    if len(parties) == 1:
        title = _("Underteckna för %(party)s") % {"party": parties[0].short_name}
    else:
        title = _("Underteckna")
    intro = _(
        "Du undertecknar %(document)s, version %(number)s: %(title)s. "
        "Det du undertecknar har kontrollsumman (SHA-256) %(hash)s."
    ) % {
        "document": _document_title(version),
        "number": version.number,
        "title": version.title,
        "hash": version.content_hash,
    }
    return form_page(
        request,
        form,
        save=save,
        success_url=version_url(version),
        cancel_url=version_url(version),
        title=title,
        intro=intro,
        submit_label=_("Underteckna"),
    )


# --- the coordinator's --------------------------------------------------------------------


def _close_page(request, agreement, version_pk, *, service, title, submit_label, done):
    version = _version(agreement, version_pk)

    def save(data):
        service(version=version, reason=data["reason"], by=request.user)
        return done % {"version": version}

    return form_page(
        request,
        ReasonForm(request.POST or None),
        save=save,
        success_url=version_url(version),
        cancel_url=version_url(version),
        title=title,
        intro=_("%(document)s, version %(number)s: %(title)s")
        % {"document": _document_title(version), "number": version.number, "title": version.title},
        submit_label=submit_label,
    )


@agreement_perm_view(CHANGE)
@require_http_methods(["GET", "POST"])
def version_send_back(request, agreement, version_pk):
    return _close_page(
        request,
        agreement,
        version_pk,
        service=annexes.annex_version_send_back,
        title=_("Återremittera versionen"),
        submit_label=_("Återremittera"),
        done=_("%(version)s är återremitterad."),
    )


@agreement_perm_view(CHANGE)
@require_http_methods(["GET", "POST"])
def version_reject(request, agreement, version_pk):
    return _close_page(
        request,
        agreement,
        version_pk,
        service=annexes.annex_version_reject,
        title=_("Avslå versionen"),
        submit_label=_("Avslå"),
        done=_("%(version)s är avslagen."),
    )


@agreement_perm_view(CHANGE)
@require_POST
def version_discard(request, agreement, version_pk):
    version = _version(agreement, version_pk)
    try:
        annexes.annex_version_discard(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(version_url(version))
    messages.success(request, _("Utkastet %(version)s är borttaget.") % {"version": version})
    return redirect(document_url(version))


@agreement_perm_view(CHANGE)
@require_POST
def agreement_version_open(request, agreement, version_pk):
    version = _version(agreement, version_pk)

    def run():
        annexes.agreement_version_open(version=version, by=request.user)
        return _("%(version)s är skickad till parterna för underskrift.") % {"version": version}

    return post_action(request, run, redirect_to=version_url(version))


@agreement_perm_view(CHANGE)
@require_POST
def agreement_version_make(request, agreement):
    try:
        version = annexes.agreement_version_make(agreement=agreement, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("samverkan:agreement_versions", agreement.pk)
    messages.success(
        request,
        _("%(version)s är ett utkast med överenskommelsens text som den är nu.")
        % {"version": version},
    )
    return redirect(version_url(version))
