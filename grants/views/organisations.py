"""Find an organisation, or add one that is not listed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from alpha_hub.access import allow
from grants import permissions, selectors, services
from grants.forms import OrganisationForm, OrganisationSearchForm
from grants.views.entry import add_errors


@allow(permissions.can_view_agreements, "staff: every working role")
@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Search organisations by name, short name or identifier."""
    form = OrganisationSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "form": form,
        "query": query,
        "organisations": selectors.organisation_search(query),
        "can_add": permissions.can_add_organisation(request.user),
    }
    return render(request, "grants/organisation_list.html", context)


@allow(permissions.can_add_organisation, "officer or finance")
def organisation_new(request: HttpRequest) -> HttpResponse:
    """Add an organisation with its 360Giving identifier."""
    form = OrganisationForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{organisation.name} added.")
            return redirect(next_url or "organisations:list")
    context = {"form": form, "title": "Add an organisation", "next": next_url}
    return render(request, "grants/organisation_form.html", context)
