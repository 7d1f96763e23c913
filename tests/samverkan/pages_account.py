"""The account's own pages in the one registry (tests/pages.py): every logged-in user has
them, inside an agreement or not."""

from samverkan.models import PersonInvitation
from tests.pages import GET, POST, Objects, Page, Scan


def _nobodys_invitation(o: Objects) -> dict:
    """An invitation to an address none of the roles has: answering it is not found for
    every one of them (the owner's own answer is in tests/samverkan/test_person_invitations.py)."""
    key = "nobodys_invitation"
    if key not in o.__dict__:
        o.__dict__[key] = PersonInvitation.objects.create(
            agreement=o.agreement,
            agreement_party=o.agreement.parties.first(),
            email="ingen.av.rollerna@example.se",
            first_name="Ingen",
            last_name="Alls",
        )
    return {"invitation_pk": o.__dict__[key].pk}


# fmt: off
PAGES = [
    Page("account_sessions", None, GET,    302, 200, 200, 200,
         scans=(Scan("my logins"),), queries=8, label="my logins"),
    Page("account_sessions", None, POST(), 302, 302, 302, 302),
    Page("account_invitations", None, GET, 302, 200, 200, 200,
         scans=(Scan("my invitations"),), queries=8, label="my invitations"),
    Page("account_invitation_answer", _nobodys_invitation, POST(lambda o: {"answer": "accept"}),
         302, 404, 404, 404),
]
# fmt: on
