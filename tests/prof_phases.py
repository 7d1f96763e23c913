"""Profiling harness (speed): queries and time per phase."""
import os
import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.pages import PAGES, ROLES, ANONYMOUS, Objects


def test_phases(laholm):
    step = int(os.environ.get("STEP", "10"))
    rows = PAGES[::step]
    q = Counter(); t = Counter()
    sql = Counter()
    for row in rows:
        for role in ROLES:
            with transaction.atomic():
                c = Client()
                with CaptureQueriesContext(connection) as cap:
                    t0 = time.perf_counter()
                    objects = Objects(laholm, role)
                    url = row.path(objects)
                    data = row.request.data(objects) if row.request.data else {}
                    t1 = time.perf_counter(); n1 = len(cap)
                    if role != ANONYMOUS:
                        c.force_login(get_user_model().objects.get(username=role))
                    t2 = time.perf_counter(); n2 = len(cap)
                    if row.request.method == "POST":
                        r = c.post(url, data)
                    else:
                        r = c.get(url)
                    t3 = time.perf_counter(); n3 = len(cap)
                for i, qq in enumerate(cap.captured_queries[n1:n2]):
                    sql[qq["sql"][:90]] += 1
                q["build"] += n1; q["login"] += n2 - n1; q["request"] += n3 - n2
                t["build"] += t1 - t0; t["login"] += t2 - t1; t["request"] += t3 - t2
                transaction.set_rollback(True)
    n = len(rows) * len(ROLES)
    print(f"\n{n} pairs")
    for k in q:
        print(f"{k}: {q[k]/n:.1f} queries, {t[k]/n*1000:.1f} ms per pair")
    for s, c in sql.most_common(15):
        print(c, s)
