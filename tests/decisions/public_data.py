"""Builders for the public register's tests: published decisions as the register shows them."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pgtrigger

from decisions.models import (
    ApprovedAgreement,
    Decision,
    DecisionLink,
    DecisionSeries,
    RestrictedPart,
)
from grants.models import GrantAgreement
from tests.factories import (
    DecisionFactory,
    GrantAgreementFactory,
    SectionFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
# A string that must never appear in anything public (Part 2 content).
PART2_MARKER = "PART2-SECRET-7f3a9c"
# A decision's approvals and links are made before it is signed, and the database refuses them
# after. These builders add them to a decision already published, so they lift just those freezes.
WRITTEN_BEFORE_SIGNING = (
    "decisions.ApprovedAgreement:frozen_when_signed",
    "decisions.DecisionLink:frozen_when_signed",
)


def published(
    *,
    signed: datetime | None = None,
    decision_by: str = "Sophie Linden, DMPC",
    sections: tuple[str, ...] = (),
    part2: str = "",
    **fields,
) -> Decision:
    """A published decision signed at `signed` (London time), published a day later.

    Its sections and Part 2 are written while it is a draft: the database refuses them on a
    signed decision.
    """
    signed = signed or datetime(2021, 5, 4, 12, tzinfo=LONDON)
    status = fields.pop("status", Decision.Status.PUBLISHED)
    published_at = fields.pop("published_at", signed + timedelta(days=1))
    decision = DecisionFactory(
        signed_by=UserFactory(roles=["decision_maker"]),
        signed_by_name=decision_by,
        signed_at=signed,
        **fields,
    )
    for body in sections:
        SectionFactory(decision=decision, body=body)
    if part2:
        RestrictedPart.objects.create(decision=decision, body=part2)
    decision.status, decision.published_at = status, published_at
    decision.save()
    return decision


def secret_published() -> Decision:
    """A published decision whose Part 2 holds PART2_MARKER, with a public section."""
    return published(
        has_part2=True,
        part2_exemption_ground="Exempt: law enforcement (section 31 FOIA).",
        title="Decision with a confidential annex",
        sections=("Public facts only.",),
        part2=f"Confidential: {PART2_MARKER}",
    )


def onward_grant(decision: Decision, **fields) -> GrantAgreement:
    """An outgoing grant approved by `decision`."""
    fields.setdefault("status", GrantAgreement.Status.ACTIVE)
    fields.setdefault("amount_awarded", Decimal("12345.67"))
    agreement = GrantAgreementFactory(direction=GrantAgreement.Direction.OUTGOING, **fields)
    approve(decision, agreement)
    return agreement


def approve(decision: Decision, agreement: GrantAgreement) -> ApprovedAgreement:
    """`decision` approves `agreement`, as recorded before it was signed."""
    with pgtrigger.ignore(*WRITTEN_BEFORE_SIGNING):
        return ApprovedAgreement.objects.create(decision=decision, agreement=agreement)


def link(source: Decision, target: Decision, kind: str) -> DecisionLink:
    """`source` links to `target`, as recorded before `source` was signed."""
    with pgtrigger.ignore(*WRITTEN_BEFORE_SIGNING):
        return DecisionLink.objects.create(source=source, target=target, kind=kind)


def series(code: str) -> DecisionSeries:
    return DecisionSeries.objects.get_or_create(code=code, defaults={"name": f"{code} series"})[0]
