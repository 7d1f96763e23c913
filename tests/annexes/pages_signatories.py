"""Permission-matrix rows of the signatories pages (joined in tests/pages.py).

Who signs for a party changes only when the party confirms it (samverkan/signatories.py).
The coordinator (change_agreement, as for editing a party) designates and withdraws; the
party's current signatory confirms or declines a successor: the rows' designation is for
Polisen where the agreement has it, so `lpo-chef` confirms it in Laholm and nobody else
may (403). A first designation's one-time link is the designee's alone: anyone else gets
404, as for a link that does not exist. The approvals are an installation administrator's,
like the installation page (403 for everyone else).

The rows act on designations of their own, made once per `Objects` through the services:
a successor designated for Polisen (awaiting its signatory in Laholm; in an agreement whose
party has no signatory, awaiting the designee); `frivard` designated the first time for
Kriminalvården after its signatory was removed (the link); and `sakerhetschef` for
Kommunen the same way, who has confirmed through the link (awaiting the administrator).
"""

from samverkan import signatories
from samverkan.models import AgreementParty, Person
from tests.browser.support import empty_form
from tests.factories import PersonFactory
from tests.helpers import INSTALLATION
from tests.pages import GET, POST, K, Objects, Page, Scan

SIGNATORY = "lpo-chef"  # Polisen's signatory in Laholm, who confirms the successor
DESIGNEE = "frivard"  # designated the first time for Kriminalvården (the link's owner)

# Query bound of the party list with a pending designation (today's count + 2).
PENDING_PARTIES_QUERIES = 13


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"signatories_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


def _party(o: Objects, short_name: str) -> AgreementParty:
    parties = o.agreement.parties.select_related("party", "signatory_user").order_by("order", "pk")
    return parties.filter(short_name=short_name).first() or parties.first()


def _staff(o: Objects, party: AgreementParty, username: str | None = None, **fields) -> Person:
    """`username` if they work for the party and are in the agreement's directory; else a
    new person who does."""
    people = o.agreement.people.filter(party=party.party_id).select_related("user")
    found = people.filter(user__username=username).first() if username else None
    return found or PersonFactory(party=party.party, agreements=[o.agreement], **fields)


def _first_designation(o: Objects, short_name: str, username: str):
    """The party's signatory removed, then `username` designated: the first-time path."""
    party = _party(o, short_name)
    party.signatory_user = None
    party.save(update_fields=["signatory_user"])  # the rights follow (councils' hook)
    designee = _staff(o, party, username)
    return signatories.signatory_designate(agreement_party=party, user=designee.user, by=None)


@_once
def successor(o: Objects):
    """A successor designated for Polisen (or the first party)."""
    party = _party(o, "Polisen")
    designee = _staff(o, party, title="Biträdande lokalpolisområdeschef")
    return signatories.signatory_designate(
        agreement_party=party, user=designee.user, title="", by=None
    )


@_once
def link(o: Objects):
    """`frivard` designated the first time for Kriminalvården: the token of their link."""
    return _first_designation(o, "Kriminalvården", DESIGNEE).token


@_once
def awaiting_admin(o: Objects):
    """`sakerhetschef` designated the first time for Kommunen, confirmed through the link."""
    designation = _first_designation(o, "Kommunen", "sakerhetschef")
    return signatories.signatory_accept(token=designation.token, by=designation.user)


@_once
def designee(o: Objects) -> Person:
    """Staff of the first party, in the directory, whom the coordinator designates."""
    return _staff(o, o.party, title="Kommunalråd")


class KS:
    """URL kwargs builders."""

    @staticmethod
    def successor(o: Objects) -> dict:
        return K.agreement(o) | {"designation_pk": successor(o).pk}

    @staticmethod
    def parties(o: Objects) -> dict:
        """The party list with the successor pending."""
        successor(o)
        return K.agreement(o)

    @staticmethod
    def link(o: Objects) -> dict:
        return {"token": link(o)}

    @staticmethod
    def approvals(o: Objects) -> dict:
        """The approvals list with one designation on it."""
        awaiting_admin(o)
        return {}

    @staticmethod
    def awaiting_admin(o: Objects) -> dict:
        return {"designation_pk": awaiting_admin(o).pk}


class DS:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def designate(o: Objects) -> dict:
        return {"user": designee(o).user_id, "title": "Kommunstyrelsens vice ordförande"}

    @staticmethod
    def confirm(o: Objects) -> dict:
        return {"decision": "confirm"}

    @staticmethod
    def approve(o: Objects) -> dict:
        return {"decision": "approve"}


# fmt: off
PAGES = [
    #    URL name                           kwargs           request            anon, samordnare,
    #                                                                              member, outsider
    Page("samverkan:signatory_designate",   K.party,         GET,               302, 200, 403, 404,
         scans=(Scan("signatory designation form"),
                Scan("signatory designation form with errors", act=empty_form))),
    Page("samverkan:signatory_designate",   K.party,         POST(DS.designate),
         302, 302, 403, 404),
    Page("samverkan:signatory_confirm",     KS.successor,    GET,               302, 403, 403, 404,
         others={SIGNATORY: 405}),
    Page("samverkan:signatory_confirm",     KS.successor,    POST(DS.confirm),  302, 403, 403, 404,
         others={SIGNATORY: 302}),
    Page("samverkan:signatory_cancel",      KS.successor,    GET,               302, 405, 403, 404),
    Page("samverkan:signatory_cancel",      KS.successor,    POST(),            302, 302, 403, 404),
    # The designee's link: theirs only, everyone else is told nothing (404).
    Page("samverkan:signatory_accept",      KS.link,         GET,               302, 404, 404, 404,
         others={DESIGNEE: 200}, scans=(Scan("signatory link", user=DESIGNEE),)),
    Page("samverkan:signatory_accept",      KS.link,         POST(DS.confirm),  302, 404, 404, 404,
         others={DESIGNEE: 302}),
    # The installation administrator's: nobody else's, whatever their agreements.
    Page("samverkan:signatory_approvals",   KS.approvals,    GET,               302, 403, 403, 403,
         installation=200, scans=(Scan("signatory approvals", user=INSTALLATION),)),
    Page("samverkan:signatory_approve",     KS.awaiting_admin, GET,             302, 403, 403, 403,
         installation=405),
    Page("samverkan:signatory_approve",     KS.awaiting_admin, POST(DS.approve),
         302, 403, 403, 403, installation=302),
    # The party list with a designation pending: shown to every member as pending; the
    # signatory is offered to confirm it, the coordinator to withdraw it.
    Page("samverkan:parties",               KS.parties,      GET,               302, 200, 200, 404,
         variant="pending", queries=PENDING_PARTIES_QUERIES,
         label="parties with a pending designation",
         scans=(Scan("parties with a pending designation"),
                Scan("parties with a successor to confirm", user=SIGNATORY))),
]
# fmt: on
