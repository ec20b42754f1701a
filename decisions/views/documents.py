"""Signed decision documents: the public PDF, the full PDF for Part 2 readers, verification."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import get_conditional_response
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from alpha_hub.access import allow, public, signed_in
from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.services import access_event_record
from alpha_hub.pdf.verify import Verdict, verify_pdf
from alpha_hub.storage import stored_file_response
from decisions.documents import document_find_by_sha256, document_get
from decisions.models import DecisionDocument
from decisions.permissions import can_view_decision, can_view_part2

# An issued document is never re-rendered (docs/adr/0030): anyone may keep the public one for
# a year and never ask again, and its SHA-256 is its ETag.
IMMUTABLE = f"public, max-age={365 * 24 * 60 * 60}, immutable"


@public
@transaction.non_atomic_requests
@require_safe
def signed_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The public signed PDF (Part 1 only) of a published decision; 304 if the ETag still holds."""
    document = document_get(slug=slug, variant=DecisionDocument.Variant.PUBLIC, published_only=True)
    if document is None:
        raise Http404("No signed document for this decision")
    etag = f'"{document.sha256}"'
    response = get_conditional_response(request, etag=etag)  # a 304 (or 412), or None
    if response is None:
        response = _pdf_response(document, f"{document.decision.slug}-signed.pdf")
    response["ETag"] = etag
    response["Cache-Control"] = IMMUTABLE
    return response


@allow(signed_in, "signed in; Part 2 readers of the decision")
@require_safe
def full_pdf(request: HttpRequest, slug: str) -> FileResponse:
    """The full signed PDF, with Part 2, for those allowed Part 2; each download is logged."""
    document = document_get(slug=slug, variant=DecisionDocument.Variant.FULL, published_only=False)
    if document is None:
        raise Http404("No signed document for this decision")
    if not can_view_part2(request.user, document.decision):
        raise PermissionDenied
    access_event_record(
        kind=AccessKind.FULL_PDF_DOWNLOAD,
        request=request,
        user=request.user,
        subject=document.decision.reference,
    )
    return _pdf_response(document, f"{document.decision.slug}-full-restricted.pdf")


@allow(signed_in, "signed in; staff who may see the decision")
@require_safe
def staff_public_pdf(request: HttpRequest, slug: str) -> FileResponse:
    """The public signed PDF (Part 1) for staff, from signing on, before it is published."""
    document = document_get(
        slug=slug, variant=DecisionDocument.Variant.PUBLIC, published_only=False
    )
    if document is None:
        raise Http404("No signed document for this decision")
    if not can_view_decision(request.user, document.decision):
        raise PermissionDenied
    return _pdf_response(document, f"{document.decision.slug}-signed.pdf")


def _pdf_response(document: DecisionDocument, filename: str) -> FileResponse:
    # Streamed through this view (never a bucket link), so its checks above stand.
    response = stored_file_response(
        document.file, content_type="application/pdf", filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class VerifyForm(forms.Form):
    document = forms.FileField(
        label="Upload a signed decision document",
        help_text="A PDF downloaded from this register.",
        error_messages={
            "required": "Choose a PDF file to check",
            "empty": "The file is empty: choose the PDF you want to check",
        },
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        limit = settings.PDF_VERIFY_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file must be smaller than {filesizeformat(limit)}")
        return upload


# Checking a file changes nothing, so it needs no CSRF token; and reading the token would read the
# whole body, when an oversized upload must be refused by its declared length first.
@public
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check whether a PDF is a document this system issued, unaltered."""
    verdict: Verdict | None = None
    form = VerifyForm()
    status = 200
    if request.method == "POST":
        form, verdict = _verify_upload(request)
        status = 200 if form.is_bound and not form.errors else 400
    return render(request, "verify/verify.html", {"form": form, "verdict": verdict}, status=status)


def _verify_upload(request: HttpRequest) -> tuple[VerifyForm, Verdict | None]:
    # Refuse an oversized upload by its declared length, before Django reads the body.
    if _declared_length(request) > settings.PDF_VERIFY_MAX_BYTES + 64 * 1024:
        form = VerifyForm(data={})
        form.is_valid()
        limit = filesizeformat(settings.PDF_VERIFY_MAX_BYTES)
        form.errors.clear()
        form.add_error("document", f"The file must be smaller than {limit}")
        return form, None
    form = VerifyForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return form, None
    upload = form.cleaned_data["document"]
    return form, verify_pdf(upload.read(), find_document=document_find_by_sha256)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
