"""The situation picture: what the parties bring (situation input, the safety survey) and
what the coordinator composes from it (the lägesbild with its orsaksanalys).

The agreement: the lägesbild is built from information from the police, Kriminalvården,
the municipality and its companies and the joint safety survey; it maps crime (scope and
consequences), holds other relevant information and an analysis, and is updated in full at
least every second year. Areas are shared with the weekly follow-up (EST) that keeps the
picture current between full updates.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models import Meeting
from samverkan.models import Agreement, AgreementParty

VIEW = "samverkan.view_situation"
VIEW_CONFIDENTIAL = "samverkan.view_confidential_situation"
MANAGE = "samverkan.manage_situation"
ASSESS = "samverkan.assess_situation"
SUBMIT = "samverkan.submit_input_for_party"


class Area(models.Model):
    """A geographic area of the municipality the parties report on (a per-agreement list
    the coordinator keeps)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="areas", verbose_name=_("överenskommelse")
    )
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(
        _("används"),
        default=True,
        help_text=_("Ett område som inte används finns kvar i det som redan rapporterats."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        ordering = ["agreement", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"],
                name="area_name_once_per_agreement",
                violation_error_message=_("Det finns redan ett område med det namnet."),
            )
        ]

    def __str__(self):
        return self.name


class Category(models.Model):
    """A problem category of situation input (a per-agreement list with defaults)."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="problem_categories",
        verbose_name=_("överenskommelse"),
    )
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("används"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problemkategori")
        verbose_name_plural = _("problemkategorier")
        ordering = ["agreement", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"],
                name="category_name_once_per_agreement",
                violation_error_message=_("Det finns redan en kategori med det namnet."),
            )
        ]

    def __str__(self):
        return self.name


DEFAULT_CATEGORIES = [
    _("Våld i offentlig miljö"),
    _("Narkotika"),
    _("Skadegörelse och klotter"),
    _("Inbrott"),
    _("Ungdomsbrottslighet"),
    _("Otrygghet"),
    _("Annat"),
]


class InputRequest(models.Model):
    """The coordinator asks every party for current information before a meeting of the
    operative group ("ska inkomma med aktuell information"), by a due date."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="input_requests",
        verbose_name=_("överenskommelse"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="input_requests",
        verbose_name=_("möte"),
        help_text=_("Mötet underlaget ska användas på, om det finns ett."),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    message = models.TextField(_("meddelande"), blank=True)
    due_on = models.DateField(_("ska inkomma senast"))
    closed = models.BooleanField(_("avslutad"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("begärd av"),
    )
    created_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begäran om underlag")
        verbose_name_plural = _("begäranden om underlag")
        ordering = ["-due_on", "-pk"]

    def __str__(self):
        return self.title


class SituationInputQuerySet(models.QuerySet):
    def current(self):
        """Drafts and submitted input: not the revisions a correction has superseded."""
        return self.exclude(status=SituationInput.Status.SUPERSEDED)

    def visible_to(self, rights):
        """What the user whose rights these are may see of the agreement's input.

        A draft is its party's only (whoever submits for the party, and its author);
        submitted input is the coordinator's and both bodies' members'; confidential input,
        drafts included, only the strategic council's and the coordinator's (and its
        author's)."""
        from .access import submit_parties  # read once per request, shared with the views

        agreement = rights.agreement
        own_parties = [p.pk for p in submit_parties(rights)]
        confidential = rights.has(VIEW_CONFIDENTIAL)
        drafts = Q(status=SituationInput.Status.DRAFT, party_id__in=own_parties)
        if not confidential:
            drafts &= Q(sensitivity=SituationInput.Sensitivity.INTERNAL)
        seen = drafts | Q(author_id=rights.user.pk)
        if rights.has(VIEW):
            shared = ~Q(status=SituationInput.Status.DRAFT)
            if not confidential:
                # Confidential once, confidential for every revision: a correction that
                # made an input confidential hides the revisions before it too.
                secret_threads = SituationInput.objects.filter(
                    agreement=agreement, sensitivity=SituationInput.Sensitivity.CONFIDENTIAL
                ).exclude(status=SituationInput.Status.DRAFT)
                shared &= Q(sensitivity=SituationInput.Sensitivity.INTERNAL) & ~Q(
                    thread__in=secret_threads.values("thread")
                )
            seen |= shared
        return self.filter(agreement=agreement).filter(seen)


class SituationInput(models.Model):
    """What one party brings to the situation picture for a period.

    Submitted input is never edited in place: a correction is a new revision of the same
    thread (`thread`) that supersedes the one before; both stay."""

    class Source(models.TextChoices):
        POLICE = "police", _("Polisen")
        PRISON_PROBATION = "prison_probation", _("Kriminalvården")
        MUNICIPAL_DEPARTMENT = "municipal_department", _("Kommunal förvaltning")
        MUNICIPAL_COMPANY = "municipal_company", _("Kommunalt bolag")
        SAFETY_SURVEY = "safety_survey", _("Trygghetsenkäten")

    class Sensitivity(models.TextChoices):
        INTERNAL = "internal", _("Intern")
        CONFIDENTIAL = "confidential", _("Konfidentiell")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inlämnat")
        SUPERSEDED = "superseded", _("Ersatt av en rättelse")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="situation_inputs",
        verbose_name=_("överenskommelse"),
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="situation_inputs",
        verbose_name=_("part"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="situation_inputs",
        verbose_name=_("författare"),
    )
    # Every revision of one input shares its thread; `revision` counts from 1.
    thread = models.UUIDField(_("tråd"), default=uuid.uuid4, editable=False, db_index=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="superseded_by",
        verbose_name=_("rättar"),
    )
    request = models.ForeignKey(
        InputRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("svar på begäran"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    source = models.CharField(_("källa"), max_length=32, choices=Source.choices)
    source_detail = models.CharField(
        _("förvaltning eller bolag"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel Socialförvaltningen eller Laholmshem."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_inputs",
        verbose_name=_("område"),
        help_text=_("Lämna tomt om underlaget gäller hela kommunen."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="situation_inputs",
        verbose_name=_("problemkategori"),
    )
    period_from = models.DateField(_("period från och med"))
    period_to = models.DateField(_("period till och med"))
    narrative = models.TextField(_("beskrivning"))
    sensitivity = models.CharField(
        _("känslighet"),
        max_length=16,
        choices=Sensitivity.choices,
        default=Sensitivity.INTERNAL,
        help_text=_("Konfidentiellt underlag läses bara av det strategiska rådet och samordnaren."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("inlämnat"), null=True, blank=True, editable=False)
    history = HistoricalRecords()
    objects = SituationInputQuerySet.as_manager()

    class Meta:
        verbose_name = _("underlag till lägesbilden")
        verbose_name_plural = _("underlag till lägesbilden")
        ordering = ["-period_to", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="input_period_ends_after_it_starts",
                violation_error_message=_("Perioden kan inte sluta före den börjar."),
            ),
            models.UniqueConstraint(
                fields=["thread", "revision"], name="input_revision_once_per_thread"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Indicator(models.Model):
    """A figure in an input: a value, its unit, and what it compares with."""

    situation_input = models.ForeignKey(
        SituationInput,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("underlag"),
    )
    name = models.CharField(_("indikator"), max_length=200)
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    comparison_value = models.DecimalField(
        _("jämförelsevärde"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    comparison_period = models.CharField(
        _("jämförelseperiod"), max_length=100, blank=True, help_text=_("Till exempel 2023.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["situation_input", "order", "pk"]

    def __str__(self):
        return self.name


def attachment_name(instance, filename: str) -> str:
    """A random name: the stored file tells nothing of its content or origin."""
    return f"situation/{uuid.uuid4().hex}"


def _attachment_storage():
    from django.core.files.storage import storages

    return storages["attachments"]


class Attachment(models.Model):
    """A file attached to an input: stored outside any public URL, served by a view that
    checks the reader may see the input."""

    situation_input = models.ForeignKey(
        SituationInput,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("underlag"),
    )
    file = models.FileField(_("fil"), upload_to=attachment_name, storage=_attachment_storage)
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveBigIntegerField(_("storlek"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["situation_input", "pk"]

    def __str__(self):
        return self.original_name


class SurveyImport(models.Model):
    """One CSV file of safety-survey results: previewed, then confirmed by the
    coordinator; only a confirmed import has results."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="survey_imports",
        verbose_name=_("överenskommelse"),
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    # The parsed rows as the preview showed them: accepted rows and rejected rows with
    # their row number and reason. Confirming saves exactly the accepted rows.
    accepted = models.JSONField(_("godkända rader"), default=list, blank=True)
    rejected = models.JSONField(_("avvisade rader"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )
    created_at = models.DateTimeField(_("importerad"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("import av trygghetsenkät")
        verbose_name_plural = _("importer av trygghetsenkät")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name


class SurveyResult(models.Model):
    """One result of the joint safety survey (trygghetsenkät): a year, an area, a question
    and its value (a number, or a share in per cent), with the number of respondents."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="survey_results",
        verbose_name=_("överenskommelse"),
    )
    survey_import = models.ForeignKey(
        SurveyImport,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("import"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="survey_results", verbose_name=_("område")
    )
    question = models.CharField(_("fråga"), max_length=300)
    value = models.DecimalField(_("värde"), max_digits=10, decimal_places=2)
    is_share = models.BooleanField(_("andel i procent"), default=False)
    respondents = models.PositiveIntegerField(_("antal svarande"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultat från trygghetsenkäten")
        verbose_name_plural = _("resultat från trygghetsenkäten")
        ordering = ["agreement", "area__order", "question", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "area", "question"],
                name="survey_result_once",
                violation_error_message=_("Det finns redan ett resultat för år, område och fråga."),
            )
        ]

    def __str__(self):
        return f"{self.year} {self.area} {self.question}"


class SituationReport(models.Model):
    """The lägesbild (annex 1): composed by the coordinator for a period in the three parts
    the agreement names, from submitted input and survey results, with an orsaksanalys."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="situation_reports",
        verbose_name=_("överenskommelse"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    period_from = models.DateField(_("period från och med"))
    period_to = models.DateField(_("period till och med"))
    mapping = models.TextField(
        _("kartläggning av brottsligheten, dess omfattning och konsekvenser"), blank=True
    )
    other_information = models.TextField(_("annan information av betydelse"), blank=True)
    analysis = models.TextField(_("analys"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The day the coordinator declared the lägesbild updated in full (the agreement: at
    # least every second year); the freshness clock runs from the latest such day.
    fully_updated_on = models.DateField(_("helt uppdaterad"), null=True, blank=True)
    inputs = models.ManyToManyField(
        SituationInput, blank=True, related_name="reports", verbose_name=_("underlag")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammanställd av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[inputs])

    class Meta:
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        ordering = ["-period_to", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="report_period_ends_after_it_starts",
                violation_error_message=_("Perioden kan inte sluta före den börjar."),
            ),
        ]

    def __str__(self):
        return self.title


class ReportSurveyQuestion(models.Model):
    """A survey question the lägesbild shows as a table and chart (all areas, all years)."""

    report = models.ForeignKey(
        SituationReport,
        on_delete=models.CASCADE,
        related_name="survey_questions",
        verbose_name=_("lägesbild"),
    )
    question = models.CharField(_("fråga"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enkätfråga i lägesbilden")
        verbose_name_plural = _("enkätfrågor i lägesbilden")
        ordering = ["report", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "question"], name="survey_question_once_per_report"
            )
        ]

    def __str__(self):
        return self.question


class Problem(models.Model):
    """A problem of the orsaksanalys, whose causes are grouped by Brå's problem triangle."""

    report = models.ForeignKey(
        SituationReport,
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("lägesbild"),
    )
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem i orsaksanalysen")
        verbose_name_plural = _("problem i orsaksanalysen")
        ordering = ["report", "order", "pk"]

    def __str__(self):
        return self.title


class Cause(models.Model):
    """A cause of a problem on one side of the problem triangle, with the inputs that
    show it."""

    class Side(models.TextChoices):
        VICTIM = "victim", _("Offer eller mål")
        OFFENDER = "offender", _("Gärningsperson")
        PLACE = "place", _("Plats")

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="causes", verbose_name=_("problem")
    )
    side = models.CharField(_("del av problemtriangeln"), max_length=16, choices=Side.choices)
    description = models.TextField(_("orsak"))
    evidence = models.ManyToManyField(
        SituationInput, blank=True, related_name="causes", verbose_name=_("underlag som visar det")
    )
    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        verbose_name = _("orsak")
        verbose_name_plural = _("orsaker")
        ordering = ["problem", "side", "pk"]

    def __str__(self):
        return self.description[:60]


# --- The weekly follow-up between full updates (EST) -------------------------------------
# Effektiv samordning för trygghet: every week each party reports what it saw per area from
# a shared checklist; the group assesses the risk per area, decides quick actions, follows
# them up and feeds back to the staff who reported. Weeks are stored by their Monday, so
# arithmetic over weeks never meets ISO week 53 or a year boundary.


class ObservationCategory(models.Model):
    """A line of the weekly checklist, reported as a count or on a scale."""

    class Measure(models.TextChoices):
        COUNT = "count", _("Antal")
        SCALE = "scale", _("Skala 0–3")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="observation_categories",
        verbose_name=_("överenskommelse"),
    )
    name = models.CharField(_("namn"), max_length=100)
    measure = models.CharField(
        _("mäts som"), max_length=8, choices=Measure.choices, default=Measure.COUNT
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("används"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("punkt i checklistan")
        verbose_name_plural = _("punkter i checklistan")
        ordering = ["agreement", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"],
                name="observation_category_once_per_agreement",
                violation_error_message=_("Det finns redan en punkt med det namnet."),
            )
        ]

    def __str__(self):
        return self.name


# The scale's levels, for categories measured on a scale.
SCALE_LEVELS = [
    (0, _("Inte alls")),
    (1, _("Lite")),
    (2, _("En hel del")),
    (3, _("Mycket")),
]

DEFAULT_CHECKLIST = [
    (_("Skadegörelse"), ObservationCategory.Measure.COUNT),
    (_("Klotter"), ObservationCategory.Measure.COUNT),
    (_("Nedskräpning"), ObservationCategory.Measure.SCALE),
    (_("Bränder"), ObservationCategory.Measure.COUNT),
    (_("Trasig belysning"), ObservationCategory.Measure.COUNT),
    (_("Ordningsstörning"), ObservationCategory.Measure.COUNT),
    (_("Narkotika"), ObservationCategory.Measure.COUNT),
    (_("Otrygghet"), ObservationCategory.Measure.SCALE),
    (_("Ungdomar som samlas"), ObservationCategory.Measure.SCALE),
    (_("Annat"), ObservationCategory.Measure.COUNT),
]


class WeeklyReportQuerySet(models.QuerySet):
    def in_weeks(self, first_monday, last_monday):
        return self.filter(week__gte=first_monday, week__lte=last_monday)


class WeeklyReport(models.Model):
    """What one person of a party saw in one area during one ISO week."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="weekly_reports",
        verbose_name=_("överenskommelse"),
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="weekly_reports",
        verbose_name=_("part"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="weekly_reports",
        verbose_name=_("rapporterad av"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="weekly_reports", verbose_name=_("område")
    )
    # The Monday of the ISO week reported on.
    week = models.DateField(_("vecka"), db_index=True)
    note = models.TextField(_("övrigt"), blank=True)
    submitted_at = models.DateTimeField(_("rapporterad"))
    # Reported after the week had ended (later than the Monday after it): still counted in
    # its week, and marked.
    late = models.BooleanField(_("sen rapport"), default=False)
    history = HistoricalRecords()
    objects = WeeklyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("veckorapport")
        verbose_name_plural = _("veckorapporter")
        ordering = ["-week", "area__order", "-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(week__week_day=2), name="weekly_report_week_is_a_monday"
            )
        ]

    def __str__(self):
        return f"{self.area} {self.week:%G-W%V}"


class Observation(models.Model):
    """One line of a weekly report: a count, or a level on the scale, and a short note."""

    report = models.ForeignKey(
        WeeklyReport,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("veckorapport"),
    )
    category = models.ForeignKey(
        ObservationCategory,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("punkt i checklistan"),
    )
    value = models.PositiveIntegerField(_("antal eller nivå"))
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observationer")
        ordering = ["report", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "category"], name="observation_once_per_report"
            )
        ]

    def __str__(self):
        return f"{self.category}: {self.value}"


class RiskAssessment(models.Model):
    """The group's shared risk level for an area in a week, with the reason. Changed in
    place (history keeps every earlier level)."""

    class Level(models.TextChoices):
        LOW = "low", _("Låg")
        ELEVATED = "elevated", _("Förhöjd")
        HIGH = "high", _("Hög")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="risk_assessments",
        verbose_name=_("överenskommelse"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="risk_assessments", verbose_name=_("område")
    )
    week = models.DateField(_("vecka"))
    level = models.CharField(_("risknivå"), max_length=16, choices=Level.choices)
    reason = models.TextField(_("motivering"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bedömd av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riskbedömning")
        verbose_name_plural = _("riskbedömningar")
        ordering = ["-week", "area__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "week"], name="risk_assessment_once_per_area_and_week"
            ),
            models.CheckConstraint(
                condition=Q(week__week_day=2), name="risk_assessment_week_is_a_monday"
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.week:%G-W%V}: {self.get_level_display()}"


class QuickAction(models.Model):
    """A quick action the group decides at the weekly check-in: what, which party is
    responsible, and when it is followed up (and what came of it)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        DONE = "done", _("Genomförd")
        NOT_DONE = "not_done", _("Inte genomförd")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="quick_actions",
        verbose_name=_("överenskommelse"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="quick_actions", verbose_name=_("område")
    )
    week = models.DateField(_("beslutad vecka"))
    what = models.TextField(_("åtgärd"))
    responsible_party = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="quick_actions",
        verbose_name=_("ansvarig part"),
    )
    follow_up_on = models.DateField(_("följs upp"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("resultat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("snabb åtgärd")
        verbose_name_plural = _("snabba åtgärder")
        ordering = ["follow_up_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(week__week_day=2), name="quick_action_week_is_a_monday"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_on__gte=models.F("week")),
                name="quick_action_followed_up_after_its_week",
                violation_error_message=_("Uppföljningen kan inte ligga före veckan."),
            ),
        ]

    def __str__(self):
        return self.what[:60]


class FeedbackSubscription(models.Model):
    """A person who wants the weekly summary (återkoppling) of an agreement by e-mail."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="feedback_subscriptions",
        verbose_name=_("överenskommelse"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feedback_subscriptions",
        verbose_name=_("användare"),
    )
    created_at = models.DateTimeField(_("sedan"), auto_now_add=True)

    class Meta:
        verbose_name = _("prenumeration på återkoppling")
        verbose_name_plural = _("prenumerationer på återkoppling")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "user"], name="feedback_subscription_once")
        ]

    def __str__(self):
        return f"{self.user} – {self.agreement}"


class FeedbackDispatch(models.Model):
    """That the summary of a week was sent for an agreement: sent once per week."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="feedback_dispatches",
        verbose_name=_("överenskommelse"),
    )
    week = models.DateField(_("vecka"))
    sent_at = models.DateTimeField(_("skickad"))
    recipients = models.PositiveIntegerField(_("mottagare"), default=0)

    class Meta:
        verbose_name = _("utskick av återkoppling")
        verbose_name_plural = _("utskick av återkoppling")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "week"], name="feedback_once_per_week")
        ]

    def __str__(self):
        return f"{self.agreement} {self.week:%G-W%V}"
