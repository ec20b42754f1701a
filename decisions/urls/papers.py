"""A decision's supporting papers: staff pages to add and remove them, downloads (ADR 0064)."""

from django.urls import path

from decisions.views import papers

app_name = "papers"

urlpatterns = [
    path("staff/decisions/<int:pk>/papers/new/", papers.paper_add, name="add"),
    path(
        "staff/decisions/<int:pk>/papers/<int:paper_pk>/remove/",
        papers.paper_remove,
        name="remove",
    ),
    path("staff/decisions/<int:pk>/papers/<int:paper_pk>/", papers.paper_download, name="staff"),
    path("decisions/<slug:slug>/papers/<int:paper_pk>/", papers.paper_public, name="public"),
]
