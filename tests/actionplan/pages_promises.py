"""The medborgarlöften (actionplan/views/promises.py) in the one registry (tests/pages.py).

Every member reads them, the signatory without a seat (ks-ordforande) too; keeping them is
the coordinator's (manage_action_plan). The rows act on a published promise of their own,
made once per `Objects` (any agreement: the other agreement gets a police party to issue
it with its municipality), with two commitments, two dialogues, two priorities and a
published and a draft follow-up report; and on a draft promise ready to be published.
Everything is made directly, not through the services, so the rows read the same after
the agreement has ended.
"""

from datetime import timedelta

from django.utils import timezone

from actionplan.models import CitizenPromise, Dialogue, PromiseReport
from samverkan.models import Party
from samverkan.services import version_of
from tests.actionplan.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    DialogueFactory,
    PriorityFactory,
    PromiseReportFactory,
)
from tests.browser.support import empty_form
from tests.factories import AgreementPartyFactory, PartyFactory
from tests.pages import GET, POST, K, Objects, Page, Scan

# Query bounds (today's count + 2).
PROMISE_LIST_QUERIES = 14
PROMISE_QUERIES = 19
PROMISE_HISTORY_QUERIES = 19


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"promises_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


def _today():
    return timezone.localdate()


def _party(o: Objects, kind: str, short_name: str):
    existing = (
        o.agreement.parties.filter(party__kind=kind).select_related("party").order_by("order", "pk")
    )
    return existing.first() or AgreementPartyFactory(
        agreement=o.agreement, party=PartyFactory(kind=kind), short_name=short_name
    )


@_once
def municipality(o: Objects):
    return _party(o, Party.Kind.MUNICIPALITY, "Kommunen")


@_once
def police(o: Objects):
    return _party(o, Party.Kind.POLICE, "Polisen")


def _promise(o: Objects, **kwargs) -> CitizenPromise:
    start = o.agreement.valid_from
    promise = CitizenPromiseFactory(
        agreement=o.agreement,
        period_from=start,
        period_to=start.replace(year=start.year + 1, month=12, day=31),
        **kwargs,
    )
    promise.issuers.set([municipality(o), police(o)])
    return promise


@_once
def promise(o: Objects) -> CitizenPromise:
    """A published promise with what its page shows."""
    published = _promise(
        o,
        title="Medborgarlöfte för ett tryggare centrum",
        status=CitizenPromise.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=30),
    )
    CommitmentFactory(promise=published, responsible=municipality(o), title="Bättre belysning")
    CommitmentFactory(promise=published, responsible=police(o), title="Fler kvällspatruller")
    citizens = DialogueFactory(promise=published, kind=Dialogue.Kind.CITIZEN)
    DialogueFactory(
        promise=published,
        kind=Dialogue.Kind.STAFF,
        participants="Kommunpoliser och fältassistenter",
        summary="Personalen ser fler unga samlas vid resecentrum på kvällarna.",
    )
    PriorityFactory(promise=published, rank=1, title="Otrygghet vid resecentrum", dialogue=citizens)
    PriorityFactory(promise=published, rank=2, title="Mörka gångvägar")
    PromiseReportFactory(
        promise=published,
        status=PromiseReport.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=5),
        reported_on=_today() - timedelta(days=20),
    )
    PromiseReportFactory(promise=published, reported_on=_today() - timedelta(days=2))
    return published


@_once
def draft_promise(o: Objects) -> CitizenPromise:
    """A draft with a commitment and a dialogue: ready to be published."""
    draft = _promise(o, title="Medborgarlöfte, utkast")
    CommitmentFactory(promise=draft, responsible=municipality(o))
    DialogueFactory(promise=draft)
    return draft


def commitment(o: Objects):
    return promise(o).commitments.order_by("number", "pk").first()


def dialogue(o: Objects):
    return promise(o).dialogues.order_by("held_on", "pk").first()


def priority(o: Objects):
    return promise(o).priorities.order_by("rank", "pk").first()


def draft_report(o: Objects):
    return promise(o).reports.get(status=PromiseReport.Status.DRAFT)


class KP:
    """URL kwargs builders."""

    @staticmethod
    def promise(o: Objects) -> dict:
        return K.agreement(o) | {"promise_pk": promise(o).pk}

    @staticmethod
    def draft(o: Objects) -> dict:
        return K.agreement(o) | {"promise_pk": draft_promise(o).pk}

    @staticmethod
    def commitment(o: Objects) -> dict:
        return KP.promise(o) | {"commitment_pk": commitment(o).pk}

    @staticmethod
    def dialogue(o: Objects) -> dict:
        return KP.promise(o) | {"dialogue_pk": dialogue(o).pk}

    @staticmethod
    def priority(o: Objects) -> dict:
        return KP.promise(o) | {"priority_pk": priority(o).pk}

    @staticmethod
    def report(o: Objects) -> dict:
        return KP.promise(o) | {"report_pk": draft_report(o).pk}


class DP:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def new_promise(o: Objects) -> dict:
        start = o.agreement.valid_from
        return {
            "title": "Medborgarlöfte för kusten",
            "period_from": start.isoformat(),
            "period_to": start.replace(year=start.year + 1, month=12, day=31).isoformat(),
            "issuers": [municipality(o).pk, police(o).pk],
            "summary": "Vi gör stranden i Mellbystrand tryggare under sommaren.",
            "internal_notes": "",
        }

    @staticmethod
    def promise(o: Objects) -> dict:
        p = promise(o)
        return {
            "version": version_of(p),
            "title": p.title,
            "period_from": p.period_from.isoformat(),
            "period_to": p.period_to.isoformat(),
            "issuers": [municipality(o).pk, police(o).pk],
            "summary": "Vi gör centrum tryggare på kvällstid, särskilt vid resecentrum.",
            "internal_notes": p.internal_notes,
        }

    @staticmethod
    def new_commitment(o: Objects) -> dict:
        promise(o)  # the promise and its issuers
        return {
            "title": "Trygghetsvandringar",
            "responsible": municipality(o).pk,
            "activities": "En trygghetsvandring i månaden med boende.",
            "follow_up_method": "Antal vandringar och vad som åtgärdats efter dem.",
        }

    @staticmethod
    def commitment(o: Objects) -> dict:
        c = commitment(o)
        return {
            "version": version_of(c),
            "title": c.title,
            "responsible": c.responsible_id,
            "activities": "Belysningen vid gångtunneln byts ut.",
            "follow_up_method": c.follow_up_method,
        }

    @staticmethod
    def new_dialogue(o: Objects) -> dict:
        return {
            "kind": Dialogue.Kind.SURVEY,
            "held_on": (_today() - timedelta(days=40)).isoformat(),
            "participants": "812 svarande",
            "summary": "Otryggheten är störst i centrum efter mörkrets inbrott.",
        }

    @staticmethod
    def dialogue(o: Objects) -> dict:
        d = dialogue(o)
        return {
            "version": version_of(d),
            "kind": d.kind,
            "held_on": d.held_on.isoformat(),
            "participants": d.participants,
            "summary": "Boende upplever otrygghet vid resecentrum och i parken.",
        }

    @staticmethod
    def new_priority(o: Objects) -> dict:
        return {
            "rank": 3,
            "title": "Buskörning med moped",
            "description": "",
            "dialogue": dialogue(o).pk,
        }

    @staticmethod
    def priority(o: Objects) -> dict:
        p = priority(o)
        return {
            "version": version_of(p),
            "rank": p.rank,
            "title": p.title,
            "description": "Särskilt på fredagskvällar.",
            "dialogue": p.dialogue_id or "",
        }

    @staticmethod
    def new_report(o: Objects) -> dict:
        promise(o)
        return {
            "reported_on": _today().isoformat(),
            "text": "Fyra trygghetsvandringar har genomförts sedan förra uppföljningen.",
            "internal_notes": "",
        }

    @staticmethod
    def report(o: Objects) -> dict:
        r = draft_report(o)
        return {
            "version": version_of(r),
            "reported_on": r.reported_on.isoformat(),
            "text": "Belysningen är utbytt och patrullerna har ökat.",
            "internal_notes": r.internal_notes,
        }


# fmt: off
PAGES = [
    #    URL name                              kwargs         request                 anon,
    #                                                                 samordnare, member, outsider
    Page("actionplan:promise_list",            K.agreement,   GET,                    302, 200, 200,
         404, queries=PROMISE_LIST_QUERIES, label="promise list",
         scans=(Scan("promise list"), Scan("promise list as a member", user="kommunpolis"))),
    Page("actionplan:promise_create",          K.agreement,   GET,                    302, 200, 403,
         404, scans=(Scan("promise create form"),
                     Scan("promise form with errors", act=empty_form))),
    Page("actionplan:promise_create",          K.agreement,   POST(DP.new_promise),   302, 302, 403,
         404),
    Page("actionplan:promise_detail",          KP.promise,    GET,                    302, 200, 200,
         404, queries=PROMISE_QUERIES, label="promise",
         scans=(Scan("promise"), Scan("promise as a member", user="kommunpolis"))),
    Page("actionplan:promise_detail",          KP.draft,      GET,                    302, 200, 200,
         404, variant="draft", queries=PROMISE_QUERIES, label="draft promise",
         scans=(Scan("draft promise"),)),
    Page("actionplan:promise_edit",            KP.promise,    GET,                    302, 200, 403,
         404, scans=(Scan("promise edit form"),)),
    Page("actionplan:promise_edit",            KP.promise,    POST(DP.promise),       302, 302, 403,
         404),
    Page("actionplan:promise_publish",         KP.draft,      GET,                    302, 405, 403,
         404),
    Page("actionplan:promise_publish",         KP.draft,      POST(),                 302, 302, 403,
         404),
    Page("actionplan:promise_history",         KP.promise,    GET,                    302, 200, 200,
         404, queries=PROMISE_HISTORY_QUERIES, label="promise history",
         scans=(Scan("promise history"),)),
    Page("actionplan:commitment_create",       KP.promise,    GET,                    302, 200, 403,
         404, scans=(Scan("commitment form"),
                     Scan("commitment form with errors", act=empty_form))),
    Page("actionplan:commitment_create",       KP.promise,    POST(DP.new_commitment), 302, 302,
         403, 404),
    Page("actionplan:commitment_edit",         KP.commitment, GET,                    302, 200, 403,
         404, scans=(Scan("commitment edit form"),)),
    Page("actionplan:commitment_edit",         KP.commitment, POST(DP.commitment),    302, 302, 403,
         404),
    Page("actionplan:commitment_delete",       KP.commitment, GET,                    302, 405, 403,
         404),
    Page("actionplan:commitment_delete",       KP.commitment, POST(),                 302, 302, 403,
         404),
    Page("actionplan:dialogue_create",         KP.promise,    GET,                    302, 200, 403,
         404, scans=(Scan("dialogue form"), Scan("dialogue form with errors", act=empty_form))),
    Page("actionplan:dialogue_create",         KP.promise,    POST(DP.new_dialogue),  302, 302, 403,
         404),
    Page("actionplan:dialogue_edit",           KP.dialogue,   GET,                    302, 200, 403,
         404, scans=(Scan("dialogue edit form"),)),
    Page("actionplan:dialogue_edit",           KP.dialogue,   POST(DP.dialogue),      302, 302, 403,
         404),
    Page("actionplan:dialogue_delete",         KP.dialogue,   GET,                    302, 405, 403,
         404),
    Page("actionplan:dialogue_delete",         KP.dialogue,   POST(),                 302, 302, 403,
         404),
    Page("actionplan:priority_create",         KP.promise,    GET,                    302, 200, 403,
         404, scans=(Scan("priority form"),)),
    Page("actionplan:priority_create",         KP.promise,    POST(DP.new_priority),  302, 302, 403,
         404),
    Page("actionplan:priority_edit",           KP.priority,   GET,                    302, 200, 403,
         404, scans=(Scan("priority edit form"),)),
    Page("actionplan:priority_edit",           KP.priority,   POST(DP.priority),      302, 302, 403,
         404),
    Page("actionplan:priority_delete",         KP.priority,   GET,                    302, 405, 403,
         404),
    Page("actionplan:priority_delete",         KP.priority,   POST(),                 302, 302, 403,
         404),
    Page("actionplan:promise_report_create",   KP.promise,    GET,                    302, 200, 403,
         404, scans=(Scan("promise report form"),
                     Scan("promise report form with errors", act=empty_form))),
    Page("actionplan:promise_report_create",   KP.promise,    POST(DP.new_report),    302, 302, 403,
         404),
    Page("actionplan:promise_report_edit",     KP.report,     GET,                    302, 200, 403,
         404, scans=(Scan("promise report edit form"),)),
    Page("actionplan:promise_report_edit",     KP.report,     POST(DP.report),        302, 302, 403,
         404),
    Page("actionplan:promise_report_publish",  KP.report,     GET,                    302, 405, 403,
         404),
    Page("actionplan:promise_report_publish",  KP.report,     POST(),                 302, 302, 403,
         404),
]
# fmt: on
