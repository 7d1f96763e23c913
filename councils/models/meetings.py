"""Meetings of the bodies: agenda, invitees and attendance, minutes, decisions, assignments.

The agreement: the strategic council meets four times a year (two of them extended with
the municipality's management group) and the operative group six, both also as needed;
the council decides by consensus of the parties and may give the operative group
assignments. Other apps attach their objects (a lägesbild, an annex version) to agenda
items and decisions through a generic pointer, so councils never imports them.
"""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.models import Agreement, AgreementParty, Person

from .rosters import Body, Function


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Meetings not cancelled that have not ended yet, soonest first."""
        now = now or timezone.now()
        return self.exclude(status=Meeting.Status.CANCELLED).filter(ends_at__gte=now)

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)

    def not_cancelled(self):
        return self.exclude(status=Meeting.Status.CANCELLED)


class Meeting(models.Model):
    """One meeting of a body, convened by the body's convener."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinarie möte")
        EXTRA = "extra", _("Extra möte vid behov")
        SUDDEN = "sudden", _("Hastigt uppkommen händelse")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Förslag")
        SCHEDULED = "scheduled", _("Kallat")
        CANCELLED = "cancelled", _("Inställt")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("överenskommelse"),
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("organ")
    )
    kind = models.CharField(_("typ av möte"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    extended = models.BooleanField(
        _("utökat möte"),
        default=False,
        help_text=_("Kommunens ledningsgrupp deltar (strategiska rådet, två möten om året)."),
    )
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    video_link = models.URLField(_("länk till videomöte"), blank=True)
    # iCalendar: one UID for the meeting's whole life, SEQUENCE raised on every change
    # that is sent, so Outlook updates the invitation instead of adding a second one.
    uid = models.UUIDField(_("kalender-id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)
    cancelled_reason = models.CharField(
        _("anledning till inställt möte"), max_length=300, blank=True
    )
    # Minutes: the chair (of the chairing party) and one adjuster (justerare) from another
    # party approve them; once both have, they are locked and corrected by addenda only.
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförande"),
    )
    adjuster = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("justerare"),
    )
    chair_approved_at = models.DateTimeField(_("ordföranden godkände"), null=True, blank=True)
    adjuster_approved_at = models.DateTimeField(_("justeraren godkände"), null=True, blank=True)
    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("Mötet måste sluta efter att det börjar."),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.body.name} {local:%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        errors = {}
        if self.body_id and self.agreement_id and self.body.agreement_id != self.agreement_id:
            errors["body"] = _("Organet hör till en annan överenskommelse.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Mötet måste sluta efter att det börjar.")
        if self.agreement_id:
            outside = _(
                "Mötet ligger utanför överenskommelsens giltighetstid (%(start)s–%(end)s)."
            ) % {
                "start": self.agreement.valid_from.isoformat(),
                "end": self.agreement.valid_to.isoformat(),
            }
            if self.starts_at and not self.agreement.covers(timezone.localdate(self.starts_at)):
                errors["starts_at"] = outside
            elif (
                self.ends_at
                and "ends_at" not in errors
                and not self.agreement.covers(timezone.localdate(self.ends_at))
            ):
                errors["ends_at"] = outside
        if self.extended and self.body_id and self.body.kind != Body.Kind.STRATEGIC_COUNCIL:
            errors["extended"] = _("Bara strategiska rådet har utökade möten.")
        if (
            self.kind == self.Kind.SUDDEN
            and self.body_id
            and self.body.kind != Body.Kind.OPERATIVE_GROUP
        ):
            errors["kind"] = _("Möten vid hastigt uppkomna händelser hålls av operativa gruppen.")
        if errors:
            raise ValidationError(errors)

    @property
    def date(self) -> date:
        return timezone.localdate(self.starts_at)

    def when(self) -> str:
        """Day and time in the active language, e.g. "tisdag 18 mars 2025 13:00–15:00"."""
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        text = f"{date_format(start, 'l j F Y')} {start:%H:%M}–"
        if end.date() != start.date():
            text += f"{date_format(end, 'l j F Y')} "
        return text + f"{end:%H:%M}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    def has_ended(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    @property
    def minutes_locked(self) -> bool:
        return bool(self.chair_approved_at and self.adjuster_approved_at)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_minutes(self) -> bool:
        """Minutes are kept once the meeting has begun, unless it was cancelled: the meeting
        page shows them from then on, and the protokoll PDF exists from then on."""
        return not self.is_cancelled and self.starts_at <= timezone.now()


class AgendaItem(models.Model):
    """A numbered item on a meeting's agenda, with its presenter and minutes."""

    class Kind(models.TextChoices):
        SITUATION_PICTURE = "situation_picture", _("Lägesbild")
        ACTION_PLAN_STATUS = "action_plan_status", _("Åtgärdsplanens status")
        CITIZEN_PROMISE = "citizen_promise", _("Medborgarlöfte")
        FOLLOW_UP = "follow_up", _("Uppföljning")
        ANNEX_DECISION = "annex_decision", _("Beslut om bilaga")
        ASSIGNMENT = "assignment", _("Uppdrag")
        OTHER = "other", _("Övrigt")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("möte")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(
        _("typ av punkt"), max_length=24, choices=Kind.choices, default=Kind.OTHER
    )
    presenter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föredragande"),
    )
    notes = models.TextField(_("underlag"), blank=True)
    minutes = models.TextField(_("protokollsanteckning"), blank=True)
    # The object the item is about (a lägesbild, an annex version, an assignment), owned by
    # an app above councils: pointed at generically so councils does not import it.
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ärendets typ"),
    )
    subject_id = models.PositiveBigIntegerField(_("ärendets id"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title


class StandingAgendaItem(models.Model):
    """An item every new meeting of the body starts with (e.g. "Aktuell lägesbild")."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="standing_items", verbose_name=_("organ")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(
        _("typ av punkt"), max_length=24, choices=AgendaItem.Kind.choices, default="other"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stående punkt")
        verbose_name_plural = _("stående punkter")
        ordering = ["body", "order", "pk"]

    def __str__(self):
        return self.title


class Invitee(models.Model):
    """Someone called to a meeting: a roster member, a "vid behov" function, a substitute,
    the management group, a presenter or a co-opted guest (adjungerad, no account needed)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Ledamot")
        AS_NEEDED = "as_needed", _("Vid behov")
        MANAGEMENT_GROUP = "management_group", _("Ledningsgruppen")
        SUBSTITUTE = "substitute", _("Ersättare")
        PRESENTER = "presenter", _("Föredragande")
        GUEST = "guest", _("Adjungerad")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Ej registrerad")
        PRESENT = "present", _("Närvarande")
        ABSENT = "absent", _("Frånvarande")
        EXCUSED = "excused", _("Anmält förhinder")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitees", verbose_name=_("möte")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("person"),
    )
    # Guests without an account are named here; for people it is filled from the account.
    name = models.CharField(_("namn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-postadress"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    function = models.ForeignKey(
        Function,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funktion"),
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("företräder part"),
    )
    # A member who sends apologies is replaced by their substitute: the substitute's row
    # points at the member's, and counts for the member's function and party.
    replaces = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("ersätter"),
    )
    attendance = models.CharField(
        _("närvaro"), max_length=16, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kallad")
        verbose_name_plural = _("kallade")
        ordering = ["meeting", "party", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                name="invitee_once_per_meeting",
                violation_error_message=_("Personen är redan kallad till mötet."),
            ),
        ]

    def __str__(self):
        return self.name


class MinutesAddendum(models.Model):
    """A dated correction to locked minutes: the approved minutes are never edited."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="addenda", verbose_name=_("möte")
    )
    text = models.TextField(_("tillägg"))
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tillägg till protokollet")
        verbose_name_plural = _("tillägg till protokollet")
        ordering = ["meeting", "at", "pk"]

    def __str__(self):
        return self.text[:80]


class Decision(models.Model):
    """A decision (beslut) on an agenda item. At the council it is adopted only by
    consensus: every party represented at the meeting and none objecting."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("punkt")
    )
    text = models.TextField(_("beslut"))
    adopted = models.BooleanField(_("fattat"), default=False)
    reason = models.CharField(_("skäl"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("beslutat"), default=timezone.now)
    # The object decided on (an annex version, later), pointed at like agenda items'.
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ärendets typ"),
    )
    subject_id = models.PositiveBigIntegerField(_("ärendets id"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # What the decision was taken on, e.g. the SHA-256 of an annex version's snapshot.
    subject_hash = models.CharField(_("kontrollsumma"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["item", "decided_at", "pk"]

    def __str__(self):
        return self.text[:80]


class Position(models.Model):
    """A party's position on a decision, given by someone present for that party."""

    class Stance(models.TextChoices):
        AGREES = "agrees", _("Instämmer")
        OBJECTS = "objects", _("Invänder")
        ABSTAINS = "abstains", _("Avstår")

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="positions", verbose_name=_("beslut")
    )
    party = models.ForeignKey(
        AgreementParty, on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    stance = models.CharField(_("ställningstagande"), max_length=16, choices=Stance.choices)
    given_by = models.ForeignKey(
        Invitee, on_delete=models.PROTECT, related_name="+", verbose_name=_("lämnat av")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ställningstagande")
        verbose_name_plural = _("ställningstaganden")
        ordering = ["decision", "party__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "party"], name="one_position_per_party_and_decision"
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.get_stance_display()}"


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS])

    def overdue(self, on: date | None = None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Assignment(models.Model):
    """An assignment (uppdrag) the council gives the operative group by an adopted decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ej påbörjat")
        IN_PROGRESS = "in_progress", _("Pågår")
        REPORTED = "reported", _("Återrapporterat")
        CANCELLED = "cancelled", _("Avbrutet")

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("beslut")
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("utförs av")
    )
    description = models.TextField(_("uppdrag"))
    responsible_party = models.ForeignKey(
        AgreementParty, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarig part")
    )
    due_on = models.DateField(_("klart senast"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    report = models.TextField(_("återrapport"), blank=True)
    reported_at = models.DateTimeField(_("återrapporterat"), null=True, blank=True)
    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppdrag till operativa gruppen")
        verbose_name_plural = _("uppdrag till operativa gruppen")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description[:80]

    def is_overdue(self, on: date | None = None) -> bool:
        open_states = (self.Status.OPEN, self.Status.IN_PROGRESS)
        return self.status in open_states and self.due_on < (on or timezone.localdate())


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar feed URL with the meetings of their bodies; no login,
    so the token is the key: revocable and renewable from the profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("användare"),
    )
    token = models.CharField(_("nyckel"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        verbose_name = _("kalenderflöde")
        verbose_name_plural = _("kalenderflöden")

    def __str__(self):
        return str(self.user)
