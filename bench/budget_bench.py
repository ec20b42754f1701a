"""Budget benchmark: the budget page with 5,000 lines and a 10,000-row XLSX import, each beside a
baseline measured in the same run (a bare Django view returning as many rows of HTML; openpyxl
reading the same file alone). Prints times and ratios. Not a test: nothing here asserts a time.

    DEBUG=true SECRET_KEY=bench DATABASE_URL=postgres://... .venv/bin/python bench/budget_bench.py

The import timed is what confirming a preview runs (`services.budget_import_apply`: read the
kept file, check every row under the budget's lock, write the lines and their history), up to
the deferred foreign-key checks that a commit would run. Each of its 5 repeats is set against
openpyxl reading the file alone just before and just after it, so that a ratio compares times
taken under the same load on a shared machine. Everything it writes is rolled back, so it
leaves the database as it found it.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from alpha_hub.access import public  # noqa: E402
from alpha_hub.fiscal_year import FinancialYear  # noqa: E402
from alpha_hub.models import User  # noqa: E402
from alpha_hub.roles import Role  # noqa: E402
from budget import imports, services  # noqa: E402
from budget.exports import COLUMNS  # noqa: E402
from budget.models import Budget, BudgetLine, CostCategory  # noqa: E402
from grants.models import GrantAgreement, Organisation, Programme  # noqa: E402

PAGE_LINES = 5_000
IMPORT_ROWS = 10_000
REPEATS = 3
IMPORT_REPEATS = 5
CAPTURED = {"html": b""}


@public
def bare_rows(request):
    """The baseline: the budget page's own HTML for the same lines, served from memory."""
    return HttpResponse(CAPTURED["html"])


MINIMAL_ROWS = Template(
    '<table>{% for row in rows %}<tr>{% for cell in row %}<td><input name="{{ cell }}" '
    'value="{{ cell }}"></td>{% endfor %}</tr>{% endfor %}</table>'
)


@public
def minimal_template_rows(request):
    """A second baseline: the same number of rows of seven inputs through a minimal template."""
    rows = [[f"line-{i}-{n}" for n in range(7)] for i in range(PAGE_LINES)]
    return HttpResponse(MINIMAL_ROWS.render(Context({"rows": rows})))


urlpatterns = [
    path("bench/bare/", bare_rows),
    path("bench/minimal/", minimal_template_rows),
    path("", include("config.urls")),
]


def median_seconds(action, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build_grant() -> tuple[Budget, Budget, User]:
    """A two-year grant: 5,000 lines in its first year's budget, the second left empty."""
    funder, _ = Organisation.objects.get_or_create(
        org_identifier="GB-GOVUK-bench-funder", defaults={"name": "Bench funder", "kind": "other"}
    )
    host, _ = Organisation.objects.get_or_create(
        org_identifier="GB-GOVUK-bench-host", defaults={"name": "Bench host", "kind": "other"}
    )
    programme = Programme.objects.create(name="Bench programme", slug="bench-programme", host=host)
    agreement = GrantAgreement.objects.create(
        reference="BENCH-1", title="Bench grant", programme=programme, funder=funder,
        recipient=host, direction="incoming", amount_awarded=Decimal("600000000.00"),
        starts_on=date(2030, 4, 1), ends_on=date(2032, 3, 31),
    )  # fmt: skip
    page_budget = Budget.objects.create(agreement=agreement, financial_year=FinancialYear(2030))
    import_budget = Budget.objects.create(agreement=agreement, financial_year=FinancialYear(2031))
    categories = list(CostCategory.objects.all()) or [
        CostCategory.objects.create(code="pay", name="Pay", is_staff_cost=True)
    ]
    BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=page_budget,
            category=categories[i % len(categories)],
            description=f"Post {i}",
            fte=Decimal("1"),
            unit_cost=Decimal("40000.00"),
            amount=Decimal("40000.00"),
        )
        for i in range(PAGE_LINES)
    )
    user = User.objects.create(username="bench-finance", full_name="Bench Finance")
    user.groups.add(Group.objects.get(name=Role.FINANCE))
    return page_budget, import_budget, user


def xlsx_with_rows(count: int, year: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(COLUMNS)
    for i in range(count):
        sheet.append([year, "pay", f"Imported post {i}", 1.5, 41234.56, 61851.84, "From bench"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def openpyxl_alone(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def time_import(budget: Budget, user: User, data: bytes) -> dict[str, float]:
    """Medians over the repeats: each time, and each repeat's ratio to openpyxl's reads."""
    runs = [_time_import_once(budget, user, data) for _ in range(IMPORT_REPEATS)]
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def _time_import_once(budget: Budget, user: User, data: bytes) -> dict[str, float]:
    before = _seconds(lambda: openpyxl_alone(data))
    preview_time = _seconds(
        lambda: imports.preview_import(budget=budget, file_name="bench.xlsx", data=data)
    )
    kept = default_storage.save("budget-imports/bench", ContentFile(data))
    with transaction.atomic():
        import_time = _seconds(lambda: _apply(budget, user, kept))
        assert budget.lines.count() == IMPORT_ROWS
        transaction.set_rollback(True)
    read = (before + _seconds(lambda: openpyxl_alone(data))) / 2
    return {
        "read": read,
        "preview": preview_time,
        "import": import_time,
        "preview ratio": preview_time / read,
        "import ratio": import_time / read,
    }


def _apply(budget: Budget, user: User, kept: str) -> None:
    services.budget_import_apply(budget=budget, kept_path=kept, file_name="bench.xlsx", user=user)
    with connection.cursor() as cursor:  # the foreign-key checks that COMMIT would run
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run() -> None:
    with transaction.atomic():
        page_budget, import_budget, user = build_grant()
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        page_url = f"/staff/budgets/{page_budget.pk}/"
        plain_static = {
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(
            ROOT_URLCONF=__name__, SECURE_SSL_REDIRECT=False, STORAGES=plain_static
        ):
            page = client.get(page_url)
            assert page.status_code == 200, page.status_code
            CAPTURED["html"] = page.content
            bare = client.get("/bench/bare/")
            page_time = median_seconds(lambda: client.get(page_url))
            bare_time = median_seconds(lambda: client.get("/bench/bare/"))
            minimal = client.get("/bench/minimal/")
            minimal_time = median_seconds(lambda: client.get("/bench/minimal/"))
        data = xlsx_with_rows(IMPORT_ROWS, str(import_budget.financial_year))
        with override_settings(STORAGES=plain_static):
            imported = time_import(import_budget, user, data)
        transaction.set_rollback(True)

    print(f"budget page, {PAGE_LINES:,} lines: {page_time:.3f} s ({len(page.content):,} bytes)")
    print(f"bare view, {PAGE_LINES:,} rows:    {bare_time:.3f} s ({len(bare.content):,} bytes)")
    print(f"  ratio page / bare: {page_time / bare_time:.1f}x")
    print(f"minimal template, {PAGE_LINES:,} rows x 7 inputs: {minimal_time:.3f} s "
          f"({len(minimal.content):,} bytes)")  # fmt: skip
    print(f"  ratio page / minimal template: {page_time / minimal_time:.1f}x")
    print(f"import, {IMPORT_ROWS:,}-row XLSX ({len(data):,} bytes): {imported['import']:.3f} s")
    print(f"openpyxl reading the file alone: {imported['read']:.3f} s")
    print(f"  ratio import / openpyxl read: {imported['import ratio']:.1f}x")
    print(f"preview of the same file (the upload page's check): {imported['preview']:.3f} s")
    print(f"  ratio preview / openpyxl read: {imported['preview ratio']:.1f}x")


if __name__ == "__main__":
    run()
