"""Importing a claim's spend from the recipient's spreadsheet: preview, then all or nothing."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alpha_hub.spreadsheets import xlsx_bytes
from claims import imports
from claims.models import ClaimLine, ClaimStatus
from tests.claims.support import claim_in, make_people

pytestmark = pytest.mark.django_db
S = ClaimStatus
GOOD = (
    "Category,Budget line,Description,Amount\n"
    'pay,,Overtime in June,"1,200.50"\n'
    "Training,,Course,300\n"
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, claim, name: str, data: bytes):
    return client.post(
        f"/staff/claims/{claim.pk}/import/", {"file": SimpleUploadedFile(name, data)}
    )


def test_a_good_file_is_previewed_then_added_once():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    client = _client(people.preparer)
    preview = _upload(client, claim, "spend.csv", GOOD.encode())
    page = preview.content.decode()
    assert "All 2 rows, £1,500.50 in all, are ready" in page
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(f"/staff/claims/{claim.pk}/import/apply/", {"token": token})
    assert response.status_code == 302
    assert ClaimLine.objects.filter(claim=claim).count() == 3
    again = client.post(f"/staff/claims/{claim.pk}/import/apply/", {"token": token}, follow=True)
    assert "That upload has been used or has expired" in again.content.decode()
    assert ClaimLine.objects.filter(claim=claim).count() == 3


def test_an_xlsx_from_the_recipient_is_read():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    data = xlsx_bytes([("Spend", imports.COLUMNS, [["Pay", None, "July", 99.1]])])
    preview = imports.preview_spend(claim=claim, file_name="spend.xlsx", data=data)
    assert preview.error_count == 0
    assert preview.values[0].amount == Decimal("99.10")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("equipment,,Laptop,10", "no category 'equipment'"),
        ("pay,,Sub-penny,10.001", "no more than 2 decimal places"),
        ("pay,,Refund,-5", "cannot be negative"),
        ("pay,,=SUM(A1),5", "is a formula"),
        ("pay,No such line,x,5", "no pay line 'No such line'"),
        (",,No category,5", "Enter a category"),
    ],
)
def test_each_bad_row_is_listed_and_nothing_is_imported(row, message):
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    data = (GOOD + row + "\n").encode()
    page = _upload(_client(people.preparer), claim, "spend.csv", data).content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "Nothing has been imported" in page
    assert 'name="token"' not in page
    assert ClaimLine.objects.filter(claim=claim).count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    response = _upload(_client(people.preparer), claim, "spend.pdf", b"%PDF-1.7")
    assert response.status_code == 400
    assert "must be a CSV (.csv) or an Excel workbook (.xlsx)" in response.content.decode()


def test_a_submitted_claim_takes_no_import():
    people = make_people()
    claim = claim_in(S.SUBMITTED, people)
    response = _upload(_client(people.preparer), claim, "spend.csv", GOOD.encode())
    assert response.status_code == 400
    assert "spend is imported only into a draft or returned claim" in response.content.decode()


def test_only_the_preparer_imports():
    people = make_people()
    claim = claim_in(S.DRAFT, people)
    assert _upload(_client(people.checker), claim, "spend.csv", GOOD.encode()).status_code == 403
