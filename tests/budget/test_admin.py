"""The admin keeps the database's rules for lines: a change steps the version."""

from decimal import Decimal

import pytest

from budget.models import BudgetLine
from tests.factories import BudgetLineFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_change_to_a_line_steps_its_version(client, budget, categories):
    line = BudgetLineFactory(budget=budget, category=categories["pay"])
    client.force_login(UserFactory(is_staff=True, is_superuser=True, roles=["administrator"]))
    response = client.post(
        f"/admin/budget/budgetline/{line.pk}/change/",
        {
            "budget": budget.pk,
            "category": categories["pay"].pk,
            "description": "Renamed",
            "fte": "",
            "unit_cost": "",
            "amount": "12.50",
            "notes": "",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.description, line.amount, line.version) == ("Renamed", Decimal("12.50"), 2)
