"""The account's own pages in the one registry (tests/pages.py): every logged-in user has
them, inside an agreement or not."""

from councils.demo import DEMO_PASSWORD
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


# Who must have two-factor sign-in in the test world: the parties' signatories (and the
# installation administrator, the `installation=` column).
MUST_HAVE_TWO_FACTOR = ("ks-ordforande", "lpo-chef", "frivardschef")

# fmt: off
PAGES = [
    Page("account_sessions", None, GET,    302, 200, 200, 200,
         scans=(Scan("my logins"),), queries=8, label="my logins"),
    Page("account_sessions", None, POST(), 302, 302, 302, 302),
    Page("account_invitations", None, GET, 302, 200, 200, 200,
         scans=(Scan("my invitations"),), queries=8, label="my invitations"),
    Page("account_invitation_answer", _nobodys_invitation, POST(lambda o: {"answer": "accept"}),
         302, 404, 404, 404),
    # Two-factor sign-in (samverkan/views_twofactor.py): every account's own; the code page
    # only holds a session between password and code (tests/samverkan/test_two_factor.py),
    # so here everyone is sent on. Turning it off is refused to whoever must have it.
    Page("two_factor", None, GET, 302, 200, 200, 200, installation=200,
         scans=(Scan("two-factor settings"),), queries=12, label="two-factor settings"),
    Page("two_factor_enrol", None, GET, 302, 200, 200, 200, installation=200,
         scans=(Scan("two-factor enrolment"),), queries=12, label="two-factor enrolment"),
    Page("two_factor_enrol", None, POST(lambda o: {"code": ""}), 302, 200, 200, 200,
         installation=200),
    Page("two_factor_verify", None, GET, 302, 302, 302, 302, installation=302),
    Page("two_factor_verify", None, POST(lambda o: {"code": "000000"}), 302, 302, 302, 302,
         installation=302),
    Page("two_factor_codes", None, POST(), 302, 302, 302, 302, installation=302),
    Page("two_factor_off", None, POST(lambda o: {"password": DEMO_PASSWORD}),
         302, 302, 302, 302, others=dict.fromkeys(MUST_HAVE_TWO_FACTOR, 403), installation=403),
]
# fmt: on
