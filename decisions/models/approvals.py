"""What a decision approves: grant agreements, variations and contracts."""

from __future__ import annotations

from django.db import models

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from contracts.models import Contract
from decisions.frozen import approval_frozen_trigger
from decisions.models.decision import Decision
from grants.models import GrantAgreement, GrantVariation


class ApprovedAgreement(TimeStamped):
    """A grant agreement that a decision approves."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="approvals")
    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="approvals"
    )

    history = AuditedHistory()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "agreement"], name="approval_unique"),
        ]
        triggers = [approval_frozen_trigger("grant agreements"), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.decision.reference} approves {self.agreement.reference}"


class ApprovedVariation(TimeStamped):
    """The decision that makes a grant variation: exactly one per variation."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="variation_approvals"
    )
    variation = models.OneToOneField(
        GrantVariation, on_delete=models.PROTECT, related_name="approval"
    )

    history = AuditedHistory()

    class Meta:
        triggers = [approval_frozen_trigger("grant variations"), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.decision.reference} makes {self.variation}"


class ApprovedContract(TimeStamped):
    """The decision that approves a contract: exactly one per contract (docs/adr/0058)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="contract_approvals"
    )
    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="approval")

    history = AuditedHistory()

    class Meta:
        triggers = [approval_frozen_trigger("contracts"), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.decision.reference} approves {self.contract}"
