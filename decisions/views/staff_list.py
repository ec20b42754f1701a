"""Every decision, for staff: a list with filters and an order, and one search box for
decisions, grant agreements and organisations (issue 13: find your work)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from decisions import forms
from decisions.search import clean_text
from decisions.selectors.staff_list import (
    SORTS,
    TEXT_MAX,
    StaffQuery,
    decision_list_for_staff,
    staff_search,
)
from decisions.views.helpers import staff
from decisions.views.public import page_of

PER_PAGE = 50


def _query(form: forms.StaffDecisionFilter) -> StaffQuery:
    if not form.is_valid():
        return StaffQuery()
    data = form.cleaned_data
    return StaffQuery(
        text=data["q"].strip(),
        status=data["status"],
        series=data["series"] and data["series"].pk,
        programme=data["programme"] and data["programme"].pk,
        officer=data["officer"] and data["officer"].pk,
        office=data["office"] and data["office"].pk,
        sort=data["sort"] or "updated",
    )


@staff
@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    """All decisions, filtered by status, series, programme, officer and office, and sorted."""
    form = forms.StaffDecisionFilter(request.GET or None, sorts=SORTS)
    query = _query(form) if request.GET else StaffQuery()
    page = page_of(request, decision_list_for_staff(query), PER_PAGE)
    context = {"form": form, "page": page, "decisions": page.object_list, "query": query}
    return render(request, "decisions/staff/decision_list.html", context)


@staff
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """One box for decisions, grant agreements and organisations, by reference, title or name."""
    form = forms.StaffSearchForm(request.GET or None)
    text = clean_text(form.cleaned_data["q"], TEXT_MAX) if form.is_valid() else ""
    context = {"form": form, "text": text, "results": staff_search(text)}
    return render(request, "decisions/staff/search.html", context)
