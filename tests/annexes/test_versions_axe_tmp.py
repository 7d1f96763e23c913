"""TEMPORARY (versions helper): the axe scan of the versions pages only."""

import pytest

from tests import pages
from tests.browser.conftest import browser, page_as, world  # noqa: F401
from tests.browser.test_accessibility import AXE_OPTIONS, format_violations

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")


def test_versions_pages_pass_axe(page_as, world):  # noqa: F811
    axe = axe_sync.Axe()
    failures = []
    names = []
    for row, scan in pages.SCANS:
        if not any(w in scan.name for w in ("version", "annex", "agreement overview")):
            continue
        names.append(scan.name)
        page = page_as(scan.user)
        url = row.path(world)
        response = page.goto(url)
        expected = row.expected(scan.user)
        if response.status != expected:
            failures.append(f"{scan.name}: {response.status} != {expected}")
            continue
        if scan.act:
            scan.act(page)
        page.screenshot(path=f"/tmp/vshots/{scan.name.replace(' ', '-')}.png", full_page=True)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{scan.name} ({url}):\n" + format_violations(violations))
    print("SCANNED", names)
    assert not failures, "\n".join(failures)
