"""Historic import (upload, preview, apply) and number reservations, for administrators and
governance officers (docs/import.md)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alpha_hub.access import allow
from decisions import forms, services
from decisions.models import DecisionImport, NumberReservation
from decisions.permissions import can_import_decisions, can_reserve_number
from decisions.services import DecisionRefusedError, ImportRefusedError

MAX_ID = 2**63 - 1
importers = allow(can_import_decisions, "administrator, governance officer")


@importers
@require_http_methods(["GET", "HEAD", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload a file to check; the imports so far."""
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.decision_import_upload(
                user=request.user, upload=form.cleaned_data["file"]
            )
        except DecisionRefusedError as refusal:
            form.add_error("file", refusal.problems)
        else:
            return redirect("imports:detail", pk=batch.pk)
    context = {
        "form": form,
        "imports": DecisionImport.objects.select_related("uploaded_by")[:50],
        "reservations": NumberReservation.objects.select_related("series", "used_by__series")[:50],
    }
    return render(request, "decisions/imports/import_list.html", context, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _batch(pk: int) -> DecisionImport:
    if pk > MAX_ID:
        raise Http404("No such import")
    return get_object_or_404(DecisionImport.objects.select_related("uploaded_by"), pk=pk)


@importers
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the check found: what applying would add, and every record refused with why."""
    batch = _batch(pk)
    return render(request, "decisions/imports/import_detail.html", {"batch": batch})


@importers
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the checked file, all of it or nothing."""
    batch = _batch(pk)
    try:
        report, _applied = services.decision_import_apply(user=request.user, batch=batch)
    except ImportRefusedError as refusal:
        batch.report = refusal.report.as_dict()  # shown, not saved: the import changed nothing
        messages.error(request, refusal.problems[0])
        return render(request, "decisions/imports/import_detail.html", {"batch": batch}, status=400)
    except DecisionRefusedError as refusal:
        messages.error(request, " ".join(refusal.problems))
    else:
        messages.success(
            request,
            f"{batch.file_name}: {len(report.new):,} decisions imported, "
            f"{report.unchanged:,} already in the register unchanged.",
        )
    return redirect("imports:detail", pk=batch.pk)


@allow(can_reserve_number, "administrator, governance officer")
@require_http_methods(["GET", "HEAD", "POST"])
def number_reserve(request: HttpRequest) -> HttpResponse:
    """Reserve a decision number, so that new drafts number past it."""
    form = forms.NumberReservationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reservation = services.number_reserve(user=request.user, **form.cleaned_data)
        except DecisionRefusedError as refusal:
            form.add_error("number", refusal.problems)
        else:
            messages.success(request, f"{reservation} for: {reservation.reason}")
            return redirect("imports:list")
    return render(
        request, "decisions/imports/reserve_form.html", {"form": form}, status=_status(form)
    )
