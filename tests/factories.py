"""Typed factories for the domain. Complex states (signed, published) go through services."""

from datetime import date
from decimal import Decimal

import factory

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.models import User
from alpha_hub.roles import role_group
from budget.models import Budget, BudgetLine, CostCategory
from contracts.models import Contract
from decisions.models import (
    Decision,
    DecisionCategory,
    DecisionSeries,
    Office,
    OfficeHolder,
    Recommendation,
    Section,
)
from grants.models import GrantAgreement, Organisation, Programme

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(role_group(role))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organisation.Kind.POLICE_FORCE
    org_identifier = factory.Sequence(lambda n: f"GB-GOVUK-org-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    host = factory.SubFactory(OrganisationFactory)


class GrantAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantAgreement

    reference = factory.Sequence(lambda n: f"GA-{n:04d}")
    title = factory.Sequence(lambda n: f"Grant agreement {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    funder = factory.SubFactory(OrganisationFactory)
    recipient = factory.SubFactory(OrganisationFactory)
    direction = GrantAgreement.Direction.INCOMING
    amount_awarded = Decimal("100000.00")
    starts_on = date(2020, 4, 1)
    ends_on = date(2021, 3, 31)


class ContractFactory(factory.django.DjangoModelFactory):
    """A contract on its own; a decision approves it through decisions.services.contracts."""

    class Meta:
        model = Contract

    title = factory.Sequence(lambda n: f"Social media monitoring platform {n}")
    supplier = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.COMPANY)
    maximum_value = Decimal("250000.00")
    starts_on = date(2021, 4, 1)
    ends_on = date(2023, 3, 31)
    procurement_route = Contract.Route.FRAMEWORK
    awarded_by = "Chief Finance Officer"


class CostCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostCategory
        django_get_or_create = ("code",)

    code = "pay"
    name = factory.LazyAttribute(lambda category: category.code.replace("_", " ").capitalize())
    is_staff_cost = True


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    agreement = factory.SubFactory(GrantAgreementFactory)
    financial_year = FinancialYear(2020)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    category = factory.SubFactory(CostCategoryFactory)
    description = factory.Sequence(lambda n: f"Line {n}")
    amount = Decimal("1000.00")


class DecisionSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionSeries
        django_get_or_create = ("code",)

    code = "PCD"
    name = "Deputy Mayor for Policing and Crime decision"


class DecisionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionCategory
        django_get_or_create = ("code",)

    code = "grant_funding"
    name = "Grant funding"


class OfficeFactory(factory.django.DjangoModelFactory):
    """The Deputy Mayor's office by default (decisions 0011 makes it; flushed tests lose it)."""

    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = "dmpc"
    title = "Deputy Mayor for Policing and Crime"
    abbreviation = "DMPC"


class OfficeHolderFactory(factory.django.DjangoModelFactory):
    """A holder's open-ended term of the Deputy Mayor's office from 2016."""

    class Meta:
        model = OfficeHolder

    office = factory.SubFactory(OfficeFactory)
    user = factory.SubFactory(UserFactory, roles=["decision_maker"])
    kind = OfficeHolder.Kind.HOLDER
    starts_on = date(2016, 5, 9)
    ends_on = None


class DecisionFactory(factory.django.DjangoModelFactory):
    """A draft decision."""

    class Meta:
        model = Decision

    series = factory.SubFactory(DecisionSeriesFactory)
    number = factory.Sequence(lambda n: 1000 + n)
    title = factory.Sequence(lambda n: f"Decision {n}")
    category = factory.SubFactory(DecisionCategoryFactory)
    office = factory.SubFactory(OfficeFactory)
    executive_summary = "The purpose of this document is to seek approval."
    drafted_by = factory.SubFactory(UserFactory, roles=["officer"])


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    decision = factory.SubFactory(DecisionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Approve the grant."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    decision = factory.SubFactory(DecisionFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Section.Kind.INTRODUCTION
    heading = "Introduction and background"
    body = "A paragraph."


def mark_signed(decision, *, signer=None, published: bool = False, at=None, **fields):
    """Put a draft decision, parts and all, into the signed (or published) state directly.

    For tests of what readers see. Parts must be added before this: the database refuses new
    parts on a signed decision. Tests of the workflow itself go through decisions.services.
    """
    from datetime import UTC, datetime

    at = at or datetime(2020, 6, 22, 11, tzinfo=UTC)
    signer = signer or UserFactory(roles=["decision_maker"])
    decision.status = Decision.Status.PUBLISHED if published else Decision.Status.SIGNED
    decision.signed_by = signer
    decision.signed_by_name = fields.pop("signed_by_name", signer.display_name)
    decision.signed_at = at
    decision.published_at = at if published else None
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save()
    return decision


# Grant agreements and variations in the states decisions put them in (issue 10).


def approve_with_signed_decision(agreement, *, decision=None, **fields):
    """`agreement` approved by a signed decision, as signing leaves it (status approved)."""
    from grants.models import GrantAgreement

    decision = decision or DecisionFactory()
    decision.approvals.create(agreement=agreement)
    mark_signed(decision, **fields)
    GrantAgreement.objects.filter(pk=agreement.pk).update(status=GrantAgreement.Status.APPROVED)
    agreement.refresh_from_db()
    return decision


def variation_with_decision(agreement, *, amount_after, signed: bool = True, **fields):
    """A variation of `agreement` made by a new decision, signed unless `signed` is False.

    Direct rows, for tests of what readers see; the workflow itself goes through
    decisions.services.decision_variation_start."""
    from decisions.models import ApprovedVariation
    from grants.models import GrantVariation

    variation = GrantVariation.objects.create(
        agreement=agreement,
        amount_before=fields.pop("amount_before", agreement.amount_awarded),
        amount_after=Decimal(amount_after),
        reason=fields.pop("reason", "Uplift"),
        **fields,
    )
    decision = DecisionFactory()
    ApprovedVariation.objects.create(decision=decision, variation=variation)
    if signed:
        mark_signed(decision)
    return variation
