from django.urls import path

from . import views

app_name = "councils"

_body = "overenskommelser/<int:agreement_pk>/organ/<int:body_pk>/"

urlpatterns = [
    path(_body, views.roster, name="roster"),
    path(_body + "historik/", views.roster_history, name="history"),
    path(_body + "personer/ny/", views.person_invite_view, name="person_invite"),
    path(_body + "funktioner/ny/", views.function_create, name="function_create"),
    path(_body + "funktioner/<int:function_pk>/andra/", views.function_edit, name="function_edit"),
    path(
        _body + "funktioner/<int:function_pk>/ta-bort/",
        views.function_remove,
        name="function_remove",
    ),
    path(_body + "funktioner/<int:function_pk>/tillsatt/", views.seat_assign, name="seat_assign"),
    path(_body + "uppdrag/<int:seat_pk>/avsluta/", views.seat_end, name="seat_end"),
    path(_body + "uppdrag/<int:seat_pk>/ersattare/", views.substitute_add, name="substitute_add"),
    path(
        _body + "ersattare/<int:substitute_pk>/ta-bort/",
        views.substitute_remove,
        name="substitute_remove",
    ),
]
