from decimal import Decimal

import pytest
from django.db import IntegrityError

from alpha_hub.money import MoneyError, MoneyFormField, format_money, parse_money, percentage_change
from tests.factories import GrantAgreementFactory


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("£1,479,306.16", Decimal("1479306.16")),
        ("1479306.16", Decimal("1479306.16")),
        (" 1,386,723 ", Decimal("1386723.00")),
        ("-92583.16", Decimal("-92583.16")),
        (1479306.16, Decimal("1479306.16")),  # a spreadsheet float, exactly
        (0.1 + 0.2, None),  # 0.30000000000000004 is not whole pence
        (12, Decimal("12.00")),
        (Decimal("5.50"), Decimal("5.50")),
    ],
)
def test_parse_money_is_exact(given, expected):
    if expected is None:
        with pytest.raises(MoneyError, match="2 decimal places"):
            parse_money(given)
    else:
        assert parse_money(given) == expected


@pytest.mark.parametrize(
    "given", ["", "abc", "1.2.3", "£", "1e5", "NaN", "Infinity", "1,00,0.0.0", "<b>1</b>"]
)
def test_parse_money_refuses_text_that_is_not_money(given):
    with pytest.raises(MoneyError, match="pounds and pence"):
        parse_money(given)


def test_parse_money_refuses_sub_penny_and_absurd_amounts():
    with pytest.raises(MoneyError, match="2 decimal places"):
        parse_money("1.005")
    with pytest.raises(MoneyError, match="below"):
        parse_money("1000000000000")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1479306.16"), "£1,479,306.16"),
        (Decimal("0"), "£0.00"),
        (Decimal("-92583.16"), "-£92,583.16"),
        (None, ""),
    ],
)
def test_format_money(amount, shown):
    assert format_money(amount) == shown


def test_percentage_change_of_the_demo_years():
    assert percentage_change(Decimal("1386723.00"), Decimal("1479306.16")) == Decimal("6.68")
    assert percentage_change(Decimal("0"), Decimal("5")) is None


def test_money_form_field_explains_bad_input():
    field = MoneyFormField()
    assert field.clean("£1,000.50") == Decimal("1000.50")
    for bad, message in [("ten pounds", "pounds and pence"), ("1.001", "2 decimal places")]:
        with pytest.raises(Exception, match=message):
            field.clean(bad)


@pytest.mark.django_db
def test_the_database_refuses_sub_penny_amounts_instead_of_rounding():
    with pytest.raises(IntegrityError, match="gbp_whole_pence"):
        GrantAgreementFactory(amount_awarded=Decimal("100.005"))


@pytest.mark.django_db
def test_money_round_trips_exactly_through_the_database():
    agreement = GrantAgreementFactory(amount_awarded=Decimal("1479306.16"))
    agreement.refresh_from_db()
    assert agreement.amount_awarded == Decimal("1479306.16")
    assert str(agreement.amount_awarded) == "1479306.16"
