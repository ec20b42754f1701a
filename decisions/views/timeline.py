"""A decision's history: one timeline of it, its parts, agreements and budgets (auditors)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alpha_hub.access import allow
from alpha_hub.audit.grouping import group_entries
from alpha_hub.audit.permissions import can_read_audit_trail
from alpha_hub.audit.trail import Cursor
from decisions import permissions
from decisions.selectors.timeline import decision_timeline_page
from decisions.views.helpers import decision_for


@allow(can_read_audit_trail)
@require_safe
def decision_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the decision and what belongs to it, newest first, one entry per import."""
    decision = decision_for(request, pk, check=permissions.can_view_decision_history)
    after = Cursor.decode(request.GET.get("after", ""))
    entries, next_cursor = decision_timeline_page(decision, after=after)
    context = {
        "decision": decision,
        "groups": group_entries(entries),
        "next_query": urlencode({"after": next_cursor.encode()}) if next_cursor else "",
        "is_first_page": after is None,
    }
    return render(request, "decisions/staff/timeline.html", context)
