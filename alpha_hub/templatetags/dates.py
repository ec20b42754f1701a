"""`{% load dates %}`: `{{ when|day }}` -> 1 April 2021, `{{ when|moment }}` -> 1 April 2021 at
2:05pm, `{{ when|moment:"seconds" }}` -> 1 April 2021 at 2:05:07pm (alpha_hub.dates)."""

from django import template

from alpha_hub import dates

register = template.Library()


@register.filter
def day(value) -> str:
    return dates.day(value) if value else ""


@register.filter
def moment(value, precision: str = "") -> str:
    return dates.moment(value, seconds=precision == "seconds") if value else ""
