"""The public /verify/ page and `manage.py verify_pdf`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command


def _upload(client, data: bytes, name="document.pdf"):
    return client.post("/verify/", {"document": SimpleUploadedFile(name, data, "application/pdf")})


def test_the_page_is_public(client, db):
    response = client.get("/verify/")
    assert response.status_code == 200
    assert "Verify a signed decision document" in response.text


def test_a_genuine_document_says_which_decision_it_is(client, signed_record, signed_pdf):
    response = _upload(client, signed_pdf)
    assert response.status_code == 200
    assert "Genuine and unaltered" in response.text
    assert f"{signed_record.decision.reference}: {signed_record.decision.title}" in response.text
    assert signed_record.sha256 in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<script>alert(1)</script>", "The file is not a PDF."),
        (b"%PDF-1.4 broken", "The PDF is damaged and cannot be read."),
    ],
)
def test_bad_files_get_a_verdict_not_an_error(client, db, data, message):
    response = _upload(client, data)
    assert response.status_code == 200
    assert "This document could not be verified" in response.text
    assert message in response.text
    assert "<script>alert" not in response.text


def test_a_tampered_or_foreign_file_fails(client, signed_record, appended_pdf, foreign_signed_pdf):
    assert "appended to the file after it was signed" in _upload(client, appended_pdf).text
    assert "does not trust" in _upload(client, foreign_signed_pdf).text


def test_an_empty_upload_or_none_is_a_form_error(client, db):
    empty = _upload(client, b"")
    assert empty.status_code == 400
    assert "The file is empty" in empty.text
    missing = client.post("/verify/", {})
    assert missing.status_code == 400
    assert "Choose a PDF file to check" in missing.text


def test_a_100_mb_upload_is_refused_by_its_size(client, db, settings):
    response = _upload(client, b"%PDF-" + bytes(100 * 1024 * 1024))
    assert response.status_code == 400
    assert "The file must be smaller than 20.0\xa0MB" in response.text


def test_the_command_verifies_and_refuses(signed_record, signed_pdf, appended_pdf, tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(signed_pdf)
    call_command("verify_pdf", str(good))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(appended_pdf)
    with pytest.raises(CommandError, match="NOT VERIFIED: Content was appended"):
        call_command("verify_pdf", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        call_command("verify_pdf", str(tmp_path / "missing.pdf"))
