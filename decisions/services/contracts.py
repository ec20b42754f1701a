"""A decision's contracts: each one added, changed or removed with the decision, in one transaction.

A contract is what a draft or returned decision proposes to buy (docs/adr/0058): the decision is
locked and checked as for any other edit (`start_edit`), and the contract is created with the
record that the decision approves it. Once the decision is signed the database refuses both.
"""

from __future__ import annotations

from django.db import transaction

from contracts import services as contract_services
from contracts.models import Contract
from contracts.services import ContractRefusedError
from decisions.models import ApprovedContract, Decision
from decisions.services._base import DecisionRefusedError, start_edit


def _approval(decision: Decision, contract: Contract) -> ApprovedContract:
    approval = (
        ApprovedContract.objects.select_for_update()
        .filter(decision=decision, contract_id=contract.pk)
        .first()
    )
    if approval is None:
        raise DecisionRefusedError(f"{decision.reference} does not approve that contract.")
    return approval


@transaction.atomic
def decision_contract_add(*, decision: Decision, user, reason: str = "", **fields) -> Contract:
    """A new contract that the decision approves."""
    edit = start_edit(decision, user, reason)
    try:
        contract = contract_services.contract_create(
            user=user, reason=edit.reason or "Contract added", **fields
        )
    except ContractRefusedError as refusal:
        raise DecisionRefusedError(*refusal.problems) from refusal
    approval = ApprovedContract(decision=edit.decision, contract=contract)
    edit.stamp(approval, "Contract added")
    approval.save()
    return contract


@transaction.atomic
def decision_contract_update(
    *, decision: Decision, contract: Contract, user, reason: str = "", **fields
) -> Contract:
    """Change a contract the decision approves."""
    edit = start_edit(decision, user, reason)
    _approval(edit.decision, contract)
    try:
        return contract_services.contract_update(
            contract=contract, user=user, reason=edit.reason or "Contract edited", **fields
        )
    except ContractRefusedError as refusal:
        raise DecisionRefusedError(*refusal.problems) from refusal


@transaction.atomic
def decision_contract_remove(
    *, decision: Decision, contract: Contract, user, reason: str = ""
) -> None:
    """Remove a contract from the decision, and the contract with it: no other decision has it."""
    edit = start_edit(decision, user, reason)
    approval = _approval(edit.decision, contract)
    edit.stamp(approval, "Contract removed")
    approval.delete()
    contract_services.contract_delete(
        contract=contract, user=user, reason=edit.reason or "Contract removed"
    )
