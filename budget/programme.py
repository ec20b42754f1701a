"""A programme's money, decision by decision and year by year, each agreement counted once.

The figures behind the public programme page, the finance year-on-year page and the decision
pages' money section. Budget sits below decisions, so the caller says which agreements,
variations and contracts count (those of published decisions for the public, of signed ones for
staff) and in which order the decisions came; here they are added up:

- an agreement counts once, at the amount its first approving decision approved; a later
  decision that approves it again adds nothing, and one that varies it adds only the change;
- incoming grants, their match funding, onward (outgoing) grants and contracts are kept apart,
  never added together: an onward grant spends money an incoming grant brought in;
- beside each year's approved amounts, what was paid (issue 11): the payments recorded against
  the agreements' claims, in the financial year of the claim's period. For an incoming grant
  that is money received from its funder, for an onward grant money paid to its recipient.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.money import format_money
from budget.selectors import ZERO, split_by_days
from contracts.models import Contract
from grants.models import (
    FundingProfileYear,
    GrantAgreement,
    GrantVariation,
    MatchFunding,
    Programme,
    VariationProfileYear,
)

# Approved by a signed decision, and not withdrawn (grants' workflow).
COUNTED_STATUSES = (
    GrantAgreement.Status.APPROVED,
    GrantAgreement.Status.ACTIVE,
    GrantAgreement.Status.CLOSED,
)
INCOMING = "incoming"
ONWARD = "onward"
CONTRACT = "contract"


def signed_money(amount: Decimal) -> str:
    """ "+£70,000.00" or "-£1.00": a change, with its sign."""
    return ("+" if amount > 0 else "") + format_money(amount)


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date


@dataclass
class AgreementMoney:
    """One agreement as it stands after the variations that count."""

    agreement: GrantAgreement
    amount: Decimal
    starts_on: date
    ends_on: date
    years: dict[FinancialYear, Decimal]
    variations: list[GrantVariation] = field(default_factory=list)
    match: list[MatchFunding] = field(default_factory=list)
    paid: dict[FinancialYear, Decimal] = field(default_factory=dict)  # payments, by claim year

    @property
    def kind(self) -> str:
        incoming = self.agreement.direction == GrantAgreement.Direction.INCOMING
        return INCOMING if incoming else ONWARD

    @property
    def match_total(self) -> Decimal:
        return sum((line.amount for line in self.match), ZERO)

    @property
    def varied(self) -> bool:
        return bool(self.variations)


@dataclass
class Totals:
    """Money of one financial year (or of every year, `year` None), kept apart by kind."""

    year: FinancialYear | None = None
    incoming: Decimal = ZERO
    match: Decimal = ZERO
    onward: Decimal = ZERO
    contracts: Decimal = ZERO
    received: Decimal = ZERO  # paid against incoming grants' claims: money in
    paid: Decimal = ZERO  # paid against onward grants' claims: money out

    @property
    def to_receive(self) -> Decimal:
        return self.incoming - self.received

    @property
    def to_pay(self) -> Decimal:
        return self.onward - self.paid

    def add(self, kind: str, amount: Decimal) -> None:
        name = {INCOMING: "incoming", ONWARD: "onward", CONTRACT: "contracts"}.get(kind, kind)
        setattr(self, name, getattr(self, name) + amount)


@dataclass
class ProgrammeMoney:
    """Every counted agreement and contract, with totals per financial year and overall."""

    agreements: dict[int, AgreementMoney]
    contracts: list[Contract]
    years: list[Totals]
    total: Totals

    @property
    def has_contracts(self) -> bool:
        return bool(self.contracts)

    @property
    def has_payments(self) -> bool:
        """Whether any payment is recorded: until then the spend table would only say nothing."""
        return any(item.paid for item in self.agreements.values())

    def leave_out_paid(self, agreement_ids: Iterable[int]) -> None:
        """Take what was paid against `agreement_ids` out of the figures (the caller's rule)."""
        for agreement_id in agreement_ids:
            item = self.agreements.get(agreement_id)
            if item is None:
                continue
            name = "received" if item.kind == INCOMING else "paid"
            by_year = {totals.year: totals for totals in self.years}
            for year, amount in item.paid.items():
                for totals in (by_year[year], self.total):
                    setattr(totals, name, getattr(totals, name) - amount)
            item.paid = {}


def _current(
    agreement: GrantAgreement, variations: list[GrantVariation]
) -> tuple[Decimal, date, date]:
    amount, starts_on, ends_on = agreement.amount_awarded, agreement.starts_on, agreement.ends_on
    for variation in variations:  # in the order their decisions were signed
        amount = variation.amount_after
        starts_on = variation.starts_on_after or starts_on
        ends_on = variation.ends_on_after or ends_on
    return amount, starts_on, ends_on


@dataclass
class _Parts:
    """Profiles, match funding and payments of many agreements, read in four queries.

    Plain grouped rows, not prefetch_related: its managers cost more than the queries themselves
    at 200 agreements (docs/performance.md, issue 10).
    """

    profiles: dict[int, dict[FinancialYear, Decimal]]  # by agreement
    varied_profiles: dict[int, dict[FinancialYear, Decimal]]  # after, by variation
    match: dict[int, list[MatchFunding]]  # by agreement
    paid: dict[int, dict[FinancialYear, Decimal]]  # by agreement, by the claim period's year

    @classmethod
    def read(cls, agreement_ids: list[int], variation_ids: list[int]) -> _Parts:
        profiles: dict[int, dict] = defaultdict(dict)
        rows = FundingProfileYear.objects.filter(agreement__in=agreement_ids)
        for agreement_id, year, amount in rows.values_list("agreement", "financial_year", "amount"):
            profiles[agreement_id][FinancialYear(_start(year))] = amount
        varied: dict[int, dict] = defaultdict(dict)
        rows = VariationProfileYear.objects.filter(variation__in=variation_ids)
        for variation_id, year, amount in rows.values_list(
            "variation", "financial_year", "amount_after"
        ):
            varied[variation_id][FinancialYear(_start(year))] = amount
        match: dict[int, list] = defaultdict(list)
        lines = MatchFunding.objects.filter(agreement__in=agreement_ids).select_related("source")
        for line in lines.order_by("financial_year", "pk"):
            match[line.agreement_id].append(line)
        return cls(profiles, varied, match, _paid_by_year(agreement_ids))


def _paid_by_year(agreement_ids: list[int]) -> dict[int, dict[FinancialYear, Decimal]]:
    """What was paid against each agreement's claims, per financial year of the claim's period.

    Claims sit above budget, so their payments are named here only in the lookups, as
    claims.selectors.paid_by_year reads them for its own callers: one query.
    """
    paid: dict[int, dict] = defaultdict(lambda: defaultdict(lambda: ZERO))
    rows = (
        GrantAgreement.objects.filter(pk__in=agreement_ids, payments__isnull=False)
        .values_list("pk", "payments__claim__period__ends_on")
        .annotate(total=Sum("payments__amount"))
        .order_by()
    )
    for agreement_id, ends_on, total in rows:
        paid[agreement_id][FinancialYear.containing(ends_on)] += total
    return {agreement_id: dict(years) for agreement_id, years in paid.items()}


def _start(year) -> int:
    """A financial year's start from a values_list() row, whether or not the converter ran."""
    return getattr(year, "start_year", year)


def _year_amounts(
    agreement: GrantAgreement,
    variations: list[GrantVariation],
    amount: Decimal,
    parts: _Parts,
    period: Period,
) -> dict[FinancialYear, Decimal]:
    """The latest variation's profile after, else the agreement's own, else a split by days."""
    if variations:
        profile = parts.varied_profiles.get(variations[-1].pk, {})
    else:
        profile = parts.profiles.get(agreement.pk, {})
    if profile and sum(profile.values(), ZERO) == amount:
        return dict(profile)
    return split_by_days(amount, period)


def agreement_money(
    agreement: GrantAgreement, variations: list[GrantVariation], parts: _Parts
) -> AgreementMoney:
    """`agreement` after `variations` (those that count, oldest signed first)."""
    amount, starts_on, ends_on = _current(agreement, variations)
    period = Period(starts_on, ends_on)
    return AgreementMoney(
        agreement=agreement,
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        years=_year_amounts(agreement, variations, amount, parts, period),
        variations=variations,
        match=parts.match.get(agreement.pk, []),
        paid=parts.paid.get(agreement.pk, {}),
    )


def _contract_years(contract: Contract) -> dict[FinancialYear, Decimal]:
    return split_by_days(contract.maximum_value, Period(contract.starts_on, contract.ends_on))


def programme_money(
    *,
    agreements: Iterable[GrantAgreement],
    variations: Iterable[GrantVariation],
    contracts: Iterable[Contract] = (),
) -> ProgrammeMoney:
    """The figures for `agreements` after `variations`, with `contracts` at their maximum.

    `agreements` as with_money() prepares them; `variations` oldest signed first. Withheld
    amounts are the caller's to leave out, and with them what was paid. Four queries, however
    many agreements.
    """
    agreements, variations = list(agreements), list(variations)
    by_agreement: dict[int, list[GrantVariation]] = defaultdict(list)
    for variation in variations:
        by_agreement[variation.agreement_id].append(variation)
    parts = _Parts.read([a.pk for a in agreements], [v.pk for v in variations])
    money = {
        agreement.pk: agreement_money(agreement, by_agreement[agreement.pk], parts)
        for agreement in agreements
    }
    contracts = list(contracts)
    years: dict[FinancialYear, Totals] = {}
    total = Totals()

    def add(year: FinancialYear, kind: str, amount: Decimal) -> None:
        years.setdefault(year, Totals(year)).add(kind, amount)
        total.add(kind, amount)

    for item in money.values():
        for year, amount in item.years.items():
            add(year, item.kind, amount)
        if item.kind == INCOMING:
            for line in item.match:
                add(line.financial_year, "match", line.amount)
        for year, amount in item.paid.items():
            add(year, "received" if item.kind == INCOMING else "paid", amount)
    for contract in contracts:
        for year, amount in _contract_years(contract).items():
            add(year, CONTRACT, amount)
    ordered = [years[year] for year in sorted(years, key=lambda year: year.start_year)]
    return ProgrammeMoney(agreements=money, contracts=contracts, years=ordered, total=total)


def with_money(agreements: QuerySet[GrantAgreement]) -> QuerySet[GrantAgreement]:
    """`agreements` with the rows programme_money() reads beside them."""
    return agreements.select_related("funder", "recipient", "programme", "parent__funder")


# The timeline -------------------------------------------------------------------------------

APPROVED = "approved"
APPROVED_AGAIN = "approved_again"
VARIED = "varied"
ONWARD_AWARD = "onward"
CONTRACT_APPROVED = "contract"


@dataclass(frozen=True)
class Action:
    """One thing a decision did to the programme's money."""

    what: str  # APPROVED, APPROVED_AGAIN, VARIED, ONWARD_AWARD or CONTRACT_APPROVED
    subject: Any  # the GrantAgreement or Contract
    amount: Decimal | None = None  # what it adds; None when counted under an earlier decision
    before: Decimal | None = None  # a variation's amount before and after
    after: Decimal | None = None
    match: Decimal = ZERO  # the match funding an incoming grant brings with it
    counted_under: Any = None  # the earlier decision an agreement is counted under
    withheld: bool = False  # its decision withholds its value: no amount shown or added

    @property
    def change(self) -> Decimal | None:
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def kind(self) -> str:
        if self.what == CONTRACT_APPROVED:
            return CONTRACT
        incoming = self.subject.direction == GrantAgreement.Direction.INCOMING
        return INCOMING if incoming else ONWARD


@dataclass
class TimelineEntry:
    """One decision on the timeline, with what it did and what it adds, by kind."""

    decision: Any
    actions: list[Action] = field(default_factory=list)
    added: Totals = field(default_factory=Totals)

    @property
    def summary(self) -> list[str]:
        """What it adds, kind by kind: ["incoming +£1,479,306.16", "onward grants +£20.00"]."""
        added = self.added
        kinds = [
            ("incoming", added.incoming),
            ("match funding", added.match),
            ("onward grants", added.onward),
            ("contracts (maximum)", added.contracts),
        ]
        return [f"{label} {signed_money(amount)}" for label, amount in kinds if amount]


@dataclass(frozen=True)
class Event:
    """What the caller knows of a decision: the agreements, variations and contracts it made."""

    decision: Any
    agreements: list[GrantAgreement]
    variations: list[GrantVariation] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    withheld: bool = False  # the decision's value is not published: show what, not how much


def _withheld(event: Event) -> TimelineEntry:
    subjects = [(APPROVED, agreement) for agreement in event.agreements]
    subjects += [(VARIED, variation.agreement) for variation in event.variations]
    subjects += [(CONTRACT_APPROVED, contract) for contract in event.contracts]
    return TimelineEntry(
        event.decision, [Action(what, subject, withheld=True) for what, subject in subjects]
    )


def _approval(agreement: GrantAgreement, money: AgreementMoney | None) -> Action:
    incoming = agreement.direction == GrantAgreement.Direction.INCOMING
    return Action(
        what=APPROVED if incoming or agreement.parent_id is None else ONWARD_AWARD,
        subject=agreement,
        amount=agreement.amount_awarded,
        match=money.match_total if money and incoming else ZERO,
    )


def programme_timeline(events: Iterable[Event], money: ProgrammeMoney) -> list[TimelineEntry]:
    """`events` (oldest signed first) as the timeline: each agreement counted at its first."""
    counted: dict[int, Any] = {}
    entries = []
    for event in events:
        if event.withheld:
            entries.append(_withheld(event))
            continue
        entry = TimelineEntry(event.decision)
        for agreement in event.agreements:
            if agreement.pk in counted:
                again = Action(APPROVED_AGAIN, agreement, counted_under=counted[agreement.pk])
                entry.actions.append(again)
                continue
            counted[agreement.pk] = event.decision
            action = _approval(agreement, money.agreements.get(agreement.pk))
            entry.actions.append(action)
            entry.added.add(action.kind, action.amount)
            entry.added.match += action.match
        for variation in event.variations:
            action = Action(
                VARIED,
                variation.agreement,
                amount=variation.change,
                before=variation.amount_before,
                after=variation.amount_after,
            )
            entry.actions.append(action)
            entry.added.add(action.kind, action.amount)
        for contract in event.contracts:
            action = Action(CONTRACT_APPROVED, contract, amount=contract.maximum_value)
            entry.actions.append(action)
            entry.added.add(CONTRACT, action.amount)
        entries.append(entry)
    return entries


# Staff reads: what counts once signed ------------------------------------------------------


def signed_variations(agreements: Iterable[int]) -> QuerySet[GrantVariation]:
    """Variations of `agreements` whose decision is signed, oldest signed first.

    Decisions sit above budget, so they are named here only in the lookups. Until grants has its
    own selector for an agreement's variations that count, this is it.
    """
    return (
        GrantVariation.objects.filter(
            agreement__in=list(agreements), approval__decision__signed_at__isnull=False
        )
        .select_related("agreement")
        .order_by("approval__decision__signed_at", "pk")
    )


def programme_money_signed(programme: Programme) -> ProgrammeMoney:
    """The programme's figures as staff see them: every agreement and variation signed."""
    agreements = list(
        with_money(GrantAgreement.objects.filter(programme=programme, status__in=COUNTED_STATUSES))
    )
    contracts = Contract.objects.filter(
        approval__decision__signed_at__isnull=False,
        approval__decision__approvals__agreement__programme=programme,
    ).distinct()
    return programme_money(
        agreements=agreements,
        variations=signed_variations(agreement.pk for agreement in agreements),
        contracts=contracts.select_related("supplier"),
    )
