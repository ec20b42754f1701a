"""Dates and times as people read them, in the GOV.UK style: "1 April 2021", "1 April 2021 at
2:05pm" (midday and midnight in words). Machine dates (JSON, CSV, feeds, datetime attributes)
stay ISO 8601 and never pass through here."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

DAY = "j F Y"


def day(value: date | datetime | None) -> str:
    """1 April 2021 (an aware datetime is first put in local time)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, DAY)


def clock(value: datetime, *, seconds: bool = False) -> str:
    """2:05pm, 9am, midday, midnight; 2:05:07pm with `seconds`."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    exact = not seconds or value.second == 0
    if value.minute == 0 and exact and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    text = f"{hour}:{value.minute:02d}" if value.minute or seconds else f"{hour}"
    if seconds:
        text += f":{value.second:02d}"
    return text + ("am" if value.hour < 12 else "pm")


def moment(value: datetime | None, *, seconds: bool = False) -> str:
    """1 April 2021 at 2:05pm."""
    if value is None:
        return ""
    return f"{day(value)} at {clock(value, seconds=seconds)}"
