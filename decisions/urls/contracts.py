"""A decision's contracts, under /staff/decisions/<pk>/contracts/ (included by urls/staff.py)."""

from django.urls import path

from decisions.views import contracts

urlpatterns = [
    path("<int:pk>/contracts/new/", contracts.contract_add, name="contract_add"),
    path("<int:pk>/contracts/<int:contract_pk>/", contracts.contract_edit, name="contract_edit"),
    path(
        "<int:pk>/contracts/<int:contract_pk>/remove/",
        contracts.contract_remove,
        name="contract_remove",
    ),
]
