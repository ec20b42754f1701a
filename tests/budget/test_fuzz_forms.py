"""Whatever is typed into the budget grid, a variation or an uploaded file: a page, never a 5xx."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from alpha_hub.roles import Role
from budget import exports
from grants.models import GrantVariation
from tests.budget.conftest import lock
from tests.factories import BudgetLineFactory, UserFactory
from tests.fuzz import FUZZ, NUMBERS, VALUES, overrides, rolled_back

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
AMOUNTS = st.one_of(NUMBERS, VALUES)
LINE_FIELDS = {"category": VALUES, "description": VALUES, "notes": VALUES, "version": AMOUNTS,
               "fte": AMOUNTS, "unit_cost": AMOUNTS, "amount": AMOUNTS}  # fmt: skip


@pytest.fixture
def budget(budget, categories):
    """The draft budget with one line to edit."""
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("1000"))
    return budget


@pytest.fixture
def locked_budget(budget):
    """The budget locked, with a grant variation to record a budget variation under."""
    lock(budget)
    GrantVariation.objects.create(
        agreement=budget.agreement, amount_before=Decimal("100000"),
        amount_after=Decimal("120000"), reason="Pay award",
    )  # fmt: skip
    return budget


@pytest.fixture
def finance_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    return client


@FUZZ
@given(updating=st.booleans(), htmx=st.booleans(), fields=overrides(LINE_FIELDS))
@example(updating=False, htmx=False, fields={"amount": "1" * 27})
@example(updating=True, htmx=True, fields={"fte": "1e999999999", "unit_cost": "10", "amount": ""})
@example(updating=False, htmx=True, fields={"fte": "99999.99", "unit_cost": "999999999999.99",
                                            "amount": ""})  # fmt: skip
def test_the_grid_line_form_never_fails(finance_client, budget, categories, updating, htmx, fields):
    if updating:
        line = budget.lines.get()
        url = reverse("budget:line_update", args=[budget.pk, line.pk])
        prefix, version = f"line-{line.pk}", line.version
    else:
        url, prefix, version = reverse("budget:line_create", args=[budget.pk]), "new", ""
    data = {"category": categories["pay"].pk, "description": "Analyst", "fte": "",
            "unit_cost": "", "amount": "100", "notes": "", "version": version} | fields  # fmt: skip
    with rolled_back():
        response = finance_client.post(
            url, {f"{prefix}-{name}": value for name, value in data.items()},
            **(HTMX if htmx else {}),
        )  # fmt: skip
    assert response.status_code in (200, 302), fields


VARIATION_FIELDS = dict.fromkeys(
    ["grant_variation", "reason", "changes-TOTAL_FORMS", "changes-INITIAL_FORMS",
     "changes-MAX_NUM_FORMS", "changes-0-category", "changes-0-description", "changes-0-change",
     "changes-1-category", "changes-1-description", "changes-1-change"],
    AMOUNTS,
)  # fmt: skip


@FUZZ
@given(fields=overrides(VARIATION_FIELDS))
@example(fields={"changes-0-change": "-" + "1" * 27})
@example(fields={"changes-TOTAL_FORMS": "1e100"})
def test_the_variation_form_never_fails(finance_client, locked_budget, categories, fields):
    data = {"grant_variation": GrantVariation.objects.get().pk, "reason": "Pay award",
            "changes-TOTAL_FORMS": "4", "changes-INITIAL_FORMS": "0",
            "changes-0-category": categories["pay"].pk, "changes-0-description": "Pay award",
            "changes-0-change": "20,000"} | fields  # fmt: skip
    with rolled_back():
        response = finance_client.post(reverse("budget:variation", args=[locked_budget.pk]), data)
    assert response.status_code in (200, 302), fields


VALID_ROW = ("2020/21", "pay", "Analyst", "", "", "100.00", "")
CELLS = st.one_of(
    VALUES,
    NUMBERS,
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 1, 1)),
    st.booleans(),
    st.none(),
)
ROWS = st.lists(
    st.fixed_dictionaries({}, optional=dict.fromkeys(range(len(VALID_ROW)), CELLS)).map(
        lambda changes: [changes.get(i, cell) for i, cell in enumerate(VALID_ROW)]
    ),
    max_size=3,
)
NUL_ROW = ["2020/21", "pay", "Ana\x00lyst", "", "", "100.00", ""]
HUGE_ROW = ["2020/21", "pay", "Analyst", None, None, 1e100, None]
HEADERS = st.one_of(st.just(list(exports.COLUMNS)), st.lists(VALUES, max_size=8))


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _xlsx(header, rows) -> bytes:
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(
            [ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(
    kind=st.sampled_from(["csv", "xlsx", "bytes"]),
    header=HEADERS,
    rows=ROWS,
    raw=st.binary(max_size=300),
)
@example(kind="csv", header=list(exports.COLUMNS), rows=[NUL_ROW], raw=b"")
@example(kind="xlsx", header=list(exports.COLUMNS), rows=[HUGE_ROW], raw=b"")
def test_the_import_upload_and_apply_never_fail(finance_client, budget, categories, kind, header,
                                                rows, raw):  # fmt: skip
    if kind == "csv":
        name, content = "lines.csv", _csv(header, [[str(c) for c in row] for row in rows])
    elif kind == "xlsx":
        name, content = "lines.xlsx", _xlsx([str(cell) for cell in header], rows)
    else:
        name, content = "lines.csv", raw
    upload = SimpleUploadedFile(name, content)
    with rolled_back():
        response = finance_client.post(reverse("budget:import", args=[budget.pk]), {"file": upload})
        assert response.status_code == 200, (header, rows)
        if token := (response.context or {}).get("token"):
            response = finance_client.post(
                reverse("budget:import_apply", args=[budget.pk]), {"token": token}
            )
            assert response.status_code == 302, (header, rows)
