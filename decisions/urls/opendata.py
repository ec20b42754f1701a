"""Open data under /data/: 360Giving grants and the decisions dataset."""

from django.urls import path

from decisions.views import opendata as views

app_name = "data"

urlpatterns = [
    path("", views.data_index, name="index"),
    path("360giving.json", views.grants_360_json, name="360giving-json"),
    path("360giving.csv", views.grants_360_csv, name="360giving-csv"),
    path("decisions.json", views.decisions_json, name="decisions"),
]
