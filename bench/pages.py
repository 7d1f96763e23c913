"""Page figures: the SQL queries a main page runs and the server time it takes, through
Django's test client, as the agreement's coordinator (who sees and may do the most).

A page is listed with the objects it is measured on; a page whose app is not there yet
(a URL name that does not resolve, a view still raising NotImplementedError) is skipped
and reported as such, so the list can name pages before they exist.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, When
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from actionplan.models import ActionPlan, CitizenPromise
from councils.models import Body, Meeting
from samverkan.models import Agreement
from situation.models import SituationReport

from .seed import KEY_PREFIX


class Objects:
    """What the pages of one bench agreement are measured on: the busiest of each kind."""

    def __init__(self, index: int = 1):
        self.agreement = Agreement.objects.get(key=f"{KEY_PREFIX}{index}")
        self.coordinator = get_user_model().objects.get(username=f"samordnare-{index}")

    @cached_property
    def council(self) -> Body:
        return self.agreement.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)

    @cached_property
    def meeting(self) -> Meeting:
        """The council's latest held meeting that gave an assignment: minutes, attendance,
        a decision with the parties' positions and the assignment it gave."""
        return (
            self.agreement.meetings.filter(
                body=self.council,
                starts_at__lt=timezone.now(),
                items__decisions__assignments__isnull=False,
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-starts_at")
            .first()
        )

    @cached_property
    def report(self) -> SituationReport:
        """The latest published lägesbild, or this year's draft in a first year."""
        published = SituationReport.Status.PUBLISHED
        return self.agreement.situation_reports.order_by(
            Case(When(status=published, then=0), default=1), "-period_to"
        ).first()

    @cached_property
    def last_week(self):
        """Last week's Monday: the latest week the follow-up has reported."""
        today = timezone.localdate()
        return today - timedelta(days=today.weekday() + 7)

    @cached_property
    def plan(self) -> ActionPlan:
        return self.agreement.action_plans.order_by("-period_from").first()

    @cached_property
    def promise(self) -> CitizenPromise:
        return self.agreement.citizen_promises.order_by("-period_from").first()


@dataclass(frozen=True)
class Page:
    key: str
    url_name: str
    kwargs: Callable[[Objects], dict]

    def path(self, objects: Objects) -> str:
        return reverse(self.url_name, kwargs=self.kwargs(objects))


def _agreement(o: Objects) -> dict:
    return {"agreement_pk": o.agreement.pk}


# The main pages, keyed as the JSON names them, then further pages whose lists
# grow with the years (meetings, events, history).
PAGES = [
    Page("start", "samverkan:home", lambda o: {}),
    Page("agreement", "samverkan:agreement", _agreement),
    Page("roster", "councils:roster", lambda o: _agreement(o) | {"body_pk": o.council.pk}),
    Page("calendar", "councils:calendar", _agreement),
    Page(
        "meeting",
        "councils:meeting",
        lambda o: _agreement(o) | {"body_pk": o.council.pk, "meeting_pk": o.meeting.pk},
    ),
    Page("input_list", "situation:input_list", _agreement),
    Page(
        "lagesbild", "situation:report_detail", lambda o: _agreement(o) | {"report_pk": o.report.pk}
    ),
    Page(
        "weekly",
        "situation:week",
        lambda o: (
            _agreement(o) | dict(zip(("year", "week"), o.last_week.isocalendar()[:2], strict=True))
        ),
    ),
    Page("action_plan", "actionplan:plan_detail", lambda o: _agreement(o) | {"plan_pk": o.plan.pk}),
    Page(
        "promise",
        "actionplan:promise_detail",
        lambda o: _agreement(o) | {"promise_pk": o.promise.pk},
    ),
    Page("meetings", "councils:meetings", _agreement),
    Page("events", "samverkan:events", _agreement),
    Page("history", "samverkan:history", _agreement),
]


@dataclass
class Figure:
    key: str
    path: str = ""
    queries: int | None = None
    median_ms: float | None = None
    skipped: str = ""


def client_for(objects: Objects) -> Client:
    client = Client()
    client.force_login(objects.coordinator)
    return client


def _get(client: Client, path: str):
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def measure(page: Page, objects: Objects, client: Client, requests: int = 0) -> Figure:
    """The page's query count (after a warming request) and, with `requests`, the median
    of that many timed requests."""
    figure = Figure(page.key)
    try:
        figure.path = page.path(objects)
    except NoReverseMatch:
        figure.skipped = "no such page yet"
        return figure
    except AttributeError:  # the agreement has none of the page's object
        figure.skipped = "nothing to show"
        return figure
    try:
        response = _get(client, figure.path)  # warms per-process caches (content types)
    except NotImplementedError:
        figure.skipped = "not implemented yet"
        return figure
    except Exception as exc:  # one broken page must not hide the others' figures
        figure.skipped = f"error: {type(exc).__name__}: {exc}"[:200]
        return figure
    if response.status_code != 200:
        figure.skipped = f"status {response.status_code}"
        return figure
    with CaptureQueriesContext(connection) as captured:
        _get(client, figure.path)
    figure.queries = len(captured.captured_queries)
    if requests:
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            _get(client, figure.path)
            times.append((time.perf_counter() - started) * 1000)
        figure.median_ms = round(statistics.median(times), 1)
    return figure


def measure_all(index: int = 1, requests: int = 0, pages=PAGES) -> dict[str, Figure]:
    objects = Objects(index)
    client = client_for(objects)
    return {page.key: measure(page, objects, client, requests) for page in pages}
