"""`{% decision_money decision as money %}`: a decision's money section, for its pages' include."""

from django import template

from decisions.selectors.programmes import DecisionMoney
from decisions.selectors.programmes import decision_money as money_of

register = template.Library()


@register.simple_tag(takes_context=True)
def decision_money(context, decision, *, staff: bool = False) -> DecisionMoney:
    """The variations, match funding and onward awards of `decision`; the page's agreements kept."""
    agreements = context.get("agreements")
    return money_of(
        decision, staff=staff, agreements=list(agreements) if agreements is not None else None
    )
