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
