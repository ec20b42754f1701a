"""Who may do what with claims, payments and monitoring reports (docs/permissions.md).

Views ask these; services ask them again with the workflow table. Separation of duties: the
preparer, the checker and the approver of a claim are three different finance users, and the
database holds the same rule on the claim's user columns.
"""

from __future__ import annotations

from alpha_hub.access import any_role
from alpha_hub.roles import Role, has_role
from claims.models import Claim, ClaimStatus, MonitoringReport

may_open_claims = any_role(Role.FINANCE, Role.AUDITOR)
may_open_reports = any_role(Role.FINANCE, Role.AUDITOR, Role.OFFICER)
may_work_on_claims = any_role(Role.FINANCE)
may_work_on_reports = any_role(Role.FINANCE, Role.OFFICER)


def _finance(user) -> bool:
    return has_role(user, Role.FINANCE)


def can_view_claims(user, agreement=None) -> bool:
    """Finance and auditors read every claim, payment and report."""
    return _finance(user) or has_role(user, Role.AUDITOR)


def can_view_reports(user, agreement=None) -> bool:
    """Officers read the monitoring reports they review; finance and auditors read everything."""
    return can_view_claims(user) or has_role(user, Role.OFFICER)


def can_prepare_claim(user, agreement=None) -> bool:
    """Finance staff prepare a claim (to the funder, or entering the recipient's)."""
    return _finance(user)


def can_edit_claim(user, claim: Claim) -> bool:
    """The preparer changes the spend and evidence of a draft or returned claim."""
    return _finance(user) and claim.prepared_by_id == user.pk


def can_submit_claim(user, claim: Claim) -> bool:
    """The preparer submits their claim for checking."""
    return can_edit_claim(user, claim)


def can_check_claim(user, claim: Claim) -> bool:
    """A finance user who did not prepare the claim checks it."""
    return _finance(user) and claim.prepared_by_id != user.pk


def can_approve_claim(user, claim: Claim) -> bool:
    """A second finance user, neither the preparer nor the checker, approves it."""
    return _finance(user) and user.pk not in (claim.prepared_by_id, claim.checked_by_id)


def can_return_claim(user, claim: Claim) -> bool:
    """Whoever may make the claim's next move may return it instead."""
    if claim.status == ClaimStatus.SUBMITTED:
        return can_check_claim(user, claim)
    if claim.status in (ClaimStatus.CHECKED, ClaimStatus.APPROVED):
        return can_approve_claim(user, claim)
    return False


def can_record_payment(user, claim: Claim) -> bool:
    """Finance staff record payments against approved claims (not of a claim they prepared)."""
    return _finance(user) and claim.prepared_by_id != user.pk


def can_manage_schedule(user, agreement=None) -> bool:
    """Finance staff set an agreement's claim schedule and report requirements."""
    return _finance(user)


def can_submit_report(user, requirement=None) -> bool:
    """Finance or an officer records a report the recipient (or this body) sends."""
    return _finance(user) or has_role(user, Role.OFFICER)


def can_review_report(user, report: MonitoringReport) -> bool:
    """An officer who did not submit the report reviews it."""
    return has_role(user, Role.OFFICER) and report.submitted_by_id != user.pk


def can_close_agreement(user, agreement=None) -> bool:
    """Finance staff close an agreement once its claims and reports are done."""
    return _finance(user)
