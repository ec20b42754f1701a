"""Issuing the signed decision documents: rendered once, signed, stored with their hash."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from alpha_hub.history import stamp
from alpha_hub.pdf.pki import BODY_NAME, certificate_fingerprint, signing_material
from alpha_hub.pdf.render import render_pdf
from alpha_hub.pdf.sign import sign_pdf
from contracts.models import Contract
from decisions.models import INTEREST_DECLARATION, Decision, DecisionDocument, RestrictedPart

# Bump when templates/pdf/ changes: stored documents say which layout they were issued with.
TEMPLATE_VERSION = "decision-pdf/3"  # 3: kind, value as published, contracts; 2: office
TEMPLATE = "pdf/decision.html"
Variant = DecisionDocument.Variant


def decision_documents_issue(*, decision: Decision, user) -> dict[str, DecisionDocument]:
    """Render, sign and store the public and full PDFs of a signed decision, once.

    Idempotent: a variant already issued is returned as stored, never re-rendered.
    """
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("series", "office")
            .get(pk=decision.pk)
        )
        if not decision.is_signed:
            raise ValidationError("Only a signed decision has signed documents.")
        issued = {document.variant: document for document in decision.documents.all()}
        for variant in (Variant.PUBLIC, Variant.FULL):
            if variant not in issued:
                issued[variant] = _issue(decision, variant, user)
        return issued


def document_context(decision: Decision, variant: str) -> dict:
    """What templates/pdf/decision.html shows for `variant` (Part 2 only in the full one)."""
    signature = getattr(decision, "signature", None)
    full = variant == Variant.FULL
    return {
        "decision": decision,
        "variant": variant,
        "full": full,
        "body_name": BODY_NAME,
        "recommendations": list(decision.recommendations.order_by("position")),
        "sections": list(decision.sections.order_by("position")),
        "contracts": list(
            Contract.objects.filter(approval__decision=decision)
            .select_related("supplier")
            .order_by("starts_on", "pk")
        ),
        "declaration": signature.declaration if signature else INTEREST_DECLARATION,
        "signed_by_name": (signature.printed_name if signature else "") or decision.signed_by_name,
        # What the signer recorded below the declaration: none, or each interest and its handling.
        "interests": list(signature.interests.order_by("position")) if signature else [],
        "part2": RestrictedPart.objects.filter(decision=decision).first() if full else None,
    }


def document_render_and_sign(decision: Decision, variant: str) -> tuple[bytes, str]:
    """The signed PDF bytes for `variant` and the signing certificate's fingerprint."""
    material = signing_material()
    pdf = render_pdf(TEMPLATE, document_context(decision, variant))
    reason = f"Issued by the {BODY_NAME}: {decision.reference}"
    return sign_pdf(pdf, reason=reason, material=material), certificate_fingerprint(
        material.cert_path
    )


def _issue(decision: Decision, variant: str, user) -> DecisionDocument:
    signed, fingerprint = document_render_and_sign(decision, variant)
    document = DecisionDocument(
        decision=decision,
        variant=variant,
        sha256=hashlib.sha256(signed).hexdigest(),
        certificate_fingerprint=fingerprint,
        template_version=TEMPLATE_VERSION,
    )
    document.file.save(f"{decision.slug}-{variant}.pdf", ContentFile(signed), save=False)
    stamp(document, user=user, reason=f"Issued the signed {variant} document")
    document.save()
    return document


def document_find_by_sha256(sha256: str) -> DecisionDocument | None:
    """The issued document whose file has this SHA-256, with its decision."""
    return DecisionDocument.objects.select_related("decision__series").filter(sha256=sha256).first()


def document_get(*, slug: str, variant: str, published_only: bool) -> DecisionDocument | None:
    """The issued `variant` of the decision with `slug` (e.g. `pcd-867`), or None."""
    series, _, number = slug.partition("-")
    if not (series.isalpha() and number.isdigit() and 0 < len(number) < 10):
        return None
    documents = DecisionDocument.objects.select_related("decision__series").filter(
        decision__series__code=series.upper(), decision__number=int(number), variant=variant
    )
    if published_only:
        documents = documents.filter(decision__status=Decision.Status.PUBLISHED)
    return documents.first()
