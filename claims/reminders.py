"""Reminder emails for claims and reports due soon or overdue, queued through the task interface.

Each (claim period or report, stage, due date) is reminded once: a `Reminder` row records it, and
its unique constraints make a second run (or two at once) send nothing more.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.timezone import localdate

from alpha_hub.history import stamp
from alpha_hub.models import User
from alpha_hub.roles import Role
from alpha_hub.tasks import email_enqueue
from claims.models import ClaimPeriod, Reminder, ReminderStage, ReportRequirement, ReportStatus
from claims.selectors import CLAIMED_STATUSES
from grants.models import AgreementStatus


def _emails(*roles: Role) -> list[str]:
    users = User.objects.filter(is_active=True, groups__name__in=list(roles)).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _stage(due_on: date, today: date) -> str | None:
    before = timedelta(days=settings.CLAIM_REMINDER_DAYS_BEFORE)
    after = timedelta(days=settings.CLAIM_REMINDER_DAYS_AFTER)
    if today >= due_on + after:
        return ReminderStage.AFTER
    if due_on - before <= today <= due_on:
        return ReminderStage.BEFORE
    return None


def _send_once(*, subject: str, body: str, recipients: list[str], **target) -> bool:
    """Record the reminder and queue its email after commit; False when it was sent before."""
    if Reminder.objects.filter(**target).exists():
        return False
    reminder = Reminder(recipients=", ".join(recipients), **target)
    stamp(reminder, user=None, reason="Reminder queued")
    try:
        with transaction.atomic():
            reminder.save()
    except IntegrityError:  # another run recorded it first
        return False
    transaction.on_commit(lambda: email_enqueue(subject=subject, body=body, recipients=recipients))
    return True


@transaction.atomic
def reminders_send(*, today: date | None = None) -> int:
    """Queue every reminder due today that has not been sent; the number queued."""
    today = today or localdate()
    sent = 0
    finance = _emails(Role.FINANCE)
    periods = (
        ClaimPeriod.objects.filter(agreement__status=AgreementStatus.ACTIVE)
        .exclude(claims__status__in=[*CLAIMED_STATUSES])
        .select_related("agreement")
    )
    for period in periods:
        stage = _stage(period.due_on, today)
        if stage is None:
            continue
        when = "is due" if stage == ReminderStage.BEFORE else "is overdue"
        sent += _send_once(
            subject=f"Claim {when}: {period}",
            body=f"The claim for {period} ({period.label}) {when} on {period.due_on:%-d %B %Y}.",
            recipients=finance, period=period, stage=stage, due_on=period.due_on,
        )  # fmt: skip
    readers = _emails(Role.FINANCE, Role.OFFICER)
    requirements = (
        ReportRequirement.objects.filter(agreement__status=AgreementStatus.ACTIVE)
        .exclude(reports__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("agreement")
    )
    for requirement in requirements:
        stage = _stage(requirement.due_on, today)
        if stage is None:
            continue
        when = "is due" if stage == ReminderStage.BEFORE else "is overdue"
        sent += _send_once(
            subject=f"Report {when}: {requirement}",
            body=f"{requirement} {when} on {requirement.due_on:%-d %B %Y}.",
            recipients=readers, requirement=requirement, stage=stage,
            due_on=requirement.due_on,
        )  # fmt: skip
    return sent
