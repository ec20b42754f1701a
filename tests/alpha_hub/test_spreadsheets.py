"""The one formula guard and the CSV and XLSX writers every export uses."""

import csv
import io
from decimal import Decimal
from types import GeneratorType

import pytest
from openpyxl import load_workbook

from alpha_hub import spreadsheets
from alpha_hub.spreadsheets import FORMULA_PREFIXES, csv_bytes, csv_lines, neutralise, xlsx_bytes
from budget import exports
from decisions.models import Decision
from tests.decisions.public_data import onward_grant, published

FORMULAS = [prefix + "cmd|' /C calc'!A0" for prefix in FORMULA_PREFIXES]
PLAIN = ["plain", "", "O'Brien's £1,000 = a lot", "2020/21", "a-b", "50%", "x@example.org"]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("value", FORMULAS)
def test_every_formula_prefix_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["  =1+1", " +44", " @SUM(A1)", " |cmd"])
def test_a_formula_after_leading_spaces_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", PLAIN)
def test_plain_text_is_untouched(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [Decimal("-92583.16"), -5, 1.5, None, True])
def test_values_that_are_not_text_pass_unchanged(value):
    assert neutralise(value) is value


def test_the_csv_streams_a_line_at_a_time_with_a_byte_order_mark():
    consumed = []

    def rows():
        for number in range(3):
            consumed.append(number)
            yield [f"=row {number}", number]

    lines = csv_lines(["A", "B"], rows())
    assert isinstance(lines, GeneratorType)
    assert next(lines) == "\ufeffA,B\r\n"
    assert consumed == []  # nothing is read before the line that needs it
    assert next(lines) == "'=row 0,0\r\n"
    assert consumed == [0]
    assert list(lines) == ["'=row 1,1\r\n", "'=row 2,2\r\n"]


def test_the_csv_can_leave_out_the_byte_order_mark():
    assert list(csv_lines(["A"], [["x"]], bom=False)) == ["A\r\n", "x\r\n"]


def test_every_formula_is_neutralised_in_the_csv_and_plain_text_and_numbers_are_not():
    rows = [[value] for value in FORMULAS + PLAIN] + [[Decimal("-5.10")], [-7], [None]]
    data = csv_bytes(["Value"], rows)
    assert data.startswith(b"\xef\xbb\xbfValue\r\n")
    cells = [row[0] for row in _rows(data.decode("utf-8-sig"))[1:]]
    assert cells == ["'" + value for value in FORMULAS] + PLAIN + ["-5.10", "-7", ""]


def test_a_decimal_is_written_as_plain_digits():
    assert list(csv_lines(["A"], [[Decimal("1E+2")]], bom=False))[1] == "100\r\n"


def test_the_workbook_keeps_numbers_as_numbers_and_every_formula_as_text():
    rows = [[value, Decimal("-1479306.16")] for value in FORMULAS + PLAIN]
    data = xlsx_bytes([("First", ["Text", "Amount"], rows), ("Second", ["Code"], [["pay"]])])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["First", "Second"]
    sheet = book["First"]
    texts = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value or "" for cell in texts] == ["'" + v for v in FORMULAS] + PLAIN
    assert {cell.data_type for cell in texts if cell.value} == {"s"}  # never "f", a formula
    assert {row[1].value for row in sheet.iter_rows(min_row=2)} == {-1479306.16}
    assert [[cell.value for cell in row] for row in book["Second"].iter_rows()] == [
        ["Code"],
        ["pay"],
    ]


def test_the_content_types():
    assert spreadsheets.CSV_TYPE == "text/csv; charset=utf-8"
    assert spreadsheets.XLSX_TYPE.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize("value", ["|cmd", "%0A", " =1+1", "\n=1"])
def test_the_budget_export_uses_the_wider_guard(value):
    row = ("2020/21", "pay", value, None, None, Decimal("1.00"), value)
    text = exports.as_csv(exports.COLUMNS, [row]).decode("utf-8-sig")
    assert _rows(text)[1][2] == _rows(text)[1][6] == "'" + value
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(exports.COLUMNS, [row]))).active
    assert sheet.cell(row=2, column=3).value == "'" + value


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["|cmd", "%0A", " =1+1"])
def test_the_360giving_csv_uses_the_wider_guard(client, title):
    # The grant is approved while the decision is a draft: a signed decision's approvals are fixed.
    decision = published(status=Decision.Status.DRAFT, published_at=None)
    onward_grant(decision, title=title)
    decision.status, decision.published_at = Decision.Status.PUBLISHED, decision.signed_at
    decision.save()
    response = client.get("/data/360giving.csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert not text.startswith("\ufeff")
    [row] = csv.DictReader(io.StringIO(text, newline=""))
    assert row["Title"] == "'" + title
    assert row["Amount Awarded"] == "12345.67"  # an amount is a number, not neutralised text
