"""Rosters of the agreement's two bodies: functions, and the people holding them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.models import Agreement, AgreementParty, Person


class Body(models.Model):
    """The strategic council or the operative group of one agreement."""

    class Kind(models.TextChoices):
        STRATEGIC_COUNCIL = "strategic", _("Strategiskt råd")
        OPERATIVE_GROUP = "operative", _("Operativ samverkansgrupp")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("överenskommelse"),
    )
    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("namn"), max_length=200)
    purpose = models.TextField(_("uppdrag"), blank=True)
    ordinary_meetings_per_year = models.PositiveSmallIntegerField(
        _("ordinarie möten per år"), help_text=_("Därutöver möten vid behov.")
    )
    extended_meetings_per_year = models.PositiveSmallIntegerField(
        _("utökade möten per år"),
        default=0,
        help_text=_("Möten där kommunens ledningsgrupp deltar som utökad grupp."),
    )
    chair_party = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförandeskap"),
    )
    convener_function = models.ForeignKey(
        "Function",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammankallande funktion"),
    )
    convener_support_function = models.ForeignKey(
        "Function",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stöd till sammankallande"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        # "strategic" sorts after "operative": descending puts the council first.
        ordering = ["agreement", "-kind"]
        permissions = [
            ("convene_body", _("Får sammankalla och boka möten")),
            ("manage_roster", _("Får ändra i förteckningen över funktioner och ledamöter")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="one_body_of_each_kind"),
            models.CheckConstraint(
                condition=Q(extended_meetings_per_year__lte=F("ordinary_meetings_per_year")),
                name="extended_meetings_within_ordinary",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.chair_party_id and self.chair_party.agreement_id != self.agreement_id:
            errors["chair_party"] = _("Ordförandeparten måste vara part i överenskommelsen.")
        for field in ("convener_function", "convener_support_function"):
            function = getattr(self, field)
            if function is not None and function.body_id != self.pk:
                errors[field] = _("Funktionen måste höra till det här organet.")
        if self.extended_meetings_per_year > self.ordinary_meetings_per_year:
            errors["extended_meetings_per_year"] = _(
                "Det kan inte vara fler utökade möten än ordinarie möten."
            )
        if errors:
            raise ValidationError(errors)


class Function(models.Model):
    """A function on a body's roster, e.g. "Kommunpolis" or "Laholmshems VD"."""

    class Attendance(models.TextChoices):
        ALWAYS = "always", _("Ordinarie")
        AS_NEEDED = "as_needed", _("Vid behov")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="functions", verbose_name=_("organ")
    )
    party = models.ForeignKey(
        AgreementParty, on_delete=models.PROTECT, related_name="functions", verbose_name=_("part")
    )
    title = models.CharField(
        _("funktion"), max_length=200, help_text=_("Till exempel ”Kommunpolis”.")
    )
    attendance = models.CharField(
        _("deltagande"), max_length=16, choices=Attendance.choices, default=Attendance.ALWAYS
    )
    is_group = models.BooleanField(
        _("grupp med flera innehavare"),
        default=False,
        help_text=_(
            "Till exempel kommunens ledningsgrupp eller representanter från förvaltningarna."
        ),
    )
    is_management_group = models.BooleanField(
        _("kommunens ledningsgrupp"),
        default=False,
        help_text=_("Deltar som utökad grupp vid de utökade mötena."),
    )
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funktion")
        verbose_name_plural = _("funktioner")
        ordering = ["body", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title"],
                name="function_title_unique_per_body",
                violation_error_message=_("Organet har redan en funktion med den benämningen."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.body_id and self.party_id and self.party.agreement_id != self.body.agreement_id:
            raise ValidationError({"party": _("Parten måste vara part i samma överenskommelse.")})


class SeatQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))

    def not_ended(self, on: date | None = None):
        """Current seats and those starting later: appointments still to be honoured."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class Seat(models.Model):
    """A person holding a function for a period, with their substitutes (ersättare)."""

    function = models.ForeignKey(
        Function, on_delete=models.CASCADE, related_name="seats", verbose_name=_("funktion")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="seats", verbose_name=_("person")
    )
    valid_from = models.DateField(_("från och med"))
    valid_to = models.DateField(
        _("till och med"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om uppdraget gäller tills vidare."),
    )
    history = HistoricalRecords()
    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["function", "valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["function", "person", "valid_from"], name="seat_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="seat_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.function}: {self.person}"

    def clean(self):
        super().clean()
        errors = {}
        agreement = self.function.body.agreement if self.function_id else None
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Uppdraget kan inte sluta före det börjar.")
        if agreement and self.valid_from and not agreement.covers(self.valid_from):
            errors["valid_from"] = _(
                "Startdatumet ligger utanför överenskommelsens giltighetstid (%(start)s–%(end)s)."
            ) % {"start": agreement.valid_from.isoformat(), "end": agreement.valid_to.isoformat()}
        if agreement and self.valid_to and not agreement.covers(self.valid_to):
            errors.setdefault(
                "valid_to",
                _("Slutdatumet ligger utanför överenskommelsens giltighetstid (%(start)s–%(end)s).")
                % {
                    "start": agreement.valid_from.isoformat(),
                    "end": agreement.valid_to.isoformat(),
                },
            )
        if errors:
            raise ValidationError(errors)

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class Substitute(models.Model):
    """An ersättare appointed for a seat; acts for the holder when needed."""

    seat = models.ForeignKey(
        Seat, on_delete=models.CASCADE, related_name="substitutes", verbose_name=_("uppdrag")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="substitute_for", verbose_name=_("ersättare")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ersättare")
        verbose_name_plural = _("ersättare")
        ordering = ["seat", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "person"], name="substitute_once_per_seat"),
        ]

    def __str__(self):
        return f"{self.person} ({_('ersättare')})"
