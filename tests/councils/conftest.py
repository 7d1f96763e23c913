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
