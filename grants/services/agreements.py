"""Entering a proposed agreement (terms, profile, match funding) and the agreement's moves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alpha_hub.dates import day
from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.history import stamp
from alpha_hub.money import format_money
from grants.models import (
    FundingProfileYear,
    GrantAgreement,
    MatchFunding,
    Organisation,
    Programme,
)
from grants.profiles import Profile, profile_problems, split_by_days
from grants.selectors import agreement_current_amount, onward_problems, signed_approval_reference
from grants.services._base import database_checks_now, reason_text, refuse_if
from grants.workflow import (
    EDITABLE_STATUSES,
    MOVES,
    AgreementMove,
    move_allowed,
    wrong_state_message,
)

Direction = GrantAgreement.Direction


@dataclass(frozen=True)
class AgreementTerms:
    """What an officer enters for an agreement."""

    reference: str
    title: str
    programme: Programme
    funder: Organisation
    recipient: Organisation
    direction: str
    amount_awarded: Decimal
    starts_on: date
    ends_on: date
    fund_name: str = ""
    legal_power: str = ""
    conditions: str = ""
    parent: GrantAgreement | None = None


@dataclass(frozen=True)
class MatchLine:
    """One line of match funding: who gives it, for which year, how much."""

    source: Organisation
    financial_year: FinancialYear
    amount: Decimal
    description: str = ""


def profile_for(terms: AgreementTerms, profile: Profile | None) -> Profile:
    """The profile given, or (none given, or a single-year agreement) the split by days."""
    years = FinancialYear.spanning(terms.starts_on, terms.ends_on)
    if not profile or len(years) == 1:
        return split_by_days(terms.amount_awarded, terms.starts_on, terms.ends_on)
    return {year: amount for year, amount in profile.items() if amount or year in years}


def terms_problems(
    terms: AgreementTerms, profile: Profile, match: Sequence[MatchLine], *, agreement=None
) -> dict[str, list[str]]:
    """Every rule the terms break, by field; an empty dict when they keep them all."""
    problems: dict[str, list[str]] = {"__all__": []}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if terms.amount_awarded < 0:
        add("amount_awarded", "The amount cannot be negative")
    if terms.ends_on < terms.starts_on:
        add("ends_on", "The end date must be on or after the start date")
        return problems
    if terms.funder == terms.recipient:
        add("recipient", "The funder and the recipient must be different")
    for message in profile_problems(profile, terms.amount_awarded, terms.starts_on, terms.ends_on):
        add("profile", message)
    years = FinancialYear.spanning(terms.starts_on, terms.ends_on)
    for number, line in enumerate(match, start=1):
        if line.amount <= 0:
            add("match", f"Match funding line {number}: the amount must be more than £0.00")
        if line.financial_year not in years:
            add(
                "match",
                f"Match funding line {number}: {line.financial_year} is outside the "
                "agreement's period",
            )
    if terms.parent is not None:
        for message in _parent_problems(terms, agreement) or _onward_fit(terms, agreement, profile):
            add("parent", message)
    return problems


def _parent_problems(terms: AgreementTerms, agreement) -> list[str]:
    parent = terms.parent
    problems = []
    if agreement is not None and parent.pk == agreement.pk:
        return ["An agreement cannot fund itself"]
    if parent.direction != Direction.INCOMING:
        problems.append(
            f"{parent.reference} is outgoing: onward grants are funded by incoming ones"
        )
    if terms.direction != Direction.OUTGOING:
        problems.append("Only an outgoing grant is funded out of an incoming one")
    if parent.status == GrantAgreement.Status.WITHDRAWN:
        problems.append(f"{parent.reference} was withdrawn")
    if terms.starts_on < parent.starts_on or terms.ends_on > parent.ends_on:
        problems.append(
            f"An onward grant runs within {parent.reference}'s dates "
            f"({day(parent.starts_on)} to {day(parent.ends_on)})"
        )
    return problems


def _onward_fit(terms: AgreementTerms, agreement, profile: Profile) -> list[str]:
    """Whether the onward grant fits its parent's money each year: checked here, so that the
    check-your-answers page never offers what the service would then refuse."""
    return onward_problems(terms.parent, changed=agreement, profile=profile)


def _refuse(terms, profile, match, agreement=None) -> None:
    problems = terms_problems(terms, profile, match, agreement=agreement)
    refuse_if(problems if any(problems.values()) else {})


def _write_terms(agreement: GrantAgreement, terms: AgreementTerms, *, user, reason: str) -> None:
    for item in fields(terms):
        setattr(agreement, item.name, getattr(terms, item.name))
    stamp(agreement, user=user, reason=reason)
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as error:
        if GrantAgreement.objects.filter(reference=terms.reference).exclude(pk=agreement.pk):
            raise ValidationError(
                {"reference": f"An agreement with the reference {terms.reference} exists"}
            ) from error
        raise


def _write_profile(agreement: GrantAgreement, profile: Profile, *, user, reason: str) -> None:
    existing = {row.financial_year: row for row in agreement.profile.all()}
    for year, row in existing.items():
        if year not in profile:
            stamp(row, user=user, reason=reason)
            row.delete()
    for year, amount in sorted(profile.items()):
        row = existing.get(year) or FundingProfileYear(agreement=agreement, financial_year=year)
        if row.pk and row.amount == amount:
            continue
        row.amount = amount
        stamp(row, user=user, reason=reason)
        row.save()


def _write_match(agreement: GrantAgreement, match: Sequence[MatchLine], *, user, reason) -> None:
    for line in agreement.match_funding.all():
        stamp(line, user=user, reason=reason)
        line.delete()
    for line in match:
        row = MatchFunding(
            agreement=agreement, **{item.name: getattr(line, item.name) for item in fields(line)}
        )
        stamp(row, user=user, reason=reason)
        row.save()


def _check_onward(agreement: GrantAgreement, profile: Profile) -> None:
    if agreement.parent is not None:
        refuse_if({"parent": onward_problems(agreement.parent, changed=agreement, profile=profile)})
    if agreement.pk and agreement.onward_grants.exists():
        refuse_if({"profile": onward_problems(agreement, parent_profile=profile)})


@transaction.atomic
def agreement_create(
    *,
    terms: AgreementTerms,
    user,
    profile: Profile | None = None,
    match_funding: Sequence[MatchLine] = (),
) -> GrantAgreement:
    """Enter a proposed agreement with its profile (the split by days when none is given, and
    always for a single year) and its match funding; a decision then approves it."""
    profile = profile_for(terms, profile)
    _refuse(terms, profile, match_funding)
    agreement = GrantAgreement(status=GrantAgreement.Status.PROPOSED)
    _write_terms(agreement, terms, user=user, reason="Agreement entered")
    _write_profile(agreement, profile, user=user, reason="Funding profile entered")
    _write_match(agreement, match_funding, user=user, reason="Match funding entered")
    _check_onward(agreement, profile)
    database_checks_now()
    return agreement


def _lock(agreement: GrantAgreement) -> GrantAgreement:
    return (
        GrantAgreement.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def agreement_update(
    *,
    agreement: GrantAgreement,
    terms: AgreementTerms,
    user,
    profile: Profile | None = None,
    match_funding: Sequence[MatchLine] = (),
    reason: str = "",
) -> GrantAgreement:
    """Change a proposed agreement's terms, profile and match funding (after approval, only a
    variation changes them)."""
    agreement = _lock(agreement)
    if agreement.status not in EDITABLE_STATUSES or signed_approval_reference(agreement):
        raise ValidationError(
            f"{agreement.reference} is {agreement.get_status_display().lower()}: only a "
            "proposed agreement is changed here; after approval, a decision varies it."
        )
    profile = profile_for(terms, profile)
    _refuse(terms, profile, match_funding, agreement)
    why = reason_text(reason, "Agreement changed")
    _write_terms(agreement, terms, user=user, reason=why)
    _write_profile(agreement, profile, user=user, reason=why)
    _write_match(agreement, match_funding, user=user, reason=why)
    _check_onward(agreement, profile)
    database_checks_now()
    return agreement


def _start_move(agreement: GrantAgreement, move: AgreementMove) -> GrantAgreement:
    agreement = _lock(agreement)
    if not move_allowed(agreement.status, move):
        raise ValidationError(wrong_state_message(agreement, move))
    return agreement


def _finish_move(agreement, move: AgreementMove, *, user, reason: str, fields=()) -> None:
    agreement.status = MOVES[move].target
    stamp(agreement, user=user, reason=reason_text(reason, move.label))
    agreement.save(update_fields=["status", "updated_at", *fields])


@transaction.atomic
def agreement_approve(*, agreement: GrantAgreement, user, reason: str = "") -> GrantAgreement:
    """Proposed -> approved: only once a decision that approves it is signed (the signing
    calls this; the database refuses it otherwise too)."""
    agreement = _start_move(agreement, AgreementMove.APPROVE)
    signed = signed_approval_reference(agreement)
    if not signed:
        raise ValidationError(
            f"{agreement.reference} is approved by signing a decision that approves it."
        )
    _finish_move(
        agreement, AgreementMove.APPROVE, user=user, reason=reason or f"Approved by {signed}"
    )
    return agreement


@transaction.atomic
def agreement_activate(*, agreement: GrantAgreement, user) -> GrantAgreement:
    """Approved -> active: the agreement is in force (signed by both parties, money may flow)."""
    agreement = _start_move(agreement, AgreementMove.ACTIVATE)
    _finish_move(agreement, AgreementMove.ACTIVATE, user=user, reason="Activated")
    return agreement


@transaction.atomic
def agreement_close(
    *,
    agreement: GrantAgreement,
    amount_spent: Decimal,
    underspend_returned: Decimal,
    closed_on: date,
    user,
) -> GrantAgreement:
    """Active -> closed, recording the final amount spent and any underspend returned."""
    agreement = _start_move(agreement, AgreementMove.CLOSE)
    current = agreement_current_amount(agreement)
    problems: dict[str, list[str]] = {}
    if amount_spent < 0:
        problems["amount_spent"] = ["The amount spent cannot be negative"]
    elif amount_spent > current:
        problems["amount_spent"] = [
            f"The amount spent cannot be more than the grant, {format_money(current)}"
        ]
    if underspend_returned < 0:
        problems["underspend_returned"] = ["The underspend returned cannot be negative"]
    elif amount_spent >= 0 and underspend_returned > current - amount_spent:
        problems["underspend_returned"] = [
            "The underspend returned cannot be more than the grant less the amount spent, "
            f"{format_money(max(current - amount_spent, Decimal('0.00')))}"
        ]
    if closed_on < agreement.starts_on:
        problems["closed_on"] = ["An agreement cannot close before it starts"]
    refuse_if(problems)
    agreement.amount_spent, agreement.underspend_returned = amount_spent, underspend_returned
    agreement.closed_on = closed_on
    reason = (
        f"Closed: {format_money(amount_spent)} spent, {format_money(underspend_returned)} returned"
    )
    _finish_move(
        agreement, AgreementMove.CLOSE, user=user, reason=reason,
        fields=["amount_spent", "underspend_returned", "closed_on"],
    )  # fmt: skip
    return agreement


@transaction.atomic
def agreement_withdraw(*, agreement: GrantAgreement, user, reason: str) -> GrantAgreement:
    """Proposed or approved -> withdrawn (the offer will not go ahead), with the reason."""
    agreement = _start_move(agreement, AgreementMove.WITHDRAW)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for withdrawing the agreement"})
    _finish_move(agreement, AgreementMove.WITHDRAW, user=user, reason=f"Withdrawn: {reason}")
    return agreement
