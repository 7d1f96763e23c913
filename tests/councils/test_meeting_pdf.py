"""The meeting documents as archival PDFs: the kallelse with its agenda in order, and the
protokoll with attendance, decisions, each party's position and the approval; PDF/A-3a
(tagged, fonts embedded, language sv); approved minutes rendered once and stored, drafts
marked UTKAST; served to whoever reads the meeting page, in a fixed number of queries."""

import io
import re
from datetime import timedelta
from unittest import mock

import pikepdf
import pytest
from django.core.files.storage import storages
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from councils import documents
from councils.demo import (
    HELD_ASSIGNMENT,
    HELD_DECISION,
    HELD_DECISION_ITEM,
    HELD_STARTS,
)
from councils.models import AgendaItem, Meeting
from councils.services import decisions, invitations, meetings
from councils.services import minutes as minutes_services
from tests.factories import AgendaItemFactory, MeetingFactory, held_meeting
from tests.helpers import TODAY, at_ten, person
from tests.pages import page

from .minutes_helpers import agree_all, decide

# The agenda of the kallelse, in its order, with the letters an export must keep.
AGENDA = [
    "Aktuell lägesbild för Laholms centrum",
    "Trygghetsvandring i Mellbystrand",
    "Åtgärdsplanens status och övriga frågor",
]
NOTES = "Underlag: anmälningsstatistik för fjärde kvartalet, skadegörelse kring resecentrum."
FAKE_PDF = b"%PDF-1.7 not rendered"


def url(meeting, name: str) -> str:
    return reverse(f"councils:{name}", args=[meeting.agreement_id, meeting.body_id, meeting.pk])


def flat(text: str) -> str:
    """Words across line and page breaks, without the hyphens that split them."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


def text_of(pdf: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def render_html(prepared) -> str:
    """The document's HTML, without the conversion to PDF."""
    with translation.override("sv"):
        return render_to_string(prepared.template, prepared.context)


@pytest.fixture
def samordnare(user):
    return user("samordnare")


@pytest.fixture
def not_rendered():
    """For tests of who gets a document and how often it is made, not of what is in it:
    WeasyPrint is not run (a second or so each)."""
    with mock.patch.object(documents, "render", return_value=FAKE_PDF) as render:
        yield render


@pytest.fixture
def upcoming(council):
    """A convened council meeting a week ahead: the roster invited, three agenda items in
    order (the second with a presenter and underlag)."""
    meeting = MeetingFactory(
        body=council, place="Stadshuset, sal Hallandsåsen", video_link="https://möte.example.se/1"
    )
    for order, title in enumerate(AGENDA, 1):
        AgendaItemFactory(meeting=meeting, order=order, title=title)
    AgendaItem.objects.filter(meeting=meeting, title=AGENDA[1]).update(
        presenter=person("kommunpolis"), notes=NOTES
    )
    invitations.invitees_from_roster(meeting=meeting, by=None)
    return meeting


@pytest.fixture
def held(council) -> Meeting:
    """The demo's council meeting of 2025-02-13: attendance, an adopted decision with each
    party's position, an assignment, and minutes approved by the chair and the adjuster."""
    meeting = council.meetings.get(starts_at=HELD_STARTS)
    assert meeting.minutes_locked
    return meeting


_rendered: dict[str, bytes] = {}


@pytest.fixture
def kallelse(client_as, upcoming) -> bytes:
    """The kallelse's PDF, rendered once for the module as a member downloads it."""
    if "kallelse" not in _rendered:
        response = client_as("laholmshem").get(url(upcoming, "meeting_pdf"))
        assert response.status_code == 200
        _rendered["kallelse"] = response.content
    return _rendered["kallelse"]


@pytest.fixture
def protokoll(client_as, held) -> bytes:
    """The demo meeting's approved protokoll, rendered (and stored) once for the module."""
    if "protokoll" not in _rendered:
        response = client_as("laholmshem").get(url(held, "minutes_pdf"))
        assert response.status_code == 200
        _rendered["protokoll"] = response.content
    return _rendered["protokoll"]


# --- the kallelse ---------------------------------------------------------------------------


def test_the_kallelse_has_the_agenda_in_order_with_its_letters_intact(kallelse):
    text = text_of(kallelse)
    positions = [text.find(f"{n}. {title}") for n, title in enumerate(AGENDA, 1)]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    assert NOTES in text
    presenter = person("kommunpolis")
    assert f"Föredragande: {presenter.name}, {presenter.party.name}" in text


def test_the_kallelse_names_the_meeting_and_the_invited(kallelse, upcoming):
    text = text_of(kallelse)
    assert f"Kallelse: Strategiskt råd {upcoming.date.isoformat()}" in text
    assert "Ordinarie möte" in text
    assert "Stadshuset, sal Hallandsåsen" in text
    assert "https://möte.example.se/1" in text
    assert "10:00–12:00" in text  # Stockholm time, as convened
    for invitee in upcoming.invitees.all():
        assert invitee.name in text
    assert "Laholms kommun" in text  # the organisation of a member of Kommunen
    assert "Ledamot" in text
    assert "UTKAST" not in text


def test_a_cancelled_meetings_kallelse_says_installt_with_the_reason(upcoming, samordnare):
    meetings.meeting_cancel(meeting=upcoming, reason="Lokalen är upptagen.", by=samordnare)
    upcoming.refresh_from_db()
    prepared = documents.invitation(upcoming)
    html = flat(re.sub(r"<[^>]+>", " ", render_html(prepared)))
    assert "INSTÄLLT" in html
    assert "Mötet är inställt: Lokalen är upptagen." in html


def test_a_meeting_not_yet_convened_has_its_kallelse_marked_utkast(council):
    meeting = MeetingFactory(body=council, status=Meeting.Status.DRAFT)
    html = render_html(documents.invitation(meeting))
    assert "UTKAST" in html
    assert "Utkast: mötet är ännu inte kallat." in html


def test_the_kallelse_is_a_download_named_by_body_and_day(client_as, upcoming, not_rendered):
    response = client_as("frivard").get(url(upcoming, "meeting_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kallelse-strategiskt-rad-{upcoming.date.isoformat()}.pdf"'
    )
    assert response["ETag"].startswith('W/"')
    again = client_as("frivard").get(
        url(upcoming, "meeting_pdf"), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


# --- the protokoll --------------------------------------------------------------------------


def test_the_protokoll_has_the_decision_and_each_partys_position(protokoll):
    text = text_of(protokoll)
    assert f"Protokoll: Strategiskt råd {HELD_STARTS.date().isoformat()}" in text
    assert HELD_DECISION_ITEM in text
    assert f"Beslut fattat: {flat(HELD_DECISION)}" in text
    for party, username in (
        ("Kommunen", "sakerhetschef"),
        ("Polisen", "kommunpolis"),
        ("Kriminalvården", "frivard"),  # the substitute, present for Kriminalvården
    ):
        assert f"{party} Instämmer {person(username).name}" in text
    assert flat(HELD_ASSIGNMENT) in text
    assert "Ansvarig: Polisen, klart senast 2025-05-31." in text
    assert "UTKAST" not in text


def test_the_protokoll_has_the_attendance_and_the_approval(protokoll):
    text = text_of(protokoll)
    assert "Närvarande" in text and "Frånvarande" in text and "Anmält förhinder" in text
    assert f"{person('lpo-chef').name} (Polisen) Ledamot" in text
    present = ", ".join(person(name).name for name in ("sakerhetschef", "samordnare"))
    assert f"Kommunen: företrädd av {present}" in text
    assert f"Kriminalvården: företrädd av {person('frivard').name}" in text
    assert f"Ordförande {person('sakerhetschef').name} Godkänt i Samverkan 2025-02-17 09:30" in text
    assert f"Justerare {person('kommunpolis').name} Godkänt i Samverkan 2025-02-18 14:00" in text


# --- PDF/A ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kallelse", "protokoll"])
def test_the_documents_are_pdf_a_3a_tagged_in_swedish_with_fonts_embedded(laholm, request, name):
    # `laholm` named here, not only through getfixturevalue: pytest-django orders tests by
    # the fixtures they declare, and a test it takes for one without the database runs
    # after the transactional tests have emptied it.
    pdf = pikepdf.open(io.BytesIO(request.getfixturevalue(name)))
    xmp = pdf.open_metadata()
    assert xmp.get("pdfaid:part") == "3"
    assert xmp.get("pdfaid:conformance") == "A"
    assert "/StructTreeRoot" in pdf.Root
    assert pdf.Root.MarkInfo.Marked
    assert str(pdf.Root.Lang) == "sv"
    fonts = 0
    for pdf_page in pdf.pages:
        for font in pdf_page.Resources.get("/Font", {}).values():
            for candidate in [font, *font.get("/DescendantFonts", [])]:
                descriptor = candidate.get("/FontDescriptor")
                if descriptor is not None:
                    fonts += 1
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())
    assert fonts
    assert "Laholms kommun" in str(pdf.docinfo["/Author"])


# --- stored once, drafts on request ---------------------------------------------------------


def test_approved_minutes_are_stored_once_and_a_new_addendum_makes_a_new_document(
    client_as, held, samordnare
):
    client = client_as("kommunpolis")
    with mock.patch.object(documents, "render", wraps=documents.render) as render:
        first = client.get(url(held, "minutes_pdf"))
        made = render.call_count  # 0 if an earlier test stored it already
        second = client.get(url(held, "minutes_pdf"))
        assert render.call_count == made <= 1
        assert first.content == second.content
        etag = first["ETag"]
        assert not etag.startswith("W/")
        assert storages["attachments"].exists(documents.minutes(held).stored_name)

        not_modified = client.get(url(held, "minutes_pdf"), HTTP_IF_NONE_MATCH=etag)
        assert not_modified.status_code == 304
        assert render.call_count == made

        minutes_services.addendum_add(
            meeting=held, text="Rättelse: mötet avslutades 14.45.", by=samordnare
        )
        third = client.get(url(held, "minutes_pdf"), HTTP_IF_NONE_MATCH=etag)
        assert render.call_count == made + 1
    assert third.status_code == 200
    assert third["ETag"] != etag
    text = text_of(third.content)
    assert "Tillägg efter justering" in text
    assert "Rättelse: mötet avslutades 14.45." in text


def test_minutes_not_yet_approved_are_rendered_on_request_and_marked_utkast(
    client_as, council, samordnare
):
    meeting = held_meeting(council, items=1)
    decide(meeting, samordnare, text="Rådet ställer sig bakom lägesbilden för Älmhult.")
    response = client_as("laholmshem").get(url(meeting, "minutes_pdf"))
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    text = text_of(response.content)
    assert "UTKAST" in text
    assert "Utkast: protokollet är inte justerat." in text
    assert "Rådet ställer sig bakom lägesbilden för Älmhult." in text


# --- who gets them --------------------------------------------------------------------------


def test_a_draft_meetings_documents_are_for_its_convener_only(client_as, council, not_rendered):
    """As the meeting page: a meeting not yet convened is not found by the members."""
    meeting = held_meeting(council, status=Meeting.Status.DRAFT)
    for name in ("meeting_pdf", "minutes_pdf"):
        assert client_as("kommunpolis").get(url(meeting, name)).status_code == 404
        assert client_as("samordnare").get(url(meeting, name)).status_code == 200
    assert client_as("samordnare").get(url(meeting, "meeting")).status_code == 200
    assert client_as("kommunpolis").get(url(meeting, "meeting")).status_code == 404


def test_a_meeting_that_has_not_begun_or_was_cancelled_has_no_protokoll(
    client_as, upcoming, held, samordnare, not_rendered
):
    assert client_as("samordnare").get(url(upcoming, "minutes_pdf")).status_code == 404
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.CANCELLED)
    assert client_as("samordnare").get(url(held, "minutes_pdf")).status_code == 404
    assert client_as("samordnare").get(url(held, "meeting_pdf")).status_code == 200


@pytest.mark.parametrize("name", ["meeting_pdf", "minutes_pdf"])
def test_an_outsider_gets_404_and_anonymous_is_sent_to_log_in(client, client_as, held, name):
    assert client.get(url(held, name)).status_code == 302
    assert client_as("annan-kommun").get(url(held, name)).status_code == 404


def test_the_pdfs_are_post_free(client_as, held):
    assert client_as("samordnare").post(url(held, "minutes_pdf")).status_code == 405


# --- links ----------------------------------------------------------------------------------


def test_the_meeting_page_links_to_both_documents_once_held(client_as, held, upcoming):
    page = client_as("laholmshem").get(url(held, "meeting")).content.decode()
    for name, label in (
        ("meeting_pdf", "Exportera kallelse (PDF)"),
        ("minutes_pdf", "Exportera protokoll (PDF)"),
    ):
        assert re.search(rf'<a href="{url(held, name)}" download>{re.escape(label)}</a>', page)
    page = client_as("laholmshem").get(url(upcoming, "meeting")).content.decode()
    assert url(upcoming, "meeting_pdf") in page
    assert "Exportera protokoll (PDF)" not in page


# --- queries --------------------------------------------------------------------------------


def grow(meeting, n: int, by) -> None:
    """n more agenda items, each with underlag, a presenter and (once held) a decision."""
    for k in range(n):
        item = AgendaItemFactory(
            meeting=meeting,
            order=10 + k,
            notes=f"Underlag {k}.",
            minutes=f"Anteckning {k}.",
            presenter=person("kommunpolis"),
        )
        if meeting.starts_at < at_ten(TODAY):
            decisions.decision_record(
                item=item, text=f"Beslut {k}", positions=agree_all(meeting), by=by
            )


@pytest.mark.parametrize("name", ["meeting_pdf", "minutes_pdf"])
def test_the_documents_run_the_same_queries_with_2_and_20_items(
    client_as, council, samordnare, name, not_rendered, django_assert_max_num_queries
):
    client = client_as("kommunpolis")
    counts = {}
    for n in (2, 20):
        meeting = held_meeting(council, day=TODAY - timedelta(days=5 + n))
        minutes_services.minutes_signatories_set(
            meeting=meeting,
            chair=person("samordnare"),
            adjuster=person("kommunpolis"),
            by=samordnare,
        )
        grow(meeting, n, samordnare)
        client.get(url(meeting, name))  # warm per-process caches (content types)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(meeting, name)).status_code == 200
        counts[n] = len(captured.captured_queries)
    assert counts[2] == counts[20]
    # The registry's bound (tests/councils/pages_pdf.py).
    with django_assert_max_num_queries(page(f"councils:{name}").queries):
        client.get(url(meeting, name))
