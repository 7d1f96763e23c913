from django.db import transaction

from tests.pages import PAGES, ROLES, Objects, build, page, row_statuses


def test_failures_are_listed(laholm):
    row = page("samverkan:history")
    wrong = row_statuses(laholm, row, ROLES, lambda role: 200)
    print("\n" + "\n".join(wrong))


def test_count_role_dependent(laholm):
    dep = []
    for row in PAGES:
        with transaction.atomic():
            o = Objects(laholm, "samordnare")
            build(o, row)
            if o.read_username:
                dep.append(row.id)
            transaction.set_rollback(True)
    print("\nrole-dependent:", len(dep), "of", len(PAGES), dep)
