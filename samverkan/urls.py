"""Root URLconf: names every app (configuration may; the apps themselves may not)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/losenord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("samverkan.core_urls")),
    path("", include("councils.urls")),
]
