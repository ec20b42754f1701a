from django import template

from alpha_hub.money import format_money

register = template.Library()


@register.filter
def money(amount) -> str:
    """`{{ amount|money }}` -> £1,479,306.16"""
    return format_money(amount)
