"""The claim pages as finance, officers and auditors use them; refusals shown, never a 500."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alpha_hub.roles import Role
from claims import services
from claims.models import Claim, ClaimEvidence, ClaimLine, ClaimStatus, Payment
from tests.claims.support import PDF, active_agreement, claim_in, make_people
from tests.factories import CostCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ClaimStatus


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_finance_prepares_a_claim_with_evidence_a_second_checks_a_third_approves_and_it_is_paid():
    people = make_people()
    agreement = active_agreement(user=people.preparer)
    preparer = _client(people.preparer)
    period = agreement.claim_periods.get(number=1)
    response = preparer.post(f"/staff/claims/periods/{period.pk}/claim/")
    claim = Claim.objects.get(period=period)
    assert response["Location"] == f"/staff/claims/{claim.pk}/"
    pay = CostCategoryFactory(code="pay")
    response = preparer.post(
        f"/staff/claims/{claim.pk}/lines/", {"category": pay.pk, "amount": "£24,000.00"}
    )
    assert response.status_code == 302
    upload = SimpleUploadedFile("payroll.pdf", PDF, content_type="application/pdf")
    preparer.post(f"/staff/claims/{claim.pk}/evidence/", {"file": upload})
    preparer.post(f"/staff/claims/{claim.pk}/moves/submit/")
    page = preparer.get(f"/staff/claims/{claim.pk}/").content.decode()
    assert "Submitted" in page
    assert "payroll.pdf" in page
    _client(people.checker).post(f"/staff/claims/{claim.pk}/moves/check/")
    _client(people.approver).post(f"/staff/claims/{claim.pk}/moves/approve/")
    response = _client(people.payer).post(
        f"/staff/claims/{claim.pk}/payments/",
        {"amount": "24000", "paid_on": "2020-08-01", "reference": "BACS 1"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.checked_by, claim.approved_by) == (
        S.PAID, people.checker, people.approver,
    )  # fmt: skip
    tab = preparer.get(f"/staff/claims/agreements/{agreement.pk}/").content.decode()
    assert '<span id="agreement-paid">£24,000.00</span>' in tab
    assert '<span id="agreement-remaining">£76,000.00</span>' in tab
    assert "Budget, claimed, approved and paid per financial year" in tab


def test_bad_spend_is_shown_on_the_page_and_nothing_is_saved():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    response = _client(people.preparer).post(
        f"/staff/claims/{claim.pk}/lines/",
        {"category": CostCategoryFactory(code="equipment").pk, "amount": "10.001"},
    )
    assert response.status_code == 400
    assert "no more than 2 decimal places" in response.content.decode()
    response = _client(people.preparer).post(
        f"/staff/claims/{claim.pk}/lines/",
        {"category": CostCategoryFactory(code="equipment").pk, "amount": "10"},
    )
    assert response.status_code == 400
    assert "budget for 2020/21 has no equipment category" in response.content.decode()
    assert ClaimLine.objects.filter(claim=claim).count() == 1


def test_evidence_of_the_wrong_type_is_refused_on_the_page():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    upload = SimpleUploadedFile("invoice.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = _client(people.preparer).post(
        f"/staff/claims/{claim.pk}/evidence/", {"file": upload}
    )
    assert response.status_code == 400
    assert "content does not match its name" in response.content.decode()
    assert ClaimEvidence.objects.filter(claim=claim).count() == 1


def test_the_preparer_trying_to_check_their_own_claim_is_told():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    response = _client(people.preparer).post(f"/staff/claims/{claim.pk}/moves/check/", follow=True)
    assert "You prepared this claim" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


def test_a_payment_over_the_claim_is_refused_on_the_page():
    people = make_people()
    claim = claim_in(S.APPROVED, people)
    response = _client(people.payer).post(
        f"/staff/claims/{claim.pk}/payments/",
        {"amount": "20000.01", "paid_on": "2020-08-01", "reference": "X"},
    )
    assert response.status_code == 400
    assert "is over the claim" in response.content.decode()
    assert not Payment.objects.exists()


def test_an_unknown_move_is_not_found():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    assert _client(people.checker).post(f"/staff/claims/{claim.pk}/moves/pay/").status_code == 404


@pytest.mark.parametrize("role", [Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER])
def test_claims_are_not_for_other_roles(role):
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    client = _client(UserFactory(roles=[role]))
    assert client.get("/staff/claims/").status_code == 403
    assert client.get(f"/staff/claims/{claim.pk}/").status_code == 403


def test_an_auditor_reads_but_cannot_move_a_claim():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    auditor = _client(UserFactory(roles=[Role.AUDITOR]))
    page = auditor.get(f"/staff/claims/{claim.pk}/").content.decode()
    assert "What happens next" not in page
    assert auditor.post(f"/staff/claims/{claim.pk}/moves/check/").status_code == 403


def test_an_over_budget_category_is_warned():
    people = make_people()
    claim = claim_in(S.DRAFT, people, amount=Decimal("99500.00"))
    page = _client(people.preparer).get(f"/staff/claims/{claim.pk}/").content.decode()
    assert "Pay is over its budget for the year to date" in page


def test_the_claim_list_takes_a_constant_number_of_queries(django_assert_max_num_queries):
    people = make_people()
    agreement = active_agreement(frequency="monthly")
    for number in range(1, 7):
        claim_in(S.SUBMITTED, people, agreement, number=number, amount=Decimal("100"))
    client = _client(people.checker)
    with django_assert_max_num_queries(12):
        response = client.get("/staff/claims/")
    assert response.content.decode().count("/staff/claims/") > 6


def test_the_export_carries_every_line_and_payment():
    people = make_people()
    claim_in(S.PAID, people)
    client = _client(people.checker)
    csv = client.get("/staff/claims/export.csv").content.decode()
    assert "Pay" in csv
    assert "20000.00" in csv
    assert client.get("/staff/claims/export.xlsx").status_code == 200
    assert client.get("/staff/claims/export.pdf").status_code == 404


def test_closing_early_without_a_reason_is_refused_on_the_page():
    people = make_people()
    agreement = active_agreement()
    client = _client(people.payer)
    response = client.post(f"/staff/claims/agreements/{agreement.pk}/close/", {"reason": ""})
    assert response.status_code == 400
    assert "Give the reason for closing it now" in response.content.decode()
    response = client.post(
        f"/staff/claims/agreements/{agreement.pk}/close/", {"reason": "Ended early"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "closed"


def test_a_report_is_submitted_and_reviewed_on_the_finance_tab():
    people = make_people()
    agreement = active_agreement()
    officer = UserFactory(roles=[Role.OFFICER])
    finance = _client(people.preparer)
    finance.post(
        f"/staff/claims/agreements/{agreement.pk}/reports/",
        {"kind": "final", "title": "Final report", "due_on": "2021-06-30"},
    )
    requirement = agreement.report_requirements.get()
    upload = SimpleUploadedFile("final.pdf", PDF)
    finance.post(f"/staff/claims/reports/{requirement.pk}/submit/", {"file": upload})
    report = requirement.reports.get()
    page = _client(officer).get(f"/staff/claims/agreements/{agreement.pk}/").content.decode()
    assert "Review final.pdf" in page
    _client(officer).post(
        f"/staff/claims/reports/files/{report.pk}/review/", {"decision": "accept", "comment": ""}
    )
    report.refresh_from_db()
    assert report.status == "accepted"
    assert _client(officer).get(f"/staff/claims/reports/files/{report.pk}/").status_code == 200


def test_the_dashboard_shows_finance_and_officers_what_they_must_act_on():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    page = _client(people.checker).get("/staff/").content.decode()
    assert "Claims awaiting checking (1)" in page
    assert f"/staff/claims/{claim.pk}/" in page
    assert "Claims overdue (3)" in page  # periods 2 to 4 of 2020/21 are long past due
    assert (
        "Claims awaiting checking (0)" in _client(people.preparer).get("/staff/").content.decode()
    )
    officer_page = _client(UserFactory(roles=[Role.OFFICER])).get("/staff/").content.decode()
    assert "Reports overdue (0)" in officer_page
    assert "Claims overdue" not in officer_page


def test_an_officer_sees_the_reports_on_the_finance_tab_but_not_the_money():
    agreement = active_agreement()
    page = _client(UserFactory(roles=[Role.OFFICER])).get(
        f"/staff/claims/agreements/{agreement.pk}/"
    )
    text = page.content.decode()
    assert "Monitoring reports" in text
    assert "By financial year and category" not in text


def test_the_finance_dashboard_stays_in_a_constant_number_of_queries(django_assert_max_num_queries):
    people = make_people()
    agreement = active_agreement(frequency="monthly")
    client = _client(people.checker)
    claim_in(S.SUBMITTED, people, agreement, number=1)
    with django_assert_max_num_queries(30) as first:
        client.get("/staff/")
    for number in range(2, 7):
        claim_in(S.SUBMITTED, people, agreement, number=number, amount=Decimal("100"))
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get("/staff/").content.decode()
    assert "Claims awaiting checking (6)" in page


def test_a_claim_page_takes_the_same_queries_for_2_or_20_lines():
    people = make_people()
    claim = claim_in(S.DRAFT, people, amount=Decimal("10"))
    client = _client(people.preparer)
    pay = CostCategoryFactory(code="pay")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/staff/claims/{claim.pk}/").status_code == 200
        return len(captured)

    services.claim_line_add(claim=claim, user=people.preparer, category=pay, amount=1)
    few = count()
    for _ in range(18):
        services.claim_line_add(claim=claim, user=people.preparer, category=pay, amount=1)
    assert count() == few
