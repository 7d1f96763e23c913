"""Core domain: the agreement, its parties, clauses, annexes and the people in it."""

import calendar
import contextlib
import re
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import events
from .history import ChangedUnder
from .validators import normalize_organisation_number, validate_organisation_number

_NUMBERED = re.compile(r"^\d+\.\s+")

# How long before its end an agreement may be renewed.
RENEWAL_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier if negative), or the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class Party(models.Model):
    """An organisation that can be party to agreements (global, shared across agreements)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        POLICE = "police", _("Polismyndigheten")
        PRISON_PROBATION = "prison_probation", _("Kriminalvården")
        MUNICIPAL_COMPANY = "municipal_company", _("Kommunalt bolag")
        OTHER = "other", _("Annan")

    name = models.CharField(_("namn"), max_length=200)
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("Tio siffror, till exempel 212000-1223."),
        error_messages={"unique": _("Det finns redan en organisation med det numret.")},
    )
    address = models.CharField(_("adress"), max_length=300, blank=True)
    kind = models.CharField(_("typ"), max_length=32, choices=Kind.choices)
    # Shared by agreements: each history row says which agreement it was changed under.
    history = HistoricalRecords(bases=[ChangedUnder])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # An invalid number is reported on the field by its validator; only normalise here.
        with contextlib.suppress(ValidationError):
            self.organisation_number = normalize_organisation_number(self.organisation_number)


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agreements the user may open (guardian's view permission on the object)."""
        from guardian.shortcuts import get_objects_for_user

        if not user.is_authenticated:
            return self.none()
        return get_objects_for_user(
            user, "samverkan.view_agreement", klass=self, accept_global_perms=False
        )


class Agreement(models.Model):
    """A samverkansöverenskommelse between equal parties, valid for a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SIGNED = "signed", _("Undertecknad")
        TERMINATED = "terminated", _("Avslutad")

    class State(models.TextChoices):
        """Where the agreement stands on a day (derived from status and period, not stored)."""

        DRAFT = "draft", _("Utkast")
        SIGNED = "signed", _("Undertecknad")
        IN_FORCE = "in_force", _("Gäller")
        ENDED = "ended", _("Har upphört")

    title = models.CharField(_("titel"), max_length=200)
    municipality = models.CharField(_("kommun"), max_length=100)
    valid_from = models.DateField(_("gäller från och med"))
    valid_to = models.DateField(_("gäller till och med"))
    signed_place = models.CharField(_("ort för undertecknande"), max_length=100, blank=True)
    signed_on = models.DateField(_("datum för undertecknande"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The period this agreement renews ("föregående period"); its successor is reached as
    # `agreement.successor`. One-to-one: an agreement has one next period, never two.
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("föregående period"),
    )
    # A name that stays when the title or the dates are edited, for data the installation
    # loads itself (the demo): a reload finds the same agreement instead of adding one.
    key = models.SlugField(
        _("nyckel"), max_length=50, unique=True, null=True, blank=True, editable=False
    )
    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")
        ordering = ["-valid_from", "title"]
        # The situation picture's rights (granted by councils/roles.py from the rosters):
        # reading submitted input and the lägesbild, reading confidential input, and
        # keeping it (areas, requests, the survey, composing the lägesbild).
        permissions = [
            ("view_situation", _("Får läsa lägesbilden och inlämnat underlag")),
            ("view_confidential_situation", _("Får läsa konfidentiellt underlag")),
            ("manage_situation", _("Får sammanställa lägesbilden")),
            ("assess_situation", _("Får bedöma risknivåer och besluta snabba åtgärder")),
            ("manage_action_plan", _("Får hålla åtgärdsplanen och medborgarlöftena")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("Slutdatum kan inte ligga före startdatum."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {
                    "valid_to": _("Överenskommelsen kan inte sluta före den börjar (%(start)s).")
                    % {"start": self.valid_from.isoformat()}
                }
            )

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    @property
    def days_left(self) -> int:
        """Days left of validity from today, 0 once it has expired."""
        return max((self.valid_to - timezone.localdate()).days, 0)

    @property
    def validity_state(self) -> str:
        today = timezone.localdate()
        if today < self.valid_from:
            return "upcoming"
        if today > self.valid_to:
            return "expired"
        return "in_force"

    def state(self, on: date | None = None) -> "Agreement.State":
        """Draft, signed (not yet begun), in force or ended, on the day (default today)."""
        on = on or timezone.localdate()
        if self.status == self.Status.TERMINATED or on > self.valid_to:
            return self.State.ENDED
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        if on < self.valid_from:
            return self.State.SIGNED
        return self.State.IN_FORCE

    @property
    def state_today(self) -> "Agreement.State":
        return self.state()

    @property
    def renewal_opens_on(self) -> date:
        """Renewal may start six months before the day after the end (2026-07-01 for an
        agreement ending 2026-12-31)."""
        return add_months(self.valid_to + timedelta(days=1), -RENEWAL_MONTHS)

    def renewal_due(self, on: date | None = None) -> bool:
        """From six months before the end until the end, unless ended early."""
        on = on or timezone.localdate()
        return self.renewal_opens_on <= on and self.state(on) != self.State.ENDED

    @property
    def renewal_due_today(self) -> bool:
        return self.renewal_due()


class AgreementParty(models.Model):
    """A party's place in one agreement: its short name and who signs for it."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("överenskommelse"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("organisation")
    )
    short_name = models.CharField(
        _("kortnamn"), max_length=50, help_text=_("Som i avtalstexten, till exempel ”Kommunen”.")
    )
    party_description = models.CharField(
        _("part enligt avtalstexten"),
        max_length=300,
        blank=True,
        help_text=_("Till exempel ”Polismyndigheten genom lokalpolisområde Halmstad/Laholm”."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    signatory_name = models.CharField(_("firmatecknare"), max_length=200, blank=True)
    signatory_title = models.CharField(_("firmatecknarens titel"), max_length=300, blank=True)
    signatory_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatory_for",
        verbose_name=_("undertecknar i tjänsten"),
        help_text=_("Användaren som skriver under bilagor för parten."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avtalspart")
        verbose_name_plural = _("avtalsparter")
        ordering = ["agreement", "order", "pk"]
        permissions = [
            ("sign_for_party", _("Får underteckna för parten")),
            ("submit_input_for_party", _("Får lämna underlag för parten")),
            ("report_weekly_for_party", _("Får lämna veckorapporter för parten")),
            ("update_measures_for_party", _("Får uppdatera status för partens åtgärder")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="party_once_per_agreement"),
            models.UniqueConstraint(
                fields=["agreement", "short_name"], name="short_name_unique_per_agreement"
            ),
        ]

    def __str__(self):
        return self.short_name or str(self.party)

    @property
    def display_name(self) -> str:
        return self.party_description or self.party.name


class Clause(models.Model):
    """One section of the agreement text, in document order.

    The body is plain text: blank lines separate paragraphs and lines starting
    with "- " form a bulleted list, so the whole document can be reproduced.
    """

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="clauses",
        verbose_name=_("överenskommelse"),
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    heading = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "order"], name="clause_order_unique"),
        ]

    def __str__(self):
        return self.heading

    def blocks(self) -> list[dict]:
        """The body as paragraphs and lists, ready for a template to print."""
        blocks: list[dict] = []
        for chunk in self.body.replace("\r\n", "\n").split("\n\n"):
            lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
            if not lines:
                continue
            if all(line.startswith("- ") for line in lines):
                kind, items = "list", [line[2:].strip() for line in lines]
            elif all(_NUMBERED.match(line) for line in lines):
                kind, items = "numbered", [_NUMBERED.sub("", line) for line in lines]
            else:
                blocks.append({"kind": "paragraph", "text": " ".join(lines)})
                continue
            if blocks and blocks[-1]["kind"] == kind:
                blocks[-1]["items"].extend(items)
            else:
                blocks.append({"kind": kind, "items": items})
        return blocks


class Annex(models.Model):
    """A numbered annex (bilaga) that forms the basis of the parties' commitments."""

    class Kind(models.TextChoices):
        SITUATION_PICTURE = "situation_picture", _("Lokal lägesbild och orsaksanalys")
        CITIZEN_PROMISE = "citizen_promise", _("Medborgarlöfte")
        ACTION_PLAN = "action_plan", _("Åtgärdsplan")
        OTHER = "other", _("Annan bilaga")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="annexes",
        verbose_name=_("överenskommelse"),
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("typ"), max_length=32, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="annex_number_unique"),
        ]

    def __str__(self):
        return _("Bilaga %(number)s: %(title)s") % {"number": self.number, "title": self.title}


class Person(models.Model):
    """A user's profile: the organisation they work for and their title."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="person",
        verbose_name=_("användare"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    # Parties such as the Police are shared by many agreements; this is the list of
    # agreements whose coordinators may see and appoint the person, so staff added in
    # one municipality stay invisible to the others.
    agreements = models.ManyToManyField(
        Agreement, related_name="people", blank=True, verbose_name=_("överenskommelser")
    )
    history = HistoricalRecords(m2m_fields=[agreements])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class EventQuerySet(models.QuerySet):
    def of_action(self, *actions: str):
        """Events with any of the codes: `of_action("councils.seat.assigned")`."""
        return self.filter(action__in=actions)

    def about(self, obj):
        """Events whose object is `obj`."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Event(models.Model):
    """A business event in an agreement's log: an action code and the facts as they were,
    read as a sentence in the reader's language when shown (see `samverkan.events`)."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("överenskommelse"),
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utförd av"),
    )
    action = models.CharField(_("händelsekod"), max_length=100, db_index=True)
    # The object the event is about; it may since have been deleted, so no constraint.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objekttyp"),
    )
    object_id = models.PositiveBigIntegerField(_("objektets id"), null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("uppgifter"), default=dict, blank=True)
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="event_object")]

    def __str__(self):
        return self.sentence

    @property
    def sentence(self) -> str:
        """The event as a sentence in the active language."""
        return events.render(self)


class OutboundMessageQuerySet(models.QuerySet):
    def about(self, obj):
        """Messages sent about `obj` (a meeting's invitations, say)."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def undelivered(self):
        return self.exclude(state=OutboundMessage.State.SENT)


class OutboundMessage(models.Model):
    """One e-mail to one recipient, recorded before it is sent: a failing mail server blocks
    no save and loses nothing; a task delivers it and a failed one is retried."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("överenskommelse"),
    )
    # What the message is about (a meeting, an annex version), pointed at generically so
    # that samverkan does not import the app that sends it.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objekttyp"),
    )
    object_id = models.PositiveBigIntegerField(_("objektets id"), null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("typ av meddelande"), max_length=100)
    to = models.EmailField(_("mottagare"))
    # Replies go to the person behind the message (the convener), not to the app's address.
    reply_to = models.EmailField(_("svar till"), blank=True)
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"))
    attachment_name = models.CharField(_("bilagans filnamn"), max_length=200, blank=True)
    attachment_type = models.CharField(_("bilagans typ"), max_length=100, blank=True)
    attachment = models.TextField(_("bilaga"), blank=True)
    state = models.CharField(
        _("status"), max_length=16, choices=State.choices, default=State.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    last_error = models.CharField(_("senaste fel"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("utgående e-postmeddelande")
        verbose_name_plural = _("utgående e-postmeddelanden")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="message_object"),
            models.Index(fields=["state"], name="message_state"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"


# --- annex versions, signatures and signatories ------------------------------------------


class AnnexVersionQuerySet(models.QuerySet):
    def open(self):
        """Versions on their way: a draft, on a council agenda, or decided and awaiting
        signatures."""
        return self.filter(state__in=AnnexVersion.OPEN_STATES)

    def of_document(self, agreement, annex):
        """The versions of one document: an annex, or (annex None) the agreement itself."""
        return self.filter(agreement=agreement, annex=annex)


class AnnexVersion(models.Model):
    """A dated version of an annex (or, with no annex, of the agreement's own text): a
    canonical snapshot of its source taken when the version is made, rendered HTML, and
    the SHA-256 of both. Valid only once decided by consensus in the strategic council
    (the agreement itself needs no council decision) and signed by every party.

    The content (snapshot, html, content_hash) never changes after the version is made;
    see samverkan/annexes.py for the rules and the integrity check."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PRESENTED = "presented", _("Föredragen för strategiska rådet")
        DECIDED = "decided", _("Väntar på underskrifter")
        IN_FORCE = "in_force", _("Gäller")
        SUPERSEDED = "superseded", _("Ersatt")
        RETURNED = "returned", _("Återremitterad")
        REJECTED = "rejected", _("Avslagen")

    OPEN_STATES = (State.DRAFT, State.PRESENTED, State.DECIDED)

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="document_versions",
        verbose_name=_("överenskommelse"),
    )
    # None: the version is of the agreement's own text (its clauses, parties and period).
    annex = models.ForeignKey(
        Annex,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("bilaga"),
    )
    number = models.PositiveSmallIntegerField(_("versionsnummer"))
    title = models.CharField(_("titel"), max_length=300)
    dated_on = models.DateField(_("daterad"))
    state = models.CharField(
        _("status"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    state_reason = models.TextField(_("motivering"), blank=True)
    # Where the content came from (a lägesbild, a medborgarlöfte, an åtgärdsplan): samverkan
    # does not import those apps, so the source is named generically and by its label.
    source_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("källans typ"),
    )
    source_id = models.PositiveBigIntegerField(_("källans id"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("källa"), max_length=300, blank=True)
    snapshot = models.JSONField(_("innehåll"), editable=False)
    html = models.TextField(_("återgivning"), editable=False)
    content_hash = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64, editable=False)
    # What was put before the council: a decision is taken on this hash and no other.
    presented_hash = models.CharField(_("föredragen kontrollsumma"), max_length=64, blank=True)
    presented_at = models.DateTimeField(_("föredragen"), null=True, blank=True)
    presented_to = models.CharField(_("föredragen vid"), max_length=300, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("beslut"), max_length=300, blank=True)
    # The council's decision (in councils, which samverkan does not import).
    decision_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutets typ"),
    )
    decision_id = models.PositiveBigIntegerField(_("beslutets id"), null=True, blank=True)
    in_force_at = models.DateTimeField(_("gäller från"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("ersatt"), null=True, blank=True)
    # The last time the stored content was found to match its hash (shown when it no
    # longer does: "integriteten bruten, senast kontrollerad …").
    integrity_checked_at = models.DateTimeField(
        _("integriteten senast kontrollerad"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    # The content is immutable and can be large: history keeps the states, not copies.
    history = HistoricalRecords(excluded_fields=["snapshot", "html"])
    objects = AnnexVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilageversion")
        verbose_name_plural = _("bilageversioner")
        ordering = ["agreement", "annex__number", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["annex", "number"],
                condition=Q(annex__isnull=False),
                name="annex_version_number_unique",
            ),
            models.UniqueConstraint(
                fields=["agreement", "number"],
                condition=Q(annex__isnull=True),
                name="agreement_version_number_unique",
            ),
            # One version in force, and one on its way, per document (per annex, and for
            # the agreement's own text, whose annex is NULL).
            models.UniqueConstraint(
                fields=["annex"],
                condition=Q(state="in_force"),
                name="one_annex_version_in_force",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(annex__isnull=True, state="in_force"),
                name="one_agreement_version_in_force",
            ),
            models.UniqueConstraint(
                fields=["annex"],
                condition=Q(state__in=["draft", "presented", "decided"]),
                name="one_open_annex_version",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(annex__isnull=True, state__in=["draft", "presented", "decided"]),
                name="one_open_agreement_version",
            ),
        ]

    def __str__(self):
        return _("%(document)s, version %(number)s") % {
            "document": self.document_name,
            "number": self.number,
        }

    @property
    def document_name(self) -> str:
        if self.annex_id is None:
            return str(_("Överenskommelsen"))
        return _("Bilaga %(number)s") % {"number": self.annex.number}

    @property
    def is_signed_content(self) -> bool:
        """Decided or signed: the content is what the parties committed to."""
        return self.state in (self.State.DECIDED, self.State.IN_FORCE, self.State.SUPERSEDED)


class Signature(models.Model):
    """A party's signature of a version: who signed, as what, when, from where, and the
    content hash they signed. One per party and version (a database constraint)."""

    version = models.ForeignKey(
        AnnexVersion,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("version"),
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("part"),
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("undertecknad av"),
    )
    signer_name = models.CharField(_("namn"), max_length=200)
    signer_title = models.CharField(_("titel"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("undertecknad"), default=timezone.now)
    content_hash = models.CharField(_("undertecknad kontrollsumma"), max_length=64)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    user_agent = models.CharField(_("webbläsare"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("underskrift")
        verbose_name_plural = _("underskrifter")
        ordering = ["version", "party__order", "party__pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_signature_per_party"),
        ]

    def __str__(self):
        return _("%(party)s: %(name)s") % {"party": self.party, "name": self.signer_name}


class SignatoryDesignation(models.Model):
    """Someone designated to sign for a party. It takes effect (the party's signatory_user
    is set, and with it the right to sign) only when the party confirms it: its current
    signatory confirms a successor, or, for a first designation, the designee confirms by a
    one-time link and an installation administrator approves."""

    class State(models.TextChoices):
        AWAITING_SIGNATORY = "awaiting_signatory", _("Väntar på nuvarande firmatecknare")
        AWAITING_DESIGNEE = "awaiting_designee", _("Väntar på den utseddas bekräftelse")
        AWAITING_ADMIN = "awaiting_admin", _("Väntar på administratörens godkännande")
        CONFIRMED = "confirmed", _("Bekräftad")
        REPLACED = "replaced", _("Ersatt")
        WITHDRAWN = "withdrawn", _("Återkallad")
        DECLINED = "declined", _("Avböjd")

    PENDING_STATES = (State.AWAITING_SIGNATORY, State.AWAITING_DESIGNEE, State.AWAITING_ADMIN)

    agreement_party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="designations",
        verbose_name=_("part"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatory_designations",
        verbose_name=_("utsedd"),
    )
    title = models.CharField(_("titel"), max_length=300, blank=True)
    state = models.CharField(_("status"), max_length=24, choices=State.choices, db_index=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utsedd av"),
    )
    designated_at = models.DateTimeField(_("utsedd"), default=timezone.now)
    designee_confirmed_at = models.DateTimeField(
        _("bekräftad av den utsedda"), null=True, blank=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekräftad av"),
    )
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    # SHA-256 of the one-time link's token (the token itself is only in the e-mail).
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("utseende av firmatecknare")
        verbose_name_plural = _("utseenden av firmatecknare")
        ordering = ["agreement_party", "-designated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement_party"],
                condition=Q(
                    state__in=["awaiting_signatory", "awaiting_designee", "awaiting_admin"]
                ),
                name="one_pending_designation_per_party",
            ),
        ]

    def __str__(self):
        return _("%(user)s för %(party)s") % {
            "user": self.user.get_full_name() or self.user.get_username(),
            "party": self.agreement_party,
        }

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING_STATES


class LoginSession(models.Model):
    """A session someone logged in with, so they can see where they are logged in and end
    every one of them ("logga ut överallt") whatever the session backend stores."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="login_sessions",
        verbose_name=_("användare"),
    )
    session_key = models.CharField(_("sessionsnyckel"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("inloggad"), default=timezone.now)
    user_agent = models.CharField(_("webbläsare"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("inloggning")
        verbose_name_plural = _("inloggningar")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class PersonInvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        """Not yet answered and not expired."""
        now = now or timezone.now()
        return self.filter(
            state=PersonInvitation.State.PENDING,
            created_at__gt=now - timedelta(days=PersonInvitation.VALID_DAYS),
        )

    def for_user(self, user):
        """Invitations sent to the user's own address."""
        return self.filter(email__iexact=user.email) if user.email else self.none()


class PersonInvitation(models.Model):
    """An invitation to an agreement's people list sent to an address that already has an
    account. The account is added only when its owner accepts from their own login; until
    then the inviting coordinator sees nothing but the address and name they typed, so the
    form tells nobody which accounts exist, nor who works where."""

    VALID_DAYS = 30

    class State(models.TextChoices):
        PENDING = "pending", _("väntar på svar")
        ACCEPTED = "accepted", _("antagen")
        DECLINED = "declined", _("avböjd")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="person_invitations",
        verbose_name=_("överenskommelse"),
    )
    agreement_party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="person_invitations",
        verbose_name=_("part"),
    )
    email = models.EmailField(_("e-postadress"))
    # As the coordinator typed them: the account's own name is never shown to them.
    first_name = models.CharField(_("förnamn"), max_length=150)
    last_name = models.CharField(_("efternamn"), max_length=150)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inbjuden av"),
    )
    created_at = models.DateTimeField(_("skickad"), default=timezone.now)
    state = models.CharField(
        _("status"), max_length=16, choices=State.choices, default=State.PENDING
    )
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PersonInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan till personlistan")
        verbose_name_plural = _("inbjudningar till personlistan")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} → {self.agreement}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=self.VALID_DAYS)

    @property
    def typed_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class RateLimitHit(models.Model):
    """One use of a rate-limited action (a password reset for an address, from a client;
    an invitation sent by a coordinator), kept for the length of its window. In the
    database, so every server of an installation counts the same hits."""

    key = models.CharField(_("nyckel"), max_length=100)
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("begränsad åtgärd")
        verbose_name_plural = _("begränsade åtgärder")
        indexes = [models.Index(fields=["key", "at"], name="ratelimit_key_at")]

    def __str__(self):
        return f"{self.key} {self.at:%Y-%m-%d %H:%M}"


class BarrierReport(models.Model):
    """A barrier someone met in the service, reported through the accessibility statement's
    form (lag (2018:1937) 11 §: the public must be able to tell the provider). Kept as
    received, so the municipality can show what it was told and answer it; forwarded by
    e-mail to settings.ACCESSIBILITY_REPORT_EMAIL when one is configured."""

    DESCRIPTION_MAX_LENGTH = 4000

    created_at = models.DateTimeField(_("mottagen"), default=timezone.now)
    description = models.TextField(_("beskrivning"), max_length=DESCRIPTION_MAX_LENGTH)
    page = models.CharField(_("sida eller adress"), max_length=500, blank=True)
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-postadress för svar"), blank=True)
    # Whoever was logged in when it was sent, if anyone: the form is open to everyone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inloggad användare"),
    )
    # Whether a message to the configured address was put in the outbox (OutboundMessage
    # about this report, which says whether it has gone out); False when none is configured.
    sent = models.BooleanField(_("vidarebefordrad"), default=False)

    class Meta:
        verbose_name = _("rapport om tillgänglighetsbrist")
        verbose_name_plural = _("rapporter om tillgänglighetsbrister")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.description[:60]}"


# --- reminders (samverkan/reminders.py) ---------------------------------------------------


class SentReminder(models.Model):
    """A reminder e-mail that has been sent, under the key that names what it reminds of and
    when ("meeting:42:2025-03-19:7d:user:5"). The key is unique, so a reminder is sent once
    however often `send_reminders` runs, also on two servers at the same time; its message
    is the OutboundMessage about this row."""

    key = models.CharField(_("nyckel"), max_length=200, unique=True)
    kind = models.CharField(_("typ av påminnelse"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_reminders",
        verbose_name=_("mottagare"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_reminders",
        verbose_name=_("överenskommelse"),
    )
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.key


class AccountPreferences(models.Model):
    """A person's own settings for the account; a user without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("användare"),
    )
    reminder_emails = models.BooleanField(_("påminnelser via e-post"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontoinställningar")
        verbose_name_plural = _("kontoinställningar")

    def __str__(self):
        return str(self.user)
