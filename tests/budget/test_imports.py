"""Importing lines from CSV and XLSX: every row's problems first, then all or nothing."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from budget import exports, imports, services
from budget.models import BudgetLine
from tests.budget.conftest import lock
from tests.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db

HEADER = list(exports.COLUMNS)


def csv_bytes(*rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(*rows, header=HEADER, stored_as=None) -> bytes:
    """An XLSX file; `stored_as` rewrites numbers' stored text, as Excel writes 17 digits."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not stored_as:
        return buffer.getvalue()
    source, output = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for shown, stored in stored_as.items():
                    content = content.replace(
                        f"<v>{shown}</v>".encode(), f"<v>{stored}</v>".encode()
                    )
            target.writestr(item, content)
    return output.getvalue()


def preview(budget, data: bytes, name="lines.csv"):
    return imports.preview_import(budget=budget, file_name=name, data=data)


def test_a_good_csv_previews_without_errors_and_imports_with_one_history_entry_per_line(
    budget, finance
):
    data = csv_bytes(
        ("2020/21", "pay", "Detective Constable x 6", "6", "50000.00", "300000.00", "Core team"),
        ("2020/21", "Equipment", "Laptops", "", "", "£1,234.50", ""),
    )
    checked = preview(budget, data, "hub 2020.csv")
    assert checked.error_count == 0
    services.budget_lines_import(
        budget=budget, rows=checked.values, user=finance, file_name="hub 2020.csv"
    )
    assert sorted(BudgetLine.objects.values_list("amount", flat=True)) == [
        Decimal("1234.50"), Decimal("300000.00")
    ]  # fmt: skip
    history = BudgetLine.history.all()
    assert history.count() == 2
    assert {entry.history_change_reason for entry in history} == {"Imported from hub 2020.csv"}
    assert {entry.history_user for entry in history} == {finance}


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (("2020/21", "catering", "Lunch", "", "", "10", ""), "Unknown category 'catering'"),
        (("2020/21", "pay", "Officer", "", "", "ten pounds", ""), "Amount: Enter an amount"),
        (("2020/21", "pay", "Officer", "", "", "10.005", ""), "no more than 2 decimal places"),
        (("2020/21", "pay", "", "", "", "10", ""), "Enter a description"),
        (("2019/20", "pay", "Officer", "", "", "10", ""), "Wrong year: the row is for 2019/20"),
        (("2020/22", "pay", "Officer", "", "", "10", ""), "The second year must follow"),
        (("2020/21", "pay", "Officer", "", "", "-10", ""), "Amount cannot be negative"),
        (("2020/21", "pay", "Officer", "2", "10", "21", ""), "2 x £10.00 = £20.00"),
        (("2020/21", "pay", "Officer", "0", "10", "0", ""), "FTE must be more than 0"),
        (("2020/21", "pay", "x" * 201, "", "", "10", ""), "200 characters or fewer"),
        (("2020/21", "pay", "=HYPERLINK(1)", "", "", "10", ""), "Description is a formula"),
        (("2020/21", "pay", "Officer", "", "", "=SUM(A1)", ""), "Amount is a formula"),
        (("", "pay", "Officer", "", "", "10", ""), "Enter the financial year"),
    ],
)
def test_each_bad_row_is_explained(budget, row, error):
    checked = preview(budget, csv_bytes(row))
    assert checked.error_count >= 1
    assert any(error in message for message in checked.rows[0].errors), checked.rows[0].errors


def test_duplicates_in_the_file_and_in_the_budget_are_found(budget, categories):
    BudgetLineFactory(budget=budget, category=categories["pay"], description="Analyst",
                      amount=Decimal("40000"))  # fmt: skip
    checked = preview(
        budget,
        csv_bytes(
            ("2020/21", "pay", "Analyst", "", "", "40000", ""),
            ("2020/21", "pay", "Sergeant", "", "", "50000", ""),
            ("2020/21", "Pay", " sergeant ", "", "", "50000.00", ""),
        ),
    )
    assert checked.rows[0].errors == ["Duplicate of a line already in this budget"]
    assert checked.rows[1].errors == []
    assert checked.rows[2].errors == ["Duplicate of row 3"]


def test_every_row_is_listed_with_its_row_number(budget):
    checked = preview(
        budget,
        csv_bytes(
            ("2020/21", "pay", "Good", "", "", "1", ""),
            ("2020/21", "nope", "", "", "", "x", ""),
        ),
    )
    assert [row.number for row in checked.rows] == [2, 3]
    assert len(checked.rows[1].errors) == 3
    assert len(checked.values) == 1


def test_spreadsheet_floats_become_exact_money(budget):
    data = xlsx_bytes(
        ("2020/21", "pay", "Pay", 18, 64277.526666666665, 1156995.48, None),
        ("2020/21", "pay", "Inspector", 1, 88412.0, 88412, None),
        ("2020/21", "overtime", "Overtime", None, None, 59450.1, None),
        ("2020/21", "equipment", "Computed", None, None, 0.3, None),
        ("2020/21", "equipment", "Kit", None, None, 1156995.47, "Cheap"),
        ("2020/21", "equipment", "Tiny", None, None, 0.005, None),
        stored_as={"0.3": "0.30000000000000004", "1156995.47": "1156995.4699999999"},
    )
    checked = preview(budget, data, "lines.xlsx")
    assert "Unit cost: Enter an amount with no more than 2 decimal places" in str(
        checked.rows[0].errors
    )
    assert checked.rows[1].values.amount == Decimal("88412.00")
    assert checked.rows[2].values.amount == Decimal("59450.10")
    assert checked.rows[3].values.amount == Decimal("0.30")
    assert checked.rows[4].values.amount == Decimal("1156995.47")
    assert "no more than 2 decimal places" in checked.rows[5].errors[0]


def calculated(data: bytes, **cached) -> bytes:
    """The workbook as a spreadsheet program saves it: each formula cell named in `cached`
    ("F2": "100000", "C2": ("str", "Analyst"), "F3": ("e", "#DIV/0!")) gets that saved value."""
    source, output = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for cell, value in cached.items():
                    kind, value = value if isinstance(value, tuple) else ("n", value)
                    start = text.index(f'<c r="{cell}">')
                    end = text.index("</c>", start)
                    formula = text[start:end].split("<v>")[0].removeprefix(f'<c r="{cell}">')
                    text = (
                        text[:start]
                        + f'<c r="{cell}" t="{kind}">{formula}<v>{value}</v>'
                        + text[end:]
                    )
                content = text.encode()
            target.writestr(item, content)
    return output.getvalue()


def test_a_formula_cell_gives_its_saved_value_and_says_so(budget):
    data = calculated(
        xlsx_bytes(
            ("2020/21", "pay", '="Detective "&"Constable"', 2, 30000, "=D2*E2", None),
            ("2020/21", "equipment", "Laptops", None, None, "=SUM(1000,500.5)", None),
        ),
        C2=("str", "Detective Constable"),
        F2="60000",
        F3="1500.5",
    )
    checked = preview(budget, data, "calculated.xlsx")
    assert checked.error_count == 0, checked.rows_with_errors
    first, second = checked.rows
    assert first.values.description == "Detective Constable"
    assert first.values.amount == Decimal("60000.00")
    assert first.formulas == {"description": '="Detective "&"Constable"', "amount": "=D2*E2"}
    assert second.values.amount == Decimal("1500.50")
    assert second.formulas == {"amount": "=SUM(1000,500.5)"}
    assert checked.formula_count == 3
    assert checked.total == Decimal("61500.50")


def test_a_formula_with_no_saved_value_is_refused_naming_the_cell(budget):
    data = xlsx_bytes(
        ("2020/21", "pay", "Pay", None, None, "=2*3", None)
    )  # openpyxl never calculates
    errors = preview(budget, data, "f.xlsx").rows[0].errors
    assert len(errors) == 1
    assert errors[0].startswith("Amount: Cell F2 is a formula (=2*3) with no saved value")
    assert "Open it in Excel (or LibreOffice), save it, and upload it again" in errors[0]


def test_a_formula_whose_saved_value_is_an_error_is_refused_naming_the_cell(budget):
    data = calculated(
        xlsx_bytes(("2020/21", "pay", "Pay", None, None, "=1/0", None)), F2=("e", "#DIV/0!")
    )
    assert preview(budget, data, "f.xlsx").rows[0].errors == [
        "Amount: Cell F2 is a formula (=1/0) that gives an error (#DIV/0!): correct it"
    ]


def test_a_formula_typed_into_a_csv_is_still_refused(budget):
    checked = preview(budget, csv_bytes(("2020/21", "pay", "Pay", "", "", "=2*3", "")))
    assert checked.rows[0].errors == ["Amount is a formula: enter the value only"]


def test_the_import_of_saved_formula_values_applies_them(budget, finance):
    data = calculated(
        xlsx_bytes(("2020/21", "pay", "Sergeant", 1.5, 40000, "=D2*E2", None)), F2="60000"
    )
    checked = preview(budget, data, "calculated.xlsx")
    services.budget_lines_import(
        budget=budget, rows=checked.values, user=finance, file_name="calculated.xlsx"
    )
    line = BudgetLine.objects.get()
    assert (line.fte, line.unit_cost, line.amount) == (
        Decimal("1.50"), Decimal("40000.00"), Decimal("60000.00")
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("lines.csv", csv_bytes(("2020/21", "pay", "Café £", "", "", "1", ""), encoding="cp1252"),
         "not UTF-8"),
        ("lines.xlsx", b"PK\x03\x04 this is not a workbook", "could not be read as an Excel"),
        ("lines.xlsx", b"", "could not be read as an Excel"),
        ("lines.xls", b"\xd0\xcf\x11\xe0", r"must be a CSV \(\.csv\)"),
        ("lines.csv", b"", "The file is empty"),
        ("lines.csv", csv_bytes(), "no lines under its header"),
        ("lines.csv", csv_bytes(header=["Category", "Amount"]),
         "missing Financial year, Description"),
        ("lines.csv", b"x" * (imports.MAX_UPLOAD_BYTES + 1), "smaller than 10 MB"),
    ],
)  # fmt: skip
def test_unreadable_files_get_a_clear_error(budget, name, data, message):
    with pytest.raises(imports.ImportFileError, match=message):
        preview(budget, data, name)


def test_a_locked_budget_cannot_import(budget):
    lock(budget)
    with pytest.raises(imports.ImportFileError, match="locked"):
        preview(budget, csv_bytes(("2020/21", "pay", "A", "", "", "1", "")))


def test_the_export_neutralises_formulas_and_round_trips_through_the_import(budget, categories):
    BudgetLineFactory(budget=budget, category=categories["pay"], description="=cmd|'/c calc'!A1",
                      amount=Decimal("1479306.16"), notes="@SUM(1)")  # fmt: skip
    BudgetLineFactory(budget=budget, category=categories["overtime"], description="+44 line",
                      fte=Decimal("1.5"), unit_cost=Decimal("100.01"),
                      amount=Decimal("150.02"))  # fmt: skip
    rows = exports.budget_rows(budget)
    csv_text = exports.as_csv(exports.COLUMNS, rows).decode("utf-8-sig")
    assert "'=cmd" in csv_text
    assert "'@SUM(1)" in csv_text
    assert "'+44 line" in csv_text
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(exports.COLUMNS, rows))).active
    cells = [cell.value for cell in sheet[2]]
    assert cells[2] == "'=cmd|'/c calc'!A1"
    assert sheet[2][2].data_type == "s"
    assert cells[5] == 1479306.16

    BudgetLine.objects.all().delete()
    for name, data in [
        ("back.csv", csv_text.encode()),
        ("back.xlsx", exports.as_xlsx(exports.COLUMNS, rows)),
    ]:
        checked = preview(budget, data, name)
        assert checked.error_count == 0, checked.rows_with_errors
        assert checked.values[0].description == "=cmd|'/c calc'!A1"
        assert checked.values[1].amount == Decimal("150.02")


def test_the_year_on_year_csv_keeps_negative_changes_as_numbers():
    csv_text = exports.as_csv(["Change"], [(Decimal("-92583.16"),), ("-text",)]).decode("utf-8-sig")
    assert csv_text.splitlines() == ["Change", "-92583.16", "'-text"]
