"""The public page of a municipality's medborgarlöften (/medborgarloften/<slug>/): no login,
only what is published and meant for residents, cacheable, a constant number of queries.

The promises here are the test's own, under an address of their own ("testkommun"), so
the demo's promise (address "laholm", tests/actionplan/test_demo.py) stays out of them.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import CitizenPromise, Dialogue, PromiseReport
from tests.actionplan.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    DialogueFactory,
    PriorityFactory,
    PromiseReportFactory,
)
from tests.helpers import TODAY, at_ten
from tests.html_helpers import text_of

SLUG = "testkommun"
URL = reverse("actionplan:public", args=[SLUG])
PUBLISHED = CitizenPromise.Status.PUBLISHED

PUBLIC_SUMMARY = "Vi gör centrum tryggare på kvällstid."
PROMISE_NOTES = "Internt: polisens resurser är osäkra under sommaren."
REPORT_NOTES = "Internt: en vandring ställdes in på grund av sjukdom."
DIALOGUE_PARTICIPANTS = "Ett fyrtiotal boende i centrum"
DIALOGUE_SUMMARY = "Boende upplever otrygghet vid resecentrum på kvällstid."


def _issuers(laholm):
    return [laholm.parties.get(short_name="Kommunen"), laholm.parties.get(short_name="Polisen")]


def make_promise(laholm, *, title="Medborgarlöfte 2025", status=PUBLISHED, **fields):
    """A promise of Kommunen and Polisen under the test's address, with a commitment of
    each, a dialogue, a priority and a published report followed by a draft one."""
    kommunen, polisen = _issuers(laholm)
    promise = CitizenPromiseFactory(
        agreement=laholm, title=title, status=status, public_slug=SLUG, **fields
    )
    promise.issuers.set([kommunen, polisen])
    CommitmentFactory(
        promise=promise,
        responsible=kommunen,
        title="Fler vuxna vid resecentrum",
        activities="Fältgruppen finns på plats fredag och lördag kväll.",
        follow_up_method="Antal kvällar redovisas varje kvartal.",
    )
    CommitmentFactory(promise=promise, responsible=polisen, title="Synlig polis på Stortorget")
    dialogue = DialogueFactory(
        promise=promise, kind=Dialogue.Kind.CITIZEN, held_on=date(2024, 10, 7)
    )
    PriorityFactory(
        promise=promise,
        dialogue=dialogue,
        rank=1,
        title="Otrygghet vid resecentrum",
        description="Många undviker platsen när det är mörkt.",
    )
    PromiseReportFactory(
        promise=promise,
        reported_on=TODAY - timedelta(days=60),
        status=PromiseReport.Status.PUBLISHED,
        text="Fältgruppen var på plats 40 kvällar.",
    )
    PromiseReportFactory(
        promise=promise,
        reported_on=TODAY - timedelta(days=5),
        status=PromiseReport.Status.DRAFT,
        text="Utkast: vintern har varit lugn.",
    )
    return promise


def page_text(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return text_of(response.content.decode())


# --- what the page shows ---------------------------------------------------------------


def test_anyone_reads_a_published_promise_without_logging_in(client, laholm):
    make_promise(laholm)
    text = page_text(client)
    assert "Medborgarlöften i Laholms kommun" in text
    assert "Medborgarlöfte 2025" in text
    assert "Gäller 1 januari 2025 – 31 december 2026" in text
    assert "Ges av Laholms kommun och Polismyndigheten" in text
    assert PUBLIC_SUMMARY in text
    assert "Otrygghet vid resecentrum. Många undviker platsen när det är mörkt." in text
    assert (
        "Fler vuxna vid resecentrum Ansvarig Laholms kommun "
        "Det här gör vi Fältgruppen finns på plats fredag och lördag kväll. "
        "Så följer vi upp Antal kvällar redovisas varje kvartal."
    ) in text
    assert "Synlig polis på Stortorget Ansvarig Polismyndigheten" in text
    assert "Medborgardialog, 7 oktober 2024" in text


def test_the_page_shows_the_latest_published_follow_up_and_never_a_draft_report(client, laholm):
    promise = make_promise(laholm)
    PromiseReportFactory(
        promise=promise,
        reported_on=TODAY - timedelta(days=200),
        status=PromiseReport.Status.PUBLISHED,
        text="En äldre uppföljning.",
    )
    text = page_text(client)
    assert (
        "Så har det gått Uppföljning 11 januari 2025 Fältgruppen var på plats 40 kvällar." in text
    )
    assert "En äldre uppföljning." not in text
    assert "Utkast: vintern har varit lugn." not in text


def test_internal_notes_and_the_dialogues_participants_and_summaries_never_show(client, laholm):
    make_promise(laholm)
    html = client.get(URL).content.decode()
    for internal in (PROMISE_NOTES, REPORT_NOTES, DIALOGUE_PARTICIPANTS, DIALOGUE_SUMMARY):
        assert internal not in html
    assert "Intern" not in html


def test_a_draft_promise_never_shows(client, laholm):
    make_promise(laholm)
    make_promise(laholm, title="Medborgarlöfte under arbete", status=CitizenPromise.Status.DRAFT)
    text = page_text(client)
    assert "Medborgarlöfte 2025" in text
    assert "Medborgarlöfte under arbete" not in text


def test_a_municipality_with_only_a_draft_promise_has_no_page(client, laholm):
    make_promise(laholm, status=CitizenPromise.Status.DRAFT)
    assert client.get(URL).status_code == 404


def test_an_unknown_municipality_has_no_page(client, laholm):
    make_promise(laholm)
    assert client.get(reverse("actionplan:public", args=["okand-kommun"])).status_code == 404


def test_a_promise_of_another_municipality_does_not_show(client, laholm, other_agreement):
    make_promise(laholm)
    other = CitizenPromiseFactory(
        agreement=other_agreement, title="Annan kommuns löfte", status=PUBLISHED
    )
    text = page_text(client)
    assert "Annan kommuns löfte" not in text
    assert other.public_slug != SLUG


def test_an_ended_promise_gives_way_to_the_current_one(client, laholm):
    make_promise(laholm)
    make_promise(
        laholm,
        title="Medborgarlöfte 2023",
        period_from=date(2023, 1, 1),
        period_to=date(2024, 12, 31),
    )
    text = page_text(client)
    assert "Medborgarlöfte 2025" in text
    assert "Medborgarlöfte 2023" not in text
    assert "håller på att tas fram" not in text


def test_every_published_promise_whose_period_has_not_ended_shows(client, laholm):
    make_promise(laholm)
    make_promise(
        laholm,
        title="Medborgarlöfte 2027",
        period_from=date(2027, 1, 1),
        period_to=date(2028, 12, 31),
    )
    text = page_text(client)
    assert text.index("Medborgarlöfte 2025") < text.index("Medborgarlöfte 2027")


def test_when_every_promise_has_ended_the_latest_shows_with_a_note_that_a_new_one_is_coming(
    client, laholm, time_machine
):
    make_promise(
        laholm,
        title="Medborgarlöfte 2022",
        period_from=date(2022, 1, 1),
        period_to=date(2023, 12, 31),
    )
    make_promise(laholm)  # 2025–2026
    time_machine.move_to(at_ten(date(2027, 2, 1)))
    text = page_text(client)
    assert "Medborgarlöfte 2025" in text
    assert "Medborgarlöfte 2022" not in text
    assert (
        "Medborgarlöftet nedan gällde till och med 31 december 2026. "
        "Ett nytt medborgarlöfte håller på att tas fram."
    ) in text


def test_the_page_is_in_swedish_whatever_language_the_visitor_chose(client, laholm):
    make_promise(laholm)
    client.cookies["django_language"] = "en"
    response = client.get(URL)
    assert response["Content-Language"] == "sv"
    assert '<html lang="sv">' in response.content.decode()
    assert "Det här lovar vi" in text_of(response.content.decode())


def test_a_logged_in_member_sees_the_same_page_without_an_account_menu(client, laholm, user):
    make_promise(laholm)
    anonymous = client.get(URL).content
    client.force_login(user("samordnare"))
    response = client.get(URL)
    assert response.content == anonymous
    assert "Logga ut" not in response.content.decode()


# --- caching -------------------------------------------------------------------------


@pytest.mark.parametrize("username", [None, "samordnare"])
def test_the_page_is_cacheable_and_sets_no_cookie(client, laholm, user, username):
    make_promise(laholm)
    if username:
        client.force_login(user(username))
    response = client.get(URL)
    assert response["Cache-Control"] == "public, max-age=600"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_page_only_answers_reading(client, laholm):
    make_promise(laholm)
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


# --- queries -------------------------------------------------------------------------


def _count(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured.captured_queries)


def _grow(promise, laholm, n: int) -> None:
    kommunen, _polisen = _issuers(laholm)
    CommitmentFactory.create_batch(n, promise=promise, responsible=kommunen)
    PriorityFactory.create_batch(n, promise=promise)
    DialogueFactory.create_batch(n, promise=promise)
    PromiseReportFactory.create_batch(n, promise=promise, status=PromiseReport.Status.PUBLISHED)
    PromiseReportFactory.create_batch(n, promise=promise)


def test_the_page_runs_as_many_queries_with_500_commitments_priorities_and_reports_as_with_10(
    client, laholm
):
    promise = make_promise(laholm)
    _grow(promise, laholm, 10)
    client.get(URL)  # warm per-process caches
    few = _count(client)

    _grow(promise, laholm, 490)
    assert _count(client) == few
    html = client.get(URL).content.decode()
    assert html.count('<li class="card">') == 502
    assert few <= 7
