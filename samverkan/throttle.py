"""Rate limits for actions that must not be repeated without end: asking for password
resets (per address and per client, so nobody floods a colleague's inbox or probes
addresses) and sending invitations (per coordinator). Counted in the database
(RateLimitHit), so several servers share the count."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from .models import RateLimitHit

RESET_PER_ADDRESS = (5, timedelta(hours=1))
RESET_PER_CLIENT = (30, timedelta(hours=1))
INVITATIONS_PER_USER = (40, timedelta(hours=1))


def key_for(kind: str, value: str) -> str:
    """A key that does not store the address itself (a hash of it, normalised)."""
    digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:40]
    return f"{kind}:{digest}"


def allow(key: str, limit: tuple[int, timedelta]) -> bool:
    """Record one use under `key` and say whether it is within `limit` (count, window);
    a refused use is not recorded, so waiting out the window always helps."""
    count, window = limit
    now = timezone.now()
    RateLimitHit.objects.filter(key=key, at__lte=now - window).delete()
    if RateLimitHit.objects.filter(key=key).count() >= count:
        return False
    RateLimitHit.objects.create(key=key, at=now)
    return True


def recent(key: str, window: timedelta) -> int:
    """How many uses of `key` within the last `window` (nothing recorded)."""
    return RateLimitHit.objects.filter(key=key, at__gt=timezone.now() - window).count()


def record(key: str) -> None:
    RateLimitHit.objects.create(key=key)
