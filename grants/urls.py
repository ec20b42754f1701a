"""Agreement pages, mounted at staff/agreements/; organisation pages at staff/organisations/."""

from django.urls import path

from grants.views import agreements, organisations

app_name = "grants"

urlpatterns = [
    path("", agreements.agreement_list, name="list"),
    path("new/", agreements.agreement_new, name="new"),
    path("<int:pk>/", agreements.agreement_detail, name="detail"),
    path("<int:pk>/edit/", agreements.agreement_edit, name="edit"),
    path("<int:pk>/activate/", agreements.agreement_activate, name="activate"),
    path("<int:pk>/close/", agreements.agreement_close, name="close"),
    path("<int:pk>/withdraw/", agreements.agreement_withdraw, name="withdraw"),
]

organisation_urlpatterns = (
    [
        path("", organisations.organisation_list, name="list"),
        path("new/", organisations.organisation_new, name="new"),
    ],
    "organisations",
)
