"""The auditor's workspace: audit log, record history, access log and its CSV."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from itertools import chain, islice

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from alpha_hub.access import allow
from alpha_hub.audit import selectors
from alpha_hub.audit.forms import AccessFilterForm, TrailFilterForm
from alpha_hub.audit.grouping import group_entries
from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.names import record_names
from alpha_hub.audit.permissions import can_read_audit_trail
from alpha_hub.audit.services import access_event_record
from alpha_hub.audit.trail import (
    Cursor,
    as_utc,
    audited_models,
    describe_entries,
    record_history,
    trail_iter,
    trail_page,
)
from alpha_hub.spreadsheets import csv_lines

logger = logging.getLogger(__name__)
MAX_ID = 2**63 - 1  # a larger number in the URL names no row: 404, not a database error
EXPORT_FAILED = "EXPORT FAILED: this file is incomplete. Download it again."
CSV_HEADER = [
    "when", "record type", "record", "record id", "action", "field", "before", "after", "user",
    "reason", "history id",
]  # fmt: skip


@allow(can_read_audit_trail)
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every change to every record, newest first, filtered, a keyset page at a time."""
    return _audit_log_page(request, TrailFilterForm(request.GET or None))


def _audit_log_page(request: HttpRequest, form: TrailFilterForm, status: int = 200) -> HttpResponse:
    after = Cursor.decode(request.GET.get("after", ""))
    entries, next_cursor = [], None
    if not form.is_bound or form.is_valid():  # a filter in error shows its error, not everything
        entries, next_cursor = trail_page(form.filters(), after=after)
        describe_entries(entries, withhold=True)
    context = {
        "form": form,
        "groups": group_entries(entries),
        "next_query": _query_with(request, after=next_cursor.encode()) if next_cursor else "",
        "csv_query": _query_with(request, after=None),
        "is_first_page": after is None,
        "first_query": _query_with(request, after=None),
    }
    return render(request, "audit/audit_log.html", context, status=status)


@allow(can_read_audit_trail)
@require_safe
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    """The filtered audit log as CSV, streamed a keyset batch at a time."""
    form = TrailFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # The whole log under the name of a filtered export would mislead: show the errors.
        return _audit_log_page(request, form, status=400)
    entries = trail_iter(form.filters(), with_changes=True)
    # The first batch is read before the response starts, so its failure is an error page.
    first = list(islice(entries, 1))
    rows = (row for entry in chain(first, entries) for row in _csv_rows(entry))
    lines = _ending_in_a_failure_note(csv_lines(CSV_HEADER, rows))
    response = StreamingHttpResponse(lines, content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


def _csv_rows(entry) -> Iterator[list]:
    """One row per field the change set (one row without a field when it set none)."""
    common = [
        timezone.localtime(entry.at).isoformat(),
        entry.model_name,
        entry.name,
        entry.record_id,
        entry.action_label,
    ]
    who = [
        entry.user.display_name if entry.user else "System",
        entry.reason or "",
        entry.history_id,
    ]
    for change in entry.changes or [None]:
        if change is None:
            yield [*common, "", "", "", *who]
        else:
            yield [*common, change.label, change.before, change.after, *who]


def _ending_in_a_failure_note(lines: Iterator[str]) -> Iterator[str]:
    """The CSV lines; when a later batch fails, a last line says the file is incomplete.

    The status line and the first rows have gone by then, so the file itself must say so:
    a stream that simply stops reads as a complete, shorter export.
    """
    try:
        yield from lines
    except Exception:  # whatever broke (the database, most likely), the file must not look whole
        logger.exception("The audit log CSV stopped part-way")
        yield f"{EXPORT_FAILED}\r\n"


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
    name = record_names([(model, pk)])[(model, pk)]
    if getattr(model, "access_logged", False):
        # Restricted material (Part 2): its history shows what it said, so reading it is logged.
        access_event_record(
            kind=AccessKind.PART2_VIEW, request=request, user=request.user, subject=name
        )
    context = {"rows": rows, "name": name, "model_name": model._meta.verbose_name}
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
        return as_utc(datetime.fromisoformat(at)), int(pk)
    except (ValueError, OverflowError):
        return None
