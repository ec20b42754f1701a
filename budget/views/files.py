"""Spreadsheet import (upload, preview, apply), export and the import template."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alpha_hub.access import allow
from budget import exports, imports, permissions, selectors, services
from budget.forms import ImportForm
from budget.views.budgets import budget_for_user

SESSION_KEY = "budget_imports"
FORMATS = {"csv": (exports.as_csv, exports.CSV_TYPE), "xlsx": (exports.as_xlsx, exports.XLSX_TYPE)}


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@allow(permissions.may_list_budgets, "finance")
@require_http_methods(["GET", "HEAD", "POST"])
def budget_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file and see every row checked; nothing is saved yet."""
    budget = budget_for_user(request, pk, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = imports.clean_file_name(upload.name)
        try:
            if upload.size > imports.MAX_UPLOAD_BYTES:  # refused before reading or parsing
                raise imports.ImportFileError("The file must be smaller than 10 MB")
            data = upload.read()
            preview = imports.preview_import(budget=budget, file_name=file_name, data=data)
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = _keep_upload(request, budget.pk, file_name, data)
            outcome = selectors.budget_outcome(budget, adding=preview.total)
            context = {
                "budget": budget,
                "preview": preview,
                "token": token,
                "outcome": outcome,
                "formula_count": preview.formula_count,
            }
            return render(request, "budget/import_preview.html", context)
    context = {"budget": budget, "form": form, "columns": exports.COLUMNS}
    return render(request, "budget/import_form.html", context)


def _keep_upload(request: HttpRequest, budget_id: int, file_name: str, data: bytes) -> str:
    """Store the file between preview and apply; the web tier keeps no state of its own.

    In the default storage (the S3 bucket when configured), in the request's transaction: if
    the request fails, the storage deletes the file again (alpha_hub/storage.py).
    """
    token = secrets.token_urlsafe(16)
    stored = default_storage.save(f"budget-imports/{token}", ContentFile(data))
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"budget": budget_id, "path": stored, "file_name": file_name}
    request.session[SESSION_KEY] = uploads
    return token


@allow(permissions.may_list_budgets, "finance")
@require_POST
def budget_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Add every line of the previewed file, all or nothing, once."""
    budget = budget_for_user(request, pk, edit=True)
    uploads = request.session.get(SESSION_KEY, {})
    token = request.POST.get("token", "")
    kept = uploads.get(token)
    if not kept or kept["budget"] != budget.pk:
        messages.error(
            request,
            "Nothing was imported. That upload has been used or has expired: upload the file again",
        )
        return redirect("budget:import", pk=budget.pk)
    try:
        lines = services.budget_import_apply(
            budget=budget, kept_path=kept["path"], file_name=kept["file_name"], user=request.user
        )
    except (imports.ImportFileError, ValidationError) as error:
        message = str(error) if isinstance(error, imports.ImportFileError) else error.messages[0]
        messages.error(request, f"Nothing was imported. {message}")
        return redirect("budget:import", pk=budget.pk)
    del uploads[token]
    request.session[SESSION_KEY] = uploads
    messages.success(request, f"Imported {len(lines):,} lines from {kept['file_name']}")
    return redirect("budget:detail", pk=budget.pk)


@allow(permissions.may_open_budget_pages, "reader of this budget")
@require_safe
def budget_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The budget's lines in the import layout, formulas neutralised."""
    budget = budget_for_user(request, pk)
    if fmt not in FORMATS:
        raise Http404("No such format")
    write, content_type = FORMATS[fmt]
    content = write(exports.COLUMNS, exports.budget_rows(budget))
    year = str(budget.financial_year).replace("/", "-")
    return _download(content, content_type, f"{budget.agreement.reference}-{year}.{fmt}")


@allow(permissions.may_list_budgets, "finance or auditor")
@require_safe
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """An empty file with the import's columns (and, in XLSX, the categories it accepts)."""
    if fmt == "csv":
        return _download(exports.as_csv(exports.COLUMNS, []), exports.CSV_TYPE, "budget-lines.csv")
    if fmt == "xlsx":
        content = exports.as_xlsx(exports.COLUMNS, [], exports.template_sheets())
        return _download(content, exports.XLSX_TYPE, "budget-lines.xlsx")
    raise Http404("No such format")
