"""Variations: written with the decision that makes them (decisions.services.agreements)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from alpha_hub.history import stamp
from alpha_hub.money import format_money
from grants.models import GrantAgreement, GrantVariation, VariationProfileYear
from grants.profiles import Profile, profile_problems, split_by_days
from grants.selectors import agreement_amounts_for, onward_problems, signed_approval_reference
from grants.services._base import reason_text, refuse_if

VARIABLE_STATUSES = (GrantAgreement.Status.APPROVED, GrantAgreement.Status.ACTIVE)


def variation_refusal(agreement: GrantAgreement) -> str:
    """Why the agreement cannot be varied now, or '' when it can."""
    if not signed_approval_reference(agreement):
        return (
            f"No signed decision approved {agreement.reference}, so there is nothing to vary: "
            "change the proposed agreement itself, or approve it first."
        )
    if agreement.status not in VARIABLE_STATUSES:
        status = agreement.get_status_display().lower()
        return f"{agreement.reference} is {status}: it cannot be varied."
    pending = agreement_amounts_for(agreement).pending_variation
    if pending:
        return (
            f"{agreement.reference} already has a variation waiting for its decision "
            f"({pending.decision_reference or 'no decision'}): that decision must be signed, "
            "rejected or withdrawn first."
        )
    return ""


@transaction.atomic
def variation_create(
    *,
    agreement: GrantAgreement,
    amount_after: Decimal,
    reason: str,
    user,
    profile_after: Profile | None = None,
    starts_on_after: date | None = None,
    ends_on_after: date | None = None,
) -> GrantVariation:
    """A proposed variation of an approved agreement: amount, profile and dates before and
    after. It counts once the decision that makes it (created with it) is signed."""
    agreement = (
        GrantAgreement.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=agreement.pk)
    )
    refusal = variation_refusal(agreement)
    if refusal:
        raise ValidationError(refusal)
    now = agreement_amounts_for(agreement)
    starts_on, ends_on = starts_on_after or now.starts_on, ends_on_after or now.ends_on
    problems: dict[str, list[str]] = {"reason": [] if reason.strip() else ["Give the reason"]}
    if amount_after < 0:
        problems["amount_after"] = ["The new amount cannot be negative"]
    if ends_on < starts_on:
        problems["ends_on_after"] = ["The new end date must be on or after the new start date"]
    refuse_if(problems)
    profile_after = profile_after or split_by_days(amount_after, starts_on, ends_on)
    problems["profile"] = profile_problems(profile_after, amount_after, starts_on, ends_on)
    if not problems["profile"]:
        if agreement.parent is not None:
            problems["profile"] += onward_problems(
                agreement.parent, changed=agreement, profile=profile_after
            )
        problems["profile"] += onward_problems(agreement, parent_profile=profile_after)
    unchanged = (
        amount_after == now.current
        and _nonzero(profile_after) == _nonzero(now.profile)
        and (starts_on, ends_on) == (now.starts_on, now.ends_on)
    )
    if unchanged:
        problems["__all__"] = ["The variation changes nothing: change the amount, profile or dates"]
    refuse_if(problems)
    variation = GrantVariation(
        agreement=agreement, amount_before=now.current, amount_after=amount_after,
        starts_on_before=now.starts_on, ends_on_before=now.ends_on,
        starts_on_after=starts_on_after, ends_on_after=ends_on_after, reason=reason.strip(),
    )  # fmt: skip
    why = reason_text(
        f"Variation proposed: {format_money(now.current)} to {format_money(amount_after)}", ""
    )
    stamp(variation, user=user, reason=why)
    variation.save()
    for year in sorted(set(now.profile) | set(profile_after)):
        row = VariationProfileYear(
            variation=variation, financial_year=year,
            amount_before=now.profile.get(year, Decimal("0.00")),
            amount_after=profile_after.get(year, Decimal("0.00")),
        )  # fmt: skip
        stamp(row, user=user, reason=why)
        row.save()
    return variation


def _nonzero(profile: Profile) -> Profile:
    return {year: amount for year, amount in profile.items() if amount}
