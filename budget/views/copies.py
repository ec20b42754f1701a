"""Starting a budget from an earlier year's lines: a confirmation page, then one service call."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alpha_hub.access import allow
from budget import permissions, selectors, services
from budget.models import Budget
from budget.views.budgets import budget_for_user


@allow(permissions.may_list_budgets, "finance")
@require_http_methods(["GET", "HEAD", "POST"])
def budget_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the lines an earlier year would give this empty budget; copy them on confirmation."""
    budget = budget_for_user(request, pk, edit=True)
    if request.method == "POST":
        source = Budget.objects.filter(pk=_int(request.POST.get("source"))).first()
        try:
            if source is None:
                raise ValidationError("The budget to copy from no longer exists", code="source")
            lines = services.budget_lines_copy(target=budget, source=source, user=request.user)
        except ValidationError as error:
            messages.error(request, f"Nothing was copied. {' '.join(error.messages)}")
            return redirect("budget:detail", pk=budget.pk)
        messages.success(
            request, f"Copied {len(lines):,} lines from the {source.financial_year} budget"
        )
        return redirect("budget:detail", pk=budget.pk)
    problem = _problem(budget)
    source = None if problem else selectors.budget_copy_source(budget)
    if source is None:
        messages.error(request, problem or "No earlier year of this grant has lines to copy")
        return redirect("budget:detail", pk=budget.pk)
    lines = list(source.lines.select_related("category").order_by("category__position", "id"))
    total = sum((line.amount for line in lines), Decimal("0.00"))
    context = {
        "budget": budget,
        "source": source,
        "lines": lines,
        "total": total,
        "outcome": selectors.budget_outcome(budget, adding=total),
        "source_varied": source.variations.exists(),
    }
    return render(request, "budget/copy_confirm.html", context)


def _problem(budget: Budget) -> str:
    if budget.status == Budget.Status.LOCKED:
        return services.LOCKED_MESSAGE
    if budget.lines.exists():
        return services.COPY_NOT_EMPTY
    return ""


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
