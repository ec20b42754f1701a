"""The auditor's workspace under /staff/audit/."""

from django.urls import path

from alpha_hub.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("audit-log.csv", views.audit_log_csv, name="log_csv"),
    path("history/<str:label>/<int:pk>/", views.record_history_view, name="history"),
    path("access/", views.access_log, name="access"),
]
