"""A decision's contracts: add, change and remove them while the decision is a draft."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from contracts.models import Contract
from contracts.services import FIELDS
from decisions import forms, permissions
from decisions.services import contracts as services
from decisions.views.helpers import decision_for, edit_form, form_page, staff


def _contract(decision, contract_pk: int) -> Contract:
    return get_object_or_404(
        Contract.objects.select_related("supplier"), pk=contract_pk, approval__decision=decision
    )


@staff
def contract_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contract the decision approves: supplier, maximum value, period, route, awarder."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    form = edit_form(forms.ContractForm, request, decision)

    def save(data):
        services.decision_contract_add(decision=decision, user=request.user, **data)

    return form_page(request, decision, form, "Add a contract", save, done="contract added")


@staff
def contract_edit(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    """Change a contract the decision approves."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    contract = _contract(decision, contract_pk)
    initial = {name: getattr(contract, name) for name in FIELDS}
    form = edit_form(forms.ContractForm, request, decision, initial=initial)

    def save(data):
        services.decision_contract_update(
            decision=decision, contract=contract, user=request.user, **data
        )

    return form_page(request, decision, form, "Change the contract", save, done="contract saved")


@staff
def contract_remove(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    """Remove a contract from the decision (the page asks for the reason once submitted)."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    contract = _contract(decision, contract_pk)
    form = edit_form(forms.ChangeForm, request, decision)

    def save(data):
        services.decision_contract_remove(
            decision=decision, contract=contract, user=request.user, **data
        )

    return form_page(
        request, decision, form, "Remove the contract", save, done="contract removed",
        submit_label="Remove contract", changing=str(contract), warning=True,
    )  # fmt: skip
