"""Signing: by the holder of the decision's office on the day (or someone acting for it), with
the interests they declare (docs/adr/0054-offices-and-holders.md)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from alpha_hub.history import stamp
from alpha_hub.otp import StepUpLockedError, step_up_verify
from alpha_hub.roles import Role, has_role
from budget.selectors import agreement_reconciliation_problems
from budget.services import budgets_lock_for_agreements
from decisions import notifications, permissions
from decisions.models import (
    INTEREST_DECLARATION,
    INTEREST_MAX,
    PREVENTS_SIGNING,
    Decision,
    DeclaredInterest,
    InterestHandling,
    Signature,
)
from decisions.offices import capacity_on, office_problem, signing_day
from decisions.services._base import DecisionRefusedError, finish_move, refuse_if, start_move
from decisions.tasks import decision_documents_issue_task
from decisions.workflow import (
    Move,
    completeness_problems,
    delegation_problems,
    office_problems,
    outstanding_clearances,
    separation_problems,
)
from grants.models import GrantAgreement
from grants.selectors import variation_profile_after
from grants.services import agreement_approve

Interest = tuple[str, str]  # (what the interest is, how it was handled: InterestHandling)


class CredentialRefusedError(DecisionRefusedError):
    """The password or code was wrong, or signing is locked: the sign page shows it on the field."""


def signing_problems(decision: Decision, user, day: date | None = None) -> list[str]:
    """Everything that stops `user` signing `decision` on `day` (today), apart from the
    step-up check and the interests they declare."""
    problems = office_problems(decision, user, day)
    problems += separation_problems(decision, user) + delegation_problems(decision, user)
    problems += completeness_problems(decision)
    if outstanding_clearances(decision):
        problems.append("Every required clearance must be given before signing.")
    for approval in decision.approvals.select_related("agreement"):
        problems += agreement_reconciliation_problems(approval.agreement)
    # A variation counts once signed: the varied budgets must reconcile with the profile after it.
    for made in decision.variation_approvals.select_related("variation__agreement"):
        problems += agreement_reconciliation_problems(
            made.variation.agreement, profile=variation_profile_after(made.variation)
        )
    return problems


def interest_problems(interests: list[Interest]) -> list[str]:
    """What is wrong with the interests as recorded; one the scheme says prevents signing stops
    it, and the refusal says which and why."""
    problems = []
    for number, (text, handling) in enumerate(interests, start=1):
        if not text:
            problems.append(f"Interest {number}: say what the interest is.")
        elif len(text) > INTEREST_MAX:
            problems.append(
                f"Interest {number}: describe it in {INTEREST_MAX:,} characters or fewer."
            )
        if handling not in InterestHandling.values:
            problems.append(f"Interest {number}: choose how it was handled.")
        elif handling in PREVENTS_SIGNING:
            problems.append(
                f"You recorded an interest that prevents you taking this decision (interest "
                f"{number}, “{text[:100]}”: {InterestHandling(handling).label.lower()}). Under "
                "the Code of Conduct someone else must take it; nothing has been signed."
            )
    return problems


def decision_sign(
    *,
    decision: Decision,
    user,
    declaration_confirmed: bool,
    credential: str,
    interests: Iterable[Interest] = (),
    request=None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Decision:
    """Cleared -> signed by the office's holder on the day: a fresh password or code, the
    guards, the signature with its declared interests (none is an empty list); budgets lock.

    The password or code is checked before the signing transaction opens: a wrong one is refused,
    and that refusal must not roll back the failed attempt that django-axes and the access log
    have just recorded (five lock signing, docs/adr/0012). Call it outside any transaction.
    """
    interests = [((text or "").strip(), handling) for text, handling in interests]
    refuse_if(interest_problems(interests))
    try:
        verified = step_up_verify(user=user, credential=credential, request=request)
    except StepUpLockedError as locked:
        raise CredentialRefusedError(str(locked)) from locked
    if not verified:
        raise CredentialRefusedError("The password or code is not right: enter it again to sign.")
    return _decision_sign_verified(
        decision=decision,
        user=user,
        declaration_confirmed=declaration_confirmed,
        interests=interests,
        ip_address=ip_address,
        user_agent=user_agent,
    )


def _not_a_signer(decision: Decision, user, day: date) -> str:
    if not has_role(user, Role.DECISION_MAKER):
        return "Only a decision maker can sign decisions."
    return office_problem(user, decision.office, day) or "You cannot sign this decision."


@transaction.atomic
def _decision_sign_verified(
    *,
    decision: Decision,
    user,
    declaration_confirmed: bool,
    interests: list[Interest],
    ip_address,
    user_agent: str,
) -> Decision:
    """The signing itself, once the signer has re-authenticated: lock, guards, save once."""
    now = timezone.now()
    day = signing_day(now)
    decision = start_move(
        decision,
        Move.SIGN,
        lambda d: permissions.can_sign_decision(user, d),
        _not_a_signer(decision, user, day),
    )
    refuse_if(signing_problems(decision, user, day))
    if not declaration_confirmed:
        raise DecisionRefusedError("Confirm the declaration of interests to sign.")
    signature = _signature(decision, user, now, capacity_on(user, decision.office, day))
    decision.signed_by, decision.signed_by_name, decision.signed_at = (
        user,
        signature.printed_name,
        now,
    )
    finish_move(
        decision,
        Move.SIGN,
        user=user,
        reason="",
        fields=["signed_by", "signed_by_name", "signed_at"],
    )
    signature.ip_address, signature.user_agent = ip_address or None, (user_agent or "")[:500]
    stamp(signature, user=user, reason="Signed")
    signature.save()
    _interests_record(signature, interests, user=user)
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


def _signature(decision: Decision, user, now, capacity: str) -> Signature:
    """The signature as the office's holder (or acting holder) on the day: the printed name is
    the person's name and the office's title at the time, e.g. "Sophie Linden, Deputy Mayor
    for Policing and Crime", or "..., Acting Chief Executive"."""
    signature = Signature(
        decision=decision,
        signed_by=user,
        signed_at=now,
        office=decision.office,
        office_title=decision.office.title,
        capacity=capacity,
        declaration=INTEREST_DECLARATION,
    )
    signature.printed_name = f"{user.display_name}, {signature.capacity_text}"[:200]
    return signature


def _interests_record(signature: Signature, interests: list[Interest], *, user) -> None:
    for position, (text, handling) in enumerate(interests, start=1):
        interest = DeclaredInterest(
            signature=signature, position=position, interest=text, handling=handling
        )
        stamp(interest, user=user, reason="Declared at signing")
        interest.save()


def _agreements_approve(decision: Decision, *, user) -> None:
    """Proposed grant agreements the decision approves become approved (DESIGN.md section 3)."""
    proposed = GrantAgreement.objects.select_for_update().filter(
        approvals__decision=decision, status=GrantAgreement.Status.PROPOSED
    )
    for agreement in proposed:
        why = f"Approved by {decision.reference}"
        agreement_approve(agreement=agreement, user=user, reason=why)
