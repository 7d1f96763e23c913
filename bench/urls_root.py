"""The project's URLconf plus the bench's minimal view: mounted only by the bench's own
settings, never by production's."""

from django.urls import include, path

from samverkan.urls import handler404  # noqa: F401
from samverkan.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/", include("bench.urls")), *project_urlpatterns]
