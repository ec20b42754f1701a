"""Who may do what with budgets. Views ask these; services check what is valid now.

Finance edits; auditors read everything; officers, clearers and decision makers read the budgets of
the decisions they work on. The budget app cannot know about decisions (dependencies point the
other way), so the decisions app registers that last check with `register_budget_reader_check`.
Finance staff who work on a grant's budget read the Part 2 of the decisions on that grant
(decisions.permissions.can_view_part2 asks `works_on_agreement_budgets`).
"""

from __future__ import annotations

from collections.abc import Callable

from alpha_hub.access import any_role
from alpha_hub.roles import Role, has_role
from budget.models import Budget, BudgetLine, BudgetVariation

BudgetReaderCheck = Callable[[object, Budget], bool]
_reader_checks: list[BudgetReaderCheck] = []

# The roles that may open budget pages at all; each page then asks about the budget itself.
may_open_budget_pages = any_role(
    Role.FINANCE, Role.AUDITOR, Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER
)
may_list_budgets = any_role(Role.FINANCE, Role.AUDITOR)


def register_budget_reader_check(check: BudgetReaderCheck) -> BudgetReaderCheck:
    """Add `check(user, budget) -> bool` to those that may grant read access."""
    if check not in _reader_checks:
        _reader_checks.append(check)
    return check


def unregister_budget_reader_check(check: BudgetReaderCheck) -> None:
    """Remove a check added by `register_budget_reader_check` (for tests)."""
    if check in _reader_checks:
        _reader_checks.remove(check)


def can_view_budget(user, budget: Budget) -> bool:
    """Finance and auditors read every budget; others only where a registered check says so."""
    if has_role(user, Role.FINANCE) or has_role(user, Role.AUDITOR):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return any(check(user, budget) for check in _reader_checks)


def can_edit_budget(user, budget: Budget) -> bool:
    """Finance staff change budget lines (while the budget is unlocked: the service checks)."""
    return has_role(user, Role.FINANCE)


def can_record_variation(user, budget: Budget) -> bool:
    """Finance staff record variations of locked budgets."""
    return has_role(user, Role.FINANCE)


def works_on_agreement_budgets(user, agreement_ids) -> bool:
    """Finance staff who started, changed, imported into or varied a budget of these agreements.

    Nobody is assigned to a budget: its history (append-only) names who worked on it.
    """
    if not has_role(user, Role.FINANCE):
        return False
    budgets = Budget.objects.filter(agreement_id__in=agreement_ids).values("pk")
    return (
        Budget.history.filter(id__in=budgets, history_user=user).exists()
        or BudgetLine.history.filter(budget_id__in=budgets, history_user=user).exists()
        or BudgetVariation.history.filter(budget_id__in=budgets, history_user=user).exists()
    )


def can_view_programme_budgets(user, programme) -> bool:
    """Finance and auditors compare a programme's budgets year on year."""
    return has_role(user, Role.FINANCE) or has_role(user, Role.AUDITOR)
