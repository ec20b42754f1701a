"""A claim's pages: its spend beside the budget, evidence, moves and payments. Thin views."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alpha_hub.access import allow
from alpha_hub.storage import stored_file_response
from budget.imports import MAX_UPLOAD_BYTES, ImportFileError, clean_file_name
from claims import files, forms, imports, permissions, selectors, services
from claims.models import Claim, ClaimEvidence, ClaimPeriod, ClaimStatus
from claims.services import ClaimRefusedError
from claims.workflow import PAGE_MOVES, Move, move_allowed

MOVE_CHECKS = {
    Move.SUBMIT: permissions.can_submit_claim,
    Move.CHECK: permissions.can_check_claim,
    Move.APPROVE: permissions.can_approve_claim,
    Move.RETURN: permissions.can_return_claim,
}


def claim_for(request: HttpRequest, pk: int) -> Claim:
    try:
        claim = selectors.claim_for_page(pk=pk)
    except Claim.DoesNotExist as missing:
        raise Http404("No such claim") from missing
    if not permissions.can_view_claims(request.user, claim.agreement):
        raise PermissionDenied
    return claim


def show_refusal(request: HttpRequest, refusal: ClaimRefusedError) -> None:
    for problem in refusal.problems:
        messages.error(request, problem)


def to_claim(claim: Claim) -> HttpResponse:
    return redirect("claims:detail", pk=claim.pk)


@allow(permissions.may_open_claims, "finance or auditor")
@require_safe
def claim_list(request: HttpRequest) -> HttpResponse:
    """Every claim, newest due first, with the agreements that have schedules."""
    form = forms.ClaimFilterForm(request.GET or None)
    # A status that names nothing is shown as an error, and every claim is listed.
    status = form.cleaned_data["status"] if form.is_valid() else ""
    context = {
        "form": form,
        "claims": selectors.claim_list(status=status),
        "agreements": selectors.agreements_with_claims(),
        "status": status,
    }
    return render(request, "claims/claim_list.html", context)


def _detail_context(request: HttpRequest, claim: Claim, **forms_given) -> dict:
    user = request.user
    moves = [
        move for move in PAGE_MOVES
        if move_allowed(claim.status, move) and MOVE_CHECKS[move](user, claim)
    ]  # fmt: skip
    budget_lines = selectors.budget_lines_for_claim(claim)
    editable = claim.is_editable and permissions.can_edit_claim(user, claim)
    total = sum((line.amount for line in claim.lines.all()), selectors.ZERO)
    paid = sum((payment.amount for payment in claim.payments.all()), selectors.ZERO)
    return {
        "claim": claim,
        "figures": selectors.claim_beside_budget(claim),
        "total": total,
        "paid": paid,
        "moves": [move for move in moves if move != Move.RETURN],
        "can_return": Move.RETURN in moves,
        "editable": editable,
        "can_pay": claim.status == ClaimStatus.APPROVED
        and permissions.can_record_payment(user, claim),
        "line_form": forms_given.get("line_form") or forms.LineForm(budget_lines=budget_lines),
        "file_form": forms_given.get("file_form") or forms.FileForm(),
        "return_form": forms_given.get("return_form") or forms.ReturnForm(),
        "payment_form": forms_given.get("payment_form") or forms.PaymentForm(),
    }


@allow(permissions.may_open_claims, "finance or auditor")
@require_safe
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim's spend beside the budget, evidence, payments, and the moves the user may make."""
    claim = claim_for(request, pk)
    return render(request, "claims/claim_detail.html", _detail_context(request, claim))


def _form_page(request, claim, status=400, **given) -> HttpResponse:
    claim = selectors.claim_for_page(pk=claim.pk)
    context = _detail_context(request, claim, **given)
    return render(request, "claims/claim_detail.html", context, status=status)


@allow(permissions.may_work_on_claims, "finance")
@require_POST
def claim_create(request: HttpRequest, period_id: int) -> HttpResponse:
    """Start the claim for one period of the schedule."""
    period = get_object_or_404(ClaimPeriod.objects.select_related("agreement"), pk=period_id)
    try:
        claim = services.claim_create(period=period, user=request.user)
    except ClaimRefusedError as refusal:
        show_refusal(request, refusal)
        return redirect("claims:agreement", pk=period.agreement_id)
    messages.success(request, f"Claim started for {period}")
    return to_claim(claim)


@allow(permissions.may_work_on_claims, "finance: the preparer")
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one category's (or budget line's) actual spend."""
    claim = claim_for(request, pk)
    form = forms.LineForm(request.POST, budget_lines=selectors.budget_lines_for_claim(claim))
    if not form.is_valid():
        return _form_page(request, claim, line_form=form)
    data = form.cleaned_data
    try:
        services.claim_line_add(
            claim=claim, user=request.user, category=data["category"], amount=data["amount"],
            budget_line=data["budget_line"], description=data["description"],
        )  # fmt: skip
    except ClaimRefusedError as refusal:
        form.add_error(None, " ".join(refusal.problems))
        return _form_page(request, claim, line_form=form)
    messages.success(request, f"Added {data['category'].name} spend")
    return to_claim(claim)


@allow(permissions.may_work_on_claims, "finance: the preparer")
@require_POST
def line_remove(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    claim = claim_for(request, pk)
    try:
        services.claim_line_remove(claim=claim, user=request.user, line_id=line_id)
    except ClaimRefusedError as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, "Line removed")
    return to_claim(claim)


@allow(permissions.may_work_on_claims, "finance: the preparer")
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach an evidence file, its type read from its content and its size limited."""
    claim = claim_for(request, pk)
    form = forms.FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, claim, file_form=form)
    try:
        checked = files.check_upload(form.cleaned_data["file"])
        services.claim_evidence_add(claim=claim, user=request.user, checked=checked)
    except files.FileRefusedError as refused:
        form.add_error("file", str(refused))
        return _form_page(request, claim, file_form=form)
    except ClaimRefusedError as refusal:
        form.add_error("file", " ".join(refusal.problems))
        return _form_page(request, claim, file_form=form)
    messages.success(request, f"Attached {checked.file_name}")
    return to_claim(claim)


@allow(permissions.may_open_claims, "finance or auditor")
@require_safe
def evidence_download(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    claim = claim_for(request, pk)
    evidence = get_object_or_404(ClaimEvidence, pk=evidence_id, claim=claim)
    return stored_file_response(
        evidence.file, filename=evidence.file_name, content_type=evidence.content_type,
        as_attachment=True,
    )  # fmt: skip


@allow(permissions.may_work_on_claims, "finance")
@require_POST
def claim_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """Submit, check, approve or return the claim (the service checks the table and the roles)."""
    claim = claim_for(request, pk)
    if move not in Move.values or Move(move) not in PAGE_MOVES:
        raise Http404("No such move")
    move = Move(move)
    kwargs = {}
    if move == Move.RETURN:
        form = forms.ReturnForm(request.POST)
        if not form.is_valid():
            return _form_page(request, claim, return_form=form)
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        services.MOVE_SERVICES[move](claim=claim, user=request.user, **kwargs)
    except ClaimRefusedError as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, f"Claim for {claim.period}: {move.label.lower()} done")
    return to_claim(claim)


@allow(permissions.may_work_on_claims, "finance")
@require_POST
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a payment (date, amount, reference) against an approved claim."""
    claim = claim_for(request, pk)
    form = forms.PaymentForm(request.POST)
    if not form.is_valid():
        return _form_page(request, claim, payment_form=form)
    data = form.cleaned_data
    try:
        payment = services.payment_record(
            claim=claim, user=request.user, amount=data["amount"], paid_on=data["paid_on"],
            reference=data["reference"],
        )  # fmt: skip
    except ClaimRefusedError as refusal:
        form.add_error(None, " ".join(refusal.problems))
        return _form_page(request, claim, payment_form=form)
    messages.success(request, f"Payment {payment.reference} recorded")
    return to_claim(claim)


IMPORT_SESSION_KEY = "claim_imports"


@allow(permissions.may_work_on_claims, "finance: the preparer")
@require_http_methods(["GET", "HEAD", "POST"])
def claim_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the recipient's spreadsheet and see every row checked; nothing is saved yet."""
    claim = claim_for(request, pk)
    if not permissions.can_edit_claim(request.user, claim):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = clean_file_name(upload.name)
        try:
            if upload.size > MAX_UPLOAD_BYTES:  # refused before reading or parsing
                raise ImportFileError("The file must be smaller than 10 MB")
            data = upload.read()
            preview = imports.preview_spend(claim=claim, file_name=file_name, data=data)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = _keep_upload(request, claim.pk, file_name, data)
            context = {"claim": claim, "preview": preview, "token": token}
            return render(request, "claims/import_preview.html", context)
    context = {"claim": claim, "form": form, "columns": imports.COLUMNS}
    status = 400 if form.errors else 200
    return render(request, "claims/import_form.html", context, status=status)


def _keep_upload(request: HttpRequest, claim_id: int, file_name: str, data: bytes) -> str:
    """Keep the file between preview and apply in the default storage (as budget imports do)."""
    token = secrets.token_urlsafe(16)
    stored = default_storage.save(f"claim-imports/{token}", ContentFile(data))
    uploads = request.session.get(IMPORT_SESSION_KEY, {})
    uploads[token] = {"claim": claim_id, "path": stored, "file_name": file_name}
    request.session[IMPORT_SESSION_KEY] = uploads
    return token


@allow(permissions.may_work_on_claims, "finance: the preparer")
@require_POST
def claim_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Add every row of the previewed file, all or nothing, once."""
    claim = claim_for(request, pk)
    uploads = request.session.get(IMPORT_SESSION_KEY, {})
    token = request.POST.get("token", "")
    kept = uploads.get(token)
    if not kept or kept["claim"] != claim.pk:
        messages.error(
            request,
            "Nothing was imported. That upload has been used or has expired: upload the file again",
        )
        return redirect("claims:import", pk=claim.pk)
    try:
        lines = services.claim_import_apply(
            claim=claim, user=request.user, kept_path=kept["path"], file_name=kept["file_name"]
        )
    except ClaimRefusedError as refusal:
        messages.error(request, "Nothing was imported. " + " ".join(refusal.problems))
        return redirect("claims:import", pk=claim.pk)
    del uploads[token]
    request.session[IMPORT_SESSION_KEY] = uploads
    messages.success(request, f"Imported {len(lines):,} lines from {kept['file_name']}")
    return to_claim(claim)
