from datetime import date

import pytest

from alpha_hub.fiscal_year import FinancialYear, FinancialYearFormField
from budget.models import Budget
from tests.factories import BudgetFactory, GrantAgreementFactory


def test_financial_years_are_named_like_the_register():
    assert str(FinancialYear(2020)) == "2020/21"
    assert str(FinancialYear(2099)) == "2099/00"
    assert FinancialYear.parse("2019/20") == FinancialYear(2019)
    assert FinancialYear.parse(" 2019 / 20 ").previous == FinancialYear(2018)


def test_a_financial_year_runs_april_to_march():
    year = FinancialYear(2020)
    assert (year.starts_on, year.ends_on) == (date(2020, 4, 1), date(2021, 3, 31))
    assert FinancialYear.containing(date(2021, 3, 31)) == year
    assert FinancialYear.containing(date(2021, 4, 1)) == FinancialYear(2021)
    assert FinancialYear.spanning(date(2019, 4, 1), date(2021, 3, 31)) == [
        FinancialYear(2019),
        FinancialYear(2020),
    ]


@pytest.mark.parametrize("text", ["2020/22", "2020", "20/21", "2020-21", "", "1999/00"])
def test_nonsense_years_are_refused(text):
    with pytest.raises(ValueError, match=r"financial year|follow|between"):
        FinancialYear.parse(text)


def test_the_form_field_explains_a_bad_year():
    field = FinancialYearFormField()
    assert field.clean("2020/21") == FinancialYear(2020)
    with pytest.raises(Exception, match="like 2020/21"):
        field.clean("twenty twenty")


@pytest.mark.django_db
def test_the_field_stores_and_returns_a_financial_year():
    agreement = GrantAgreementFactory(starts_on=date(2019, 4, 1), ends_on=date(2021, 3, 31))
    budget = BudgetFactory(agreement=agreement, financial_year=FinancialYear(2019))
    assert Budget.objects.get(pk=budget.pk).financial_year == FinancialYear(2019)
    assert Budget.objects.filter(financial_year="2019/20").count() == 1
