"""The pages of situation input: who sees which input (a draft its party only, confidential
input not the operative-only member), the form with its indicators and attachments, the
attachment download, corrections, history, filters, and a constant number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override
from guardian.shortcuts import assign_perm

from samverkan.services import version_of
from situation.models import Attachment, Indicator, SituationInput
from situation.services.inputs import input_submit
from tests.helpers import STALE, TODAY
from tests.situation.factories import (
    AreaFactory,
    CategoryFactory,
    IndicatorFactory,
    InputRequestFactory,
    SituationInputFactory,
    add_attachment,
)
from tests.situation.test_inputs_services import (
    EXECUTABLE,
    PERSONNUMMER,
    csv_bytes,
    docx_bytes,
    rows,
    stored_files,
)

DRAFT = SituationInput.Status.DRAFT
CONFIDENTIAL = SituationInput.Sensitivity.CONFIDENTIAL


@pytest.fixture(autouse=True)
def _swedish():
    with override("sv"):
        yield


def url(name: str, situation_input, **more) -> str:
    return reverse(
        f"situation:{name}",
        kwargs={"agreement_pk": situation_input.agreement_id, "input_pk": situation_input.pk}
        | more,
    )


def list_url(agreement) -> str:
    return reverse("situation:input_list", args=[agreement.pk])


def create_url(agreement) -> str:
    return reverse("situation:input_create", args=[agreement.pk])


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Mellbystrand")


@pytest.fixture
def category(laholm):
    return CategoryFactory(agreement=laholm, name="Skadegörelse och klotter")


@pytest.fixture
def make(laholm, user, area, category):
    """An input of the party `short_name` by `author`, submitted unless status says so."""

    def build(short_name="Polisen", author="kommunpolis", **fields):
        party = laholm.parties.select_related("party").get(short_name=short_name)
        fields = {"area": area, "category": category} | fields
        return SituationInputFactory(agreement=laholm, party=party, author=user(author), **fields)

    return build


# --- a police draft is the police's until submitted -------------------------------------


def test_a_police_draft_is_hidden_from_kriminalvarden_and_the_coordinator_until_submitted(
    client_as, make, laholm, user
):
    draft = make(status=DRAFT, title="Utkast om langning vid skolan")
    for username in ("frivard", "samordnare"):
        client = client_as(username)
        assert client.get(url("input_detail", draft)).status_code == 404
        assert client.get(url("input_history", draft)).status_code == 404
        assert "langning" not in client.get(list_url(laholm)).content.decode()
    police = client_as("kommunpolis")
    assert police.get(url("input_detail", draft)).status_code == 200
    assert "Utkast om langning vid skolan" in police.get(list_url(laholm)).content.decode()

    input_submit(situation_input=draft, by=user("kommunpolis"))
    for username in ("frivard", "samordnare"):
        client = client_as(username)
        assert client.get(url("input_detail", draft)).status_code == 200
        assert "Utkast om langning vid skolan" in client.get(list_url(laholm)).content.decode()


def test_a_page_that_does_not_exist_for_the_user_shows_nothing_of_the_agreement(
    client_as, make, laholm
):
    draft = make(status=DRAFT)
    response = client_as("frivard").get(url("input_detail", draft))
    assert response.status_code == 404
    assert laholm.title not in response.content.decode()


# --- confidential input is the council's and the coordinator's ---------------------------


def test_confidential_input_is_hidden_from_an_operative_only_member_everywhere(
    client_as, make, laholm
):
    secret = make(sensitivity=CONFIDENTIAL, title="Hot mot anställda vid stationen")
    attachment = add_attachment(secret)
    pages = [
        url("input_detail", secret),
        url("input_history", secret),
        url("attachment", secret, attachment_pk=attachment.pk),
    ]
    member = client_as("forvaltning")  # operative group only
    assert [member.get(page).status_code for page in pages] == [404, 404, 404]
    listing = member.get(list_url(laholm)).content.decode()
    assert "Hot mot anställda" not in listing
    assert (
        "Hot mot anställda"
        not in member.get(list_url(laholm) + "?sensitivity=confidential").content.decode()
    )

    council = client_as("sakerhetschef")
    assert [council.get(page).status_code for page in pages] == [200, 200, 200]
    listing = council.get(list_url(laholm)).content.decode()
    assert "Hot mot anställda" in listing and "Konfidentiell" in listing


def test_an_attachment_url_is_404_for_whoever_may_not_see_the_input(
    client_as, make, other_agreement
):
    draft = make(status=DRAFT)
    attachment = add_attachment(draft)
    address = url("attachment", draft, attachment_pk=attachment.pk)
    assert client_as("frivard").get(address).status_code == 404
    assert client_as("annan-kommun").get(address).status_code == 404
    assert client_as("kommunpolis").get(address).status_code == 200


def test_an_attachment_is_found_only_under_its_own_input(client_as, make):
    first, second = make(), make()
    attachment = add_attachment(first)
    client = client_as("sakerhetschef")
    assert client.get(url("attachment", second, attachment_pk=attachment.pk)).status_code == 404


def test_an_attachment_downloads_as_a_file_with_the_type_it_was_recognised_as(client_as, make):
    situation_input = make()
    content = csv_bytes("Stationen;Klotter;3")
    attachment = add_attachment(situation_input, "klotter i centrum.csv", content)
    response = client_as("lpo-chef").get(
        url("attachment", situation_input, attachment_pk=attachment.pk)
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "klotter" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


# --- who acts ---------------------------------------------------------------------------


def test_a_reader_who_does_not_submit_for_the_party_is_refused_with_403(client_as, make):
    submitted = make()
    client = client_as("sakerhetschef")
    assert client.get(url("input_detail", submitted)).status_code == 200
    assert client.post(url("input_correct", submitted)).status_code == 403
    assert client_as("frivard").post(url("input_correct", submitted)).status_code == 403


def test_the_detail_page_offers_the_party_its_actions_and_others_none(client_as, make):
    draft = make(status=DRAFT)
    page = client_as("kommunpolis").get(url("input_detail", draft)).content.decode()
    for action in ("input_edit", "input_submit", "input_delete"):
        assert f'"{url(action, draft)}"' in page
    submitted = make()
    page = client_as("kommunpolis").get(url("input_detail", submitted)).content.decode()
    assert f'"{url("input_correct", submitted)}"' in page
    page = client_as("sakerhetschef").get(url("input_detail", submitted)).content.decode()
    assert f'"{url("input_correct", submitted)}"' not in page
    assert f'"{url("input_history", submitted)}"' in page


def test_the_list_offers_to_submit_input_only_to_those_who_submit(client_as, laholm):
    link = f'href="{create_url(laholm)}"'
    assert link in client_as("frivard").get(list_url(laholm)).content.decode()
    assert link not in client_as("sakerhetschef").get(list_url(laholm)).content.decode()
    assert client_as("sakerhetschef").get(create_url(laholm)).status_code == 403


# --- the form ---------------------------------------------------------------------------


def form_data(area, category, **changes) -> dict:
    data = {
        "title": "Ökad oro i Mellbystrand",
        "source": "police",
        "source_detail": "",
        "area": area.pk,
        "category": category.pk,
        "period_from": "2025-02-01",
        "period_to": "2025-02-28",
        "narrative": "Fler samtal om ungdomar som samlas vid stranden.",
        "sensitivity": "internal",
        "request": "",
        "indikatorer-TOTAL_FORMS": "3",
        "indikatorer-INITIAL_FORMS": "0",
        "indikatorer-MIN_NUM_FORMS": "0",
        "indikatorer-MAX_NUM_FORMS": "1000",
        "indikatorer-0-name": "Anmäld skadegörelse",
        "indikatorer-0-value": "14",
        "indikatorer-0-unit": "st",
        "indikatorer-0-comparison_value": "9",
        "indikatorer-0-comparison_period": "2024",
        # Row 2 is left blank and ignored.
        "indikatorer-2-name": "Trygghetsindex",
        "indikatorer-2-value": "2.5",
    }
    return data | changes


def test_the_form_starts_with_three_empty_indicator_rows_and_no_party_to_choose(client_as, laholm):
    page = client_as("kommunpolis").get(create_url(laholm)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert page.count('name="indikatorer-') >= 3 * 5
    assert 'name="indikatorer-2-name"' in page and 'name="indikatorer-3-name"' not in page
    assert 'name="party"' not in page
    assert 'type="file"' in page and "multiple" in page


def test_someone_who_submits_for_several_parties_chooses_one(client_as, laholm, user):
    assign_perm(
        "samverkan.submit_input_for_party",
        user("kommunpolis"),
        laholm.parties.get(short_name="Kriminalvården"),
    )
    page = client_as("kommunpolis").get(create_url(laholm)).content.decode()
    assert 'name="party"' in page


def test_a_request_in_the_address_is_preselected(client_as, laholm):
    request = InputRequestFactory(agreement=laholm, title="Inför mötet i april")
    page = client_as("kommunpolis").get(create_url(laholm) + f"?request={request.pk}")
    form = page.context["form"]
    assert form["request"].value() == request.pk


def test_input_is_written_in_one_form_with_indicators_and_files(
    client_as, laholm, area, category, private_files
):
    files = [
        SimpleUploadedFile("klotter.csv", csv_bytes("Stationen;Klotter;3")),
        SimpleUploadedFile("karta.docx", docx_bytes("Karta över stranden")),
    ]
    response = client_as("kommunpolis").post(
        create_url(laholm), form_data(area, category) | {"files": files}
    )
    assert response.status_code == 302
    situation_input = SituationInput.objects.get(title="Ökad oro i Mellbystrand")
    assert response["Location"] == url("input_detail", situation_input)
    assert situation_input.status == DRAFT and situation_input.party.short_name == "Polisen"
    assert list(situation_input.indicators.values_list("name", "value")) == [
        ("Anmäld skadegörelse", Decimal("14.00")),
        ("Trygghetsindex", Decimal("2.50")),
    ]
    assert sorted(situation_input.attachments.values_list("original_name", flat=True)) == [
        "karta.docx",
        "klotter.csv",
    ]


def test_a_personnummer_in_the_form_is_refused_on_its_field_keeping_what_was_typed(
    client_as, laholm, area, category
):
    before = rows()
    data = form_data(area, category, narrative=f"Anmälare {PERSONNUMMER} hörd.")
    response = client_as("kommunpolis").post(create_url(laholm), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["narrative"]
    assert "rad 1" in form.errors["narrative"][0]
    page = response.content.decode()
    assert 'value="Ökad oro i Mellbystrand"' in page
    assert 'value="Anmäld skadegörelse"' in page and 'value="Trygghetsindex"' in page
    assert rows() == before


def test_a_period_ending_before_it_starts_is_one_error_on_its_end(
    client_as, laholm, area, category
):
    data = form_data(area, category, period_from="2025-03-01", period_to="2025-02-01")
    response = client_as("kommunpolis").post(create_url(laholm), data)
    assert response.context["form"].errors == {
        "period_to": ["Perioden kan inte sluta före den börjar."]
    }


def test_a_refused_file_keeps_the_typed_fields_and_stores_nothing(
    client_as, laholm, area, category, private_files
):
    before, stored = rows(), stored_files(private_files)
    data = form_data(area, category) | {
        "files": [
            SimpleUploadedFile("ok.csv", csv_bytes("Torget;Samling;12")),
            SimpleUploadedFile("rapport.pdf", EXECUTABLE),
        ]
    }
    response = client_as("kommunpolis").post(create_url(laholm), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert errors == [
        "Filen ”rapport.pdf” är inte en tillåten filtyp – enligt innehållet är den ett "
        "Windows-program. Tillåtna filtyper är PDF, Word (.docx), Excel (.xlsx), CSV, PNG och "
        "JPEG."
    ]
    assert 'value="Ökad oro i Mellbystrand"' in response.content.decode()
    assert rows() == before and stored_files(private_files) == stored


def test_an_indicator_row_without_a_value_is_shown_again_with_its_error(
    client_as, laholm, area, category
):
    data = form_data(area, category) | {"indikatorer-1-name": "Antal samtal"}
    response = client_as("kommunpolis").post(create_url(laholm), data)
    assert response.status_code == 200
    row = response.context["form"].indicators.forms[1]
    assert row.errors == {"value": ["Ange indikatorns värde."]}
    page = response.content.decode()
    assert 'value="Antal samtal"' in page
    assert "Indikator 2, Värde: Ange indikatorns värde." in page


def test_a_stale_edit_is_refused_keeping_what_was_typed(client_as, make, area, category, user):
    draft = make(status=DRAFT)
    IndicatorFactory(situation_input=draft, name="Anmäld skadegörelse", order=1)
    opened_at = version_of(draft)
    client = client_as("kommunpolis")
    first = form_data(area, category, version=opened_at, title="Första ändringen")
    assert client.post(url("input_edit", draft), first).status_code == 302
    second = form_data(area, category, version=opened_at, title="Andra ändringen")
    response = client.post(url("input_edit", draft), second)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [STALE]
    assert 'value="Andra ändringen"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Första ändringen"


def test_the_edit_form_shows_the_drafts_indicators_and_three_more_rows(client_as, make):
    draft = make(status=DRAFT)
    IndicatorFactory(situation_input=draft, name="Anmäld skadegörelse", order=1)
    page = client_as("kommunpolis").get(url("input_edit", draft)).content.decode()
    assert 'value="Anmäld skadegörelse"' in page
    assert 'name="indikatorer-3-name"' in page and 'name="indikatorer-4-name"' not in page


def test_submitted_input_has_no_edit_form(client_as, make):
    submitted = make()
    response = client_as("kommunpolis").get(url("input_edit", submitted))
    assert response.status_code == 302 and response["Location"] == url("input_detail", submitted)


# --- submitting, correcting, deleting through the pages ---------------------------------


def test_a_correction_keeps_both_revisions_and_links_them(client_as, make, user):
    first = make(title="Klotter vid stationen")
    client = client_as("kommunpolis")
    response = client.post(url("input_correct", first))
    correction = SituationInput.objects.get(supersedes=first)
    assert response["Location"] == url("input_edit", correction)
    assert client.post(url("input_submit", correction)).status_code == 302

    page = client_as("frivard").get(url("input_detail", correction)).content.decode()
    assert "Revision 2, rättar" in page and f'href="{url("input_detail", first)}"' in page
    page = client_as("frivard").get(url("input_detail", first)).content.decode()
    assert "Ersatt av" in page and f'href="{url("input_detail", correction)}"' in page
    first.refresh_from_db()
    assert first.status == SituationInput.Status.SUPERSEDED
    # The list shows the current revision only.
    listing = client_as("frivard").get(list_url(first.agreement)).content.decode()
    assert listing.count("Klotter vid stationen") == 1


def test_deleting_a_draft_leads_back_to_the_list(client_as, make, laholm):
    draft = make(status=DRAFT)
    response = client_as("kommunpolis").post(url("input_delete", draft))
    assert response["Location"] == list_url(laholm)
    assert not SituationInput.objects.filter(pk=draft.pk).exists()


def test_an_attachment_is_removed_from_a_draft_back_to_the_form(client_as, make):
    draft = make(status=DRAFT)
    attachment = add_attachment(draft)
    response = client_as("kommunpolis").post(
        url("attachment_remove", draft, attachment_pk=attachment.pk), {"tillbaka": "andra"}
    )
    assert response["Location"] == url("input_edit", draft)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_history_shows_the_input_and_its_indicators(client_as, make, user):
    draft = make(status=DRAFT, title="Klotter vid stationen")
    IndicatorFactory(situation_input=draft, name="Anmäld skadegörelse")
    input_submit(situation_input=draft, by=user("kommunpolis"))
    page = client_as("kommunpolis").get(url("input_history", draft)).content.decode()
    assert "Status: Utkast → Inlämnat" in page
    assert "Indikator: Anmäld skadegörelse" in page
    assert "Erik Sand" in page  # the kommunpolis submitted it
    # A reader outside the party sees it from its submission on, not how it was drafted.
    page = client_as("lpo-chef").get(url("input_history", draft)).content.decode()
    assert "Status: Utkast → Inlämnat" in page
    assert "Indikator: Anmäld skadegörelse" not in page


# --- the list: filters and pages --------------------------------------------------------


def test_the_list_filters_by_party_sensitivity_and_status(client_as, make, laholm):
    make(title="Polisens bild", short_name="Polisen")
    make(title="Frivårdens bild", short_name="Kriminalvården", author="frivard")
    make(title="Rådets hemlighet", sensitivity=CONFIDENTIAL)
    client = client_as("sakerhetschef")
    polisen = laholm.parties.get(short_name="Polisen")
    page = client.get(list_url(laholm), {"party": polisen.pk}).content.decode()
    assert "Polisens bild" in page and "Frivårdens bild" not in page
    page = client.get(list_url(laholm), {"sensitivity": "confidential"}).content.decode()
    assert "Rådets hemlighet" in page and "Polisens bild" not in page


def test_the_list_has_25_inputs_a_page_and_keeps_the_filter_between_pages(
    client_as, laholm, area, category, user
):
    polisen = laholm.parties.get(short_name="Polisen")
    SituationInput.objects.bulk_create(
        SituationInputFactory.build(
            agreement=laholm,
            party=polisen,
            author=user("kommunpolis"),
            area=area,
            category=category,
            title=f"Polisens underlag {n}",
        )
        for n in range(30)
    )
    response = client_as("sakerhetschef").get(list_url(laholm), {"party": polisen.pk})
    page = response.content.decode()
    assert len(response.context["page"].object_list) == 25
    assert f"party={polisen.pk}&amp;sida=2" in page


# --- a constant number of queries -------------------------------------------------------


def grow(laholm, user, area, category, count: int, into=None) -> None:
    """`count` more submitted inputs of every party (and indicators and attachments on
    `into`, the input whose page is measured)."""
    parties = list(laholm.parties.all())
    SituationInput.objects.bulk_create(
        SituationInputFactory.build(
            agreement=laholm,
            party=parties[n % len(parties)],
            author=user("kommunpolis"),
            area=area,
            category=category,
            sensitivity=CONFIDENTIAL if n % 3 == 0 else SituationInput.Sensitivity.INTERNAL,
            period_to=TODAY - timedelta(days=n % 300),
            period_from=date(2024, 1, 1),
        )
        for n in range(count)
    )
    if into is not None:
        Indicator.objects.bulk_create(
            Indicator(situation_input=into, name=f"Indikator {n}", value=n, order=n)
            for n in range(count // 10)
        )


@pytest.mark.parametrize("username", ["samordnare", "forvaltning", "kommunpolis"])
def test_the_list_and_an_inputs_page_run_as_many_queries_with_1000_inputs_as_with_10(
    client_as, laholm, user, area, category, make, django_assert_max_num_queries, username
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.pages import page

    list_bound = page("situation:input_list").queries
    detail_bound = page("situation:input_detail").queries

    shown = make(short_name="Kommunen", author="samordnare")
    add_attachment(shown)
    client = client_as(username)
    pages = {
        "list": list_url(laholm),
        "filtered list": list_url(laholm) + f"?area={area.pk}&status=submitted&sida=2",
        "detail": url("input_detail", shown),
    }
    bounds = {"list": list_bound, "filtered list": list_bound, "detail": detail_bound}

    def count() -> dict:
        counts = {}
        for name, address in pages.items():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address).status_code == 200
            counts[name] = len(captured.captured_queries)
        return counts

    grow(laholm, user, area, category, 10, into=shown)
    client.get(pages["list"])  # warm per-process caches (content types)
    few = count()
    grow(laholm, user, area, category, 990, into=shown)
    assert count() == few
    for name, address in pages.items():
        with django_assert_max_num_queries(bounds[name]):
            client.get(address)
    assert "Sida 1 av" in client.get(pages["list"]).content.decode()
