"""Claims and payments as rows for CSV and XLSX (alpha_hub/spreadsheets.py neutralises formulas)."""

from __future__ import annotations

from collections.abc import Iterator

from claims.models import ClaimLine, Payment

CLAIM_COLUMNS = [
    "Agreement", "Period", "Period start", "Period end", "Status", "Category", "Budget line",
    "Description", "Amount", "Prepared by", "Checked by", "Approved by",
]  # fmt: skip
PAYMENT_COLUMNS = ["Agreement", "Period", "Reference", "Paid on", "Amount", "Recorded by"]


def _name(user) -> str:
    return user.display_name if user else ""


def claim_rows() -> Iterator[list]:
    """One row per claim line, oldest agreement and period first (one query)."""
    lines = ClaimLine.objects.select_related(
        "claim__agreement", "claim__period", "claim__prepared_by", "claim__checked_by",
        "claim__approved_by", "category", "budget_line",
    ).order_by("claim__agreement__reference", "claim__period__number", "id")  # fmt: skip
    for line in lines.iterator(chunk_size=2000):
        claim = line.claim
        yield [
            claim.agreement.reference, claim.period.number, claim.period.starts_on,
            claim.period.ends_on, claim.get_status_display(), line.category.name,
            line.budget_line.description if line.budget_line else "", line.description,
            line.amount, _name(claim.prepared_by), _name(claim.checked_by),
            _name(claim.approved_by),
        ]  # fmt: skip


def payment_rows() -> Iterator[list]:
    """One row per payment (one query)."""
    payments = Payment.objects.select_related("agreement", "claim__period", "recorded_by")
    for payment in payments.order_by("agreement__reference", "paid_on", "id"):
        yield [
            payment.agreement.reference, payment.claim.period.number, payment.reference,
            payment.paid_on, payment.amount, _name(payment.recorded_by),
        ]  # fmt: skip
