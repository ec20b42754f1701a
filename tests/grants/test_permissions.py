"""docs/permissions.md "Grant agreements and organisations" is what the predicates say."""

from pathlib import Path

import pytest

from alpha_hub.roles import Role
from decisions import permissions as decision_permissions
from grants import permissions
from grants.models import GrantAgreement
from tests.factories import DecisionFactory, GrantAgreementFactory

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
COLUMNS = ["drafter", "officer", "clearance", "decision_maker", "finance", "auditor",
           "administrator", "governance"]  # fmt: skip

PREDICATES = {
    "read agreements and organisations": lambda u, a, d: permissions.can_view_agreements(u),
    "enter a proposed agreement": lambda u, a, d: permissions.can_enter_agreement(u),
    "change a proposed agreement": lambda u, a, d: permissions.can_edit_agreement(u, a),
    "add an organisation": lambda u, a, d: permissions.can_add_organisation(u),
    "activate an approved agreement": lambda u, a, d: permissions.can_activate_agreement(u, a),
    "withdraw an agreement": lambda u, a, d: permissions.can_withdraw_agreement(u, a),
    "close an agreement": lambda u, a, d: permissions.can_close_agreement(u, a),
    "add an agreement from a decision's page": lambda u, a, d: (
        decision_permissions.can_edit_decision(u, d)
    ),
    "vary an approved agreement from a decision's page": lambda u, a, d: (
        decision_permissions.can_edit_decision(u, d)
    ),
}


def _rows() -> dict[str, list[bool]]:
    section = DOCS.read_text().split("## Grant agreements and organisations", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == len(COLUMNS) + 1 and cells[0] in PREDICATES:
            rows[cells[0]] = [cell == "yes" for cell in cells[1:]]
    return rows


def test_the_table_names_every_predicate():
    assert set(_rows()) == set(PREDICATES)


def test_each_cell_is_what_the_predicate_says(make_user):
    drafter = make_user(Role.OFFICER)
    decision = DecisionFactory(drafted_by=drafter)
    agreement = GrantAgreementFactory(status=GrantAgreement.Status.PROPOSED)
    users = {"drafter": drafter} | {
        column: make_user(Role(column)) for column in COLUMNS if column != "drafter"
    }
    for action, expected in _rows().items():
        for column, allowed in zip(COLUMNS, expected, strict=True):
            got = PREDICATES[action](users[column], agreement, decision)
            assert got == allowed, (action, column)
