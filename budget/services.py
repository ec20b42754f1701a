"""Every write to budgets."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from alpha_hub.history import stamp
from budget.models import Budget
from grants.models import GrantAgreement


@transaction.atomic
def budgets_lock_for_agreements(*, agreements: Iterable[GrantAgreement], user, reason: str) -> int:
    """Lock every unlocked budget of `agreements` (their approving decision was signed)."""
    locked = 0
    budgets = Budget.objects.select_for_update().filter(agreement__in=list(agreements))
    for budget in budgets.exclude(status=Budget.Status.LOCKED):
        budget.status = Budget.Status.LOCKED
        stamp(budget, user=user, reason=reason)
        budget.save(update_fields=["status", "updated_at"])
        locked += 1
    return locked
