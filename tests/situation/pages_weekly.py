"""The weekly follow-up's checklist and weekly reports (situation/views/weekly.py) in the one
registry (tests/pages.py).

Objects, built once per `Objects` (cached in its __dict__) with factories, so they exist
also after the agreement has ended and in any agreement:
  - `municipal_report`: the municipality's report of this week (the agreement's last
    week once it has ended), read by everyone who reads the situation picture and by
    everyone who reports for the municipality (ks-ordforande too, who reads nothing else
    of the situation picture);
  - `police_report`: the police's report, late; ks-ordforande does not see it (404).
Every demo user reports weekly for their own party, so the report form is open to all of
them; ks-ordforande, who holds no seat, has no part in the rest of the situation picture.
"""

from django.contrib.auth import get_user_model
from guardian.shortcuts import get_users_with_perms

from samverkan.services import version_of
from situation import weeks
from tests.browser.support import empty_form
from tests.factories import AgreementPartyFactory, PartyFactory, UserFactory
from tests.pages import GET, POST, K, Objects, Page, Scan
from tests.situation.factories import AreaFactory
from tests.situation.weekly_factories import WeeklyReportFactory, checklist_category

REPORT_PERM = "samverkan.report_weekly_for_party"
NO_PART = "ks-ordforande"

# Query bounds (today's count + 2), beside the rows that use them.
CHECKLIST_QUERIES = 16
FORM_QUERIES = 17
LIST_QUERIES = 21
DETAIL_QUERIES = 17


def _cached(o: Objects, key: str, make):
    if key not in o.__dict__:
        o.__dict__[key] = make()
    return o.__dict__[key]


def _party(o: Objects, kind: str):
    """The agreement's party of this kind (a new one if it has none)."""
    found = (
        o.agreement.parties.select_related("party")
        .filter(party__kind=kind)
        .order_by("order", "pk")
        .first()
    )
    return found or AgreementPartyFactory(agreement=o.agreement, party=PartyFactory(kind=kind))


def _reporter(party, preferred: str):
    """Who reports for the party: `preferred` if they do, else the first who does, else
    someone new (after the agreement's end nobody does)."""
    users = get_users_with_perms(
        party, only_with_perms_in=["report_weekly_for_party"], with_superusers=False
    )
    users = sorted(users, key=lambda u: (u.username != preferred, u.username))
    return users[0] if users else UserFactory()


def area(o: Objects):
    def make():
        found = o.agreement.areas.filter(active=True).order_by("order", "pk").first()
        return found or AreaFactory(agreement=o.agreement, name="Centrum")

    return _cached(o, "weekly_area", make)


def week(o: Objects):
    return weeks.current(o.agreement)


def municipal_report(o: Objects):
    def make():
        party = _party(o, "municipality")
        return WeeklyReportFactory(
            agreement=o.agreement,
            party=party,
            author=_reporter(party, "samordnare"),
            area=area(o),
            week=week(o),
            note="Lugnt överlag, men mer klotter vid busstationen.",
            observations={
                checklist_category(o.agreement).pk: (4, "Tre tunnlar och en busskur"),
                _scale_line(o).pk: 2,
            },
        )

    return _cached(o, "weekly_municipal_report", make)


def police_report(o: Objects):
    def make():
        party = _party(o, "police")
        return WeeklyReportFactory(
            agreement=o.agreement,
            party=party,
            author=_reporter(party, "kommunpolis"),
            area=area(o),
            week=week(o) - weeks.WEEK * 2,
            late=True,
            observations={checklist_category(o.agreement).pk: 1},
        )

    return _cached(o, "weekly_police_report", make)


def _scale_line(o: Objects):
    line = o.agreement.observation_categories.filter(measure="scale", active=True).first()
    return line or checklist_category(o.agreement)


def last_line(o: Objects):
    return o.agreement.observation_categories.order_by("-order", "-pk").first()


# --- URL kwargs -------------------------------------------------------------------------


def k_line(o: Objects) -> dict:
    return K.agreement(o) | {"category_pk": last_line(o).pk}


def k_list(o: Objects) -> dict:
    municipal_report(o)
    police_report(o)
    return K.agreement(o)


def k_municipal(o: Objects) -> dict:
    return K.agreement(o) | {"report_pk": municipal_report(o).pk}


def k_police(o: Objects) -> dict:
    return K.agreement(o) | {"report_pk": police_report(o).pk}


# --- POST data --------------------------------------------------------------------------


def add_line(o: Objects) -> dict:
    return {"name": "Nedskräpning vid återvinningen", "measure": "count"}


def edit_line(o: Objects) -> dict:
    line = last_line(o)
    return {
        "name": "Övrigt",
        "measure": line.measure,
        "order": line.order,
        "active": "on",
        "version": version_of(line),
    }


def report_data(o: Objects) -> dict:
    """A valid report of the acting user's party (the first they report for)."""
    user = get_user_model().objects.filter(username=o.username).first()
    parties = list(o.agreement.parties.order_by("order", "pk"))
    own = [p for p in parties if user is not None and user.has_perm(REPORT_PERM, p)]
    count, scale = checklist_category(o.agreement), _scale_line(o)
    return {
        "party": (own or parties)[0].pk,
        "area": area(o).pk,
        "week": weeks.label(week(o)),
        f"value_{count.pk}": "3",
        f"note_{count.pk}": "Två nya taggar vid skolan",
        f"value_{scale.pk}": "1",
        "note": "",
    }


# fmt: off
PAGES = [
    #    URL name                             kwargs       request           anon, samordnare,
    #                                                                        member, outsider
    Page("situation:checklist",               K.agreement, GET,              302, 200, 200, 404,
         others={NO_PART: 403}, queries=CHECKLIST_QUERIES, label="weekly checklist",
         scans=(Scan("weekly checklist"), Scan("weekly checklist, a member", "forvaltning"))),
    Page("situation:checklist",               K.agreement, POST(add_line),   302, 302, 403, 404),
    Page("situation:checklist_edit",          k_line,      GET,              302, 200, 403, 404,
         scans=(Scan("checklist line form"),
                Scan("checklist line form with errors", act=empty_form))),
    Page("situation:checklist_edit",          k_line,      POST(edit_line),  302, 302, 403, 404),
    # Every demo user reports weekly for their own party.
    # Once the agreement has ended, the signatory's only right here (reporting weekly) is
    # gone with it.
    Page("situation:weekly_report_create",    K.agreement, GET,              302, 200, 200, 404,
         queries=FORM_QUERIES, label="weekly report form", after_the_end={NO_PART: 403},
         scans=(Scan("weekly report form"),
                Scan("weekly report form with errors", act=empty_form),
                Scan("weekly report form, a signatory", NO_PART))),
    Page("situation:weekly_report_create",    K.agreement, POST(report_data), 302, 302, 302, 404),
    Page("situation:weekly_report_list",      k_list,      GET,              302, 200, 200, 404,
         queries=LIST_QUERIES, label="weekly reports", after_the_end={NO_PART: 403},
         scans=(Scan("weekly reports"), Scan("weekly reports of one party", NO_PART))),
    Page("situation:weekly_report_detail",    k_municipal, GET,              302, 200, 200, 404,
         queries=DETAIL_QUERIES, label="weekly report", after_the_end={NO_PART: 404},
         scans=(Scan("weekly report"),)),
    # Only its author (the coordinator, in Laholm) withdraws a report.
    Page("situation:weekly_report_withdraw",  k_municipal, GET,              302, 405, 403, 404,
         after_the_end={NO_PART: 404}),
    Page("situation:weekly_report_withdraw",  k_municipal, POST(),           302, 302, 403, 404,
         after_the_end={NO_PART: 404}),
    # Another party's report: ks-ordforande reports for the municipality only and does not
    # read the situation picture.
    Page("situation:weekly_report_detail",    k_police,    GET,              302, 200, 200, 404,
         variant="another party", others={NO_PART: 404}, queries=DETAIL_QUERIES,
         label="weekly report of another party", scans=(Scan("weekly report, late"),)),
]
# fmt: on
