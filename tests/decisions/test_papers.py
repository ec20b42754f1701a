"""Supporting papers: appendices and background papers on a decision, Part 1 or Part 2.

Added and removed by the drafter while the decision may change; listed on the staff page, the
public page (Part 1, once published), the signed PDFs and the auditor's bulk export.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import pgtrigger
import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.files import DOCX, PDF, XLSX
from alpha_hub.roles import Role
from decisions import services
from decisions.documents import decision_documents_issue, document_context
from decisions.exports import export_build
from decisions.models import BulkExport, Decision, SupportingPaper
from decisions.services import papers
from tests.decisions.test_workflow_support import (
    clear_all,
    complete_draft,
    dmpc_rule,
    make_people,
    sign,
)

pytestmark = pytest.mark.django_db
S = Decision.Status

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _office(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX_BYTES = _office("word/document.xml")
XLSX_BYTES = _office("xl/workbook.xml")


def _upload(name="appendix-a.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _stored_papers() -> list[str]:
    """Every paper file in the storage (InMemoryStorage in the tests)."""
    found = []
    folders = ["decisions/papers"]
    while folders:
        folder = folders.pop()
        if not default_storage.exists(folder):
            continue
        subfolders, files = default_storage.listdir(folder)
        folders += [f"{folder}/{sub}" for sub in subfolders]
        found += [f"{folder}/{name}" for name in files]
    return found


@pytest.fixture(autouse=True)
def _own_storage(settings):
    """A storage of this test's own: InMemoryStorage otherwise lasts the whole test process."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def people():
    people = make_people()
    dmpc_rule()
    return people


@pytest.fixture
def draft(people):
    decision = complete_draft(people.drafter)
    services.decision_part2_set(
        decision=decision, user=people.drafter, has_part2=True,
        exemption_ground="Commercial interests (FOIA s43)", body="The bids received.",
    )  # fmt: skip
    return Decision.objects.get(pk=decision.pk)


def _add(decision, user, *, title="Appendix A: the bid", part=1, kind="appendix", **upload):
    return papers.paper_add(
        decision=decision, user=user, checked=papers.paper_check(_upload(**upload)),
        title=title, kind=kind, part=part,
    )  # fmt: skip


def _post_paper(client, decision, **overrides):
    data = {"title": "Appendix A: the bid", "kind": "appendix", "part": "1",
            "file": _upload()}  # fmt: skip
    data.update(overrides)
    return client.post(f"/staff/decisions/{decision.pk}/papers/new/", data)


def _publish(decision, people) -> Decision:
    services.decision_submit(decision=decision, user=people.drafter)
    clear_all(decision, people.clearer)
    sign(decision, people.dmpc)
    return services.decision_publish(decision=decision, user=people.drafter)


# Adding, listing, downloading ------------------------------------------------------------------


def test_the_drafter_uploads_an_appendix_and_it_is_listed_with_its_checksum(people, draft):
    officer = _client(people.drafter)
    form = officer.get(f"/staff/decisions/{draft.pk}/papers/new/")
    assert "A PDF, Word (.docx) or Excel (.xlsx) file, up to 20 MB." in form.text
    assert 'enctype="multipart/form-data"' in form.text

    response = _post_paper(officer, draft)
    assert response.status_code == 302
    paper = SupportingPaper.objects.get()
    assert (paper.title, paper.kind, paper.part, paper.content_type) == (
        "Appendix A: the bid", "appendix", 1, PDF,
    )  # fmt: skip
    assert paper.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert paper.size == len(PDF_BYTES)
    assert paper.uploaded_by == people.drafter
    assert default_storage.open(paper.file.name).read() == PDF_BYTES

    page = officer.get(f"/staff/decisions/{draft.pk}/").text
    assert "Supporting papers" in page
    assert "Appendix A: the bid" in page
    assert f"/staff/decisions/{draft.pk}/papers/{paper.pk}/remove/" in page
    download = officer.get(f"/staff/decisions/{draft.pk}/papers/{paper.pk}/")
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == PDF
    assert download["Content-Disposition"] == 'attachment; filename="appendix-a.pdf"'


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("paper.pdf", PDF_BYTES, PDF),
        ("Options.DOCX", DOCX_BYTES, DOCX),
        ("costs.xlsx", XLSX_BYTES, XLSX),
    ],
)
def test_pdf_docx_and_xlsx_are_kept_by_their_content(people, draft, name, data, kind):
    paper = _add(draft, people.drafter, name=name, data=data, kind="background")
    assert paper.content_type == kind
    assert paper.get_kind_display() == "Background paper"


# Bad input: a clear message, nothing stored ----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"file": _upload("appendix.pdf", EXE_BYTES)},
            "appendix.pdf must be a PDF, a Word document (.docx) or an Excel workbook (.xlsx); its "
            "content does not match its name",
        ),
        (
            {"file": _upload("notes.pdf", b"just some text")},
            "notes.pdf must be a PDF, a Word document (.docx) or an Excel workbook (.xlsx)",
        ),
        ({"file": _upload("sheet.pdf", XLSX_BYTES)}, "its content does not match its name"),
        ({"file": _upload("empty.pdf", b"")}, "The file you chose is empty."),
        ({"file": _upload("big.pdf", PDF_BYTES + b" " * 2048)}, "big.pdf is larger than 0 MB"),
        ({"title": "x" * 201}, "The paper&#x27;s title must be 200 characters or fewer."),
        (
            {"title": "<script>alert(1)</script>"},
            "The paper&#x27;s title must be plain text: remove the &lt; and &gt; characters.",
        ),
        ({"title": "   "}, "Enter the paper&#x27;s title."),
        ({"kind": "minutes"}, "Choose whether the paper is an appendix or a background paper."),
        ({"part": "3"}, "Choose whether the paper is in Part 1 or Part 2."),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_nothing_is_stored(
    people, draft, settings, overrides, message
):
    settings.DECISION_PAPER_MAX_BYTES = 1024
    response = _post_paper(_client(people.drafter), draft, **overrides)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not SupportingPaper.objects.exists()
    assert _stored_papers() == []


def test_the_database_refuses_html_in_a_title_and_an_unknown_type(people, draft):
    paper = _add(draft, people.drafter)
    for field, value in [("title", "<b>bold</b>"), ("content_type", "application/x-msdownload")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            SupportingPaper.objects.filter(pk=paper.pk).update(**{field: value})


def test_a_part2_paper_needs_the_decision_to_have_a_part2(people):
    decision = complete_draft(people.drafter)
    response = _post_paper(_client(people.drafter), decision, part="2")
    assert response.status_code == 200
    assert "has no Part 2: record its Part 2 and exemption ground" in response.text
    assert not SupportingPaper.objects.exists()
    assert _stored_papers() == []


def test_only_the_drafting_officer_adds_or_removes_papers(people, draft, make_user):
    paper = _add(draft, people.drafter)
    for user in (people.clearer, people.dmpc, make_user(Role.OFFICER), make_user(Role.AUDITOR)):
        client = _client(user)
        assert _post_paper(client, draft, title="Another").status_code == 403
        remove = f"/staff/decisions/{draft.pk}/papers/{paper.pk}/remove/"
        assert client.post(remove).status_code == 403
        assert "Add an appendix" not in client.get(f"/staff/decisions/{draft.pk}/").text
    assert list(SupportingPaper.objects.values_list("title", flat=True)) == [paper.title]
    with pytest.raises(services.DecisionRefusedError, match="Only the drafting officer"):
        _add(draft, people.clearer)


def test_papers_cannot_change_once_submitted_and_are_frozen_once_signed(people, draft):
    paper = _add(draft, people.drafter)
    services.decision_submit(decision=draft, user=people.drafter)
    officer = _client(people.drafter)
    response = _post_paper(officer, draft, title="Late paper")
    assert response.status_code == 409
    assert "only a draft or a returned decision can be changed." in response.text

    clear_all(draft, people.clearer)
    sign(draft, people.dmpc)
    response = _post_paper(officer, draft, title="Later paper")
    assert response.status_code == 409
    assert "is signed and cannot be changed" in response.text
    removal = officer.post(f"/staff/decisions/{draft.pk}/papers/{paper.pk}/remove/")
    assert removal.status_code == 409
    assert "is signed and cannot be changed" in removal.text
    assert "Add an appendix" not in officer.get(f"/staff/decisions/{draft.pk}/").text
    with pytest.raises(services.DecisionRefusedError, match="is signed"):
        _add(draft, people.drafter, title="Through the service")
    assert SupportingPaper.objects.count() == 1
    assert len(_stored_papers()) == 1
    # The database refuses too, whoever asks.
    for change in (
        lambda: SupportingPaper.objects.filter(pk=paper.pk).update(title="Changed"),
        lambda: SupportingPaper.objects.filter(pk=paper.pk).delete(),
        lambda: SupportingPaper.objects.create(
            decision=draft, kind="appendix", part=1, title="Sneaked in", file="x.pdf",
            file_name="x.pdf", content_type=PDF, size=1, sha256="0" * 64,
            uploaded_by=people.drafter,
        ),
    ):  # fmt: skip
        with pytest.raises(IntegrityError, match="signed decision"), transaction.atomic():
            change()


def test_a_returned_decision_takes_papers_with_a_reason(people, draft):
    services.decision_submit(decision=draft, user=people.drafter)
    services.decision_return(decision=draft, user=people.clearer, reason="Add the bid")
    officer = _client(people.drafter)
    response = _post_paper(officer, draft)
    assert "Enter the reason for this change." in response.text
    assert _post_paper(officer, draft, reason="The bid, as asked").status_code == 302
    paper = SupportingPaper.objects.get()
    assert paper.history.get().history_change_reason == "The bid, as asked"


# Removing ---------------------------------------------------------------------------------------


def test_removing_a_paper_asks_first_then_deletes_it_and_its_file(
    people, draft, django_capture_on_commit_callbacks
):
    paper = _add(draft, people.drafter)
    name = paper.file.name
    officer = _client(people.drafter)
    url = f"/staff/decisions/{draft.pk}/papers/{paper.pk}/remove/"
    confirm = officer.get(url)
    assert "Are you sure you want to remove this appendix?" in confirm.text
    assert "Appendix A: the bid" in confirm.text
    assert SupportingPaper.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(url)
    assert response.status_code == 302
    assert not SupportingPaper.objects.exists()
    assert not default_storage.exists(name)
    assert officer.post(url).status_code == 404  # already gone


# Part 1 and Part 2 ------------------------------------------------------------------------------


@pytest.fixture
def published(people, draft):
    _add(draft, people.drafter, title="Appendix A: the bid")
    _add(
        draft, people.drafter, title="Scoring of the bidders", part=2, kind="background",
        data=PDF_BYTES + b"% the scores\n",
    )  # fmt: skip
    return _publish(draft, people)


def test_the_public_page_lists_part1_papers_and_serves_them(published):
    part1, _part2 = SupportingPaper.objects.order_by("part")
    page = Client().get(published.get_absolute_url()).text
    assert "Appendix: Appendix A: the bid" in page
    assert f"/decisions/{published.slug}/papers/{part1.pk}/" in page
    assert "Scoring of the bidders" not in page

    download = Client().get(f"/decisions/{published.slug}/papers/{part1.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_part2_paper_is_never_public_and_its_reads_are_logged(people, published, make_user):
    part2 = SupportingPaper.objects.get(part=2)
    public = Client()
    assert public.get(f"/decisions/{published.slug}/papers/{part2.pk}/").status_code == 404
    staff_url = f"/staff/decisions/{published.pk}/papers/{part2.pk}/"
    assert public.get(staff_url).status_code == 302  # to sign in

    finance = _client(make_user(Role.FINANCE))  # not on the decision's grant
    assert finance.get(staff_url).status_code == 403
    page = finance.get(f"/staff/decisions/{published.pk}/").text
    assert "Scoring of the bidders" not in page
    assert "A restricted paper (you do not have access to Part 2)" in page

    clearer = _client(people.clearer)
    assert "Scoring of the bidders" in clearer.get(f"/staff/decisions/{published.pk}/").text
    download = clearer.get(staff_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES + b"% the scores\n"
    events = AccessEvent.objects.filter(kind=AccessKind.PART2_VIEW, user=people.clearer)
    assert f"{published.reference} Part 2 paper: Scoring of the bidders" in {
        event.subject for event in events
    }


def test_a_part1_paper_is_not_public_before_publication(people, draft):
    paper = _add(draft, people.drafter)
    assert Client().get(f"/decisions/{draft.slug}/papers/{paper.pk}/").status_code == 404
    services.decision_submit(decision=draft, user=people.drafter)
    clear_all(draft, people.clearer)
    sign(draft, people.dmpc)
    assert Client().get(f"/decisions/{draft.slug}/papers/{paper.pk}/").status_code == 404
    assert Client().get(f"/decisions/pcd-99999/papers/{paper.pk}/").status_code == 404


def test_the_signed_pdfs_list_the_papers_the_variant_may_show(published):
    part1, part2 = SupportingPaper.objects.order_by("part")
    public = render_to_string("pdf/decision.html", document_context(published, "public"))
    assert "Supporting papers" in public
    assert "Appendix A: the bid" in public
    assert part1.sha256 in public
    assert "Scoring of the bidders" not in public
    assert part2.sha256 not in public
    assert "also has supporting papers in Part 2, which are not published" in public
    full = render_to_string("pdf/decision.html", document_context(published, "full"))
    assert "Appendix A: the bid" in full
    assert "Scoring of the bidders" in full
    assert "Part 2 (restricted)" in full
    assert part2.sha256 in full


def test_the_bulk_export_holds_part1_papers_with_their_sha256(published, make_user):
    decision_documents_issue(decision=published, user=published.signed_by)
    export = BulkExport.objects.create(requested_by=make_user(Role.AUDITOR))
    export_build(export)
    export.refresh_from_db()
    with export.file.open("rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    paper = SupportingPaper.objects.get(part=1)
    paper_rows = [row for row in rows if row["file"].startswith("papers/")]
    assert [(r["reference"], r["title"], r["variant"]) for r in paper_rows] == [
        (published.reference, "Appendix A: the bid", "appendix")
    ]
    assert paper_rows[0]["sha256"] == paper.sha256
    assert hashlib.sha256(archive.read(paper_rows[0]["file"])).hexdigest() == paper.sha256
    assert not any("Scoring" in row["title"] for row in rows)


def test_the_pages_read_the_papers_in_one_query_however_many(people, published):
    def queries(url, client) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    staff, public = _client(people.clearer), Client()
    staff_url, public_url = f"/staff/decisions/{published.pk}/", published.get_absolute_url()
    before = queries(staff_url, staff), queries(public_url, public)
    paper = SupportingPaper.objects.filter(part=1).get()
    for number in range(4):  # straight into the table: the decision is signed and frozen
        with pgtrigger.ignore("decisions.SupportingPaper:frozen_when_signed"):
            SupportingPaper.objects.create(
                decision=published, kind="background", part=1 + number % 2,
                title=f"Paper {number}", file=paper.file.name, file_name=paper.file_name,
                content_type=PDF, size=paper.size, sha256=paper.sha256, uploaded_by=people.drafter,
            )  # fmt: skip
    cache.clear()  # the public page is cached; a signed decision's papers never change otherwise
    assert (queries(staff_url, staff), queries(public_url, public)) == before


def test_every_problem_with_the_upload_is_shown_at_once(people, draft):
    response = _post_paper(
        _client(people.drafter), draft, title="<i>A</i>", kind="", file=_upload("a.pdf", EXE_BYTES)
    )
    assert response.status_code == 200
    for message in (
        "must be plain text", "Choose whether the paper is an appendix",
        "a.pdf must be a PDF, a Word document (.docx) or an Excel workbook (.xlsx)",
    ):  # fmt: skip
        assert message in response.text
    assert not SupportingPaper.objects.exists()
