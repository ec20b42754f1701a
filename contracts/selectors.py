"""Reads of contracts for the staff pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from contracts.models import Contract


def contract_list() -> QuerySet[Contract]:
    """Every contract, soonest start first, with its supplier and the decision approving it."""
    return Contract.objects.select_related("supplier", "approval__decision__series").order_by(
        "starts_on", "pk"
    )


def contract_get(*, pk: int) -> Contract:
    """One contract with its supplier and approving decision; else 404."""
    return get_object_or_404(contract_list(), pk=pk)
