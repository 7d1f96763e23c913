"""History pages read one page of history from the database, however long the history is."""

import tracemalloc
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Body, Function, Seat, Substitute
from samverkan.models import Agreement, AgreementParty, Annex, Clause, Party
from tests.factories import FunctionFactory, PersonFactory, SeatFactory

HISTORIES = (Agreement, AgreementParty, Party, Clause, Annex, Body, Function, Seat, Substitute)


def after_all_history():
    """A moment after every history row so far, so new rows are the newest whatever the clock."""
    newest = max(m.history.aggregate(at=Max("history_date"))["at"] for m in HISTORIES)
    return newest + timedelta(seconds=1)


def add_versions(instance, count, *, start, by, step=timedelta(seconds=1), **changes):
    """`count` changes of `instance` written as history rows, `step` apart from `start`.

    Each keyword maps a field to a function giving its value in the n-th change."""
    history = type(instance).history.model
    values = {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}
    history.objects.bulk_create(
        history(
            **(values | {field: value(n) for field, value in changes.items()}),
            history_date=start + n * step,
            history_type="~",
            history_user=by,
        )
        for n in range(count)
    )
    return start + count * step


@pytest.fixture
def council(laholm):
    return laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)


@pytest.fixture(params=["agreement", "council"])
def history_page(request, laholm, council):
    """A history page's URL and a record on it, with a way to change one of its fields."""
    if request.param == "agreement":
        url = reverse("samverkan:history", args=[laholm.pk])
        return url, laholm.clauses.first(), {"heading": lambda n: f"Rubrik {n}"}
    seat = Seat.objects.filter(function__body=council).first()
    url = reverse("councils:history", args=[laholm.pk, council.pk])
    return url, seat, {"valid_to": lambda n: laholm.valid_from + timedelta(days=n % 365)}


def queries_for(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def peak_memory_for(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, translations)
    tracemalloc.start()
    try:
        assert client.get(url).status_code == 200
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def entries_on(client, url, page=1) -> list[dict]:
    response = client.get(url, {"sida": page})
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_a_history_page_runs_as_many_queries_with_10_000_rows_as_with_10(
    client_as, user, history_page
):
    url, instance, changes = history_page
    client = client_as("samordnare")
    start = add_versions(instance, 10, start=after_all_history(), by=user("samordnare"), **changes)
    with_10 = queries_for(client, url)

    add_versions(instance, 9_990, start=start, by=user("samordnare"), **changes)

    assert queries_for(client, url) == with_10
    assert client.get(url).context["page"].paginator.count > 10_000


def test_a_history_page_needs_no_more_memory_with_10_000_rows_than_with_10(
    client_as, user, history_page
):
    url, instance, changes = history_page
    client = client_as("samordnare")
    start = add_versions(instance, 10, start=after_all_history(), by=user("samordnare"), **changes)
    with_10 = peak_memory_for(client, url)

    add_versions(instance, 9_990, start=start, by=user("samordnare"), **changes)

    # Loading every row, as the page once did, took over 20 MB more.
    assert peak_memory_for(client, url) < with_10 + 1_000_000


def test_the_newest_change_is_first_with_its_field_changes(client_as, user, laholm):
    clause = laholm.clauses.first()
    add_versions(
        clause, 3, start=after_all_history(), by=user("samordnare"), heading=lambda n: f"Rubrik {n}"
    )

    newest = entries_on(client_as("kommunpolis"), reverse("samverkan:history", args=[laholm.pk]))[0]

    assert (newest["kind"], newest["object"], newest["change"]) == ("avsnitt", "Rubrik 2", "Ändrad")
    assert newest["user"] == user("samordnare")
    assert [(c["field"], c["old"], c["new"]) for c in newest["changes"]] == [
        ("rubrik", "Rubrik 1", "Rubrik 2")
    ]


def test_the_second_page_shows_the_next_fifty_changes(client_as, user, laholm):
    add_versions(
        laholm.clauses.first(),
        120,
        start=after_all_history(),
        by=user("samordnare"),
        heading=lambda n: f"Rubrik {n}",
    )
    client = client_as("samordnare")
    url = reverse("samverkan:history", args=[laholm.pk])

    first, second = entries_on(client, url, 1), entries_on(client, url, 2)

    assert [e["object"] for e in first] == [f"Rubrik {n}" for n in range(119, 69, -1)]
    assert [e["object"] for e in second] == [f"Rubrik {n}" for n in range(69, 19, -1)]
    html = client.get(url, {"sida": 2}).content.decode()
    assert 'href="?sida=1" rel="prev"' in html
    assert 'href="?sida=3" rel="next"' in html


def test_a_change_is_compared_with_its_previous_version_on_another_page(client_as, user, laholm):
    first, second = laholm.clauses.order_by("order")[:2]
    by = user("samordnare")
    start = add_versions(
        first, 1, start=after_all_history(), by=by, heading=lambda n: "Före sextio ändringar"
    )
    start = add_versions(second, 60, start=start, by=by, heading=lambda n: f"Rubrik {n}")
    add_versions(first, 1, start=start, by=by, heading=lambda n: "Efter sextio ändringar")
    client = client_as("samordnare")
    url = reverse("samverkan:history", args=[laholm.pk])

    newest = entries_on(client, url, 1)[0]
    oldest_on_page_1 = entries_on(client, url, 1)[-1]

    assert newest["object"] == "Efter sextio ändringar"
    assert [(c["old"], c["new"]) for c in newest["changes"]] == [
        ("Före sextio ändringar", "Efter sextio ändringar")
    ]
    assert [(c["old"], c["new"]) for c in oldest_on_page_1["changes"]] == [
        ("Rubrik 10", "Rubrik 11")
    ]
    assert entries_on(client, url, 2)[11]["object"] == "Före sextio ändringar"


def test_a_seat_on_a_function_added_after_earlier_changes_is_in_its_body_history(
    client_as, laholm, council
):
    # History ids and object ids part ways once a function has changed: the seats
    # must be found by the function's id, not by the id of one of its history rows.
    changed = council.functions.first()
    for note in ("Första ändringen", "Andra ändringen"):
        changed.note = note
        changed.save()
    group = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP)
    function = FunctionFactory(body=group, party=changed.party, title="Ny funktion")
    SeatFactory(
        function=function, person=PersonFactory(user__first_name="Ny", user__last_name="Person")
    )
    client = client_as("samordnare")

    on_group = entries_on(client, reverse("councils:history", args=[laholm.pk, group.pk]))
    on_council = entries_on(client, reverse("councils:history", args=[laholm.pk, council.pk]))

    assert ("uppdrag", "Ny funktion: Ny Person") in [(e["kind"], e["object"]) for e in on_group]
    assert "Ny funktion: Ny Person" not in [e["object"] for e in on_council]


def test_changes_saved_in_the_same_instant_are_each_shown_once_across_pages(
    client_as, user, laholm
):
    at, by = after_all_history(), user("samordnare")
    same_instant = {"start": at, "by": by, "step": timedelta(0)}
    add_versions(laholm.clauses.first(), 60, heading=lambda n: f"Rubrik {n}", **same_instant)
    add_versions(laholm.annexes.first(), 60, title=lambda n: f"Titel {n}", **same_instant)
    client = client_as("samordnare")
    url = reverse("samverkan:history", args=[laholm.pk])

    shown = [e for page in (1, 2, 3) for e in entries_on(client, url, page) if e["at"] == at]

    headings = [e["object"] for e in shown if e["kind"] == "avsnitt"]
    annexes = [e["object"] for e in shown if e["kind"] == "bilaga"]
    assert sorted(headings) == sorted(f"Rubrik {n}" for n in range(60))
    assert len(annexes) == len(set(annexes)) == 60
    for entry in shown:
        if entry["kind"] == "avsnitt" and entry["object"] != "Rubrik 0":
            n = int(entry["object"].split()[-1])
            assert [(c["old"], c["new"]) for c in entry["changes"]] == [
                (f"Rubrik {n - 1}", f"Rubrik {n}")
            ]


def test_a_seat_is_named_by_its_function_s_latest_title(client_as, laholm, council):
    seat = Seat.objects.filter(function__body=council).select_related("function").first()
    seat.function.title = "Omdöpt funktion"
    seat.function.save()
    client = client_as("samordnare")

    entries = entries_on(client, reverse("councils:history", args=[laholm.pk, council.pk]))

    assert f"Omdöpt funktion: {seat.person.name}" in [e["object"] for e in entries]
