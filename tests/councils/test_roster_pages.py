"""The roster pages of the strategic council and the operative group, and their forms."""

from datetime import date

import pytest
from django.urls import reverse

from councils import services
from councils.models import Body, Function, Seat, Substitute
from tests.helpers import PERIOD, person
from tests.html_helpers import field_errors, input_value, party_sections, table_rows, text_of


def url(name: str, body: Body, *args) -> str:
    return reverse(f"councils:{name}", args=[body.agreement_id, body.pk, *args])


def roster_html(client, body) -> str:
    response = client.get(url("roster", body))
    assert response.status_code == 200
    return response.content.decode()


def rows_by_party(html: str) -> dict[str, list[list[str]]]:
    """{party: [[function, holders, substitutes(, actions)], …]} as the reader sees it."""
    return {
        party: [[text_of(cell) for cell in row] for row in table_rows(chunk)]
        for party, chunk in party_sections(html).items()
    }


# --- reading the roster --------------------------------------------------------------


def test_the_council_roster_groups_its_functions_by_party_in_the_agreements_order(
    client_as, council
):
    rows = rows_by_party(roster_html(client_as("sakerhetschef"), council))
    assert list(rows) == ["Kommunen", "Polisen", "Kriminalvården"]
    titles = {party: [row[0] for row in party_rows] for party, party_rows in rows.items()}
    assert titles == {
        "Kommunen": [
            "Kommunens ledningsgrupp utökad grupp Utökad grupp vid två av mötena.",
            "Kommunens säkerhetschef",
            "Brottsförebyggande samordnare Sammankallande.",
            "Laholmshems VD",
        ],
        "Polisen": [
            "Lokalpolisområdeschef eller biträdande lokalpolisområdeschef",
            "Lokal representant för polisen vid behov",
            "Kommunpolis Stöder samordnaren.",
        ],
        "Kriminalvården": [
            "Kriminalvårdschef/Frivårdschef verksamhetsområde Halland och Västra Götaland",
        ],
    }


def test_the_council_roster_shows_holders_with_their_titles_and_start_dates(client_as, council):
    rows = rows_by_party(roster_html(client_as("sakerhetschef"), council))
    kommunen = {row[0]: row[1] for row in rows["Kommunen"]}
    assert kommunen["Kommunens säkerhetschef"] == "Johan Berg, Säkerhetschef (sedan 2024-01-01)"
    assert kommunen["Laholmshems VD"] == "Maria Holm, VD, Laholmshem AB (sedan 2024-01-01)"
    assert kommunen["Kommunens ledningsgrupp utökad grupp Utökad grupp vid två av mötena."] == (
        "Vakant"
    )
    polisen = {row[0]: row[1] for row in rows["Polisen"]}
    assert polisen["Kommunpolis Stöder samordnaren."] == (
        "Erik Sand, Kommunpolis (sedan 2024-01-01)"
    )
    assert polisen["Lokal representant för polisen vid behov"] == "Vakant"


def test_the_council_roster_shows_the_substitute_beside_the_holder(client_as, council):
    rows = rows_by_party(roster_html(client_as("sakerhetschef"), council))
    [kriminalvarden] = rows["Kriminalvården"]
    assert kriminalvarden[1] == "Lars Ström, Frivårdschef (sedan 2024-01-01)"
    assert kriminalvarden[2] == "Nora Ek"
    assert all(row[2] == "" for row in rows["Kommunen"] + rows["Polisen"])


def test_functions_attending_as_needed_are_marked_vid_behov(client_as, council, group):
    client = client_as("kommunpolis")
    for body in (council, group):
        html = roster_html(client, body)
        marked = [
            text_of(cells[0])
            for chunk in party_sections(html).values()
            for cells in table_rows(chunk)
            if '<span class="tag">vid behov</span>' in cells[0]
        ]
        assert marked == ["Lokal representant för polisen vid behov"]


def test_the_operative_roster_lists_its_functions_and_holders_by_party(client_as, group):
    rows = rows_by_party(roster_html(client_as("frivard"), group))
    assert {party: [row[:2] for row in party_rows] for party, party_rows in rows.items()} == {
        "Kommunen": [
            [
                "Representanter från kommunens alla förvaltningar och bostadsbolaget",
                "Eva Dahl, Enhetschef, socialförvaltningen (sedan 2024-01-01)",
            ],
            [
                "Brottsförebyggande samordnare Sammankallande.",
                "Sara Lind, Brottsförebyggande samordnare (sedan 2024-01-01)",
            ],
        ],
        "Polisen": [
            ["Kommunpolis Stöder samordnaren.", "Erik Sand, Kommunpolis (sedan 2024-01-01)"],
            ["Lokal representant för polisen vid behov", "Vakant"],
        ],
        "Kriminalvården": [
            [
                "Tjänsteman med relevant koppling till Laholm",
                "Nora Ek, Frivårdsinspektör (sedan 2024-01-01)",
            ]
        ],
    }


def test_the_roster_states_cadence_chair_and_convener(client_as, council, group):
    client = client_as("sakerhetschef")
    council_text = text_of(roster_html(client, council))
    assert (
        "4 ordinarie möten per år samt vid behov; "
        "kommunens ledningsgrupp deltar utökad vid 2 av mötena" in council_text
    )
    assert "Ordförande Kommunen" in council_text
    assert "Sammankallande Brottsförebyggande samordnare med stöd av Kommunpolis" in council_text
    group_text = text_of(roster_html(client, group))
    assert "6 ordinarie möten per år samt vid behov" in group_text
    assert "utökad vid" not in group_text


def test_a_holder_who_has_left_is_no_longer_on_the_roster(client_as, user, council):
    seat = council.functions.get(title="Laholmshems VD").seats.get()
    services.seat_end(seat=seat, valid_to=date(2024, 12, 31), by=user("samordnare"))
    rows = rows_by_party(roster_html(client_as("sakerhetschef"), council))
    assert dict((row[0], row[1]) for row in rows["Kommunen"])["Laholmshems VD"] == "Vakant"


# --- who is offered what -------------------------------------------------------------


def manage_links(body: Body) -> list[str]:
    """The links and form targets that change this body's roster (demo data)."""
    function = body.functions.get(title="Kommunpolis")
    seat = function.seats.get()
    vacant = body.functions.get(title="Lokal representant för polisen")
    return [
        url("function_create", body),
        url("function_edit", body, function.pk),
        url("function_remove", body, vacant.pk),
        url("seat_assign", body, vacant.pk),
        url("seat_end", body, seat.pk),
        url("substitute_add", body, seat.pk),
    ]


def test_the_coordinator_sees_the_links_to_edit_both_rosters(client_as, council, group):
    client = client_as("samordnare")
    for body in (council, group):
        html = roster_html(client, body)
        for link in manage_links(body):
            assert f'"{link}"' in html, link


def test_the_coordinator_can_remove_a_substitute_from_the_roster(client_as, council):
    substitute = Substitute.objects.get(seat__function__body=council)
    html = roster_html(client_as("samordnare"), council)
    assert f'action="{url("substitute_remove", council, substitute.pk)}"' in html


@pytest.mark.parametrize(
    "username", ["sakerhetschef", "kommunpolis", "lpo-chef", "frivard", "ks-ordforande"]
)
def test_other_members_see_the_roster_without_edit_links(client_as, council, group, username):
    client = client_as(username)
    for body in (council, group):
        html = roster_html(client, body)
        for link in manage_links(body):
            assert link not in html
        assert "/ersattare/" not in html
        assert "/ta-bort/" not in html
        assert "Lägg till funktion" not in html
        main = html.split('<main id="main"')[1].split("</main>")[0]
        assert 'method="post"' not in main


def test_a_filled_single_function_still_offers_appointing_a_successor(client_as, council):
    # Whether the period is free is the service's rule; the form explains a refusal.
    html = roster_html(client_as("samordnare"), council)
    kommunpolis = council.functions.get(title="Kommunpolis")
    ledningsgrupp = council.functions.get(title="Kommunens ledningsgrupp")
    assert url("seat_assign", council, kommunpolis.pk) in html
    assert url("seat_assign", council, ledningsgrupp.pk) in html


# --- the seat form -------------------------------------------------------------------


def test_a_seat_outside_the_agreement_re_renders_with_the_error_on_the_start_date(
    client_as, staff, council
):
    function = council.functions.get(title="Lokal representant för polisen")
    candidate = staff("Polisen")
    response = client_as("samordnare").post(
        url("seat_assign", council, function.pk),
        {"person": candidate.pk, "valid_from": "2023-11-01", "valid_to": "2024-03-31"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    message = f"Startdatumet ligger utanför överenskommelsens giltighetstid {PERIOD}."
    assert field_errors(html, "valid_from") == [message]
    assert field_errors(html, "valid_to") == []
    assert input_value(html, "valid_from") == "2023-11-01"
    assert input_value(html, "valid_to") == "2024-03-31"
    assert f'<option value="{candidate.pk}" selected>' in html
    assert message in text_of(html.split('class="error-summary"')[1].split("</div>")[0])
    assert not function.seats.exists()


def test_a_seat_ending_before_it_starts_re_renders_with_the_error_on_the_end_date(
    client_as, staff, council
):
    function = council.functions.get(title="Lokal representant för polisen")
    response = client_as("samordnare").post(
        url("seat_assign", council, function.pk),
        {"person": staff("Polisen").pk, "valid_from": "2025-05-01", "valid_to": "2025-04-30"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "valid_to") == ["Uppdraget kan inte sluta före det börjar."]
    assert input_value(html, "valid_from") == "2025-05-01"
    assert input_value(html, "valid_to") == "2025-04-30"
    assert not function.seats.exists()


def test_a_second_holder_re_renders_with_the_error_on_the_start_date(client_as, staff, council):
    function = council.functions.get(title="Kommunpolis")
    response = client_as("samordnare").post(
        url("seat_assign", council, function.pk),
        {"person": staff("Polisen").pk, "valid_from": "2025-02-01", "valid_to": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "valid_from") == [
        "Kommunpolis innehas redan av Erik Sand under perioden. Avsluta det uppdraget först, "
        "eller gör funktionen till en grupp."
    ]
    assert input_value(html, "valid_from") == "2025-02-01"
    assert function.seats.count() == 1


def test_an_unreadable_date_is_refused_in_swedish_and_kept(client_as, staff, council):
    function = council.functions.get(title="Lokal representant för polisen")
    response = client_as("samordnare").post(
        url("seat_assign", council, function.pk),
        {"person": staff("Polisen").pk, "valid_from": "31/02/2025"},
    )
    html = response.content.decode()
    assert field_errors(html, "valid_from") == ["Fyll i ett giltigt datum."]
    assert input_value(html, "valid_from") == "31/02/2025"


# --- successful changes --------------------------------------------------------------


def follow_post(client, target, data=None):
    response = client.post(target, data or {}, follow=True)
    assert response.status_code == 200
    return response


def messages_on(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_appointing_a_holder_redirects_to_the_roster_with_a_swedish_message(
    client_as, staff, council
):
    function = council.functions.get(title="Lokal representant för polisen")
    candidate = staff("Polisen")
    response = follow_post(
        client_as("samordnare"),
        url("seat_assign", council, function.pk),
        {"person": candidate.pk, "valid_from": "2025-01-01", "valid_to": ""},
    )
    assert response.redirect_chain == [(url("roster", council), 302)]
    assert messages_on(response) == ["Kim Vik är tillsatt som Lokal representant för polisen."]
    assert "Kim Vik, Handläggare (sedan 2025-01-01)" in text_of(response.content.decode())


def test_ending_a_seat_redirects_with_a_swedish_message(client_as, council):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    response = follow_post(
        client_as("samordnare"), url("seat_end", council, seat.pk), {"valid_to": "2026-12-31"}
    )
    assert response.redirect_chain == [(url("roster", council), 302)]
    assert messages_on(response) == ["Uppdraget för Erik Sand är avslutat."]
    assert Seat.objects.get(pk=seat.pk).valid_to == date(2026, 12, 31)


def test_ending_a_seat_after_the_agreement_keeps_the_form_with_the_error(client_as, council):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    response = client_as("samordnare").post(
        url("seat_end", council, seat.pk), {"valid_to": "2027-06-30"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "valid_to") == [
        f"Slutdatumet ligger utanför överenskommelsens giltighetstid {PERIOD}."
    ]
    assert input_value(html, "valid_to") == "2027-06-30"
    assert Seat.objects.get(pk=seat.pk).valid_to is None


def test_appointing_a_substitute_redirects_with_a_swedish_message(client_as, council):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    response = follow_post(
        client_as("samordnare"),
        url("substitute_add", council, seat.pk),
        {"person": person("lpo-chef").pk},
    )
    assert response.redirect_chain == [(url("roster", council), 302)]
    assert messages_on(response) == ["Anna Kvist är ersättare för Erik Sand."]
    assert seat.substitutes.get().person == person("lpo-chef")


def test_the_holder_as_own_substitute_keeps_the_form_with_the_error_on_the_person(
    client_as, council
):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    response = client_as("samordnare").post(
        url("substitute_add", council, seat.pk), {"person": person("kommunpolis").pk}
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "person") == [
        "Innehavaren kan inte vara sin egen ersättare."
    ]
    assert not seat.substitutes.exists()


def test_removing_a_substitute_redirects_with_a_swedish_message(client_as, council):
    substitute = Substitute.objects.get(seat__function__body=council)
    response = follow_post(
        client_as("samordnare"), url("substitute_remove", council, substitute.pk)
    )
    assert response.redirect_chain == [(url("roster", council), 302)]
    assert messages_on(response) == ["Nora Ek är inte längre ersättare."]
    assert not Substitute.objects.filter(seat__function__body=council).exists()


def test_adding_a_function_redirects_with_a_swedish_message(client_as, laholm, group):
    kommunen = laholm.parties.get(short_name="Kommunen")
    response = follow_post(
        client_as("samordnare"),
        url("function_create", group),
        {"title": "Trygghetsvärd", "party": kommunen.pk, "attendance": "as_needed"},
    )
    assert response.redirect_chain == [(url("roster", group), 302)]
    assert messages_on(response) == ["Funktionen Trygghetsvärd är tillagd."]
    rows = rows_by_party(response.content.decode())
    assert rows["Kommunen"][-1][:2] == ["Trygghetsvärd vid behov", "Vakant"]


def test_editing_a_function_redirects_with_a_swedish_message(client_as, laholm, council):
    function = council.functions.get(title="Laholmshems VD")
    client = client_as("samordnare")
    form = client.get(url("function_edit", council, function.pk)).content.decode()
    response = follow_post(
        client,
        url("function_edit", council, function.pk),
        {
            "version": input_value(form, "version"),
            "title": "VD för Laholmshem AB",
            "party": function.party_id,
            "attendance": "always",
        },
    )
    assert response.redirect_chain == [(url("roster", council), 302)]
    assert messages_on(response) == ["Funktionen VD för Laholmshem AB är sparad."]
    assert Function.objects.get(pk=function.pk).title == "VD för Laholmshem AB"


def test_a_stale_function_edit_keeps_the_form_with_the_swedish_message(client_as, user, council):
    function = council.functions.get(title="Laholmshems VD")
    client = client_as("samordnare")
    form = client.get(url("function_edit", council, function.pk)).content.decode()
    services.function_update(function=function, by=user("kommunpolis"), note="Ändrad")
    response = client.post(
        url("function_edit", council, function.pk),
        {
            "version": input_value(form, "version"),
            "title": "VD",
            "party": function.party_id,
            "attendance": "always",
        },
    )
    assert response.status_code == 200
    assert "Någon annan har ändrat uppgifterna sedan du öppnade formuläret." in text_of(
        response.content.decode()
    )
    assert input_value(response.content.decode(), "title") == "VD"
    assert Function.objects.get(pk=function.pk).title == "Laholmshems VD"


def test_removing_a_vacant_function_redirects_with_a_swedish_message(client_as, council):
    function = council.functions.get(title="Lokal representant för polisen")
    response = follow_post(client_as("samordnare"), url("function_remove", council, function.pk))
    assert response.redirect_chain == [(url("roster", council), 302)]
    assert messages_on(response) == ["Funktionen Lokal representant för polisen är borttagen."]
    assert not council.functions.filter(title="Lokal representant för polisen").exists()


def test_removing_a_held_function_redirects_with_the_refusal(client_as, council):
    function = council.functions.get(title="Kommunpolis")
    response = follow_post(client_as("samordnare"), url("function_remove", council, function.pk))
    assert response.redirect_chain == [(url("roster", council), 302)]
    assert messages_on(response) == [
        "Funktionen har innehavare. Avsluta deras uppdrag innan funktionen tas bort."
    ]
    assert Function.objects.filter(pk=function.pk).exists()


def test_the_person_choice_on_the_seat_and_substitute_forms_is_in_swedish(client_as, council):
    client = client_as("samordnare")
    vacant = council.functions.get(title="Kommunens ledningsgrupp")
    seat = council.functions.get(title="Kommunpolis").seats.get()
    for target in (url("seat_assign", council, vacant.pk), url("substitute_add", council, seat.pk)):
        html = client.get(target).content.decode()
        assert "Select an option" not in html, target
        assert '<option value="" selected>– Välj person –</option>' in html, target
