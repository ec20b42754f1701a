"""Finance reads Part 2 only of decisions on a grant whose budget they work on (issue 14)."""

import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.history import stamp
from alpha_hub.roles import Role
from budget import services as budget_services
from budget.models import Budget
from budget.rules import LineValues
from decisions import services
from decisions.models import ApprovedVariation, DecisionDocument
from grants.models import GrantVariation
from tests.decisions.test_workflow_support import (
    balanced_agreement,
    clear_all,
    complete_draft,
    dmpc_rule,
    make_people,
    sign,
)
from tests.factories import GrantAgreementFactory, UserFactory

pytestmark = pytest.mark.django_db
SECRET = "Secret costs breakdown."
PDF = b"%PDF-1.7 pretend full document"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _works_on(agreement, finance) -> None:
    """`finance` corrects a line of the agreement's budget, as on the budget page."""
    line = Budget.objects.get(agreement=agreement).lines.get()
    values = LineValues(line.category, "Detective Constable x 6", line.amount, None, None, "")
    budget_services.budget_line_update(
        line_id=line.pk, version=line.version, values=values, user=finance
    )


@pytest.fixture
def signed_with_part2():
    """A signed decision with a Part 2 and its full PDF, approving one agreement."""
    dmpc_rule()
    people = make_people()
    agreement = balanced_agreement()
    finance = UserFactory(roles=[Role.FINANCE])
    _works_on(agreement, finance)
    decision = complete_draft(people.drafter, agreements=[agreement])
    services.decision_part2_set(
        decision=decision, user=people.drafter, has_part2=True,
        exemption_ground="Commercial interests", body=SECRET,
    )  # fmt: skip
    services.decision_submit(decision=decision, user=people.drafter)
    clear_all(decision, people.clearer)
    sign(decision, people.dmpc)
    document = DecisionDocument(
        decision=decision, variant=DecisionDocument.Variant.FULL,
        sha256=hashlib.sha256(PDF).hexdigest(), template_version="test",
    )  # fmt: skip
    document.file.save("full.pdf", ContentFile(PDF), save=False)
    document.save()
    return decision, finance


def test_finance_who_worked_on_the_grants_budget_reads_part2(signed_with_part2):
    decision, finance = signed_with_part2
    client = _client(finance)
    assert SECRET in client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    response = client.get(f"/staff/decisions/{decision.slug}/full.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AccessEvent.objects.filter(kind=AccessKind.PART2_VIEW, user=finance).exists()


def test_other_finance_users_get_no_part2_on_the_page_or_in_the_pdf(signed_with_part2):
    decision, _finance = signed_with_part2
    other = UserFactory(roles=[Role.FINANCE])
    client = _client(other)
    page = client.get(f"/staff/decisions/{decision.pk}/")
    assert page.status_code == 200  # the decision itself, Part 1, they may read
    assert SECRET not in page.content.decode()
    assert client.get(f"/staff/decisions/{decision.slug}/full.pdf").status_code == 403
    assert not AccessEvent.objects.filter(user=other).exclude(kind=AccessKind.LOGIN).exists()


def test_finance_on_another_grants_budget_gets_no_part2(signed_with_part2):
    decision, _finance = signed_with_part2
    elsewhere = UserFactory(roles=[Role.FINANCE])
    _works_on(balanced_agreement(), elsewhere)
    assert SECRET not in _client(elsewhere).get(f"/staff/decisions/{decision.pk}/").text


def test_working_on_a_budget_without_the_finance_role_grants_nothing(signed_with_part2):
    decision, finance = signed_with_part2
    finance.groups.set([Group.objects.get(name=Role.OFFICER)])
    assert SECRET not in _client(finance).get(f"/staff/decisions/{decision.pk}/").text


def test_a_decision_that_varies_a_grant_is_on_that_grant():
    people = make_people()
    agreement = GrantAgreementFactory()
    finance = UserFactory(roles=[Role.FINANCE])
    budget_services.budget_create(
        agreement=agreement,
        financial_year=FinancialYear.containing(agreement.starts_on),
        user=finance,
    )
    decision = complete_draft(people.drafter, agreements=[])
    services.decision_part2_set(
        decision=decision, user=people.drafter, has_part2=True,
        exemption_ground="Commercial interests", body=SECRET,
    )  # fmt: skip
    variation = GrantVariation(
        agreement=agreement, amount_before=agreement.amount_awarded,
        amount_after=agreement.amount_awarded + 100, reason="Uplift for the pay award",
    )  # fmt: skip
    stamp(variation, user=finance, reason="Uplift").save()
    stamp(ApprovedVariation(decision=decision, variation=variation), user=people.drafter).save()
    assert SECRET in _client(finance).get(f"/staff/decisions/{decision.pk}/").text
    other = UserFactory(roles=[Role.FINANCE])
    assert SECRET not in _client(other).get(f"/staff/decisions/{decision.pk}/").text
