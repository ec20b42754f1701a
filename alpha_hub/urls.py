"""URLs: the public register, open data, staff pages, the admin and the health check."""

from django.contrib import admin
from django.urls import include, path

from alpha_hub import auth_views, otp_views, views
from budget import urls as budget_urls
from decisions import staff_views
from decisions import views as decision_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("decisions.document_urls")),
    path("decisions/", include("decisions.urls")),
    path("programmes/<slug:slug>/", decision_views.programme_detail, name="programme"),
    path("data/", include("decisions.data_urls")),
    path("accessibility/", decision_views.accessibility_statement, name="accessibility"),
    path("accounts/login/", auth_views.login, name="login"),
    path("accounts/logout/", auth_views.logout, name="logout"),
    path("staff/", staff_views.dashboard, name="staff_dashboard"),
    path("staff/profile/", otp_views.profile, name="staff_profile"),
    path("staff/profile/authenticator/", otp_views.totp_enrol, name="staff_totp"),
    path("staff/decisions/", include("decisions.staff_urls")),
    path("staff/budgets/", include("budget.urls")),
    path("staff/programmes/", include(budget_urls.programme_urlpatterns)),
    path("staff/audit/", include("alpha_hub.audit.urls")),
    path("admin/", admin.site.urls),
]
