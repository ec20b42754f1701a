"""Every role x action, as docs/permissions.md states it: the predicates and the doc agree."""

import re
from pathlib import Path

import pytest
from django.utils.timezone import localdate

from alpha_hub.roles import Role
from contracts.permissions import can_view_contracts
from decisions import permissions
from decisions.models import Decision
from tests.decisions.test_workflow_support import decision_in, dmpc_rule, make_people
from tests.factories import OfficeHolderFactory, UserFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
S = Decision.Status

# action -> (state the decision is in, predicate)
ACTIONS = {
    'open "Your work" (where they land after signing in)': (
        S.DRAFT,
        lambda u, d: permissions.can_open_dashboard(u),
    ),
    "use the staff workspace": (S.DRAFT, lambda u, d: permissions.can_use_staff_workspace(u)),
    "read a decision": (S.DRAFT, permissions.can_view_decision),
    "read Part 2": (S.DRAFT, permissions.can_view_part2),
    "read a decision's history (timeline)": (S.DRAFT, permissions.can_view_decision_history),
    "draft a new decision": (S.DRAFT, lambda u, d: permissions.can_create_decision(u)),
    "edit a draft": (S.DRAFT, permissions.can_edit_decision),
    # A draft's contracts are part of it (decisions/views/contracts.py, docs/adr/0058).
    "add, change or remove a draft's contracts": (S.DRAFT, permissions.can_edit_decision),
    "read contracts": (S.DRAFT, lambda u, d: can_view_contracts(u)),
    # A draft's appendices and background papers (decisions/views/papers.py, docs/adr/0064).
    "add or remove a draft's supporting papers": (S.DRAFT, permissions.can_edit_decision),
    "download a Part 1 supporting paper": (S.DRAFT, permissions.can_view_decision),
    "download a Part 2 supporting paper": (S.DRAFT, permissions.can_view_part2),
    "submit": (S.DRAFT, permissions.can_submit_decision),
    "withdraw": (S.DRAFT, permissions.can_withdraw_decision),
    "clear": (S.SUBMITTED, permissions.can_clear_decision),
    "comment on a section or recommendation": (S.SUBMITTED, permissions.can_comment_on_decision),
    "answer or resolve a clearer's comment": (S.SUBMITTED, permissions.can_answer_comments),
    "return a submitted decision": (S.SUBMITTED, permissions.can_return_decision),
    "return a cleared decision": (S.CLEARED, permissions.can_return_decision),
    "reject": (S.CLEARED, permissions.can_reject_decision),
    "sign": (S.CLEARED, permissions.can_sign_decision),
    "sign, holding no office on the day": (S.CLEARED, permissions.can_sign_decision),
    "publish": (S.SIGNED, permissions.can_publish_decision),
    "import historic decisions": (S.DRAFT, lambda u, d: permissions.can_import_decisions(u)),
    "reserve a decision number": (S.DRAFT, lambda u, d: permissions.can_reserve_number(u)),
    "set up an authenticator app": (S.DRAFT, lambda u, d: permissions.can_enrol_authenticator(u)),
}
COLUMNS = ["drafter", *Role.values]
# Actions for which each column's user acts for the decision's office today (docs/adr/0054).
IN_OFFICE = {"sign"}


def _doc_matrix() -> dict[tuple[str, str], bool]:
    lines = [line for line in DOC.read_text().splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[1:] == COLUMNS, header
    matrix = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] not in ACTIONS:
            continue
        for column, cell in zip(COLUMNS, cells[1:], strict=True):
            assert cell in ("yes", "no"), cell
            matrix[(cells[0], column)] = cell == "yes"
    return matrix


def test_the_doc_lists_every_action():
    assert {action for action, _ in _doc_matrix()} == set(ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_what_the_doc_says(action):
    dmpc_rule()
    people = make_people()
    state, predicate = ACTIONS[action]
    decision = decision_in(state, people)  # drafted by people.drafter, approving a grant
    users = {"drafter": people.drafter}
    users |= {role: UserFactory(roles=[role]) for role in Role.values}
    expected = _doc_matrix()
    actual = {column: _in_office(action, users[column], predicate, decision) for column in COLUMNS}
    assert actual == {column: expected[(action, column)] for column in COLUMNS}


def _in_office(action: str, user, predicate, decision) -> bool:
    """The predicate's answer, for "sign" with `user` acting for the office for today only (one
    acting holder at a time, so the term ends again before the next column's)."""
    if action not in IN_OFFICE:
        return predicate(user, decision)
    term = OfficeHolderFactory(
        user=user, office=decision.office, kind="acting", starts_on=localdate()
    )
    try:
        return predicate(user, decision)
    finally:
        term.delete()


def _first_table() -> list[str]:
    """The decisions table: the doc's first run of table lines (the grants and claims tables
    after it are read by their own apps' tests)."""
    lines = DOC.read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("|"))
    end = next((n for n in range(start, len(lines)) if not lines[n].startswith("|")), len(lines))
    return lines[start:end]


def test_markdown_has_no_stray_rows():
    rows = [line for line in _first_table() if re.match(r"^\| [a-z]", line)]
    assert len(rows) == len(ACTIONS) + 1  # plus the header
