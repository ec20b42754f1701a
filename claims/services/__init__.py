"""Every write to claims, payments and reports: atomic, keyword-only, stamped with who and why.

A refusal raises ClaimRefusedError with sentences to show, and changes nothing; the database's
constraints and triggers hold the same rules (docs/adr/0059-claims-and-payments.md).
"""

from claims.services._base import ClaimRefusedError
from claims.services.closure import agreement_close, closure_problems
from claims.services.moves import (
    MOVE_SERVICES,
    claim_approve,
    claim_check,
    claim_create,
    claim_evidence_add,
    claim_import_apply,
    claim_line_add,
    claim_line_remove,
    claim_return,
    claim_submit,
    remaining_problems,
)
from claims.services.payments import payment_record
from claims.services.reports import report_requirement_add, report_review, report_submit
from claims.services.schedule import claim_schedule_generate, schedule_periods

__all__ = [
    "MOVE_SERVICES",
    "ClaimRefusedError",
    "agreement_close",
    "claim_approve",
    "claim_check",
    "claim_create",
    "claim_evidence_add",
    "claim_import_apply",
    "claim_line_add",
    "claim_line_remove",
    "claim_return",
    "claim_schedule_generate",
    "claim_submit",
    "closure_problems",
    "payment_record",
    "remaining_problems",
    "report_requirement_add",
    "report_review",
    "report_submit",
    "schedule_periods",
]
