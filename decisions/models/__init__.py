"""Formal decisions, split by concern; everything is importable from `decisions.models`."""

from decisions.models.approvals import ApprovedAgreement, ApprovedVariation
from decisions.models.decision import (
    INTEREST_DECLARATION,
    Assessment,
    Decision,
    DecisionQuerySet,
    DecisionStatus,
)
from decisions.models.exports import BulkExport, ExportStatus
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
    ADDRESSEE_ABBREVIATIONS,
    ClearanceCapacity,
    DecisionCategory,
    DecisionMakerRole,
    DecisionSeries,
    DelegationRule,
    all_clearance_capacities,
)
from decisions.models.signing import Clearance, DecisionDocument, DocumentVariant, Signature

__all__ = [
    "ADDRESSEE_ABBREVIATIONS",
    "INTEREST_DECLARATION",
    "ApprovedAgreement",
    "ApprovedVariation",
    "Assessment",
    "BulkExport",
    "Clearance",
    "ClearanceCapacity",
    "Decision",
    "DecisionCategory",
    "DecisionDocument",
    "DecisionLink",
    "DecisionMakerRole",
    "DecisionQuerySet",
    "DecisionSeries",
    "DecisionStatus",
    "DelegationRule",
    "DocumentVariant",
    "ExportStatus",
    "LinkKind",
    "OrderedPart",
    "Recommendation",
    "RestrictedPart",
    "Section",
    "SectionKind",
    "Signature",
    "all_clearance_capacities",
]
