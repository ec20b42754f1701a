"""Organisations, programmes, grant agreements, their funding profiles and variations."""

from grants.models.agreements import (
    APPROVED_TERMS_FIXED,
    AgreementDirection,
    AgreementStatus,
    FundingProfileYear,
    GrantAgreement,
    MatchFunding,
)
from grants.models.organisations import (
    ORG_IDENTIFIER_PATTERN,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeStatus,
)
from grants.models.variations import GrantVariation, VariationProfileYear

__all__ = [
    "APPROVED_TERMS_FIXED",
    "ORG_IDENTIFIER_PATTERN",
    "AgreementDirection",
    "AgreementStatus",
    "FundingProfileYear",
    "GrantAgreement",
    "GrantVariation",
    "MatchFunding",
    "Organisation",
    "OrganisationKind",
    "Programme",
    "ProgrammeStatus",
    "VariationProfileYear",
]
