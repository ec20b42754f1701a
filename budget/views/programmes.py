"""A programme's budgets year on year, as a page and as CSV."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from alpha_hub.access import allow
from budget import charts, exports, permissions, selectors
from budget.programme import programme_money_signed
from budget.selectors import ZERO
from grants.models import Programme


def _programme_for(request: HttpRequest, slug: str) -> Programme:
    programme = get_object_or_404(Programme, slug=slug)
    if not permissions.can_view_programme_budgets(request.user, programme):
        raise PermissionDenied
    return programme


@allow(permissions.may_list_budgets, "finance or auditor")
@require_safe
def programme_year_on_year(request: HttpRequest, slug: str) -> HttpResponse:
    """Every financial year of a programme: its grant money (the programme page's figures, as
    signed) and its budgets' totals, categories and change, as charts and tables."""
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
    money = programme_money_signed(programme)
    context = {
        "programme": programme,
        "categories": categories,
        "years": years,
        "category_rows": rows,
        "chart": charts.year_bars(years),
        "money": money,
        "money_chart": charts.programme_bars(money.years),
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
