from django.urls import path

from .views import (
    annex,
    checkin,
    feedback,
    history,
    home,
    inputs,
    lists,
    reports,
    requests,
    search,
    survey,
    weekly,
)

app_name = "situation"

_root = "overenskommelser/<int:agreement_pk>/lagesbild/"
_input = _root + "underlag/<int:input_pk>/"
_request = _root + "begaran/<int:request_pk>/"
_import = _root + "enkat/import/<int:import_pk>/"
_report = _root + "rapporter/<int:report_pk>/"
_problem = _report + "problem/<int:problem_pk>/"
_weeks = _root + "veckor/"
_week = _weeks + "<int:year>/<int:week>/"

urlpatterns = [
    path(_root, home.home, name="home"),
    # Situation input (views/inputs.py)
    path(_root + "underlag/", inputs.input_list, name="input_list"),
    path(_root + "underlag/nytt/", inputs.input_create, name="input_create"),
    path(_input, inputs.input_detail, name="input_detail"),
    path(_input + "andra/", inputs.input_edit, name="input_edit"),
    path(_input + "lamna-in/", inputs.input_submit, name="input_submit"),
    path(_input + "ratta/", inputs.input_correct, name="input_correct"),
    path(_input + "ta-bort/", inputs.input_delete, name="input_delete"),
    path(_input + "historik/", inputs.input_history, name="input_history"),
    path(_input + "bilagor/<int:attachment_pk>/", inputs.attachment_download, name="attachment"),
    path(
        _input + "bilagor/<int:attachment_pk>/ta-bort/",
        inputs.attachment_remove,
        name="attachment_remove",
    ),
    # Requests for input (views/requests.py)
    path(_root + "begaran/", requests.request_list, name="request_list"),
    path(_root + "begaran/ny/", requests.request_create, name="request_create"),
    path(_request, requests.request_detail, name="request_detail"),
    path(_request + "avsluta/", requests.request_close, name="request_close"),
    path(_request + "historik/", history.request_history, name="request_history"),
    # Areas and problem categories (views/lists.py)
    path(_root + "omraden/", lists.lists, name="lists"),
    path(_root + "omraden/<int:area_pk>/andra/", lists.area_edit, name="area_edit"),
    path(_root + "kategorier/<int:category_pk>/andra/", lists.category_edit, name="category_edit"),
    # The safety survey (views/survey.py)
    path(_root + "enkat/", survey.survey, name="survey"),
    path(_root + "enkat/import/", survey.survey_import, name="survey_import"),
    path(_import, survey.survey_preview, name="survey_preview"),
    path(_import + "bekrafta/", survey.survey_confirm, name="survey_confirm"),
    path(_import + "kassera/", survey.survey_discard, name="survey_discard"),
    # The lägesbild and its orsaksanalys (views/reports.py)
    path(_root + "rapporter/", reports.report_list, name="report_list"),
    path(_root + "rapporter/ny/", reports.report_create, name="report_create"),
    path(_report, reports.report_detail, name="report_detail"),
    path(_report + "andra/", reports.report_edit, name="report_edit"),
    path(_report + "underlag/", reports.report_sources, name="report_sources"),
    path(_report + "publicera/", reports.report_publish, name="report_publish"),
    path(_report + "helt-uppdaterad/", reports.report_fully_updated, name="report_fully_updated"),
    path(_report + "historik/", reports.report_history, name="report_history"),
    # A new version of annex 1 from the lägesbild (views/annex.py)
    path(_report + "ny-bilageversion/", annex.report_annex_version, name="report_annex_version"),
    path(_report + "problem/ny/", reports.problem_add, name="problem_add"),
    path(_problem + "andra/", reports.problem_edit, name="problem_edit"),
    path(_problem + "ta-bort/", reports.problem_remove, name="problem_remove"),
    path(_problem + "orsaker/ny/", reports.cause_add, name="cause_add"),
    path(_problem + "orsaker/<int:cause_pk>/andra/", reports.cause_edit, name="cause_edit"),
    path(_problem + "orsaker/<int:cause_pk>/ta-bort/", reports.cause_remove, name="cause_remove"),
    # Search across what the user may see (views/search.py)
    path(_root + "sok/", search.search, name="search"),
    # The weekly follow-up (EST): the checklist and the weekly reports (views/weekly.py)
    path(_root + "checklista/", weekly.checklist, name="checklist"),
    path(
        _root + "checklista/<int:category_pk>/andra/",
        weekly.checklist_edit,
        name="checklist_edit",
    ),
    path(_weeks + "rapportera/", weekly.weekly_report_create, name="weekly_report_create"),
    path(_weeks + "rapporter/", weekly.weekly_report_list, name="weekly_report_list"),
    path(
        _weeks + "rapporter/<int:report_pk>/",
        weekly.weekly_report_detail,
        name="weekly_report_detail",
    ),
    path(
        _weeks + "rapporter/<int:report_pk>/dra-tillbaka/",
        weekly.weekly_report_withdraw,
        name="weekly_report_withdraw",
    ),
    # The weekly check-in: grid, risk levels, quick actions, trends (views/checkin.py)
    path(_weeks, checkin.current_week, name="current_week"),
    path(_week, checkin.week, name="week"),
    path(_week + "risk/<int:area_pk>/", checkin.risk_set, name="risk_set"),
    path(_week + "atgarder/ny/", checkin.action_add, name="action_add"),
    path(_weeks + "atgarder/<int:action_pk>/", checkin.action_follow_up, name="action_follow_up"),
    path(_weeks + "trender/", checkin.trends, name="trends"),
    # Feedback to the parties' staff, and one person's weeks across agreements
    # (views/feedback.py)
    path(_week + "aterkoppling/", feedback.feedback, name="feedback"),
    path(_week + "aterkoppling/skicka/", feedback.feedback_send, name="feedback_send"),
    path(_weeks + "prenumeration/", feedback.subscription, name="feedback_subscription"),
    path("lagesbild/veckor/", feedback.my_weeks, name="my_weeks"),
]
