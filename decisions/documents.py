"""Issuing the signed decision documents: rendered once, signed, stored with their hash."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from alpha_hub.history import stamp
from alpha_hub.pdf.pki import certificate_fingerprint, signing_material
from alpha_hub.pdf.render import render_pdf, static_roots
from alpha_hub.pdf.sign import sign_pdf
from contracts.models import Contract
from decisions.models import (
    INTEREST_DECLARATION,
    Clearance,
    Decision,
    DecisionDocument,
    DecisionLink,
    RestrictedPart,
)
from grants.models import GrantAgreement

# Bump when templates/pdf/ changes: stored documents say which layout they were issued with.
# 4: the body's mark, series label, signature block, approval and public-access tables,
# agreements, related decisions, verify link and QR code (docs/adr/0065); 3: kind, value as
# published, contracts; 2: office.
TEMPLATE_VERSION = "decision-pdf/4"
TEMPLATE = "pdf/decision.html"
EN_DASH = "\N{EN DASH}"
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


def document_context(decision: Decision, variant: str, *, fingerprint: str = "") -> dict:
    """What templates/pdf/_document.html shows for `variant` (Part 2 only in the full one).

    The sign page shows the same context before signing: no signature yet, no fingerprint.
    """
    signature = getattr(decision, "signature", None)
    full = variant == Variant.FULL
    verify_url = settings.SITE_URL + reverse("documents:verify")
    return {
        "decision": decision,
        "variant": variant,
        "full": full,
        "body_name": settings.ORGANISATION_NAME,
        "logo": organisation_logo(),
        # "DMPC Decision \N{EN DASH} PCD 867": who takes it, and its reference.
        "series_label": series_label(decision),
        "signature": signature,
        "fingerprint": fingerprint_text(fingerprint),
        "drafted_by": decision.drafted_by,
        "clearances": final_clearances(decision),
        "agreements": list(
            GrantAgreement.objects.filter(approvals__decision=decision)
            .select_related("funder", "recipient")
            .order_by("reference")
        ),
        "related": related_decisions(decision, full=full),
        "verify_url": verify_url,
        "verify_qr": segno.make(verify_url, error="m").svg_inline(
            scale=3, title=f"QR code for {verify_url}", omitsize=False
        ),
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
    fingerprint = certificate_fingerprint(material.cert_path)
    pdf = render_pdf(TEMPLATE, document_context(decision, variant, fingerprint=fingerprint))
    reason = f"Issued by the {settings.ORGANISATION_NAME}: {decision.reference}"
    return sign_pdf(pdf, reason=reason, material=material), fingerprint


def series_label(decision: Decision) -> str:
    """ "DMPC Decision \N{EN DASH} PCD 867", as the register's signed documents head it."""
    return f"{decision.addressee_abbreviation} Decision {EN_DASH} {decision.reference}"


def organisation_logo() -> str:
    """ORGANISATION_LOGO, a file under static/ the renderer may read; "" for none."""
    logo = settings.ORGANISATION_LOGO
    if not logo:
        return ""
    path = PurePosixPath(logo)
    if path.is_absolute() or ".." in path.parts:
        raise ImproperlyConfigured(f"ORGANISATION_LOGO must be a path under static/: {logo}")
    if not any((root / logo).is_file() for root in static_roots()):
        raise ImproperlyConfigured(f"ORGANISATION_LOGO names no file under static/: {logo}")
    return logo


def fingerprint_text(fingerprint: str) -> str:
    """64 hex digits as the usual "AB:CD:..." form, as `openssl x509 -fingerprint` prints it."""
    upper = fingerprint.upper()
    return ":".join(upper[i : i + 2] for i in range(0, len(upper), 2))


def final_clearances(decision: Decision) -> list[Clearance]:
    """The clearances of the round that was signed (the last), in the order they were given."""
    last = decision.clearances.aggregate(last=Max("round"))["last"]
    return list(
        Clearance.objects.filter(decision=decision, round=last)
        .select_related("cleared_by")
        .order_by("cleared_at", "capacity")
    )


def related_decisions(decision: Decision, *, full: bool) -> list[tuple[str, Decision]]:
    """The earlier decisions this one continues, varies, supersedes or refers to; the public
    version names only those already on the public register."""
    links = DecisionLink.objects.filter(source=decision).select_related("target__series")
    if not full:
        links = links.filter(target__status=Decision.Status.PUBLISHED)
    return [
        (link.get_kind_display(), link.target) for link in links.order_by("target__signed_at", "pk")
    ]


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
