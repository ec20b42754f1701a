"""Grants fixtures: organisations, a programme, people, an incoming grant and how to enter one."""

from datetime import date
from decimal import Decimal

import pytest

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.roles import Role
from grants import services
from tests.factories import OrganisationFactory, ProgrammeFactory, approve_with_signed_decision


@pytest.fixture
def orgs(db):
    return {
        name: OrganisationFactory(name=name)
        for name in ("Home Office", "MOPAC", "Charity", "Force")
    }


@pytest.fixture
def programme(orgs):
    return ProgrammeFactory(host=orgs["MOPAC"])


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


@pytest.fixture
def terms(orgs, programme):
    """terms(**changes) -> AgreementTerms of a two-year £200,000.00 incoming grant."""

    def make(**changes):
        values = {
            "reference": "HO-VRU-1", "title": "Violence reduction", "programme": programme,
            "funder": orgs["Home Office"], "recipient": orgs["MOPAC"],
            "direction": "incoming", "amount_awarded": Decimal("200000.00"),
            "starts_on": date(2020, 4, 1), "ends_on": date(2022, 3, 31),
        }  # fmt: skip
        return services.AgreementTerms(**(values | changes))

    return make


FY20, FY21 = FinancialYear(2020), FinancialYear(2021)
EVEN = {FY20: Decimal("100000.00"), FY21: Decimal("100000.00")}


@pytest.fixture
def incoming(terms, officer, orgs):
    """An approved two-year incoming grant (£100,000.00 a year) with £10,000.00 match funding in
    2020/21, approved by a signed decision."""
    agreement = services.agreement_create(
        terms=terms(), profile=EVEN, user=officer,
        match_funding=[services.MatchLine(orgs["Force"], FY20, Decimal("10000.00"))],
    )  # fmt: skip
    approve_with_signed_decision(agreement)
    return agreement
