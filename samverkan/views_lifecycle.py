"""Pages of an agreement's lifecycle: the installation's list of agreements, the wizard
that sets up a new municipality's agreement, and renewal to the next period.

The wizard keeps each step's input in the session until the last step creates the whole
agreement in one service call: a step with errors loses nothing typed in the others, and
nothing is saved before everything is valid.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import lifecycle
from .access import agreement_perm_view
from .formpage import form_page
from .forms import add_service_errors
from .forms_lifecycle import (
    BodiesForm,
    CoordinatorForm,
    PartiesForm,
    PeriodForm,
    RenewForm,
    ReviewForm,
    TextForm,
)
from .models import Agreement, Party
from .twofactor import two_factor_required


def installation_admin_required(view):
    """Login, then 403 for anyone but an installation administrator, who must then have
    signed in with two factors."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not lifecycle.is_installation_admin(request.user):
            raise PermissionDenied
        # Administering an installation takes a second factor (samverkan/twofactor.py).
        return two_factor_required(view)(request, *args, **kwargs)

    return wrapper


# --- the installation's agreements -----------------------------------------------------


@installation_admin_required
def installation(request):
    """Every agreement with its parties and where it stands; the content of an agreement
    stays with its members (the title links only for those who may open it)."""
    agreements = list(
        Agreement.objects.order_by("municipality", "-valid_from").prefetch_related("parties__party")
    )
    visible = set(Agreement.objects.visible_to(request.user).values_list("pk", flat=True))
    return render(
        request,
        "samverkan/lifecycle/installation.html",
        {"agreements": agreements, "visible": visible},
    )


# --- the new-agreement wizard ------------------------------------------------------------

SESSION_KEY = "samverkan.new_agreement"


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    intro: Promise


STEPS = [
    Step(
        "parter",
        gettext_lazy("Parter"),
        gettext_lazy(
            "Kommunen och de andra parterna, var och en med sitt organisationsnummer. En "
            "organisation som redan finns i installationen, som Polisen, används som den är "
            "och ändras inte. Lämna organisationsnumret tomt för en part som inte ska vara med."
        ),
    ),
    Step(
        "period",
        gettext_lazy("Titel och giltighetstid"),
        gettext_lazy(
            "Perioden får inte överlappa en annan överenskommelse för samma kommun. Förslaget "
            "är tre år från nästa årsskifte."
        ),
    ),
    Step(
        "text",
        gettext_lazy("Text och bilagor"),
        gettext_lazy(
            "Börja från Laholms överenskommelse eller klistra in er egen text. Bilagorna är "
            "de tre som varje överenskommelse har."
        ),
    ),
    Step(
        "organ",
        gettext_lazy("Råd och grupp"),
        gettext_lazy(
            "Det strategiska rådet och den operativa samverkansgruppen: hur ofta de möts, "
            "vilken part som är ordförande och vilka funktioner de börjar med."
        ),
    ),
    Step(
        "samordnare",
        gettext_lazy("Första samordnaren"),
        gettext_lazy(
            "Den brottsförebyggande samordnaren får en inbjudan per e-post, blir "
            "sammankallande i rådet och gruppen och fortsätter sedan själv i förteckningarna."
        ),
    ),
    Step(
        "granska",
        gettext_lazy("Granska och skapa"),
        gettext_lazy("Inget sparas förrän du skapar överenskommelsen."),
    ),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
REVIEW = STEPS[-1]


def _needs_parties() -> ValidationError:
    return ValidationError(_("Fyll i parterna först (steg 1)."))


class Wizard:
    """The steps' input, kept in the session as typed (strings), and the forms built
    from it; a step's saved input is validated again whenever it is read."""

    def __init__(self, request):
        self.request = request
        self.saved: dict[str, dict] = request.session.get(SESSION_KEY, {})
        self._valid: dict[str, object] = {}

    def url(self, step: Step) -> str:
        return reverse("samverkan:wizard", args=[step.slug])

    def clear(self) -> None:
        self.request.session.pop(SESSION_KEY, None)

    def keep(self, step: Step, form) -> None:
        self.saved[step.slug] = {name: form.data.get(name, "") for name in form.fields}
        self.request.session[SESSION_KEY] = self.saved
        self._valid.pop(step.slug, None)

    # What the later steps need of the earlier ones.

    def party_choices(self) -> list[tuple[int, str]]:
        parties = self.valid("parter")
        if parties is None:
            return []
        rows, positions = parties.parties()
        return [
            (position, row["short_name"] or row["name"] or row["organisation_number"])
            for row, position in zip(rows, positions, strict=True)
        ]

    def municipality(self) -> tuple[str, str, Party | None] | None:
        """(name, organisation number, the organisation if it exists) of the municipality."""
        parties = self.valid("parter")
        if parties is None:
            return None
        row = parties.parties()[0][0]
        existing = Party.objects.filter(organisation_number=row["organisation_number"]).first()
        number = existing.organisation_number if existing else row["organisation_number"]
        return (existing.name if existing else row["name"]), number, existing

    def form(self, step: Step, data=None):
        """The step's form: bound to `data`, else showing what was kept or the defaults."""
        saved = self.saved.get(step.slug)
        if step.slug == "parter":
            return PartiesForm(data, initial=saved or PartiesForm.initial_rows())
        if step.slug == "period":
            valid_from, valid_to = lifecycle.default_period()
            default = {
                "title": lifecycle.default_title(valid_from, valid_to),
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
            return PeriodForm(data, initial=saved or default)
        if step.slug == "text":
            period = self.valid("period")
            start = period.cleaned_data["valid_from"] if period else None
            titles = lifecycle.annex_defaults(start)
            default = {"clauses_from": "template"} | {
                f"annex_{n}": title for n, title in enumerate(titles, start=1)
            }
            return TextForm(data, initial=saved or default)
        if step.slug == "organ":
            setup = lifecycle.body_setup()
            specs = setup.specs() if setup else []
            parties = self.party_choices()
            return BodiesForm(
                data,
                initial=saved or BodiesForm.initial_for(specs, parties),
                specs=specs,
                templates=setup.templates() if setup else [],
                parties=parties,
            )
        if step.slug == "samordnare":
            return CoordinatorForm(
                data, initial=saved or {"title": "Brottsförebyggande samordnare"}
            )
        return ReviewForm(data)

    def valid(self, slug: str):
        """The step's kept input as a valid bound form, or None (not yet filled in, or no
        longer valid because an earlier step changed)."""
        if slug not in self._valid:
            saved = self.saved.get(slug)
            form = self.form(STEP_BY_SLUG[slug], data=saved) if saved is not None else None
            self._valid[slug] = form if form is not None and form.is_valid() else None
        return self._valid[slug]

    def check(self, step: Step, form) -> None:
        """The rules of one step, as the service applies them when the agreement is
        created; raised on the step's fields."""
        data = form.cleaned_data
        if step.slug == "parter":
            rows, positions = form.parties()
            lifecycle.parties_check(parties=rows, positions=positions)
        elif step.slug == "period":
            municipality = self.municipality()
            name, number, _existing = municipality or ("", "", None)
            if not name:  # checked once the parties are known
                if data["valid_to"] < data["valid_from"]:
                    lifecycle.period_check(
                        municipality="", valid_from=data["valid_from"], valid_to=data["valid_to"]
                    )
                return
            lifecycle.period_check(
                municipality=name,
                municipality_number=number,
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        elif step.slug == "text":
            if data["clauses_from"] == "text":
                lifecycle.split_clauses(data["text"])
            lifecycle.annexes_check(annexes=form.annexes())
        elif step.slug == "organ":
            parties = self.valid("parter")
            if parties is None:
                raise _needs_parties()
            lifecycle.bodies_check(bodies=form.bodies(), parties=parties.parties()[0])
        elif step.slug == "samordnare":
            municipality = self.municipality()
            if municipality is not None:
                name, _number, existing = municipality
                lifecycle.coordinator_check(coordinator=data, party=existing, party_name=name)

    def missing(self) -> list[Step]:
        return [step for step in STEPS[:-1] if self.valid(step.slug) is None]

    def create_arguments(self) -> dict:
        """agreement_create's arguments from the kept input of every step."""
        missing = self.missing()
        if missing:
            raise ValidationError(
                [
                    _("Steget ”%(step)s” är inte ifyllt eller behöver ses över.")
                    % {"step": step.title}
                    for step in missing
                ]
            )
        parties = self.valid("parter").parties()[0]
        period = self.valid("period").cleaned_data
        text = self.valid("text")
        return {
            "parties": parties,
            "title": period["title"],
            "valid_from": period["valid_from"],
            "valid_to": period["valid_to"],
            "signed_place": period["signed_place"],
            "signed_on": period["signed_on"],
            "clauses_from": text.cleaned_data["clauses_from"],
            "text": text.cleaned_data["text"],
            "annexes": text.annexes(),
            "bodies": self.valid("organ").bodies(),
            "coordinator": self.valid("samordnare").cleaned_data,
        }

    def summary(self) -> dict:
        """What the review page shows of each step that is filled in."""
        result: dict = {"missing": self.missing()}
        parties = self.valid("parter")
        if parties is not None:
            rows = parties.parties()[0]
            known = {
                p.organisation_number: p
                for p in Party.objects.filter(
                    organisation_number__in=[r["organisation_number"] for r in rows]
                )
            }
            result["parties"] = [
                row | {"existing": known.get(row["organisation_number"])} for row in rows
            ]
        if (period := self.valid("period")) is not None:
            result["period"] = period.cleaned_data
        if (text := self.valid("text")) is not None:
            result["text"] = text.cleaned_data | {"annexes": text.annexes()}
            try:
                result["clauses"] = [heading for heading, _body in self._clauses(text)]
            except ValidationError:
                result["clauses"] = []
        if (bodies := self.valid("organ")) is not None:
            choices = dict(self.party_choices())
            templates = dict(bodies.fields[f"{bodies.specs[0]['kind']}-template"].choices)
            result["bodies"] = [
                {
                    "label": spec["label"],
                    **setup,
                    "chair_name": choices.get(setup.get("chair"), ""),
                    "template_label": templates.get(setup.get("template"), ""),
                }
                for spec, setup in zip(bodies.specs, bodies.bodies().values(), strict=True)
            ]
        if (coordinator := self.valid("samordnare")) is not None:
            result["coordinator"] = coordinator.cleaned_data
        return result

    def _clauses(self, text) -> list[tuple[str, str]]:
        if text.cleaned_data["clauses_from"] == "text":
            return lifecycle.split_clauses(text.cleaned_data["text"])
        parties = self.valid("parter")
        period = self.valid("period")
        if parties is None or period is None:
            return [(heading, "") for heading, _body in lifecycle.clause_template.CLAUSES]
        municipality = self.municipality()
        rows = parties.parties()[0]
        known = {
            p.organisation_number: p.name
            for p in Party.objects.filter(
                organisation_number__in=[r["organisation_number"] for r in rows]
            )
        }
        bodies = self.valid("organ")
        return lifecycle.template_clauses(
            municipality=municipality[0],
            parties=[r | {"name": known.get(r["organisation_number"], r["name"])} for r in rows],
            annexes=text.annexes(),
            valid_from=period.cleaned_data["valid_from"],
            valid_to=period.cleaned_data["valid_to"],
            bodies=bodies.bodies() if bodies else {},
        )


def _password_link(request) -> str:
    """The invitation's link pattern; the service fills in the user's uid and token."""
    return (
        request.build_absolute_uri(reverse("password_reset_confirm", args=["UID", "TOKEN"]))
        .replace("UID", "{uid}")
        .replace("TOKEN", "{token}")
    )


@installation_admin_required
@require_http_methods(["GET", "POST"])
def wizard_step(request, step):
    current = STEP_BY_SLUG.get(step)
    if current is None:
        raise Http404
    wizard = Wizard(request)
    index = STEPS.index(current)
    context = {
        "steps": STEPS,
        "current": current,
        "done": {s.slug for s in STEPS[:-1] if wizard.valid(s.slug) is not None},
        "previous": STEPS[index - 1] if index else None,
        "step_number": index + 1,
    }
    if current is REVIEW:
        return _review(request, wizard, context)
    form = wizard.form(current, request.POST or None)

    def save(data):
        wizard.check(current, form)
        wizard.keep(current, form)
        return _("%(step)s är sparat.") % {"step": current.title}

    return form_page(
        request,
        form,
        save=save,
        success_url=wizard.url(STEPS[index + 1]),
        cancel_url=reverse("samverkan:installation"),
        title=_("Ny överenskommelse: %(step)s") % {"step": current.title},
        intro=current.intro,
        submit_label=_("Spara och fortsätt"),
        template="samverkan/lifecycle/wizard_step.html",
        context=context,
    )


def _review(request, wizard: Wizard, context: dict):
    # Nothing is posted but the intent: bound on POST even though the data is empty.
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            agreement = lifecycle.agreement_create(
                by=request.user, login_url=_password_link(request), **wizard.create_arguments()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            wizard.clear()
            coordinator = agreement.people.select_related("user").get()
            messages.success(
                request,
                _(
                    "%(title)s för %(municipality)s är upplagd. %(person)s har fått en "
                    "inbjudan till %(email)s och fortsätter i förteckningarna."
                )
                % {
                    "title": agreement.title,
                    "municipality": agreement.municipality,
                    "person": coordinator.name,
                    "email": coordinator.user.email,
                },
            )
            return redirect("samverkan:installation")
    return render(
        request,
        "samverkan/lifecycle/wizard_review.html",
        context
        | {
            "form": form,
            "title": _("Ny överenskommelse: %(step)s") % {"step": REVIEW.title},
            "summary": wizard.summary(),
        },
    )


@installation_admin_required
@require_POST
def wizard_cancel(request):
    Wizard(request).clear()
    messages.success(request, _("Den nya överenskommelsen är borttagen. Inget sparades."))
    return redirect("samverkan:installation")


# --- renewal ------------------------------------------------------------------------------


@agreement_perm_view("samverkan.change_agreement")
@require_http_methods(["GET", "POST"])
def agreement_renew(request, agreement):
    """Start the next period (the coordinator, from six months before the end)."""
    refusal = lifecycle.renewal_refusal(agreement)
    form = RenewForm(request.POST or None, initial=lifecycle.renewal_defaults(agreement))
    created: list[Agreement] = []

    def save(data):
        created.append(lifecycle.agreement_renew(agreement=agreement, by=request.user, **data))
        return _(
            "Nästa period, %(title)s, är påbörjad som utkast med parterna, texten, bilagorna "
            "och förteckningarna. Den gäller först när den är undertecknad."
        ) % {"title": created[0].title}

    def success_url() -> str:
        new = created[0]
        if Agreement.objects.visible_to(request.user).filter(pk=new.pk).exists():
            return reverse("samverkan:agreement", args=[new.pk])
        return reverse("samverkan:agreement", args=[agreement.pk])

    periods = lifecycle.neighbours(agreement, request.user)
    return form_page(
        request,
        form,
        save=save,
        success_url=lazy(success_url, str)(),
        cancel_url=reverse("samverkan:agreement", args=[agreement.pk]),
        title=_("Förnya %(title)s") % {"title": agreement.title},
        submit_label=_("Påbörja nästa period"),
        template="samverkan/lifecycle/renew.html",
        context={"refusal": refusal, "periods": periods},
    )


# --- what the home and agreement pages show of the lifecycle ----------------------------


def home_context(user, agreements) -> dict:
    """For the home page: whether the user administers the installation, the agreements
    they see (to link a next period only for those) and those they may renew now."""
    from guardian.core import ObjectPermissionChecker

    shown = list(agreements)
    due = [a for a in shown if a.renewal_due_today]
    renewable = set()
    if due and user.is_active:
        checker = ObjectPermissionChecker(user)
        if not user.is_superuser:
            checker.prefetch_perms(due)
        renewable = {a.pk for a in due if checker.has_perm("change_agreement", a)}
    return {
        "installation_admin": lifecycle.is_installation_admin(user),
        "visible": {a.pk for a in shown},
        "renewable": renewable,
    }


def periods_context(request, agreement) -> dict:
    """For the agreement page: its previous and next period, and whether the user may
    start the next one."""
    periods = lifecycle.neighbours(agreement, request.user)
    may_renew = request.rights.has("samverkan.change_agreement")
    periods["renewable"] = {agreement.pk} if may_renew else set()
    return {"periods": periods}
