"""Issuing the signed decision documents: both variants, stored once, never re-rendered."""

import hashlib
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError

from alpha_hub.pdf.pki import certificate_fingerprint, signing_material
from alpha_hub.pdf.verify import verify_pdf
from decisions.documents import TEMPLATE_VERSION, decision_documents_issue, document_find_by_sha256
from decisions.models import Decision, DecisionDocument
from tests.factories import (
    DecisionFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
    mark_signed,
)

Variant = DecisionDocument.Variant


def _pages(pdf: bytes, tmp_path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture
def pcd_867(demo):
    return Decision.objects.get(series__code="PCD", number=867)


def test_issuing_pcd_867_stores_both_signed_variants(pcd_867, demo, tmp_path):
    issued = decision_documents_issue(decision=pcd_867, user=demo["dmpc"])

    assert set(issued) == {Variant.PUBLIC, Variant.FULL}
    fingerprint = certificate_fingerprint(signing_material().cert_path)
    for document in issued.values():
        data = document.file.read()
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert document.certificate_fingerprint == fingerprint
        assert document.template_version == TEMPLATE_VERSION
        assert document.history.get().history_user == demo["dmpc"]
        assert verify_pdf(data, find_document=document_find_by_sha256).is_valid

    public = _pages(issued[Variant.PUBLIC].file.open("rb").read(), tmp_path)
    full = _pages(issued[Variant.FULL].file.open("rb").read(), tmp_path)
    public_text, full_text = "\n".join(public), "\n".join(full)
    for text in (public_text, full_text):
        assert "Mayor's Office for Policing and Crime" in text
        assert "PCD 867" in text
        assert "Project Alpha Social Media Hub" in text
        assert "Executive summary" in text
        assert "Sophie Linden" in text
        assert "I confirm I have considered whether or not I have any personal" in text
        assert "1. Introduction and background" in text
        assert "1.1." in text
    assert "Breakdown of costs" not in public_text
    assert "RESTRICTED" not in public_text
    assert "Breakdown of costs" in full_text
    assert all("RESTRICTED" in page for page in full)
    assert all(f"Page {n} of {len(full)}" in page for n, page in enumerate(full, start=1))


def test_issuing_again_returns_the_stored_documents_without_rendering(pcd_867, demo):
    first = decision_documents_issue(decision=pcd_867, user=demo["dmpc"])
    second = decision_documents_issue(decision=pcd_867, user=demo["auditor"])
    # The signature embeds its time, so a second rendering could not have the same hash.
    assert {v: (d.pk, d.sha256) for v, d in first.items()} == {
        v: (d.pk, d.sha256) for v, d in second.items()
    }
    assert {v: d.file.read() for v, d in second.items()} == {
        v: d.file.read() for v, d in first.items()
    }
    assert DecisionDocument.history.filter(decision=pcd_867).count() == 2


def test_an_unsigned_decision_has_no_documents(db):
    decision = DecisionFactory()
    with pytest.raises(ValidationError, match="Only a signed decision"):
        decision_documents_issue(decision=decision, user=decision.drafted_by)
    assert not DecisionDocument.objects.exists()


def test_html_typed_into_fields_prints_as_text(db, tmp_path):
    script = '<script>alert("x")</script><b>bold</b>'
    signer = UserFactory(roles=["decision_maker"])
    decision = DecisionFactory(title=f"Title {script}", executive_summary=f"Summary {script}")
    RecommendationFactory(decision=decision, text=f"Recommend {script}")
    SectionFactory(decision=decision, body=f"Body {script}")
    mark_signed(decision, signer=signer, signed_by_name=f"Name {script}")

    issued = decision_documents_issue(decision=decision, user=signer)

    text = "\n".join(_pages(issued[Variant.PUBLIC].file.open("rb").read(), tmp_path))
    for label in ("Title", "Summary", "Name", "Recommend", "Body"):
        assert f'{label} <script>alert("x")</script><b>bold</b>' in text
