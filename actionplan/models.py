"""The åtgärdsplan (annex 3) and the medborgarlöften (annex 2).

The agreement: the municipality decides, with the lägesbild as its basis, a plan of the
measures it intends to take to prevent crime; the plan also holds the other parties'
measures and shows clearly which party is responsible for each; it is followed up at
least every second year. The municipality and the police issue medborgarlöften together,
grounded in staff and citizen dialogues where the citizens' insecurity comes first,
renewed every second year and ready by the turn of that year.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models import Meeting
from samverkan.models import Agreement, AgreementParty, Party
from situation.models import Cause, SituationReport

VIEW = "samverkan.view_agreement"
MANAGE = "samverkan.manage_action_plan"
UPDATE_FOR_PARTY = "samverkan.update_measures_for_party"

# The parties that issue medborgarlöften: "Medborgarlöften skrivs mellan kommun och polis."
PROMISE_ISSUER_KINDS = (Party.Kind.MUNICIPALITY, Party.Kind.POLICE)


def _by_user(verbose_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def _period_constraint(name: str):
    return models.CheckConstraint(
        condition=Q(period_to__gte=F("period_from")),
        name=name,
        violation_error_message=_("Perioden kan inte sluta före den börjar."),
    )


# --- The action plan ------------------------------------------------------------------


class ActionPlan(models.Model):
    """An åtgärdsplan for a period, based on a lägesbild, adopted by a municipal decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Beslutad")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name=_("överenskommelse"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    period_from = models.DateField(_("period från och med"))
    period_to = models.DateField(_("period till och med"))
    report = models.ForeignKey(
        SituationReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("lägesbild som underlag"),
    )
    summary = models.TextField(_("inledning"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The municipal decision that adopted the plan ("Kommunen ska … besluta om en plan").
    decided_by = models.CharField(
        _("beslutande organ"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel ”Kommunstyrelsen” eller ”Kommunfullmäktige”."),
    )
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    case_number = models.CharField(
        _("diarienummer"), max_length=50, blank=True, help_text=_("Till exempel KS 2024/123.")
    )
    created_by = _by_user(_("skapad av"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")
        ordering = ["-period_from", "-pk"]
        constraints = [
            _period_constraint("action_plan_period_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(decided_on__isnull=False) & ~Q(decided_by="")),
                name="adopted_plan_has_its_decision",
                violation_error_message=_("En beslutad plan ska ha beslutande organ och datum."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


class MeasureQuerySet(models.QuerySet):
    def delayed(self, on: date):
        """Measures whose end has passed without being done (or cancelled)."""
        return self.filter(ends_on__lt=on).exclude(
            status__in=[Measure.Status.DONE, Measure.Status.CANCELLED]
        )


class Measure(models.Model):
    """One row of the plan in Brå's columns: cause, measure, operational goal, when, who
    (exactly one responsible party), with contributing parties and a status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomförd")
        CANCELLED = "cancelled", _("Avbruten")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("nummer"), default=0)
    cause = models.ForeignKey(
        Cause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("orsak i orsaksanalysen"),
    )
    title = models.CharField(_("åtgärd"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    goal = models.TextField(_("operativt mål"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("slut"))
    # "I planen skall det tydligt framgå vilken part som ansvarar för respektive åtgärd."
    responsible = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="responsible_measures",
        verbose_name=_("ansvarig part"),
    )
    contributors = models.ManyToManyField(
        AgreementParty,
        blank=True,
        related_name="contributed_measures",
        verbose_name=_("medverkande parter"),
    )
    commitment = models.ForeignKey(
        "Commitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("åtagande i medborgarlöftet"),
    )
    indicator = models.CharField(
        _("indikator"),
        max_length=300,
        blank=True,
        help_text=_(
            "Hur det märks att åtgärden ger effekt, till exempel ”anmälda skadegörelsebrott”."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    # The latest status update, kept on the measure so a list of measures reads it without
    # a query per row (written by the status-update service only).
    latest_update = models.ForeignKey(
        "StatusUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senaste statusuppdatering"),
        editable=False,
    )
    history = HistoricalRecords(m2m_fields=[contributors])
    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["plan", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="measure_ends_after_it_starts",
                violation_error_message=_("Åtgärden kan inte sluta före den börjar."),
            ),
        ]

    def __str__(self):
        return self.title

    def is_delayed(self, on: date | None = None) -> bool:
        """Derived, never stored: the end has passed and the measure is neither done nor
        cancelled."""
        on = on or timezone.localdate()
        return self.ends_on < on and self.status not in (self.Status.DONE, self.Status.CANCELLED)

    @property
    def delayed(self) -> bool:
        return self.is_delayed()

    @property
    def light(self) -> str:
        """The traffic light the pages show (always with its text): delayed overrides."""
        return "delayed" if self.delayed else self.status


class StatusUpdate(models.Model):
    """A dated status with a comment, by someone of the responsible party or the
    coordinator; at a meeting when given under its "åtgärdsplanens status" item."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="updates", verbose_name=_("åtgärd")
    )
    on = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=16, choices=Measure.Status.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_updates",
        verbose_name=_("möte"),
    )
    by = _by_user(_("uppdaterad av"))
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusuppdatering")
        verbose_name_plural = _("statusuppdateringar")
        ordering = ["measure", "-on", "-pk"]

    def __str__(self):
        return f"{self.measure} {self.on} {self.get_status_display()}"


class FollowUp(models.Model):
    """A formal follow-up (uppföljning) of the whole plan: per measure its outcome and an
    assessment of effect. The agreement: at least every second year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Pågår")
        COMPLETED = "completed", _("Avslutad")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("plan")
    )
    held_on = models.DateField(_("datum för uppföljningen"))
    summary = models.TextField(_("sammanfattning"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_follow_ups",
        verbose_name=_("möte"),
        help_text=_("Mötet där uppföljningen gick igenom, om det finns ett."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = _by_user(_("skapad av"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljning av åtgärdsplanen")
        verbose_name_plural = _("uppföljningar av åtgärdsplanen")
        ordering = ["plan", "-held_on", "-pk"]

    def __str__(self):
        return f"{self.plan} {self.held_on}"


class Outcome(models.Model):
    """One measure's outcome in a follow-up, with an assessment of its effect."""

    class Effect(models.TextChoices):
        ACHIEVED = "achieved", _("Önskad effekt")
        PARTLY = "partly", _("Delvis effekt")
        NONE = "none", _("Ingen märkbar effekt")
        TOO_EARLY = "too_early", _("För tidigt att bedöma")

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("uppföljning")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("åtgärd")
    )
    outcome = models.TextField(_("utfall"), blank=True)
    effect = models.CharField(_("bedömd effekt"), max_length=16, choices=Effect.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["follow_up", "measure__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "measure"], name="outcome_once_per_measure_and_follow_up"
            )
        ]

    def __str__(self):
        return f"{self.follow_up}: {self.measure}"


# --- Medborgarlöften ------------------------------------------------------------------


class CitizenPromiseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CitizenPromise.Status.PUBLISHED)


class CitizenPromise(models.Model):
    """A medborgarlöfte for a period, issued by the municipality and the police."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerat")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="citizen_promises",
        verbose_name=_("överenskommelse"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    period_from = models.DateField(_("gäller från och med"))
    period_to = models.DateField(_("gäller till och med"))
    issuers = models.ManyToManyField(
        AgreementParty,
        related_name="issued_promises",
        verbose_name=_("utfärdas av"),
        help_text=_("Kommunen och polisen: medborgarlöften skrivs mellan kommun och polis."),
    )
    summary = models.TextField(
        _("till invånarna"),
        blank=True,
        help_text=_("Visas på den öppna sidan: vad löftet handlar om, med enkla ord."),
    )
    internal_notes = models.TextField(
        _("interna anteckningar"), blank=True, help_text=_("Visas aldrig på den öppna sidan.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    # The public page's address (/medborgarloften/<slug>/), from the municipality's name:
    # stable when the agreement is renewed, and found in one query without login.
    public_slug = models.SlugField(_("adress för den öppna sidan"), max_length=100, db_index=True)
    created_by = _by_user(_("skapat av"))
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[issuers])
    objects = CitizenPromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        ordering = ["-period_from", "-pk"]
        constraints = [_period_constraint("promise_period_ends_after_it_starts")]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Commitment(models.Model):
    """What the municipality or the police promises, the activities and how it is
    followed up."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("medborgarlöfte"),
    )
    number = models.PositiveSmallIntegerField(_("nummer"), default=0)
    title = models.CharField(_("åtagande"), max_length=300)
    responsible = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="promise_commitments",
        verbose_name=_("ansvarig part"),
    )
    activities = models.TextField(_("aktiviteter"))
    follow_up_method = models.TextField(_("så följs det upp"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        ordering = ["promise", "number", "pk"]

    def __str__(self):
        return self.title


class Dialogue(models.Model):
    """A dialogue the promise builds on: with staff, with citizens, or the safety survey."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Medarbetardialog")
        CITIZEN = "citizen", _("Medborgardialog")
        SURVEY = "survey", _("Trygghetsundersökning")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="dialogues",
        verbose_name=_("medborgarlöfte"),
    )
    kind = models.CharField(_("typ av dialog"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("datum"))
    participants = models.TextField(_("deltagare"), blank=True)
    summary = models.TextField(_("sammanfattning"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dialog")
        verbose_name_plural = _("dialoger")
        ordering = ["promise", "held_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


class Priority(models.Model):
    """An insecurity the citizens put first in the dialogues: what the promise answers."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="priorities",
        verbose_name=_("medborgarlöfte"),
    )
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name=_("från dialogen"),
    )
    rank = models.PositiveSmallIntegerField(_("prioritet"), default=1)
    title = models.CharField(_("otrygghet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prioriterad otrygghet")
        verbose_name_plural = _("prioriterade otryggheter")
        ordering = ["promise", "rank", "pk"]

    def __str__(self):
        return self.title


class PromiseReport(models.Model):
    """A follow-up report of a promise; the public page shows the latest published one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("medborgarlöfte"),
    )
    reported_on = models.DateField(_("datum"))
    text = models.TextField(
        _("uppföljning"), help_text=_("Visas på den öppna sidan när den publiceras.")
    )
    internal_notes = models.TextField(
        _("interna anteckningar"), blank=True, help_text=_("Visas aldrig på den öppna sidan.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    created_by = _by_user(_("skriven av"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljning av medborgarlöftet")
        verbose_name_plural = _("uppföljningar av medborgarlöftet")
        ordering = ["promise", "-reported_on", "-pk"]

    def __str__(self):
        return f"{self.promise} {self.reported_on}"
