"""How the åtgärdsplan's and the medborgarlöften's events read (registered with
samverkan.events from apps.py). Every member of the agreement reads events."""

from django.utils.translation import gettext_lazy as _

from samverkan.events import register, with_changes
from situation.events import with_choices

# The action plan
register("actionplan.plan.created", _("Åtgärdsplanen %(plan)s påbörjades"))
register(
    "actionplan.plan.changed",
    with_changes(_("Åtgärdsplanen %(plan)s ändrades"), "actionplan.ActionPlan"),
)
register(
    "actionplan.plan.adopted",
    _("Åtgärdsplanen %(plan)s beslutades av %(body)s %(day)s (%(case)s)"),
)
register("actionplan.measure.added", _("Åtgärden %(measure)s lades till, ansvarig %(party)s"))
register(
    "actionplan.measure.changed",
    with_changes(_("Åtgärden %(measure)s ändrades"), "actionplan.Measure"),
)
register("actionplan.measure.removed", _("Åtgärden %(measure)s togs bort ur planen"))
register(
    "actionplan.measure.status_updated",
    with_choices(
        _("%(party)s rapporterade status för åtgärden %(measure)s: %(status)s"),
        "actionplan.Measure",
        status="status",
    ),
)
register("actionplan.follow_up.started", _("Uppföljningen av %(plan)s %(day)s påbörjades"))
register("actionplan.follow_up.completed", _("Uppföljningen av %(plan)s %(day)s avslutades"))

# Medborgarlöften
register("actionplan.promise.created", _("Medborgarlöftet %(promise)s påbörjades"))
register(
    "actionplan.promise.changed",
    with_changes(_("Medborgarlöftet %(promise)s ändrades"), "actionplan.CitizenPromise"),
)
register("actionplan.promise.published", _("Medborgarlöftet %(promise)s publicerades"))
register(
    "actionplan.commitment.added",
    _("Åtagandet %(commitment)s lades till i %(promise)s, ansvarig %(party)s"),
)
register(
    "actionplan.commitment.changed",
    with_changes(_("Åtagandet %(commitment)s ändrades"), "actionplan.Commitment"),
)
register("actionplan.commitment.removed", _("Åtagandet %(commitment)s togs bort ur %(promise)s"))
register(
    "actionplan.dialogue.added",
    with_choices(
        _("En dialog (%(kind)s %(day)s) lades till i %(promise)s"),
        "actionplan.Dialogue",
        kind="kind",
    ),
)
register(
    "actionplan.dialogue.changed",
    with_changes(_("En dialog i %(promise)s ändrades"), "actionplan.Dialogue"),
)
register("actionplan.dialogue.removed", _("En dialog togs bort ur %(promise)s"))
register("actionplan.priority.added", _("Otryggheten %(priority)s prioriterades i %(promise)s"))
register(
    "actionplan.priority.changed",
    with_changes(_("Prioriteringen %(priority)s ändrades"), "actionplan.Priority"),
)
register("actionplan.priority.removed", _("Prioriteringen %(priority)s togs bort ur %(promise)s"))
register(
    "actionplan.promise_report.created",
    _("En uppföljning av %(promise)s daterad %(day)s påbörjades"),
)
register(
    "actionplan.promise_report.changed",
    with_changes(_("Uppföljningen av %(promise)s ändrades"), "actionplan.PromiseReport"),
)
register(
    "actionplan.promise_report.published",
    _("Uppföljningen av %(promise)s daterad %(day)s publicerades"),
)
