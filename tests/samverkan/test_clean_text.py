"""Typed text is one form of Unicode and says what it shows (issue 13, tamper-proof forms):
single-line fields refuse line breaks, control and invisible characters; multi-line
fields keep line breaks; everything is stored as NFC. And an edit form sent without the
version it was opened at is refused, not saved over a newer change."""

import importlib
import pkgutil
import unicodedata

import pytest
from django import forms
from django.urls import reverse

from samverkan.forms import CleanTextMixin, SafeForm, text_problem
from samverkan.services import version_of

APPS = ["samverkan", "councils", "situation", "actionplan"]


def project_forms() -> list[type]:
    """Every form class defined in the apps' modules."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, app + "."):
            if "migrations" in info.name or "management" in info.name:
                continue
            if "form" in info.name.rsplit(".", 1)[-1]:
                importlib.import_module(info.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return found


def test_every_form_of_the_project_cleans_its_text():
    classes = project_forms()
    assert len(classes) > 40  # the walk found the apps' forms
    assert [c.__qualname__ for c in classes if not issubclass(c, CleanTextMixin)] == []


@pytest.mark.parametrize(
    "value",
    [
        "Ny\ntitel",
        "Ny\rtitel",
        "Ny\ttitel",
        "Ny\x00titel",
        "Kommun\u200bpolis",
        "Kommun\u200dpolis",
        "Polisen \u202eneslop",
        "\ufeffPolisen",
        "Kommun\u00adpolis",
    ],
)
def test_a_single_line_refuses_breaks_control_and_invisible_characters(value):
    assert text_problem(value, multiline=False)


@pytest.mark.parametrize("value", ["Rad ett\nrad två\r\n\tindrag", "👩\u200d👩\u200d👧 familj"])
def test_multi_line_text_keeps_breaks_tabs_and_joiners(value):
    assert text_problem(value, multiline=True) is None


@pytest.mark.parametrize("value", ["Text \u202eöverkörd", "Noll\x07"])
def test_multi_line_text_refuses_direction_overrides_and_control_characters(value):
    assert text_problem(value, multiline=True)


def test_pasted_text_loses_its_invisible_leftovers_quietly():
    pasted = "\ufeffRubrik\fStycke med\u200bnollbredd\u2060."
    form = Sample({"name": "ok", "text": pasted, "secret": "x"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "Rubrik\nStycke mednollbredd."


class Sample(SafeForm):
    name = forms.CharField()
    text = forms.CharField(widget=forms.Textarea)
    secret = forms.CharField(widget=forms.PasswordInput)


def test_text_is_stored_as_nfc_and_passwords_are_left_as_typed():
    decomposed = unicodedata.normalize("NFD", "Höglandet Åsa")
    form = Sample({"name": decomposed, "text": decomposed, "secret": decomposed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == unicodedata.normalize("NFC", decomposed)
    assert form.cleaned_data["text"] == unicodedata.normalize("NFC", decomposed)
    assert form.cleaned_data["secret"] == decomposed


def test_the_error_is_swedish_and_on_the_field():
    form = Sample({"name": "Ett\nTvå", "text": "ok", "secret": "x"})
    assert not form.is_valid()
    assert form.errors["name"] == ["Fältet ska vara en enda rad: ta bort radbrytningar och tabbar."]


def _agreement_data(agreement, **changes) -> dict:
    data = {
        "version": version_of(agreement),
        "title": agreement.title,
        "municipality": agreement.municipality,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "signed_place": agreement.signed_place,
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else "",
        "status": agreement.status,
    }
    return data | changes


def test_a_title_with_a_line_break_is_refused_and_what_was_typed_is_kept(laholm, client_as):
    url = reverse("samverkan:agreement_edit", kwargs={"agreement_pk": laholm.pk})
    title = laholm.title
    response = client_as("samordnare").post(url, _agreement_data(laholm, title="Ny\ntitel"))
    assert response.status_code == 200
    assert "ta bort radbrytningar" in response.content.decode()
    assert "Ny\ntitel" in response.content.decode()  # kept in the field
    laholm.refresh_from_db()
    assert laholm.title == title


def test_a_decomposed_title_is_saved_composed(laholm, client_as):
    url = reverse("samverkan:agreement_edit", kwargs={"agreement_pk": laholm.pk})
    typed = unicodedata.normalize("NFD", "Samverkansöverenskommelse Laholm")
    response = client_as("samordnare").post(url, _agreement_data(laholm, title=typed))
    assert response.status_code == 302
    laholm.refresh_from_db()
    assert laholm.title == "Samverkansöverenskommelse Laholm"
    assert laholm.title != typed


def test_an_edit_form_without_its_version_is_refused(laholm, client_as):
    url = reverse("samverkan:agreement_edit", kwargs={"agreement_pk": laholm.pk})
    data = _agreement_data(laholm, municipality="Annat")
    del data["version"]
    response = client_as("samordnare").post(url, data)
    assert response.status_code == 200
    assert "saknar uppgiften om vilken version" in response.content.decode()
    laholm.refresh_from_db()
    assert laholm.municipality != "Annat"


def test_an_edit_form_with_an_old_version_is_refused(laholm, client_as):
    url = reverse("samverkan:agreement_edit", kwargs={"agreement_pk": laholm.pk})
    data = _agreement_data(laholm, municipality="Annat")
    data["version"] = data["version"] - 1
    response = client_as("samordnare").post(url, data)
    assert response.status_code == 200
    assert "Någon annan har ändrat" in response.content.decode()
