"""What the council's annex tests (tests/annexes/test_council_*.py) share: a draft of
annex 3 that the demo's own update does not stand in the way of."""

from councils.services import annexes as council_annexes
from councils.services import meetings
from samverkan import annexes
from samverkan.models import AnnexVersion

from .conftest import snapshot


def set_aside_open_versions(annex, by) -> None:
    """Take the annex's version on its way off the council's agenda (a draft again) and
    discard it, through the services, as the coordinator would."""
    for version in annex.versions.open():
        for item in council_annexes.items_about(version):
            meetings.agenda_item_remove(item=item, by=by)
        version.refresh_from_db()
        annexes.annex_version_discard(version=version, by=by)


def fresh_draft(agreement, annex, by) -> AnnexVersion:
    """A new draft of `annex`, "Åtgärdsplan 2025", the demo's update of it set aside."""
    set_aside_open_versions(annex, by)
    return annexes.annex_version_make(agreement=agreement, annex=annex, snapshot=snapshot(), by=by)
