"""Choosing English in the footer's language form translates the interface; choosing
Swedish again brings the Swedish back. The agreement's own text stays as written."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ENGLISH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"


@pytest.fixture(autouse=True)
def _restore_active_language():
    # The language middleware activates the chosen language for the whole thread;
    # keep it from leaking into the tests that run after this one.
    previous = translation.get_language()
    yield
    translation.activate(previous)


def choose_language(client, code):
    response = client.post("/i18n/setlang/", {"language": code, "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"


def nav_labels(html):
    """The link texts of the agreement's navigation, in order."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav, "the agreement navigation is not on the page"
    return [label.strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav.group(0), re.S)]


def html_lang(html):
    match = re.search(r'<html lang="([^"]*)"', html)
    assert match, "the page has no <html lang>"
    return match.group(1)


def test_the_overview_follows_the_chosen_language(client_as, laholm):
    assert ENGLISH_CATALOGUE.exists(), "compile the catalogues first: make messages"
    client = client_as("samordnare")
    overview = f"/overenskommelser/{laholm.pk}/"

    page = client.get(overview).content.decode()
    assert html_lang(page) == "sv"
    assert nav_labels(page)[0] == "Översikt"

    choose_language(client, "en")
    response = client.get(overview)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert html_lang(page) == "en"
    assert nav_labels(page)[:2] == ["Overview", "Parties"]
    assert "Översikt" not in page
    assert "Skip to main content" in page
    # Data is not translated: the agreement's own text reads as it was signed.
    assert "Kommunen äger ordförandeskapet." in page

    choose_language(client, "sv")
    response = client.get(overview)
    page = response.content.decode()
    assert response.headers["Content-Language"] == "sv"
    assert html_lang(page) == "sv"
    assert nav_labels(page)[:2] == ["Översikt", "Parter"]
    assert "Overview" not in page
    assert "Hoppa till huvudinnehållet" in page
