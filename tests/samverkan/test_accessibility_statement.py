"""The accessibility statement (lag (2018:1937), DIGG's model) is public and linked from
every footer; its barrier report form records what anyone reports, forwards it to the
configured address through the outbox, and cannot be used to flood that address."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from samverkan import accessibility
from samverkan.models import BarrierReport, OutboundMessage
from samverkan.views_accessibility import DIGG_REPORT_URL
from tests.samverkan.pages_accessibility import STATEMENT_QUERIES

STATEMENT = "/tillganglighet/"
REPORT = "/tillganglighet/rapportera/"
COORDINATOR_ADDRESS = "samordnare.tillganglighet@laholm.example.se"


def valid(**fields) -> dict:
    return {
        "description": "Jag kan inte nå knappen Spara status med tangentbordet.",
        "page": "/overenskommelser/1/",
        "name": "Kim Andersson",
        "email": "kim.andersson@example.se",
    } | fields


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a report and run what it left for after the commit (the outbox's task)."""

    def post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(REPORT, data, **extra)

    return post


def test_the_urls_are_the_statements():
    assert (reverse("accessibility"), reverse("accessibility_report")) == (STATEMENT, REPORT)


def test_the_statement_is_public_and_names_the_supervisory_authority_and_the_report_form(
    client, db
):
    response = client.get(STATEMENT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tillgänglighetsredogörelse för Samverkan" in page
    assert "Myndigheten för digital förvaltning (DIGG)" in page
    assert f'<a href="{DIGG_REPORT_URL}">' in page
    assert f'<a href="{REPORT}">Rapportera en brist i tillgängligheten</a>' in page
    # The conformance status, the known gaps and the date, as DIGG's model has them.
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in page
    assert "PDF/A-3a" in page and "axe-core" in page
    assert '<time datetime="2026-11-27">27 november 2026</time>' in page


def test_the_statement_loads_nothing_from_another_site(client, db):
    page = client.get(STATEMENT).content.decode()
    # DIGG's page is a plain link; every resource (style, script, image) is the app's own.
    assert 'src="http' not in page and "<img" not in page and "<iframe" not in page
    assert page.count("digg.se") == 1


def test_the_statement_gives_the_report_address_only_when_one_is_configured(client, db):
    with override_settings(ACCESSIBILITY_REPORT_EMAIL=COORDINATOR_ADDRESS):
        page = client.get(STATEMENT).content.decode()
    assert f'<a href="mailto:{COORDINATOR_ADDRESS}">{COORDINATOR_ADDRESS}</a>' in page
    with override_settings(ACCESSIBILITY_REPORT_EMAIL=""):
        page = client.get(STATEMENT).content.decode()
    assert "mailto:" not in page


@override_settings(SESSION_COOKIE_AGE=8 * 3600)
def test_the_statement_tells_after_how_long_an_idle_user_is_logged_out(client, db):
    assert "på 8 timmar, utan varning i förväg" in client.get(STATEMENT).content.decode()


@pytest.mark.parametrize("url", [STATEMENT, REPORT])
def test_the_pages_answer_a_logged_in_user_as_well(client_as, url):
    response = client_as("kommunpolis").get(url)
    assert response.status_code == 200
    assert "Logga ut" in response.content.decode()  # the ordinary page, with the account menu


@pytest.mark.parametrize(
    ("username", "url"),
    [
        (None, "/konto/logga-in/"),
        ("samordnare", "/"),
        (None, STATEMENT),
    ],
)
def test_every_footer_links_the_statement_and_the_report_form_for_the_page(
    client_as, laholm, username, url
):
    response = client_as(username).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    footer = page[page.index('<footer class="site-footer">') : page.index("</footer>")]
    assert f'<a href="{STATEMENT}">Tillgänglighetsredogörelse</a>' in footer
    assert f'<a href="{REPORT}?sida={url}">Rapportera en brist i tillgängligheten</a>' in footer


def test_the_form_has_labelled_fields_with_their_purpose(client, db):
    page = client.get(REPORT).content.decode()
    assert '<label for="id_description">Vad är problemet?' in page
    assert 'maxlength="4000"' in page and "required" in page
    assert 'autocomplete="name"' in page and 'autocomplete="email"' in page
    assert 'type="email"' in page


def test_an_empty_description_is_refused_in_swedish_and_what_was_typed_is_kept(send, db):
    response = send(valid(description="   "))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="error-summary" role="alert"' in page
    assert '<a href="#id_description">Vad är problemet?: Skriv vad problemet är.</a>' in page
    assert 'value="/overenskommelser/1/"' in page
    assert 'value="Kim Andersson"' in page
    assert 'value="kim.andersson@example.se"' in page
    assert not BarrierReport.objects.exists()


def test_a_description_over_the_maximum_is_refused_and_one_at_it_is_taken(send, db):
    refused = send(valid(description="x" * (BarrierReport.DESCRIPTION_MAX_LENGTH + 1)))
    assert refused.status_code == 200
    assert "som mest 4000 tecken" in refused.content.decode()
    assert not BarrierReport.objects.exists()
    taken = send(valid(description="x" * BarrierReport.DESCRIPTION_MAX_LENGTH))
    assert taken.status_code == 302
    assert BarrierReport.objects.get().description == "x" * BarrierReport.DESCRIPTION_MAX_LENGTH


def test_a_reply_address_at_the_longest_the_model_keeps_is_taken(send, db):
    longest = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".se"
    assert len(longest) == 250
    assert send(valid(email=longest)).status_code == 302
    assert BarrierReport.objects.get().email == longest


def test_a_bad_reply_address_and_a_line_break_in_the_page_are_refused(send, db):
    response = send(valid(email="inte en adress", page="/a/\nBcc: x@example.se"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Din e-postadress:" in page and "Vilken sida gäller det?:" in page
    assert not BarrierReport.objects.exists()


@override_settings(ACCESSIBILITY_REPORT_EMAIL=COORDINATOR_ADDRESS)
def test_a_report_is_recorded_and_mailed_to_the_configured_address(send, db):
    response = send(valid())
    assert response.status_code == 302
    assert response["Location"] == STATEMENT

    report = BarrierReport.objects.get()
    assert (report.description, report.page, report.name, report.email) == (
        "Jag kan inte nå knappen Spara status med tangentbordet.",
        "/overenskommelser/1/",
        "Kim Andersson",
        "kim.andersson@example.se",
    )
    assert report.user is None and report.sent
    [message] = mail.outbox
    assert message.to == [COORDINATOR_ADDRESS]
    assert message.reply_to == ["kim.andersson@example.se"]
    assert message.subject == "Rapport om tillgänglighetsbrist i Samverkan"
    assert "Jag kan inte nå knappen Spara status med tangentbordet." in message.body
    assert "Sida eller adress: /overenskommelser/1/" in message.body
    # Through the outbox, recorded about the report and delivered.
    recorded = OutboundMessage.objects.about(report).get()
    assert (recorded.kind, recorded.state) == (
        accessibility.MESSAGE_KIND,
        OutboundMessage.State.SENT,
    )


def test_the_reporter_is_told_it_was_received_on_the_statement(client, db):
    response = client.post(REPORT, valid(), follow=True)
    assert response.redirect_chain == [(STATEMENT, 302)]
    assert (
        '<p class="message message--success" role="status">Tack! Din rapport har tagits emot.'
        in (response.content.decode())
    )


@override_settings(ACCESSIBILITY_REPORT_EMAIL="")
def test_without_a_configured_address_the_report_is_recorded_and_nothing_is_sent(send, db):
    assert send(valid()).status_code == 302
    report = BarrierReport.objects.get()
    assert not report.sent
    assert mail.outbox == []
    assert not OutboundMessage.objects.filter(kind=accessibility.MESSAGE_KIND).exists()


@override_settings(ACCESSIBILITY_REPORT_EMAIL=COORDINATOR_ADDRESS)
def test_a_report_without_name_or_address_has_no_reply_to(send, db):
    assert send({"description": "Fokus syns inte i sidfoten."}).status_code == 302
    [message] = mail.outbox
    assert message.reply_to == []
    assert "Den som rapporterade lämnade ingen e-postadress för svar." in message.body


@override_settings(ACCESSIBILITY_REPORT_EMAIL=COORDINATOR_ADDRESS)
def test_the_mail_is_in_swedish_whatever_language_the_reporter_reads(client, send, db):
    client.cookies["django_language"] = "en"
    assert send(valid()).status_code == 302
    assert mail.outbox[0].subject == "Rapport om tillgänglighetsbrist i Samverkan"


def test_the_logged_in_user_is_recorded(client_as, send, user):
    client_as("frivard")
    assert send(valid()).status_code == 302
    assert BarrierReport.objects.get().user == user("frivard")


@override_settings(ACCESSIBILITY_REPORT_EMAIL=COORDINATOR_ADDRESS)
def test_a_client_sending_too_many_reports_gets_429_and_nothing_more_is_recorded(send, db):
    limit, _window = accessibility.REPORTS_PER_CLIENT
    for _ in range(limit):
        assert send(valid(), REMOTE_ADDR="10.0.0.7").status_code == 302
    refused = send(valid(), REMOTE_ADDR="10.0.0.7")
    assert refused.status_code == 429
    assert "För många försök" in refused.content.decode()
    assert BarrierReport.objects.count() == limit
    assert len(mail.outbox) == limit
    # Another client is not affected.
    assert send(valid(), REMOTE_ADDR="10.0.0.8").status_code == 302


def test_a_form_with_errors_does_not_count_against_the_limit(send, db):
    limit, _window = accessibility.REPORTS_PER_CLIENT
    for _ in range(limit + 2):
        assert send(valid(description=""), REMOTE_ADDR="10.0.0.9").status_code == 200
    assert send(valid(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_limit_window_passes(send, db, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    limit, window = accessibility.REPORTS_PER_CLIENT
    for _ in range(limit):
        send(valid(), REMOTE_ADDR="10.0.0.10")
    assert send(valid(), REMOTE_ADDR="10.0.0.10").status_code == 429
    time_machine.move_to(timezone.now() + window + timedelta(minutes=1))
    assert send(valid(), REMOTE_ADDR="10.0.0.10").status_code == 302


def test_the_page_of_the_link_followed_is_filled_in(client, db):
    page = client.get(REPORT, {"sida": "/overenskommelser/1/rader/?a=1"}).content.decode()
    assert 'value="/overenskommelser/1/rader/?a=1"' in page


@pytest.mark.parametrize(
    "sida",
    [
        "https://elak.example.se/ladda-ner/",
        "//elak.example.se/",
        "/\\elak.example.se/",
        "javascript:alert(1)",
        "overenskommelser/",
        "/rad\nBcc: x@example.se",
        "/" + "x" * 600,
    ],
)
def test_a_page_of_another_site_or_not_a_path_is_not_filled_in(client, db, sida):
    response = client.get(REPORT, {"sida": sida})
    assert response.status_code == 200
    content = response.content.decode()
    page = content[content.index("<main") : content.index("</main>")]  # the form, not the footer
    assert '<input type="text" name="page" maxlength="500" aria-describedby' in page
    assert "elak" not in page and "javascript" not in page and "Bcc" not in page


@pytest.mark.parametrize("url", [STATEMENT, REPORT])
def test_other_methods_are_refused(client, db, url):
    assert client.put(url).status_code == 405


@pytest.mark.parametrize("url", [STATEMENT, REPORT])
@pytest.mark.parametrize("username", [None, "samordnare"])
def test_the_pages_run_a_fixed_number_of_queries(
    client_as, django_assert_max_num_queries, url, username
):
    client = client_as(username)
    client.get(url)
    with django_assert_max_num_queries(STATEMENT_QUERIES):
        assert client.get(url).status_code == 200


def test_the_admin_shows_reports_but_does_not_let_them_be_added_or_changed(rf, user, db):
    from django.contrib import admin

    report = accessibility.barrier_report_record(description="Kontrasten är för låg.")
    model_admin = admin.site._registry[BarrierReport]
    request = rf.get("/admin/")
    request.user = user("samordnare")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, report)
    assert set(model_admin.get_readonly_fields(request, report)) >= {"description", "email"}
