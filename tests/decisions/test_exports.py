"""Bulk export: a ZIP of signed PDFs and a manifest, built by a task, downloadable when done."""

import csv
import hashlib
import io
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

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


CLAIM_REGISTERS = ["claims/claim-history.csv", "claims/claims.csv", "claims/payments.csv"]


def _manifest(archive) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))


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
        *CLAIM_REGISTERS, "manifest.csv", "pdf/pcd-1-signed.pdf", "pdf/pcd-2-signed.pdf",
    ]  # fmt: skip
    rows = [row for row in _manifest(archive) if row["variant"] == "public"]
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


# Claims, payments and their files (issue 11) -----------------------------------------------


def _sheet(archive, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_export_holds_every_claim_payment_move_and_file_with_its_sha256(
    client_for, make_user, documents, django_capture_on_commit_callbacks
):
    from datetime import date

    from claims import services
    from claims.models import Claim, ClaimEvidence, MonitoringReport
    from tests.claims.support import PDF, active_agreement, claim_in, make_people, pdf

    people = make_people()
    agreement = active_agreement()
    paid = claim_in("paid", people, agreement, number=1, amount=Decimal("20000.00"))
    claim_in("submitted", people, agreement, number=2, amount=Decimal("150.25"))
    draft = claim_in("draft", people, agreement, number=3, amount=Decimal("1.00"))
    services.claim_evidence_add(claim=draft, user=people.preparer, checked=pdf("../../etc/x.pdf"))
    requirement = services.report_requirement_add(
        agreement=agreement, user=people.preparer, kind="progress", title="Progress report",
        due_on=date(2020, 10, 31),
    )  # fmt: skip
    services.report_submit(requirement=requirement, user=people.preparer, checked=pdf("q1.pdf"))

    auditor = make_user(Role.AUDITOR)
    client = client_for(user=auditor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/audit/exports/", {"date_from": "2020-04-01", "date_to": "2021-03-31"})
    export = BulkExport.objects.get()
    files = ClaimEvidence.objects.count() + MonitoringReport.objects.count()
    assert (export.status, export.total) == ("done", 3 + files)
    download = client.get(f"/staff/audit/exports/{export.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))

    manifest = _manifest(archive)
    assert sorted(row["file"] for row in manifest) == sorted(
        name for name in archive.namelist() if name != "manifest.csv"
    )
    for row in manifest:  # every file, the PDFs, evidence, reports and CSVs, as recorded
        assert row["sha256"] == hashlib.sha256(archive.read(row["file"])).hexdigest()
    evidence = [row for row in manifest if row["variant"] == "claim evidence"]
    assert len(evidence) == 4  # one for each claim made by the support, and a second for 3
    recorded = {item.sha256 for item in ClaimEvidence.objects.all()}
    assert {row["sha256"] for row in evidence} == recorded == {hashlib.sha256(PDF).hexdigest()}
    assert all(
        row["file"].startswith(f"claims/evidence/{agreement.reference}/") for row in evidence
    )
    assert all(".." not in row["file"] for row in evidence)
    assert {row["reference"] for row in evidence} == {
        f"{agreement.reference} claim {number}" for number in (1, 2, 3)
    }
    [report] = [row for row in manifest if row["variant"] == "monitoring report"]
    assert report["reference"] == f"{agreement.reference} Progress report"

    claims = _sheet(archive, "claims/claims.csv")
    assert sorted((row["Period"], row["Status"], row["Amount"]) for row in claims) == [
        ("1", "Paid", "20000.00"), ("2", "Submitted", "150.25"), ("3", "Draft", "1.00"),
    ]  # fmt: skip
    [payment] = _sheet(archive, "claims/payments.csv")
    assert (payment["Reference"], payment["Amount"]) == (f"BACS-{paid.pk}", "20000.00")
    assert payment["Recorded by"] == people.payer.display_name
    history = [row for row in _sheet(archive, "claims/claim-history.csv") if row["Period"] == "1"]
    moves = [(row["Status"], row["Changed by"]) for row in history]
    for move in [
        ("Submitted", people.preparer.display_name), ("Checked", people.checker.display_name),
        ("Approved", people.approver.display_name), ("Paid", people.payer.display_name),
    ]:  # fmt: skip
        assert move in moves
    assert [row["Status"] for row in history][-1] == "Paid"
    assert Claim.history.filter(id=paid.pk).count() == len(history)
