"""Every write to decisions: drafting, the workflow moves, signing and publication.

Each function is one transaction that locks what it changes, checks the allowed-moves table and
the move's guards (decisions.workflow), stamps who and why, saves, and sends email after commit.
A refusal raises `DecisionRefusedError` with reasons to show the user, and changes nothing.
"""

from decisions.services._base import (
    CHANGE_REASON_MAX,
    DecisionRefusedError,
    change_reason_required,
)
from decisions.services.agreements import decision_agreement_start, decision_variation_start
from decisions.services.drafting import (
    DRAFT_FIELDS,
    decision_agreements_set,
    decision_create,
    decision_link_add,
    decision_link_remove,
    decision_part2_set,
    decision_update,
    recommendation_add,
    recommendation_move,
    recommendation_remove,
    recommendation_update,
    section_add,
    section_move,
    section_remove,
    section_update,
    series_next_number,
)
from decisions.services.forward_plan import forward_plan_entry_add, forward_plan_entry_draft
from decisions.services.imports import (
    ImportRefusedError,
    decision_import_apply,
    decision_import_check,
    decision_import_upload,
    number_reserve,
)
from decisions.services.moves import (
    decision_clear,
    decision_publish,
    decision_reject,
    decision_return,
    decision_submit,
    decision_withdraw,
)
from decisions.services.signing import decision_sign, interest_problems, signing_problems

__all__ = [
    "CHANGE_REASON_MAX",
    "DRAFT_FIELDS",
    "DecisionRefusedError",
    "ImportRefusedError",
    "change_reason_required",
    "decision_agreement_start",
    "decision_agreements_set",
    "decision_clear",
    "decision_create",
    "decision_import_apply",
    "decision_import_check",
    "decision_import_upload",
    "decision_link_add",
    "decision_link_remove",
    "decision_part2_set",
    "decision_publish",
    "decision_reject",
    "decision_return",
    "decision_sign",
    "decision_submit",
    "decision_update",
    "decision_variation_start",
    "decision_withdraw",
    "forward_plan_entry_add",
    "forward_plan_entry_draft",
    "interest_problems",
    "number_reserve",
    "recommendation_add",
    "recommendation_move",
    "recommendation_remove",
    "recommendation_update",
    "section_add",
    "section_move",
    "section_remove",
    "section_update",
    "series_next_number",
    "signing_problems",
]
