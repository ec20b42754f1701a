"""Absurd amounts and FTEs get a clear error on every form and in the import, never a 500."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from alpha_hub.money import MoneyError, parse_money
from alpha_hub.roles import Role
from budget.exports import COLUMNS
from budget.models import Budget, BudgetLine, BudgetVariation, CostCategory
from budget.rules import parse_fte
from decisions.models import Decision
from grants.models import GrantVariation
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    CostCategoryFactory,
    DecisionCategoryFactory,
    DecisionFactory,
    DecisionSeriesFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
HUGE = "1" * 27  # 27 integer digits: more than the decimal context's 28-digit precision allows
TOO_BIG = "Enter an amount below £1,000,000,000,000"
PRODUCT_TOO_BIG = "FTE x unit cost must come to less than £1,000,000,000,000"
HUGE_FTES = ["1e100", "1e999999999", "-1e999999999", "1e-999999999"]


def _client(*roles) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=list(roles)))
    return client


@pytest.mark.parametrize(
    "given", [HUGE, "9" * 40 + ".99", "-" + HUGE, 1e100, -1e300, Decimal("1E+999999999")]
)
def test_parse_money_says_an_absurd_amount_is_too_big(given):
    with pytest.raises(MoneyError, match=TOO_BIG):
        parse_money(given)


@pytest.mark.parametrize("given", ["1e100", "1e999999999", 1e100, 1e308])
def test_parse_fte_says_an_absurd_fte_is_too_big(given):
    with pytest.raises(ValueError, match="below 100,000"):
        parse_fte(given)


def test_the_decision_forms_refuse_an_absurd_financial_value():
    DecisionSeriesFactory()
    category = DecisionCategoryFactory()
    client = _client(Role.OFFICER)
    form = {"series": "PCD", "title": "Hub", "category": category.pk,
            "office": "dmpc", "financial_value": HUGE,
            "executive_summary": "Approve.", "dpia": "", "equality_assessment": ""}  # fmt: skip
    response = client.post("/staff/decisions/new/", form)
    assert response.status_code == 200
    assert TOO_BIG in response.content.decode()
    assert not Decision.objects.exists()

    decision = DecisionFactory(drafted_by=UserFactory(roles=[Role.OFFICER]))
    client.force_login(decision.drafted_by)
    form.update(dpia="completed", equality_assessment="not_required")
    response = client.post(f"/staff/decisions/{decision.pk}/edit/", form)
    assert response.status_code == 200
    assert TOO_BIG in response.content.decode()
    decision.refresh_from_db()
    assert decision.title != "Hub"


def _budget() -> Budget:
    CostCategoryFactory(code="pay")
    return BudgetFactory()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("fields", "message"),
    [({"amount": HUGE}, TOO_BIG), ({"unit_cost": HUGE, "fte": "1"}, TOO_BIG)]
    + [({"fte": fte, "unit_cost": "10"}, "FTE") for fte in HUGE_FTES],
)
def test_the_budget_grid_refuses_absurd_numbers(headers, fields, message):
    budget = _budget()
    client = _client(Role.FINANCE)
    new = {"category": CostCategory.objects.get().pk, "description": "Analyst", "fte": "",
           "unit_cost": "", "amount": "", "notes": ""}  # fmt: skip
    new.update(fields)
    url = reverse("budget:line_create", args=[budget.pk])
    response = client.post(url, {f"new-{k}": v for k, v in new.items()}, **headers)
    assert response.status_code == 200
    assert message in response.content.decode()
    line = BudgetLineFactory(budget=budget, amount=Decimal("5.00"))
    row = {"category": line.category_id, "description": "Changed", "fte": "", "unit_cost": "",
           "amount": "5", "notes": "", "version": line.version, **fields}  # fmt: skip
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    response = client.post(url, {f"line-{line.pk}-{k}": v for k, v in row.items()}, **headers)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(BudgetLine.objects.values_list("description", flat=True)) == [line.description]


def test_fte_times_unit_cost_beyond_a_trillion_is_refused_on_the_grid():
    budget = _budget()
    new = {"category": CostCategory.objects.get().pk,
           "description": "Analyst", "fte": "99999.99", "unit_cost": "999999999999.99",
           "amount": "", "notes": ""}  # fmt: skip
    response = _client(Role.FINANCE).post(
        reverse("budget:line_create", args=[budget.pk]), {f"new-{k}": v for k, v in new.items()}
    )
    assert response.status_code == 200
    assert PRODUCT_TOO_BIG in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_variation_refuses_an_absurd_change():
    budget = _budget()
    BudgetLineFactory(budget=budget, amount=Decimal("100000"))
    budget.status = Budget.Status.LOCKED
    budget.save()
    grant_variation = GrantVariation.objects.create(
        agreement=budget.agreement, amount_before=Decimal("100000"),
        amount_after=Decimal("120000"), reason="Pay award",
    )  # fmt: skip
    form = {"grant_variation": grant_variation.pk, "reason": "Pay award",
            "changes-TOTAL_FORMS": "4", "changes-INITIAL_FORMS": "0",
            "changes-0-category": CostCategory.objects.get().pk,
            "changes-0-description": "Pay award", "changes-0-change": "-" + HUGE}  # fmt: skip
    response = _client(Role.FINANCE).post(reverse("budget:variation", args=[budget.pk]), form)
    assert response.status_code == 200
    assert TOO_BIG in response.content.decode()
    assert not BudgetVariation.objects.exists()


def _xlsx(*rows) -> bytes:
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lines.csv", f"{','.join(COLUMNS)}\n2020/21,pay,Analyst,,,{HUGE},\n".encode(), TOO_BIG),
        ("lines.csv", f"{','.join(COLUMNS)}\n2020/21,pay,Analyst,1e100,10,10,\n".encode(), "FTE"),
        (
            "lines.csv",
            f"{','.join(COLUMNS)}\n2020/21,pay,Analyst,1e999999999,10,10,\n".encode(),
            "FTE",
        ),
        ("lines.xlsx", _xlsx(("2020/21", "pay", "Analyst", None, None, 1e100, None)), TOO_BIG),
        ("lines.xlsx", _xlsx(("2020/21", "pay", "Analyst", None, 1e100, 1e100, None)), TOO_BIG),
        ("lines.xlsx", _xlsx(("2020/21", "pay", "Analyst", 1e100, 10, 10, None)), "FTE"),
    ],
)
def test_the_import_lists_an_absurd_number_as_a_row_error(name, content, message):
    budget = _budget()
    upload = SimpleUploadedFile(name, content)
    url = reverse("budget:import", args=[budget.pk])
    response = _client(Role.FINANCE).post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Row 2:" in page
