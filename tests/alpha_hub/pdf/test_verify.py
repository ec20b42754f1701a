"""Verification: one verdict per kind of file, each with a clear reason, never a crash."""

import shutil
import subprocess

import pytest

from alpha_hub.pdf.verify import verify_pdf
from decisions.documents import document_find_by_sha256


def _verify(data):
    return verify_pdf(data, find_document=document_find_by_sha256)


def test_a_document_on_record_verifies(signed_record, signed_pdf):
    verdict = _verify(signed_pdf)
    assert verdict.is_valid, verdict.reason
    assert verdict.document == signed_record
    assert "Mayor's Office for Policing and Crime" in verdict.signer


def test_one_changed_byte_fails_with_a_clear_reason(signed_record, signed_pdf):
    tampered = bytearray(signed_pdf)
    tampered[len(tampered) // 4] ^= 0x01
    verdict = _verify(bytes(tampered))
    assert not verdict.is_valid
    assert "changed" in verdict.reason or "damaged" in verdict.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (b"GIF89a not a pdf", "The file is not a PDF."),
        (b"%PDF-1.7\n this is not really a PDF", "The PDF is damaged and cannot be read."),
    ],
)
def test_files_that_are_not_signed_pdfs_get_a_verdict(db, data, reason):
    verdict = _verify(data)
    assert not verdict.is_valid
    assert verdict.reason == reason


def test_an_unsigned_pdf_is_refused(db, unsigned_pdf):
    assert _verify(unsigned_pdf).reason == "The PDF has no digital signature."


def test_a_pdf_signed_by_someone_else_is_not_trusted(db, foreign_signed_pdf):
    verdict = _verify(foreign_signed_pdf)
    assert not verdict.is_valid
    assert verdict.reason.startswith("Signed by a certificate this system does not trust")
    assert "Somebody Else Ltd" in verdict.reason


def test_content_appended_after_signing_is_caught(signed_record, appended_pdf):
    verdict = _verify(appended_pdf)
    assert not verdict.is_valid
    assert verdict.reason == "Content was appended to the file after it was signed."


def test_a_genuine_signature_on_a_file_not_on_record_is_not_verified(db, signed_pdf):
    verdict = _verify(signed_pdf)
    assert not verdict.is_valid
    assert "matches no document on record" in verdict.reason


def test_pdfsig_agrees_the_signature_is_valid(signed_pdf, tmp_path):
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed; make install-system-deps adds it")
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_pdf)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    assert "Signature Validation: Signature is Valid." in result.stdout, result.stdout
    assert "Total document signed" in result.stdout
