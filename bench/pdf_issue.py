"""Benchmark: issuing PCD 867's documents vs WeasyPrint and pyHanko called directly.

    DATABASE_URL=postgres://... DEMO_PASSWORD=x .venv/bin/python bench/pdf_issue.py [runs]

Needs the demo data (`manage.py load_demo`). Issues are rolled back, so nothing is kept; files go
to a temporary MEDIA_ROOT and the development CA to a temporary PDF_PKI_DIR.
"""

import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
scratch = tempfile.mkdtemp(prefix="alpha-hub-bench-")
os.environ.setdefault("MEDIA_ROOT", scratch + "/media")
os.environ.setdefault("PDF_PKI_DIR", scratch + "/pki")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.sign.fields import SigSeedSubFilter  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from alpha_hub.models import User  # noqa: E402
from alpha_hub.pdf.pki import signing_material  # noqa: E402
from alpha_hub.pdf.render import StaticFilesOnlyFetcher, base_url  # noqa: E402
from decisions.documents import TEMPLATE, decision_documents_issue, document_context  # noqa: E402
from decisions.models import Decision, DecisionDocument  # noqa: E402


class RollbackError(Exception):
    pass


def issue_once(decision, user) -> float:
    start = time.perf_counter()
    try:
        with transaction.atomic():
            DecisionDocument.objects.filter(decision=decision).delete()
            decision_documents_issue(decision=decision, user=user)
            elapsed = time.perf_counter() - start
            raise RollbackError
    except RollbackError:
        return elapsed


def direct_once(decision) -> float:
    """The same two PDFs with the libraries called directly: the floor for our own code."""
    material = signing_material()
    signer = signers.SimpleSigner.load(
        str(material.key_path),
        str(material.cert_path),
        ca_chain_files=(str(material.trust_root_path),),
    )
    start = time.perf_counter()
    for variant in ("public", "full"):
        html = render_to_string(TEMPLATE, document_context(decision, variant))
        pdf = HTML(
            string=html, base_url=base_url(), url_fetcher=StaticFilesOnlyFetcher()
        ).write_pdf(font_config=FontConfiguration(), pdf_variant="pdf/ua-1")
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        fields.append_signature_field(writer, fields.SigFieldSpec("Signature"))
        meta = signers.PdfSignatureMetadata(
            field_name="Signature", md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES
        )
        signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=BytesIO())
    return time.perf_counter() - start


def main(runs: int) -> None:
    decision = Decision.objects.get(series__code="PCD", number=867)
    user = User.objects.get(username="dmpc")
    issue_once(decision, user)  # warm-up: CA generation, font loading, template cache
    direct_once(decision)
    ours, direct = [], []
    for _ in range(runs):
        ours.append(issue_once(decision, user))
        direct.append(direct_once(decision))
    ours_median, direct_median = statistics.median(ours), statistics.median(direct)
    print(f"runs: {runs} (each: public + full PDF of PCD 867, rendered and signed)")
    print(f"decision_documents_issue: median {ours_median:.2f} s")
    print(f"WeasyPrint + pyHanko directly: median {direct_median:.2f} s")
    print(f"ratio: {ours_median / direct_median:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
