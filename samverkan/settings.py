"""Samverkan settings: everything configurable comes from environment variables.

With nothing set the project runs locally on SQLite with DEBUG on; production
(DEBUG off) refuses to start without a real SECRET_KEY.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A generated dev secret kept beside the project (git-ignored) so that logins
    # survive the dev server's reloads.
    _secret_file = BASE_DIR / ".dev-secret-key"
    if not _secret_file.exists():
        _secret_file.write_text("dev-" + secrets.token_urlsafe(40))
    SECRET_KEY = _secret_file.read_text().strip()
elif not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("dev-", "django-insecure"))
):
    # The same bar as Django's security check W009.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production (at least 50 characters, 5 different)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The admin, for superusers with two-factor sign-in only (samverkan/admin_site.py).
    "samverkan.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_tasks_db",
    # Brute-force protection of the login (its attempts in the database, its admin pages).
    "axes",
    # Two-factor sign-in (samverkan/twofactor.py): an authenticator app, recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "samverkan",
    "councils",
    "situation",
    "actionplan",
    # Performance figures (`make bench`): seed_bench and bench commands, nothing served.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samverkan.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session; then
    # ours, which holds a half-signed-in session at the code page.
    "django_otp.middleware.OTPMiddleware",
    "samverkan.twofactor.TwoFactorMiddleware",
    "samverkan.middleware.PrivacyHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: turns a login refused for a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

# `{{ form }}` renders the project's form template (error summary, labels, help, errors).
FORM_RENDERER = "samverkan.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "samverkan.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two people saving at the same moment: WAL lets readers go on beside a writer, and
    # IMMEDIATE takes the write lock when a transaction begins, so a second writer waits
    # (up to `timeout` seconds) instead of failing midway with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses every login while the user or address is locked out, before any
    # password is checked. It needs the request, so authenticate() must be given one.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user is not needed: every page requires a login.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    # The name, username and e-mail address: the user model's attributes it compares with.
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "samverkan.passwords.SwedishCommonPasswordValidator"},
]

# Lockout after LOGIN_FAILURE_LIMIT failed logins (5) for one username within
# LOGIN_LOCKOUT_MINUTES (60); it lifts as those failures age past the window (a try during
# the lockout does not restart it), and a password chosen through "Glömt lösenordet?" lifts
# it at once (samverkan.passwords.ResetConfirmView). Counted for unknown usernames too and
# answered alike (429 with registration/lockout.html), so the lockout tells nothing of which
# accounts exist. Per username only: a municipality's whole office often reaches the app
# from one address, and five typos there must not lock everyone out. Guessing across many
# usernames from one address is capped apart, at LOGIN_ADDRESS_FAILURE_LIMIT (100) failures
# an hour (samverkan.throttle). An administrator unlocks in the admin ("Access attempts":
# delete the rows) or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns that a lockout without the address lets one client try many usernames: that
# is capped apart, per address (samverkan/logins.py, LOGIN_ADDRESS_FAILURE_LIMIT).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login clears that username's own failures (only those: the lockout is per
# username), so a few typos in the morning do not count against the afternoon.
AXES_RESET_ON_SUCCESS = True
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 100)
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Only failed attempts are kept: where a user is logged in is samverkan.sessions' record,
# and a row per successful login, kept forever, would be personal data without a purpose.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every start of a command or worker.
AXES_VERBOSE = False
# Behind reverse proxies, TRUSTED_PROXY_COUNT=N (e.g. 1 for one nginx that appends to
# X-Forwarded-For): the client's address is the N-th from the right of X-Forwarded-For, as
# each proxy appends the address it received the request from; entries further left are
# the client's own words (a new one per attempt would dodge the per-address lockout).
# Unset (0): REMOTE_ADDR, which a client cannot forge.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)


def client_ip_address(request) -> str | None:
    from django.conf import settings

    if settings.TRUSTED_PROXY_COUNT > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


AXES_CLIENT_IP_CALLABLE = client_ip_address

LOGIN_URL = "login"
# The name an authenticator app shows beside the account (samverkan/twofactor.py).
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Samverkan")
# The admin lists users' apps and recovery codes (to remove a lost phone's) without their
# secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "samverkan:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Attachments of situation input are never under a public URL (no base_url): a view
# checks the reader's rights and streams them. Files on disk under PRIVATE_MEDIA_ROOT by
# default; ATTACHMENTS_S3_BUCKET stores them in an S3-compatible bucket (django-storages,
# credentials from the usual AWS_* variables) instead.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
if os.environ.get("ATTACHMENTS_S3_BUCKET"):
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ATTACHMENTS_S3_BUCKET"],
            "endpoint_url": os.environ.get("ATTACHMENTS_S3_ENDPOINT") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["attachments"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Exported PDFs are sealed (pyHanko, PAdES B-B) with the organisation's certificate when
# PDF_SEAL_CERTIFICATE names a PKCS#12 file (its password in PDF_SEAL_PASSWORD); without
# it they leave unsealed (samverkan/seal.py).
PDF_SEAL_CERTIFICATE = os.environ.get("PDF_SEAL_CERTIFICATE", "")
PDF_SEAL_PASSWORD = os.environ.get("PDF_SEAL_PASSWORD", "")

# The address people reach the app at, for links in e-mail (which has no request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail from one EMAIL_URL: smtp://user:password@host:587?tls=1, smtps://…,
# console:// or locmem://. Default: the console locally, local SMTP in production.
_MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def mailer_from_url(url: str) -> dict:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"EMAIL_URL has an invalid port: {url!r}") from exc
    if parts.scheme not in _MAIL_BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {sorted(_MAIL_BACKENDS)}")
    mailer: dict = {"BACKEND": _MAIL_BACKENDS[parts.scheme]}
    if parts.scheme.startswith("smtp"):
        query = parse_qs(parts.query)
        mailer["OPTIONS"] = {
            "host": parts.hostname or "localhost",
            "port": port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": query.get("tls", ["0"])[0] in {"1", "true", "yes"},
        }
    return mailer


MAILERS = {
    "default": mailer_from_url(
        os.environ.get("EMAIL_URL") or ("console://" if DEBUG else "smtp://localhost:25")
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samverkan@localhost")
# Where a report of an accessibility barrier goes (the accessibility statement's form): the
# municipality's coordinator address; empty records the report without sending it.
ACCESSIBILITY_REPORT_EMAIL = os.environ.get("ACCESSIBILITY_REPORT_EMAIL", "")

# Background work (the outbox's e-mail) through Django's tasks framework: run at once,
# after the commit, unless TASKS_BACKEND=database, where django-tasks-db queues the tasks
# in the same database and `python manage.py db_worker` runs them.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip().lower() or "immediate"
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# How many times `manage.py sendqueued` tries a message before leaving it to a person.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 5)

# No inline script or style anywhere: every template is written for this policy.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
# Signed out after SESSION_IDLE_HOURS without a request (8 by default, a working day): the
# expiry moves on as the user works (samverkan.middleware.PrivacyHeadersMiddleware), so it
# counts inactivity, not time since login.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 8) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Harmless for a host on a closed network (it only matters if the name is submitted to
    # the browsers' list), and `check --deploy` is then silent.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Only behind a proxy that sets the header itself; otherwise clients could spoof it.
    if env_bool("TRUST_X_FORWARDED_PROTO", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # A line per task state change (every e-mail) drowns the rest; failures still show.
    "loggers": {
        "django.tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
