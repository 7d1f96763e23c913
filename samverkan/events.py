"""How business events read: each app registers a renderer per action code.

An event stores an action code ("councils.seat.assigned") and the facts as they were
(`Event.data`); the sentence is made when the event is shown, in the reader's language.
An app registers its codes in its own `events.py`, imported from `AppConfig.ready()`
(samverkan's are at the end of this module). Renderers read `event.data` only, so a page
of events costs no queries beyond the page itself.
"""

import logging
from collections.abc import Callable

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# A renderer gets the event and returns its sentence; a lazy template such as
# _("%(person)s utsågs …") is filled in with the event's data.
Renderer = Callable[..., str] | Promise

_renderers: dict[str, Renderer] = {}


def register(action: str, renderer: Renderer) -> None:
    """Say how events with this action code read; registering a code twice is a mistake."""
    if _renderers.get(action, renderer) is not renderer:
        raise ValueError(f"The event action {action!r} is already registered.")
    _renderers[action] = renderer


def is_registered(action: str) -> bool:
    return action in _renderers


def render(event) -> str:
    """The event as a sentence in the active language; a neutral one for an unknown code."""
    renderer = _renderers.get(event.action)
    try:
        if callable(renderer):
            return str(renderer(event))
        if renderer is not None:
            return str(renderer) % event.data
    except (LookupError, TypeError, ValueError):
        # One odd row must not take the whole log page down; the code is still shown.
        logger.warning("Event %s (%s) could not be rendered", event.pk, event.action)
    return gettext("Händelse av typen %(action)s") % {"action": event.action}


def with_changes(template: Promise, *models: str) -> Callable:
    """A renderer that fills in `template` and names the changed fields in the reader's
    language, e.g. "Funktionen Kommunpolis i Strategiskt råd ändrades (anmärkning)"."""

    def renderer(event) -> str:
        sentence = str(template) % event.data
        names = field_labels(event.data.get("changes", {}), *models)
        if not names:
            return sentence
        return f"{sentence} ({', '.join(names)})"

    return renderer


def field_labels(changes: dict, *models: str) -> list[str]:
    """The changed fields' verbose names in the models' field order (PostgreSQL's jsonb
    does not keep the order of keys); a field since removed shows by its name, last."""
    labels = {}
    for model in models:
        for field in apps.get_model(model)._meta.fields:
            if field.name in changes:
                labels.setdefault(field.name, str(field.verbose_name))
    return list(labels.values()) + sorted(set(changes) - set(labels))


def _legacy(event) -> str:
    # Written before events had codes: the sentence was stored in the actor's language.
    return event.data["message"]


register("samverkan.legacy", _legacy)
register(
    "samverkan.agreement.changed",
    with_changes(_("Överenskommelsens uppgifter ändrades"), "samverkan.Agreement"),
)
register(
    "samverkan.agreement_party.changed",
    with_changes(
        _("Uppgifterna för %(party)s ändrades"), "samverkan.Party", "samverkan.AgreementParty"
    ),
)
register("samverkan.person.added", _("%(person)s (%(party)s) lades till i personlistan"))
register(
    "samverkan.person.invitation_sent",
    _("%(person)s (%(party)s) fick en inbjudan till personlistan per e-post"),
)
# Written before invitations to existing accounts (2026-11): a new account was made.
register(
    "samverkan.person.invited",
    _("%(person)s (%(party)s) fick ett konto och en inbjudan per e-post"),
)


def _created(event) -> str:
    return gettext("Överenskommelsen %(title)s lades upp med parterna %(parties)s") % {
        "title": event.data["title"],
        "parties": ", ".join(event.data["parties"]),
    }


register("samverkan.agreement.created", _created)
register(
    "samverkan.agreement.renewed",
    _("Överenskommelsen %(title)s påbörjades som nästa period efter %(predecessor)s"),
)

# Versions of the annexes and of the agreement (samverkan/annexes.py): each records the
# document ("Bilaga 3" or "Överenskommelsen"), the version's number and title.
register("samverkan.annex_version.made", _("%(document)s version %(number)s gjordes: %(title)s"))
register(
    "samverkan.annex_version.refreshed",
    _("Utkastet till %(document)s version %(number)s fick nytt innehåll: %(title)s"),
)
register(
    "samverkan.annex_version.discarded",
    _("Utkastet till %(document)s version %(number)s togs bort"),
)
register(
    "samverkan.annex_version.presented",
    _("%(document)s version %(number)s föredrogs för beslut: %(meeting)s"),
)
register(
    "samverkan.annex_version.unpresented",
    _("%(document)s version %(number)s togs bort från dagordningen för %(meeting)s"),
)
register(
    "samverkan.annex_version.decided",
    _("%(document)s version %(number)s beslutades i konsensus: %(decision)s"),
)
register(
    "samverkan.annex_version.returned",
    _("%(document)s version %(number)s återremitterades: %(reason)s"),
)
register(
    "samverkan.annex_version.rejected",
    _("%(document)s version %(number)s avslogs: %(reason)s"),
)
register(
    "samverkan.annex_version.opened",
    _("%(document)s version %(number)s skickades till parterna för underskrift"),
)
register(
    "samverkan.annex_version.signed",
    _("%(document)s version %(number)s undertecknades för %(party)s av %(signer)s"),
)
register(
    "samverkan.annex_version.in_force",
    _("%(document)s version %(number)s gäller: alla parter har undertecknat"),
)
register(
    "samverkan.annex_version.superseded",
    _("%(document)s version %(number)s ersattes av version %(by_number)s"),
)

# Signatory designations (samverkan/signatories.py): who was designated for which party.
register(
    "samverkan.signatory.designated",
    _("%(person)s utsågs att underteckna för %(party)s; väntar på partens bekräftelse"),
)
register(
    "samverkan.signatory.confirmed",
    _("%(person)s bekräftades som firmatecknare för %(party)s av %(confirmed_by)s"),
)
register(
    "samverkan.signatory.designee_confirmed",
    _("%(person)s bekräftade att hen undertecknar för %(party)s"),
)
register(
    "samverkan.signatory.approved",
    _("%(person)s godkändes som firmatecknare för %(party)s av administratören %(confirmed_by)s"),
)
register(
    "samverkan.signatory.withdrawn",
    _("Utseendet av %(person)s som firmatecknare för %(party)s återkallades"),
)
register(
    "samverkan.signatory.declined",
    _("Utseendet av %(person)s som firmatecknare för %(party)s avböjdes av %(declined_by)s"),
)
register(
    "samverkan.annex_version.undecided",
    _("Beslutet om %(document)s version %(number)s togs tillbaka; versionen är föredragen igen"),
)
