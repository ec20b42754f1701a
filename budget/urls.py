"""Budget pages, mounted at staff/budgets/; the programme pages at staff/programmes/."""

from django.urls import path

from budget import file_views, other_views, views

app_name = "budget"

urlpatterns = [
    path("", views.budget_index, name="list"),
    path("import-template.<str:fmt>", file_views.import_template, name="import_template"),
    path("agreements/<int:agreement_id>/new/", views.budget_create, name="create"),
    path("<int:pk>/", views.budget_detail, name="detail"),
    path("<int:pk>/lines/", views.line_create, name="line_create"),
    path("<int:pk>/lines/<int:line_id>/", views.line_update, name="line_update"),
    path("<int:pk>/lines/<int:line_id>/remove/", views.line_delete, name="line_delete"),
    path("<int:pk>/import/", file_views.budget_import, name="import"),
    path("<int:pk>/import/apply/", file_views.budget_import_apply, name="import_apply"),
    path("<int:pk>/export.<str:fmt>", file_views.budget_export, name="export"),
    path("<int:pk>/variations/new/", other_views.budget_variation, name="variation"),
]

programme_urlpatterns = (
    [
        path(
            "<slug:slug>/budgets/",
            other_views.programme_year_on_year,
            name="year_on_year",
        ),
        path(
            "<slug:slug>/budgets.csv",
            other_views.programme_year_on_year_csv,
            name="year_on_year_csv",
        ),
    ],
    "budget_programmes",
)
