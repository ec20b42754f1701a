"""Supporting papers: add and remove them on the staff pages, and download them.

Part 1 papers are public once the decision is published; a Part 2 paper only ever reaches staff
who may read Part 2, and each download goes in the access log (docs/adr/0064).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from alpha_hub.access import public
from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.services import access_event_record
from alpha_hub.files import megabytes
from alpha_hub.storage import stored_file_response
from decisions import permissions
from decisions.forms import PaperForm, PaperRemoveForm
from decisions.models import Decision, SupportingPaper
from decisions.services import DecisionRefusedError
from decisions.services import papers as services
from decisions.views.helpers import decision_for, edit_form, staff, to_detail


@staff
@require_http_methods(["GET", "POST"])
def paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an appendix or background paper to a draft or returned decision."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    limit = megabytes(settings.DECISION_PAPER_MAX_BYTES)
    uploads = request.FILES if request.method == "POST" else None
    form = edit_form(PaperForm, request, decision, files=uploads, limit=limit)
    refusal = services.edit_refusal(decision)
    if refusal:
        return _refused(request, decision, "Add a supporting paper", refusal)
    if request.method == "POST" and form.is_valid():
        paper = _add(request, decision, form)
        if paper is not None:
            messages.success(request, f"{decision.reference}: {paper.title} added.")
            return to_detail(decision)
    context = {"form": form, "decision": decision, "title": "Add a supporting paper"}
    return render(request, "decisions/staff/papers_form.html", context)


def _add(request: HttpRequest, decision: Decision, form: PaperForm) -> SupportingPaper | None:
    """The paper added, or None with the service's refusal on the form."""
    data = form.cleaned_data
    try:
        return services.paper_add(
            decision=decision, user=request.user, checked=data["file"], title=data["title"],
            kind=data["kind"], part=data["part"], reason=data.get("reason", ""),
        )  # fmt: skip
    except DecisionRefusedError as refusal:
        form.add_error(None, refusal.problems)
        return None


@staff
@require_http_methods(["GET", "POST"])
def paper_remove(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponse:
    """Ask, then remove a paper from a draft or returned decision."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    paper = get_object_or_404(SupportingPaper, pk=paper_pk, decision=decision)
    refusal = services.edit_refusal(decision)
    if refusal:
        return _refused(request, decision, f"Remove {paper.get_kind_display().lower()}", refusal)
    form = edit_form(PaperRemoveForm, request, decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_remove(
                paper=paper, user=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference}: {paper.title} removed.")
            return to_detail(decision)
    context = {"form": form, "decision": decision, "paper": paper}
    return render(request, "decisions/staff/papers_remove.html", context)


def _refused(request: HttpRequest, decision: Decision, title: str, refusal: str) -> HttpResponse:
    """The page, with why the papers cannot change now instead of a form (409: nothing done)."""
    context = {"decision": decision, "title": title, "refusal": refusal}
    return render(request, "decisions/staff/papers_refused.html", context, status=409)


@staff
@transaction.non_atomic_requests
@require_safe
def paper_download(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponse:
    """A paper for staff: Part 2 ones only to who may read Part 2, each download logged."""
    decision = decision_for(request, pk)
    paper = get_object_or_404(SupportingPaper, pk=paper_pk, decision=decision)
    if paper.is_restricted:
        if not permissions.can_view_part2(request.user, decision):
            raise PermissionDenied
        access_event_record(
            kind=AccessKind.PART2_VIEW, request=request, user=request.user,
            subject=f"{decision.reference} Part 2 paper: {paper.title}",
        )  # fmt: skip
    return _file_response(paper)


@public
@transaction.non_atomic_requests
@require_safe
def paper_public(request: HttpRequest, slug: str, paper_pk: int) -> HttpResponse:
    """A Part 1 paper of a published decision; anything else is not found."""
    paper = (
        SupportingPaper.objects.part1()
        .filter(pk=paper_pk, decision__status=Decision.Status.PUBLISHED)
        .select_related("decision__series")
        .first()
    )
    if paper is None or paper.decision.slug != slug:
        raise Http404("No such paper")
    response = _file_response(paper)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _file_response(paper: SupportingPaper) -> HttpResponse:
    # Streamed through the view (never a bucket link), so the checks above stand (ADR 0053).
    response = stored_file_response(
        paper.file, filename=paper.file_name, content_type=paper.content_type, as_attachment=True
    )
    response["X-Content-Type-Options"] = "nosniff"
    response.setdefault("Cache-Control", "private, no-store")
    return response
