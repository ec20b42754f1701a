"""The finance tab: budget, claimed, approved, paid and remaining by year and category, in a
fixed number of queries whatever the number of claims and lines."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims import selectors
from tests.claims import volume
from tests.claims.support import make_people

pytestmark = pytest.mark.django_db


def _queries(client, agreement) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/staff/claims/agreements/{agreement.pk}/")
    assert response.status_code == 200
    return len(captured)


def test_the_finance_tab_of_60_claims_and_1200_lines_takes_as_many_queries_as_one_year():
    people = make_people()
    small = volume.build(people=people, years=1, lines_per_claim=2, prefix="SML")
    large = volume.build(people=people, years=5, lines_per_claim=20, prefix="BIG")
    assert large.claims.count() == 60
    assert sum(claim.lines.count() for claim in large.claims.all()) == 1200
    client = Client()
    client.force_login(people.checker)
    assert _queries(client, large) == _queries(client, small) <= 20


def test_the_finance_tab_figures_add_up():
    people = make_people()
    agreement = volume.build(people=people, years=1, lines_per_claim=4, prefix="SUM")
    tab = selectors.finance_tab(agreement)
    # 12 claims of £400: 1 left submitted (period 10), 1 approved unpaid (period 7), 10 paid.
    assert tab.total.budget == Decimal("1000000.00")
    assert tab.total.claimed == Decimal("4800.00")
    assert tab.total.approved == Decimal("4400.00")
    assert tab.total.paid == Decimal("4000.00")
    assert tab.paid == Decimal("4000.00")
    assert tab.remaining == Decimal("4996000.00")
    assert len(tab.years) == 1
    assert len(tab.rows) == 4


def test_disbursements_and_paid_by_year_for_the_programme_page_and_360giving():
    people = make_people()
    agreement = volume.build(people=people, years=2, lines_per_claim=1, prefix="DIS")
    payments = selectors.disbursements([agreement.pk])[agreement.pk]
    assert sum(payment.amount for payment in payments) == selectors.agreement_paid(agreement)
    by_year = selectors.paid_by_year([agreement.pk])
    assert sum(by_year.values()) == selectors.agreement_paid(agreement)
    assert {str(year) for _, year in by_year} == {"2020/21", "2021/22"}
