"""The money a decision commits, started from its page: a new agreement it approves, or a
variation of an approved agreement that it makes, each with its link in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction

from decisions.models import ApprovedAgreement, ApprovedVariation, Decision
from decisions.services._base import start_edit
from grants import services as grants_services
from grants.models import GrantAgreement, GrantVariation
from grants.profiles import Profile


@transaction.atomic
def decision_agreement_start(
    *,
    decision: Decision,
    user,
    terms: grants_services.AgreementTerms,
    profile: Profile | None = None,
    match_funding: Sequence[grants_services.MatchLine] = (),
    change_reason: str = "",
) -> GrantAgreement:
    """Enter a proposed agreement and make the drafter's decision approve it, in one step."""
    edit = start_edit(decision, user, change_reason)
    agreement = grants_services.agreement_create(
        terms=terms, user=user, profile=profile, match_funding=match_funding
    )
    approval = ApprovedAgreement(decision=edit.decision, agreement=agreement)
    edit.stamp(approval, "Grant agreement entered and linked")
    approval.save()
    grants_services.database_checks_now()
    return agreement


@transaction.atomic
def decision_variation_start(
    *,
    decision: Decision,
    user,
    agreement: GrantAgreement,
    amount_after: Decimal,
    reason: str,
    profile_after: Profile | None = None,
    starts_on_after: date | None = None,
    ends_on_after: date | None = None,
    change_reason: str = "",
) -> GrantVariation:
    """Propose a variation of an approved agreement, made by the drafter's decision: it counts
    once that decision is signed. Refused for an agreement no signed decision approved, or one
    with a variation still waiting for its decision."""
    edit = start_edit(decision, user, change_reason)
    variation = grants_services.variation_create(
        agreement=agreement, amount_after=amount_after, reason=reason, user=user,
        profile_after=profile_after, starts_on_after=starts_on_after, ends_on_after=ends_on_after,
    )  # fmt: skip
    approval = ApprovedVariation(decision=edit.decision, variation=variation)
    edit.stamp(approval, "Grant variation proposed")
    approval.save()
    grants_services.database_checks_now()
    return variation
