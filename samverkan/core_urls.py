# The core app's pages; the project's root URLconf is samverkan/urls.py.
from django.urls import path

from . import (
    views,
    views_annexes,
    views_annual,
    views_documents,
    views_lifecycle,
    views_signatories,
    views_start,
)

app_name = "samverkan"

urlpatterns = [
    path("", views_start.home, name="home"),
    path("overenskommelser/<int:agreement_pk>/", views.agreement_detail, name="agreement"),
    path("overenskommelser/<int:agreement_pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path(
        "overenskommelser/<int:agreement_pk>/dokumentpaket/pdf/",
        views_documents.agreement_pack,
        name="agreement_pack",
    ),
    path("overenskommelser/<int:agreement_pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("overenskommelser/<int:agreement_pk>/historik/", views.agreement_history, name="history"),
    path("overenskommelser/<int:agreement_pk>/parter/", views.party_list, name="parties"),
    path(
        "overenskommelser/<int:agreement_pk>/parter/<int:party_pk>/andra/",
        views.party_edit,
        name="party_edit",
    ),
    path("overenskommelser/<int:agreement_pk>/handelser/", views.event_list, name="events"),
    # The annual report, a year at a time (samverkan/views_annual.py).
    path(
        "overenskommelser/<int:agreement_pk>/arsrapport/",
        views_annual.annual_report_index,
        name="annual_report_index",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/arsrapport/<int:year>/",
        views_annual.annual_report,
        name="annual_report",
    ),
    # The agreement's lifecycle (samverkan/views_lifecycle.py).
    path(
        "overenskommelser/<int:agreement_pk>/fornya/",
        views_lifecycle.agreement_renew,
        name="agreement_renew",
    ),
    # Versions of the annexes and of the agreement itself (samverkan/views_annexes.py).
    path(
        "overenskommelser/<int:agreement_pk>/bilagor/<int:annex_pk>/",
        views_annexes.annex_history,
        name="annex_history",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/",
        views_annexes.agreement_versions,
        name="agreement_versions",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/ny/",
        views_annexes.agreement_version_make,
        name="agreement_version_make",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/",
        views_annexes.version_detail,
        name="version",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/pdf/",
        views_documents.version_pdf,
        name="version_pdf",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/jamfor/",
        views_annexes.version_compare,
        name="version_compare",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/underteckna/",
        views_annexes.version_sign,
        name="version_sign",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/aterremittera/",
        views_annexes.version_send_back,
        name="version_send_back",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/avsla/",
        views_annexes.version_reject,
        name="version_reject",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/ta-bort/",
        views_annexes.version_discard,
        name="version_discard",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/versioner/<int:version_pk>/skicka-for-underskrift/",
        views_annexes.agreement_version_open,
        name="agreement_version_open",
    ),
    # Who signs for each party (samverkan/views_signatories.py).
    path(
        "overenskommelser/<int:agreement_pk>/parter/<int:party_pk>/firmatecknare/",
        views_signatories.signatory_designate,
        name="signatory_designate",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/firmatecknare/<int:designation_pk>/bekrafta/",
        views_signatories.signatory_confirm,
        name="signatory_confirm",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/firmatecknare/<int:designation_pk>/avbryt/",
        views_signatories.signatory_cancel,
        name="signatory_cancel",
    ),
    path(
        "firmatecknare/bekrafta/<str:token>/",
        views_signatories.signatory_accept,
        name="signatory_accept",
    ),
    path(
        "installation/firmatecknare/",
        views_signatories.signatory_approvals,
        name="signatory_approvals",
    ),
    path(
        "installation/firmatecknare/<int:designation_pk>/godkann/",
        views_signatories.signatory_approve,
        name="signatory_approve",
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
