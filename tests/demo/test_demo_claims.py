"""The demo's claims (issue 11): PCD 867's agreement, as PCD 905 varied it, claimed quarter by
quarter in arrears, paid, reported on and closed with a small underspend; an onward grant's
claim awaits checking. Loading twice adds nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from claims import selectors
from claims.models import AgreementClosure, Claim, ClaimStatus, MonitoringReport
from demo.data import load_demo
from grants.models import GrantAgreement

pytestmark = pytest.mark.django_db

ALPHA = "HO-SVSF-ALPHA-2020"


def _claims_rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("claims").get_models()
    }


def test_loading_twice_adds_no_claims_payments_or_history(demo):
    first = _claims_rows()
    load_demo()
    assert _claims_rows() == first
    assert first["claims.Claim"] == 6
    assert first["claims.Payment"] == 5


def test_pcd_867s_agreement_is_claimed_against_its_varied_period_and_amount(demo):
    agreement = GrantAgreement.objects.get(reference=ALPHA)
    periods = list(agreement.claim_periods.order_by("number"))
    # Four quarters of 2020/21 and PCD 905's extension quarter, the final one.
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (date(2020, 4, 1), date(2020, 6, 30)),
        (date(2020, 7, 1), date(2020, 9, 30)),
        (date(2020, 10, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 3, 31)),
        (date(2021, 4, 1), date(2021, 6, 30)),
    ]
    assert [p.is_final for p in periods] == [False] * 4 + [True]
    assert selectors.agreement_amount(agreement) == Decimal("1849132.70")


def test_every_alpha_claim_is_paid_by_three_different_people_in_2020_and_2021(demo):
    claims = Claim.objects.filter(agreement__reference=ALPHA).order_by("period__number")
    assert [claim.status for claim in claims] == [ClaimStatus.PAID] * 5
    for claim in claims:
        people = {claim.prepared_by, claim.checked_by, claim.approved_by}
        assert len(people) == 3
        assert claim.prepared_by == demo["finance"]
        moments = [claim.submitted_at, claim.checked_at, claim.approved_at, claim.paid_at]
        assert moments == sorted(moments)
        assert {moment.year for moment in moments} <= {2020, 2021}
        assert claim.period.ends_on < claim.submitted_at.date()
        assert claim.evidence.count() == 1
    totals = [selectors.claim_total(claim) for claim in claims]
    assert totals == [
        Decimal("388526.54"), Decimal("364234.04"), Decimal("363274.29"), Decimal("361196.89"),
        Decimal("367980.00"),
    ]  # fmt: skip


def test_the_fourth_quarter_was_returned_once_with_its_reason_then_paid(demo):
    claim = Claim.objects.get(agreement__reference=ALPHA, period__number=4)
    statuses = [row.status for row in claim.history.order_by("history_date", "history_id")]
    assert statuses.count("returned") == 1
    assert statuses[statuses.index("returned") + 1 :][:1] == ["submitted"]
    returned = claim.history.filter(status="returned").get()
    assert "£1,300.00 worked in April 2021" in returned.status_reason
    assert claim.status == ClaimStatus.PAID
    overtime = claim.lines.get(category__code="overtime")
    assert overtime.amount == Decimal("15157.25")


def test_the_agreement_closed_with_a_small_underspend_after_its_final_report(demo):
    agreement = GrantAgreement.objects.get(reference=ALPHA)
    assert agreement.status == GrantAgreement.Status.CLOSED
    assert selectors.agreement_paid(agreement) == Decimal("1845211.76")
    closure = AgreementClosure.objects.get(agreement=agreement)
    assert (closure.amount, closure.total_paid, closure.underspend) == (
        Decimal("1849132.70"), Decimal("1845211.76"), Decimal("3920.94"),
    )  # fmt: skip
    assert closure.reason == ""  # nothing outstanding: no reason needed
    assert closure.closed_on == date(2021, 9, 15)
    assert (agreement.amount_spent, agreement.underspend_returned) == (
        Decimal("1845211.76"), Decimal("3920.94"),
    )  # fmt: skip
    report = MonitoringReport.objects.get(requirement__agreement=agreement)
    assert (report.requirement.kind, report.status) == ("final", "accepted")
    assert report.reviewed_by == demo["officer"]
    assert report.reviewed_at.date() == date(2021, 8, 4)


def test_the_finance_tab_shows_what_the_demo_says(demo):
    tab = selectors.finance_tab(GrantAgreement.objects.get(reference=ALPHA))
    assert (tab.amount, tab.paid, tab.remaining) == (
        Decimal("1849132.70"), Decimal("1845211.76"), Decimal("3920.94"),
    )  # fmt: skip


def test_an_onward_grants_claim_awaits_checking(demo):
    claim = Claim.objects.get(agreement__reference="MOPAC-VRMF-2021-01")
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.agreement.direction == GrantAgreement.Direction.OUTGOING
    assert claim.agreement.parent.reference == "HO-VRMF-2021"
    assert claim.checked_by is None
    assert selectors.claim_total(claim) == Decimal("83465.35")
    assert claim.submitted_at.date() == date(2021, 7, 20)
