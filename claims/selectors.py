"""Reads of claims: figures beside the budget, the finance tab, lists and what is overdue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.timezone import localdate

from alpha_hub.dates import day
from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.money import percentage_change
from alpha_hub.roles import Role, has_role
from budget.models import BudgetLine, BudgetVariationLine, CostCategory
from claims.models import (
    APPROVED_STATUSES,
    Claim,
    ClaimLine,
    ClaimPeriod,
    ClaimStatus,
    MonitoringReport,
    Payment,
    ReportRequirement,
    ReportStatus,
)
from grants.models import GrantAgreement

ZERO = Decimal("0.00")
# Claims counted as "claimed": every one sent, whatever happens to it next.
CLAIMED_STATUSES = [ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, *APPROVED_STATUSES]
LIST_LENGTH = 200


def agreement_amount(agreement: GrantAgreement) -> Decimal:
    """The agreement's amount after the variations that signed decisions made.

    The same SQL function as the payment trigger uses, so the page and the database agree.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT claims_agreement_amount(%s)", [agreement.pk])
        return Decimal(cursor.fetchone()[0]).quantize(Decimal("0.01"))


def agreement_paid(agreement: GrantAgreement) -> Decimal:
    """What has been paid against the agreement's claims to date."""
    return (
        Payment.objects.filter(agreement=agreement).aggregate(total=Sum("amount"))["total"] or ZERO
    )


def claim_total(claim: Claim) -> Decimal:
    """The claim's spend: its lines added up."""
    return claim.lines.aggregate(total=Sum("amount"))["total"] or ZERO


def claim_paid(claim: Claim) -> Decimal:
    return claim.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def period_year(period: ClaimPeriod) -> FinancialYear:
    """The financial year a claim period counts in: the one its last day falls in."""
    return FinancialYear.containing(period.ends_on)


@dataclass
class CategoryFigures:
    """One category of a claim beside the budget for the claim's financial year."""

    category: CostCategory
    budget: Decimal = ZERO
    this_claim: Decimal = ZERO
    earlier: Decimal = ZERO

    @property
    def to_date(self) -> Decimal:
        return self.earlier + self.this_claim

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.to_date

    @property
    def variance(self) -> Decimal:
        return self.to_date - self.budget

    @property
    def variance_percent(self) -> Decimal | None:
        return percentage_change(self.budget, self.to_date)

    @property
    def over(self) -> bool:
        return self.to_date > self.budget


def budget_by_year_and_category(agreement: GrantAgreement) -> dict[tuple[int, int], Decimal]:
    """The agreement's budgets (lines and variations) per (start year, category): two queries."""
    sums: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    lines = (
        BudgetLine.objects.filter(budget__agreement=agreement)
        .values_list("budget__financial_year", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for year, category, total in lines:
        sums[(getattr(year, "start_year", year), category)] += total
    changes = (
        BudgetVariationLine.objects.filter(variation__budget__agreement=agreement)
        .values_list("variation__budget__financial_year", "category")
        .annotate(total=Sum("change"))
        .order_by()
    )
    for year, category, total in changes:
        sums[(getattr(year, "start_year", year), category)] += total
    return sums


def claim_for_page(*, pk: int) -> Claim:
    """A claim with everything its page shows (raises Claim.DoesNotExist)."""
    return (
        Claim.objects.select_related(
            "agreement__programme", "period", "prepared_by", "checked_by", "approved_by"
        )
        .prefetch_related(
            Prefetch("lines", queryset=ClaimLine.objects.select_related("category", "budget_line")),
            "evidence__uploaded_by",
            "payments__recorded_by",
        )
        .get(pk=pk)
    )


def claim_beside_budget(claim: Claim) -> list[CategoryFigures]:
    """Each category the year's budget or the claim has: budget, this claim, to date, remaining."""
    year = period_year(claim.period)
    budgets = budget_by_year_and_category(claim.agreement)
    figures: dict[int, CategoryFigures] = {}
    categories = {category.pk: category for category in CostCategory.objects.all()}

    def row(category_id: int) -> CategoryFigures:
        if category_id not in figures:
            figures[category_id] = CategoryFigures(categories[category_id])
        return figures[category_id]

    for (start_year, category_id), amount in budgets.items():
        if start_year == year.start_year:
            row(category_id).budget += amount
    for line in claim.lines.all():
        row(line.category_id).this_claim += line.amount
    earlier = (
        ClaimLine.objects.filter(
            claim__agreement=claim.agreement,
            claim__status__in=CLAIMED_STATUSES,
            claim__period__number__lt=claim.period.number,
            claim__period__ends_on__gte=year.starts_on,
            claim__period__ends_on__lte=year.ends_on,
        )
        .values_list("category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for category_id, total in earlier:
        row(category_id).earlier += total
    return sorted(figures.values(), key=lambda f: (f.category.position, f.category.name))


def budget_lines_for_claim(claim: Claim) -> list[BudgetLine]:
    """The budget lines of the claim's financial year, to claim spend against one of them."""
    return list(
        BudgetLine.objects.filter(
            budget__agreement=claim.agreement, budget__financial_year=period_year(claim.period)
        ).select_related("category")
    )


def claim_list(*, status: str = "") -> list[Claim]:
    """Claims, newest period first, with their totals (one query)."""
    claims = Claim.objects.select_related("agreement", "period", "prepared_by").annotate(
        total=Sum("lines__amount")
    )
    if status:
        claims = claims.filter(status=status)
    return list(claims.order_by("-period__due_on", "-pk")[:LIST_LENGTH])


@dataclass
class PeriodRow:
    """One period of an agreement's schedule, with its claim if there is one."""

    period: ClaimPeriod
    claim: Claim | None
    claimed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def overdue(self) -> bool:
        return self.period.due_on < localdate() and (
            self.claim is None or self.claim.status in (ClaimStatus.DRAFT, ClaimStatus.RETURNED)
        )


@dataclass
class YearRow:
    """One financial year and category of the finance tab."""

    year: FinancialYear
    category: CostCategory | None
    budget: Decimal = ZERO
    claimed: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.approved


@dataclass
class FinanceTab:
    agreement: GrantAgreement
    amount: Decimal
    periods: list[PeriodRow]
    rows: list[YearRow]
    years: list[YearRow]
    requirements: list[ReportRequirement]
    total: YearRow = field(default=None)  # type: ignore[assignment]

    @property
    def paid(self) -> Decimal:
        return sum((row.paid for row in self.periods), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid


def finance_tab(agreement: GrantAgreement) -> FinanceTab:
    """Budget, claimed, approved, paid and remaining by year and category, the schedule and the
    reports: a fixed number of queries whatever the number of claims and lines."""
    categories = {category.pk: category for category in CostCategory.objects.all()}
    periods = list(agreement.claim_periods.all())
    claims = {
        claim.period_id: claim
        for claim in Claim.objects.filter(agreement=agreement).select_related(
            "prepared_by", "checked_by", "approved_by"
        )
    }
    paid_by_claim = dict(
        Payment.objects.filter(agreement=agreement)
        .values_list("claim")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    lines = (
        ClaimLine.objects.filter(claim__agreement=agreement)
        .values_list("claim", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    claim_lines: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for claim_id, category_id, total in lines:
        claim_lines[claim_id].append((category_id, total))

    cells: dict[tuple[int, int], YearRow] = {}

    def cell(start_year: int, category_id: int) -> YearRow:
        key = (start_year, category_id)
        if key not in cells:
            cells[key] = YearRow(FinancialYear(start_year), categories[category_id])
        return cells[key]

    for (start_year, category_id), amount in budget_by_year_and_category(agreement).items():
        cell(start_year, category_id).budget += amount
    rows = []
    for period in periods:
        claim = claims.get(period.pk)
        row = PeriodRow(period, claim)
        rows.append(row)
        if claim is None:
            continue
        row.paid = paid_by_claim.get(claim.pk, ZERO)
        start_year = period_year(period).start_year
        for category_id, total in claim_lines.get(claim.pk, []):
            row.claimed += total
            figures = cell(start_year, category_id)
            if claim.status in CLAIMED_STATUSES:
                figures.claimed += total
            if claim.status in APPROVED_STATUSES:
                figures.approved += total
            if claim.status == ClaimStatus.PAID:
                figures.paid += total
    ordered = sorted(cells.values(), key=lambda r: (r.year, r.category.position, r.category.name))
    years: dict[FinancialYear, YearRow] = {}
    total = YearRow(FinancialYear(agreement.starts_on.year), None)
    for row in ordered:
        year = years.setdefault(row.year, YearRow(row.year, None))
        for target in (year, total):
            target.budget += row.budget
            target.claimed += row.claimed
            target.approved += row.approved
            target.paid += row.paid
    requirements = list(
        agreement.report_requirements.prefetch_related(
            Prefetch("reports", queryset=MonitoringReport.objects.select_related("submitted_by"))
        )
    )
    return FinanceTab(
        agreement, agreement_amount(agreement), rows, ordered, list(years.values()),
        requirements, total,
    )  # fmt: skip


def agreements_with_claims() -> list[GrantAgreement]:
    """Active and closed agreements with their number of periods and claims (one query)."""
    return list(
        GrantAgreement.objects.filter(
            status__in=[GrantAgreement.Status.ACTIVE, GrantAgreement.Status.CLOSED]
        )
        .select_related("programme")
        .annotate(
            periods=Count("claim_periods", distinct=True),
            claims_count=Count("claims", distinct=True),
        )
        .order_by("reference")
    )


def overdue_periods(today: date | None = None):
    """Claim periods of active agreements past their due date with no claim sent."""
    today = today or localdate()
    return (
        ClaimPeriod.objects.filter(agreement__status=GrantAgreement.Status.ACTIVE, due_on__lt=today)
        .exclude(claims__status__in=CLAIMED_STATUSES)
        .select_related("agreement")
        .order_by("due_on")
    )


def overdue_requirements(today: date | None = None):
    """Report requirements past their due date with no report submitted or accepted."""
    today = today or localdate()
    return (
        ReportRequirement.objects.filter(
            agreement__status=GrantAgreement.Status.ACTIVE, due_on__lt=today
        )
        .exclude(reports__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("agreement")
        .order_by("due_on")
    )


@dataclass(frozen=True)
class DashboardQueue:
    """A queue for the staff dashboard, like decisions' queues: (text, link, status) items."""

    key: str
    title: str
    count: int
    items: list[tuple[str, str, str]]  # (text, url, status)


def _queue(key: str, title: str, queryset, describe) -> DashboardQueue:
    return DashboardQueue(key, title, queryset.count(), [describe(item) for item in queryset[:20]])


def _claim_item(claim: Claim) -> tuple[str, str, str]:
    return (
        str(claim.period),
        reverse("claims:detail", args=[claim.pk]),
        claim.get_status_display(),
    )


def dashboard_queues(user) -> list[DashboardQueue]:
    """What `user` must act on in claims and reports: two queries a queue."""
    return [_queue(*queue) for queue in queue_querysets(user)]


def queue_querysets(user) -> list[tuple[str, str, QuerySet, Callable]]:
    """(key, title, records, describe) of each claims and reports queue `user`'s roles give them:
    the dashboard lists them, the header counts those awaiting the user (config.awaiting)."""

    def period_item(period):
        return (
            f"{period} due {day(period.due_on)}",
            reverse("claims:agreement", args=[period.agreement_id]),
            "Overdue",
        )

    def requirement_item(requirement):
        return (
            f"{requirement} due {day(requirement.due_on)}",
            reverse("claims:agreement", args=[requirement.agreement_id]),
            "Overdue",
        )

    queues = []
    claims = Claim.objects.select_related("period__agreement")
    if has_role(user, Role.FINANCE):
        queues += [
            ("claims_overdue", "Claims overdue", overdue_periods(), period_item),
            (
                "claims_to_check",
                "Claims awaiting checking",
                claims.filter(status=ClaimStatus.SUBMITTED)
                .exclude(prepared_by=user)
                .order_by("submitted_at"),
                _claim_item,
            ),
            (
                "claims_to_approve",
                "Claims awaiting approval",
                claims.filter(status=ClaimStatus.CHECKED)
                .exclude(Q(prepared_by=user) | Q(checked_by=user))
                .order_by("checked_at"),
                _claim_item,
            ),
            (
                "claims_returned",
                "My claims returned to me",
                claims.filter(status=ClaimStatus.RETURNED, prepared_by=user).order_by("updated_at"),
                _claim_item,
            ),
        ]
    if has_role(user, Role.FINANCE) or has_role(user, Role.OFFICER):
        queues.append(
            ("reports_overdue", "Reports overdue", overdue_requirements(), requirement_item)
        )
    if has_role(user, Role.OFFICER):
        queues.append(
            (
                "reports_to_review",
                "Reports awaiting review",
                MonitoringReport.objects.filter(status=ReportStatus.SUBMITTED)
                .exclude(submitted_by=user)
                .select_related("requirement__agreement")
                .order_by("created_at"),
                lambda report: (
                    str(report.requirement),
                    reverse("claims:agreement", args=[report.requirement.agreement_id]),
                    report.get_status_display(),
                ),
            )
        )
    return queues


def disbursements(agreement_ids) -> dict[int, list[Payment]]:
    """Each agreement's payments, oldest first (one query): 360Giving's `amountDisbursed` is
    their sum and its disbursement transactions are the payments themselves."""
    found: dict[int, list[Payment]] = defaultdict(list)
    payments = Payment.objects.filter(agreement_id__in=list(agreement_ids)).order_by(
        "paid_on", "id"
    )
    for payment in payments:
        found[payment.agreement_id].append(payment)
    return dict(found)


def paid_by_year(agreement_ids) -> dict[tuple[int, FinancialYear], Decimal]:
    """What was paid per (agreement, financial year of the claim's period), for the programme
    page's spend against approved amounts (one query)."""
    sums: dict[tuple[int, FinancialYear], Decimal] = defaultdict(lambda: ZERO)
    rows = (
        Payment.objects.filter(agreement_id__in=list(agreement_ids))
        .values_list("agreement", "claim__period__ends_on")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for agreement_id, ends_on, total in rows:
        sums[(agreement_id, FinancialYear.containing(ends_on))] += total
    return dict(sums)
