import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.settings import mailer_from_url

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly these variables."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import samverkan.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = load_settings(DEBUG="false", SECRET_KEY="short")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_refuses_a_long_key_of_one_repeated_character():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="a.se")
    assert "too weak" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings(DEBUG="false", SECRET_KEY="k3y-" + "abcdefghij" * 5)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr


def test_a_bad_boolean_fails_loudly():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_nothing_set_means_sqlite_and_a_postgres_url_means_postgresql():
    assert load_settings().stdout.strip() == "django.db.backends.sqlite3"
    result = load_settings(DATABASE_URL="postgres://u:p@db.example:5432/samverkan")
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_production_settings_set_secure_cookies_and_hsts():
    code = (
        "import samverkan.settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
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
    assert result.stdout.split() == ["True", "True", "True", "False"]


def test_email_url_becomes_a_mailer():
    mailer = mailer_from_url("smtp://kommun%40laholm.se:hemligt@smtp.laholm.se:587?tls=1")
    assert mailer["OPTIONS"]["host"] == "smtp.laholm.se"
    assert mailer["OPTIONS"]["port"] == 587
    assert mailer["OPTIONS"]["username"] == "kommun@laholm.se"
    assert mailer["OPTIONS"]["use_tls"] is True
    assert mailer_from_url("console://")["BACKEND"].endswith("console.EmailBackend")


def test_email_url_with_an_unknown_scheme_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        mailer_from_url("carrier-pigeon://loft")
    with pytest.raises(ImproperlyConfigured):
        mailer_from_url("smtp://mail.example.se:port")


def test_every_page_has_a_content_security_policy_without_inline_code(client_as, laholm):
    response = client_as("samordnare").get(f"/overenskommelser/{laholm.pk}/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_no_template_carries_inline_script_or_style():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"inline script in {template}"
        assert not re.search(r"\sstyle=", text), f"inline style in {template}"
        assert "<style" not in text, f"style element in {template}"


def test_pages_are_swedish_whatever_the_browser_asks_for(client_as, laholm):
    response = client_as("samordnare").get(
        f"/overenskommelser/{laholm.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert '<html lang="sv">' in response.content.decode()
    assert response.headers["Content-Language"] == "sv"


CONCURRENT_SAVES = """
import threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as c:
    c.execute("CREATE TABLE counter (n integer)")
    c.execute("INSERT INTO counter VALUES (0)")
connection.close()
errors = []

def save():
    # Read, think, write: the shape of every edit (the version check reads first).
    try:
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("SELECT n FROM counter")
                n = c.fetchone()[0]
                time.sleep(0.3)
                c.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=save) for _ in range(2)]
[t.start() for t in threads]
[t.join() for t in threads]
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    mode = c.fetchone()[0]
    c.execute("SELECT n FROM counter")
    print(mode, c.fetchone()[0], errors)
"""


def test_on_sqlite_two_saves_at_the_same_moment_wait_for_each_other(tmp_path):
    """WAL and IMMEDIATE transactions: the second writer waits for the first instead of
    failing with "database is locked" (which it does with SQLite's default, DEFERRED, when
    a transaction that has read tries to write)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_SAVES],
        cwd=ROOT,
        env=clean
        | {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["wal", "2"], result.stdout
    assert result.stdout.strip().endswith("[]")
