"""The services of situation input (situation/services/inputs.py): drafts for one's own
party, submission, corrections that keep both revisions, deletion, attachments, and the
guard against personal identity numbers and wrong files: a refusal stores nothing."""

import io
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from samverkan.models import Event
from samverkan.services import version_of
from situation.models import Attachment, Indicator, SituationInput
from situation.services.inputs import (
    attachment_add,
    attachment_remove,
    input_correct,
    input_create,
    input_delete,
    input_submit,
    input_update,
)
from tests.helpers import NOW, STALE, TODAY, at_ten, refusal
from tests.situation.factories import (
    AreaFactory,
    CategoryFactory,
    InputRequestFactory,
    SituationInputFactory,
)

DRAFT = SituationInput.Status.DRAFT
SUBMITTED = SituationInput.Status.SUBMITTED
SUPERSEDED = SituationInput.Status.SUPERSEDED


@pytest.fixture(autouse=True)
def _swedish():
    with override("sv"):
        yield


# --- numbers and files, built here ------------------------------------------------------


def luhn_digit(nine: str) -> str:
    total = 0
    for position, digit in enumerate(int(d) for d in nine):
        product = digit * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def personnummer(birth: str = "850704", serial: str = "287") -> str:
    """A valid personnummer (YYMMDD-NNNC); day + 60 makes a samordningsnummer."""
    return f"{birth}-{serial}{luhn_digit(birth + serial)}"


PERSONNUMMER = personnummer()
SAMORDNINGSNUMMER = personnummer("850764", "123")
# Ten digits that look like one but whose check digit is wrong: a case number, say.
WRONG_CHECK_DIGIT = PERSONNUMMER[:-1] + str((int(PERSONNUMMER[-1]) + 1) % 10)


@cache
def pdf_bytes(text: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def csv_bytes(*rows: str) -> bytes:
    return "\n".join(["Plats;Händelse;Antal", *rows]).encode() + b"\n"


# A Windows program named as a PDF.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files(location) -> list:
    return sorted(path for path in location.rglob("*") if path.is_file())


def rows() -> tuple[int, int, int]:
    """How many inputs, indicators and attachments there are (the demo has some)."""
    return (SituationInput.objects.count(), Indicator.objects.count(), Attachment.objects.count())


# --- objects ----------------------------------------------------------------------------


@pytest.fixture
def party(laholm):
    return lambda short_name: laholm.parties.select_related("party").get(short_name=short_name)


@pytest.fixture
def area(laholm):
    return AreaFactory(agreement=laholm, name="Mellbystrand")


@pytest.fixture
def category(laholm):
    return CategoryFactory(agreement=laholm, name="Skadegörelse och klotter")


@pytest.fixture
def data(area, category):
    """Valid fields of a police input."""
    return {
        "title": "Klotter vid stationen",
        "source": "police",
        "source_detail": "",
        "area": area,
        "category": category,
        "period_from": date(2025, 2, 1),
        "period_to": date(2025, 2, 28),
        "narrative": "Fler anmälningar om klotter kvällstid.",
        "sensitivity": "internal",
        "request": None,
    }


INDICATORS = [
    {
        "name": "Anmäld skadegörelse",
        "value": Decimal("14"),
        "unit": "st",
        "comparison_value": Decimal("9"),
        "comparison_period": "februari 2024",
    },
    {
        "name": "Trygghetsindex",
        "value": Decimal("2.5"),
        "unit": "",
        "comparison_value": None,
        "comparison_period": "",
    },
]


@pytest.fixture
def create(laholm, party, user, data):
    """input_create for Polisen by the kommunpolis, with these changes."""

    def make(by="kommunpolis", short_name="Polisen", indicators=(), files=(), **changes):
        return input_create(
            agreement=laholm,
            party=party(short_name),
            by=user(by),
            data=data | changes,
            indicators=indicators,
            files=files,
        )

    return make


# --- a draft ----------------------------------------------------------------------------


def test_a_draft_is_written_for_ones_own_party_with_indicators_and_attachments(
    create, user, private_files
):
    situation_input = create(
        indicators=INDICATORS,
        files=[upload("klotter.csv", csv_bytes("Stationen;Klotter;3"))],
    )
    assert situation_input.status == DRAFT
    assert situation_input.author == user("kommunpolis")
    assert situation_input.revision == 1 and situation_input.submitted_at is None
    assert [(i.name, i.value, i.order) for i in situation_input.indicators.all()] == [
        ("Anmäld skadegörelse", Decimal("14.00"), 1),
        ("Trygghetsindex", Decimal("2.50"), 2),
    ]
    [attachment] = situation_input.attachments.all()
    assert (attachment.original_name, attachment.content_type) == ("klotter.csv", "text/csv")
    assert attachment.file.name.startswith("situation/") and "klotter" not in attachment.file.name
    assert (private_files / attachment.file.name).read_bytes() == csv_bytes("Stationen;Klotter;3")
    assert situation_input.history.get().history_user == user("kommunpolis")


def test_nobody_writes_input_for_a_party_they_do_not_submit_for(create):
    before = rows()
    error = refusal(create, by="frivard")  # Kriminalvården's, not Polisen's
    assert error.messages == ["Du lämnar inte underlag för Polisen."]
    error = refusal(create, by="sakerhetschef")  # reads, submits for nobody
    assert error.messages == ["Du lämnar inte underlag för Polisen."]
    assert rows() == before


@pytest.mark.parametrize(
    ("short_name", "by", "source", "fits"),
    [
        ("Polisen", "kommunpolis", "police", True),
        ("Polisen", "kommunpolis", "municipal_department", False),
        ("Kriminalvården", "frivard", "prison_probation", True),
        ("Kriminalvården", "frivard", "police", False),
        ("Kommunen", "forvaltning", "municipal_department", True),
        ("Kommunen", "forvaltning", "municipal_company", True),
        ("Kommunen", "forvaltning", "safety_survey", True),
        ("Kommunen", "forvaltning", "prison_probation", False),
    ],
)
def test_the_source_must_fit_the_partys_organisation(create, short_name, by, source, fits):
    if fits:
        assert create(by=by, short_name=short_name, source=source).source == source
    else:
        error = refusal(create, by=by, short_name=short_name, source=source)
        assert list(error.message_dict) == ["source"]


def test_the_area_and_category_are_the_agreements_and_in_use(create, laholm, other_agreement):
    unused = AreaFactory(agreement=laholm, name="Gamla hamnen", active=False)
    assert refusal(create, area=unused).message_dict == {
        "area": ["Välj ett av överenskommelsens områden som används."]
    }
    foreign = CategoryFactory(agreement=other_agreement, name="Inbrott")
    assert refusal(create, category=foreign).message_dict == {
        "category": ["Välj en av överenskommelsens problemkategorier som används."]
    }


def test_an_input_without_an_area_concerns_the_whole_municipality(create):
    assert create(area=None).area is None


def test_the_period_may_not_end_before_it_starts(create):
    error = refusal(create, period_from=date(2025, 3, 1), period_to=date(2025, 2, 1))
    assert error.message_dict == {"period_to": ["Perioden kan inte sluta före den börjar."]}


def test_a_closed_request_cannot_be_answered_an_open_one_can(create, laholm):
    closed = InputRequestFactory(agreement=laholm, closed=True)
    assert list(refusal(create, request=closed).message_dict) == ["request"]
    open_request = InputRequestFactory(agreement=laholm)
    assert create(request=open_request).request == open_request


def test_nobody_writes_input_after_the_agreement_has_ended(create, time_machine):
    time_machine.move_to(at_ten(date(2027, 1, 15)))
    error = refusal(create)
    assert error.messages == [
        "Överenskommelsen har upphört; underlag kan inte längre lämnas eller ändras."
    ]


# --- personal identity numbers: refused, nothing stored ---------------------------------


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("title", "Rubrik"),
        ("source_detail", "Förvaltning eller bolag"),
        ("narrative", "Beskrivning"),
    ],
)
@pytest.mark.parametrize("number", [PERSONNUMMER, SAMORDNINGSNUMMER])
def test_an_identity_number_in_a_text_field_is_refused_naming_the_field(
    create, private_files, field, label, number
):
    before, files = rows(), stored_files(private_files)
    error = refusal(
        create,
        files=[upload("klotter.csv", csv_bytes("Stationen;Klotter;3"))],
        **{field: f"Gäller {number}"},
    )
    [message] = error.message_dict[field]
    assert f"”{label.lower()}”" in message.lower() and "rad 1" in message
    assert number not in message
    assert rows() == before and stored_files(private_files) == files


def test_an_identity_number_in_an_indicator_is_refused_naming_the_indicator(create):
    before = rows()
    indicators = [INDICATORS[0], INDICATORS[1] | {"comparison_period": f"jfr {PERSONNUMMER}"}]
    error = refusal(create, indicators=indicators)
    [message] = error.message_dict["indicators"]
    assert "jämförelseperiod i indikator 2" in message
    assert rows() == before


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("lagesbild.pdf", lambda: pdf_bytes(f"Kontakt: {PERSONNUMMER}"), "sida 1"),
        ("underlag.docx", lambda: docx_bytes("Läget", f"Anmälare {PERSONNUMMER}"), "stycke 2"),
        (
            "anmalningar.csv",
            lambda: csv_bytes("Stationen;Klotter;3", f"{PERSONNUMMER};x;1"),
            "rad 3",
        ),
    ],
)
def test_an_identity_number_in_an_attachment_refuses_the_whole_save(
    create, private_files, name, content, where
):
    before, stored = rows(), stored_files(private_files)
    files = [upload("ok.csv", csv_bytes("Torget;Samling;12")), upload(name, content())]
    error = refusal(create, indicators=INDICATORS, files=files)
    [message] = error.message_dict["files"]
    assert f"Filen ”{name}”" in message and f"({where})" in message
    assert PERSONNUMMER not in message
    assert rows() == before and stored_files(private_files) == stored


def test_a_ten_digit_number_with_a_wrong_check_digit_passes(create):
    situation_input = create(
        narrative=f"Ärende {WRONG_CHECK_DIGIT}",
        files=[
            upload("lista.csv", csv_bytes(f"{WRONG_CHECK_DIGIT};Klotter;1")),
            upload("lista.pdf", pdf_bytes(f"Ärende {WRONG_CHECK_DIGIT}")),
            upload("lista.docx", docx_bytes(f"Ärende {WRONG_CHECK_DIGIT}")),
        ],
    )
    assert situation_input.attachments.count() == 3


def test_a_renamed_executable_is_refused_as_what_it_is(create, private_files):
    before, stored = rows(), stored_files(private_files)
    error = refusal(create, files=[upload("rapport.pdf", EXECUTABLE)])
    assert error.message_dict["files"] == [
        "Filen ”rapport.pdf” är inte en tillåten filtyp – enligt innehållet är den ett "
        "Windows-program. Tillåtna filtyper är PDF, Word (.docx), Excel (.xlsx), CSV, PNG och "
        "JPEG."
    ]
    assert rows() == before and stored_files(private_files) == stored


# --- changing a draft -------------------------------------------------------------------


def test_a_draft_is_changed_with_its_indicators_in_place(create, user, data):
    situation_input = create(indicators=INDICATORS)
    first = list(situation_input.indicators.values_list("pk", flat=True))
    rows = [INDICATORS[0] | {"value": Decimal("15")}]
    input_update(
        situation_input=situation_input,
        by=user("kommunpolis"),
        data=data | {"title": "Klotter vid stationen och torget"},
        indicators=rows,
        expected_version=version_of(situation_input),
    )
    situation_input.refresh_from_db()
    assert situation_input.title == "Klotter vid stationen och torget"
    assert list(situation_input.indicators.values_list("pk", "value")) == [
        (first[0], Decimal("15.00"))
    ]


def test_a_stale_edit_is_refused_also_when_only_the_indicators_changed(create, user, data):
    situation_input = create(indicators=INDICATORS)
    opened_at = version_of(situation_input)
    input_update(
        situation_input=situation_input,
        by=user("kommunpolis"),
        data=data,
        indicators=INDICATORS[:1],
        expected_version=opened_at,
    )
    error = refusal(
        input_update,
        situation_input=situation_input,
        by=user("kommunpolis"),
        data=data | {"narrative": "Min version"},
        indicators=INDICATORS,
        expected_version=opened_at,
    )
    assert error.messages == [STALE]
    situation_input.refresh_from_db()
    assert situation_input.narrative == data["narrative"]
    assert situation_input.indicators.count() == 1


def test_an_identity_number_in_an_edit_leaves_the_draft_as_it_was(
    create, user, data, private_files
):
    situation_input = create()
    before = stored_files(private_files)
    refusal(
        input_update,
        situation_input=situation_input,
        by=user("kommunpolis"),
        data=data | {"title": "Ny rubrik"},
        files=[upload("lista.docx", docx_bytes(PERSONNUMMER))],
    )
    situation_input.refresh_from_db()
    assert situation_input.title == data["title"]
    assert stored_files(private_files) == before


def test_submitted_input_is_not_changed_in_place(create, user, data):
    situation_input = create()
    input_submit(situation_input=situation_input, by=user("kommunpolis"))
    error = refusal(
        input_update, situation_input=situation_input, by=user("kommunpolis"), data=data
    )
    assert error.messages[0].startswith("Underlaget är inlämnat och ändras inte.")
    assert (
        refusal(
            attachment_add,
            situation_input=situation_input,
            upload=upload("a.csv", csv_bytes()),
            by=user("kommunpolis"),
        ).messages
        == error.messages
    )
    assert refusal(input_delete, situation_input=situation_input, by=user("kommunpolis"))


def test_whoever_submits_for_the_party_changes_its_draft_nobody_else(create, user, data):
    situation_input = create()
    input_update(
        situation_input=situation_input,
        by=user("kommunpolis"),
        data=data | {"sensitivity": "confidential"},
    )
    situation_input.refresh_from_db()
    assert situation_input.sensitivity == "confidential"
    # Someone at the police who does not submit input may not.
    error = refusal(input_update, situation_input=situation_input, by=user("lpo-chef"), data=data)
    assert error.messages == ["Du lämnar inte underlag för Polisen."]


# --- submitting and correcting ----------------------------------------------------------


def test_submitting_records_the_time_and_an_event_naming_only_the_party(create, user):
    situation_input = create(title="Hemligt: misstänkt langning")
    input_submit(situation_input=situation_input, by=user("kommunpolis"), now=NOW)
    situation_input.refresh_from_db()
    assert (situation_input.status, situation_input.submitted_at) == (SUBMITTED, NOW)
    event = Event.objects.get(action="situation.input.submitted")
    assert event.data == {"party": "Polisen"}
    assert "langning" not in str(event.data)


def test_a_correction_is_a_new_revision_that_supersedes_the_old_one_once_submitted(
    create, user, data, private_files
):
    first = create(
        indicators=INDICATORS, files=[upload("klotter.csv", csv_bytes("Stationen;Klotter;3"))]
    )
    input_submit(situation_input=first, by=user("kommunpolis"))
    correction = input_correct(situation_input=first, by=user("kommunpolis"))
    assert (correction.thread, correction.revision, correction.supersedes) == (
        first.thread,
        2,
        first,
    )
    assert correction.status == DRAFT and correction.title == first.title
    assert correction.indicators.count() == 2
    [old_file] = first.attachments.all()
    [new_file] = correction.attachments.all()
    assert new_file.file.name == old_file.file.name and new_file.pk != old_file.pk

    first.refresh_from_db()
    assert first.status == SUBMITTED  # until the correction is submitted
    assert refusal(input_correct, situation_input=first, by=user("kommunpolis")).messages == [
        "Det finns redan en påbörjad rättelse av underlaget. Fortsätt med den."
    ]

    input_update(
        situation_input=correction,
        by=user("kommunpolis"),
        data=data | {"narrative": "Rättat antal."},
        indicators=INDICATORS[:1],
    )
    input_submit(situation_input=correction, by=user("kommunpolis"))
    first.refresh_from_db()
    correction.refresh_from_db()
    assert (first.status, correction.status) == (SUPERSEDED, SUBMITTED)
    # Both revisions stay, each as it was.
    assert first.narrative == data["narrative"] and first.indicators.count() == 2
    assert correction.narrative == "Rättat antal." and correction.indicators.count() == 1
    assert list(SituationInput.objects.current().filter(thread=first.thread)) == [correction]
    assert Event.objects.get(action="situation.input.corrected").data == {"party": "Polisen"}
    assert (private_files / old_file.file.name).exists()


def test_only_submitted_input_is_corrected(create, user):
    draft = create()
    error = refusal(input_correct, situation_input=draft, by=user("kommunpolis"))
    assert error.messages == ["Bara inlämnat underlag som inte redan är ersatt kan rättas."]


def test_a_revision_is_corrected_again_after_its_correction(create, user):
    first = create()
    input_submit(situation_input=first, by=user("kommunpolis"))
    second = input_correct(situation_input=first, by=user("kommunpolis"))
    input_submit(situation_input=second, by=user("kommunpolis"))
    third = input_correct(situation_input=second, by=user("kommunpolis"))
    assert (third.revision, third.supersedes) == (3, second)
    assert refusal(input_correct, situation_input=first, by=user("kommunpolis"))


# --- deleting and attachments -----------------------------------------------------------


def test_deleting_a_draft_deletes_its_files_once_committed(
    create, user, private_files, django_capture_on_commit_callbacks
):
    situation_input = create(files=[upload("a.csv", csv_bytes("Torget;Samling;12"))])
    name = situation_input.attachments.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        input_delete(situation_input=situation_input, by=user("kommunpolis"))
    assert not SituationInput.objects.filter(pk=situation_input.pk).exists()
    assert not Attachment.objects.filter(file=name).exists()
    assert not (private_files / name).exists()


def test_deleting_a_correction_keeps_the_files_the_corrected_revision_shares(
    create, user, private_files, django_capture_on_commit_callbacks
):
    first = create(files=[upload("a.csv", csv_bytes("Torget;Samling;12"))])
    input_submit(situation_input=first, by=user("kommunpolis"))
    correction = input_correct(situation_input=first, by=user("kommunpolis"))
    with django_capture_on_commit_callbacks(execute=True):
        input_delete(situation_input=correction, by=user("kommunpolis"))
    assert (private_files / first.attachments.get().file.name).exists()


def test_an_attachment_is_added_and_removed_on_a_draft(
    create, user, private_files, django_capture_on_commit_callbacks
):
    situation_input = create()
    attachment = attachment_add(
        situation_input=situation_input,
        upload=upload("karta.docx", docx_bytes("Karta över centrum")),
        by=user("kommunpolis"),
    )
    assert attachment.content_type.endswith("wordprocessingml.document")
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, by=user("kommunpolis"))
    assert not situation_input.attachments.exists()
    assert not (private_files / attachment.file.name).exists()


def test_a_refused_attachment_is_not_stored(create, user, private_files):
    situation_input = create()
    before = stored_files(private_files)
    error = refusal(
        attachment_add,
        situation_input=situation_input,
        upload=upload("bild.png", EXECUTABLE),
        by=user("kommunpolis"),
    )
    assert "Windows-program" in error.message_dict["files"][0]
    assert stored_files(private_files) == before and not situation_input.attachments.exists()


def test_the_factory_builds_a_submitted_input_of_the_first_party(laholm):
    situation_input = SituationInputFactory(agreement=laholm)
    assert situation_input.party.agreement == laholm and situation_input.status == SUBMITTED
    assert situation_input.period_to == TODAY - timedelta(days=10)
