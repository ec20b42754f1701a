"""Races with two real database connections: numbering and signing."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils.timezone import localdate

from alpha_hub.roles import Role
from decisions import services
from decisions.models import Clearance, Decision, Signature
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import (
    decision_in,
    dmpc_rule,
    make_people,
    sign,
)
from tests.factories import (
    DecisionCategoryFactory,
    DecisionSeriesFactory,
    OfficeFactory,
    OfficeHolderFactory,
    UserFactory,
)

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


def test_two_officers_creating_at_once_get_different_numbers():
    series, category = DecisionSeriesFactory(), DecisionCategoryFactory()
    officers = [UserFactory(roles=["officer"]) for _ in range(2)]

    def create(officer):
        return lambda: (
            services.decision_create(
                user=officer,
                series=series,
                title="Race",
                category=category,
                office=OfficeFactory(),
                financial_value=0,
            ).number
        )

    numbers = _race(create(officers[0]), create(officers[1]))
    assert sorted(numbers) == [1, 2]


def test_two_decision_makers_signing_at_once_make_exactly_one_signature():
    dmpc_rule()
    people = make_people()
    # The holder and someone acting for the office on the same day: both may sign (ADR 0054).
    OfficeHolderFactory(user=people.other_dmpc, kind="acting", starts_on=localdate())
    decision = decision_in(Decision.Status.CLEARED, people)
    results = _race(lambda: sign(decision, people.dmpc), lambda: sign(decision, people.other_dmpc))

    assert Signature.objects.filter(decision=decision).count() == 1
    refusals = [result for result in results if isinstance(result, DecisionRefusedError)]
    assert len(refusals) == 1, results
    assert "is signed" in str(refusals[0])
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.SIGNED


def test_two_clearers_clearing_the_same_capacity_at_once_make_one_clearance():
    dmpc_rule()
    people = make_people()
    decision = decision_in(Decision.Status.SUBMITTED, people)
    other = UserFactory(roles=[Role.CLEARANCE])

    def clear(user):
        return lambda: services.decision_clear(decision=decision, user=user, capacities=["legal"])

    results = _race(clear(people.clearer), clear(other))

    assert Clearance.objects.filter(decision=decision, capacity="legal").count() == 1
    refusals = [result for result in results if isinstance(result, DecisionRefusedError)]
    assert len(refusals) == 1, results
    assert "already been given" in str(refusals[0])


def test_one_clearer_clearing_two_capacities_at_once_in_two_tabs_clears_one():
    dmpc_rule()
    people = make_people()
    decision = decision_in(Decision.Status.SUBMITTED, people)

    def clear(capacity):
        return lambda: services.decision_clear(
            decision=decision, user=people.clearer, capacities=[capacity]
        )

    results = _race(clear("finance"), clear("legal"))

    assert Clearance.objects.filter(decision=decision, cleared_by=people.clearer).count() == 1
    refusals = [result for result in results if isinstance(result, DecisionRefusedError)]
    assert len(refusals) == 1, results
    assert "already cleared" in str(refusals[0])
