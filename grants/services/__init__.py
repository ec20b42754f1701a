"""Every write to grants: organisations, agreements and their moves, variations.

Each function is one transaction that locks what it changes, checks the allowed-moves table
(grants.workflow) and the rules, stamps who and why, saves, and runs the database's deferred
checks before it returns. A refusal raises ValidationError with sentences to show, and changes
nothing.
"""

from grants.services._base import database_checks_now
from grants.services.agreements import (
    AgreementTerms,
    MatchLine,
    agreement_activate,
    agreement_approve,
    agreement_close,
    agreement_create,
    agreement_update,
    agreement_withdraw,
    profile_for,
    terms_problems,
)
from grants.services.organisations import (
    ORG_IDENTIFIER_HELP,
    org_identifier_problem,
    organisation_create,
)
from grants.services.variations import variation_create, variation_refusal

__all__ = [
    "ORG_IDENTIFIER_HELP",
    "AgreementTerms",
    "MatchLine",
    "agreement_activate",
    "agreement_approve",
    "agreement_close",
    "agreement_create",
    "agreement_update",
    "agreement_withdraw",
    "database_checks_now",
    "org_identifier_problem",
    "organisation_create",
    "profile_for",
    "terms_problems",
    "variation_create",
    "variation_refusal",
]
