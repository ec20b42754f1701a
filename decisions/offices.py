"""Who holds an office on a day: the one place that signing asks (docs/adr/0054).

A decision is addressed to an office. Its holder signs it, or someone acting for the office,
on the day of signing (in London): a former holder, a holder whose term has not started and the
holder of another office may not. A deputy signs only while recorded as acting.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from decisions.models import Office, OfficeHolder, OfficeHolderKind


def signing_day(moment=None) -> date:
    """The day a signing at `moment` (now if not given) counts as: the date in London."""
    return timezone.localdate(moment)


def capacity_on(user, office: Office, day: date | None = None) -> str | None:
    """`"holder"` or `"acting"` when `user` may sign as `office` on `day` (today), else None."""
    if not user.is_authenticated or not user.is_active:
        return None
    day = day or signing_day()
    kinds = set(
        OfficeHolder.objects.signing()
        .on(day)
        .filter(office=office, user=user)
        .values_list("kind", flat=True)
    )
    if OfficeHolderKind.HOLDER in kinds:
        return OfficeHolderKind.HOLDER
    return OfficeHolderKind.ACTING if kinds else None


def signing_as(user, office: Office, day: date | None = None) -> str:
    """How `user` would sign as `office` on `day` (today): its title, "Acting <title>", or ""."""
    capacity = capacity_on(user, office, day)
    if capacity == OfficeHolderKind.ACTING:
        return f"Acting {office.title}"
    return office.title if capacity else ""


def offices_signed_for(user, day: date | None = None) -> QuerySet[Office]:
    """The offices `user` holds or acts for on `day` (today)."""
    terms = OfficeHolder.objects.signing().on(day or signing_day()).filter(user=user)
    return Office.objects.filter(pk__in=terms.values("office_id"))


def office_problem(user, office: Office, day: date | None = None) -> str:
    """Why `user` may not sign as `office` on `day` (today); empty when they may."""
    day = day or signing_day()
    if capacity_on(user, office, day):
        return ""
    terms = list(
        OfficeHolder.objects.signing().filter(office=office, user=user).order_by("starts_on")
    )
    only = (
        f"Only the {office.title}, or someone acting for the office, can sign a decision "
        f"addressed to it, on the day of signing"
    )
    later = [term for term in terms if term.starts_on > day]
    if later:
        return f"{only}: your term starts on {_day(later[0].starts_on)}."
    if terms:
        return f"{only}: your term ended on {_day(terms[-1].ends_on)}."
    return f"{only}: you do not hold that office."


def _day(day: date) -> str:
    return date_format(day, "j F Y")
