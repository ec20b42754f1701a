"""Root URLs: the public register, open data, staff pages, the admin and the health check."""

from django.contrib import admin
from django.urls import include, path

from budget import urls as budget_urls
from config import views
from decisions.views import public as decision_views
from decisions.views import staff as staff_views
from decisions.views import staff_list as staff_list_views
from grants import urls as grants_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("decisions.urls.documents")),
    path("", include("decisions.urls.papers")),  # supporting papers
    path("decisions/", include("decisions.urls.public")),
    path("programmes/", decision_views.programme_list, name="programmes"),
    path("programmes/<slug:slug>/", decision_views.programme_detail, name="programme"),
    path("data/", include("decisions.urls.opendata")),
    path("accessibility/", decision_views.accessibility_statement, name="accessibility"),
    path("", include("alpha_hub.urls")),
    path("staff/", staff_views.dashboard, name="staff_dashboard"),
    path("staff/search/", staff_list_views.search, name="staff_search"),
    path("staff/decisions/", include("decisions.urls.staff")),
    path("staff/contracts/", include("contracts.urls")),
    path("staff/budgets/", include("budget.urls")),
    path("staff/agreements/", include("grants.urls")),
    path("staff/organisations/", include(grants_urls.organisation_urlpatterns)),
    path("staff/claims/", include("claims.urls")),
    path("staff/programmes/", include(budget_urls.programme_urlpatterns)),
    path("staff/audit/exports/", include("decisions.urls.exports")),
    path("staff/imports/", include("decisions.urls.imports")),
    path("", include("decisions.urls.forward_plan")),
    path("staff/audit/", include("alpha_hub.audit.urls")),
    path("admin/", admin.site.urls),
]
