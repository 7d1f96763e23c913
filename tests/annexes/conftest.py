"""Shared pieces of the annex-version tests: a snapshot, a version made of it, and a
strategic council meeting next week with everyone present, to present it to."""

from datetime import timedelta

import pytest

from councils.models import Body
from samverkan import annexes
from tests.factories import held_meeting
from tests.helpers import TODAY


def snapshot(title="Åtgärdsplan 2025", measures=("Trygghetsvandringar", "Ökad belysning")):
    return {
        "format": 1,
        "title": title,
        "sections": [
            {
                "key": "measures",
                "heading": "Åtgärder",
                "blocks": [{"type": "list", "items": list(measures)}],
            },
            {
                "key": "goal",
                "heading": "Mål",
                "blocks": [{"type": "paragraph", "text": "Ökad trygghet i Laholm centrum."}],
            },
        ],
    }


@pytest.fixture
def council(laholm) -> Body:
    return laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)


@pytest.fixture
def plan_annex(laholm):
    """Annex 3, the action plan, with no version on its way: the demo's update on the next
    council agenda is set aside (rolled back after the test), its version in force kept."""
    from django.contrib.contenttypes.models import ContentType

    from councils.models import AgendaItem
    from samverkan.models import AnnexVersion

    annex = laholm.annexes.get(number=3)
    waiting = list(AnnexVersion.objects.open().filter(annex=annex).values_list("pk", flat=True))
    AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(AnnexVersion), subject_id__in=waiting
    ).delete()
    AnnexVersion.objects.filter(pk__in=waiting).delete()
    return annex


@pytest.fixture
def coordinator(user):
    return user("samordnare")


@pytest.fixture
def draft(laholm, plan_annex, coordinator):
    return annexes.annex_version_make(
        agreement=laholm, annex=plan_annex, snapshot=snapshot(), by=coordinator
    )


@pytest.fixture
def next_meeting(council):
    """The strategic council a week from today, every member invited and present."""
    return held_meeting(council, day=TODAY + timedelta(days=7), items=0)
