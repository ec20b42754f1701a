"""Claims in every state, reached through the services, for the claims tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.roles import Role
from claims import files, selectors, services
from claims.models import Claim, ClaimStatus, Frequency
from grants.models import GrantAgreement
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    CostCategoryFactory,
    GrantAgreementFactory,
    UserFactory,
)

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
S = ClaimStatus


def pdf(name: str = "invoice.pdf") -> files.CheckedFile:
    return files.check_upload(SimpleUploadedFile(name, PDF, content_type="application/pdf"))


@dataclass
class People:
    preparer: object
    checker: object
    approver: object
    payer: object


def make_people() -> People:
    return People(*(UserFactory(roles=[Role.FINANCE]) for _ in range(4)))


def active_agreement(
    *, amount: Decimal = Decimal("100000.00"), frequency: str = Frequency.QUARTERLY,
    user=None, years: int = 1, pay: Decimal | None = None,
) -> GrantAgreement:  # fmt: skip
    """An active agreement of `years` financial years from 2020/21, budgeted on pay and training,
    with its claim schedule."""
    agreement = GrantAgreementFactory(
        amount_awarded=amount, status=GrantAgreement.Status.ACTIVE,
        starts_on=date(2020, 4, 1), ends_on=date(2020 + years, 3, 31),
    )  # fmt: skip
    pay_category = CostCategoryFactory(code="pay")
    training = CostCategoryFactory(code="training", is_staff_cost=False)
    per_year = amount / years
    for offset in range(years):
        budget = BudgetFactory(agreement=agreement, financial_year=FinancialYear(2020 + offset))
        BudgetLineFactory(budget=budget, category=pay_category, amount=pay or per_year - 1000)
        BudgetLineFactory(budget=budget, category=training, amount=Decimal("1000.00"))
    services.claim_schedule_generate(
        agreement=agreement, user=user or UserFactory(roles=[Role.FINANCE]), frequency=frequency
    )
    return agreement


def claim_in(
    state: str, people: People, agreement: GrantAgreement | None = None, *, number: int = 1,
    amount: Decimal = Decimal("20000.00"),
) -> Claim:  # fmt: skip
    """A claim for period `number` moved through the services into `state`."""
    agreement = agreement or active_agreement()
    period = agreement.claim_periods.get(number=number)
    claim = services.claim_create(period=period, user=people.preparer, today=date(2026, 1, 1))
    services.claim_line_add(
        claim=claim, user=people.preparer, category=CostCategoryFactory(code="pay"), amount=amount
    )
    services.claim_evidence_add(claim=claim, user=people.preparer, checked=pdf())
    if state != S.DRAFT:
        _move_on(state, claim, people)
    return Claim.objects.select_related("period", "agreement").get(pk=claim.pk)


def _move_on(state: str, claim: Claim, people: People) -> None:
    services.claim_submit(claim=claim, user=people.preparer)
    if state == S.RETURNED:
        services.claim_return(claim=claim, user=people.checker, reason="Add the ledger")
        return
    if state == S.SUBMITTED:
        return
    services.claim_check(claim=claim, user=people.checker)
    if state == S.CHECKED:
        return
    services.claim_approve(claim=claim, user=people.approver)
    if state == S.APPROVED:
        return
    amount = selectors.claim_total(claim)
    services.payment_record(
        claim=claim, user=people.payer, amount=amount, paid_on=date(2020, 8, 1),
        reference=f"BACS-{claim.pk}",
    )  # fmt: skip


def _claim(state: str = S.PAID) -> Claim:
    return claim_in(state, make_people())


def _report():
    people = make_people()
    agreement = active_agreement()
    requirement = services.report_requirement_add(
        agreement=agreement, user=people.preparer, kind="final", title="Final report",
        due_on=date(2021, 6, 30),
    )  # fmt: skip
    return services.report_submit(requirement=requirement, user=people.preparer, checked=pdf())


def _reminder():
    from claims.models import Reminder

    period = active_agreement().claim_periods.first()
    return Reminder.objects.create(period=period, stage="before", due_on=period.due_on)


def _closure():
    people = make_people()
    return services.agreement_close(
        agreement=active_agreement(), user=people.payer, reason="Ended early"
    )


# Each claims record, for the admin walk (tests/alpha_hub/test_admin_walk.py).
CLAIM_RECORDS = {
    "claims.agreementclosure": _closure,
    "claims.claim": lambda: _claim(S.DRAFT),
    "claims.claimevidence": lambda: _claim(S.DRAFT).evidence.get(),
    "claims.claimline": lambda: _claim(S.DRAFT).lines.get(),
    "claims.claimperiod": lambda: active_agreement().claim_periods.first(),
    "claims.monitoringreport": _report,
    "claims.payment": lambda: _claim().payments.get(),
    "claims.reminder": _reminder,
    "claims.reportrequirement": lambda: _report().requirement,
}


def cache_header_records(walker) -> dict:
    """A value for each URL parameter of the claims pages (tests/alpha_hub/test_cache_headers)."""
    claim = _claim(S.DRAFT)
    report = _report()
    return {
        ("claims", "pk"): claim.pk,
        ("claims", "fmt"): "csv",
        ("claims", "period_id"): claim.period_id,
        ("claims", "requirement_id"): report.requirement_id,
        ("claims", "report_id"): report.pk,
        ("claims", "line_id"): claim.lines.get().pk,
        ("claims", "evidence_id"): claim.evidence.get().pk,
        ("claims", "move"): "submit",
    }
