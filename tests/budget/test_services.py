"""Every write to budgets: lines, locking, the database guards, lost updates, variations."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from alpha_hub.fiscal_year import FinancialYear
from budget import services
from budget.models import Budget, BudgetLine, BudgetVariation
from budget.rules import LineValues
from grants.models import GrantVariation
from tests.budget.conftest import lock
from tests.factories import BudgetFactory, BudgetLineFactory, GrantAgreementFactory

pytestmark = pytest.mark.django_db


def values(category, **overrides) -> LineValues:
    fields = {"category": category, "description": "Detective Constable x 6",
              "amount": Decimal("300000.00"), "fte": Decimal("6"),
              "unit_cost": Decimal("50000.00"), "notes": ""}  # fmt: skip
    return LineValues(**{**fields, **overrides})


def test_adding_a_line_records_who_and_why(budget, categories, finance):
    line = services.budget_line_create(
        budget=budget, values=values(categories["pay"]), user=finance
    )
    record = line.history.get()
    assert (record.history_user, record.history_change_reason) == (finance, "Line added")


def test_amount_must_equal_fte_times_unit_cost(budget, categories, finance):
    wrong = values(categories["pay"], amount=Decimal("300000.01"))
    with pytest.raises(ValidationError, match=r"6 x £50,000.00 = £300,000.00"):
        services.budget_line_create(budget=budget, values=wrong, user=finance)
    assert not BudgetLine.objects.exists()


def test_the_database_refuses_an_amount_that_disagrees_with_fte(budget, categories):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLineFactory(budget=budget, fte=Decimal("2"), unit_cost=Decimal("10"), amount=1)


def test_updating_a_line_steps_its_version(budget, categories, finance):
    line = BudgetLineFactory(budget=budget, category=categories["pay"])
    changed = services.budget_line_update(
        line_id=line.pk, version=1, values=values(categories["overtime"]), user=finance
    )
    assert changed.version == 2
    assert changed.category == categories["overtime"]
    assert changed.history.first().history_change_reason == "Line changed"


def test_a_stale_version_is_refused_with_both_values_and_nothing_changes(
    budget, categories, finance
):
    line = BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("1000"))
    services.budget_line_update(
        line_id=line.pk, version=1,
        values=values(categories["pay"], amount=Decimal("2000"), fte=None, unit_cost=None),
        user=finance,
    )  # fmt: skip
    mine = values(categories["pay"], amount=Decimal("3000"), fte=None, unit_cost=None)
    with pytest.raises(services.StaleLineError) as refused:
        services.budget_line_update(line_id=line.pk, version=1, values=mine, user=finance)
    assert "Amount: theirs £2,000.00, yours £3,000.00" in refused.value.messages[0]
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal("2000.00"), 2)


def test_the_database_refuses_a_version_that_does_not_step_by_one(budget, categories):
    line = BudgetLineFactory(budget=budget)
    line.amount = Decimal("5")
    with pytest.raises(IntegrityError, match="line_version"), transaction.atomic():
        line.save()


def test_removing_a_line_needs_the_current_version(budget, finance):
    line = BudgetLineFactory(budget=budget)
    with pytest.raises(services.StaleLineError):
        services.budget_line_delete(line_id=line.pk, version=7, user=finance)
    services.budget_line_delete(line_id=line.pk, version=1, user=finance)
    assert not BudgetLine.objects.exists()
    assert BudgetLine.history.filter(history_type="-").count() == 1


def test_a_locked_budget_cannot_be_edited_through_the_services(budget, categories, finance):
    line = BudgetLineFactory(budget=budget)
    lock(budget)
    with pytest.raises(ValidationError, match="locked"):
        services.budget_line_create(budget=budget, values=values(categories["pay"]), user=finance)
    with pytest.raises(ValidationError, match="locked"):
        services.budget_line_update(
            line_id=line.pk, version=1, values=values(categories["pay"]), user=finance
        )
    with pytest.raises(ValidationError, match="locked"):
        services.budget_line_delete(line_id=line.pk, version=1, user=finance)
    assert BudgetLine.objects.get() == line


@pytest.mark.parametrize("write", ["insert", "update", "delete"])
def test_the_database_refuses_any_change_to_a_locked_budgets_lines(budget, write):
    line = BudgetLineFactory(budget=budget)
    lock(budget)
    line.version, line.amount = 2, Decimal("1")
    writes = {
        "insert": lambda: BudgetLineFactory(budget=budget),
        "update": line.save,
        "delete": line.delete,
    }
    with pytest.raises(IntegrityError, match="budget_locked"), transaction.atomic():
        writes[write]()


def test_a_locked_budget_stays_locked_in_the_database(budget):
    lock(budget)
    budget.status = Budget.Status.DRAFT
    with pytest.raises(IntegrityError, match="budget_locked"), transaction.atomic():
        budget.save()


def test_a_budget_for_a_year_outside_the_grant_is_refused(budget, finance):
    with pytest.raises(ValidationError, match="outside the agreement's period"):
        services.budget_create(
            agreement=budget.agreement, financial_year=FinancialYear(2023), user=finance
        )
    with pytest.raises(IntegrityError, match="budget_year"), transaction.atomic():
        BudgetFactory(agreement=budget.agreement, financial_year=FinancialYear(2019))


def test_a_second_budget_for_the_same_year_is_refused_plainly(budget, finance):
    with pytest.raises(ValidationError, match="already has a budget for 2020/21"):
        services.budget_create(
            agreement=budget.agreement, financial_year=FinancialYear(2020), user=finance
        )


def test_lock_for_agreements_locks_and_records_why(budget, finance):
    assert (
        services.budgets_lock_for_agreements(
            agreements=[budget.agreement], user=finance, reason="PCD 867 signed"
        )
        == 1
    )
    budget.refresh_from_db()
    assert budget.status == Budget.Status.LOCKED
    assert budget.history.first().history_change_reason == "PCD 867 signed"


def _grant_variation(agreement, after="120000.00"):
    return GrantVariation.objects.create(
        agreement=agreement, amount_before=agreement.amount_awarded,
        amount_after=Decimal(after), reason="Uplift for the 2020 pay award",
    )  # fmt: skip


def test_a_variation_changes_a_locked_budget_beside_the_original(budget, categories, finance):
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("100000"))
    lock(budget)
    variation = services.budget_variation_record(
        budget=budget, grant_variation=_grant_variation(budget.agreement),
        reason="Pay award", user=finance,
        changes=[services.VariationChange(categories["pay"], "Pay award 2.5%", Decimal("20000"))],
    )  # fmt: skip
    assert variation.lines.get().change == Decimal("20000.00")
    assert variation.history.get().history_change_reason == "Pay award"
    assert BudgetLine.objects.get().amount == Decimal("100000.00")


def test_a_variation_needs_a_locked_budget_a_reason_and_the_same_agreement(
    budget, categories, finance
):
    change = [services.VariationChange(categories["pay"], "More", Decimal("1"))]
    grant_variation = _grant_variation(budget.agreement)
    with pytest.raises(ValidationError, match="unlocked"):
        services.budget_variation_record(
            budget=budget, grant_variation=grant_variation, reason="r", changes=change, user=finance
        )
    lock(budget)
    with pytest.raises(ValidationError, match="reason"):
        services.budget_variation_record(
            budget=budget, grant_variation=grant_variation, reason=" ", changes=change, user=finance
        )
    other = _grant_variation(GrantAgreementFactory())
    with pytest.raises(ValidationError, match="this budget's grant"):
        services.budget_variation_record(
            budget=budget, grant_variation=other, reason="r", changes=change, user=finance
        )
    with pytest.raises(IntegrityError, match="budget_variation"), transaction.atomic():
        BudgetVariation.objects.create(budget=budget, grant_variation=other, reason="r")
    assert not BudgetVariation.objects.exists()


def test_a_variation_cannot_take_a_category_below_zero(budget, categories, finance):
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("100"))
    lock(budget)
    with pytest.raises(ValidationError, match=r"below £0\.00"):
        services.budget_variation_record(
            budget=budget, grant_variation=_grant_variation(budget.agreement), reason="Cut",
            changes=[services.VariationChange(categories["pay"], "Cut", Decimal("-100.01"))],
            user=finance,
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_line_at_once_cannot_lose_an_update(categories, finance):
    """Two real connections load version 1; the first save wins, the second is refused."""
    line = BudgetLineFactory(category=categories["pay"], amount=Decimal("1000"))
    first_has_lock, results = threading.Event(), {}

    def save(name: str, amount: str, hold: bool) -> None:
        try:
            with transaction.atomic():
                results[name] = services.budget_line_update(
                    line_id=line.pk, version=1, user=finance,
                    values=values(categories["pay"], amount=Decimal(amount), fte=None,
                                  unit_cost=None),
                )  # fmt: skip
                if hold:
                    first_has_lock.set()
                    # Keep the row locked while the second connection tries to save.
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_sleep(0.5)")
        except services.StaleLineError as error:
            results[name] = error
        finally:
            first_has_lock.set()
            connection.close()

    first = threading.Thread(target=save, args=("first", "2000", True))
    first.start()
    first_has_lock.wait()
    second = threading.Thread(target=save, args=("second", "3000", False))
    second.start()
    first.join()
    second.join()

    assert isinstance(results["first"], BudgetLine)
    assert isinstance(results["second"], services.StaleLineError)
    assert "theirs £2,000.00, yours £3,000.00" in results["second"].messages[0]
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal("2000.00"), 2)
