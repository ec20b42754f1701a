"""Every write to a contract. Called by decisions.services.contracts, which first locks the
decision and checks that it may change now: a contract is what a draft decision proposes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from alpha_hub.history import stamp
from contracts.models import Contract
from grants.models import Organisation

FIELDS = frozenset(
    {
        "title",
        "supplier",
        "maximum_value",
        "starts_on",
        "ends_on",
        "procurement_route",
        "route_justification",
        "awarded_by",
    }
)


class ContractRefusedError(Exception):
    """Contract details that cannot be saved; `problems` are sentences to show the user."""

    def __init__(self, *problems: str):
        self.problems = [problem for problem in problems if problem]
        super().__init__(" ".join(self.problems))


def _checked(contract: Contract) -> Contract:
    """`contract` with its text trimmed, refused with every problem found (nothing saved)."""
    for name in ("title", "route_justification", "awarded_by"):
        setattr(contract, name, (getattr(contract, name) or "").strip())
    if contract.procurement_route != Contract.Route.DIRECT_AWARD:
        contract.route_justification = ""
    try:
        contract.full_clean()
    except ValidationError as invalid:
        raise ContractRefusedError(*invalid.messages) from invalid
    return contract


@transaction.atomic
def contract_create(
    *,
    user,
    reason: str,
    title: str,
    supplier: Organisation,
    maximum_value: Decimal,
    starts_on: date,
    ends_on: date,
    procurement_route: str,
    awarded_by: str,
    route_justification: str = "",
) -> Contract:
    """A new contract, checked; the caller links it to the decision that approves it."""
    contract = _checked(
        Contract(
            title=title, supplier=supplier, maximum_value=maximum_value, starts_on=starts_on,
            ends_on=ends_on, procurement_route=procurement_route, awarded_by=awarded_by,
            route_justification=route_justification,
        )
    )  # fmt: skip
    stamp(contract, user=user, reason=reason)
    contract.save()
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, user, reason: str, **fields) -> Contract:
    """Change a contract's details (the database refuses once its decision is signed)."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise ContractRefusedError(
            "These fields cannot be changed here: " + ", ".join(sorted(unknown))
        )
    contract = Contract.objects.select_for_update().filter(pk=contract.pk).first()
    if contract is None:
        raise ContractRefusedError("That contract has been removed.")
    for name, value in fields.items():
        setattr(contract, name, value)
    _checked(contract)
    stamp(contract, user=user, reason=reason)
    contract.save()
    return contract


@transaction.atomic
def contract_delete(*, contract: Contract, user, reason: str) -> None:
    """Remove a contract no decision approves any more."""
    stamp(contract, user=user, reason=reason)
    contract.delete()
