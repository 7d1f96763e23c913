"""The project's settings with the bench app installed and a URLconf that adds the bench's
minimal view (bench/urls_root.py): the load run's server uses these, and they run the
bench before (or without) the project listing the app. Production never loads them."""

from samverkan.settings import *  # noqa: F403

if "bench" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls_root"
# The load run's server has DEBUG off like production but no collectstatic behind it: the
# pages name their static files without the manifest (the run fetches no static file).
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
