"""{% if request.user|may_see_history:decision %}: whether to link a decision's timeline."""

from django import template

from decisions.permissions import can_view_decision_history

register = template.Library()


@register.filter
def may_see_history(user, decision) -> bool:
    """Whether `user` may open the decision's timeline (decisions.permissions)."""
    return can_view_decision_history(user, decision)
