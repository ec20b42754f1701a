"""The workflow moves: submit, clear, return, reject, withdraw, sign and publish."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from alpha_hub.history import stamp
from alpha_hub.otp import step_up_verify
from budget.selectors import agreement_reconciliation_problems
from budget.services import budgets_lock_for_agreements
from decisions import notifications, permissions
from decisions.models import (
    INTEREST_DECLARATION,
    Clearance,
    Decision,
    Signature,
)
from decisions.services._base import (
    REASON_MAX,
    DecisionRefusedError,
    check_reason,
    finish_move,
    refuse_if,
    start_move,
)
from decisions.tasks import decision_documents_issue_task
from decisions.workflow import (
    Move,
    completeness_problems,
    delegation_problems,
    outstanding_clearances,
    separation_problems,
)
from grants.models import GrantAgreement


@transaction.atomic
def decision_submit(*, decision: Decision, user) -> Decision:
    """Draft or returned -> submitted: complete, so the clearers are asked."""
    decision = start_move(
        decision,
        Move.SUBMIT,
        lambda d: permissions.can_submit_decision(user, d),
        "Only the drafting officer can submit this decision.",
    )
    refuse_if(completeness_problems(decision))
    decision.submission_round += 1
    decision.status_reason = ""
    finish_move(
        decision, Move.SUBMIT, user=user, reason="", fields=["submission_round", "status_reason"]
    )
    transaction.on_commit(lambda: notifications.notify_submitted(decision.pk))
    return decision


@transaction.atomic
def decision_clear(
    *, decision: Decision, user, capacities: Iterable[str], comment: str = ""
) -> Decision:
    """Record clearance in one or more capacities; the last required one moves it to cleared."""
    decision = start_move(
        decision,
        Move.CLEAR,
        lambda d: permissions.can_clear_decision(user, d),
        "Only a clearance signatory who did not draft it can clear this decision.",
    )
    capacities = list(dict.fromkeys(capacities))
    outstanding = outstanding_clearances(decision)
    if not capacities:
        raise DecisionRefusedError("Choose the capacity in which you clear this decision.")
    if set(capacities) - set(outstanding):
        raise DecisionRefusedError("That clearance has already been given or is not required.")
    if len(comment) > REASON_MAX:
        raise DecisionRefusedError(f"The comment must be {REASON_MAX} characters or fewer.")
    now = timezone.now()
    for capacity in capacities:
        clearance = Clearance(
            decision=decision,
            capacity=capacity,
            cleared_by=user,
            cleared_at=now,
            comment=comment.strip(),
            round=decision.submission_round,
        )
        stamp(clearance, user=user, reason="Cleared")
        clearance.save()
    if not outstanding_clearances(decision):
        finish_move(decision, Move.CLEAR, user=user, reason="", fields=[])
        transaction.on_commit(lambda: notifications.notify_cleared(decision.pk))
    return decision


def _move_with_reason(decision, move: Move, *, user, reason: str, may, refusal: str, noun: str):
    """A move that records why: lock, check table and role, keep the reason, save once."""
    decision = start_move(decision, move, lambda d: may(user, d), refusal)
    decision.status_reason = check_reason(reason, noun)
    finish_move(decision, move, user=user, reason=reason, fields=["status_reason"])
    return decision


@transaction.atomic
def decision_return(*, decision: Decision, user, reason: str) -> Decision:
    """Submitted or cleared -> returned to the drafter, with the reason."""
    decision = _move_with_reason(
        decision, Move.RETURN, user=user, reason=reason, noun="return",
        may=permissions.can_return_decision,
        refusal="Only a clearer (or, once cleared, a decision maker) can return this decision.",
    )  # fmt: skip
    transaction.on_commit(lambda: notifications.notify_drafter(decision.pk, "returned"))
    return decision


@transaction.atomic
def decision_reject(*, decision: Decision, user, reason: str) -> Decision:
    """Cleared -> rejected by a decision maker, with the reason."""
    decision = _move_with_reason(
        decision, Move.REJECT, user=user, reason=reason, noun="rejection",
        may=permissions.can_reject_decision,
        refusal="Only a decision maker can reject this decision.",
    )  # fmt: skip
    transaction.on_commit(lambda: notifications.notify_drafter(decision.pk, "rejected"))
    return decision


@transaction.atomic
def decision_withdraw(*, decision: Decision, user, reason: str) -> Decision:
    """Any unsigned, live decision -> withdrawn by its drafter, with the reason."""
    return _move_with_reason(
        decision, Move.WITHDRAW, user=user, reason=reason, noun="withdrawal",
        may=permissions.can_withdraw_decision,
        refusal="Only the drafting officer can withdraw this decision.",
    )  # fmt: skip


def signing_problems(decision: Decision, user) -> list[str]:
    """Everything that stops `user` signing `decision` now, apart from the step-up check."""
    problems = separation_problems(decision, user) + delegation_problems(decision, user)
    problems += completeness_problems(decision)
    if outstanding_clearances(decision):
        problems.append("Every required clearance must be given before signing.")
    for approval in decision.approvals.select_related("agreement"):
        problems += agreement_reconciliation_problems(approval.agreement)
    return problems


@transaction.atomic
def decision_sign(
    *,
    decision: Decision,
    user,
    declaration_confirmed: bool,
    credential: str,
    request=None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Decision:
    """Cleared -> signed: guards, a fresh password or code, the signature; budgets lock."""
    decision = start_move(
        decision,
        Move.SIGN,
        lambda d: permissions.can_sign_decision(user, d),
        "Only a decision maker can sign decisions.",
    )
    refuse_if(signing_problems(decision, user))
    if not declaration_confirmed:
        raise DecisionRefusedError("Confirm the declaration of interests to sign.")
    if not step_up_verify(user=user, credential=credential, request=request):
        raise DecisionRefusedError("The password or code is not right: enter it again to sign.")
    now = timezone.now()
    printed_name = ", ".join(part for part in (user.display_name, user.job_title) if part)
    decision.signed_by, decision.signed_by_name, decision.signed_at = user, printed_name, now
    finish_move(
        decision,
        Move.SIGN,
        user=user,
        reason="",
        fields=["signed_by", "signed_by_name", "signed_at"],
    )
    signature = Signature(
        decision=decision,
        signed_by=user,
        signed_at=now,
        printed_name=printed_name,
        declaration=INTEREST_DECLARATION,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
    )
    stamp(signature, user=user, reason="Signed")
    signature.save()
    budgets_lock_for_agreements(
        agreements=[approval.agreement for approval in decision.approvals.all()],
        user=user,
        reason=f"{decision.reference} signed",
    )
    _agreements_approve(decision, user=user)
    # The signed PDFs are heavy work: issued through the task interface once the signature is
    # committed (inline by default; by a worker with TASKS_BACKEND=database).
    transaction.on_commit(lambda: decision_documents_issue_task.enqueue(decision.pk, user.pk))
    transaction.on_commit(lambda: notifications.notify_drafter(decision.pk, "signed"))
    return decision


def _agreements_approve(decision: Decision, *, user) -> None:
    """Proposed grant agreements the decision approves become approved (DESIGN.md section 3)."""
    proposed = GrantAgreement.objects.select_for_update().filter(
        approvals__decision=decision, status=GrantAgreement.Status.PROPOSED
    )
    for agreement in proposed:
        agreement.status = GrantAgreement.Status.APPROVED
        stamp(agreement, user=user, reason=f"Approved by {decision.reference}")
        agreement.save(update_fields=["status", "updated_at"])


@transaction.atomic
def decision_publish(*, decision: Decision, user) -> Decision:
    """Signed -> published: the public register shows it from now on."""
    decision = start_move(
        decision,
        Move.PUBLISH,
        lambda d: permissions.can_publish_decision(user, d),
        "Only a drafting officer or a decision maker can publish decisions.",
    )
    decision.published_at = timezone.now()
    finish_move(decision, Move.PUBLISH, user=user, reason="", fields=["published_at"])
    return decision
