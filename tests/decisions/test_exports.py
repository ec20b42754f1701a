"""Bulk export: a ZIP of signed PDFs and a manifest, built by a task, downloadable when done."""

import csv
import hashlib
import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile

from alpha_hub.roles import Role
from decisions.models import BulkExport, Decision, DecisionDocument
from tests.factories import DecisionFactory, DecisionSeriesFactory, UserFactory


def _signed_decision(number, *, series="PCD", year=2020, title=None):
    signer = UserFactory(roles=[Role.DECISION_MAKER])
    decision = DecisionFactory(
        series=DecisionSeriesFactory(code=series), number=number,
        title=title or f"Decision {number}", status=Decision.Status.SIGNED, signed_by=signer,
        signed_by_name="Sophie Linden", signed_at=datetime(year, 6, 1, 12, tzinfo=UTC),
    )  # fmt: skip
    data = f"%PDF-1.7 document {number}".encode()
    document = DecisionDocument(
        decision=decision, variant="public", sha256=hashlib.sha256(data).hexdigest(),
        template_version="t",
    )  # fmt: skip
    document.file.save(f"{decision.slug}-public.pdf", ContentFile(data), save=False)
    document.save()
    return document


@pytest.fixture
def documents(db):
    return [
        _signed_decision(1, title="=cmd|' /C calc'!A0"),
        _signed_decision(2),
        _signed_decision(3, year=2021),
        _signed_decision(4, series="CEOD"),
    ]


def test_an_auditor_exports_a_year_of_one_series(
    client_for, make_user, documents, django_capture_on_commit_callbacks
):
    auditor = make_user(Role.AUDITOR)
    client = client_for(user=auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/audit/exports/",
            {"series": documents[0].decision.series_id, "date_from": "2020-04-01",
             "date_to": "2021-03-31"},
        )  # fmt: skip
    export = BulkExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/audit/exports/{export.pk}/"
    assert (export.status, export.done, export.total) == ("done", 2, 2)

    page = client.get(response["Location"])
    assert "2 of 2 documents (100%)" in page.text
    assert "Download ZIP" in page.text

    download = client.get(f"/staff/audit/exports/{export.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == [
        "manifest.csv", "pdf/pcd-1-signed.pdf", "pdf/pcd-2-signed.pdf",
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert [row["reference"] for row in rows] == ["PCD 1", "PCD 2"]
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0"
    for row in rows:
        assert row["sha256"] == hashlib.sha256(archive.read(row["file"])).hexdigest()
        assert row["date signed"] == "2020-06-01"
        assert row["signer"] == "Sophie Linden"


def test_an_export_is_only_for_the_auditor_who_asked(client_for, make_user, documents):
    export = BulkExport.objects.create(requested_by=make_user(Role.AUDITOR))
    other = client_for(Role.AUDITOR)
    assert other.get(f"/staff/audit/exports/{export.pk}/").status_code == 403
    assert client_for(Role.OFFICER).get("/staff/audit/exports/").status_code == 403


def test_a_running_export_shows_progress_and_cannot_be_downloaded(client_for, make_user, db):
    auditor = make_user(Role.AUDITOR)
    export = BulkExport.objects.create(requested_by=auditor, status="running", total=40, done=10)
    client = client_for(user=auditor)
    page = client.get(f"/staff/audit/exports/{export.pk}/")
    assert "10 of 40 documents (25%)" in page.text
    assert '<meta http-equiv="refresh"' in page.text
    assert client.get(f"/staff/audit/exports/{export.pk}/download/").status_code == 404


def test_a_backwards_date_range_is_refused(client_for, db):
    response = client_for(Role.AUDITOR).post(
        "/staff/audit/exports/", {"date_from": "2021-01-01", "date_to": "2020-01-01"}
    )
    assert response.status_code == 400
    assert "The end date must be the same as or after the start date" in response.text
    assert not BulkExport.objects.exists()
