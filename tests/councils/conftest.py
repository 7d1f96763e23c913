import pytest

from councils.models import Body


@pytest.fixture
def council(laholm) -> Body:
    """Laholm's strategic council."""
    return laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)


@pytest.fixture
def group(laholm) -> Body:
    """Laholm's operative group."""
    return laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)


@pytest.fixture
def without_the_demos_held_meeting(council):
    """Set the demo's held council meeting (2025-02-13) aside for one test, rolled back
    after it: its invitees, minutes, decision, assignment and their events. For tests
    that count what they record themselves or plan 2025 from an empty year."""
    from django.contrib.contenttypes.models import ContentType

    from councils.demo import HELD_STARTS
    from councils.models import AgendaItem, Assignment, Decision, Meeting, Position
    from samverkan.models import Event

    meeting = council.meetings.get(starts_at=HELD_STARTS)
    decisions = Decision.objects.filter(item__meeting=meeting)
    assignments = Assignment.objects.filter(decision__in=decisions)
    about = {
        Meeting: [meeting.pk],
        AgendaItem: list(meeting.items.values_list("pk", flat=True)),
        Decision: list(decisions.values_list("pk", flat=True)),
        Assignment: list(assignments.values_list("pk", flat=True)),
    }
    for model, pks in about.items():
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=pks
        ).delete()
    assignments.delete()
    Position.objects.filter(decision__in=decisions).delete()
    decisions.delete()
    meeting.delete()
