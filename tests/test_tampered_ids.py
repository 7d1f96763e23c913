"""Every POST of the registry (tests/pages.py) with an object id of another agreement put in
its form: the coordinator of Laholm, who may make each of these changes with Laholm's own
objects, gets a form error or 404 and nothing is written (issue 13: tamper-proof forms).

The forged form is the row's own valid data for Laholm with each field that names an object
(an id) replaced by what the same builder gives for the other agreement. A row whose form
names no object (free text and dates only) has nothing to forge; the test checks that enough
rows do, so a registry that stops building ids cannot pass it silently."""

import pytest
from django.db import transaction
from django.test import Client

from samverkan.models import Event
from tests.pages import AGREEMENT_PAGES, COORDINATOR, OUTSIDER, Objects, build, log_in

# Not object ids though they are numbers: the version a form was opened at (a stale one is
# refused anyway, which would hide a missing check), and ordinal numbers.
NOT_IDS = {"version", "number", "order", "position"}


def _is_id(value) -> bool:
    values = value if isinstance(value, list | tuple) else [value]
    return bool(values) and all(str(v).isdigit() for v in values)


POSTS = [
    row
    for row in AGREEMENT_PAGES
    if row.request.method == "POST" and row.request.data and row.samordnare == 302
]


def _forged(own: dict, far: dict) -> dict:
    return {
        key: value
        for key, value in far.items()
        if key in own and key not in NOT_IDS and _is_id(value) and value != own[key]
    }


def test_every_post_refuses_an_object_of_another_agreement_and_writes_nothing(
    laholm, other_agreement
):
    refused_wrongly, forged_rows = [], []
    for row in POSTS:
        with transaction.atomic():
            url, honest = build(Objects(laholm, COORDINATOR), row)
            _, foreign = build(Objects(other_agreement, OUTSIDER), row)
            forged = _forged(honest, foreign)
            if forged:
                forged_rows.append(row.id)
                client = Client()
                log_in(client, COORDINATOR)
                events = Event.objects.count()
                response = client.post(url, honest | forged)
                written = Event.objects.count() - events
                if response.status_code not in (200, 400, 403, 404) or written:
                    refused_wrongly.append(
                        f"{row.id}: {sorted(forged)} → {response.status_code}, "
                        f"{written} event(s) written"
                    )
            transaction.set_rollback(True)
    assert len(forged_rows) >= 10, forged_rows
    assert not refused_wrongly, "\n".join(refused_wrongly)


@pytest.mark.parametrize(
    ("own", "far", "expected"),
    [
        ({"party": "3", "title": "x"}, {"party": "7", "title": "y"}, {"party": "7"}),
        ({"version": "2"}, {"version": "9"}, {}),
        ({"people": ["1", "2"]}, {"people": ["5"]}, {"people": ["5"]}),
        ({"starts": "2025-01-01"}, {"starts": "2026-01-01"}, {}),
    ],
)
def test_only_object_ids_are_forged(own, far, expected):
    assert _forged(own, far) == expected
