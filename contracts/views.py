"""Staff pages: every contract, and one contract with the decision that approves it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alpha_hub.access import allow
from contracts import selectors
from contracts.permissions import can_view_contracts

staff = allow(
    can_view_contracts, "staff: officer, clearance, decision maker, finance, auditor, governance"
)


@staff
@require_safe
def contract_list(request: HttpRequest) -> HttpResponse:
    """Every contract, with its supplier, maximum value, period and approving decision."""
    return render(request, "contracts/contract_list.html", {"contracts": selectors.contract_list()})


@staff
@require_safe
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One contract as staff see it."""
    return render(
        request, "contracts/contract_detail.html", {"contract": selectors.contract_get(pk=pk)}
    )
