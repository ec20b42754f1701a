"""The import preview shows what each line and the whole budget would be, against the grant."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alpha_hub.roles import Role
from budget import exports
from tests.budget.test_imports import calculated, xlsx_bytes
from tests.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


def _preview_page(client_for, budget, name: str, data: bytes) -> str:
    upload = SimpleUploadedFile(name, data)
    response = client_for(Role.FINANCE).post(
        reverse("budget:import", args=[budget.pk]), {"file": upload}
    )
    assert response.status_code == 200
    return response.content.decode()


def _text(page: str, element_id: str) -> str:
    """The visible text of the element with that id (tags dropped, spaces collapsed)."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(dd|td)>', page, re.S)
    assert match, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_preview_shows_fte_unit_cost_each_total_and_the_budget_against_the_grant(
    client_for, budget, categories
):
    BudgetLineFactory(budget=budget, category=categories["overtime"], amount=Decimal("5000.00"))
    rows = [
        ("2020/21", "pay", "Detective Constable x 2", "2", "30000", "60000", ""),
        ("2020/21", "equipment", "Laptops", "", "", "10000.50", ""),
    ]
    page = _preview_page(client_for, budget, "lines.csv", exports.as_csv(exports.COLUMNS, rows))
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">FTE</th>' in page
    )
    assert "Unit cost</th>" in page
    assert "Line total</th>" in page
    for money in ("£30,000.00", "£60,000.00", "£10,000.50"):
        assert money in page
    assert _text(page, "import-lines-total") == "£70,000.50"
    assert _text(page, "import-adds") == "2 lines, £70,000.50"
    assert _text(page, "import-total") == "£75,000.50"  # with the line already there
    assert _text(page, "import-against-grant") == "Under by £24,999.50"  # a £100,000.00 grant


def test_a_file_that_would_balance_the_budget_says_so(client_for, budget):
    rows = [("2020/21", "pay", "Everything", "", "", "100000", "")]
    page = _preview_page(client_for, budget, "lines.csv", exports.as_csv(exports.COLUMNS, rows))
    assert _text(page, "import-against-grant") == "Balanced: the budget would equal the grant"


def test_an_over_budget_file_shows_the_difference(client_for, budget):
    rows = [("2020/21", "pay", "Everything", "", "", "100000.01", "")]
    page = _preview_page(client_for, budget, "lines.csv", exports.as_csv(exports.COLUMNS, rows))
    assert _text(page, "import-against-grant") == "Over by £0.01"


def test_values_from_formulas_are_marked_and_uncalculated_ones_refused(client_for, budget):
    data = calculated(
        xlsx_bytes(
            ("2020/21", "pay", "Sergeant", 1, 45000, "=D2*E2", None),
            ("2020/21", "pay", "Analyst", None, None, "=30000+5000", None),
        ),
        F2="45000",
    )
    page = _preview_page(client_for, budget, "lines.xlsx", data)
    assert "(from a formula: <code>=D2*E2</code>)" in page
    assert "1 value came from formulas" in page
    assert "Cell F3 is a formula (=30000+5000) with no saved value" in page
    assert "Add 2 lines" not in page  # nothing can be imported while a row has a problem
