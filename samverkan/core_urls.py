# The core app's pages; the project's root URLconf is samverkan/urls.py.
from django.urls import path

from . import views, views_lifecycle

app_name = "samverkan"

urlpatterns = [
    path("", views.home, name="home"),
    path("overenskommelser/<int:agreement_pk>/", views.agreement_detail, name="agreement"),
    path("overenskommelser/<int:agreement_pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("overenskommelser/<int:agreement_pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("overenskommelser/<int:agreement_pk>/historik/", views.agreement_history, name="history"),
    path("overenskommelser/<int:agreement_pk>/parter/", views.party_list, name="parties"),
    path(
        "overenskommelser/<int:agreement_pk>/parter/<int:party_pk>/andra/",
        views.party_edit,
        name="party_edit",
    ),
    path("overenskommelser/<int:agreement_pk>/handelser/", views.event_list, name="events"),
    # The agreement's lifecycle (samverkan/views_lifecycle.py).
    path(
        "overenskommelser/<int:agreement_pk>/fornya/",
        views_lifecycle.agreement_renew,
        name="agreement_renew",
    ),
    path("installation/", views_lifecycle.installation, name="installation"),
    path(
        "installation/ny-overenskommelse/avbryt/",
        views_lifecycle.wizard_cancel,
        name="wizard_cancel",
    ),
    path(
        "installation/ny-overenskommelse/<slug:step>/",
        views_lifecycle.wizard_step,
        name="wizard",
    ),
]
