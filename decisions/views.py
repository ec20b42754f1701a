"""Public views of the decisions register."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from decisions import selectors


@public
@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    """Published decisions, newest first."""
    decisions = selectors.decision_list_published()
    return render(request, "decisions/decision_list.html", {"decisions": decisions})


@public
@require_safe
def decision_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published decision as the public register shows it; anything else is a 404."""
    decision = selectors.decision_get_published(slug=slug)
    context = {"decision": decision, "related": selectors.decision_related(decision)}
    return render(request, "decisions/decision_detail.html", context)
