"""The agreement's overview page (the whole signed text, parties, validity, annexes,
signatures) and the form that edits the agreement's register data."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan import services
from samverkan.models import Agreement
from tests.helpers import STALE, TODAY
from tests.html_helpers import field_errors, field_html, input_value, section, text_of
from tests.seed import SIGNING_LINE, clause_sentences, headings, signature_block

# The signature block of the seed is laid out in columns; this is it read per party.
SIGNATORIES = [
    ("Laholms kommun", "Ove Bengtsson", ["Kommunstyrelsens ordförande"]),
    (
        "Polismyndigheten",
        "Gustav Rosén Zetterberg",
        ["Lokalpolisområdeschef", "Lokalpolisområde Halmstad/Laholm"],
    ),
    (
        "Kriminalvården",
        "Linda Hilmarsson",
        ["Kriminalvårdschef", "Frivården Halland & Västra Götaland"],
    ),
]


@pytest.fixture
def overview(client_as, laholm):
    """The agreement page as the coordinator sees it."""
    response = client_as("samordnare").get(reverse("samverkan:agreement", args=[laholm.pk]))
    assert response.status_code == 200
    return response.content.decode()


def overview_text(client_as, agreement) -> str:
    """The agreement page's text as the coordinator reads it."""
    response = client_as("samordnare").get(reverse("samverkan:agreement", args=[agreement.pk]))
    assert response.status_code == 200
    return text_of(response.content.decode())


def edit_url(agreement):
    return reverse("samverkan:agreement_edit", args=[agreement.pk])


def form_data(agreement: Agreement, version: int, **changes) -> dict:
    data = {
        "title": agreement.title,
        "municipality": agreement.municipality,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "signed_place": agreement.signed_place,
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else "",
        "status": agreement.status,
        "version": version,
    }
    data.update(changes)
    return data


def version_in_form(html: str) -> int:
    return int(input_value(html, "version"))


# --- the overview --------------------------------------------------------------------


def test_every_sentence_of_the_signed_agreement_appears_in_the_agreement_text(overview):
    text = text_of(section(overview, 'class="agreement-text"'))
    sentences = clause_sentences()
    assert len(sentences) > 90, "the seed parser lost most of the text"
    missing = [sentence for sentence in sentences if sentence not in text]
    assert missing == []


def test_the_agreement_text_keeps_the_writers_hyphen_and_joins_line_break_hyphens(overview):
    text = text_of(section(overview, 'class="agreement-text"'))
    assert "medarbetar- och medborgardialoger" in text
    assert "status kring Åtgärdsplanen." in text
    assert "tillfogas Samverkansöverenskommelsen samt" in text
    assert "Åtgärds- planen" not in text


def test_the_agreement_text_has_the_seeds_clause_headings_in_document_order(overview):
    text = section(overview, 'class="agreement-text"')
    h3s = [text_of(h) for h in re.findall(r"<h3[^>]*>(.*?)</h3>", text, re.S)]
    assert len(headings()) == 12
    assert [h.upper() for h in h3s[:-1]] == headings()
    assert h3s[-1] == "Underskrifter"


def test_the_signatories_appear_with_their_names_and_titles_as_written(overview):
    signatures = text_of(section(overview, 'id="signatures-heading"'))
    seed_block = " ".join(signature_block())
    for organisation, name, title_lines in SIGNATORIES:
        assert name in seed_block  # the constant is the seed's wording
        assert organisation in signatures
        assert name in signatures
        for line in title_lines:
            assert line in signatures
    assert signatures.index("Ove Bengtsson") < signatures.index("Gustav Rosén Zetterberg")
    assert signatures.index("Gustav Rosén Zetterberg") < signatures.index("Linda Hilmarsson")


def test_the_place_and_date_of_signing_appear_as_written(overview):
    assert SIGNING_LINE in text_of(section(overview, 'id="signatures-heading"'))
    assert "Laholm 12 januari 2023" in text_of(overview)


def test_the_overview_lists_the_parties_with_organisation_number_address_and_short_name(
    overview,
):
    parties = text_of(section(overview, 'id="parties-heading"').split("</section>")[0])
    assert parties.index("Laholms kommun") < parties.index("Polismyndigheten genom")
    assert parties.index("Polismyndigheten genom") < parties.index("Kriminalvården Frivården")
    for expected in [
        "Laholms kommun, organisationsnummer 212000-1223, Humlegången 6, 312 23 Laholm. "
        "”Kommunen”.",
        "Polismyndigheten genom lokalpolisområde Halmstad/Laholm, organisationsnummer "
        "202100-0076, Norra Källegatan 3, 302 32 Halmstad. ”Polisen”.",
        "Kriminalvården Frivården Halmstad, organisationsnummer 202100-0225, "
        "Norra Källegatan 4a 302 32 Halmstad. ”Kriminalvården”.",
    ]:
        assert expected in parties


def test_the_overview_shows_the_validity_with_the_days_left_from_today(overview):
    validity = text_of(section(overview, 'class="validity').split("</p>")[0])
    assert TODAY.isoformat() == "2025-03-12"
    assert validity.endswith(
        "> Gäller från och med 2024-01-01 till och med 2026-12-31. 659 dagar kvar."
    )


@pytest.mark.parametrize(("days", "expected"), [(1, "1 dag kvar."), (40, "40 dagar kvar.")])
def test_the_days_left_count_down_to_the_last_valid_day(client_as, laholm, days, expected):
    Agreement.objects.filter(pk=laholm.pk).update(valid_to=TODAY + timedelta(days=days))
    assert expected in overview_text(client_as, laholm)


def test_on_its_last_day_the_agreement_says_it_is_its_last_valid_day(client_as, laholm):
    Agreement.objects.filter(pk=laholm.pk).update(valid_to=TODAY)
    page = overview_text(client_as, laholm)
    assert "I dag är sista giltighetsdagen." in page
    assert "0 dagar kvar." not in page
    assert "Giltighetstiden har gått ut." not in page


def test_an_expired_agreement_says_so_instead_of_counting_days(client_as, laholm):
    yesterday = TODAY - timedelta(days=1)
    Agreement.objects.filter(pk=laholm.pk).update(valid_to=yesterday)
    page = overview_text(client_as, laholm)
    assert "Giltighetstiden har gått ut." in page
    assert "kvar." not in page


def test_an_agreement_that_has_not_started_says_so(client_as, laholm):
    tomorrow = TODAY + timedelta(days=1)
    Agreement.objects.filter(pk=laholm.pk).update(
        valid_from=tomorrow, valid_to=tomorrow + timedelta(days=365)
    )
    page = overview_text(client_as, laholm)
    assert "Har ännu inte börjat gälla." in page


def test_the_overview_lists_the_three_annexes_by_number(overview):
    annexes = section(overview, 'id="annexes-heading"').split("</section>")[0]
    # Each item also holds its version in force and signatures: compare the titles.
    items = [
        text_of(title)
        for title in re.findall(r'<li value="\d+"[^>]*>\s*<strong>(.*?)</strong>', annexes, re.S)
    ]
    assert items == [
        "Lokal lägesbild och orsaksanalys",
        "Medborgarlöfte 2024",
        "Åtgärdsplan",
    ]
    assert re.findall(r'<li value="(\d+)"', annexes) == ["1", "2", "3"]


def test_the_coordinator_is_offered_the_edit_link_and_a_council_member_is_not(client_as, laholm):
    url = reverse("samverkan:agreement", args=[laholm.pk])
    link = f'href="{edit_url(laholm)}"'
    assert link in client_as("samordnare").get(url).content.decode()
    assert link not in client_as("sakerhetschef").get(url).content.decode()


# --- editing the register data -------------------------------------------------------


def test_an_end_date_before_the_start_is_refused_on_the_end_date_field(client_as, laholm):
    client = client_as("samordnare")
    version = version_in_form(client.get(edit_url(laholm)).content.decode())
    events_before = laholm.events.count()
    history_before = laholm.history.count()

    response = client.post(
        edit_url(laholm),
        form_data(
            laholm, version, title="Ny titel", valid_from="2025-06-01", valid_to="2025-01-31"
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["valid_to"] == [
        "Överenskommelsen kan inte sluta före den börjar (2025-06-01)."
    ]
    assert form.non_field_errors() == []
    html = response.content.decode()
    assert input_value(html, "title") == "Ny titel"
    assert input_value(html, "valid_from") == "2025-06-01"
    assert input_value(html, "valid_to") == "2025-01-31"
    fresh = Agreement.objects.get(pk=laholm.pk)
    assert (fresh.title, fresh.valid_from, fresh.valid_to) == (
        "Samverkansöverenskommelse 2024–2026",
        date(2024, 1, 1),
        date(2026, 12, 31),
    )
    assert laholm.events.count() == events_before
    assert laholm.history.count() == history_before


def test_the_end_date_error_is_shown_beside_the_field_and_in_the_summary(client_as, laholm):
    client = client_as("samordnare")
    version = version_in_form(client.get(edit_url(laholm)).content.decode())
    html = client.post(
        edit_url(laholm), form_data(laholm, version, valid_to="2023-12-31")
    ).content.decode()
    message = "Överenskommelsen kan inte sluta före den börjar (2024-01-01)."
    assert field_errors(html, "valid_to") == [message]
    assert field_errors(html, "valid_from") == []
    assert 'class="field field--error"' in field_html(html, "valid_to")
    summary = section(html, 'class="error-summary"').split("</div>")[0]
    assert f"Gäller till och med: {message}" in text_of(summary)
    assert 'href="#id_valid_to"' in summary


def test_a_successful_edit_is_saved_logged_and_recorded_with_the_acting_user(
    client_as, user, laholm
):
    client = client_as("samordnare")
    version = version_in_form(client.get(edit_url(laholm)).content.decode())

    response = client.post(
        edit_url(laholm),
        form_data(
            laholm, version, title="Samverkansöverenskommelse 2024–2027", valid_to="2027-12-31"
        ),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("samverkan:agreement", args=[laholm.pk]), 302)]
    assert "Överenskommelsens uppgifter är sparade." in text_of(response.content.decode())
    fresh = Agreement.objects.get(pk=laholm.pk)
    assert fresh.title == "Samverkansöverenskommelse 2024–2027"
    assert fresh.valid_to == date(2027, 12, 31)
    event = laholm.events.first()
    assert event.sentence == "Överenskommelsens uppgifter ändrades (titel, gäller till och med)"
    assert event.actor == user("samordnare")
    record = fresh.history.order_by("-history_id").first()
    assert record.history_type == "~"
    assert record.history_user == user("samordnare")
    assert record.title == "Samverkansöverenskommelse 2024–2027"
    assert services.version_of(fresh) == record.history_id != version


def test_a_stale_version_is_refused_and_the_other_change_is_kept(client_as, user, laholm):
    client = client_as("samordnare")
    version = version_in_form(client.get(edit_url(laholm)).content.decode())
    # Someone else saves after the coordinator opened the form.
    services.agreement_update(
        agreement=laholm, by=user("ks-ordforande"), signed_place="Laholms rådhus"
    )
    events_before = laholm.events.count()

    response = client.post(edit_url(laholm), form_data(laholm, version, title="Min titel"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [STALE]
    assert STALE in text_of(response.content.decode())
    assert input_value(response.content.decode(), "title") == "Min titel"
    fresh = Agreement.objects.get(pk=laholm.pk)
    assert fresh.title == "Samverkansöverenskommelse 2024–2026"
    assert fresh.signed_place == "Laholms rådhus"
    assert laholm.events.count() == events_before
    assert fresh.history.order_by("-history_id").first().history_user == user("ks-ordforande")


def test_the_agreement_update_service_refuses_a_stale_version_with_the_swedish_message(
    user, laholm
):
    version = services.version_of(laholm)
    services.agreement_update(agreement=laholm, by=user("samordnare"), title="Först")
    with pytest.raises(ValidationError) as caught:
        services.agreement_update(
            agreement=laholm, by=user("samordnare"), expected_version=version, title="Sen"
        )
    assert caught.value.messages == [STALE]
    assert caught.value.code == "stale"
    assert Agreement.objects.get(pk=laholm.pk).title == "Först"


def test_a_member_who_may_see_the_agreement_may_not_edit_it(client_as, laholm):
    client = client_as("sakerhetschef")
    assert client.get(edit_url(laholm)).status_code == 403
    response = client.post(edit_url(laholm), form_data(laholm, 0, title="Kapad"))
    assert response.status_code == 403
    assert Agreement.objects.get(pk=laholm.pk).title == "Samverkansöverenskommelse 2024–2026"
