"""The medborgarlöften's pages: every member reads them, the coordinator keeps them; the
forms offer only what may be chosen and refuse a forged choice in Swedish."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import CitizenPromise, Commitment, Dialogue, PromiseReport
from samverkan.services import version_of
from tests.actionplan.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    DialogueFactory,
    MeasureFactory,
    PriorityFactory,
    PromiseReportFactory,
)
from tests.helpers import STALE, at_ten
from tests.html_helpers import text_of

INTERNAL = "Intern – visas inte på den öppna sidan"


@pytest.fixture
def parties(laholm):
    return {p.short_name: p for p in laholm.parties.select_related("party")}


def _promise(laholm, parties, **kwargs) -> CitizenPromise:
    promise = CitizenPromiseFactory(agreement=laholm, **kwargs)
    promise.issuers.set([parties["Kommunen"], parties["Polisen"]])
    return promise


@pytest.fixture
def draft(laholm, parties):
    return _promise(laholm, parties, title="Medborgarlöfte 2025–2026", public_slug="laholm")


@pytest.fixture
def published(laholm, parties):
    promise = _promise(
        laholm,
        parties,
        title="Medborgarlöfte för centrum",
        status=CitizenPromise.Status.PUBLISHED,
        public_slug="laholm",
        period_from=date(2024, 1, 1),
        period_to=date(2025, 12, 31),
    )
    CommitmentFactory(promise=promise, responsible=parties["Polisen"], title="Kvällspatruller")
    DialogueFactory(promise=promise, kind=Dialogue.Kind.STAFF, summary="Personalen ser unga.")
    return promise


def url(name, promise, *more):
    return reverse(f"actionplan:{name}", args=[promise.agreement_id, promise.pk, *more])


def page_text(response) -> str:
    """The text of the page's main content (the footer names every party)."""
    assert response.status_code == 200
    html = response.content.decode()
    return text_of(html[html.index("<main") : html.index("</main>")])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def promise_post(promise_or_none, parties, **changes) -> dict:
    data = {
        "title": "Medborgarlöfte 2025–2026",
        "period_from": "2025-01-01",
        "period_to": "2026-12-31",
        "issuers": [parties["Kommunen"].pk, parties["Polisen"].pk],
        "summary": "Vi gör resecentrum tryggare.",
        "internal_notes": "",
    }
    if promise_or_none is not None:
        data["version"] = version_of(promise_or_none)
    return data | changes


# --- reading ----------------------------------------------------------------------------


def test_the_list_shows_every_promise_newest_first_with_its_renewal(
    client_as, laholm, draft, published
):
    page = page_text(
        client_as("kommunpolis").get(reverse("actionplan:promise_list", args=[laholm.pk]))
    )
    assert page.index("Medborgarlöfte 2025–2026") < page.index("Medborgarlöfte för centrum")
    # The published promise ends in 2025: renewed by 31 December 2025, "soon" from September.
    assert "I tid senast 2025-12-31" in page
    assert "Inte publicerat" in page
    assert "Nytt medborgarlöfte" not in page


def test_the_renewal_is_soon_from_september_and_late_after_new_year(
    client_as, laholm, published, time_machine
):
    list_url = reverse("actionplan:promise_list", args=[laholm.pk])
    time_machine.move_to(at_ten(date(2025, 9, 1)))
    assert "Snart senast 2025-12-31" in page_text(client_as("samordnare").get(list_url))
    time_machine.move_to(at_ten(date(2026, 1, 1)))
    assert "Försenad senast 2025-12-31" in page_text(client_as("samordnare").get(list_url))


def test_a_later_published_promise_renews_the_earlier(client_as, laholm, parties, published):
    _promise(
        laholm,
        parties,
        title="Medborgarlöfte 2026–2027",
        status=CitizenPromise.Status.PUBLISHED,
        period_from=date(2026, 1, 1),
        period_to=date(2027, 12, 31),
    )
    page = page_text(client_as("samordnare").get(url("promise_detail", published)))
    assert "Förnyelse: I tid. Ett senare medborgarlöfte är publicerat." in page


def test_the_promise_page_shows_everything_with_the_internal_notes_marked(
    client_as, published, parties
):
    dialogue = published.dialogues.get()
    PriorityFactory(promise=published, rank=2, title="Mörka gångvägar")
    PriorityFactory(promise=published, rank=1, title="Resecentrum på kvällen", dialogue=dialogue)
    PromiseReportFactory(
        promise=published,
        status=PromiseReport.Status.PUBLISHED,
        text="Patrullerna har ökat.",
        internal_notes="Internt om bemanningen.",
    )
    measure = MeasureFactory(plan__agreement=published.agreement, title="Fältarbete i centrum")
    measure.commitment = published.commitments.get()
    measure.save()
    html = client_as("frivard").get(url("promise_detail", published)).content.decode()
    page = text_of(html)
    assert "Kommunen (Laholms kommun), Polisen" in page
    assert page.count(INTERNAL) == 2  # the promise's notes and the report's
    assert "Internt: polisens resurser är osäkra under sommaren." in page
    assert page.index("Resecentrum på kvällen") < page.index("Mörka gångvägar")
    assert "Medarbetardialog" in page
    assert "Kvällspatruller" in page and "Fältarbete i centrum" in page
    assert "Den öppna sidan http://testserver/medborgarloften/laholm/" in page
    # A member is offered nothing to change.
    assert url("promise_edit", published) not in html
    assert url("commitment_create", published) not in html
    assert 'method="post"' not in html[html.index("<main") : html.index("</main>")]


def test_a_draft_has_no_public_address_and_the_coordinator_may_publish_it(client_as, draft):
    page = page_text(client_as("samordnare").get(url("promise_detail", draft)))
    assert "Den öppna sidan" not in page
    assert "Utkast, visas inte på den öppna sidan" in page
    assert "Publicera" in page and "Lägg till åtagande" in page


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis"])
def test_the_promise_page_runs_as_many_queries_with_10_as_with_500_of_each_part(
    client_as, published, parties, username, django_assert_num_queries
):
    def grow(count):
        dialogue = published.dialogues.first()
        for _ in range(count):
            CommitmentFactory(promise=published, responsible=parties["Kommunen"])
            DialogueFactory(promise=published)
            PriorityFactory(promise=published, dialogue=dialogue)
            PromiseReportFactory(promise=published)

    client = client_as(username)
    page_url = url("promise_detail", published)
    grow(10)
    client.get(page_url)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(page_url).status_code == 200
    Commitment.objects.bulk_create(
        Commitment(
            promise=published,
            number=100 + n,
            title=f"Åtagande {n}",
            responsible=parties["Polisen"],
            activities="A",
            follow_up_method="B",
        )
        for n in range(490)
    )
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(promise=published, kind="citizen", held_on=date(2024, 5, 1), summary="S")
        for _ in range(490)
    )
    for dialogue in dialogues[:100]:
        PriorityFactory(promise=published, dialogue=dialogue)
    PromiseReport.objects.bulk_create(
        PromiseReport(promise=published, reported_on=date(2025, 1, 1), text="T") for _ in range(490)
    )
    with django_assert_num_queries(len(ten.captured_queries)):
        html = client.get(page_url).content.decode()
    assert html.count('class="card"') > 1000


def test_the_history_reads_the_promise_and_its_parts(client_as, user, published, parties):
    from actionplan.services import promises as services

    coordinator = user("samordnare")
    services.promise_update(promise=published, by=coordinator, data={"summary": "Ny text."})
    services.priority_add(
        promise=published, by=coordinator, data={"rank": 1, "title": "Mopedbuskörning"}
    )
    page = page_text(client_as("kommunpolis").get(url("promise_history", published)))
    assert "Till invånarna: Vi gör centrum tryggare på kvällstid. → Ny text." in page
    assert "Prioriterad otrygghet: Mopedbuskörning" in page


# --- keeping them -----------------------------------------------------------------------


def test_a_new_promise_opens_on_its_page(client_as, laholm, parties):
    response = client_as("samordnare").post(
        reverse("actionplan:promise_create", args=[laholm.pk]), promise_post(None, parties)
    )
    promise = laholm.citizen_promises.get(title="Medborgarlöfte 2025–2026")
    assert response.status_code == 302
    assert response["Location"] == url("promise_detail", promise)
    assert set(promise.issuers.values_list("short_name", flat=True)) == {"Kommunen", "Polisen"}


def test_the_form_offers_only_the_municipality_and_the_police_as_issuers(client_as, laholm):
    page = page_text(
        client_as("samordnare").get(reverse("actionplan:promise_create", args=[laholm.pk]))
    )
    assert "Kommunen (Laholms kommun)" in page
    assert "Polisen (Polismyndigheten)" in page
    assert "Kriminalvården" not in page


def test_the_form_refuses_kriminalvarden_as_issuer(client_as, laholm, parties):
    before = CitizenPromise.objects.count()
    issuers = [parties["Kommunen"].pk, parties["Polisen"].pk, parties["Kriminalvården"].pk]
    response = client_as("samordnare").post(
        reverse("actionplan:promise_create", args=[laholm.pk]),
        promise_post(None, parties, issuers=issuers),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["issuers"] == [
        "Medborgarlöften skrivs mellan kommun och polis: välj bland kommunen och polisen."
    ]
    assert CitizenPromise.objects.count() == before


def test_the_form_needs_both_issuers(client_as, laholm, parties):
    response = client_as("samordnare").post(
        reverse("actionplan:promise_create", args=[laholm.pk]),
        promise_post(None, parties, issuers=[parties["Kommunen"].pk]),
    )
    assert response.context["form"].errors["issuers"] == [
        "Medborgarlöftet utfärdas av kommunen och polisen tillsammans: välj båda."
    ]


def test_a_stale_edit_is_refused_with_what_was_typed_kept(client_as, user, draft, parties):
    from actionplan.services import promises as services

    data = promise_post(draft, parties, title="Mitt nya namn")
    services.promise_update(promise=draft, by=user("samordnare"), data={"title": "Någon annans"})
    response = client_as("samordnare").post(url("promise_edit", draft), data)
    assert response.status_code == 200
    assert STALE in response.context["form"].non_field_errors()
    assert 'value="Mitt nya namn"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Någon annans"


def test_the_commitment_form_offers_the_issuers_and_refuses_kriminalvarden(
    client_as, draft, parties
):
    client = client_as("samordnare")
    page = page_text(client.get(url("commitment_create", draft)))
    assert "Kommunen" in page and "Polisen" in page and "Kriminalvården" not in page
    response = client.post(
        url("commitment_create", draft),
        {
            "title": "Återfallsprevention",
            "responsible": parties["Kriminalvården"].pk,
            "activities": "Samtal.",
            "follow_up_method": "Antal samtal.",
        },
    )
    assert response.context["form"].errors["responsible"] == [
        "Ett åtagande ska ha kommunen eller polisen som ansvarig part, en av dem som utfärdar "
        "medborgarlöftet."
    ]
    assert not draft.commitments.exists()


def test_a_priority_cannot_name_another_promises_dialogue(client_as, laholm, draft):
    elsewhere = DialogueFactory(promise__agreement=laholm)
    response = client_as("samordnare").post(
        url("priority_create", draft), {"rank": 1, "title": "Otrygghet", "dialogue": elsewhere.pk}
    )
    assert response.context["form"].errors["dialogue"] == [
        "Välj en av det här medborgarlöftets dialoger."
    ]


def test_publishing_without_commitment_and_dialogue_says_what_is_missing(client_as, draft):
    response = client_as("samordnare").post(url("promise_publish", draft))
    assert response.status_code == 302
    assert messages_of(response) == [
        "Medborgarlöftet kan inte publiceras än. Det saknas: minst ett åtagande och minst en "
        "dialog som löftet bygger på."
    ]
    draft.refresh_from_db()
    assert not draft.is_published


def test_publishing_a_ready_promise_shows_it_publicly(client_as, draft, parties):
    CommitmentFactory(promise=draft, responsible=parties["Kommunen"])
    DialogueFactory(promise=draft)
    response = client_as("samordnare").post(url("promise_publish", draft))
    assert messages_of(response) == ["Medborgarlöftet är publicerat och visas på den öppna sidan."]
    draft.refresh_from_db()
    assert draft.is_published


def test_a_report_is_written_as_a_draft_and_published(client_as, published):
    client = client_as("samordnare")
    response = client.post(
        url("promise_report_create", published),
        {"reported_on": "2025-03-01", "text": "Patrullerna har ökat.", "internal_notes": "Intern."},
    )
    assert response.status_code == 302
    report = published.reports.get()
    assert report.status == PromiseReport.Status.DRAFT
    client.post(url("promise_report_publish", published, report.pk))
    report.refresh_from_db()
    assert report.status == PromiseReport.Status.PUBLISHED


# --- denials ----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["kommunpolis", "frivard", "ks-ordforande"])
def test_a_member_reads_but_may_not_change(client_as, published, username):
    client = client_as(username)
    commitment = published.commitments.get()
    assert client.get(url("promise_detail", published)).status_code == 200
    assert client.get(url("promise_edit", published)).status_code == 403
    assert client.post(url("promise_publish", published)).status_code == 403
    assert client.post(url("commitment_delete", published, commitment.pk)).status_code == 403
    assert published.commitments.exists()


def test_the_outsider_finds_nothing(client_as, published):
    client = client_as("annan-kommun")
    assert client.get(url("promise_detail", published)).status_code == 404
    assert client.get(url("promise_history", published)).status_code == 404
    assert client.get(url("promise_edit", published)).status_code == 404


def test_another_agreements_promise_or_commitment_is_404_even_for_a_coordinator(
    client_as, laholm, other_agreement, published
):
    foreign = CitizenPromiseFactory(agreement=other_agreement)
    foreign_commitment = CommitmentFactory(
        promise=foreign, responsible=other_agreement.parties.get()
    )
    client = client_as("samordnare")
    inside = reverse("actionplan:promise_detail", args=[laholm.pk, foreign.pk])
    assert client.get(inside).status_code == 404
    edit = url("commitment_edit", published, foreign_commitment.pk)
    assert client.get(edit).status_code == 404


def test_after_the_end_the_coordinator_is_refused(client_as, laholm, draft, parties, time_machine):
    CommitmentFactory(promise=draft, responsible=parties["Kommunen"])
    DialogueFactory(promise=draft)
    time_machine.move_to(at_ten(laholm.valid_to + timedelta(days=1)))
    response = client_as("samordnare").post(url("promise_publish", draft))
    # The rights are recomputed at night (manage.py syncroles); until then the request's
    # rights are read-only (samverkan/access.py), and behind them the service says no.
    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_forms_labels_start_with_a_capital_letter(client_as, draft):
    client = client_as("samordnare")
    pages = {
        reverse("actionplan:promise_create", args=[draft.agreement_id]): ["Utfärdas av"],
        url("commitment_create", draft): ["Ansvarig part"],
        url("dialogue_create", draft): ["Typ av dialog"],
        url("priority_create", draft): ["Prioritet", "Från dialogen"],
    }
    for address, labels in pages.items():
        html = client.get(address).content.decode()
        for label in labels:
            assert f">{label}" in html, (address, label)
            assert f">{label[0].lower()}{label[1:]}" not in html, (address, label)
