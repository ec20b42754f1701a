"""Who may read and edit budgets, including the hook the decisions app registers."""

import pytest

from alpha_hub.roles import Role
from budget import permissions


@pytest.mark.parametrize(
    ("role", "may_view", "may_edit"),
    [
        (Role.FINANCE, True, True),
        (Role.AUDITOR, True, False),
        (Role.OFFICER, False, False),
        (Role.CLEARANCE, False, False),
        (Role.DECISION_MAKER, False, False),
        (Role.ADMINISTRATOR, False, False),
    ],
)
def test_finance_edits_auditors_read_and_nobody_else_without_a_check(
    budget, make_user, role, may_view, may_edit
):
    user = make_user(role)
    assert permissions.can_view_budget(user, budget) is may_view
    assert permissions.can_edit_budget(user, budget) is may_edit


def test_a_registered_check_lets_people_read_the_budgets_of_their_decisions(budget, make_user):
    drafter, stranger = make_user(Role.OFFICER), make_user(Role.OFFICER)

    def works_on_its_decision(user, candidate) -> bool:
        return user == drafter and candidate == budget

    permissions.register_budget_reader_check(works_on_its_decision)
    try:
        assert permissions.can_view_budget(drafter, budget)
        assert not permissions.can_view_budget(stranger, budget)
        assert not permissions.can_edit_budget(drafter, budget)
    finally:
        permissions.unregister_budget_reader_check(works_on_its_decision)
    assert not permissions.can_view_budget(drafter, budget)


def test_an_inactive_user_reads_nothing_even_with_a_check(budget, make_user):
    user = make_user(Role.FINANCE, is_active=False)

    def everyone(*_):
        return True

    permissions.register_budget_reader_check(everyone)
    try:
        assert not permissions.can_view_budget(user, budget)
    finally:
        permissions.unregister_budget_reader_check(everyone)
