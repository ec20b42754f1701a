"""The auditor's bulk export of signed decision PDFs, under /staff/audit/exports/."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from alpha_hub.access import allow
from alpha_hub.storage import stored_file_response
from decisions.forms import BulkExportForm
from decisions.models import BulkExport
from decisions.permissions import can_download_export, can_export_documents
from decisions.selectors.exports import bulk_exports_for
from decisions.services.exports import bulk_export_request

MAX_ID = 2**63 - 1  # a larger number in the URL names no export: 404, not a database error


@allow(can_export_documents)
@require_http_methods(["GET", "HEAD", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """Ask for a ZIP of signed PDFs by series and date signed; see earlier exports."""
    form = BulkExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = bulk_export_request(
            user=request.user,
            series=form.cleaned_data["series"],
            signed_from=form.cleaned_data["date_from"],
            signed_to=form.cleaned_data["date_to"],
        )
        return redirect("exports:detail", pk=export.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "exports": bulk_exports_for(request.user)[:20]}
    return render(request, "audit/exports.html", context, status=status)


@allow(can_export_documents)
@require_safe
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An export's progress; it refreshes itself until the ZIP is ready."""
    export = _own_export(request, pk)
    return render(request, "audit/export_detail.html", {"export": export})


@allow(can_export_documents)
@require_safe
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    """The finished ZIP."""
    export = _own_export(request, pk)
    if export.status != BulkExport.Status.DONE:
        raise Http404("This export is not ready")
    return stored_file_response(
        export.file,
        as_attachment=True,
        filename=f"signed-decisions-{export.pk}.zip",
        content_type="application/zip",
    )


def _own_export(request: HttpRequest, pk: int) -> BulkExport:
    if pk > MAX_ID:
        raise Http404("No such export")
    export = get_object_or_404(BulkExport.objects.select_related("series"), pk=pk)
    if not can_download_export(request.user, export):
        raise PermissionDenied
    return export
