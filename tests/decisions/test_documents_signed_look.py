"""The signed document looks signed (issue 13 point 7): the body, the series label, a visible
signature block with the real signing time, who drafted and cleared it, public access, the
value as published, what it approves, and where to check it; still PDF/UA-tagged and signed."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from freezegun import freeze_time
from pyhanko.pdf_utils.reader import PdfFileReader

from decisions import services
from decisions.documents import decision_documents_issue
from decisions.models import Decision, DecisionDocument, DecisionLink, Signature
from tests.decisions.test_workflow_support import (
    balanced_agreement,
    clear_all,
    complete_draft,
    dmpc_rule,
    make_people,
    sign,
)

pytestmark = pytest.mark.django_db
Variant = DecisionDocument.Variant
LOGO = "govuk/assets/images/icon-180.png"  # any PNG under static/ stands for a body's mark


@pytest.fixture
def people():
    dmpc_rule()
    return make_people()


def _text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(path), "-"],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return " ".join(text.split())


def _alt_texts(data: bytes) -> list[str]:
    """The /Alt of every tagged figure: what a screen reader says for an image."""
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfFileReader(BytesIO(data)).root["/StructTreeRoot"])
    return found


def _signed(people, *, withheld=False, part2="", agreements=None) -> Decision:
    decision = complete_draft(people.drafter, value="50000.00", agreements=agreements)
    if withheld:
        services.decision_update(
            decision=decision, user=people.drafter,
            value_publication=Decision.ValuePublication.WITHHELD,
        )  # fmt: skip
    if part2:
        services.decision_part2_set(
            decision=decision, user=people.drafter, has_part2=True,
            exemption_ground="Commercial interests (section 43 FOIA)", body=part2,
        )  # fmt: skip
    services.decision_submit(decision=decision, user=people.drafter)
    clear_all(Decision.objects.get(pk=decision.pk), people.clearer)
    return sign(Decision.objects.get(pk=decision.pk), people.dmpc)


def _documents(decision) -> dict[str, bytes]:
    issued = decision_documents_issue(decision=decision, user=decision.signed_by)
    return {variant: document.file.open("rb").read() for variant, document in issued.items()}


def test_the_signature_block_prints_the_time_the_signer_signed_not_when_it_was_issued(
    people, tmp_path
):
    # Signed two hours ago; the documents are issued now (a worker may issue them later).
    with freeze_time(timezone.now() - timedelta(hours=2)):
        decision = _signed(people)
    signed_at = timezone.localtime(Signature.objects.get(decision=decision).signed_at)
    text = _text(_documents(decision)[Variant.PUBLIC], tmp_path)

    when = f"{date_format(signed_at, 'j F Y')} at {date_format(signed_at, 'g:i')}"
    when += date_format(signed_at, "A").lower()
    assert (
        f"Signed electronically by Sophie Linden, Deputy Mayor for Policing and Crime on {when} "
        "(UK time)" in text
    )
    now = timezone.localtime()
    assert f"at {date_format(now, 'g:i')}{date_format(now, 'A').lower()} (UK time)" not in text


def test_the_document_names_the_body_series_signer_fingerprint_and_where_to_check_it(
    people, tmp_path, settings
):
    decision = _signed(people)
    issued = decision_documents_issue(decision=decision, user=people.dmpc)
    document = issued[Variant.PUBLIC]
    data = document.file.open("rb").read()
    text = _text(data, tmp_path)

    assert "Mayor's Office for Policing and Crime" in text
    assert f"DMPC Decision \N{EN DASH} {decision.reference}" in text
    fingerprint = document.certificate_fingerprint.upper()
    colons = ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2))
    assert colons in text.replace(" ", "")
    assert "None declared." in text
    assert f"Check this document at {settings.SITE_URL}/verify/" in text
    assert f"QR code for {settings.SITE_URL}/verify/" in _alt_texts(data)


def test_the_approval_table_names_the_drafter_and_each_clearer_with_their_capacity(
    people, tmp_path
):
    decision = _signed(people)
    text = _text(_documents(decision)[Variant.PUBLIC], tmp_path)

    assert f"Drafted by (officer) {people.drafter.display_name}" in text
    # Each capacity is cleared by a different person (docs/adr/0063).
    for clearance in decision.clearances.select_related("cleared_by"):
        capacity = clearance.get_capacity_display().lower()
        assert f"Cleared: {capacity} {clearance.cleared_by.display_name}" in text
    assert decision.clearances.values("cleared_by").distinct().count() == 3


def test_public_access_says_whether_there_is_a_part_2_and_on_what_ground(people, tmp_path):
    with_part2 = _signed(people, part2="Breakdown of costs.")
    documents = _documents(with_part2)
    public, full = (_text(documents[v], tmp_path) for v in (Variant.PUBLIC, Variant.FULL))
    for text in (public, full):
        assert "Part 1 Published on the public register" in text
        assert "There is a Part 2, which is not published. Exemption ground: Commercial" in text
    assert "Breakdown of costs." not in public
    assert "Breakdown of costs." in full

    without = _text(_documents(_signed(people))[Variant.PUBLIC], tmp_path)
    assert "Part 2 None: this decision has no Part 2." in without


def test_a_withheld_value_is_never_printed_in_the_public_document(people, tmp_path):
    agreement = balanced_agreement("50000.00")
    decision = _signed(people, withheld=True, part2="Costs.", agreements=[agreement])
    documents = _documents(decision)
    public, full = (_text(documents[v], tmp_path) for v in (Variant.PUBLIC, Variant.FULL))

    assert "Grant agreements approved" in public
    assert agreement.reference in public
    assert "£50,000.00" not in public
    assert "Withheld" in public
    assert "£50,000.00 (withheld from publication)" in full


def test_related_decisions_are_listed_and_the_public_version_names_only_published_ones(
    people, tmp_path
):
    earlier = _signed(people)
    decision = complete_draft(people.drafter)
    services.decision_link_add(
        decision=decision, user=people.drafter, target=earlier, kind=DecisionLink.Kind.CONTINUES
    )
    services.decision_submit(decision=decision, user=people.drafter)
    clear_all(Decision.objects.get(pk=decision.pk), people.clearer)
    decision = sign(Decision.objects.get(pk=decision.pk), people.dmpc)
    documents = _documents(decision)

    assert f"Continues {earlier.reference}" in _text(documents[Variant.FULL], tmp_path)
    # The earlier decision is signed but not published: the public version keeps it out.
    assert earlier.reference not in _text(documents[Variant.PUBLIC], tmp_path)


def test_the_body_name_and_mark_come_from_the_settings(people, tmp_path, settings):
    settings.ORGANISATION_NAME = "Office of the Police and Crime Commissioner"
    settings.ORGANISATION_LOGO = LOGO
    data = _documents(_signed(people))[Variant.PUBLIC]

    assert "Office of the Police and Crime Commissioner" in _text(data, tmp_path)
    assert "Office of the Police and Crime Commissioner" in _alt_texts(data)


@pytest.mark.parametrize("logo", ["/etc/passwd", "../config/settings.py", "images/missing.png"])
def test_a_mark_outside_static_is_refused_and_nothing_is_issued(people, settings, logo):
    decision = _signed(people)
    settings.ORGANISATION_LOGO = logo
    with pytest.raises(ImproperlyConfigured, match="ORGANISATION_LOGO"):
        decision_documents_issue(decision=decision, user=people.dmpc)
    assert not DecisionDocument.objects.filter(decision=decision).exists()


def test_the_new_layout_keeps_a_signature_poppler_calls_valid(people, tmp_path):
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    path = tmp_path / "signed.pdf"
    path.write_bytes(_documents(_signed(people, part2="Costs."))[Variant.FULL])
    report = subprocess.run(  # noqa: S603
        ["pdfsig", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "Signature is Valid" in report
    assert "Total document signed" in report


def test_the_financial_value_is_printed_as_published(people, tmp_path):
    decision = _signed(people)
    assert decision.financial_value == Decimal("50000.00")
    assert "Financial value £50,000.00" in _text(_documents(decision)[Variant.PUBLIC], tmp_path)
