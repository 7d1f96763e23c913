from django.urls import path

from .views import annexes, documents, history, invitations, meetings, minutes, rosters

app_name = "councils"

_body = "overenskommelser/<int:agreement_pk>/organ/<int:body_pk>/"
_meetings = "overenskommelser/<int:agreement_pk>/moten/"
_meeting = _body + "moten/<int:meeting_pk>/"
_item = _meeting + "punkter/<int:item_pk>/"
_standing = _body + "staende-punkter/"

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
    # Meetings (councils/views/meetings.py)
    path(_meetings, meetings.meeting_list, name="meetings"),
    path(_meetings + "kalender/", meetings.meeting_calendar, name="calendar"),
    path(_body + "moten/nytt/", meetings.meeting_create, name="meeting_create"),
    path(_meeting, meetings.meeting_detail, name="meeting"),
    path(_meeting + "andra/", meetings.meeting_edit, name="meeting_edit"),
    path(_meeting + "historik/", history.meeting_history, name="meeting_history"),
    path(_meeting + "kalla/", meetings.meeting_confirm, name="meeting_confirm"),
    path(_meeting + "stall-in/", meetings.meeting_cancel, name="meeting_cancel"),
    path(_meeting + "punkter/ny/", meetings.agenda_item_create, name="agenda_item_create"),
    path(_item + "andra/", meetings.agenda_item_edit, name="agenda_item_edit"),
    path(_item + "ta-bort/", meetings.agenda_item_remove, name="agenda_item_remove"),
    path(_item + "flytta/", meetings.agenda_item_move, name="agenda_item_move"),
    path(_body + "arsplan/", meetings.annual_plan, name="annual_plan"),
    path(_body + "arsplan/foresla/", meetings.annual_plan_propose, name="annual_plan_propose"),
    path(_body + "arsplan/kalla/", meetings.annual_plan_confirm, name="annual_plan_confirm"),
    path(_standing, meetings.standing_items, name="standing_items"),
    path(_standing + "ny/", meetings.standing_item_create, name="standing_item_create"),
    path(
        _standing + "<int:item_pk>/andra/", meetings.standing_item_edit, name="standing_item_edit"
    ),
    path(
        _standing + "<int:item_pk>/ta-bort/",
        meetings.standing_item_remove,
        name="standing_item_remove",
    ),
    path(
        _standing + "<int:item_pk>/flytta/", meetings.standing_item_move, name="standing_item_move"
    ),
]

# Attendance, minutes, decisions and assignments (councils/views/minutes.py)
urlpatterns += [
    path(_meeting + "narvaro/", minutes.attendance, name="attendance"),
    path(_meeting + "protokoll/", minutes.minutes_edit, name="minutes_edit"),
    path(
        _meeting + "protokoll/justerare/",
        minutes.minutes_signatories,
        name="minutes_signatories",
    ),
    path(_meeting + "protokoll/godkann/", minutes.minutes_approve, name="minutes_approve"),
    path(_meeting + "protokoll/tillagg/", minutes.addendum_add, name="addendum_add"),
    path(_item + "beslut/", minutes.decision_record, name="decision_record"),
    path(
        _meeting + "beslut/<int:decision_pk>/ta-bort/",
        minutes.decision_remove,
        name="decision_remove",
    ),
    path(
        _meeting + "beslut/<int:decision_pk>/uppdrag/",
        minutes.assignment_give,
        name="assignment_give",
    ),
    path(
        _body + "gruppuppdrag/<int:assignment_pk>/",
        minutes.assignment_update,
        name="assignment_update",
    ),
]

# The kallelse and the protokoll as PDFs (councils/views/documents.py)
urlpatterns += [
    path(_meeting + "kallelse/pdf/", documents.meeting_pdf, name="meeting_pdf"),
    path(_meeting + "protokoll/pdf/", documents.minutes_pdf, name="minutes_pdf"),
]

# Invitees, invitations and the calendar feed (councils/views/invitations.py)
urlpatterns += [
    path(_meeting + "kallade/adjungerad/", invitations.guest_add, name="guest_add"),
    path(_meeting + "kallade/foredragande/", invitations.presenter_add, name="presenter_add"),
    path(_meeting + "kallade/vid-behov/", invitations.function_invite, name="function_invite"),
    path(
        _meeting + "kallade/<int:invitee_pk>/forhinder/",
        invitations.invitee_excuse,
        name="invitee_excuse",
    ),
    path(
        _meeting + "kallelser/skicka-igen/", invitations.invitations_retry, name="invitations_retry"
    ),
    path("konto/kalender/", invitations.calendar_feed, name="calendar_feed"),
    path("konto/kalender/ny-adress/", invitations.calendar_feed_renew, name="calendar_feed_renew"),
    path("konto/kalender/ta-bort/", invitations.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("kalender/<str:token>.ics", invitations.calendar_feed_ics, name="calendar_feed_ics"),
]

# An annex version put before the strategic council (councils/views/annexes.py)
urlpatterns += [
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/foredra/",
        annexes.annex_version_present,
        name="annex_version_present",
    ),
]
