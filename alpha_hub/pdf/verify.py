"""Is this PDF a document the system issued, unaltered? A verdict with a reason for each check."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from alpha_hub.pdf.pki import signing_material

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class Verdict:
    """What verification found; `document` is the stored record when the hash matched."""

    checks: list[Check] = field(default_factory=list)
    sha256: str = ""
    signer: str = ""
    signed_at: object = None
    document: object = None

    @property
    def is_valid(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    @property
    def reason(self) -> str:
        """The first failure, in plain words; empty when every check passed."""
        return next((check.detail for check in self.checks if not check.passed), "")

    def add(self, name: str, passed: bool, ok: str, failed: str) -> bool:
        """Record a check with what it means either way; return whether it passed."""
        self.checks.append(Check(name, passed, ok if passed else failed))
        return passed


def verify_pdf(
    data: bytes, *, find_document=None, trust_roots: list[Path] | None = None
) -> Verdict:
    """Check `data`: a PDF, signed, intact, by our CA, nothing appended, on record.

    `find_document(sha256)` returns the stored record for a hash, or None.
    """
    verdict = Verdict(sha256=hashlib.sha256(data).hexdigest())
    if not data:
        verdict.add("file", False, "", "The file is empty.")
        return verdict
    if not verdict.add("file", data[:1024].lstrip().startswith(b"%PDF-"), "The file is a PDF.",
                       "The file is not a PDF."):  # fmt: skip
        return verdict
    embedded = _signature(data, verdict)
    if embedded is None:
        return verdict
    if _check_signature(embedded, verdict, trust_roots or [signing_material().trust_root_path]):
        _check_record(verdict, find_document)
    return verdict


def _signature(data: bytes, verdict: Verdict):
    try:
        signatures = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    except Exception:  # a damaged file is a verdict, not a crash
        logger.info("verify_pdf: unreadable PDF", exc_info=True)
        verdict.add("file", False, "", "The PDF is damaged and cannot be read.")
        return None
    if not verdict.add(
        "signed",
        bool(signatures),
        "The PDF is digitally signed.",
        "The PDF has no digital signature.",
    ):
        return None
    # The first signature is the issue; anything signed after it must not cover a changed file.
    return signatures[0]


def _check_signature(embedded, verdict: Verdict, trust_roots: list[Path]) -> bool:
    context = ValidationContext(trust_roots=[_load(path) for path in trust_roots])
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception as error:  # a forged or damaged signature is a verdict, not a crash
        logger.info("verify_pdf: signature check failed: %s", error)
        verdict.add("signature", False, "", "The signature is damaged and cannot be checked.")
        return False
    subject = status.signing_cert.subject.native
    verdict.signer = subject.get("common_name") or status.signing_cert.subject.human_friendly
    verdict.signed_at = status.signer_reported_dt
    intact = status.intact and status.valid
    return (
        verdict.add(
            "signature",
            intact,
            "The signature is intact and valid.",
            "The content was changed after it was signed: the signature does not match.",
        )
        and verdict.add(
            "certificate",
            status.trusted,
            "Signed with a certificate issued by this system.",
            f"Signed by a certificate this system does not trust ({verdict.signer}).",
        )
        and verdict.add(
            "coverage",
            status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
            "Nothing was added after signing.",
            "Content was appended to the file after it was signed.",
        )
    )


def _check_record(verdict: Verdict, find_document) -> None:
    document = find_document(verdict.sha256) if find_document else None
    verdict.document = document
    verdict.add(
        "record",
        document is not None,
        f"Matches the issued document {document}.",
        "The file is signed by this system but matches no document on record.",
    )


def _load(path: Path) -> x509.Certificate:
    data = path.read_bytes()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)
