"""Money: pounds sterling, exact to the penny, never a float.

One model field (`MoneyField`), one form field (`MoneyFormField`), one parser and one formatter for
the whole project. The database column is the `gbp` domain (see migration alpha_hub 0001), which
refuses sub-penny values instead of silently rounding them as numeric(14, 2) would.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

PENNY = Decimal("0.01")
MAX_DIGITS = 14  # up to £999,999,999,999.99
_MONEY_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


class MoneyError(ValueError):
    """Text or a number that is not an amount of money in pounds and pence."""


def parse_money(value: object) -> Decimal:
    """An exact Decimal from text such as '£1,479,306.16' or a number; sub-penny is refused."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # A spreadsheet cell: repr gives the shortest text that round-trips, so 0.1 stays 0.1.
        amount = Decimal(repr(value))
    else:
        text = str(value).strip().replace(",", "").replace("£", "").replace(" ", "")
        if not _MONEY_TEXT.match(text):
            raise MoneyError("Enter an amount in pounds and pence, like 1,479,306.16")
        amount = Decimal(text)
    if not amount.is_finite():
        raise MoneyError("Enter an amount in pounds and pence, like 1,479,306.16")
    # The range check comes first and uses no arithmetic: quantizing 27 or more digits, or
    # abs() of 1E+999999999, overflows the decimal context (InvalidOperation, Overflow).
    if is_too_large(amount):
        raise MoneyError("Enter an amount below £1,000,000,000,000")
    if amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise MoneyError("Enter an amount with no more than 2 decimal places (whole pence)")
    return amount.quantize(PENNY)


def is_too_large(amount: Decimal) -> bool:
    """True when a finite amount has more pounds than the `gbp` column holds (£1 trillion on)."""
    return bool(amount) and amount.adjusted() >= MAX_DIGITS - 2


def format_money(amount: Decimal | None) -> str:
    """'£1,479,306.16'; negative amounts as '-£92,583.16'; None as an empty string."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount).quantize(PENNY):,.2f}"


def percentage_change(before: Decimal, after: Decimal) -> Decimal | None:
    """The change from `before` to `after` in per cent, to two places; None when before is 0."""
    if not before:
        return None
    return ((after - before) * 100 / before).quantize(PENNY, rounding=ROUND_HALF_UP)


class MoneyFormField(forms.DecimalField):
    """Accepts '£1,234.56' or '1234.56'; explains sub-penny and non-numeric input plainly."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_money(value)
        except MoneyError as error:
            raise ValidationError(str(error), code="invalid") from error


class MoneyField(models.DecimalField):
    """An amount in GBP, stored in the `gbp` domain: exact to the penny."""

    description = "Amount in pounds sterling"

    def __init__(self, *args, **kwargs):
        kwargs["max_digits"] = MAX_DIGITS
        kwargs["decimal_places"] = 2
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        return name, path, args, kwargs

    def db_type(self, connection):
        return "gbp"

    def from_db_value(self, value, expression, connection):
        return None if value is None else value.quantize(PENNY)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})
