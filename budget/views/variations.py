"""Variations of locked budgets: a change, with a reason, after the decision is signed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alpha_hub.access import allow
from budget import permissions, selectors, services
from budget.forms import VariationChangeFormSet, VariationForm
from budget.models import Budget
from budget.views.budgets import budget_for_user


@allow(permissions.may_list_budgets, "finance")
@require_http_methods(["GET", "HEAD", "POST"])
def budget_variation(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a variation of a locked budget under a grant variation, with a reason."""
    budget = budget_for_user(request, pk)
    if not permissions.can_record_variation(request.user, budget):
        raise PermissionDenied
    if budget.status != Budget.Status.LOCKED:
        messages.error(request, "This budget is not locked: change its lines directly")
        return redirect("budget:detail", pk=budget.pk)
    data = request.POST if request.method == "POST" else None
    form = VariationForm(data, agreement=budget.agreement)
    changes = VariationChangeFormSet(data, prefix="changes")
    if data is not None and form.is_valid() and changes.is_valid():
        try:
            services.budget_variation_record(
                budget=budget,
                grant_variation=form.cleaned_data["grant_variation"],
                reason=form.cleaned_data["reason"],
                changes=[
                    services.VariationChange(**change)
                    for change in changes.cleaned_data
                    if change.get("change")
                ],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The variation is recorded")
            return redirect("budget:detail", pk=budget.pk)
    context = {
        "budget": budget,
        "form": form,
        "changes": changes,
        "summary": selectors.budget_summary(budget),
    }
    return render(request, "budget/variation_form.html", context)
