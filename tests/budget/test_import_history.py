"""An import writes its lines with COPY: each still gets its history, and the database's guards."""

from decimal import Decimal

import pgtrigger
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from alpha_hub.bulk import bulk_insert_with_history
from budget import exports, services
from budget.models import BudgetLine
from budget.rules import LineValues
from tests.budget.conftest import lock

pytestmark = pytest.mark.django_db
ROWS = [
    ("2020/21", "pay", "Detective Constable x 6", "6", "50000", "300000", "Core team"),
    ("2020/21", "overtime", "Overtime", "", "", "12000", ""),
    ("2020/21", "equipment", "Laptops", "", "", "4500.50", ""),
    ("2020/21", "pay", "Analyst", "0.5", "41234.57", "20617.29", ""),
]


def _apply(budget, user, rows=ROWS, file_name="lines.csv") -> list[BudgetLine]:
    """Keep the file as the upload page does, then confirm it."""
    kept = default_storage.save(
        "budget-imports/test", ContentFile(exports.as_csv(exports.COLUMNS, rows))
    )
    return services.budget_import_apply(
        budget=budget, kept_path=kept, file_name=file_name, user=user
    )


def test_each_imported_line_has_one_creation_history_row_with_the_user_and_reason(budget, finance):
    lines = _apply(budget, finance, file_name="hub 2020.csv")

    saved = list(BudgetLine.objects.filter(budget=budget).order_by("id"))
    assert [line.description for line in saved] == [row[2] for row in ROWS]  # the file's order
    assert [line.pk for line in lines] == [line.pk for line in saved]
    history = {record.id: record for record in BudgetLine.history.filter(budget_id=budget.pk)}
    assert sorted(history) == [line.pk for line in saved]
    for line in saved:
        record = history[line.pk]
        assert record.history_type == "+"
        assert record.history_user == finance
        assert record.history_change_reason == "Imported from hub 2020.csv"
        assert record.version == line.version == 1
        fields = ("category_id", "description", "fte", "unit_cost", "amount", "notes")
        assert [getattr(record, name) for name in fields] == [
            getattr(line, name) for name in fields
        ]
        assert record.created_at == line.created_at
    assert saved[3].fte == Decimal("0.50")
    assert saved[3].unit_cost == Decimal("41234.57")
    assert saved[0].notes == "Core team"


def test_an_imported_line_changes_like_any_other_and_its_history_continues(budget, finance):
    line = _apply(budget, finance)[1]
    values = LineValues(line.category, "Overtime (nights)", Decimal("13000.00"))
    changed = services.budget_line_update(line_id=line.pk, version=1, values=values, user=finance)

    assert changed.version == 2
    reasons = [record.history_change_reason for record in changed.history.order_by("history_id")]
    assert reasons == ["Imported from lines.csv", "Line changed"]


def test_the_database_still_refuses_lines_for_a_locked_budget_and_nothing_is_written(
    budget, categories, finance
):
    lock(budget)
    line = BudgetLine(budget=budget, category=categories["pay"], description="Late", amount=1)
    with pytest.raises(IntegrityError, match="budget_locked"), transaction.atomic():
        bulk_insert_with_history([line], user=finance, reason="Imported from late.csv")

    assert not BudgetLine.objects.filter(budget=budget).exists()
    assert not BudgetLine.history.filter(budget_id=budget.pk).exists()


def test_the_database_checks_each_row_and_one_bad_row_writes_nothing(budget, categories, finance):
    good = BudgetLine(budget=budget, category=categories["pay"], description="Good", amount=1)
    bad = BudgetLine(budget=budget, category=categories["pay"], description="Bad", amount=-1)
    with pytest.raises(IntegrityError, match="line_amount_not_negative"), transaction.atomic():
        bulk_insert_with_history([good, bad], user=finance, reason="Imported from bad.csv")

    assert not BudgetLine.objects.filter(budget=budget).exists()
    assert not BudgetLine.history.filter(budget_id=budget.pk).exists()


def test_a_trigger_that_the_caller_asked_to_ignore_stays_ignored(budget, categories, finance):
    lock(budget)
    line = BudgetLine(budget=budget, category=categories["pay"], description="Fix", amount=1)
    with pgtrigger.ignore("budget.BudgetLine:line_budget_not_locked"), transaction.atomic():
        bulk_insert_with_history([line], user=finance, reason="Data fix")

    assert BudgetLine.objects.get(budget=budget).history.get().history_change_reason == "Data fix"
