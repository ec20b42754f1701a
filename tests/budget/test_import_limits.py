"""Uploads built to hurt: XLSX bombs refused before parsing, a NUL byte refused in the preview."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from alpha_hub.roles import Role
from budget import exports, imports
from budget.models import BudgetLine
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HEADER = list(exports.COLUMNS)
CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""  # noqa: E501
ROOT_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""  # noqa: E501
WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Lines" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""  # noqa: E501
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1">'
    + b"".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>'.encode() for name in HEADER)
    + b"</row>"
)


def _workbook(sheet_rows, strings=(), string_count=0) -> bytes:
    """An XLSX file written part by part, streamed, so a 246 MB sheet costs a second to make."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START + HEADER_ROW)
            for row in sheet_rows:
                sheet.write(row)
            sheet.write(SHEET_END)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
                b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
                % (string_count, string_count)
            )
            for chunk in strings:
                part.write(chunk)
            part.write(b"</sst>")
    return buffer.getvalue()


def wide_rows():
    """1,000 rows of 16,384 cells each (every column Excel has): 246 MB of XML."""
    row = b"<row>" + b"<c><v>1</v></c>" * 16_384 + b"</row>"
    return (row for _ in range(1000))


def shared_strings():
    """Six million tiny strings, all held in memory by any parser that opens the workbook."""
    chunk = b"<si><t>a</t></si>" * 10_000
    return (chunk for _ in range(600))


@pytest.fixture
def finance_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    return client


@pytest.fixture
def unpacked(monkeypatch):
    """Every zip part opened for reading. openpyxl reads through zipfile, so an empty list means
    nothing was unpacked; and the opening fails at once, so a bomb that got past the size check
    fails the test in a moment rather than being parsed for minutes."""
    opened = []
    real_open = zipfile.ZipFile.open

    def open_part(archive, name, mode="r", *args, **kwargs):
        if mode == "r":
            opened.append(getattr(name, "filename", name))
            raise AssertionError(f"{opened[-1]} was unpacked")
        return real_open(archive, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_part)
    return opened


def _post(client, budget, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("budget:import", args=[budget.pk]), {"file": upload})


@pytest.mark.parametrize(
    ("bomb", "message"),
    [
        (
            lambda: _workbook(wide_rows()),
            "a sheet unpacks to 234 MB, and the import reads at most 16 MB",
        ),
        (
            lambda: _workbook((), shared_strings(), 6_000_000),
            "its text unpacks to 97 MB, and the import reads at most 8 MB",
        ),
    ],
    ids=["1000-rows-of-16384-cells", "shared-strings"],
)
def test_a_workbook_bomb_is_refused_from_its_sizes_before_any_part_is_unpacked(
    finance_client, budget, unpacked, bomb, message
):
    data = bomb()
    assert len(data) < 1024 * 1024  # a small upload, far under the 10 MB limit
    response = _post(finance_client, budget, "bomb.xlsx", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"The workbook is too large to import: {message}" in page
    assert "save them as CSV, and try again" in page
    assert unpacked == []  # the sizes in the zip's directory were enough to refuse it


def test_a_workbook_whose_parts_together_are_too_large_is_refused(finance_client, budget, unpacked):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/media/a.png"):
            archive.writestr(name, b" " * (15 * imports.MB))  # each part under the 16 MB limit
    response = _post(finance_client, budget, "parts.xlsx", buffer.getvalue())
    page = response.content.decode()
    assert "The workbook is too large to import: it unpacks to 45 MB" in page
    assert "reads at most 32 MB" in page
    assert unpacked == []


def test_a_workbook_of_too_many_parts_is_refused(finance_client, budget, unpacked):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(imports.XLSX_PARTS_MAX + 1):
            archive.writestr(f"xl/media/image{number}.png", b"")
    response = _post(finance_client, budget, "parts.xlsx", buffer.getvalue())
    assert f"The workbook has more than {imports.XLSX_PARTS_MAX} parts" in response.content.decode()
    assert unpacked == []


def test_only_the_first_fifty_columns_of_a_wide_row_are_read(budget):
    workbook = Workbook()
    workbook.active.append(HEADER)
    row = ["2020/21", "pay", "Analyst", None, None, 100, "Core"]
    workbook.active.append(row + [None] * (16_384 - len(row) - 1) + ["far right"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = imports.read_table("wide.xlsx", buffer.getvalue())
    assert {len(row) for row in table} == {imports.MAX_COLUMNS}
    checked = imports.preview_import(budget=budget, file_name="wide.xlsx", data=buffer.getvalue())
    assert checked.error_count == 0
    assert [values.description for values in checked.values] == ["Analyst"]


def test_a_nul_byte_in_a_csv_is_refused_in_the_preview_with_its_row_and_column(
    finance_client, budget
):
    lines = [",".join(HEADER), "2020/21,pay,Analyst,,,100,", "2020/21,pay,Ana\x00lyst,,,200,"]
    response = _post(finance_client, budget, "lines.csv", "\n".join(lines).encode())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 3: Description contains a null character (a zero byte): remove it" in page
    assert "Add 2 lines to the budget" not in page
    # Applying the previewed file anyway (the token is in the session) saves nothing.
    token = response.context["token"]
    response = finance_client.post(
        reverse("budget:import_apply", args=[budget.pk]), {"token": token}, follow=True
    )
    assert response.status_code == 200
    assert "Nothing was imported. The file has errors" in response.content.decode()
    assert not BudgetLine.objects.exists()
