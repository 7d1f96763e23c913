"""Profiling harness (speed): not collected by default."""
import cProfile
import os
import time

from django.db import transaction
from django.test import Client

from tests.pages import PAGES, ROLES, assert_status, open_as


def test_profile(laholm):
    sel = os.environ.get("ROWS", "")
    rows = [r for r in PAGES if sel in r.id][: int(os.environ.get("N", "40"))]
    prof = cProfile.Profile() if os.environ.get("PROF") else None
    t = time.perf_counter()
    if prof:
        prof.enable()
    errors = []
    times = {}
    for row in rows:
        t0 = time.perf_counter()
        for role in ROLES:
            with transaction.atomic():
                try:
                    url, response = open_as(Client(), laholm, row, role)
                    assert_status(url, response, row, role, row.expected(role), laholm)
                except Exception as e:
                    errors.append((row.id, role, repr(e)[:100]))
                transaction.set_rollback(True)
        times[row.id] = time.perf_counter() - t0
    if prof:
        prof.disable()
        prof.dump_stats("/tmp/speed/matrix.prof")
    n = len(rows) * len(ROLES)
    print(f"\n{n} pairs in {time.perf_counter() - t:.1f}s, {len(errors)} errors")
    for e in errors[:10]:
        print(e)
    for k, v in sorted(times.items(), key=lambda kv: -kv[1])[:10]:
        print(f"{v:.2f} {k}")
