"""What many tests share: the frozen date, the demo's people and rights, refusals, and the
Swedish messages more than one test file checks."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_perms

from councils.demo import DEMO_USERS
from councils.models import Body
from samverkan.models import Agreement, Person

# --- time ----------------------------------------------------------------------------

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Every test runs with the clock set here (tests/conftest.py), well inside the Laholm
# agreement 2024–2026, whatever the real date is.
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()
# Days after the Laholm agreement has ended: early in its renewal 2027–2029, and after
# the renewal has ended as well.
AFTER_THE_END = [date(2027, 1, 15), date(2030, 6, 1)]
RENEWAL_IN_FORCE = date(2027, 1, 15)


def at_ten(day: date) -> datetime:
    """10:00 in Stockholm on `day`: where a test moves the clock to."""
    return datetime.combine(day, NOW.timetz())


# --- the demo's people ---------------------------------------------------------------

DEMO_USERNAMES = [row[0] for row in DEMO_USERS]
OUTSIDER = "annan-kommun"  # coordinator of another agreement, nothing in Laholm
# An installation administrator (tests/conftest.py): creates agreements, is in none.
INSTALLATION = "installation"


def person(username: str) -> Person:
    return Person.objects.select_related("user", "party").get(user__username=username)


# --- rights --------------------------------------------------------------------------

STRATEGIC, OPERATIVE = Body.Kind.STRATEGIC_COUNCIL, Body.Kind.OPERATIVE_GROUP
PARTIES = ("Kommunen", "Polisen", "Kriminalvården")


def rights(username: str, obj) -> set[str]:
    """The user's object permissions on obj, read afresh from the database."""
    return set(get_perms(get_user_model().objects.get(username=username), obj))


def all_rights(username: str, agreement: Agreement) -> set[str]:
    """Every right the user holds in the agreement, as "object: codename": what `rights`
    reads for each object, read for all of them at once (guardian's prefetch, a query or
    two per model instead of three per object; many tests ask this for every demo user)."""
    bodies, parties = list(agreement.bodies.all()), list(agreement.parties.all())

    def one(objects, **fields):
        [found] = [o for o in objects if all(getattr(o, k) == v for k, v in fields.items())]
        return found

    objects = {
        "agreement": agreement,
        "strategic": one(bodies, kind=STRATEGIC),
        "operative": one(bodies, kind=OPERATIVE),
    }
    objects |= {short: one(parties, short_name=short) for short in PARTIES}
    checker = ObjectPermissionChecker(get_user_model().objects.get(username=username))
    for model in {type(obj) for obj in objects.values()}:
        checker.prefetch_perms([obj for obj in objects.values() if type(obj) is model])
    return {f"{label}: {perm}" for label, obj in objects.items() for perm in checker.get_perms(obj)}


MEMBER = {"agreement: view_agreement", "strategic: view_body", "operative: view_body"}
CONVENER = {
    f"{b}: {perm}" for b in ("strategic", "operative") for perm in ("convene_body", "manage_roster")
}
# The situation picture: both bodies' members read it, the council and the conveners
# confidential input too; the coordinator keeps it.
SITUATION = {"agreement: view_situation"}
CONFIDENTIAL = SITUATION | {"agreement: view_confidential_situation"}
# What the Laholm demo rosters entitle each user to, in full, while the agreement is in force.
# Everyone in the agreement's people directory reports weekly for their own party (EST);
# the operative group's members assess the week (risk levels, quick actions).
WEEKLY = {party: {f"{party}: report_weekly_for_party"} for party in PARTIES}
ASSESS = {"agreement: assess_situation"}
# The action plan: whoever holds a seat for a party updates that party's measures; the
# coordinator keeps the plan and the medborgarlöften.
MEASURES = {party: {f"{party}: update_measures_for_party"} for party in PARTIES}
DEMO_RIGHTS = {
    "samordnare": MEMBER
    | CONVENER
    | CONFIDENTIAL
    | ASSESS
    | WEEKLY["Kommunen"]
    | MEASURES["Kommunen"]
    | {
        "agreement: change_agreement",
        "agreement: manage_situation",
        "agreement: manage_action_plan",
        "Kommunen: submit_input_for_party",
    },
    "sakerhetschef": MEMBER | CONFIDENTIAL | WEEKLY["Kommunen"] | MEASURES["Kommunen"],
    "laholmshem": MEMBER | CONFIDENTIAL | WEEKLY["Kommunen"] | MEASURES["Kommunen"],
    "kommunpolis": MEMBER
    | CONFIDENTIAL
    | ASSESS
    | WEEKLY["Polisen"]
    | MEASURES["Polisen"]
    | {"Polisen: submit_input_for_party"},
    "lpo-chef": MEMBER
    | CONFIDENTIAL
    | WEEKLY["Polisen"]
    | MEASURES["Polisen"]
    | {"Polisen: sign_for_party"},
    "frivardschef": MEMBER
    | CONFIDENTIAL
    | WEEKLY["Kriminalvården"]
    | MEASURES["Kriminalvården"]
    | {"Kriminalvården: sign_for_party"},
    # On the council as the frivårdschef's substitute, so confidential input too.
    "frivard": MEMBER
    | CONFIDENTIAL
    | ASSESS
    | WEEKLY["Kriminalvården"]
    | MEASURES["Kriminalvården"]
    | {"Kriminalvården: submit_input_for_party"},
    # A signatory without a seat: no part in the situation picture, but staff of Kommunen.
    "ks-ordforande": MEMBER | WEEKLY["Kommunen"] | {"Kommunen: sign_for_party"},
    "forvaltning": MEMBER
    | SITUATION
    | ASSESS
    | WEEKLY["Kommunen"]
    | MEASURES["Kommunen"]
    | {"Kommunen: submit_input_for_party"},
    OUTSIDER: set(),
}
# A signatory before their seats begin (a renewal not yet in force): reads the agreement and
# signs for their party, but has no part in the situation picture, and reports nothing
# weekly: the people directory counts from the agreement's first day, as seats do.
SIGNING = {
    "ks-ordforande": MEMBER | {"Kommunen: sign_for_party"},
    "lpo-chef": MEMBER | {"Polisen: sign_for_party"},
    "frivardschef": MEMBER | {"Kriminalvården: sign_for_party"},
}
# What each demo user keeps in the agreement once it has ended: the reading rights, the
# situation picture's included; nothing to act on (no convening, signing, submitting,
# keeping the situation picture, reporting weekly or assessing the week).
READING_AFTER_THE_END = {
    "samordnare": MEMBER | CONFIDENTIAL,
    "sakerhetschef": MEMBER | CONFIDENTIAL,
    "laholmshem": MEMBER | CONFIDENTIAL,
    "kommunpolis": MEMBER | CONFIDENTIAL,
    "lpo-chef": MEMBER | CONFIDENTIAL,
    "frivardschef": MEMBER | CONFIDENTIAL,
    "frivard": MEMBER | CONFIDENTIAL,
    "ks-ordforande": MEMBER,
    "forvaltning": MEMBER | SITUATION,
}

SIGNATORIES = {"ks-ordforande", "lpo-chef", "frivardschef"}


# --- refusals and their Swedish messages ---------------------------------------------


def refusal(call, *args, **kwargs) -> ValidationError:
    """The ValidationError that call(*args, **kwargs) raises (the test fails if it raises
    none)."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


PERIOD = "(2024-01-01–2026-12-31)"  # the Laholm agreement's validity, as messages write it
STALE = (
    "Någon annan har ändrat uppgifterna sedan du öppnade formuläret. "
    "Ladda om sidan och gör din ändring igen."
)
NOT_STAFF = "Personen arbetar inte hos någon av överenskommelsens parter."
# Organisation numbers (samverkan/validators.py).
FORMAT = "Ange organisationsnumret som tio siffror, till exempel 212000-1223."
CHECK_DIGIT = "Organisationsnumrets kontrollsiffra stämmer inte. Kontrollera numret."
NOT_ORGANISATION = (
    "Det här är inte ett organisationsnummer (tredje och fjärde siffran ska vara minst 20)."
)
# Django's own, for a choice the form did not offer (a forged POST).
INVALID_CHOICE = "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."


# --- two-factor sign-in --------------------------------------------------------------


def enrolled(user):
    """The user's confirmed authenticator app, made if they have none: as if they had
    enrolled (samverkan/twofactor.py)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)


def current_code(device) -> str:
    """The code the user's app shows now (the next one if this one has been used)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def verify_session(client, user) -> None:
    """Mark the client's session as signed in with the second factor, as the code page
    does: what a signatory or an installation administrator has done before acting."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from samverkan.twofactor import PENDING

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled(user).persistent_id
    session.pop(PENDING, None)
    session.save()


def force_login_as_in_life(client, user, login=None) -> None:
    """Log the client in (with `login`, else client.force_login); a user who must have
    two-factor sign-in (a signatory, an installation administrator) has it and has given a
    code, as they would have."""
    from samverkan.twofactor import required_for

    (login or (lambda: client.force_login(user)))()
    if required_for(user):
        verify_session(client, user)
