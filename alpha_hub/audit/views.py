"""The auditor's workspace: audit log, record history, access log and its CSV."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from alpha_hub.access import allow
from alpha_hub.audit import selectors
from alpha_hub.audit.csv_export import csv_lines
from alpha_hub.audit.forms import AccessFilterForm, TrailFilterForm
from alpha_hub.audit.permissions import can_read_audit_trail
from alpha_hub.audit.trail import Cursor, audited_models, record_history, trail_iter, trail_page

MAX_ID = 2**63 - 1  # a larger number in the URL names no row: 404, not a database error
CSV_HEADER = ["when", "record type", "record id", "action", "user", "reason", "history id"]


@allow(can_read_audit_trail)
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every change to every record, newest first, filtered, a keyset page at a time."""
    form = TrailFilterForm(request.GET or None)
    after = Cursor.decode(request.GET.get("after", ""))
    entries, next_cursor = trail_page(form.filters(), after=after)
    context = {
        "form": form,
        "entries": entries,
        "next_query": _query_with(request, after=next_cursor.encode()) if next_cursor else "",
        "csv_query": _query_with(request, after=None),
        "is_first_page": after is None,
        "first_query": _query_with(request, after=None),
    }
    return render(request, "audit/audit_log.html", context)


@allow(can_read_audit_trail)
@require_safe
def audit_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered audit log as CSV, streamed a keyset batch at a time."""
    form = TrailFilterForm(request.GET or None)
    rows = (
        [
            entry.at.isoformat(),
            entry.model_name,
            entry.record_id,
            entry.action_label,
            entry.user.username if entry.user else "",
            entry.reason or "",
            entry.history_id,
        ]
        for entry in trail_iter(form.filters())
    )
    response = StreamingHttpResponse(csv_lines(CSV_HEADER, rows), content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


@allow(can_read_audit_trail)
@require_safe
def record_history_view(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    """The History tab of one record: each change as field, before, after, who, when, why."""
    model = audited_models().get(label)
    if model is None or pk > MAX_ID:
        raise Http404("No such record type")
    rows = record_history(label, pk)
    if not rows:
        raise Http404("No history for this record")
    current = model._default_manager.filter(pk=pk).first()
    context = {
        "rows": rows,
        "record": current,
        "model_name": model._meta.verbose_name,
        "label": label,
        "pk": pk,
        "fields": {field.name: field.verbose_name for field in model._meta.fields},
    }
    return render(request, "audit/record_history.html", context)


@allow(can_read_audit_trail)
@require_safe
def access_log(request: HttpRequest) -> HttpResponse:
    """Sign-ins, failed sign-ins, sign-outs, Part 2 views and full-PDF downloads."""
    form = AccessFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    after = _access_cursor(request.GET.get("after", ""))
    events, next_after = selectors.access_events_page(filters=filters, after=after)
    next_query = ""
    if next_after:
        next_query = _query_with(request, after=f"{next_after[0].isoformat()}|{next_after[1]}")
    context = {"form": form, "events": events, "next_query": next_query}
    return render(request, "audit/access_log.html", context)


def _query_with(request: HttpRequest, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def _access_cursor(text: str) -> tuple[datetime, int] | None:
    try:
        at, pk = text.split("|")
        parsed = datetime.fromisoformat(at), int(pk)
    except ValueError:
        return None
    return parsed if parsed[0].tzinfo else None
