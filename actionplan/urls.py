from django.urls import path

from .views import annex, export, followups, history, measures, plans, promises, public

app_name = "actionplan"

_plans = "overenskommelser/<int:agreement_pk>/atgardsplan/"
_plan = _plans + "<int:plan_pk>/"
_measure = _plan + "atgarder/<int:measure_pk>/"
_follow_up = _plan + "uppfoljningar/<int:follow_up_pk>/"
_promises = "overenskommelser/<int:agreement_pk>/medborgarloften/"
_promise = _promises + "<int:promise_pk>/"

urlpatterns = [
    # The action plan (views/plans.py)
    path(_plans, plans.plan_list, name="plan_list"),
    path(_plans + "ny/", plans.plan_create, name="plan_create"),
    path(_plan, plans.plan_detail, name="plan_detail"),
    path(_plan + "andra/", plans.plan_edit, name="plan_edit"),
    path(_plan + "beslut/", plans.plan_adopt, name="plan_adopt"),
    path(_plan + "historik/", plans.plan_history, name="plan_history"),
    # A new version of annex 3 from the plan (views/annex.py)
    path(_plan + "ny-bilageversion/", annex.plan_annex_version, name="plan_annex_version"),
    # Measures and their status updates (views/measures.py)
    path(_plan + "atgarder/ny/", measures.measure_create, name="measure_create"),
    path(_measure, measures.measure_detail, name="measure_detail"),
    path(_measure + "andra/", measures.measure_edit, name="measure_edit"),
    path(_measure + "ta-bort/", measures.measure_delete, name="measure_delete"),
    path(_measure + "status/", measures.measure_status, name="measure_status"),
    # Follow-ups of the whole plan (views/followups.py)
    path(_plan + "uppfoljningar/ny/", followups.follow_up_create, name="follow_up_create"),
    path(_follow_up, followups.follow_up_detail, name="follow_up_detail"),
    path(_follow_up + "andra/", followups.follow_up_edit, name="follow_up_edit"),
    path(_follow_up + "avsluta/", followups.follow_up_complete, name="follow_up_complete"),
    path(_follow_up + "historik/", history.follow_up_history, name="follow_up_history"),
    # Export for reports to the municipal board (views/export.py)
    path(_plan + "export.xlsx", export.plan_xlsx, name="plan_xlsx"),
    path(_plan + "export.csv", export.plan_csv, name="plan_csv"),
    # Medborgarlöften (views/promises.py)
    path(_promises, promises.promise_list, name="promise_list"),
    path(_promises + "nytt/", promises.promise_create, name="promise_create"),
    path(_promise, promises.promise_detail, name="promise_detail"),
    path(_promise + "andra/", promises.promise_edit, name="promise_edit"),
    path(_promise + "publicera/", promises.promise_publish, name="promise_publish"),
    path(_promise + "historik/", promises.promise_history, name="promise_history"),
    # A new version of annex 2 from the promise (views/annex.py)
    path(_promise + "ny-bilageversion/", annex.promise_annex_version, name="promise_annex_version"),
    path(_promise + "ataganden/ny/", promises.commitment_create, name="commitment_create"),
    path(
        _promise + "ataganden/<int:commitment_pk>/andra/",
        promises.commitment_edit,
        name="commitment_edit",
    ),
    path(
        _promise + "ataganden/<int:commitment_pk>/ta-bort/",
        promises.commitment_delete,
        name="commitment_delete",
    ),
    path(_promise + "dialoger/ny/", promises.dialogue_create, name="dialogue_create"),
    path(
        _promise + "dialoger/<int:dialogue_pk>/andra/",
        promises.dialogue_edit,
        name="dialogue_edit",
    ),
    path(
        _promise + "dialoger/<int:dialogue_pk>/ta-bort/",
        promises.dialogue_delete,
        name="dialogue_delete",
    ),
    path(_promise + "prioriteringar/ny/", promises.priority_create, name="priority_create"),
    path(
        _promise + "prioriteringar/<int:priority_pk>/andra/",
        promises.priority_edit,
        name="priority_edit",
    ),
    path(
        _promise + "prioriteringar/<int:priority_pk>/ta-bort/",
        promises.priority_delete,
        name="priority_delete",
    ),
    path(_promise + "uppfoljningar/ny/", promises.report_create, name="promise_report_create"),
    path(
        _promise + "uppfoljningar/<int:report_pk>/andra/",
        promises.report_edit,
        name="promise_report_edit",
    ),
    path(
        _promise + "uppfoljningar/<int:report_pk>/publicera/",
        promises.report_publish,
        name="promise_report_publish",
    ),
    # The public page: no login, one stable address per municipality (views/public.py)
    path("medborgarloften/<slug:municipality>/", public.public_promises, name="public"),
]
