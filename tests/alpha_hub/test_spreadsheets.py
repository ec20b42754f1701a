"""The one formula guard, the CSV and XLSX writers every export uses, and the workbook reader."""

import csv
import io
import zipfile
from decimal import Decimal
from types import GeneratorType

import pytest
from openpyxl import Workbook, load_workbook

from alpha_hub import spreadsheets
from alpha_hub.spreadsheets import (
    FORMULA_PREFIXES,
    UncachedFormula,
    csv_bytes,
    csv_lines,
    neutralise,
    read_xlsx,
    xlsx_bytes,
)
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


def _workbook(*rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _saved_by_a_spreadsheet_program(data: bytes, cell: str, kind: str, value: str) -> bytes:
    """The workbook with `cell`'s formula given the value a spreadsheet program would save."""
    source, output = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                start = content.index(f'<c r="{cell}">')
                formula = content[start:].split("<v>")[0].removeprefix(f'<c r="{cell}">')
                end = content.index("</c>", start)
                cached = f'<c r="{cell}" t="{kind}">{formula}<v>{value}</v>'
                content = content[:start] + cached + content[end:]
            target.writestr(item, content.encode())
    return output.getvalue()


def test_the_reader_gives_a_formulas_saved_value_and_remembers_the_formula():
    data = _saved_by_a_spreadsheet_program(_workbook(["a", "b"], [2, "=A2*3"]), "B2", "n", "6")
    table = read_xlsx(data, max_columns=2, max_rows=10)
    assert table.rows == [("a", "b"), (2, 6)]
    assert table.formulas == {(1, 1): "=A2*3"}


def test_a_formula_without_a_saved_value_is_its_text_with_the_reason():
    table = read_xlsx(_workbook(["a", "b"], [2, "=A2*3"]), max_columns=5, max_rows=10)
    value = table.rows[1][1]
    assert isinstance(value, UncachedFormula)
    assert value == "=A2*3"  # any import that refuses formulas still refuses it
    assert value.problem.startswith("Cell B2 is a formula (=A2*3) with no saved value")
    assert table.formulas == {}


def test_a_formula_whose_saved_value_is_an_error_is_refused():
    data = _saved_by_a_spreadsheet_program(_workbook(["a"], ["=1/0"]), "A2", "e", "#DIV/0!")
    value = read_xlsx(data, max_columns=5, max_rows=10).rows[1][0]
    assert value.problem == "Cell A2 is a formula (=1/0) that gives an error (#DIV/0!): correct it"


def test_text_that_looks_like_a_formula_stays_text():
    table = read_xlsx(_workbook(["'=not a formula", "=cmd"]), max_columns=5, max_rows=10)
    # openpyxl writes "=cmd" as a formula, "'=..." as text: only the formula cell is one.
    assert table.rows[0][0] == "'=not a formula"
    assert not isinstance(table.rows[0][0], UncachedFormula)
    assert isinstance(table.rows[0][1], UncachedFormula)


def test_the_reader_stops_after_one_row_more_than_asked():
    table = read_xlsx(_workbook(*[[n] for n in range(10)]), max_columns=1, max_rows=3)
    assert len(table.rows) == 4
