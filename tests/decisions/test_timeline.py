"""A decision's history: one timeline of it, its parts, agreements and budgets, read by auditors."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.history import stamp
from alpha_hub.roles import Role
from budget import services as budget_services
from budget.rules import LineValues
from decisions.models import ApprovedAgreement, Decision, Recommendation
from tests.factories import (
    BudgetFactory,
    CostCategoryFactory,
    DecisionFactory,
    RecommendationFactory,
    UserFactory,
)


def _url(decision) -> str:
    return f"/staff/decisions/{decision.pk}/history/"


def _entries(page) -> list:
    return [entry for group in page.context["groups"] for entry in group.entries]


def _import(budget, user, count: int, file_name: str) -> None:
    category = CostCategoryFactory(code="pay")
    rows = [
        LineValues(category=category, description=f"Analyst {n}", amount=Decimal("1000.00"))
        for n in range(count)
    ]
    budget_services.budget_lines_import(budget=budget, rows=rows, user=user, file_name=file_name)


@pytest.fixture
def drafted(db):
    """A draft decision approving an agreement whose budget had 13 lines imported."""
    decision = DecisionFactory(title="Project Alpha Social Media Hub")
    budget = BudgetFactory()
    approval = ApprovedAgreement(decision=decision, agreement=budget.agreement)
    stamp(approval, user=decision.drafted_by, reason="Linked the grant")
    approval.save()
    finance = UserFactory(roles=[Role.FINANCE], full_name="Grace Okafor")
    _import(budget, finance, 13, "hub-2020.xlsx")
    return decision, budget, finance


def test_the_timeline_gathers_the_decisions_parts_signature_documents_and_budgets(client_for, demo):
    decision = Decision.objects.get(series__code="PCD", number=867)
    page = client_for(Role.AUDITOR).get(_url(decision))
    assert page.status_code == 200
    labels = {entry.label for entry in _entries(page)}
    assert {
        "decisions.decision", "decisions.recommendation", "decisions.section",
        "decisions.restrictedpart", "decisions.signature",
        "decisions.approvedagreement", "grants.grantagreement", "budget.budget",
        "budget.budgetline",
    } <= labels  # fmt: skip
    assert "PCD 867: Project Alpha Social Media Hub" in page.text
    assert "Signature on PCD 867" in page.text
    assert "Sophie Linden" in page.text  # "Signed by: (empty) → Sophie Linden", not an id
    assert not any(entry.name.startswith("PCD 545") for entry in _entries(page))


def test_part2_words_stay_behind_its_logged_history_page(client_for, demo):
    decision = Decision.objects.get(series__code="PCD", number=867)
    before = AccessEvent.objects.filter(kind=AccessKind.PART2_VIEW).count()
    page = client_for(Role.AUDITOR).get(_url(decision))
    assert decision.part2.body[:60] not in page.text
    assert "Read what it said (the reading is logged)" in page.text
    assert AccessEvent.objects.filter(kind=AccessKind.PART2_VIEW).count() == before


def test_an_import_is_one_entry(client_for, drafted):
    decision, _budget, _finance = drafted
    page = client_for(Role.AUDITOR).get(_url(decision))
    bulk = [group for group in page.context["groups"] if group.is_bulk]
    assert [group.summary for group in bulk] == ["Created 13 budget lines"]
    assert "Imported from hub-2020.xlsx" in page.text
    assert "by Grace Okafor" in page.text


def test_a_removed_part_stays_in_the_timeline(client_for, drafted):
    decision, _budget, _finance = drafted
    recommendation = RecommendationFactory(decision=decision, position=1)
    pk = recommendation.pk
    stamp(recommendation, user=decision.drafted_by, reason="Not needed")
    recommendation.delete()
    assert not Recommendation.objects.filter(pk=pk).exists()
    page = client_for(Role.AUDITOR).get(_url(decision))
    removed = [e for e in _entries(page) if e.label == "decisions.recommendation"]
    assert {e.action for e in removed} == {"+", "-"}
    assert "recommendation 1 (deleted)" in page.text


def test_the_timeline_holds_its_queries_as_the_budget_grows(client_for, drafted):
    decision, budget, finance = drafted
    client = client_for(Role.AUDITOR)
    with CaptureQueriesContext(connection) as small:
        client.get(_url(decision))
    _import(budget, finance, 40, "more.xlsx")
    line = budget.lines.first()
    stamp(line, user=finance, reason="Corrected")
    line.amount = Decimal("1500.00")
    line.version += 1
    line.save()
    with CaptureQueriesContext(connection) as large:
        page = client.get(_url(decision))
    assert "£1,000.00 → £1,500.00" in page.text.replace(
        '<span aria-hidden="true">→</span><span class="govuk-visually-hidden">to</span>', "→"
    )
    assert len(large) <= len(small) + 2


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.AUDITOR, 200),
        (Role.OFFICER, 403),
        (Role.FINANCE, 403),
        (Role.CLEARANCE, 403),
        (Role.DECISION_MAKER, 403),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_who_may_read_a_decisions_history(client_for, drafted, role, status):
    decision, _budget, _finance = drafted
    assert client_for(role).get(_url(decision)).status_code == status


def test_the_staff_page_links_the_history_for_those_who_may_read_it(client_for, drafted):
    decision, _budget, _finance = drafted
    link = f'href="{_url(decision)}"'
    assert link in client_for(Role.AUDITOR).get(f"/staff/decisions/{decision.pk}/").text
    drafter = client_for(user=decision.drafted_by)
    page = drafter.get(f"/staff/decisions/{decision.pk}/")
    assert page.status_code == 200
    assert link not in page.text


def test_the_record_reference_filter_reads_the_decisions_reference(client_for, drafted):
    decision, _budget, _finance = drafted
    reference = decision.reference.lower().replace(" ", "")
    page = client_for(Role.AUDITOR).get("/staff/audit/", {"reference": reference})
    assert page.status_code == 200
    assert {e.label for e in _entries(page)} >= {"decisions.decision", "budget.budgetline"}
