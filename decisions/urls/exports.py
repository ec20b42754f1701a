"""The auditor's bulk export of signed PDFs, mounted at /staff/audit/exports/."""

from django.urls import path

from decisions.views import exports

app_name = "exports"

urlpatterns = [
    path("", exports.exports, name="list"),
    path("<int:pk>/", exports.export_detail, name="detail"),
    path("<int:pk>/download/", exports.export_download, name="download"),
]
