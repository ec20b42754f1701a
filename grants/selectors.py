"""Reads of agreements: amounts and profiles after signed variations, lists and pages.

A variation counts only once the decision that makes it is signed (or published): until then it
is *proposed*, shown as such, and changes no amount, profile, budget or page. Every page that
shows an agreement's money reads it here (`agreement_amounts` for many, in a fixed number of
queries; `agreement_current_amount` / `agreement_current_profile` for one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.money import format_money
from grants.models import (
    FundingProfileYear,
    GrantAgreement,
    GrantVariation,
    MatchFunding,
    Organisation,
    VariationProfileYear,
)
from grants.profiles import ZERO, Profile, split_by_days
from grants.workflow import PENDING_DECISION_STATUSES, SIGNED_DECISION_STATUSES

SEARCH_LIMIT = 50


@dataclass
class VariationState:
    """A variation with what the page needs: its decision, whether it counts, its profile."""

    variation: GrantVariation
    decision_reference: str
    decision_pk: int | None
    decision_status: str
    signed_at: object
    profile_after: Profile
    profile_before: Profile

    @property
    def signed(self) -> bool:
        return self.decision_status in SIGNED_DECISION_STATUSES

    @property
    def pending(self) -> bool:
        return self.decision_status in PENDING_DECISION_STATUSES

    @property
    def state(self) -> str:
        if self.signed:
            return "Signed"
        return "Proposed" if self.pending else "Not made"


@dataclass
class AgreementAmounts:
    """An agreement's money as every page shows it: awarded, now (after signed variations), per
    year, its match funding, and any variation still waiting for its decision."""

    agreement: GrantAgreement
    current: Decimal
    profile: Profile
    starts_on: date
    ends_on: date
    match_by_year: dict[FinancialYear, Decimal] = field(default_factory=dict)
    variations: list[VariationState] = field(default_factory=list)

    @property
    def awarded(self) -> Decimal:
        return self.agreement.amount_awarded

    @property
    def change(self) -> Decimal:
        return self.current - self.awarded

    @property
    def match_total(self) -> Decimal:
        return sum(self.match_by_year.values(), ZERO)

    @property
    def profile_rows(self) -> list[tuple[FinancialYear, Decimal, Decimal]]:
        """(year, grant, match funding) for each year with either, in order."""
        years = sorted(set(self.profile) | set(self.match_by_year))
        return [
            (year, self.profile.get(year, ZERO), self.match_by_year.get(year, ZERO))
            for year in years
        ]

    @property
    def pending_variation(self) -> VariationState | None:
        return next((v for v in self.variations if v.pending), None)

    @property
    def signed_variations(self) -> list[VariationState]:
        return [v for v in self.variations if v.signed]


def _variation_rows(agreement_ids: list[int]) -> QuerySet[GrantVariation]:
    return (
        GrantVariation.objects.filter(agreement_id__in=agreement_ids)
        .select_related("approval__decision__series")
        .prefetch_related(Prefetch("profile", queryset=VariationProfileYear.objects.all()))
        .order_by("created_at", "id")
    )


def _variation_state(variation: GrantVariation) -> VariationState:
    approval = getattr(variation, "approval", None)
    decision = approval.decision if approval else None
    rows = list(variation.profile.all())
    return VariationState(
        variation=variation,
        decision_reference=decision.reference if decision else "",
        decision_pk=decision.pk if decision else None,
        decision_status=decision.status if decision else "",
        signed_at=decision.signed_at if decision else None,
        profile_after={row.financial_year: row.amount_after for row in rows if row.amount_after},
        profile_before={row.financial_year: row.amount_before for row in rows if row.amount_before},
    )


def base_profile(agreement: GrantAgreement, rows: Iterable[FundingProfileYear]) -> Profile:
    """The agreement's profile as approved: its rows, or the split by days if it has none."""
    profile = {row.financial_year: row.amount for row in rows}
    if profile:
        return profile
    return split_by_days(agreement.amount_awarded, agreement.starts_on, agreement.ends_on)


def _apply(amounts: AgreementAmounts, state: VariationState) -> None:
    variation = state.variation
    amounts.current = variation.amount_after
    amounts.starts_on = variation.starts_on_after or amounts.starts_on
    amounts.ends_on = variation.ends_on_after or amounts.ends_on
    amounts.profile = state.profile_after or split_by_days(
        variation.amount_after, amounts.starts_on, amounts.ends_on
    )


def agreement_amounts(
    agreements: Iterable[GrantAgreement], *, with_match: bool = True
) -> dict[int, AgreementAmounts]:
    """Each agreement's amounts after its signed variations, by pk, in four queries whatever
    the number of agreements (the programme page, the lists, 360Giving, decisions.json);
    three without the match funding."""
    agreements = list(agreements)
    ids = [agreement.pk for agreement in agreements]
    rows: dict[int, list[FundingProfileYear]] = defaultdict(list)
    for row in FundingProfileYear.objects.filter(agreement_id__in=ids):
        rows[row.agreement_id].append(row)
    match: dict[int, dict[FinancialYear, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for line in MatchFunding.objects.filter(agreement_id__in=ids) if with_match else ():
        match[line.agreement_id][line.financial_year] += line.amount
    states: dict[int, list[VariationState]] = defaultdict(list)
    for variation in _variation_rows(ids):
        states[variation.agreement_id].append(_variation_state(variation))
    result = {}
    for agreement in agreements:
        amounts = AgreementAmounts(
            agreement=agreement,
            current=agreement.amount_awarded,
            profile=base_profile(agreement, rows[agreement.pk]),
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
            match_by_year=dict(match[agreement.pk]),
            variations=states[agreement.pk],
        )
        signed = sorted(amounts.signed_variations, key=lambda s: (s.signed_at, s.variation.pk))
        for state in signed:
            _apply(amounts, state)
        result[agreement.pk] = amounts
    return result


def agreement_amounts_for(
    agreement: GrantAgreement, *, with_match: bool = True
) -> AgreementAmounts:
    """One agreement's amounts after its signed variations."""
    return agreement_amounts([agreement], with_match=with_match)[agreement.pk]


def agreement_current_amount(agreement: GrantAgreement) -> Decimal:
    """The agreement's amount after its signed variations (a proposed one does not count)."""
    return agreement_amounts_for(agreement, with_match=False).current


def agreement_current_profile(agreement: GrantAgreement) -> Profile:
    """The agreement's amount per financial year after its signed variations."""
    return agreement_amounts_for(agreement, with_match=False).profile


def variation_profile_after(variation: GrantVariation) -> Profile:
    """The agreement's profile once `variation` counts (its rows, or the split by days)."""
    rows = {row.financial_year: row.amount_after for row in variation.profile.all()}
    if rows:
        return {year: amount for year, amount in rows.items() if amount}
    agreement = variation.agreement
    return split_by_days(
        variation.amount_after,
        variation.starts_on_after or variation.starts_on_before or agreement.starts_on,
        variation.ends_on_after or variation.ends_on_before or agreement.ends_on,
    )


def signed_approval_reference(agreement: GrantAgreement) -> str:
    """The reference of the first signed decision that approved the agreement, or ''."""
    approval = (
        agreement.approvals.filter(decision__status__in=SIGNED_DECISION_STATUSES)
        .select_related("decision__series")
        .order_by("decision__signed_at", "decision_id")
        .first()
    )
    return approval.decision.reference if approval else ""


def agreement_list(*, status: str = "", query: str = "") -> QuerySet[GrantAgreement]:
    """Agreements for the staff list, newest first, with what the rows show."""
    agreements = GrantAgreement.objects.select_related(
        "programme", "funder", "recipient", "parent"
    ).order_by("-starts_on", "reference")
    if status:
        agreements = agreements.filter(status=status)
    if query:
        agreements = agreements.filter(
            Q(reference__icontains=query)
            | Q(title__icontains=query)
            | Q(funder__name__icontains=query)
            | Q(recipient__name__icontains=query)
        )
    return agreements


def agreement_get(*, pk: int) -> GrantAgreement:
    """One agreement with its parties, programme and parent (raises DoesNotExist)."""
    return GrantAgreement.objects.select_related("programme", "funder", "recipient", "parent").get(
        pk=pk
    )


def agreement_onward(agreement: GrantAgreement) -> list[GrantAgreement]:
    """The onward grants an incoming agreement funds."""
    return list(agreement.onward_grants.select_related("recipient").order_by("reference"))


def agreement_approving_decisions(agreement: GrantAgreement) -> list:
    """The decisions that approve the agreement (decisions' ApprovedAgreement, by name)."""
    return [
        approval.decision
        for approval in agreement.approvals.select_related("decision__series").order_by(
            "decision__signed_at", "decision_id"
        )
    ]


def organisation_search(query: str) -> QuerySet[Organisation]:
    """Organisations whose name, short name or identifier contains `query`."""
    query = (query or "").strip()
    organisations = Organisation.objects.order_by("name")
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(org_identifier__icontains=query)
        )
    return organisations[:SEARCH_LIMIT]


def onward_problems(
    parent: GrantAgreement,
    *,
    changed: GrantAgreement | None = None,
    profile: Profile | None = None,
    parent_profile: Profile | None = None,
) -> list[str]:
    """Where the parent's onward grants (with `changed` given `profile`) would exceed its amount
    (or `parent_profile`) plus match funding in a financial year; empty when they fit."""
    children = [
        child
        for child in parent.onward_grants.exclude(status=GrantAgreement.Status.WITHDRAWN)
        if changed is None or child.pk != changed.pk
    ]
    amounts = agreement_amounts([parent, *children])
    onward: dict[FinancialYear, Decimal] = defaultdict(lambda: ZERO)
    for child in children:
        for year, amount in amounts[child.pk].profile.items():
            onward[year] += amount
    for year, amount in (profile or {}).items():
        onward[year] += amount
    funds = amounts[parent.pk]
    grant = funds.profile if parent_profile is None else parent_profile
    problems = []
    for year in sorted(onward):
        available = grant.get(year, ZERO) + funds.match_by_year.get(year, ZERO)
        if onward[year] > available:
            problems.append(_onward_message(parent, year, onward[year], available))
    return problems


def _onward_message(parent, year, onward: Decimal, available: Decimal) -> str:
    return (
        f"Onward grants funded by {parent.reference} would come to {format_money(onward)} in "
        f"{year}, {format_money(onward - available)} more than its amount and match funding "
        f"for the year ({format_money(available)})"
    )
