"""Historic import and number reservations, mounted at /staff/imports/ (docs/import.md)."""

from django.urls import path

from decisions.views import imports

app_name = "imports"

urlpatterns = [
    path("", imports.import_list, name="list"),
    path("<int:pk>/", imports.import_detail, name="detail"),
    path("<int:pk>/apply/", imports.import_apply, name="apply"),
    path("reserve/", imports.number_reserve, name="reserve"),
]
