"""How the situation picture's events read (registered with samverkan.events from apps.py).

Events are read by every member of the agreement, so they name no input's content: a
confidential input's title is for the council and the coordinator only."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from samverkan.events import register, with_changes


def with_choices(template, model: str, **fields):
    """A renderer that shows stored choice codes (a risk level, a status) by their label
    in the reader's language: {"level": "high"} reads "Hög" or "High"."""

    def renderer(event) -> str:
        data = dict(event.data)
        for key, field in fields.items():
            choices = dict(apps.get_model(model)._meta.get_field(field).flatchoices)
            if key in data:
                data[key] = str(choices.get(data[key], data[key]))
        return str(template) % data

    return renderer


register("situation.area.added", _("Området %(area)s lades till"))
register("situation.area.changed", with_changes(_("Området %(area)s ändrades"), "situation.Area"))
register("situation.category.added", _("Problemkategorin %(category)s lades till"))
register(
    "situation.category.changed",
    with_changes(_("Problemkategorin %(category)s ändrades"), "situation.Category"),
)
register("situation.request.sent", _("Begäran om underlag %(request)s skickades, senast %(due)s"))
register("situation.request.closed", _("Begäran om underlag %(request)s avslutades"))
register("situation.input.submitted", _("%(party)s lämnade in underlag till lägesbilden"))
register("situation.input.corrected", _("%(party)s lämnade in en rättelse av sitt underlag"))
register(
    "situation.survey.imported",
    _("%(count)s resultat från trygghetsenkäten importerades (%(file)s)"),
)
register("situation.report.created", _("Samordnaren påbörjade en ny lägesbild"))
register("situation.report.published", _("Lägesbilden %(report)s publicerades"))
register(
    "situation.report.fully_updated",
    _("Lägesbilden %(report)s markerades som helt uppdaterad %(day)s"),
)

# The weekly follow-up (EST)
register("situation.checklist.added", _("Punkten %(category)s lades till i veckochecklistan"))
register(
    "situation.checklist.changed",
    with_changes(
        _("Punkten %(category)s i veckochecklistan ändrades"), "situation.ObservationCategory"
    ),
)
register(
    "situation.risk.set",
    with_choices(
        _("Risknivån för %(area)s vecka %(week)s sattes till %(level)s"),
        "situation.RiskAssessment",
        level="level",
    ),
)
register(
    "situation.risk.changed",
    with_choices(
        _("Risknivån för %(area)s vecka %(week)s ändrades från %(was)s till %(level)s"),
        "situation.RiskAssessment",
        level="level",
        was="level",
    ),
)
register("situation.action.added", _("En snabb åtgärd i %(area)s beslutades vecka %(week)s"))
register(
    "situation.action.followed_up",
    with_choices(
        _("Den snabba åtgärden i %(area)s följdes upp: %(status)s"),
        "situation.QuickAction",
        status="status",
    ),
)
register(
    "situation.feedback.sent",
    _("Återkopplingen för vecka %(week)s skickades till %(count)s mottagare"),
)
