"""Builders for the programme tests: a varied agreement, an incoming grant and its onward ones."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pgtrigger

from alpha_hub.fiscal_year import FinancialYear
from decisions.models import ApprovedVariation, Decision
from grants.models import GrantAgreement, GrantVariation, MatchFunding
from tests.decisions.public_data import WRITTEN_BEFORE_SIGNING, approve, published
from tests.factories import GrantAgreementFactory, OrganisationFactory, ProgrammeFactory

LONDON = ZoneInfo("Europe/London")
VARIATION_FROZEN = "decisions.ApprovedVariation:frozen_when_signed"


def signed_on(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=LONDON)


def agreement(programme, **fields) -> GrantAgreement:
    fields.setdefault("status", GrantAgreement.Status.ACTIVE)
    return GrantAgreementFactory(programme=programme, **fields)


def vary(decision: Decision, grant: GrantAgreement, after: str, **fields) -> GrantVariation:
    """`decision` makes a variation of `grant` to `after`, as recorded before it was signed."""
    variation = GrantVariation.objects.create(
        agreement=grant,
        amount_before=fields.pop("before", grant.amount_awarded),
        amount_after=Decimal(after),
        reason="An uplift for a second year of the hub",
        **fields,
    )
    with pgtrigger.ignore(VARIATION_FROZEN, *WRITTEN_BEFORE_SIGNING):
        ApprovedVariation.objects.create(decision=decision, variation=variation)
    return variation


def chain_programme():
    """PCD-like history: an incoming grant with match funding and onward grants, varied later.

    - A (May 2020) approves incoming £1,000.00 (match £200.00) and onward O1 £300.00;
    - B (May 2021) varies the incoming grant to £1,100.00 and awards onward O2 £400.00;
    - C (June 2021) approves the incoming grant again (a restatement): it adds nothing.
    """
    programme = ProgrammeFactory(name="Project Alpha", slug="project-alpha")
    home_office = OrganisationFactory(name="Home Office", org_identifier="GB-GOVUK-home-office")
    mopac = OrganisationFactory(name="MOPAC", org_identifier="GB-GOVUK-mopac")
    incoming = agreement(
        programme, reference="IN-1", funder=home_office, recipient=mopac,
        amount_awarded=Decimal("1000.00"),
    )  # fmt: skip
    MatchFunding.objects.create(
        agreement=incoming, source=mopac, amount=Decimal("200.00"),
        financial_year=FinancialYear(2020),
    )  # fmt: skip
    onward = {
        "programme": programme, "parent": incoming, "funder": mopac,
        "direction": GrantAgreement.Direction.OUTGOING,
    }  # fmt: skip
    first = agreement(reference="ON-1", amount_awarded=Decimal("300.00"), **onward)
    second = agreement(reference="ON-2", amount_awarded=Decimal("400.00"), **onward)
    a = published(signed=signed_on(2020, 5, 4), title="Approve the hub")
    approve(a, incoming)
    approve(a, first)
    b = published(signed=signed_on(2021, 5, 4), title="Vary the hub")
    vary(b, incoming, "1100.00")
    approve(b, second)
    c = published(signed=signed_on(2021, 6, 1), title="Restate the hub")
    approve(c, incoming)
    return programme, {"A": a, "B": b, "C": c}, {"incoming": incoming, "O1": first, "O2": second}
