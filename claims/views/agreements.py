"""An agreement's finance tab: schedule, claims, figures by year and category, reports, closure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alpha_hub.access import allow
from alpha_hub.money import format_money
from alpha_hub.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from alpha_hub.storage import stored_file_response
from budget.charts import programme_bars
from claims import exports, files, forms, permissions, selectors, services
from claims.models import MonitoringReport, ReportRequirement, ReportStatus
from claims.services import ClaimRefusedError
from claims.views.claims import show_refusal
from grants.models import GrantAgreement


def agreement_for(request: HttpRequest, pk: int, check=permissions.can_view_claims):
    agreement = get_object_or_404(GrantAgreement.objects.select_related("programme"), pk=pk)
    if not check(request.user, agreement):
        raise PermissionDenied
    return agreement


def to_agreement(agreement) -> HttpResponse:
    return redirect("claims:agreement", pk=agreement.pk)


CHART_KINDS = (
    ("budget", "Budget"),
    ("claimed", "Claimed"),
    ("approved", "Approved"),
    ("paid", "Paid"),
)


def _report_rows(requirements, *, can_submit: bool, is_officer: bool) -> list[dict]:
    """Each requirement with its upload form, and its reports each with a review form while it
    awaits review: one form for each, with ids of its own."""
    return [
        {
            "requirement": requirement,
            "upload_form": forms.ReportForm(requirement=requirement) if can_submit else None,
            "reports": [
                (
                    report,
                    forms.ReviewForm(report=report)
                    if is_officer and report.status == ReportStatus.SUBMITTED
                    else None,
                )
                for report in requirement.reports.all()
            ],
        }
        for requirement in requirements
    ]


def _tab_context(request, agreement, **given) -> dict:
    user = request.user
    tab = selectors.finance_tab(agreement)
    can_submit = permissions.can_submit_report(user)
    is_officer = permissions.may_open_reports(user) and not permissions.can_view_claims(user)
    return {
        "agreement": agreement,
        "tab": tab,
        "chart": programme_bars(tab.years, kinds=CHART_KINDS),
        "can_view_claims": permissions.can_view_claims(user, agreement),
        "can_manage": permissions.can_manage_schedule(user, agreement),
        "can_prepare": permissions.can_prepare_claim(user, agreement),
        "report_rows": _report_rows(tab.requirements, can_submit=can_submit, is_officer=is_officer),
        "can_close": permissions.can_close_agreement(user, agreement),
        "schedule_form": given.get("schedule_form") or forms.ScheduleForm(),
        "requirement_form": given.get("requirement_form") or forms.RequirementForm(),
    }


@allow(permissions.may_open_reports, "finance, auditor or officer")
@require_safe
def agreement_finance(request: HttpRequest, pk: int) -> HttpResponse:
    """Budget, claimed, approved, paid and remaining by year and category; schedule; reports."""
    agreement = agreement_for(request, pk, permissions.can_view_reports)
    return render(request, "claims/agreement_finance.html", _tab_context(request, agreement))


@allow(permissions.may_work_on_claims, "finance")
@require_POST
def schedule_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request, pk, permissions.can_manage_schedule)
    form = forms.ScheduleForm(request.POST)
    if form.is_valid():
        try:
            periods = services.claim_schedule_generate(
                agreement=agreement, user=request.user, frequency=form.cleaned_data["frequency"],
                due_days=form.cleaned_data["due_days"],
            )  # fmt: skip
        except ClaimRefusedError as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, f"Claim schedule set: {len(periods)} periods")
        return to_agreement(agreement)
    context = _tab_context(request, agreement, schedule_form=form)
    return render(request, "claims/agreement_finance.html", context, status=400)


@allow(permissions.may_work_on_claims, "finance")
@require_POST
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request, pk, permissions.can_manage_schedule)
    form = forms.RequirementForm(request.POST)
    if form.is_valid():
        try:
            services.report_requirement_add(
                agreement=agreement, user=request.user, **form.cleaned_data
            )
        except ClaimRefusedError as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, "Report requirement added")
        return to_agreement(agreement)
    context = _tab_context(request, agreement, requirement_form=form)
    return render(request, "claims/agreement_finance.html", context, status=400)


@allow(permissions.may_work_on_reports, "finance or officer")
@require_POST
def report_submit(request: HttpRequest, requirement_id: int) -> HttpResponse:
    requirement = get_object_or_404(
        ReportRequirement.objects.select_related("agreement"), pk=requirement_id
    )
    form = forms.ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return to_agreement(requirement.agreement)
    try:
        checked = files.check_upload(form.cleaned_data["file"])
        services.report_submit(
            requirement=requirement, user=request.user, checked=checked,
            summary=form.cleaned_data["summary"],
        )  # fmt: skip
    except files.FileRefusedError as refused:
        messages.error(request, str(refused))
    except ClaimRefusedError as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, f"{requirement.title} submitted for review")
    return to_agreement(requirement.agreement)


@allow(permissions.may_work_on_reports, "officer (not the submitter)")
@require_POST
def report_review(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(
        MonitoringReport.objects.select_related("requirement__agreement"), pk=report_id
    )
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept or return")
        return to_agreement(report.requirement.agreement)
    try:
        services.report_review(
            report=report, user=request.user, accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
        )  # fmt: skip
    except ClaimRefusedError as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, f"{report.requirement.title} reviewed")
    return to_agreement(report.requirement.agreement)


@allow(permissions.may_open_reports, "finance, auditor or officer")
@require_safe
def report_download(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(MonitoringReport, pk=report_id)
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied
    return stored_file_response(
        report.file, filename=report.file_name, content_type=report.content_type,
        as_attachment=True,
    )  # fmt: skip


@allow(permissions.may_work_on_claims, "finance")
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the agreement: what is outstanding, the figures, and a reason if closing early."""
    agreement = agreement_for(request, pk, permissions.can_close_agreement)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = services.agreement_close(
                agreement=agreement, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ClaimRefusedError as refusal:
            form.add_error("reason", " ".join(refusal.problems))
        else:
            messages.success(
                request,
                f"{agreement.reference} closed: underspend {format_money(closure.underspend)}",
            )
            return to_agreement(agreement)
    amount = selectors.agreement_amount(agreement)
    paid = selectors.agreement_paid(agreement)
    context = {
        "agreement": agreement,
        "form": form,
        "problems": services.closure_problems(agreement),
        "amount": amount,
        "paid": paid,
        "underspend": amount - paid,
    }
    status = 400 if form.errors else 200
    return render(request, "claims/agreement_close.html", context, status=status)


@allow(permissions.may_open_claims, "finance or auditor")
@require_safe
def claims_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every claim line and every payment, as CSV or XLSX, formulas neutralised."""
    if fmt == "csv":
        content, content_type = csv_bytes(exports.CLAIM_COLUMNS, exports.claim_rows()), CSV_TYPE
    elif fmt == "xlsx":
        content = xlsx_bytes(
            [
                ("Claims", exports.CLAIM_COLUMNS, exports.claim_rows()),
                ("Payments", exports.PAYMENT_COLUMNS, exports.payment_rows()),
            ]
        )
        content_type = XLSX_TYPE
    else:
        raise Http404("No such format")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="claims.{fmt}"'
    return response
