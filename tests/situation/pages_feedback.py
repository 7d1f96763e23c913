"""Feedback to the parties' staff and one person's weeks (situation/views/feedback.py) in
the one registry (tests/pages.py).

The feedback is for everyone who reports weekly or reads the situation picture: in Laholm
every demo user (`ks-ordforande` as staff of Kommunen). Only the coordinator sends it."""

from situation import weeks
from situation.models import FeedbackDispatch
from tests.pages import GET, POST, K, Objects, Page, Scan


def week_kwargs(o: Objects) -> dict:
    year, week = weeks.iso(weeks.current(o.agreement))
    return K.agreement(o) | {"year": year, "week": week}


def unsent_week_kwargs(o: Objects) -> dict:
    """This week, its feedback not yet sent (a dispatch made earlier is removed)."""
    monday = weeks.current(o.agreement)
    FeedbackDispatch.objects.filter(agreement=o.agreement, week=monday).delete()
    return week_kwargs(o)


def subscribe(o: Objects) -> dict:
    return {"subscribe": "1", "next": "/"}


FEEDBACK_QUERIES = 20
MY_WEEKS_QUERIES = 12

# fmt: off
PAGES = [
    Page("situation:feedback",              week_kwargs,        GET,     302, 200, 200, 404,
         queries=FEEDBACK_QUERIES, label="feedback", after_the_end={"ks-ordforande": 403},
         scans=(Scan("feedback"), Scan("feedback, staff", "ks-ordforande"))),
    Page("situation:feedback_send",         unsent_week_kwargs, GET,     302, 405, 403, 404),
    Page("situation:feedback_send",         unsent_week_kwargs, POST(),  302, 302, 403, 404),
    Page("situation:feedback_subscription", K.agreement,        GET,     302, 405, 405, 404),
    Page("situation:feedback_subscription", K.agreement,        POST(subscribe),
         302, 302, 302, 404),
    # Not in an agreement: each user sees their own agreements (the outsider theirs).
    Page("situation:my_weeks",              None,               GET,     302, 200, 200, 200,
         queries=MY_WEEKS_QUERIES, label="my weeks", scans=(Scan("my weeks"),)),
]
# fmt: on
