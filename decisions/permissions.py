"""Who may do what to a decision: small predicates the staff views and services share.

They answer "may this user do this"; the services also ask "is this valid now"
(decisions.workflow). docs/permissions.md is the same matrix in words, and
tests/alpha_hub/test_permissions_matrix.py holds the two together.
"""

from __future__ import annotations

from django.db.models import Q

from alpha_hub.audit.permissions import can_read_audit_trail
from alpha_hub.roles import Role, has_role
from budget.permissions import works_on_agreement_budgets
from decisions.models import Decision, DecisionStatus
from decisions.offices import capacity_on

S = DecisionStatus

READERS = (
    Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER, Role.FINANCE, Role.AUDITOR, Role.GOVERNANCE,
)  # fmt: skip


def _any(user, *roles: Role) -> bool:
    return any(has_role(user, role) for role in roles)


def _is_drafter(user, decision: Decision) -> bool:
    return user.is_authenticated and decision.drafted_by_id == user.pk


def can_use_staff_workspace(user) -> bool:
    """Anyone with a working role (administrators use the admin instead)."""
    return _any(user, *READERS)


def can_open_dashboard(user) -> bool:
    """Everyone with a role lands on "Your work"; an administrator's is the way to the admin."""
    return can_use_staff_workspace(user) or has_role(user, Role.ADMINISTRATOR)


def can_view_decision(user, decision: Decision) -> bool:
    """Staff with a working role read every decision in the workspace; auditors included."""
    return can_use_staff_workspace(user)


def can_view_part2(user, decision: Decision) -> bool:
    """Part 2: the drafter, clearers, decision makers, auditors, finance on a linked grant.

    Finance "on a linked grant": who worked on the budget of a grant agreement the decision
    approves or varies (budget.permissions.works_on_agreement_budgets), not every finance user.
    """
    if _is_drafter(user, decision) or _any(user, Role.CLEARANCE, Role.DECISION_MAKER, Role.AUDITOR):
        return True
    return has_role(user, Role.FINANCE) and works_on_agreement_budgets(
        user, _linked_agreement_ids(decision)
    )


def _linked_agreement_ids(decision: Decision) -> list[int]:
    approved = decision.approvals.values_list("agreement_id", flat=True)
    varied = decision.variation_approvals.values_list("variation__agreement_id", flat=True)
    return [*approved, *varied]


def can_create_decision(user) -> bool:
    """Drafting officers draft decisions."""
    return has_role(user, Role.OFFICER)


def can_edit_decision(user, decision: Decision) -> bool:
    """The drafting officer edits their own decision (the workflow says when)."""
    return has_role(user, Role.OFFICER) and _is_drafter(user, decision)


can_submit_decision = can_edit_decision
can_withdraw_decision = can_edit_decision


def can_clear_decision(user, decision: Decision) -> bool:
    """A clearance signatory who did not draft it."""
    return has_role(user, Role.CLEARANCE) and not _is_drafter(user, decision)


def can_comment_on_decision(user, decision: Decision) -> bool:
    """A clearance signatory who did not draft it comments on its sections and recommendations
    (the services allow it while it is submitted; docs/adr/0063)."""
    return can_clear_decision(user, decision)


def can_answer_comments(user, decision: Decision) -> bool:
    """The drafting officer answers or resolves the clearers' comments."""
    return can_edit_decision(user, decision)


def can_return_decision(user, decision: Decision) -> bool:
    """Clearers send back a submitted decision; a decision maker sends back a cleared one."""
    if _is_drafter(user, decision):
        return False
    if decision.status == S.CLEARED:
        return has_role(user, Role.DECISION_MAKER)
    return has_role(user, Role.CLEARANCE)


def can_reject_decision(user, decision: Decision) -> bool:
    """A decision maker who did not draft it."""
    return has_role(user, Role.DECISION_MAKER) and not _is_drafter(user, decision)


def can_sign_decision(user, decision: Decision) -> bool:
    """A decision maker who holds, or acts for, the decision's office today (the service then
    checks delegation and separation of duties; docs/adr/0054)."""
    return has_role(user, Role.DECISION_MAKER) and capacity_on(user, decision.office) is not None


def can_publish_decision(user, decision: Decision) -> bool:
    """Drafting officers (who run the register) and decision makers."""
    return _any(user, Role.OFFICER, Role.DECISION_MAKER)


def can_plan_decision(user) -> bool:
    """Drafting officers record the decisions they expect (the forward plan) and draft them."""
    return has_role(user, Role.OFFICER)


def can_import_decisions(user) -> bool:
    """Administrators and governance officers bring in the register's past (docs/import.md)."""
    return _any(user, Role.ADMINISTRATOR, Role.GOVERNANCE)


can_reserve_number = can_import_decisions


def can_enrol_authenticator(user) -> bool:
    """Anyone signed in may protect their account with an authenticator app."""
    return user.is_authenticated and user.is_active


def works_on_budget(user, budget) -> bool:
    """The drafter, a clearer or the signer of a decision approving the budget's agreement, or a
    decision maker while such a decision awaits signature, may read that budget."""
    decisions = Decision.objects.filter(approvals__agreement_id=budget.agreement_id)
    involved = Q(drafted_by=user) | Q(clearances__cleared_by=user) | Q(signed_by=user)
    if decisions.filter(involved).exists():
        return True
    return has_role(user, Role.DECISION_MAKER) and decisions.filter(status=S.CLEARED).exists()


def can_export_documents(user) -> bool:
    """Auditors export signed decision documents in bulk."""
    return has_role(user, Role.AUDITOR)


def can_download_export(user, export) -> bool:
    """An export is for the auditor who asked for it."""
    return can_export_documents(user) and export.requested_by_id == user.pk


def can_view_decision_history(user, decision: Decision) -> bool:
    """A decision's timeline: who reads both the audit log and the decision's staff page."""
    return can_read_audit_trail(user) and can_view_decision(user, decision)
