"""Budget pages, mounted at staff/budgets/; the programme pages at staff/programmes/."""

from django.urls import path

from budget.views import budgets, copies, files, programmes, variations

app_name = "budget"

urlpatterns = [
    path("", budgets.budget_index, name="list"),
    path("import-template.<str:fmt>", files.import_template, name="import_template"),
    path("agreements/<int:agreement_id>/new/", budgets.budget_create, name="create"),
    path("<int:pk>/", budgets.budget_detail, name="detail"),
    path("<int:pk>/lines/", budgets.line_create, name="line_create"),
    path("<int:pk>/lines/<int:line_id>/", budgets.line_update, name="line_update"),
    path("<int:pk>/lines/<int:line_id>/remove/", budgets.line_delete, name="line_delete"),
    path("<int:pk>/copy/", copies.budget_copy, name="copy"),
    path("<int:pk>/import/", files.budget_import, name="import"),
    path("<int:pk>/import/apply/", files.budget_import_apply, name="import_apply"),
    path("<int:pk>/export.<str:fmt>", files.budget_export, name="export"),
    path("<int:pk>/variations/new/", variations.budget_variation, name="variation"),
]

programme_urlpatterns = (
    [
        path(
            "<slug:slug>/budgets/",
            programmes.programme_year_on_year,
            name="year_on_year",
        ),
        path(
            "<slug:slug>/budgets.csv",
            programmes.programme_year_on_year_csv,
            name="year_on_year_csv",
        ),
    ],
    "budget_programmes",
)
