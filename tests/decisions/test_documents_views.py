"""Downloads: the public PDF for anyone once published; the full PDF for Part 2 readers, logged."""

import hashlib
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile

from alpha_hub.audit.models import AccessEvent
from alpha_hub.roles import Role
from decisions.models import Decision, DecisionDocument
from tests.factories import DecisionFactory, UserFactory

PDF = b"%PDF-1.7 pretend signed document"


@pytest.fixture
def pcd_867(demo):
    decision = Decision.objects.get(series__code="PCD", number=867)
    for variant in DecisionDocument.Variant.values:
        document = DecisionDocument(
            decision=decision,
            variant=variant,
            sha256=hashlib.sha256(PDF + variant.encode()).hexdigest(),
            template_version="test",
        )
        document.file.save(f"pcd-867-{variant}.pdf", ContentFile(PDF + variant.encode()), False)
        document.save()
    return decision


def test_anyone_downloads_the_public_signed_pdf(client, pcd_867):
    response = client.get("/decisions/pcd-867/signed.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF + b"public"
    assert 'filename="pcd-867-signed.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("slug", ["pcd-1", "pcd-99999999999999999999", "xx-867", "pcd-0", "pcd"])
def test_no_document_is_a_404(client, pcd_867, slug):
    assert client.get(f"/decisions/{slug}/signed.pdf").status_code == 404


def test_the_public_pdf_of_a_signed_but_unpublished_decision_is_not_served(client, db):
    signer = UserFactory(roles=[Role.DECISION_MAKER])
    decision = DecisionFactory(
        number=4242, status=Decision.Status.SIGNED, signed_by=signer, signed_by_name="S",
        signed_at=datetime(2020, 6, 22, tzinfo=UTC),
    )  # fmt: skip
    DecisionDocument.objects.create(
        decision=decision, variant="public", sha256="0" * 64, template_version="t",
        file=ContentFile(PDF, name="x.pdf"),
    )  # fmt: skip
    assert client.get("/decisions/pcd-4242/signed.pdf").status_code == 404


def test_the_full_pdf_needs_sign_in(client, pcd_867):
    response = client.get("/staff/decisions/pcd-867/full.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_officer_who_did_not_draft_it_is_refused(client_for, pcd_867):
    response = client_for(Role.OFFICER).get("/staff/decisions/pcd-867/full.pdf")
    assert response.status_code == 403
    assert not AccessEvent.objects.filter(kind="full_pdf").exists()


def test_an_auditor_downloads_the_full_pdf_and_it_is_logged(client_for, make_user, pcd_867):
    auditor = make_user(Role.AUDITOR)
    response = client_for(user=auditor).get(
        "/staff/decisions/pcd-867/full.pdf", HTTP_USER_AGENT="Tests"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF + b"full"
    event = AccessEvent.objects.get(kind="full_pdf")
    assert (event.kind, event.user, event.subject) == ("full_pdf", auditor, "PCD 867")
    assert event.user_agent == "Tests"
