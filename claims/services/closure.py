"""Closing an agreement once its final claim is paid and final report accepted, or with a reason."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import localdate

from claims import permissions, selectors
from claims.models import (
    AgreementClosure,
    Claim,
    ReportKind,
    ReportStatus,
)
from claims.services._base import (
    REASON_MAX,
    ClaimRefusedError,
    S,
    _saved,
)
from grants import services as grant_services
from grants.models import AgreementStatus, GrantAgreement


def closure_problems(agreement: GrantAgreement) -> list[str]:
    """What is outstanding before the agreement may close without a reason; empty when nothing."""
    problems = []
    final = agreement.claim_periods.filter(is_final=True).first()
    if final is None:
        problems.append(f"{agreement.reference} has no claim schedule.")
    elif not Claim.objects.filter(period=final, status=S.PAID).exists():
        problems.append(f"The final claim ({final}) is not paid.")
    report = agreement.report_requirements.filter(kind=ReportKind.FINAL).first()
    if report is None:
        problems.append(f"{agreement.reference} requires no final report.")
    elif not report.reports.filter(status=ReportStatus.ACCEPTED).exists():
        problems.append(f"The final report ({report.title}) has not been accepted.")
    unfinished = agreement.claims.exclude(status=S.PAID).exclude(status=S.DRAFT).count()
    if unfinished:
        problems.append(f"{unfinished} claim(s) are still in progress.")
    return problems


@transaction.atomic
def agreement_close(
    *, agreement: GrantAgreement, user, reason: str = "", closed_on: date | None = None
) -> AgreementClosure:
    """Close an active agreement once its final claim is paid and its final report accepted (or
    with a recorded reason), recording the total paid and the underspend."""
    if not permissions.can_close_agreement(user, agreement):
        raise ClaimRefusedError("Only finance staff close an agreement.")
    agreement = GrantAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.ACTIVE:
        raise ClaimRefusedError(
            f"{agreement.reference} is {agreement.get_status_display().lower()}: only an active "
            "agreement closes."
        )
    problems = closure_problems(agreement)
    reason = (reason or "").strip()
    if problems and not reason:
        raise ClaimRefusedError(
            *problems, "Give the reason for closing it now, or finish these first."
        )
    if len(reason) > REASON_MAX:
        raise ClaimRefusedError(f"The reason must be {REASON_MAX} characters or fewer.")
    amount = selectors.agreement_amount(agreement)
    paid = selectors.agreement_paid(agreement)
    closed_on = closed_on or localdate()
    closure = AgreementClosure(
        agreement=agreement, amount=amount, total_paid=paid, underspend=amount - paid,
        reason=reason, closed_on=closed_on, closed_by=user,
    )  # fmt: skip
    _saved(closure, user=user, reason=f"Closed: {reason}" if reason else "Closed")
    _close_grant(agreement, user=user, spent=paid, underspend=amount - paid, closed_on=closed_on)
    return closure


def _close_grant(agreement, *, user, spent, underspend, closed_on) -> None:
    """Move the agreement itself to closed through the grants app's own move (its closing
    figures: what was paid, and the rest as the underspend)."""
    try:
        grant_services.agreement_close(
            agreement=agreement, amount_spent=spent, underspend_returned=underspend,
            closed_on=closed_on, user=user,
        )  # fmt: skip
    except ValidationError as error:
        raise ClaimRefusedError(*error.messages) from error
