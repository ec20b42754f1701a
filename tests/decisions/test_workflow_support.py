"""Helpers shared by the workflow tests: people, a complete decision, and decisions in any state.

Everything goes through the services, as the factories' docstring asks for complex states.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.timezone import localdate

from alpha_hub.roles import Role
from decisions import services
from decisions.models import (
    ClearanceCapacity,
    Decision,
    DelegationRule,
    OfficeHolder,
    SectionKind,
)
from decisions.workflow import STANDARD_SECTIONS
from tests.factories import (
    PASSWORD,
    BudgetLineFactory,
    DecisionCategoryFactory,
    DecisionSeriesFactory,
    GrantAgreementFactory,
    OfficeFactory,
    OfficeHolderFactory,
    UserFactory,
)

S = Decision.Status
# What the sign page posts when the signer declares no interest (the interests formset, empty).
NO_INTERESTS = {"has_interests": "no", "interest-TOTAL_FORMS": "3", "interest-INITIAL_FORMS": "0"}


@dataclass
class People:
    drafter: object
    clearer: object
    dmpc: object
    other_dmpc: object


def make_people() -> People:
    """`dmpc` holds the Deputy Mayor's office today; `other_dmpc` is a decision maker who does not.

    An office has one holder at a time, so a second call's `dmpc` is the same person.
    """
    office = OfficeFactory()
    holder = OfficeHolder.objects.signing().on(localdate()).filter(office=office, kind="holder")
    dmpc = next((term.user for term in holder.select_related("user")), None)
    if dmpc is None:
        dmpc = UserFactory(
            roles=[Role.DECISION_MAKER],
            full_name="Sophie Linden",
            job_title="Deputy Mayor, Policing and Crime",
        )
        OfficeHolderFactory(user=dmpc, office=office)
    return People(
        drafter=UserFactory(roles=[Role.OFFICER]),
        clearer=UserFactory(roles=[Role.CLEARANCE]),
        dmpc=dmpc,
        other_dmpc=UserFactory(roles=[Role.DECISION_MAKER]),
    )


def dmpc_rule(upper_value=None, holder=None, office=None) -> DelegationRule:
    return DelegationRule.objects.create(
        office=office or OfficeFactory(),
        series=DecisionSeriesFactory(),
        category=DecisionCategoryFactory(),
        upper_value=upper_value,
        holder=holder,
        scheme_paragraph="Paragraph 4.8 of the Scheme of Consent and Delegation",
    )


def balanced_agreement(amount="100000.00"):
    agreement = GrantAgreementFactory(amount_awarded=Decimal(amount))
    BudgetLineFactory(budget__agreement=agreement, amount=Decimal(amount))
    return agreement


def complete_draft(drafter, *, value="1000.00", agreements=None, office=None) -> Decision:
    """A draft with everything submission and signing ask for, put to `office` (the DMPC)."""
    decision = services.decision_create(
        user=drafter,
        series=DecisionSeriesFactory(),
        title="Project Alpha Social Media Hub",
        category=DecisionCategoryFactory(),
        office=office or OfficeFactory(),
        financial_value=Decimal(value),
        executive_summary="Approve entering into a grant agreement.",
        agreements=[balanced_agreement()] if agreements is None else agreements,
    )
    services.decision_update(
        decision=decision,
        user=drafter,
        dpia=Decision.Assessment.COMPLETED,
        equality_assessment=Decision.Assessment.NOT_REQUIRED,
    )
    services.recommendation_add(decision=decision, user=drafter, text="Approve the grant.")
    for kind in STANDARD_SECTIONS:
        services.section_add(
            decision=decision,
            user=drafter,
            kind=kind,
            heading=SectionKind(kind).label,
            body="Text.",
        )
    return decision


def clear_all(decision: Decision, clearer) -> Decision:
    """Clear in every capacity the series needs: `clearer` in the first, a clearer of its own in
    each of the others (each capacity is a different person's, docs/adr/0063)."""
    capacities = list(decision.series.required_clearances or ClearanceCapacity.values)
    for position, capacity in enumerate(capacities):
        user = clearer if position == 0 else UserFactory(roles=[Role.CLEARANCE])
        decision = services.decision_clear(decision=decision, user=user, capacities=[capacity])
    return decision


def sign(decision: Decision, signer) -> Decision:
    return services.decision_sign(
        decision=decision, user=signer, declaration_confirmed=True, credential=PASSWORD
    )


def decision_in(state: str, people: People, *, part2: str = "") -> Decision:
    """A decision brought to `state` through the services (with a Part 2 when given one)."""
    decision = complete_draft(people.drafter)
    if part2:
        services.decision_part2_set(
            decision=decision, user=people.drafter, has_part2=True,
            exemption_ground="Commercial interests", body=part2,
        )  # fmt: skip
    if state == S.DRAFT:
        return decision
    if state == S.WITHDRAWN:
        return services.decision_withdraw(decision=decision, user=people.drafter, reason="No need")
    services.decision_submit(decision=decision, user=people.drafter)
    if state == S.SUBMITTED:
        return Decision.objects.get(pk=decision.pk)
    if state == S.RETURNED:
        return services.decision_return(decision=decision, user=people.clearer, reason="Fix it")
    clear_all(decision, people.clearer)
    if state == S.CLEARED:
        return Decision.objects.get(pk=decision.pk)
    if state == S.REJECTED:
        return services.decision_reject(decision=decision, user=people.dmpc, reason="No")
    sign(decision, people.dmpc)
    if state == S.SIGNED:
        return Decision.objects.get(pk=decision.pk)
    return services.decision_publish(decision=decision, user=people.drafter)
