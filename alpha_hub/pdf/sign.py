"""PAdES (B-B, SHA-256) signatures with pyHanko."""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter

from alpha_hub.pdf.pki import BODY_NAME, SigningMaterial, signing_material

FIELD_NAME = "DecisionSignature"


def sign_pdf(pdf: bytes, *, reason: str, material: SigningMaterial | None = None) -> bytes:
    """`pdf` with an invisible PAdES signature by the configured certificate appended."""
    material = material or signing_material()
    signer = _signer(str(material.key_path), str(material.cert_path), str(material.trust_root_path))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location="London",
        name=BODY_NAME,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME))
    output = BytesIO()
    signers.PdfSigner(metadata, signer=signer).sign_pdf(writer, output=output)
    return output.getvalue()


@cache
def _signer(key_path: str, cert_path: str, ca_path: str) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load(key_path, cert_path, ca_chain_files=(ca_path,))
    if signer is None:
        raise RuntimeError(f"Could not load the signing key {Path(key_path).name}")
    return signer
