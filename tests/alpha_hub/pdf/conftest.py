"""Signed sample PDFs, made once per session: rendering and signing take a while."""

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from alpha_hub.pdf.pki import development_material
from alpha_hub.pdf.render import html_to_pdf
from alpha_hub.pdf.sign import sign_pdf
from decisions.models import Decision, DecisionDocument
from tests.factories import DecisionFactory, UserFactory

SAMPLE_HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>PCD 9001: Sample</title><link rel="stylesheet" href="css/pdf-decision.css"></head>
<body><h1>PCD 9001: Sample</h1><p>The decision text.</p></body></html>"""


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    return html_to_pdf(SAMPLE_HTML)


@pytest.fixture(scope="session")
def signed_pdf(unsigned_pdf, django_db_setup) -> bytes:
    """Signed with the test CA (settings_test.PDF_PKI_DIR)."""
    return sign_pdf(unsigned_pdf, reason="test")


@pytest.fixture(scope="session")
def foreign_signed_pdf(unsigned_pdf, tmp_path_factory) -> bytes:
    """Signed by somebody else: a CA this system never issued."""
    folder: Path = tmp_path_factory.mktemp("foreign-pki")
    material = development_material(folder, organisation="Somebody Else Ltd")
    return sign_pdf(unsigned_pdf, reason="forgery", material=material)


@pytest.fixture(scope="session")
def appended_pdf(signed_pdf) -> bytes:
    """The signed PDF with an incremental update appended after signing."""
    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    writer.root["/AlphaTampered"] = generic.BooleanObject(True)
    writer.update_root()
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.fixture
def signed_record(db, signed_pdf) -> DecisionDocument:
    """A published decision whose public document on record is `signed_pdf`."""
    import hashlib

    signer = UserFactory(roles=["decision_maker"])
    decision = DecisionFactory(
        number=9001,
        status=Decision.Status.PUBLISHED,
        signed_by=signer,
        signed_by_name="Sophie Linden, Deputy Mayor, Policing and Crime",
        signed_at=datetime(2020, 6, 22, 11, tzinfo=UTC),
        published_at=datetime(2020, 6, 30, 11, tzinfo=UTC),
    )
    document = DecisionDocument(
        decision=decision,
        variant=DecisionDocument.Variant.PUBLIC,
        sha256=hashlib.sha256(signed_pdf).hexdigest(),
        template_version="test",
    )
    document.file.save("pcd-9001-public.pdf", ContentFile(signed_pdf), save=False)
    document.save()
    return document
