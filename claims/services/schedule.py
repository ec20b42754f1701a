"""An agreement's claim schedule: periods from its dates, each due some days after it ends."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import transaction

from claims import permissions
from claims.models import (
    ClaimPeriod,
    Frequency,
)
from claims.services._base import (
    DEFAULT_DUE_DAYS,
    ClaimRefusedError,
    _saved,
)
from grants.models import AgreementStatus, GrantAgreement
from grants.selectors import agreement_amounts_for


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_periods(starts_on: date, ends_on: date, frequency: str) -> list[tuple[date, date]]:
    """The periods from `starts_on` to `ends_on`: quarters or months from the start, or one."""
    if frequency == Frequency.ONE_OFF:
        return [(starts_on, ends_on)]
    step = 3 if frequency == Frequency.QUARTERLY else 1
    periods, start, count = [], starts_on, 0
    while start <= ends_on:
        count += step
        end = min(_add_months(starts_on, count) - timedelta(days=1), ends_on)
        periods.append((start, end))
        start = end + timedelta(days=1)
    return periods


@transaction.atomic
def claim_schedule_generate(
    *, agreement: GrantAgreement, user, frequency: str = Frequency.QUARTERLY,
    due_days: int = DEFAULT_DUE_DAYS,
) -> list[ClaimPeriod]:  # fmt: skip
    """Give an active agreement its claim periods, from its dates after signed variations, each
    due `due_days` after it ends."""
    if not permissions.can_manage_schedule(user, agreement):
        raise ClaimRefusedError("Only finance staff set a claim schedule.")
    agreement = GrantAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.ACTIVE:
        raise ClaimRefusedError(
            f"{agreement.reference} is {agreement.get_status_display().lower()}: only an active "
            "agreement has a claim schedule."
        )
    if frequency not in Frequency.values:
        raise ClaimRefusedError("Choose how often claims are made.")
    if not 0 <= due_days <= 365:
        raise ClaimRefusedError("Claims are due between 0 and 365 days after a period ends.")
    if agreement.claim_periods.exists():
        raise ClaimRefusedError(f"{agreement.reference} already has a claim schedule.")
    # The period after the signed variations (an extension adds its periods), as the amount is.
    varied = agreement_amounts_for(agreement, with_match=False)
    spans = schedule_periods(varied.starts_on, varied.ends_on, frequency)
    periods = []
    for number, (start, end) in enumerate(spans, start=1):
        period = ClaimPeriod(
            agreement=agreement, number=number, starts_on=start, ends_on=end,
            due_on=end + timedelta(days=due_days), is_final=number == len(spans),
        )  # fmt: skip
        periods.append(
            _saved(period, user=user, reason=f"Claim schedule: {Frequency(frequency).label}")
        )
    return periods
