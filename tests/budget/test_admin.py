"""Lines change on the budget grid, which keeps versions and locks: the admin only reads them."""

import pytest

from alpha_hub.roles import Role
from budget.models import BudgetLine
from tests.factories import BudgetLineFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("superuser", [False, True], ids=["administrator", "superuser"])
def test_a_line_cannot_be_changed_or_deleted_in_the_admin(client, budget, categories, superuser):
    line = BudgetLineFactory(budget=budget, category=categories["pay"])
    client.force_login(
        UserFactory(is_staff=True, is_superuser=superuser, roles=[Role.ADMINISTRATOR])
    )
    page = client.get(f"/admin/budget/budgetline/{line.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
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
    assert response.status_code == 403
    deleted = client.post(f"/admin/budget/budgetline/{line.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    kept = BudgetLine.objects.get()
    assert (kept.description, kept.amount, kept.version) == (line.description, line.amount, 1)
