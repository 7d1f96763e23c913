"""The annex versions' pages in the one registry (tests/pages.py): a version, what changes,
the history of an annex and of the agreement's own text, signing, sending back, rejecting,
discarding, opening the agreement's text for signing and making a new version of it.

Every member reads the versions; the coordinator (change_agreement) sends back, rejects,
discards, opens and makes; each party's signatory (ks-ordforande, lpo-chef, frivardschef in
Laholm) signs, everyone else gets 403 on the signing form.

The rows act on versions of their own, made straight in the database once per `Objects`
(on any agreement, also after it has ended, when the services would refuse to make them):
a fresh annex whose version 1 is in force, signed by every party that has a signatory
user, and whose version 2 is decided and awaiting signatures; a fresh annex with a version
presented to the council; one with a draft; and a draft of the agreement's own text after
a version in force.
"""

from django.utils import timezone

from councils.demo import DEMO_PASSWORD
from samverkan import annexes
from samverkan.models import Annex, AnnexVersion, Signature
from tests.browser.support import empty_form
from tests.pages import GET, POST, K, Objects, Page, Scan

State = AnnexVersion.State

SIGNATORIES = ("ks-ordforande", "lpo-chef", "frivardschef")
SIGN_GET = dict.fromkeys(SIGNATORIES, 200)
SIGN_POST = dict.fromkeys(SIGNATORIES, 302)

# Query bounds (today's count + 2; a signatory's version page runs 3 more, reading their
# right to sign for each of their parties).
VERSION_QUERIES = 15
COMPARE_QUERIES = 15
HISTORY_QUERIES = 15


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"versions_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


def snapshot(title: str, items: list[str], goal: str = "Ökad trygghet i centrum.") -> dict:
    return {
        "format": 1,
        "title": title,
        "sections": [
            {
                "key": "measures",
                "heading": "Åtgärder",
                "blocks": [{"type": "list", "items": items}],
            },
            {"key": "goal", "heading": "Mål", "blocks": [{"type": "paragraph", "text": goal}]},
        ],
    }


def make_version(agreement, annex, state: str, content: dict, **fields) -> AnnexVersion:
    """A version made straight in the database with its content's true hash."""
    html = annexes.render_snapshot(content)
    numbers = agreement.document_versions.filter(annex=annex).values_list("number", flat=True)
    number = max(numbers, default=0) + 1
    return AnnexVersion.objects.create(
        agreement=agreement,
        annex=annex,
        number=number,
        title=content["title"],
        dated_on=timezone.localdate(),
        state=state,
        snapshot=content,
        html=html,
        content_hash=annexes.content_hash({"html": html, "snapshot": content}),
        **fields,
    )


def sign_by_all(version: AnnexVersion) -> None:
    """Signatures of every party that has a signatory user, made straight in the database."""
    for party in version.agreement.parties.select_related("signatory_user"):
        if party.signatory_user is not None:
            Signature.objects.create(
                version=version,
                party=party,
                signer=party.signatory_user,
                signer_name=party.signatory_user.get_full_name(),
                signer_title=party.signatory_title,
                content_hash=version.content_hash,
            )


def in_force(agreement, annex, content: dict) -> AnnexVersion:
    now = timezone.now()
    version = make_version(
        agreement,
        annex,
        State.IN_FORCE,
        content,
        decided_on=timezone.localdate(),
        decision_reference="Strategiskt råd, punkt 3" if annex else "",
        in_force_at=now,
    )
    sign_by_all(version)
    return version


# --- the same through the services, for the tests ----------------------------------------

SIGNS_FOR = {"Kommunen": "ks-ordforande", "Polisen": "lpo-chef", "Kriminalvården": "frivardschef"}


def new_annex(agreement, title: str = "Trygghetsplan") -> Annex:
    """An annex of the agreement with no version yet (the demo's may have some)."""
    number = max(agreement.annexes.values_list("number", flat=True), default=0) + 1
    return Annex.objects.create(agreement=agreement, number=number, title=title, kind="other")


def decided_by_council(agreement, annex, content: dict, by) -> AnnexVersion:
    """Made, presented and decided through the services (councils' calls, made here)."""
    version = annexes.annex_version_make(agreement=agreement, annex=annex, snapshot=content, by=by)
    version = annexes.annex_version_present(
        version=version, to="Strategiskt råd 2025-03-19, punkt 4", by=by
    )
    return annexes.annex_version_decide(
        version=version,
        decided_hash=version.presented_hash,
        decided_on=timezone.localdate(),
        reference="Strategiskt råd 2025-03-19, punkt 4",
        by=by,
    )


def sign_as(version: AnnexVersion, short_name: str, get_user, **kwargs) -> Signature:
    """The party's demo signatory signs the version with the demo password."""
    return annexes.annex_version_sign(
        version=version,
        party=version.agreement.parties.get(short_name=short_name),
        by=get_user(SIGNS_FOR[short_name]),
        password=kwargs.pop("password", DEMO_PASSWORD),
        **kwargs,
    )


def _annex(o: Objects, title: str) -> Annex:
    return new_annex(o.agreement, title)


@_once
def decided(o: Objects) -> AnnexVersion:
    """Version 2 of a fresh annex, decided and awaiting signatures; version 1 in force."""
    annex = _annex(o, "Trygghetsplan")
    in_force(o.agreement, annex, snapshot("Trygghetsplan 2024", ["Trygghetsvandringar"]))
    version = make_version(
        o.agreement,
        annex,
        State.DECIDED,
        snapshot("Trygghetsplan 2025", ["Trygghetsvandringar", "Ökad belysning"]),
        presented_hash="",
        decided_on=timezone.localdate(),
        decision_reference="Strategiskt råd, punkt 4",
    )
    # Presented and decided on the hash it has: an annex is signed on that hash only.
    AnnexVersion.objects.filter(pk=version.pk).update(presented_hash=version.content_hash)
    version.presented_hash = version.content_hash
    return version


@_once
def presented(o: Objects) -> AnnexVersion:
    """Version 1 of a fresh annex, on a council agenda."""
    version = make_version(
        o.agreement,
        _annex(o, "Handlingsplan mot klotter"),
        State.PRESENTED,
        snapshot("Handlingsplan mot klotter", ["Snabb sanering"]),
        presented_at=timezone.now(),
        presented_to="Strategiskt råd, punkt 2",
    )
    AnnexVersion.objects.filter(pk=version.pk).update(presented_hash=version.content_hash)
    return version


@_once
def draft(o: Objects) -> AnnexVersion:
    """Version 1 of a fresh annex, a draft."""
    return make_version(
        o.agreement,
        _annex(o, "Plan för fältarbete"),
        State.DRAFT,
        snapshot("Plan för fältarbete", ["Fältassistenter på kvällstid"]),
    )


def no_open_text_version(o: Objects) -> None:
    """Set aside a version of the agreement's text sent for signing, so a new one may be
    made (the demo's, say)."""
    o.agreement.document_versions.filter(annex=None, state=State.DECIDED).update(
        state=State.RETURNED, state_reason="Undanlagd för testet."
    )


@_once
def text_draft(o: Objects) -> AnnexVersion:
    """A draft of the agreement's own text, after a version in force."""
    no_open_text_version(o)
    versions = o.agreement.document_versions.filter(annex=None)
    existing = versions.filter(state=State.DRAFT).first()
    if existing is not None:
        return existing
    content = annexes.agreement_snapshot(o.agreement)
    if not versions.filter(state=State.IN_FORCE).exists():
        in_force(o.agreement, None, content)
    return make_version(o.agreement, None, State.DRAFT, content)


class KV:
    """URL kwargs builders."""

    @staticmethod
    def version(o: Objects) -> dict:
        return K.agreement(o) | {"version_pk": decided(o).pk}

    @staticmethod
    def presented(o: Objects) -> dict:
        return K.agreement(o) | {"version_pk": presented(o).pk}

    @staticmethod
    def draft(o: Objects) -> dict:
        return K.agreement(o) | {"version_pk": draft(o).pk}

    @staticmethod
    def text_draft(o: Objects) -> dict:
        return K.agreement(o) | {"version_pk": text_draft(o).pk}

    @staticmethod
    def annex(o: Objects) -> dict:
        return K.agreement(o) | {"annex_pk": decided(o).annex_id}

    @staticmethod
    def text(o: Objects) -> dict:
        text_draft(o)
        return K.agreement(o)


class DV:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def sign(o: Objects) -> dict:
        parties = o.agreement.parties.order_by("order", "pk")
        party = parties.filter(signatory_user__username=o.username).first() or parties.first()
        return {"party": party.pk, "password": DEMO_PASSWORD}

    @staticmethod
    def reason(o: Objects) -> dict:
        return {"reason": "Rådet vill se en kostnadsberäkning först."}

    @staticmethod
    def make(o: Objects) -> dict:
        no_open_text_version(o)
        return {}


# fmt: off
PAGES = [
    #    URL name                           kwargs         request             anon, samordnare,
    #                                                                              member, outsider
    Page("samverkan:version",               KV.version,    GET,                302, 200, 200, 404,
         queries=VERSION_QUERIES, label="annex version",
         scans=(Scan("annex version"), Scan("annex version as a signatory", user="lpo-chef"))),
    Page("samverkan:version",               KV.presented,  GET,                302, 200, 200, 404,
         variant="presented", queries=VERSION_QUERIES, label="annex version presented",
         scans=(Scan("annex version presented"),)),
    Page("samverkan:version",               KV.text_draft, GET,                302, 200, 200, 404,
         variant="agreement draft", queries=VERSION_QUERIES, label="agreement version draft",
         scans=(Scan("agreement version draft"),)),
    Page("samverkan:version_compare",       KV.version,    GET,                302, 200, 200, 404,
         queries=COMPARE_QUERIES, label="annex version compare",
         scans=(Scan("annex version compare"),)),
    Page("samverkan:version_compare",       KV.draft,      GET,                302, 200, 200, 404,
         variant="nothing in force", queries=COMPARE_QUERIES,
         label="annex version compare with nothing in force",
         scans=(Scan("annex version compare with nothing in force"),)),
    Page("samverkan:annex_history",         KV.annex,      GET,                302, 200, 200, 404,
         queries=HISTORY_QUERIES, label="annex history", scans=(Scan("annex history"),)),
    Page("samverkan:agreement_versions",    KV.text,       GET,                302, 200, 200, 404,
         queries=HISTORY_QUERIES, label="agreement versions",
         scans=(Scan("agreement versions"),)),
    Page("samverkan:version_sign",          KV.version,    GET,                302, 403, 403, 404,
         others=SIGN_GET,
         scans=(Scan("annex version sign form", user="lpo-chef"),
                Scan("annex version sign form with errors", user="lpo-chef", act=empty_form))),
    Page("samverkan:version_sign",          KV.version,    POST(DV.sign),      302, 403, 403, 404,
         others=SIGN_POST),
    Page("samverkan:version_send_back",     KV.presented,  GET,                302, 200, 403, 404,
         scans=(Scan("annex version send back form"),
                Scan("annex version send back form with errors", act=empty_form))),
    Page("samverkan:version_send_back",     KV.presented,  POST(DV.reason),    302, 302, 403, 404),
    Page("samverkan:version_reject",        KV.presented,  GET,                302, 200, 403, 404,
         scans=(Scan("annex version reject form"),)),
    Page("samverkan:version_reject",        KV.presented,  POST(DV.reason),    302, 302, 403, 404),
    Page("samverkan:version_discard",       KV.draft,      GET,                302, 405, 403, 404),
    Page("samverkan:version_discard",       KV.draft,      POST(),             302, 302, 403, 404),
    Page("samverkan:agreement_version_open", KV.text_draft, GET,               302, 405, 403, 404),
    Page("samverkan:agreement_version_open", KV.text_draft, POST(),            302, 302, 403, 404),
    Page("samverkan:agreement_version_make", K.agreement,  GET,                302, 405, 403, 404),
    Page("samverkan:agreement_version_make", K.agreement,  POST(DV.make),      302, 302, 403, 404),
]
# fmt: on
