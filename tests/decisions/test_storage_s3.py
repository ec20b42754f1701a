"""Issued PDFs and bulk exports in an S3 bucket (moto's server, over HTTP).

Stored as private objects, streamed to those the views allow, and none left behind by a
transaction that rolls back.
"""

import hashlib
import io
import zipfile

import pytest
from django.db import DatabaseError, transaction

from alpha_hub.roles import Role
from claims.models import ClaimEvidence, MonitoringReport
from decisions.documents import decision_documents_issue
from decisions.exports import export_build
from decisions.models import BulkExport, Decision, DecisionDocument

Variant = DecisionDocument.Variant
PUBLIC_URL = "/decisions/pcd-867/signed.pdf"
FULL_URL = "/staff/decisions/pcd-867/full.pdf"
EVERYONE = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


class RolledBackError(Exception):
    pass


def _stored(bucket) -> dict[str, bytes]:
    return {item.key: item.get()["Body"].read() for item in bucket.objects.all()}


def _documents_stored(bucket) -> dict[str, bytes]:
    """What is in the bucket besides the demo's claim evidence and reports (under claims/)."""
    return {key: body for key, body in _stored(bucket).items() if not key.startswith("claims/")}


def _private(bucket, key: str) -> bool:
    grants = bucket.Object(key).Acl().grants
    return bool(grants) and not any(grant["Grantee"].get("URI") in EVERYONE for grant in grants)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def pcd_867(demo):
    return Decision.objects.get(series__code="PCD", number=867)


@pytest.fixture
def issued(s3_bucket, pcd_867, demo):
    return decision_documents_issue(decision=pcd_867, user=demo["dmpc"])


def test_issued_pdfs_are_private_objects_in_the_bucket(s3_bucket, issued):
    stored = _documents_stored(s3_bucket)
    assert set(stored) == {document.file.name for document in issued.values()}
    for document in issued.values():
        assert document.file.name.startswith("decisions/")
        assert hashlib.sha256(stored[document.file.name]).hexdigest() == document.sha256
        assert _private(s3_bucket, document.file.name)
        assert s3_bucket.Object(document.file.name).content_type == "application/pdf"
    # No page links to the bucket; a link, were one made, would be signed and short-lived.
    link = issued[Variant.FULL].file.url
    assert "X-Amz-Signature=" in link
    assert "X-Amz-Expires=300" in link


def test_anyone_downloads_the_public_pdf_streamed_from_the_bucket(client, issued):
    response = client.get(PUBLIC_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = _body(response)
    assert hashlib.sha256(body).hexdigest() == issued[Variant.PUBLIC].sha256
    assert response["Content-Length"] == str(len(body))


def test_only_part2_readers_download_the_full_pdf_from_the_bucket(client, client_for, issued):
    assert client.get(FULL_URL).status_code == 302  # to sign in
    assert client_for(Role.OFFICER).get(FULL_URL).status_code == 403
    response = client_for(Role.AUDITOR).get(FULL_URL)
    assert response.status_code == 200
    assert hashlib.sha256(_body(response)).hexdigest() == issued[Variant.FULL].sha256


def _issue_then_fail(decision, user, bucket) -> None:
    with transaction.atomic():
        decision_documents_issue(decision=decision, user=user)
        assert len(_documents_stored(bucket)) == 2  # both PDFs were in the bucket
        raise RolledBackError


def test_a_rolled_back_issue_leaves_nothing_in_the_bucket(s3_bucket, pcd_867, demo):
    with pytest.raises(RolledBackError):
        _issue_then_fail(pcd_867, demo["dmpc"], s3_bucket)
    assert _documents_stored(s3_bucket) == {}
    assert not DecisionDocument.objects.filter(decision=pcd_867).exists()


def test_a_bulk_export_zip_is_kept_in_the_bucket_for_its_auditor(
    s3_bucket, issued, client_for, make_user, django_capture_on_commit_callbacks
):
    auditor = make_user(Role.AUDITOR)
    client = client_for(user=auditor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/audit/exports/", {"series": "", "date_from": "", "date_to": ""})
    export = BulkExport.objects.get()
    # PCD 867's public PDF, and the demo's claim evidence and monitoring reports.
    claim_files = ClaimEvidence.objects.count() + MonitoringReport.objects.count()
    assert (export.status, export.done) == ("done", 1 + claim_files)
    assert export.file.name.startswith("exports/")
    assert _private(s3_bucket, export.file.name)

    url = f"/staff/audit/exports/{export.pk}/download/"
    assert client_for(Role.AUDITOR).get(url).status_code == 403  # another auditor's
    download = client.get(url)
    body = _body(download)
    assert body == _stored(s3_bucket)[export.file.name]
    archive = zipfile.ZipFile(io.BytesIO(body))
    signed = archive.read("pdf/pcd-867-signed.pdf")
    assert hashlib.sha256(signed).hexdigest() == issued[Variant.PUBLIC].sha256


def test_an_export_whose_row_cannot_be_saved_leaves_no_zip(s3_bucket, issued, make_user):
    export = BulkExport.objects.create(requested_by=make_user(Role.AUDITOR))
    BulkExport.objects.filter(pk=export.pk).delete()  # withdrawn while it was being built
    with pytest.raises(DatabaseError):
        export_build(export)
    assert not [key for key in _stored(s3_bucket) if key.startswith("exports/")]
