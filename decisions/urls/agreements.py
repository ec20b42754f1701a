"""A decision's agreements and variations, started from its page (under /staff/decisions/)."""

from django.urls import path

from decisions.views import agreements

urlpatterns = [
    path("<int:pk>/agreements/new/", agreements.decision_agreement_new, name="agreement_new"),
    path("<int:pk>/variations/new/", agreements.decision_variation_new, name="variation_new"),
]
