"""Races with real database connections: two approvals at once, two payments at once."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from alpha_hub.roles import Role
from claims import services
from claims.models import Claim, ClaimStatus, Payment
from claims.services import ClaimRefusedError
from tests.claims.support import active_agreement, claim_in, make_people
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles():
    """Transactional tests empty the tables, groups made by the migration included."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def _race(*jobs):
    """Run each job in its own thread (so its own connection), all released together."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_finance_users_approving_at_once_one_wins_and_the_other_is_told():
    people = make_people()
    claim = claim_in(ClaimStatus.CHECKED, people)
    other = UserFactory(roles=[Role.FINANCE])
    results = _race(
        lambda: services.claim_approve(claim=claim, user=people.approver),
        lambda: services.claim_approve(claim=claim, user=other),
    )
    refusals = [result for result in results if isinstance(result, ClaimRefusedError)]
    assert len(refusals) == 1, results
    assert "is approved: it cannot be moved" in str(refusals[0])
    assert "has already approved it" in str(refusals[0])
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.status == ClaimStatus.APPROVED
    assert claim.history.filter(status=ClaimStatus.APPROVED).count() == 1


def test_two_payments_at_once_never_take_paid_to_date_past_the_agreement():
    people = make_people()
    agreement = active_agreement(amount=Decimal("30000.00"), pay=Decimal("29000.00"))
    first = claim_in(ClaimStatus.APPROVED, people, agreement, number=1, amount=Decimal("15000"))
    second = claim_in(ClaimStatus.APPROVED, people, agreement, number=2, amount=Decimal("15000"))
    # Lower the amount behind the services' back: only one of the two payments now fits.
    agreement.__class__.objects.filter(pk=agreement.pk).update(amount_awarded=Decimal("20000"))

    def pay(claim, reference):
        return lambda: services.payment_record(
            claim=claim, user=people.payer, amount="15000", paid_on=date(2020, 9, 1),
            reference=reference,
        )  # fmt: skip

    results = _race(pay(first, "P1"), pay(second, "P2"))
    refusals = [result for result in results if isinstance(result, ClaimRefusedError)]
    assert len(refusals) == 1, results
    assert "over the agreement's amount of £20,000.00" in str(refusals[0])
    assert Payment.objects.count() == 1
