"""Every write to budgets: atomic, keyword-only, stamped with who and why."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from alpha_hub.bulk import bulk_insert_with_history
from alpha_hub.dates import day
from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.history import stamp
from alpha_hub.money import format_money
from budget import imports
from budget.models import Budget, BudgetLine, BudgetVariation, BudgetVariationLine, CostCategory
from budget.rules import LineValues, fte_problem
from budget.selectors import budget_summary
from grants.models import GrantAgreement, GrantVariation

LOCKED_MESSAGE = (
    "This budget is locked because the decision approving its grant is signed. "
    "Record a variation instead."
)
REASON_MAX = 100  # simple-history's change reason column


class StaleLineError(ValidationError):
    """The line changed since the person loaded it; nothing was saved."""

    def __init__(self, *, current: BudgetLine | None, attempted: LineValues | None):
        self.current = current
        self.attempted = attempted
        super().__init__(self.explain(), code="stale")

    def explain(self) -> str:
        if self.current is None:
            return "Someone else removed this line since you opened the page. Nothing was saved."
        differences = [
            f"{label}: theirs {theirs}, yours {yours}"
            for label, theirs, yours in self.differences()
        ]
        detail = "; ".join(differences) or "no field differs"
        return (
            "Someone else changed this line since you opened the page, so your change was not "
            f"saved ({detail}). Check the line and save again."
        )

    def differences(self) -> list[tuple[str, str, str]]:
        """(field label, saved value, attempted value) for each field that differs."""
        if self.current is None or self.attempted is None:
            return []
        shown = []
        for values_field in fields(LineValues):
            theirs = getattr(self.current, values_field.name)
            yours = getattr(self.attempted, values_field.name)
            if theirs != yours:
                label = values_field.name.replace("_", " ").replace("fte", "FTE").capitalize()
                money = values_field.name in ("amount", "unit_cost")
                shown.append((label, _show(theirs, money), _show(yours, money)))
        return shown


def _show(value, money: bool) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, CostCategory):
        return value.name
    return format_money(value) if money else str(value)


def _check_editable(budget: Budget) -> None:
    if budget.status == Budget.Status.LOCKED:
        raise ValidationError(LOCKED_MESSAGE, code="locked")


def _check_values(values: LineValues) -> None:
    problem = fte_problem(values.fte, values.unit_cost, values.amount)
    if problem:
        raise ValidationError({"amount": problem}, code="fte")
    if values.amount < 0:
        raise ValidationError({"amount": "Amount cannot be negative"}, code="negative")


def _locked_budget(budget_id: int) -> Budget:
    return Budget.objects.select_for_update().select_related("agreement").get(pk=budget_id)


@transaction.atomic
def budget_create(*, agreement: GrantAgreement, financial_year: FinancialYear, user) -> Budget:
    """Start an empty draft budget for one financial year of the agreement."""
    if financial_year not in FinancialYear.spanning(agreement.starts_on, agreement.ends_on):
        raise ValidationError(
            f"{financial_year} is outside the agreement's period "
            f"({day(agreement.starts_on)} to {day(agreement.ends_on)})",
            code="year",
        )
    budget = Budget(agreement=agreement, financial_year=financial_year)
    stamp(budget, user=user, reason="Budget started")
    try:
        with transaction.atomic():
            budget.save()
    except IntegrityError as error:
        raise ValidationError(
            f"{agreement.reference} already has a budget for {financial_year}", code="exists"
        ) from error
    return budget


@transaction.atomic
def budget_line_create(*, budget: Budget, values: LineValues, user) -> BudgetLine:
    """Add a line to a budget that is not locked."""
    budget = _locked_budget(budget.pk)
    _check_editable(budget)
    _check_values(values)
    line = BudgetLine(budget=budget, **values.__dict__)
    stamp(line, user=user, reason="Line added")
    line.save()
    return line


@transaction.atomic
def budget_line_update(*, line_id: int, version: int, values: LineValues, user) -> BudgetLine:
    """Change a line, refusing if someone else changed it since `version` was loaded."""
    line = BudgetLine.objects.select_for_update().filter(pk=line_id).first()
    if line is None:
        raise StaleLineError(current=None, attempted=values)
    _check_editable(_locked_budget(line.budget_id))
    if line.version != version:
        raise StaleLineError(current=line, attempted=values)
    _check_values(values)
    for name, value in values.__dict__.items():
        setattr(line, name, value)
    line.version += 1
    stamp(line, user=user, reason="Line changed")
    line.save()
    return line


@transaction.atomic
def budget_line_delete(*, line_id: int, version: int, user) -> Budget:
    """Remove a line, refusing if someone else changed it since `version` was loaded."""
    line = BudgetLine.objects.select_for_update().filter(pk=line_id).first()
    if line is None:
        raise StaleLineError(current=None, attempted=None)
    budget = _locked_budget(line.budget_id)
    _check_editable(budget)
    if line.version != version:
        raise StaleLineError(current=line, attempted=None)
    stamp(line, user=user, reason="Line removed")
    line.delete()
    return budget


@transaction.atomic
def budget_lines_import(
    *, budget: Budget, rows: Sequence[LineValues], user, file_name: str
) -> list[BudgetLine]:
    """Add every row as a line, all or nothing; each line's history names the file."""
    budget = _locked_budget(budget.pk)
    _check_editable(budget)
    for values in rows:
        _check_values(values)
    reason = f"Imported from {file_name}"[:REASON_MAX]
    lines = [BudgetLine(budget=budget, **values.__dict__) for values in rows]
    return bulk_insert_with_history(lines, user=user, reason=reason)


@transaction.atomic
def budget_import_apply(
    *, budget: Budget, kept_path: str, file_name: str, user
) -> list[BudgetLine]:
    """Add the lines of a previewed upload once, all or nothing: claimed under the budget's lock.

    Concurrent applies of one upload queue on the budget row; the first removes the kept file
    before it commits, so the rest find nothing to apply. Every row is checked again under the
    lock (duplicates of lines added since the preview included).
    """
    budget = _locked_budget(budget.pk)
    if not default_storage.exists(kept_path):
        raise imports.ImportFileError(
            "That upload has already been imported or has expired: check the budget, or upload "
            "the file again"
        )
    with default_storage.open(kept_path, "rb") as kept:
        data = kept.read()
    preview = imports.preview_import(budget=budget, file_name=file_name, data=data)
    if preview.error_count:
        raise imports.ImportFileError("The file has errors: fix them and upload it again")
    lines = budget_lines_import(budget=budget, rows=preview.values, user=user, file_name=file_name)
    default_storage.delete(kept_path)
    return lines


COPY_NOT_EMPTY = (
    "This budget already has lines, so nothing was copied: copying starts an empty budget only. "
    "Add lines one by one or import a spreadsheet instead"
)


@transaction.atomic
def budget_lines_copy(*, target: Budget, source: Budget, user) -> list[BudgetLine]:
    """Start an empty, unlocked budget from the lines of an earlier year of the same agreement.

    Never appends (docs/adr/0066): with the target's row locked, a second copy at once finds the
    first one's lines and is refused. Each new line's history names the user and the source.
    """
    target = _locked_budget(target.pk)
    _check_editable(target)
    source = Budget.objects.select_related("agreement").filter(pk=source.pk).first()
    if (
        source is None
        or source.agreement_id != target.agreement_id
        or source.financial_year >= target.financial_year
    ):
        raise ValidationError(
            "Lines can only be copied from an earlier year of the same grant agreement",
            code="source",
        )
    if target.lines.exists():
        raise ValidationError(COPY_NOT_EMPTY, code="not_empty")
    lines = list(source.lines.order_by("category__position", "id"))
    if not lines:
        raise ValidationError(f"The {source.financial_year} budget has no lines", code="no_lines")
    copies = [
        BudgetLine(
            budget=target,
            category_id=line.category_id,
            description=line.description,
            fte=line.fte,
            unit_cost=line.unit_cost,
            amount=line.amount,
            notes=line.notes,
        )
        for line in lines
    ]
    reason = f"Copied from the {source.agreement.reference} {source.financial_year} budget"
    return bulk_insert_with_history(copies, user=user, reason=reason[:REASON_MAX])


@dataclass(frozen=True)
class VariationChange:
    """One change a variation makes to a category."""

    category: CostCategory
    description: str
    change: object


@transaction.atomic
def budget_variation_record(
    *,
    budget: Budget,
    grant_variation: GrantVariation,
    reason: str,
    changes: Iterable[VariationChange],
    user,
) -> BudgetVariation:
    """Record changes to a locked budget under a grant variation, with a reason."""
    budget = _locked_budget(budget.pk)
    changes = [change for change in changes if change.change]
    if budget.status != Budget.Status.LOCKED:
        raise ValidationError("Edit the lines of an unlocked budget directly", code="unlocked")
    if grant_variation.agreement_id != budget.agreement_id:
        raise ValidationError("Choose a variation of this budget's grant agreement", code="other")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the variation"}, code="reason")
    if not changes:
        raise ValidationError("Enter at least one change to the budget", code="empty")
    _check_categories_stay_positive(budget, changes)
    variation = BudgetVariation(budget=budget, grant_variation=grant_variation, reason=reason)
    stamp(variation, user=user, reason=reason[:REASON_MAX])
    variation.save()
    for change in changes:
        line = BudgetVariationLine(variation=variation, **change.__dict__)
        stamp(line, user=user, reason=reason[:REASON_MAX])
        line.save()
    return variation


def _check_categories_stay_positive(budget: Budget, changes: list[VariationChange]) -> None:
    groups = {group.category.pk: group for group in budget_summary(budget).groups}
    for change in changes:
        groups[change.category.pk].change += change.change
    for group in groups.values():
        if group.varied < 0:
            raise ValidationError(
                f"The varied {group.category.name.lower()} budget would be below £0.00",
                code="negative",
            )


@transaction.atomic
def budgets_lock_for_agreements(*, agreements: Iterable[GrantAgreement], user, reason: str) -> int:
    """Lock every unlocked budget of `agreements` (their approving decision was signed)."""
    locked = 0
    budgets = Budget.objects.select_for_update().filter(agreement__in=list(agreements))
    for budget in budgets.exclude(status=Budget.Status.LOCKED):
        budget.status = Budget.Status.LOCKED
        stamp(budget, user=user, reason=reason)
        budget.save(update_fields=["status", "updated_at"])
        locked += 1
    return locked
