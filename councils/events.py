"""How the councils' events read (registered with samverkan.events from apps.py)."""

from django.utils.translation import gettext_lazy as _

from samverkan.events import register, with_changes

register("councils.function.created", _("Funktionen %(function)s lades till i %(body)s"))
register(
    "councils.function.changed",
    with_changes(_("Funktionen %(function)s i %(body)s ändrades"), "councils.Function"),
)
register("councils.function.removed", _("Funktionen %(function)s togs bort från %(body)s"))
register(
    "councils.seat.assigned",
    _("%(person)s utsågs till %(function)s i %(body)s från %(start)s"),
)
register("councils.seat.ended", _("%(person)s lämnar %(function)s i %(body)s efter %(end)s"))
register(
    "councils.substitute.added",
    _("%(person)s utsågs till ersättare för %(holder)s (%(function)s)"),
)
register(
    "councils.substitute.removed",
    _("%(person)s är inte längre ersättare för %(holder)s (%(function)s)"),
)

# Meetings (councils/services/meetings.py)
register("councils.meeting.planned", _("Ett möte i %(body)s planerades %(when)s"))
register("councils.meeting.scheduled", _("%(body)s kallades till möte %(when)s"))
register(
    "councils.meeting.changed",
    with_changes(_("Mötet i %(body)s %(was)s ändrades"), "councils.Meeting"),
)
register("councils.meeting.cancelled", _("Mötet i %(body)s %(when)s ställdes in: %(reason)s"))
register(
    "councils.annual_plan.proposed",
    _("Årsplan %(year)s för %(body)s: %(count)s ordinarie möten föreslogs"),
)
register(
    "councils.agenda_item.added",
    _("Punkten %(item)s lades till på dagordningen för %(body)s %(when)s"),
)
register(
    "councils.agenda_item.changed",
    with_changes(
        _("Punkten %(item)s på dagordningen för %(body)s %(when)s ändrades"),
        "councils.AgendaItem",
    ),
)
register(
    "councils.agenda_item.removed",
    _("Punkten %(item)s togs bort från dagordningen för %(body)s %(when)s"),
)
register("councils.standing_item.added", _("Den stående punkten %(item)s lades till i %(body)s"))
register(
    "councils.standing_item.changed",
    with_changes(
        _("Den stående punkten %(item)s i %(body)s ändrades"), "councils.StandingAgendaItem"
    ),
)
register("councils.standing_item.removed", _("Den stående punkten %(item)s togs bort ur %(body)s"))


# --- attendance, minutes, decisions and assignments (issue 6) --------------------------

register(
    "councils.attendance.recorded",
    _("Närvaron vid %(meeting)s registrerades: %(present)s av %(invited)s kallade närvarande"),
)
register("councils.minutes.changed", _("Protokollet för %(meeting)s ändrades"))
register(
    "councils.minutes.signatories_set",
    _("%(chair)s är ordförande och %(adjuster)s justerare för protokollet från %(meeting)s"),
)
register("councils.minutes.approved", _("%(person)s godkände protokollet från %(meeting)s"))
register(
    "councils.minutes.approval_withdrawn",
    _("Protokollet från %(meeting)s ändrades efter ett godkännande, som togs tillbaka"),
)
register("councils.minutes.locked", _("Protokollet från %(meeting)s är justerat och låst"))
register("councils.minutes.addendum_added", _("Tillägg till protokollet från %(meeting)s"))


def _decision(event) -> str:
    if event.data["adopted"]:
        return _("Beslut vid %(meeting)s (%(item)s): %(decision)s") % event.data
    return _("Beslut vid %(meeting)s (%(item)s) fattades inte: %(reason)s") % event.data


register("councils.decision.recorded", _decision)
register(
    "councils.decision.removed",
    _("Beslutet vid %(meeting)s (%(item)s) togs bort: %(decision)s"),
)
register(
    "councils.assignment.given",
    _("Operativa gruppen fick uppdraget ”%(assignment)s” (%(party)s, klart senast %(due)s)"),
)


def _assignment_changed(event) -> str:
    from .models import Assignment

    status = Assignment.Status(event.data["status"]).label
    return _("Uppdraget ”%(assignment)s”: %(status)s") % {
        "assignment": event.data["assignment"],
        "status": status,
    }


register("councils.assignment.changed", _assignment_changed)


# Invitations (councils/services/invitations.py)
def _invitee_added(event) -> str:
    from .models import Invitee

    role = event.data.get("role", "")
    label = Invitee.Role(role).label if role in Invitee.Role.values else role
    return _("%(name)s kallades till mötet i %(body)s %(when)s (%(role)s)") % (
        event.data | {"role": str(label).lower()}
    )


def _invitee_excused(event) -> str:
    if event.data.get("substitute"):
        return (
            _(
                "%(name)s anmälde förhinder till mötet i %(body)s %(when)s; "
                "ersättaren %(substitute)s kallades"
            )
            % event.data
        )
    return _("%(name)s anmälde förhinder till mötet i %(body)s %(when)s") % event.data


register(
    "councils.invitations.sent",
    _("Kallelse till mötet i %(body)s %(when)s skickades till %(count)s kallade"),
)
register(
    "councils.invitations.updated",
    _("Ändrad kallelse till mötet i %(body)s %(when)s skickades till %(count)s kallade"),
)
register(
    "councils.invitations.cancelled",
    _("Besked om inställt möte i %(body)s %(when)s skickades till %(count)s kallade"),
)
register(
    "councils.invitations.retried",
    _("%(count)s ej levererade kallelser till mötet i %(body)s %(when)s skickades igen"),
)
register("councils.invitee.added", _invitee_added)
register("councils.invitee.excused", _invitee_excused)
register(
    "councils.invitee.removed",
    _("%(name)s kallas inte längre till mötet i %(body)s %(when)s enligt förteckningen"),
)
