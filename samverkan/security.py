"""The security log: one structured line per sign-in, failed sign-in, lockout, two-factor
step and password change, on the `samverkan.security` logger.

Each line is `security event=<name> user=<id> username=<name> ip=<address>` plus the
event's own fields, in key=value form so a log collector can parse it. No secrets: never a
password, a code, a token or a session key."""

import json
import logging
import re

logger = logging.getLogger("samverkan.security")


_PLAIN = re.compile(r"[\w.:@,/+-]+")


def _value(value) -> str:
    """As it is when it is plain; else as a JSON string (quotes, backslashes and every
    control or separator character escaped), so a typed username cannot forge a field or
    a line."""
    text = str(value)
    return text if _PLAIN.fullmatch(text) else json.dumps(text)


def log(event: str, request=None, *, user=None, **fields) -> None:
    from django.conf import settings

    line = {"event": event}
    if user is not None and getattr(user, "pk", None) is not None:
        line["user"] = user.pk
        line["username"] = user.get_username()
    if request is not None:
        line["ip"] = settings.AXES_CLIENT_IP_CALLABLE(request) or "-"
    line |= fields
    logger.info("security %s", " ".join(f"{k}={_value(v)}" for k, v in line.items()))


# --- the receivers, connected in samverkan/apps.py -----------------------------------


def logged_in(sender, request, user, **kwargs):
    log("login", request, user=user)


def logged_out(sender, request, user, **kwargs):
    log("logout", request, user=user)


def login_failed(sender, credentials, request=None, **kwargs):
    # The username typed, which may not exist: logged as typed (cut short), never the
    # password (Django has already replaced it in `credentials`).
    log("login_failed", request, username=str(credentials.get("username", ""))[:150])


def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log("lockout", request, username=str(username or "")[:150])
