"""Headers and sessions for people on shared municipal machines: no logged-in page or
download stays in a cache, browser features the app does not use are off, a session ends
after a working day without activity, and production settings pass `check --deploy`."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from samverkan.middleware import PERMISSIONS_POLICY

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_finds_nothing_to_warn_about_in_production_settings():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            "DEBUG": "false",
            "SECRET_KEY": "k3y-" + "abcdefghij" * 5,
            "ALLOWED_HOSTS": "samverkan.laholm.se",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_a_logged_in_page_and_a_download_are_never_stored(client_as, laholm):
    client = client_as("kommunpolis")
    page = client.get(reverse("samverkan:agreement", args=[laholm.pk]))
    pdf = client.get(reverse("samverkan:agreement_pdf", args=[laholm.pk]))

    assert page["Cache-Control"] == "no-store"
    assert pdf["Cache-Control"] == "no-store"


def test_the_public_page_of_the_promises_stays_cacheable_for_a_logged_in_user(client_as):
    response = client_as("kommunpolis").get(
        reverse("actionplan:public", kwargs={"municipality": "laholm"})
    )
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_every_response_turns_off_the_browser_features_the_app_does_not_use(client):
    response = client.get(reverse("login"))
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY


def test_a_session_ends_after_eight_hours_without_a_request(client_as, laholm, time_machine):
    client = client_as("kommunpolis")
    url = reverse("samverkan:agreement", args=[laholm.pk])
    time_machine.move_to(timezone.now())
    time_machine.shift(timedelta(hours=7, minutes=59))
    assert client.get(url).status_code == 200

    time_machine.shift(timedelta(hours=8, minutes=1))
    assert client.get(url).status_code == 302  # to the login page


def test_working_on_keeps_the_session_alive_past_eight_hours(client_as, laholm, time_machine):
    client = client_as("kommunpolis")
    url = reverse("samverkan:agreement", args=[laholm.pk])
    time_machine.move_to(timezone.now())
    for _hour in range(10):
        time_machine.shift(timedelta(hours=1))
        assert client.get(url).status_code == 200
