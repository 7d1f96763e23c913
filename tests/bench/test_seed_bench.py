"""The bench's data set is deterministic, and its pages cost the same at two scales."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from bench import pages
from councils.models import Meeting, Seat
from situation.models import SituationInput, WeeklyReport

pytestmark = pytest.mark.django_db


def _bench_models():
    return [m for m in apps.get_models() if m._meta.app_label in {
        "samverkan", "councils", "situation", "actionplan", "auth", "guardian"
    }]  # fmt: skip


def _snapshot() -> dict:
    """Row counts of every model and a fingerprint of content that does not depend on
    primary keys (which a rolled-back run does not reset)."""
    return {
        "counts": {m._meta.label: m.objects.count() for m in _bench_models()},
        "meetings": list(
            Meeting.objects.filter(agreement__key__startswith="bench-")
            .order_by("starts_at", "body__kind")
            .values_list("starts_at", "body__kind", "kind", "status", "uid")
        ),
        "seats": list(
            Seat.objects.filter(function__body__agreement__key__startswith="bench-")
            .order_by("person__user__username", "valid_from")
            .values_list("person__user__username", "function__title", "valid_from", "valid_to")
        ),
        "inputs": list(
            SituationInput.objects.filter(agreement__key__startswith="bench-")
            .order_by("thread", "revision")
            .values_list("thread", "revision", "status", "sensitivity")
        ),
        "weekly": list(
            WeeklyReport.objects.filter(agreement__key__startswith="bench-")
            .order_by("week", "area__name", "party__short_name")
            .values_list("week", "area__name", "party__short_name")
        ),
    }


def _seeded(**options):
    """Run seed_bench and return what it made, then roll it back."""
    with transaction.atomic():
        call_command("seed_bench", password="bench-losen", jobs=1, verbosity=0, **options)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


def test_the_same_seed_makes_the_same_data_set():
    first = _seeded(scale=1, years=1, seed=7)
    assert first["counts"]["councils.Meeting"] > 0
    assert first["counts"]["situation.Observation"] > 0
    assert first["counts"]["actionplan.StatusUpdate"] > 0
    assert _seeded(scale=1, years=1, seed=7) == first


def test_another_seed_makes_another_data_set():
    assert _seeded(scale=1, years=1, seed=1) != _seeded(scale=1, years=1, seed=2)


def _query_counts(**options) -> dict[str, int | None]:
    with transaction.atomic():
        call_command("seed_bench", password="bench-losen", jobs=1, verbosity=0, **options)
        figures = pages.measure_all(1)
        transaction.set_rollback(True)
    return {key: figure.queries or figure.skipped for key, figure in figures.items()}


def test_every_page_runs_as_many_queries_at_two_scales():
    small = _query_counts(scale=1, years=2)
    large = _query_counts(scale=2, years=3)
    assert all(isinstance(count, int) for count in small.values()), small
    assert large == small
