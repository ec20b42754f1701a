"""One colour per workflow status, for GOV.UK tags: the same word is the same colour everywhere.

    {% load status %}
    {% include "includes/_tag.html" with text=decision.get_status_display
       colour=decision.status|status_colour only %}

The codes are the statuses' stored values across the apps (decisions, budgets, agreements,
claims); a status not listed gets the default dark blue tag.
"""

from __future__ import annotations

from django import template

register = template.Library()

# GOV.UK Frontend's tag colours; where work waits on someone, blue or turquoise; done, green;
# sent back, orange; refused, red; over or stopped, grey.
STATUS_COLOURS = {
    "draft": "grey",
    "proposed": "grey",
    "submitted": "blue",
    "returned": "orange",
    "cleared": "turquoise",
    "checked": "turquoise",
    "approved": "light-blue",
    "active": "light-blue",
    "signed": "green",
    "published": "green",
    "paid": "green",
    "locked": "purple",
    "rejected": "red",
    "withdrawn": "grey",
    "closed": "grey",
}


@register.filter
def status_colour(status: str) -> str:
    """The GOV.UK tag colour for a workflow status's stored value ("" for the default)."""
    return STATUS_COLOURS.get(str(status), "")
