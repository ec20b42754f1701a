"""Every role x claim action, as the claims table in docs/permissions.md states it."""

from datetime import date
from pathlib import Path

import pytest

from alpha_hub.roles import Role
from claims import permissions as p
from claims import services
from claims.models import ClaimStatus, ReportKind
from tests.claims.support import claim_in, make_people, pdf
from tests.factories import UserFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
S = ClaimStatus
HEADING = "## Claims, payments and reports"

ACTIONS = {
    "Read claims and payments": (S.DRAFT, p.can_view_claims),
    "Read monitoring reports": (S.DRAFT, p.can_view_reports),
    "Prepare a claim": (S.DRAFT, lambda u, c: p.can_prepare_claim(u, c.agreement)),
    "Change a draft claim's spend and evidence": (S.DRAFT, p.can_edit_claim),
    "Submit a claim": (S.DRAFT, p.can_submit_claim),
    "Check a submitted claim": (S.SUBMITTED, p.can_check_claim),
    "Return a submitted claim": (S.SUBMITTED, p.can_return_claim),
    "Approve a checked claim": (S.CHECKED, p.can_approve_claim),
    "Return a checked claim": (S.CHECKED, p.can_return_claim),
    "Record a payment": (S.APPROVED, p.can_record_payment),
    "Set the claim schedule and required reports": (S.DRAFT, lambda u, c: p.can_manage_schedule(u)),
    "Record a monitoring report": (S.DRAFT, lambda u, c: p.can_submit_report(u)),
    "Review a monitoring report": (S.DRAFT, None),
    "Close an agreement": (S.DRAFT, lambda u, c: p.can_close_agreement(u)),
}
COLUMNS = ["preparer", "checker", "finance", *[r for r in Role.values if r != Role.FINANCE]]


def _doc_matrix() -> dict[tuple[str, str], bool]:
    text = DOC.read_text()
    section = text[text.index(HEADING) :]
    section = section.split("\n## ", 1)[0]  # up to the next section
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[1:] == COLUMNS, header
    matrix = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        for column, cell in zip(COLUMNS, cells[1:], strict=True):
            assert cell in ("yes", "no"), cell
            matrix[(cells[0], column)] = cell == "yes"
    return matrix


def test_the_doc_lists_every_action():
    assert {action for action, _ in _doc_matrix()} == set(ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_what_the_doc_says(action):
    people = make_people()
    state, predicate = ACTIONS[action]
    claim = claim_in(state, people)
    users = {"preparer": people.preparer, "checker": people.checker}
    users |= {role: UserFactory(roles=[role]) for role in Role.values}
    if predicate is None:
        requirement = services.report_requirement_add(
            agreement=claim.agreement, user=people.preparer, kind=ReportKind.PROGRESS,
            title="Q1 progress", due_on=date(2020, 7, 31),
        )  # fmt: skip
        report = services.report_submit(
            requirement=requirement, user=people.preparer, checked=pdf()
        )
        predicate = lambda user, _claim: p.can_review_report(user, report)  # noqa: E731
    expected = _doc_matrix()
    actual = {column: predicate(users[column], claim) for column in COLUMNS}
    assert actual == {column: expected[(action, column)] for column in COLUMNS}
