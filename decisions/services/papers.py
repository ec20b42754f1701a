"""Supporting papers: add and remove a decision's appendices and background papers.

The file is checked by the caller (`paper_check`, from its content) and saved here through the
storage API, in the same transaction as its row: should the row not save, the storage deletes
the file again (docs/adr/0053). Only while the decision may be edited (draft or returned, by its
drafter); the database refuses any change once it is signed (decisions.frozen).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from alpha_hub import files
from decisions.models import Decision, SupportingPaper
from decisions.models.papers import PAPER_TITLE_MAX
from decisions.services._base import DecisionRefusedError, start_edit
from decisions.workflow import EDITABLE_STATUSES

ALLOWED = "a PDF, a Word document (.docx) or an Excel workbook (.xlsx)"


def paper_check(upload) -> files.CheckedFile:
    """The upload read and checked: a PDF, DOCX or XLSX by its content, not empty, not too large.

    Raises `DecisionRefusedError` saying why it was refused.
    """
    try:
        return files.check_upload(
            upload, allowed=SupportingPaper.Type.values,
            limit=settings.DECISION_PAPER_MAX_BYTES, described=ALLOWED,
        )  # fmt: skip
    except files.FileRefusedError as refused:
        raise DecisionRefusedError(str(refused)) from refused


def edit_refusal(decision: Decision) -> str:
    """Why the decision's papers cannot change now, as `start_edit` would say it, or ""."""
    if decision.is_signed:
        return (
            f"{decision.reference} is signed and cannot be changed: a correction is a new "
            "decision that varies or supersedes it."
        )
    if decision.status not in EDITABLE_STATUSES:
        return (
            f"{decision.reference} is {decision.get_status_display().lower()}: only a draft or a "
            "returned decision can be changed."
        )
    return ""


def title_problems(title: str) -> list[str]:
    """Why a paper's title cannot be kept (the database agrees)."""
    if not title:
        return ["Enter the paper's title."]
    if len(title) > PAPER_TITLE_MAX:
        return [f"The paper's title must be {PAPER_TITLE_MAX} characters or fewer."]
    if "<" in title or ">" in title:
        return ["The paper's title must be plain text: remove the < and > characters."]
    return []


@transaction.atomic
def paper_add(
    *,
    decision: Decision,
    user,
    checked: files.CheckedFile,
    title: str,
    kind: str,
    part: int,
    reason: str = "",
) -> SupportingPaper:
    """Attach a checked file to a draft or returned decision as an appendix or background paper,
    in Part 1 (published with it) or Part 2 (restricted; the decision must have a Part 2)."""
    edit = start_edit(decision, user, reason)
    decision = edit.decision
    title = " ".join((title or "").split())
    problems = title_problems(title)
    if kind not in SupportingPaper.Kind.values:
        problems.append("Choose whether the paper is an appendix or a background paper.")
    if part not in SupportingPaper.Part.values:
        problems.append("Choose whether the paper is in Part 1 or Part 2.")
    elif part == SupportingPaper.Part.PART2 and not decision.has_part2:
        problems.append(
            f"{decision.reference} has no Part 2: record its Part 2 and exemption ground before "
            "adding a restricted paper."
        )
    if checked.content_type not in SupportingPaper.Type.values:
        problems.append(f"{checked.file_name} must be {ALLOWED}.")
    if problems:
        raise DecisionRefusedError(*problems)
    paper = SupportingPaper(
        decision=decision, kind=kind, part=part, title=title, file_name=checked.file_name,
        content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
        uploaded_by=user,
    )  # fmt: skip
    paper.file.save(f"{decision.slug}-{checked.file_name}", ContentFile(checked.data), save=False)
    edit.stamp(paper, f"{paper.get_kind_display()} added")
    paper.save()
    return paper


@transaction.atomic
def paper_remove(*, paper: SupportingPaper, user, reason: str = "") -> None:
    """Remove a paper from a draft or returned decision; its file goes once the removal commits."""
    edit = start_edit(paper.decision, user, reason)
    paper = SupportingPaper.objects.select_for_update().filter(pk=paper.pk).first()
    if paper is None or paper.decision_id != edit.decision.pk:
        raise DecisionRefusedError("That paper has already been removed.")
    edit.stamp(paper, f"{paper.get_kind_display()} removed")
    paper.delete()
    stored = paper.file.storage, paper.file.name
    transaction.on_commit(lambda: stored[0].delete(stored[1]))
