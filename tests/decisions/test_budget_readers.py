"""Officers, clearers and decision makers read the budgets of the decisions they work on."""

import pytest

from alpha_hub.roles import Role
from budget.models import Budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def pcd_867_budget(demo):
    return Budget.objects.get(agreement__approvals__decision__number=867, financial_year=2020)


def test_the_drafter_of_the_approving_decision_reads_its_budget(client, demo, pcd_867_budget):
    client.force_login(demo["officer"])  # drafted PCD 867 in the demo
    assert client.get(f"/staff/budgets/{pcd_867_budget.pk}/").status_code == 200


def test_the_signer_of_the_approving_decision_reads_its_budget(client, demo, pcd_867_budget):
    client.force_login(demo["sophie.linden"])  # signed PCD 867 as Deputy Mayor in 2020
    assert client.get(f"/staff/budgets/{pcd_867_budget.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER])
def test_staff_with_no_part_in_the_decision_do_not(client_for, pcd_867_budget, role):
    response = client_for(role).get(f"/staff/budgets/{pcd_867_budget.pk}/")
    assert response.status_code == 403
