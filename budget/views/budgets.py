"""Budget pages for finance staff and readers. Thin: access, forms, services, templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from alpha_hub.access import allow
from alpha_hub.money import format_money
from budget import permissions, selectors, services
from budget.forms import BudgetCreateForm, LineForm
from budget.grid import grid_context
from budget.models import Budget, BudgetLine
from grants.models import GrantAgreement


def budget_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> Budget:
    """The budget, if the user may read it (or edit it, with `edit`); 404 or 403 otherwise."""
    try:
        budget = selectors.budget_get(pk=pk)
    except Budget.DoesNotExist as error:
        raise Http404("No such budget") from error
    allowed = permissions.can_edit_budget if edit else permissions.can_view_budget
    if not allowed(request.user, budget):
        raise PermissionDenied
    return budget


@allow(permissions.may_list_budgets, "finance or auditor")
@require_safe
def budget_index(request: HttpRequest) -> HttpResponse:
    """Every grant agreement with its budget for each financial year."""
    context = {
        "agreements": selectors.budget_list_by_agreement(),
        "can_create": permissions.can_edit_budget(request.user, None),
    }
    return render(request, "budget/budget_list.html", context)


@allow(permissions.may_list_budgets, "finance")
@require_POST
def budget_create(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Start the budget for one financial year of an agreement."""
    if not permissions.can_edit_budget(request.user, None):
        raise PermissionDenied
    agreement = get_object_or_404(GrantAgreement, pk=agreement_id)
    form = BudgetCreateForm(request.POST)
    if form.is_valid():
        try:
            budget = services.budget_create(
                agreement=agreement, financial_year=form.cleaned_data["financial_year"],
                user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("budget:detail", pk=budget.pk)
    else:
        messages.error(request, " ".join(form.errors["financial_year"]))
    return redirect("budget:list")


@allow(permissions.may_open_budget_pages, "reader of this budget")
@require_safe
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The budget: lines by category, subtotals, total, reconciliation, variations."""
    budget = budget_for_user(request, pk)
    return render(request, "budget/budget_detail.html", grid_context(request, budget))


def _grid_response(request, budget, *, status_message: str, **bound) -> HttpResponse:
    """The whole grid (htmx) or the whole page (no JavaScript) after a failed save."""
    context = grid_context(request, budget, status_message=status_message, **bound)
    if request.htmx:
        response = HttpResponse(
            render_to_string("budget/includes/_grid_response.html", context, request)
        )
        response["HX-Retarget"] = "#budget-grid"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "budget/budget_detail.html", context)


def _saved(request, budget, message: str, anchor: str = "") -> HttpResponse:
    if request.htmx:
        return _grid_response(request, budget, status_message=message)
    messages.success(request, message)
    return redirect(reverse("budget:detail", args=[budget.pk]) + anchor)


@allow(permissions.may_list_budgets, "finance")
@require_POST
def line_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a line from the grid's last row."""
    budget = budget_for_user(request, pk, edit=True)
    form = LineForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            line = services.budget_line_create(
                budget=budget, values=form.to_values(), user=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            message = f"Added {line.description}: {format_money(line.amount)}"
            return _saved(request, budget, message, f"#line-{line.pk}")
    return _grid_response(request, budget, status_message="The line was not added", new_form=form)


@allow(permissions.may_list_budgets, "finance")
@require_POST
def line_update(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    """Save one row of the grid, unless someone else saved (or removed) it first."""
    budget = budget_for_user(request, pk, edit=True)
    line = BudgetLine.objects.filter(pk=line_id, budget=budget).first()
    if line is None:
        return _refused(request, budget, services.StaleLineError(current=None, attempted=None))
    form = LineForm(request.POST, prefix=f"line-{line.pk}")
    if form.is_valid():
        try:
            line = services.budget_line_update(
                line_id=line.pk, version=form.cleaned_data["version"] or 0,
                values=form.to_values(), user=request.user,
            )  # fmt: skip
        except services.StaleLineError as error:
            return _refused(request, budget, error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            message = f"Saved {line.description}: {format_money(line.amount)}"
            return _saved(request, budget, message, f"#line-{line.pk}")
    return _grid_response(
        request, budget, status_message=f"{line.description} was not saved", bound={line.pk: form}
    )


def _refused(request, budget, error: services.StaleLineError) -> HttpResponse:
    """Someone else changed the line first: show its saved values and both sides' values."""
    if error.current is None and not request.htmx:
        messages.error(request, error.messages[0])
        return redirect("budget:detail", pk=budget.pk)
    notices = {} if error.current is None else {error.current.pk: error.messages}
    return _grid_response(request, budget, status_message=error.messages[0], notices=notices)


@allow(permissions.may_list_budgets, "finance")
@require_POST
def line_delete(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    """Remove one line, unless someone else changed it first."""
    budget = budget_for_user(request, pk, edit=True)
    line = BudgetLine.objects.filter(pk=line_id, budget=budget).first()
    if line is None:
        return _refused(request, budget, services.StaleLineError(current=None, attempted=None))
    try:
        version = int(request.POST.get("version", ""))
        services.budget_line_delete(line_id=line.pk, version=version, user=request.user)
    except ValueError:
        messages.error(request, "The page was out of date: nothing was removed")
        return redirect("budget:detail", pk=budget.pk)
    except ValidationError as error:
        if request.htmx:
            return _grid_response(request, budget, status_message=" ".join(error.messages))
        messages.error(request, " ".join(error.messages))
        return redirect("budget:detail", pk=budget.pk)
    return _saved(request, budget, f"Removed {line.description}")


def _add_errors(form: LineForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
