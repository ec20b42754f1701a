"""Claims, payments, reports and closure: each bad input is refused with a clear message, and
nothing is half-saved."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from alpha_hub.roles import Role
from claims import files, selectors, services
from claims.models import (
    AgreementClosure,
    Claim,
    ClaimEvidence,
    ClaimLine,
    ClaimStatus,
    Frequency,
    MonitoringReport,
    Payment,
    ReportKind,
)
from claims.services import ClaimRefusedError
from grants.models import GrantAgreement
from tests.claims.support import PDF, active_agreement, claim_in, make_people, pdf
from tests.factories import CostCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ClaimStatus


def test_a_quarterly_schedule_covers_the_agreement_with_due_dates_in_arrears():
    agreement = active_agreement()
    periods = list(agreement.claim_periods.all())
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (date(2020, 4, 1), date(2020, 6, 30)),
        (date(2020, 7, 1), date(2020, 9, 30)),
        (date(2020, 10, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 3, 31)),
    ]
    assert periods[0].due_on == date(2020, 7, 30)
    assert [p.is_final for p in periods] == [False, False, False, True]


@pytest.mark.parametrize(("frequency", "count"), [(Frequency.MONTHLY, 12), (Frequency.ONE_OFF, 1)])
def test_monthly_and_one_off_schedules(frequency, count):
    assert active_agreement(frequency=frequency).claim_periods.count() == count


def test_a_schedule_is_set_once():
    agreement = active_agreement()
    with pytest.raises(ClaimRefusedError, match="already has a claim schedule"):
        services.claim_schedule_generate(agreement=agreement, user=make_people().preparer)


def test_a_claim_for_a_closed_agreement_is_refused():
    agreement = active_agreement()
    GrantAgreement.objects.filter(pk=agreement.pk).update(
        status="closed", amount_spent=0, underspend_returned=0, closed_on=date(2021, 4, 1)
    )
    with pytest.raises(ClaimRefusedError, match="closed: claims are made only"):
        services.claim_create(period=agreement.claim_periods.first(), user=make_people().preparer)
    assert not Claim.objects.exists()


def test_a_period_already_claimed_is_refused():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    with pytest.raises(ClaimRefusedError, match="has already been claimed"):
        services.claim_create(period=claim.period, user=people.checker)
    assert Claim.objects.count() == 1


def test_a_future_period_is_refused():
    agreement = active_agreement()
    with pytest.raises(ClaimRefusedError, match="in arrears"):
        services.claim_create(
            period=agreement.claim_periods.last(), user=make_people().preparer,
            today=date(2021, 2, 1),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-1.00", "cannot be negative"), ("10.005", "whole pence"), ("ten", "pounds and pence")],
)
def test_negative_or_sub_penny_spend_is_refused(amount, message):
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    with pytest.raises(ClaimRefusedError, match=message):
        services.claim_line_add(
            claim=claim, user=people.preparer, category=CostCategoryFactory(code="pay"),
            amount=amount,
        )  # fmt: skip
    assert claim.lines.count() == 1


def test_spend_on_a_category_the_budget_does_not_have_is_refused():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    equipment = CostCategoryFactory(code="equipment")
    with pytest.raises(ClaimRefusedError, match="budget for 2020/21 has no equipment category"):
        services.claim_line_add(claim=claim, user=people.preparer, category=equipment, amount=5)
    # The database refuses it too.
    with pytest.raises(IntegrityError, match="claim_category"), transaction.atomic():
        ClaimLine.objects.create(claim=claim, category=equipment, amount=Decimal("5.00"))


def test_the_database_refuses_spend_on_a_submitted_claim():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    with pytest.raises(IntegrityError, match="claim_locked"), transaction.atomic():
        ClaimLine.objects.create(
            claim=claim, category=CostCategoryFactory(code="pay"), amount=Decimal("5.00")
        )
    with pytest.raises(ClaimRefusedError, match="only while it is a draft or returned"):
        services.claim_line_add(
            claim=claim, user=people.preparer, category=CostCategoryFactory(code="pay"), amount=5
        )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("invoice.exe", b"MZ\x90\x00\x03", "must be a PDF"),
        ("invoice.pdf", b"\x89PNG\r\n\x1a\n....", "content does not match its name"),
        ("ledger.csv", b"a,b\x00,c", "must be a PDF"),
        ("empty.pdf", b"", "is empty"),
        ("big.pdf", b"%PDF-" + b"0" * (1024 * 1024), "larger than"),
    ],
)
def test_evidence_of_the_wrong_type_or_over_the_size_limit_is_refused(
    name, data, message, settings
):
    settings.CLAIM_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(files.FileRefusedError, match=message):
        files.check_upload(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\nrest", "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        ("ledger.csv", "Category,Amount\nPay,£10\n".encode(), "text/csv"),
        ("invoice.pdf", PDF, "application/pdf"),
    ],
)
def test_evidence_types_are_read_from_the_content(name, data, kind):
    assert files.check_upload(SimpleUploadedFile(name, data)).content_type == kind


def test_an_xlsx_is_recognised_by_its_parts():
    from alpha_hub.spreadsheets import xlsx_bytes

    data = xlsx_bytes([("Spend", ["Category", "Amount"], [["Pay", 10]])])
    assert files.check_upload(SimpleUploadedFile("spend.xlsx", data)).content_type.endswith("sheet")


def test_submitting_needs_spend_and_evidence():
    people = make_people()
    agreement = active_agreement()
    claim = services.claim_create(period=agreement.claim_periods.first(), user=people.preparer)
    with pytest.raises(ClaimRefusedError) as refused:
        services.claim_submit(claim=claim, user=people.preparer)
    assert refused.value.problems == [
        "Add the period's spend before submitting the claim.",
        "Attach at least one evidence file before submitting the claim.",
    ]
    assert Claim.objects.get(pk=claim.pk).status == S.DRAFT


def test_a_claim_over_the_remaining_amount_is_refused_with_the_figures():
    people = make_people()
    agreement = active_agreement(amount=Decimal("30000.00"), pay=Decimal("29000.00"))
    claim_in(S.APPROVED, people, agreement, number=1, amount=Decimal("20000.00"))
    second = claim_in(S.DRAFT, people, agreement, number=2, amount=Decimal("12000.00"))
    with pytest.raises(ClaimRefusedError) as refused:
        services.claim_submit(claim=second, user=people.preparer)
    assert str(refused.value) == (
        "The claim of £12,000.00 is over the remaining amount: the agreement's amount is "
        "£30,000.00, other claims take £20,000.00, leaving £10,000.00 (£2,000.00 too much)."
    )
    assert Claim.objects.get(pk=second.pk).status == S.DRAFT


def test_the_preparer_cannot_check_their_own_claim():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    with pytest.raises(ClaimRefusedError, match="You prepared this claim"):
        services.claim_check(claim=claim, user=people.preparer)
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


def test_the_checker_cannot_approve():
    people = make_people()
    claim = claim_in(S.CHECKED, people)
    with pytest.raises(ClaimRefusedError, match="third finance user"):
        services.claim_approve(claim=claim, user=people.checker)


def test_the_database_holds_separation_of_duties():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    with pytest.raises(IntegrityError, match="claim_checker_is_not_preparer"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status=S.CHECKED, checked_by=people.preparer)
    services.claim_check(claim=claim, user=people.checker)
    with pytest.raises(IntegrityError, match="claim_approver_is_not_checker"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status=S.APPROVED, approved_by=people.checker)


def test_a_return_needs_a_reason_and_clears_the_checker():
    people = make_people()
    claim = claim_in(S.CHECKED, people)
    with pytest.raises(ClaimRefusedError, match="Give a reason"):
        services.claim_return(claim=claim, user=people.approver, reason="  ")
    services.claim_return(claim=claim, user=people.approver, reason="Payroll extract missing")
    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.status, claim.checked_by, claim.status_reason) == (
        S.RETURNED, None, "Payroll extract missing",
    )  # fmt: skip
    assert claim.history.first().history_change_reason == (
        "Return to the preparer: Payroll extract missing"
    )


def test_a_returned_claim_goes_round_again_and_is_paid():
    people = make_people()
    claim = claim_in(S.RETURNED, people)
    services.claim_submit(claim=claim, user=people.preparer)
    services.claim_check(claim=claim, user=people.checker)
    services.claim_approve(claim=claim, user=people.approver)
    services.payment_record(
        claim=claim, user=people.payer, amount="15000", paid_on=date(2020, 8, 1), reference="A1"
    )
    assert Claim.objects.get(pk=claim.pk).status == S.APPROVED  # part paid
    services.payment_record(
        claim=claim, user=people.payer, amount="5000", paid_on=date(2020, 8, 2), reference="A2"
    )
    assert Claim.objects.get(pk=claim.pk).status == S.PAID
    assert selectors.agreement_paid(claim.agreement) == Decimal("20000.00")


def test_a_payment_over_the_claim_is_refused_with_the_figures():
    people = make_people()
    claim = claim_in(S.APPROVED, people)
    with pytest.raises(ClaimRefusedError) as refused:
        services.payment_record(
            claim=claim, user=people.payer, amount="20000.01", paid_on=date(2020, 8, 1),
            reference="X",
        )  # fmt: skip
    assert "the claim is £20,000.00 and £0.00 has been paid, leaving £20,000.00" in str(
        refused.value
    )
    assert not Payment.objects.exists()


def test_the_database_refuses_a_payment_over_the_agreement():
    people = make_people()
    claim = claim_in(S.APPROVED, people, active_agreement(amount=Decimal("20000.00")))
    GrantAgreement.objects.filter(pk=claim.agreement_id).update(amount_awarded=Decimal("10.00"))
    with pytest.raises(IntegrityError, match="payment_over_agreement"), transaction.atomic():
        Payment.objects.create(
            claim=claim, agreement=claim.agreement, paid_on=date(2020, 8, 1), amount=Decimal("11"),
            reference="X", recorded_by=people.payer,
        )  # fmt: skip
    with pytest.raises(ClaimRefusedError, match=r"over the agreement's amount of £10\.00"):
        services.payment_record(
            claim=claim, user=people.payer, amount="11", paid_on=date(2020, 8, 1), reference="X"
        )


def test_the_database_refuses_a_payment_for_a_claim_not_approved():
    people = make_people()
    claim = claim_in(S.CHECKED, people)
    with pytest.raises(IntegrityError, match="only an approved claim"), transaction.atomic():
        Payment.objects.create(
            claim=claim, agreement=claim.agreement, paid_on=date(2020, 8, 1), amount=Decimal("1"),
            reference="X", recorded_by=people.payer,
        )  # fmt: skip


def test_payments_are_never_changed():
    people = make_people()
    claim = claim_in(S.PAID, people)
    with pytest.raises(IntegrityError, match="never changed"), transaction.atomic():
        Payment.objects.filter(claim=claim).update(amount=Decimal("1.00"))


def test_evidence_is_kept_through_the_storage_with_its_hash():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    evidence = ClaimEvidence.objects.get(claim=claim)
    assert evidence.file.read() == PDF
    assert evidence.size == len(PDF)
    assert len(evidence.sha256) == 64


def _report_ready(people, officer):
    agreement = active_agreement()
    requirement = services.report_requirement_add(
        agreement=agreement, user=people.preparer, kind=ReportKind.FINAL, title="Final report",
        due_on=date(2021, 6, 30),
    )  # fmt: skip
    return agreement, services.report_submit(
        requirement=requirement, user=people.preparer, checked=pdf("final.pdf")
    )


def test_an_officer_reviews_a_report_but_not_their_own():
    people = make_people()
    officer = UserFactory(roles=[Role.OFFICER])
    _, report = _report_ready(people, officer)
    with pytest.raises(ClaimRefusedError, match="Only an officer"):
        services.report_review(report=report, user=people.checker, accept=True)
    with pytest.raises(ClaimRefusedError, match="Give a reason"):
        services.report_review(report=report, user=officer, accept=False)
    services.report_review(report=report, user=officer, accept=True)
    assert MonitoringReport.objects.get(pk=report.pk).status == "accepted"
    with pytest.raises(ClaimRefusedError, match="already been submitted"):
        services.report_submit(requirement=report.requirement, user=people.preparer, checked=pdf())


def test_closing_needs_the_final_claim_paid_and_report_accepted_or_a_reason():
    people = make_people()
    officer = UserFactory(roles=[Role.OFFICER])
    agreement, report = _report_ready(people, officer)
    with pytest.raises(ClaimRefusedError) as refused:
        services.agreement_close(agreement=agreement, user=people.payer)
    assert "The final claim (" in str(refused.value)
    assert "The final report (Final report) has not been accepted." in refused.value.problems
    assert not AgreementClosure.objects.exists()
    for number in (1, 2, 3, 4):
        claim_in(S.PAID, people, agreement, number=number, amount=Decimal("24000.00"))
    services.report_review(report=report, user=officer, accept=True)
    closure = services.agreement_close(agreement=agreement, user=people.payer)
    assert (closure.total_paid, closure.underspend, closure.reason) == (
        Decimal("96000.00"), Decimal("4000.00"), "",
    )  # fmt: skip
    agreement.refresh_from_db()
    assert agreement.status == "closed"
    assert (agreement.amount_spent, agreement.underspend_returned) == (
        Decimal("96000.00"), Decimal("4000.00"),
    )  # fmt: skip


def test_closing_early_records_the_reason():
    people = make_people()
    agreement = active_agreement()
    closure = services.agreement_close(
        agreement=agreement, user=people.payer, reason="Project ended early by agreement"
    )
    assert closure.reason == "Project ended early by agreement"
    assert closure.underspend == Decimal("100000.00")
