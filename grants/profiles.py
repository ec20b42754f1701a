"""Funding profiles as plain values: the split by days (the suggested default) and the checks a
profile must pass before the database's own (docs/adr/0020, docs/adr/0057)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alpha_hub.dates import day
from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.money import PENNY, format_money

ZERO = Decimal("0.00")

Profile = dict[FinancialYear, Decimal]


def split_by_days(amount: Decimal, starts_on: date, ends_on: date) -> Profile:
    """`amount` shared across the financial years a period touches, by days in each.

    Pennies are floored per year and the remainder goes to the last year, so the parts always sum
    to `amount` (docs/adr/0020-budget-amount-per-financial-year.md).
    """
    years = FinancialYear.spanning(starts_on, ends_on)
    if not years:  # dates out of order: the caller refuses them
        return {}
    total_days = (ends_on - starts_on).days + 1
    shares: Profile = {}
    for year in years[:-1]:
        days = (min(year.ends_on, ends_on) - max(year.starts_on, starts_on)).days + 1
        shares[year] = (amount * days / total_days).quantize(PENNY, rounding="ROUND_FLOOR")
    shares[years[-1]] = amount - sum(shares.values(), ZERO)
    return shares


def profile_problems(
    profile: Profile, amount: Decimal, starts_on: date, ends_on: date
) -> list[str]:
    """Why `profile` is not a profile of `amount` over the period; empty when it is."""
    problems = []
    years = FinancialYear.spanning(starts_on, ends_on)
    outside = [str(year) for year in profile if year not in years]
    if outside:
        problems.append(
            f"{', '.join(outside)} is outside the agreement's period "
            f"({day(starts_on)} to {day(ends_on)})"
        )
    if any(value < 0 for value in profile.values()):
        problems.append("A year's amount cannot be negative")
    total = sum(profile.values(), ZERO)
    if total != amount:
        difference = amount - total
        direction = "short of" if difference > 0 else "more than"
        problems.append(
            f"The years add up to {format_money(total)}, {format_money(abs(difference))} "
            f"{direction} the amount of {format_money(amount)}: they must add up to it exactly"
        )
    return problems
