from django.urls import path

from .views import rosters

app_name = "councils"

_body = "overenskommelser/<int:agreement_pk>/organ/<int:body_pk>/"

urlpatterns = [
    path(_body, rosters.roster, name="roster"),
    path(_body + "historik/", rosters.roster_history, name="history"),
    path(_body + "personer/ny/", rosters.person_invite_view, name="person_invite"),
    path(_body + "funktioner/ny/", rosters.function_create, name="function_create"),
    path(
        _body + "funktioner/<int:function_pk>/andra/", rosters.function_edit, name="function_edit"
    ),
    path(
        _body + "funktioner/<int:function_pk>/ta-bort/",
        rosters.function_remove,
        name="function_remove",
    ),
    path(_body + "funktioner/<int:function_pk>/tillsatt/", rosters.seat_assign, name="seat_assign"),
    path(_body + "uppdrag/<int:seat_pk>/avsluta/", rosters.seat_end, name="seat_end"),
    path(_body + "uppdrag/<int:seat_pk>/ersattare/", rosters.substitute_add, name="substitute_add"),
    path(
        _body + "ersattare/<int:substitute_pk>/ta-bort/",
        rosters.substitute_remove,
        name="substitute_remove",
    ),
]
