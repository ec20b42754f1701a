"""The forward plan: the public page, its Atom feed and JSON, and the officers' pages to add an
entry and draft its decision (issue 12, point 4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_http_methods, require_safe

from alpha_hub.access import allow, public
from decisions import forms, services
from decisions.models import ForwardPlanEntry
from decisions.permissions import can_plan_decision
from decisions.selectors.forward_plan import (
    PlanItem,
    forward_plan_for_staff,
    forward_plan_public,
)
from decisions.services import DecisionRefusedError

MAX_ID = 2**63 - 1
planners = allow(can_plan_decision, "drafting officer")


@public
@transaction.non_atomic_requests
@require_safe
def forward_plan(request: HttpRequest) -> HttpResponse:
    """Decisions expected, by month, with whether each is taken, in preparation or slipped."""
    return render(request, "decisions/forward_plan.html", {"items": forward_plan_public()})


def _item_record(item: PlanItem, absolute) -> dict:
    entry = item.entry
    return {
        "id": entry.pk,
        "title": entry.title,
        "summary": entry.summary,
        "decision_maker": entry.office.title,
        "expected_month": entry.expected_month.strftime("%Y-%m"),
        "will_have_part2": entry.has_part2,
        "programme": entry.programme.name if entry.programme else None,
        "status": item.status.lower(),
        "decision": (
            {"reference": item.decision.reference,
             "url": absolute(item.decision.get_absolute_url())}
            if item.decision else None
        ),
    }  # fmt: skip


@public
@transaction.non_atomic_requests
@require_safe
def forward_plan_json(request: HttpRequest) -> JsonResponse:
    """The forward plan as JSON (open data)."""
    items = [_item_record(item, request.build_absolute_uri) for item in forward_plan_public()]
    return JsonResponse(
        {"forward_plan": items, "url": request.build_absolute_uri(reverse("forward_plan:page"))},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


class ForwardPlanFeed(Feed):
    """Each entry of the forward plan, newest added first."""

    feed_type = Atom1Feed
    title = "Alpha Hub: forward plan"
    subtitle = "Decisions expected to be taken, with the month each is expected."

    def link(self) -> str:
        return reverse("forward_plan:page")

    def feed_url(self) -> str:
        return reverse("forward_plan:feed")

    def items(self) -> list[PlanItem]:
        return sorted(forward_plan_public(), key=lambda item: item.entry.created_at, reverse=True)

    def item_link(self, item: PlanItem) -> str:
        if item.decision is not None:
            return item.decision.get_absolute_url()
        return f"{reverse('forward_plan:page')}#entry-{item.entry.pk}"

    def item_guid(self, item: PlanItem) -> str:
        return f"forward-plan-entry-{item.entry.pk}"

    item_guid_is_permalink = False

    def item_title(self, item: PlanItem) -> str:
        return f"{item.entry.title} (expected {item.entry.expected_month:%B %Y}: {item.status})"

    def item_description(self, item: PlanItem) -> str:
        return item.entry.summary

    def item_pubdate(self, item: PlanItem):
        return item.entry.created_at

    def item_updateddate(self, item: PlanItem):
        return item.entry.updated_at

    def item_author_name(self, item: PlanItem) -> str:
        return item.entry.office.title


forward_plan_feed = public(require_safe(transaction.non_atomic_requests(ForwardPlanFeed())))


@planners
@require_http_methods(["GET", "HEAD", "POST"])
def forward_plan_staff(request: HttpRequest) -> HttpResponse:
    """Add a decision to the forward plan; the plan with each entry's decision."""
    form = forms.ForwardPlanEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.forward_plan_entry_add(user=request.user, **form.cleaned_data)
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"“{entry.title}” added to the forward plan.")
            return redirect("forward_plan:staff")
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "items": forward_plan_for_staff()}
    return render(request, "decisions/staff/forward_plan.html", context, status=status)


@planners
@require_http_methods(["GET", "HEAD", "POST"])
def forward_plan_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the decision a forward plan entry expects."""
    if pk > MAX_ID:
        raise Http404("No such entry")
    entry = get_object_or_404(ForwardPlanEntry.objects.select_related("office"), pk=pk)
    form = forms.DraftFromPlanForm(request.POST or None, initial={"financial_value": "0.00"})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.forward_plan_entry_draft(
                user=request.user, entry=entry, **form.cleaned_data
            )
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference} drafted from the forward plan.")
            return redirect("staff_decisions:detail", pk=decision.pk)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "entry": entry}
    return render(request, "decisions/staff/forward_plan_draft.html", context, status=status)
