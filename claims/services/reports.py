"""Monitoring reports: what an agreement requires, reports submitted with files, reviews."""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from claims import permissions
from claims.files import CheckedFile
from claims.models import (
    MonitoringReport,
    ReportKind,
    ReportRequirement,
    ReportStatus,
)
from claims.services._base import (
    ClaimRefusedError,
    _check_reason,
    _saved,
)
from grants.models import AgreementStatus, GrantAgreement


@transaction.atomic
def report_requirement_add(
    *, agreement: GrantAgreement, user, kind: str, title: str, due_on: date
) -> ReportRequirement:
    """Require a progress, outcome or final report of an agreement by a date."""
    if not permissions.can_manage_schedule(user, agreement):
        raise ClaimRefusedError("Only finance staff set the reports an agreement requires.")
    if agreement.status not in (AgreementStatus.APPROVED, AgreementStatus.ACTIVE):
        raise ClaimRefusedError(f"{agreement.reference} is not approved or active.")
    if kind not in ReportKind.values:
        raise ClaimRefusedError("Choose the kind of report.")
    title = (title or "").strip() or ReportKind(kind).label
    if len(title) > 200:
        raise ClaimRefusedError("The title must be 200 characters or fewer.")
    if kind == ReportKind.FINAL and agreement.report_requirements.filter(kind=kind).exists():
        raise ClaimRefusedError(f"{agreement.reference} already requires a final report.")
    requirement = ReportRequirement(agreement=agreement, kind=kind, title=title, due_on=due_on)
    return _saved(requirement, user=user, reason=f"Report required: {title}")


@transaction.atomic
def report_submit(
    *, requirement: ReportRequirement, user, checked: CheckedFile, summary: str = ""
) -> MonitoringReport:
    """Record a report against a requirement, with its file, for an officer to review."""
    if not permissions.can_submit_report(user, requirement):
        raise ClaimRefusedError("Only finance staff or an officer record a report.")
    requirement = ReportRequirement.objects.select_for_update().get(pk=requirement.pk)
    if requirement.reports.filter(
        status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).exists():
        raise ClaimRefusedError(f"{requirement.title} has already been submitted.")
    report = MonitoringReport(
        requirement=requirement, submitted_by=user, summary=(summary or "").strip(),
        file_name=checked.file_name, content_type=checked.content_type, size=checked.size,
        sha256=checked.sha256,
    )  # fmt: skip
    report.file.save(checked.file_name, ContentFile(checked.data), save=False)
    return _saved(report, user=user, reason=f"Report submitted: {checked.file_name}")


@transaction.atomic
def report_review(
    *, report: MonitoringReport, user, accept: bool, comment: str = "", at: datetime | None = None
) -> MonitoringReport:
    """An officer accepts a report, or returns it with the reason (`at`: when; now unless
    given)."""
    report = MonitoringReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ClaimRefusedError(
            f"This report is {report.get_status_display().lower()}: it was reviewed already."
        )
    if not permissions.can_review_report(user, report):
        raise ClaimRefusedError("Only an officer who did not submit the report can review it.")
    comment = (comment or "").strip() if accept else _check_reason(comment, "return")
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = (
        user,
        at or timezone.now(),
        comment,
    )
    return _saved(report, user=user, reason=f"{report.get_status_display()}: {comment}".strip(": "))
