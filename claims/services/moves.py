"""Claims, their spend and evidence, and the workflow moves (claims/workflow.py), one service each.

Each move locks the claim (`select_for_update`), checks the moves table and who may make it, saves
once with the history user and reason, and the database checks it all again.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.timezone import localdate

from alpha_hub.bulk import bulk_insert_with_history
from alpha_hub.history import stamp
from alpha_hub.money import format_money
from budget.models import BudgetLine, CostCategory
from claims import imports, permissions, selectors
from claims.files import CheckedFile
from claims.models import (
    Claim,
    ClaimEvidence,
    ClaimLine,
    ClaimPeriod,
)
from claims.services._base import (
    ClaimRefusedError,
    S,
    _amount,
    _check_reason,
    _database_message,
    _saved,
)
from claims.workflow import MOVES, Move, move_allowed, wrong_state_message
from grants.models import AgreementStatus, GrantAgreement


def _lock(claim: Claim) -> Claim:
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("period", "agreement")
        .get(pk=claim.pk)
    )


def _start_edit(claim: Claim, user) -> Claim:
    claim = _lock(claim)
    if not claim.is_editable:
        raise ClaimRefusedError(
            f"The claim for {claim.period} is {claim.get_status_display().lower()}: its spend and "
            "evidence change only while it is a draft or returned."
        )
    if not permissions.can_edit_claim(user, claim):
        raise ClaimRefusedError("Only the finance user who prepared this claim can change it.")
    return claim


@transaction.atomic
def claim_create(*, period: ClaimPeriod, user, today: date | None = None) -> Claim:
    """Start the claim for a period that has ended, of an active agreement."""
    if not permissions.can_prepare_claim(user, period.agreement):
        raise ClaimRefusedError("Only finance staff prepare claims.")
    agreement = GrantAgreement.objects.select_for_update().get(pk=period.agreement_id)
    if agreement.status != AgreementStatus.ACTIVE:
        raise ClaimRefusedError(
            f"{agreement.reference} is {agreement.get_status_display().lower()}: claims are made "
            "only against an active agreement."
        )
    today = today or localdate()
    if period.ends_on > today:
        raise ClaimRefusedError(
            f"Claims are made in arrears: {period} ends on {period.ends_on:%-d %B %Y}, so it "
            "cannot be claimed yet."
        )
    if Claim.objects.filter(period=period).exists():
        raise ClaimRefusedError(f"{period} has already been claimed.")
    claim = Claim(agreement=agreement, period=period, prepared_by=user)
    return _saved(claim, user=user, reason="Claim started")


@transaction.atomic
def claim_line_add(
    *, claim: Claim, user, category: CostCategory, amount, budget_line: BudgetLine | None = None,
    description: str = "",
) -> ClaimLine:  # fmt: skip
    """Add the period's actual spend on one category (or one budget line) of the budget."""
    claim = _start_edit(claim, user)
    amount = _amount(amount)
    description = (description or "").strip()
    if len(description) > 200:
        raise ClaimRefusedError("The description must be 200 characters or fewer.")
    year = selectors.period_year(claim.period)
    in_budget = BudgetLine.objects.filter(
        budget__agreement=claim.agreement, budget__financial_year=year, category=category
    )
    if not in_budget.exists():
        raise ClaimRefusedError(
            f"{claim.agreement.reference}'s budget for {year} has no {category.name.lower()} "
            "category: claim spend against the categories the budget has."
        )
    if budget_line is not None and not in_budget.filter(pk=budget_line.pk).exists():
        raise ClaimRefusedError(
            "That budget line is not in this category of the agreement's budget."
        )
    line = ClaimLine(
        claim=claim, category=category, budget_line=budget_line, description=description,
        amount=amount,
    )  # fmt: skip
    return _saved(line, user=user, reason=f"Spend added: {format_money(amount)}")


@transaction.atomic
def claim_line_remove(*, claim: Claim, user, line_id: int) -> None:
    """Remove a line from a draft or returned claim."""
    claim = _start_edit(claim, user)
    line = ClaimLine.objects.filter(pk=line_id, claim=claim).first()
    if line is None:
        raise ClaimRefusedError("That line is no longer on the claim.")
    stamp(line, user=user, reason="Spend removed")
    line.delete()


@transaction.atomic
def claim_evidence_add(*, claim: Claim, user, checked: CheckedFile) -> ClaimEvidence:
    """Keep a checked evidence file with the claim (deleted again if the transaction fails)."""
    claim = _start_edit(claim, user)
    evidence = ClaimEvidence(
        claim=claim, uploaded_by=user, file_name=checked.file_name,
        content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
    )  # fmt: skip
    evidence.file.save(checked.file_name, ContentFile(checked.data), save=False)
    return _saved(evidence, user=user, reason=f"Evidence added: {checked.file_name}")


@transaction.atomic
def claim_import_apply(*, claim: Claim, user, kept_path: str, file_name: str) -> list[ClaimLine]:
    """Add the spend of a previewed upload once, all or nothing, under the claim's lock.

    Every row is checked again under the lock; the first apply removes the kept file before it
    commits, so a second apply of the same upload finds nothing to apply.
    """
    claim = _start_edit(claim, user)
    if not default_storage.exists(kept_path):
        raise ClaimRefusedError(
            "That upload has already been imported or has expired: check the claim, or upload "
            "the file again."
        )
    with default_storage.open(kept_path, "rb") as kept:
        data = kept.read()
    try:
        preview = imports.preview_spend(claim=claim, file_name=file_name, data=data)
    except imports.ImportFileError as error:
        raise ClaimRefusedError(str(error)) from error
    if preview.error_count:
        raise ClaimRefusedError("The file has errors: fix them and upload it again.")
    lines = [
        ClaimLine(
            claim=claim,
            category=value.category,
            budget_line=value.budget_line,
            description=value.description,
            amount=value.amount,
        )
        for value in preview.values
    ]
    try:
        with transaction.atomic():
            created = bulk_insert_with_history(
                lines, user=user, reason=f"Imported from {file_name}"[:100]
            )
    except (IntegrityError, DatabaseError) as error:
        raise ClaimRefusedError(_database_message(error)) from error
    default_storage.delete(kept_path)
    return created


def _start_move(claim: Claim, move: Move, allowed, refusal: str) -> Claim:
    claim = _lock(claim)
    if not move_allowed(claim.status, move):
        raise ClaimRefusedError(_wrong_state(claim, move))
    if not allowed(claim):
        raise ClaimRefusedError(refusal)
    return claim


def _wrong_state(claim: Claim, move: Move) -> str:
    message = wrong_state_message(claim, move)
    who = {
        S.CHECKED: claim.checked_by, S.APPROVED: claim.approved_by, S.PAID: claim.approved_by
    }.get(claim.status)  # fmt: skip
    if move in (Move.CHECK, Move.APPROVE) and who is not None:
        message += f" {who.display_name} has already {claim.get_status_display().lower()} it."
    return message


def _finish_move(claim: Claim, move: Move, *, user, reason: str = "", fields=()) -> Claim:
    claim.status = MOVES[move].target
    label = f"{move.label}: {reason}" if reason else move.label
    return _saved(claim, user=user, reason=label, update_fields=["status", "updated_at", *fields])


def remaining_problems(claim: Claim) -> list[str]:
    """Why the claim does not fit in what the agreement has left; empty when it does."""
    amount = selectors.agreement_amount(claim.agreement)
    others = (
        ClaimLine.objects.filter(
            claim__agreement=claim.agreement, claim__status__in=selectors.CLAIMED_STATUSES
        )
        .exclude(claim=claim)
        .values_list("amount", flat=True)
    )
    committed = sum(others, Decimal("0.00"))
    total = selectors.claim_total(claim)
    remaining = amount - committed
    if total <= remaining:
        return []
    return [
        f"The claim of {format_money(total)} is over the remaining amount: the agreement's amount "
        f"is {format_money(amount)}, other claims take {format_money(committed)}, leaving "
        f"{format_money(remaining)} ({format_money(total - remaining)} too much)."
    ]


@transaction.atomic
def claim_submit(*, claim: Claim, user, at: datetime | None = None) -> Claim:
    """Draft or returned -> submitted: spend and evidence present, within the remaining amount
    (`at`: when it was submitted, now unless given, e.g. by the demo's past claims)."""
    claim = _start_move(
        claim, Move.SUBMIT, lambda c: permissions.can_submit_claim(user, c),
        "Only the finance user who prepared this claim can submit it.",
    )  # fmt: skip
    problems = []
    if not claim.lines.exists():
        problems.append("Add the period's spend before submitting the claim.")
    if not claim.evidence.exists():
        problems.append("Attach at least one evidence file before submitting the claim.")
    GrantAgreement.objects.select_for_update().filter(pk=claim.agreement_id).first()
    problems += remaining_problems(claim) if not problems else []
    if problems:
        raise ClaimRefusedError(*problems)
    claim.submitted_at = at or timezone.now()
    claim.status_reason = ""
    return _finish_move(claim, Move.SUBMIT, user=user, fields=["submitted_at", "status_reason"])


@transaction.atomic
def claim_check(*, claim: Claim, user, at: datetime | None = None) -> Claim:
    """Submitted -> checked, by a finance user who did not prepare it (`at`: when; now)."""
    claim = _start_move(
        claim, Move.CHECK, lambda c: permissions.can_check_claim(user, c),
        "You prepared this claim, so someone else in finance must check it.",
    )  # fmt: skip
    claim.checked_by, claim.checked_at = user, at or timezone.now()
    return _finish_move(claim, Move.CHECK, user=user, fields=["checked_by", "checked_at"])


@transaction.atomic
def claim_approve(*, claim: Claim, user, at: datetime | None = None) -> Claim:
    """Checked -> approved, by a finance user who neither prepared nor checked it (`at`: when;
    now unless given)."""
    claim = _start_move(
        claim, Move.APPROVE, lambda c: permissions.can_approve_claim(user, c),
        "You prepared or checked this claim, so a third finance user must approve it.",
    )  # fmt: skip
    GrantAgreement.objects.select_for_update().filter(pk=claim.agreement_id).first()
    problems = remaining_problems(claim)
    if problems:
        raise ClaimRefusedError(*problems)
    claim.approved_by, claim.approved_at = user, at or timezone.now()
    return _finish_move(claim, Move.APPROVE, user=user, fields=["approved_by", "approved_at"])


@transaction.atomic
def claim_return(*, claim: Claim, user, reason: str) -> Claim:
    """Submitted, checked or approved (and unpaid) -> returned to the preparer, with the reason."""
    claim = _start_move(
        claim, Move.RETURN, lambda c: permissions.can_return_claim(user, c),
        "Only the finance user who would check or approve this claim can return it.",
    )  # fmt: skip
    if claim.payments.exists():
        raise ClaimRefusedError(
            "A payment has been recorded against this claim: it cannot be returned."
        )
    claim.status_reason = _check_reason(reason, "return")
    claim.checked_by = claim.checked_at = claim.approved_by = claim.approved_at = None
    fields = ["status_reason", "checked_by", "checked_at", "approved_by", "approved_at"]
    return _finish_move(claim, Move.RETURN, user=user, reason=claim.status_reason, fields=fields)


MOVE_SERVICES = {
    Move.SUBMIT: claim_submit,
    Move.CHECK: claim_check,
    Move.APPROVE: claim_approve,
    Move.RETURN: claim_return,
}
