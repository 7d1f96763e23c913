"""The bench's figures for the agreement pack (bench/pdf.py): measured through the view,
cold after the stored pack is removed and warm from storage."""

from unittest import mock

from django.core.files.storage import storages
from django.test import Client

from bench import pdf
from samverkan import documents


def test_the_pack_is_measured_cold_and_warm(other_agreement, user):
    """On the small agreement of another municipality (no versions: a quick render)."""
    client = Client()
    client.force_login(user("annan-kommun"))
    with mock.patch.object(documents, "render_pack", wraps=documents.render_pack) as render:
        figures = pdf.measure_pack(other_agreement, client, colds=2, warms=3)

    assert set(figures) == {"pack_cold_s", "pack_warm_ms", "pack_cold_cpu_s"}
    assert all(figure > 0 for figure in figures.values())
    assert render.call_count == 3  # the first render, then each cold one; warm: stored
    assert storages[documents.STORAGE].exists(documents.pack(other_agreement).stored_name)


def test_the_verdict_names_the_targets_missed():
    assert pdf.misses({"pack_cold_s": 1.5, "pack_warm_ms": 20.0}) == []
    assert pdf.misses({"pack_cold_s": 3.1, "pack_warm_ms": 80.0}) == [
        "dokumentpaketet kallt 3.1 s > 2 s",
        "dokumentpaketet varmt 80.0 ms > 50 ms",
    ]
    assert pdf.misses({}) == []
