"""Financial years run 1 April to 31 March and are written `2020/21`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

_NAME = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2})\s*$")
FIRST_YEAR, LAST_YEAR = 2000, 2099


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year that starts on 1 April of `start_year`."""

    start_year: int

    def __post_init__(self):
        if not FIRST_YEAR <= self.start_year <= LAST_YEAR:
            raise ValueError(f"A financial year must start between {FIRST_YEAR} and {LAST_YEAR}")

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """The financial year that `day` falls in."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """`2020/21` -> FinancialYear(2020); refuses `2020/22` and anything else."""
        match = _NAME.match(str(text))
        if not match:
            raise ValueError("Enter a financial year like 2020/21")
        start, end = int(match[1]), int(match[2])
        if (start + 1) % 100 != end:
            raise ValueError("The second year must follow the first, like 2020/21")
        return cls(start)

    @classmethod
    def spanning(cls, starts_on: date, ends_on: date) -> list[FinancialYear]:
        """Every financial year that a period from `starts_on` to `ends_on` touches."""
        first, last = cls.containing(starts_on), cls.containing(ends_on)
        return [cls(year) for year in range(first.start_year, last.start_year + 1)]


class FinancialYearFormField(forms.CharField):
    """A text box for `2020/21`."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return FinancialYear.parse(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value):
        return str(value) if isinstance(value, FinancialYear) else value


class FinancialYearField(models.PositiveSmallIntegerField):
    """Stores the starting calendar year; gives back a FinancialYear."""

    description = "Financial year (April to March)"

    def from_db_value(self, value, expression, connection):
        return None if value is None else FinancialYear(value)

    def to_python(self, value):
        if value is None or isinstance(value, FinancialYear):
            return value
        if isinstance(value, int):
            return FinancialYear(value)
        try:
            return FinancialYear.parse(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else value.start_year

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": FinancialYearFormField, **kwargs})
