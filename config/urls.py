"""Root URLs: the public register, open data, staff pages, the admin and the health check."""

from django.contrib import admin
from django.urls import include, path

from budget import urls as budget_urls
from config import views
from decisions.views import public as decision_views
from decisions.views import staff as staff_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("decisions.urls.documents")),
    path("decisions/", include("decisions.urls.public")),
    path("programmes/<slug:slug>/", decision_views.programme_detail, name="programme"),
    path("data/", include("decisions.urls.opendata")),
    path("accessibility/", decision_views.accessibility_statement, name="accessibility"),
    path("", include("alpha_hub.urls")),
    path("staff/", staff_views.dashboard, name="staff_dashboard"),
    path("staff/decisions/", include("decisions.urls.staff")),
    path("staff/budgets/", include("budget.urls")),
    path("staff/programmes/", include(budget_urls.programme_urlpatterns)),
    path("staff/audit/exports/", include("decisions.urls.exports")),
    path("staff/imports/", include("decisions.urls.imports")),
    path("", include("decisions.urls.forward_plan")),
    path("staff/audit/", include("alpha_hub.audit.urls")),
    path("admin/", admin.site.urls),
]
