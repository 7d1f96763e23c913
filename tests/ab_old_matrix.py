"""A/B (speed): the matrix as it was, one test per (row, role). Not collected by default."""
import pytest

from tests.pages import (
    AGREEMENT_PAGES,
    ANONYMOUS,
    COORDINATOR,
    INSTALLATION,
    OUTSIDER,
    PAGES,
    ROLES,
    assert_status,
    open_as,
)

FOREIGN_ROLES = [ANONYMOUS, COORDINATOR, "kommunpolis", OUTSIDER, INSTALLATION]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda row: row.id)
def test_each_role_gets_the_status_in_the_matrix(client, laholm, row, role):
    url, response = open_as(client, laholm, row, role)
    assert_status(url, response, row, role, row.expected(role), laholm)


@pytest.mark.parametrize("role", FOREIGN_ROLES)
@pytest.mark.parametrize("row", AGREEMENT_PAGES, ids=lambda row: row.id)
def test_laholm_members_get_404_on_the_other_agreements_pages(client, other_agreement, row, role):
    url, response = open_as(client, other_agreement, row, role)
    assert_status(url, response, row, role, row.expected_at_home(role), other_agreement)
