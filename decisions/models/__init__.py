"""Formal decisions, split by concern; everything is importable from `decisions.models`."""

from decisions.models.approvals import ApprovedAgreement, ApprovedContract, ApprovedVariation
from decisions.models.comments import COMMENT_MAX, ClearanceComment, CommentState
from decisions.models.decision import (
    INTEREST_DECLARATION,
    Assessment,
    Decision,
    DecisionKind,
    DecisionQuerySet,
    DecisionStatus,
    ValuePublication,
)
from decisions.models.exports import BulkExport, ExportStatus
from decisions.models.forward_plan import ForwardPlanEntry
from decisions.models.imports import DecisionImport, ImportStatus, NumberReservation
from decisions.models.offices import (
    SIGNING_KINDS,
    Office,
    OfficeHolder,
    OfficeHolderKind,
)
from decisions.models.papers import PaperKind, PaperPart, PaperType, SupportingPaper
from decisions.models.parts import (
    DecisionLink,
    LinkKind,
    OrderedPart,
    Recommendation,
    RestrictedPart,
    Section,
    SectionKind,
)
from decisions.models.reference import (
    ClearanceCapacity,
    DecisionCategory,
    DecisionSeries,
    DelegationRule,
    all_clearance_capacities,
)
from decisions.models.signing import (
    INTEREST_MAX,
    PREVENTS_SIGNING,
    Clearance,
    DecisionDocument,
    DeclaredInterest,
    DocumentVariant,
    InterestHandling,
    Signature,
    SignatureCapacity,
)

__all__ = [
    "COMMENT_MAX",
    "INTEREST_DECLARATION",
    "INTEREST_MAX",
    "PREVENTS_SIGNING",
    "SIGNING_KINDS",
    "ApprovedAgreement",
    "ApprovedContract",
    "ApprovedVariation",
    "Assessment",
    "BulkExport",
    "Clearance",
    "ClearanceCapacity",
    "ClearanceComment",
    "CommentState",
    "Decision",
    "DecisionCategory",
    "DecisionDocument",
    "DecisionImport",
    "DecisionKind",
    "DecisionLink",
    "DecisionQuerySet",
    "DecisionSeries",
    "DecisionStatus",
    "DeclaredInterest",
    "DelegationRule",
    "DocumentVariant",
    "ExportStatus",
    "ForwardPlanEntry",
    "ImportStatus",
    "InterestHandling",
    "LinkKind",
    "NumberReservation",
    "Office",
    "OfficeHolder",
    "OfficeHolderKind",
    "OrderedPart",
    "PaperKind",
    "PaperPart",
    "PaperType",
    "Recommendation",
    "RestrictedPart",
    "Section",
    "SectionKind",
    "Signature",
    "SignatureCapacity",
    "SupportingPaper",
    "ValuePublication",
    "all_clearance_capacities",
]
