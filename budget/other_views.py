"""Variations of locked budgets and a programme's budgets year on year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from alpha_hub.access import allow
from budget import charts, exports, permissions, selectors, services
from budget.forms import VariationChangeFormSet, VariationForm
from budget.models import Budget
from budget.selectors import ZERO
from budget.views import budget_for_user
from grants.models import Programme


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


def _programme_for(request: HttpRequest, slug: str) -> Programme:
    programme = get_object_or_404(Programme, slug=slug)
    if not permissions.can_view_programme_budgets(request.user, programme):
        raise PermissionDenied
    return programme


@allow(permissions.may_list_budgets, "finance or auditor")
@require_safe
def programme_year_on_year(request: HttpRequest, slug: str) -> HttpResponse:
    """Every financial year of a programme: totals, categories, change, chart and table."""
    programme = _programme_for(request, slug)
    categories, years = selectors.programme_year_on_year(programme)
    rows = [
        (
            category,
            [
                (
                    figures,
                    figures.by_category.get(category.pk, ZERO),
                    *figures.category_change(category.pk),
                )
                for figures in years
            ],
        )
        for category in categories
    ]
    context = {
        "programme": programme,
        "categories": categories,
        "years": years,
        "category_rows": rows,
        "chart": charts.year_bars(years),
    }
    return render(request, "budget/programme_year_on_year.html", context)


@allow(permissions.may_list_budgets, "finance or auditor")
@require_safe
def programme_year_on_year_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The year-on-year figures as CSV."""
    programme = _programme_for(request, slug)
    categories, years = selectors.programme_year_on_year(programme)
    content = exports.as_csv(
        exports.YEAR_ON_YEAR_COLUMNS, exports.year_on_year_rows(categories, years)
    )
    response = HttpResponse(content, content_type=exports.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-year-on-year.csv"'
    return response
