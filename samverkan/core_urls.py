# The core app's pages; the project's root URLconf is samverkan/urls.py.
from django.urls import path

from . import views

app_name = "samverkan"

urlpatterns = [
    path("", views.home, name="home"),
    path("overenskommelser/<int:agreement_pk>/", views.agreement_detail, name="agreement"),
    path("overenskommelser/<int:agreement_pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("overenskommelser/<int:agreement_pk>/historik/", views.agreement_history, name="history"),
    path("overenskommelser/<int:agreement_pk>/parter/", views.party_list, name="parties"),
    path(
        "overenskommelser/<int:agreement_pk>/parter/<int:party_pk>/andra/",
        views.party_edit,
        name="party_edit",
    ),
    path("overenskommelser/<int:agreement_pk>/handelser/", views.event_list, name="events"),
]
