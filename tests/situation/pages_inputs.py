"""The situation picture's inputs pages in the one registry (tests/pages.py).

Objects, built once per `Objects` (cached in its __dict__) with factories, so they exist
also after the agreement has ended and in any agreement:
  - `submitted`: the municipality's submitted internal input with indicators and a CSV
    attachment; every member who reads the situation picture sees it, and whoever submits
    for the municipality (samordnare, forvaltning) may correct it;
  - `draft`: the police's draft (the kommunpolis's) with an attachment; nobody else sees it,
    not even the coordinator. So no page reads a draft that the coordinator is offered
    (the pages after the agreement's end open every read page as every actor).
Confidential input is kept from `forvaltning` in tests/situation/test_inputs_visibility.py;
a row for it here would open it as an actor who may not read it.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from guardian.shortcuts import get_users_with_perms

from samverkan.services import version_of
from situation.models import SituationInput
from tests.browser.support import empty_form
from tests.factories import AgreementPartyFactory, PartyFactory, UserFactory
from tests.helpers import TODAY
from tests.pages import GET, POST, Page, Scan
from tests.situation.factories import (
    AreaFactory,
    CategoryFactory,
    IndicatorFactory,
    SituationInputFactory,
    add_attachment,
    source_for,
)

SUBMITTERS = ("samordnare", "kommunpolis", "frivard", "forvaltning")
MUNICIPAL_SUBMITTERS = ("forvaltning",)  # besides the samordnare
# The signatory without a seat has no part in the situation picture: 403 on every page.
NO_PART = "ks-ordforande"

# Query bounds (today's count + 2), beside the rows that use them.
LIST_QUERIES = 23
DETAIL_QUERIES = 21
HISTORY_QUERIES = 21


def _cached(o, key: str, make):
    if key not in o.__dict__:
        o.__dict__[key] = make()
    return o.__dict__[key]


def _party(o, kind: str):
    """The agreement's party of this kind (a new one if it has none)."""
    found = (
        o.agreement.parties.select_related("party")
        .filter(party__kind=kind)
        .order_by("order", "pk")
        .first()
    )
    if found is None:
        found = AgreementPartyFactory(agreement=o.agreement, party=PartyFactory(kind=kind))
    return found


def _submitter(party, preferred: str):
    """Who submits input for the party: `preferred` if they do, else the first who does,
    else someone new (after the agreement's end nobody does)."""
    users = get_users_with_perms(
        party, only_with_perms_in=["submit_input_for_party"], with_superusers=False
    )
    users = sorted(users, key=lambda u: (u.username != preferred, u.username))
    return users[0] if users else UserFactory()


def area(o):
    return _cached(
        o, "inputs_area", lambda: AreaFactory(agreement=o.agreement, name="Mellbystrand")
    )


def category(o):
    return _cached(
        o,
        "inputs_category",
        lambda: CategoryFactory(agreement=o.agreement, name="Skadegörelse och klotter"),
    )


def _input(o, party, author, **fields) -> SituationInput:
    situation_input = SituationInputFactory(
        agreement=o.agreement,
        party=party,
        author=author,
        source=source_for(party),
        area=area(o),
        category=category(o),
        **fields,
    )
    IndicatorFactory(situation_input=situation_input, name="Anmäld skadegörelse", order=1)
    IndicatorFactory(
        situation_input=situation_input,
        name="Andel som känner sig trygga",
        value=71,
        unit="%",
        comparison_value=68,
        order=2,
    )
    add_attachment(situation_input)
    return situation_input


def submitted(o) -> SituationInput:
    def make():
        party = _party(o, "municipality")
        return _input(
            o,
            party,
            _submitter(party, "samordnare"),
            title="Skadegörelse vid badplatserna",
            source_detail="Tekniska förvaltningen",
        )

    return _cached(o, "inputs_submitted", make)


def draft(o) -> SituationInput:
    def make():
        party = _party(o, "police")
        return _input(
            o,
            party,
            _submitter(party, "kommunpolis"),
            title="Ungdomsgrupper vid stationen",
            status=SituationInput.Status.DRAFT,
        )

    return _cached(o, "inputs_draft", make)


# --- URL kwargs -------------------------------------------------------------------------


def k_agreement(o) -> dict:
    return {"agreement_pk": o.agreement.pk}


def k_submitted(o) -> dict:
    return k_agreement(o) | {"input_pk": submitted(o).pk}


def k_draft(o) -> dict:
    return k_agreement(o) | {"input_pk": draft(o).pk}


def k_attachment(o) -> dict:
    return k_submitted(o) | {"attachment_pk": submitted(o).attachments.get().pk}


def k_draft_attachment(o) -> dict:
    return k_draft(o) | {"attachment_pk": draft(o).attachments.get().pk}


# --- POST data --------------------------------------------------------------------------


def _indicator_rows(rows: list[dict], total: int = 3) -> dict:
    data = {
        "indikatorer-TOTAL_FORMS": str(max(total, len(rows))),
        "indikatorer-INITIAL_FORMS": "0",
        "indikatorer-MIN_NUM_FORMS": "0",
        "indikatorer-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data |= {f"indikatorer-{n}-{name}": value for name, value in row.items()}
    return data


def input_data(o, party=None) -> dict:
    """A valid input of the acting user's party (the first they submit for)."""
    if party is None:
        user = get_user_model().objects.filter(username=o.username).first()
        parties = list(o.agreement.parties.select_related("party").order_by("order", "pk"))
        own = [p for p in parties if user is not None and user.has_perm(SUBMIT_PERM, p)]
        party = (own or parties)[0]
    return {
        "party": party.pk,
        "title": "Ökad oro i Mellbystrand",
        "source": source_for(party),
        "source_detail": "",
        "area": area(o).pk,
        "category": category(o).pk,
        "period_from": (TODAY - timedelta(days=30)).isoformat(),
        "period_to": TODAY.isoformat(),
        "narrative": "Fler samtal om ungdomar som samlas vid stranden på kvällarna.",
        "sensitivity": "internal",
        "request": "",
    } | _indicator_rows([{"name": "Samtal till kommunen", "value": "12", "unit": "st"}])


def edit_data(o) -> dict:
    situation_input = draft(o)
    data = input_data(o, situation_input.party) | {"version": version_of(situation_input)}
    data["narrative"] = "Grupperna har blivit färre sedan fältassistenterna började."
    return data


SUBMIT_PERM = "samverkan.submit_input_for_party"

# fmt: off
PAGES = [
    #    URL name                      kwargs                 request           anon, samordnare,
    #                                                                           member, outsider
    Page("situation:input_list",        k_agreement,           GET,              302, 200, 200, 404,
         others={NO_PART: 403},
         scans=(Scan("situation input list"),), queries=LIST_QUERIES, label="situation inputs"),
    # The outsider coordinates the other agreement but sits in no operative group there.
    Page("situation:input_create",      k_agreement,           GET,              302, 200, 403, 404,
         others={u: 200 for u in SUBMITTERS}, at_home=403,
         scans=(Scan("situation input form"),
                Scan("situation input form with errors", act=empty_form))),
    Page("situation:input_create",      k_agreement,           POST(input_data), 302, 302, 403, 404,
         others={u: 302 for u in SUBMITTERS}, at_home=403),
    Page("situation:input_detail",      k_submitted,           GET,              302, 200, 200, 404,
         others={NO_PART: 403},
         scans=(Scan("situation input page"),), queries=DETAIL_QUERIES,
         label="situation input"),
    Page("situation:input_detail",      k_draft,               GET,              302, 404, 404, 404,
         variant="draft", others={"kommunpolis": 200, NO_PART: 403}, at_home=404,
         scans=(Scan("situation input draft page", user="kommunpolis"),)),
    Page("situation:input_edit",        k_draft,               GET,              302, 404, 404, 404,
         others={"kommunpolis": 200, NO_PART: 403}, at_home=404,
         scans=(Scan("situation input edit form", user="kommunpolis"),
                Scan("situation input edit with errors", user="kommunpolis", act=empty_form))),
    Page("situation:input_edit",        k_draft,               POST(edit_data),  302, 404, 404, 404,
         others={"kommunpolis": 302, NO_PART: 403}, at_home=404),
    Page("situation:input_submit",      k_draft,               GET,              302, 404, 404, 404,
         others={"kommunpolis": 405, NO_PART: 403}, at_home=404),
    Page("situation:input_submit",      k_draft,               POST(),           302, 404, 404, 404,
         others={"kommunpolis": 302, NO_PART: 403}, at_home=404),
    Page("situation:input_delete",      k_draft,               GET,              302, 404, 404, 404,
         others={"kommunpolis": 405, NO_PART: 403}, at_home=404),
    Page("situation:input_delete",      k_draft,               POST(),           302, 404, 404, 404,
         others={"kommunpolis": 302, NO_PART: 403}, at_home=404),
    # Whoever submits for the municipality corrects its input; the others who read it: 403.
    Page("situation:input_correct",     k_submitted,           GET,              302, 405, 403, 404,
         others={u: 405 for u in MUNICIPAL_SUBMITTERS}, at_home=403),
    Page("situation:input_correct",     k_submitted,           POST(),           302, 302, 403, 404,
         others={u: 302 for u in MUNICIPAL_SUBMITTERS}, at_home=403),
    Page("situation:input_history",     k_submitted,           GET,              302, 200, 200, 404,
         others={NO_PART: 403},
         scans=(Scan("situation input history"),), queries=HISTORY_QUERIES,
         label="situation input history"),
    # Not scanned: a file, not a web page.
    Page("situation:attachment",        k_attachment,          GET,              302, 200, 200, 404,
         others={NO_PART: 403}, queries=12, label="situation input attachment"),
    Page("situation:attachment_remove", k_draft_attachment,    GET,              302, 404, 404, 404,
         others={"kommunpolis": 405, NO_PART: 403}, at_home=404),
    Page("situation:attachment_remove", k_draft_attachment,    POST(),           302, 404, 404, 404,
         others={"kommunpolis": 302, NO_PART: 403}, at_home=404),
]
# fmt: on
