"""What the staff views share: the access declaration, finding the decision, form pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alpha_hub.access import allow
from alpha_hub.session_keeping import restore_into
from decisions import forms, permissions, services
from decisions.models import (
    Decision,
    Recommendation,
    Section,
)
from decisions.permissions import can_use_staff_workspace
from decisions.selectors.staff import (
    decision_for_staff,
)
from decisions.services import DecisionRefusedError

staff = allow(
    can_use_staff_workspace,
    "staff: officer, clearance, decision maker, finance, auditor, governance",
)

PARTS = {
    "recommendations": (Recommendation, forms.RecommendationForm, "recommendation"),
    "sections": (Section, forms.SectionForm, "section"),
}
# action -> (page title, button, what the success message says was done)
PART_CHANGES = {
    "up": ("Move {noun} {n} up", "Move up", "{noun} {n} moved up"),
    "down": ("Move {noun} {n} down", "Move down", "{noun} {n} moved down"),
    "remove": ("Remove {noun} {n}", "Remove", "{noun} {n} removed"),
}


def decision_for(request: HttpRequest, pk: int, check=permissions.can_view_decision) -> Decision:
    decision = decision_for_staff(pk=pk)
    if not check(request.user, decision):
        raise PermissionDenied
    return decision


def to_detail(decision: Decision) -> HttpResponse:
    return redirect("staff_decisions:detail", pk=decision.pk)


def show_refusal(request: HttpRequest, refusal: DecisionRefusedError) -> None:
    for problem in refusal.problems:
        messages.error(request, problem)


def _round_reason_key(decision: Decision) -> str:
    return f"change-reason:{decision.pk}:{decision.submission_round}"


def edit_form(form_class, request: HttpRequest, decision: Decision, **kwargs):
    """`form_class` bound to a POST, with "Reason for this change" when the services need one.

    One reason an editing round: after a return, the reason given for the first change fills
    in the next ones (each history row still records it), so the drafter types it once.
    """
    data = request.POST if request.method == "POST" else None
    reason_required = services.change_reason_required(decision)
    round_reason = request.session.get(_round_reason_key(decision)) if reason_required else None
    if round_reason:
        kwargs["initial"] = {**kwargs.get("initial", {}), "reason": round_reason}
    form = restore_into(form_class(data, reason_required=reason_required, **kwargs), request)
    if round_reason:
        form.fields["reason"].help_text = (
            "The reason you gave for your last change since it was returned. Change it if this "
            "change has a reason of its own."
        )
    return form


def form_page(request, decision, form, title, action, *, done="", **extra) -> HttpResponse:
    """Show `form`; on a valid POST run `action(cleaned_data)` and go back to the decision."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            if form.cleaned_data.get("reason"):
                request.session[_round_reason_key(decision)] = form.cleaned_data["reason"]
            messages.success(request, f"{decision.reference}: {done or f'{title} saved'}.")
            return to_detail(decision)
    context = {"form": form, "decision": decision, "title": title, **extra}
    return render(request, "decisions/staff/decision_form.html", context)
