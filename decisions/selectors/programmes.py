"""Reads of a programme's money and of one decision's: the programme timeline and money section.

The figures come from budget/programme.py; here is which decisions count. For the public, those
published, and nothing of one whose value is withheld (its amounts are neither shown nor added
into a total that would give them away). For staff, those signed; a variation not yet signed is
shown as proposed and changes no amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, prefetch_related_objects

from budget import programme as figures
from budget.selectors import ZERO
from decisions.models import (
    ApprovedAgreement,
    ApprovedContract,
    ApprovedVariation,
    Decision,
    DecisionSeries,
)
from decisions.selectors.public import one_of, series_by_id
from grants.models import GrantAgreement, GrantVariation, MatchFunding, Programme

PUBLISHED = Decision.Status.PUBLISHED
SIGNED = Decision.SIGNED_STATUSES
WITHHELD = Decision.ValuePublication.WITHHELD


def _in_programme(programme: Programme) -> Q:
    return Q(approvals__agreement__programme=programme) | Q(
        variation_approvals__variation__agreement__programme=programme
    )


def programme_list_public() -> QuerySet[Programme]:
    """Programmes with a published decision, each with how many and the years they span."""
    published = Q(agreements__approvals__decision__status=PUBLISHED)
    decision = "agreements__approvals__decision"
    return (
        Programme.objects.filter(published)
        .select_related("host")
        .annotate(
            decision_count=Count(decision, filter=published, distinct=True),
            first_signed=Min(f"{decision}__signed_at", filter=published),
            last_signed=Max(f"{decision}__signed_at", filter=published),
        )
        .order_by("name")
    )


@dataclass
class ProgrammePage:
    """A programme's timeline and totals, as the public sees them."""

    programme: Programme
    timeline: list[figures.TimelineEntry]
    money: figures.ProgrammeMoney
    withheld: bool  # a decision's amounts are left out


@dataclass
class _Made:
    """What one decision did in the programme: its approvals, variations and contracts."""

    agreements: list[GrantAgreement] = field(default_factory=list)
    variations: list[GrantVariation] = field(default_factory=list)
    contracts: list = field(default_factory=list)  # contracts.models.Contract


def _programme_decisions(programme: Programme) -> list[tuple[Decision, _Made]]:
    """The published decisions in `programme`, oldest signed first, with what each did.

    Four queries; plain grouped rows, not prefetch_related (its managers cost more than the
    queries at 50 decisions).
    """
    decisions = list(
        Decision.objects.filter(_in_programme(programme), status=PUBLISHED)
        .distinct()
        .defer("search_vector")
        .order_by("signed_at", "number")
    )
    series = series_by_id()
    made = {decision.pk: _Made() for decision in decisions}
    for decision in decisions:
        decision.series = one_of(series, DecisionSeries, decision.series_id)
    ids = list(made)
    approvals = ApprovedAgreement.objects.filter(decision__in=ids, agreement__programme=programme)
    for approval in approvals.select_related("agreement").order_by(
        "agreement__direction", "agreement__reference"
    ):
        made[approval.decision_id].agreements.append(approval.agreement)
    varied = ApprovedVariation.objects.filter(
        decision__in=ids, variation__agreement__programme=programme
    )
    for approval in varied.select_related("variation__agreement").order_by("pk"):
        made[approval.decision_id].variations.append(approval.variation)
    contracts = ApprovedContract.objects.filter(decision__in=ids).select_related(
        "contract__supplier"
    )
    for approval in contracts.order_by("contract__starts_on", "pk"):
        made[approval.decision_id].contracts.append(approval.contract)
    return [(decision, made[decision.pk]) for decision in decisions]


def _paid_would_tell(agreement_ids) -> set[int]:
    """Agreements a signed variation changes that the public does not see (not yet published,
    or its value withheld): what was paid against them could pass the amount shown, and so give
    the variation away. One query, made only once something is paid."""
    hidden = Q(approval__decision__value_publication=WITHHELD) | ~Q(
        approval__decision__status=PUBLISHED
    )
    return set(
        GrantVariation.objects.filter(
            hidden, agreement__in=list(agreement_ids), approval__decision__status__in=SIGNED
        ).values_list("agreement_id", flat=True)
    )


def programme_page(programme: Programme) -> ProgrammePage:
    """The public timeline (oldest signed first) and totals, in a fixed number of queries."""
    decisions = _programme_decisions(programme)
    shown = [made for decision, made in decisions if not decision.value_withheld]
    agreement_ids = {agreement.pk for made in shown for agreement in made.agreements}
    agreements = figures.with_money(
        GrantAgreement.objects.filter(pk__in=agreement_ids, status__in=figures.COUNTED_STATUSES)
    )
    money = figures.programme_money(
        agreements=agreements,
        variations=[variation for made in shown for variation in made.variations],
        contracts=[contract for made in shown for contract in made.contracts],
    )
    if money.has_payments:
        money.leave_out_paid(_paid_would_tell(money.agreements))
    events = [
        figures.Event(
            decision=decision,
            agreements=made.agreements,
            variations=made.variations,
            contracts=made.contracts,
            withheld=decision.value_withheld,
        )
        for decision, made in decisions
    ]
    return ProgrammePage(
        programme=programme,
        timeline=figures.programme_timeline(events, money),
        money=money,
        withheld=len(shown) < len(decisions),
    )


# One decision's money section -------------------------------------------------------------


@dataclass
class VariationRow:
    variation: GrantVariation
    proposed: bool  # its decision is not signed: it changes nothing yet

    @property
    def change(self) -> Decimal:
        return self.variation.change


@dataclass
class FundingChain:
    """An incoming grant, its match funding and the onward grants it funds."""

    incoming: GrantAgreement
    amount: Decimal  # after the variations that count
    match: list[MatchFunding]
    onward: list[tuple[GrantAgreement, bool]]  # (grant, whether this decision approves it)

    @property
    def match_total(self) -> Decimal:
        return sum((line.amount for line in self.match), ZERO)

    @property
    def available(self) -> Decimal:
        return self.amount + self.match_total

    @property
    def onward_total(self) -> Decimal:
        return sum((grant.amount_awarded for grant, _mine in self.onward), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.available - self.onward_total


@dataclass
class DecisionMoney:
    """What a decision's page shows of its money."""

    agreements: list[GrantAgreement] = field(default_factory=list)
    variations: list[VariationRow] = field(default_factory=list)
    chains: list[FundingChain] = field(default_factory=list)
    withheld: bool = False

    @property
    def programmes(self) -> list[Programme]:
        """The programmes whose pages show this decision, by name."""
        found = {a.programme_id: a.programme for a in self.agreements}
        found |= {row.variation.agreement.programme_id: row.variation.agreement.programme
                  for row in self.variations}  # fmt: skip
        return sorted(found.values(), key=lambda programme: programme.name)


def _chains(
    decision: Decision, agreements: list[GrantAgreement], *, staff: bool
) -> list[FundingChain]:
    mine = {agreement.pk for agreement in agreements}
    parent_ids = sorted(
        {a.pk for a in agreements if a.direction == GrantAgreement.Direction.INCOMING}
        | {a.parent_id for a in agreements if a.parent_id}
    )
    if not parent_ids:
        return []
    onward = GrantAgreement.objects.exclude(status=GrantAgreement.Status.WITHDRAWN)
    if not staff:  # the public sees onward grants of published decisions, and this one's own
        onward = onward.filter(
            Q(approvals__decision__status=PUBLISHED, status__in=figures.COUNTED_STATUSES)
            | Q(approvals__decision=decision)
        ).distinct()
    statuses = SIGNED if staff else (PUBLISHED,)
    # The page has the decision's own agreements already: only parents it does not approve are read.
    parents = [agreement for agreement in agreements if agreement.pk in parent_ids]
    missing = set(parent_ids) - {parent.pk for parent in parents}
    if missing:
        parents += GrantAgreement.objects.filter(pk__in=missing).select_related(
            "funder", "recipient"
        )
    prefetch_related_objects(
        parents,
        Prefetch("match_funding", queryset=MatchFunding.objects.select_related("source")),
        Prefetch(
            "onward_grants",
            queryset=onward.select_related("recipient").order_by("reference"),
            to_attr="onward_shown",
        ),
        Prefetch(
            "variations",
            queryset=GrantVariation.objects.filter(
                approval__decision__status__in=statuses
            ).order_by("approval__decision__signed_at", "pk"),
            to_attr="counted_variations",
        ),
    )
    parents.sort(key=lambda parent: parent.reference)
    chains = []
    for parent in parents:
        if not parent.onward_shown and not parent.match_funding.all():
            continue
        varied = parent.counted_variations
        chains.append(
            FundingChain(
                incoming=parent,
                amount=varied[-1].amount_after if varied else parent.amount_awarded,
                match=list(parent.match_funding.all()),
                onward=[(grant, grant.pk in mine) for grant in parent.onward_shown],
            )
        )
    return chains


def decision_money(
    decision: Decision, *, staff: bool = False, agreements: list[GrantAgreement] | None = None
) -> DecisionMoney:
    """The variations `decision` makes and the funding chains of the agreements it approves.

    `agreements`: those it approves, when the page has read them already (decision_agreements()).
    """
    if agreements is None:
        agreements = list(
            GrantAgreement.objects.filter(approvals__decision=decision).select_related(
                "funder", "recipient", "programme"
            )
        )
    variations = (
        GrantVariation.objects.filter(approval__decision=decision)
        .select_related("agreement__programme", "agreement__funder", "agreement__recipient")
        .prefetch_related("profile")
        .order_by("agreement__reference")
    )
    proposed = decision.status not in SIGNED
    rows = [VariationRow(variation, proposed) for variation in variations]
    withheld = not staff and decision.value_withheld
    return DecisionMoney(
        agreements=agreements,
        variations=rows,
        chains=[] if withheld else _chains(decision, agreements, staff=staff),
        withheld=withheld,
    )
