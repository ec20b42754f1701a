"""Starting a budget from an earlier year's lines: a confirmation, then all the lines once."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.roles import Role
from budget import services
from budget.models import BudgetLine
from tests.budget.conftest import lock
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    CostCategoryFactory,
    GrantAgreementFactory,
    UserFactory,
)


def _two_years(categories=None):
    """A two-year grant: 2020/21 with three lines (£160,500.00), and an empty 2021/22."""
    agreement = GrantAgreementFactory(
        amount_awarded=Decimal("321000.00"), starts_on=date(2020, 4, 1), ends_on=date(2022, 3, 31)
    )
    first = BudgetFactory(agreement=agreement, financial_year=FinancialYear(2020))
    second = BudgetFactory(agreement=agreement, financial_year=FinancialYear(2021))
    pay = categories["pay"] if categories else CostCategoryFactory(code="pay", position=1)
    kit = categories["equipment"] if categories else CostCategoryFactory(code="kit", position=3)
    BudgetLineFactory(budget=first, category=pay, description="Detective Constable x 2",
                      fte=Decimal("2"), unit_cost=Decimal("50000.00"),
                      amount=Decimal("100000.00"), notes="Core team")  # fmt: skip
    BudgetLineFactory(budget=first, category=pay, description="Analyst",
                      amount=Decimal("40000.00"))  # fmt: skip
    BudgetLineFactory(budget=first, category=kit, description="Laptops",
                      amount=Decimal("20500.00"))  # fmt: skip
    return first, second


@pytest.mark.django_db
class TestTheService:
    def test_the_lines_are_copied_as_they_are_with_who_and_why(self, categories, finance):
        first, second = _two_years(categories)
        copied = services.budget_lines_copy(target=second, source=first, user=finance)
        assert len(copied) == 3
        assert list(
            second.lines.order_by("id").values_list(
                "category__code", "description", "fte", "unit_cost", "amount", "notes"
            )
        ) == [
            ("pay", "Detective Constable x 2", Decimal("2.00"), Decimal("50000.00"),
             Decimal("100000.00"), "Core team"),
            ("pay", "Analyst", None, None, Decimal("40000.00"), ""),
            ("equipment", "Laptops", None, None, Decimal("20500.00"), ""),
        ]  # fmt: skip
        history = BudgetLine.history.filter(budget_id=second.pk)
        assert history.count() == 3
        assert {entry.history_user for entry in history} == {finance}
        reason = f"Copied from the {first.agreement.reference} 2020/21 budget"
        assert {entry.history_change_reason for entry in history} == {reason}
        assert first.lines.count() == 3  # the source is untouched

    def test_a_locked_source_may_be_copied(self, categories, finance):
        first, second = _two_years(categories)
        lock(first)
        assert len(services.budget_lines_copy(target=second, source=first, user=finance)) == 3

    def test_copying_into_a_locked_budget_is_refused_and_changes_nothing(self, categories, finance):
        first, second = _two_years(categories)
        lock(second)
        with pytest.raises(ValidationError, match="locked"):
            services.budget_lines_copy(target=second, source=first, user=finance)
        assert not second.lines.exists()

    def test_copying_into_a_budget_with_lines_is_refused_and_never_appends(
        self, categories, finance
    ):
        first, second = _two_years(categories)
        BudgetLineFactory(budget=second, category=categories["pay"], amount=Decimal("5.00"))
        with pytest.raises(ValidationError, match="already has lines"):
            services.budget_lines_copy(target=second, source=first, user=finance)
        assert second.lines.count() == 1

    def test_copying_twice_lands_once(self, categories, finance):
        first, second = _two_years(categories)
        services.budget_lines_copy(target=second, source=first, user=finance)
        with pytest.raises(ValidationError, match="already has lines"):
            services.budget_lines_copy(target=second, source=first, user=finance)
        assert second.lines.count() == 3

    def test_only_an_earlier_year_of_the_same_agreement_is_a_source(self, categories, finance):
        first, second = _two_years(categories)
        other = BudgetFactory(financial_year=FinancialYear(2020))
        BudgetLineFactory(budget=other, category=categories["pay"], amount=Decimal("1.00"))
        for source, target in [(other, second), (second, first), (first, first)]:
            with pytest.raises(ValidationError, match="earlier year of the same grant"):
                services.budget_lines_copy(target=target, source=source, user=finance)
        assert not second.lines.exists()

    def test_an_empty_source_is_refused(self, categories, finance):
        first, second = _two_years(categories)
        first.lines.all().delete()
        with pytest.raises(ValidationError, match="has no lines"):
            services.budget_lines_copy(target=second, source=first, user=finance)


@pytest.mark.django_db
class TestThePages:
    def test_an_empty_budget_offers_the_latest_earlier_year_and_confirms_first(
        self, client_for, categories
    ):
        first, second = _two_years(categories)
        client = client_for(Role.FINANCE)
        page = client.get(reverse("budget:detail", args=[second.pk])).content.decode()
        assert "Copy lines from 2020/21" in page
        assert (
            "Copy lines from"
            not in client.get(reverse("budget:detail", args=[first.pk])).content.decode()
        )  # it has lines, and no earlier year

        confirm = client.get(reverse("budget:copy", args=[second.pk])).content.decode()
        assert "Copy the 2020/21 lines into the 2021/22 budget" in confirm
        assert "Detective Constable x 2" in confirm
        assert "£50,000.00" in confirm
        assert "3 lines, £160,500.00" in confirm
        # The 2021/22 profile gives the second year half the grant, by days: £160,500.00.
        assert "Balanced: the budget would equal the grant" in confirm
        assert not second.lines.exists()  # nothing is copied until confirmed

        response = client.post(reverse("budget:copy", args=[second.pk]), {"source": first.pk})
        assert response.status_code == 302
        assert second.lines.count() == 3
        assert "Copied 3 lines from the 2020/21 budget" in [
            str(message) for message in get_messages(response.wsgi_request)
        ]

    def test_the_confirmation_shows_the_result_against_the_grant(self, client_for, categories):
        first, second = _two_years(categories)
        BudgetLineFactory(budget=first, category=categories["pay"], description="Extra",
                          amount=Decimal("1000.00"))  # fmt: skip
        confirm = client_for(Role.FINANCE).get(reverse("budget:copy", args=[second.pk]))
        assert "Over by £1,000.00" in confirm.content.decode()

    @pytest.mark.parametrize("state", ["locked", "has lines", "first year"])
    def test_a_budget_that_cannot_be_copied_into_is_explained(self, client_for, categories, state):
        first, second = _two_years(categories)
        target = second
        if state == "locked":
            lock(second)
        elif state == "has lines":
            BudgetLineFactory(budget=second, category=categories["pay"], amount=Decimal("1"))
        else:
            target = first
        client = client_for(Role.FINANCE)
        response = client.get(reverse("budget:copy", args=[target.pk]), follow=True)
        page = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("budget:detail", args=[target.pk])
        assert any(text in page for text in ("locked", "already has lines", "No earlier year")), (
            page
        )
        posted = client.post(reverse("budget:copy", args=[target.pk]), {"source": first.pk})
        assert posted.status_code == 302
        assert "Nothing was copied." in str(next(iter(get_messages(posted.wsgi_request))))
        assert target.lines.count() == (
            3 if state == "first year" else 1 if state == "has lines" else 0
        )

    def test_a_bad_source_is_refused_without_an_error_page(self, client_for, categories):
        _first, second = _two_years(categories)
        client = client_for(Role.FINANCE)
        for source in ("", "x", "999999"):
            response = client.post(reverse("budget:copy", args=[second.pk]), {"source": source})
            assert response.status_code == 302
        assert not second.lines.exists()

    @pytest.mark.parametrize("role", [Role.AUDITOR, Role.OFFICER])
    def test_only_finance_may_copy(self, client_for, categories, role):
        first, second = _two_years(categories)
        client = client_for(role)
        assert client.get(reverse("budget:copy", args=[second.pk])).status_code == 403
        assert (
            client.post(reverse("budget:copy", args=[second.pk]), {"source": first.pk}).status_code
            == 403
        )
        assert not second.lines.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("times", [2, 4])
def test_copies_posted_at_once_land_once(times):
    for role in Role:  # transactional tests empty the tables, the roles' groups included
        Group.objects.get_or_create(name=role)
    first, second = _two_years()
    client = Client()
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    url = reverse("budget:copy", args=[second.pk])
    barrier = threading.Barrier(times)
    results: list = [None] * times

    def run(index: int) -> None:
        twin = Client()
        twin.cookies = client.cookies
        try:
            barrier.wait()
            response = twin.post(url, {"source": first.pk})
            results[index] = [str(m) for m in get_messages(response.wsgi_request)]
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert second.lines.count() == 3
    messages = [message for result in results for message in result]
    assert messages.count("Copied 3 lines from the 2020/21 budget") == 1, results
    assert sum(message.startswith("Nothing was copied.") for message in messages) == times - 1
