"""The allowed-moves table: every (state, move) pair does what it says; the diagram matches it."""

import re
from pathlib import Path

import pytest

from decisions import services
from decisions.models import Decision
from decisions.services import DecisionRefusedError
from decisions.workflow import MOVES, Move, move_allowed
from tests.decisions.test_workflow_support import clear_all, decision_in, dmpc_rule, make_people
from tests.factories import PASSWORD, UserFactory

S = Decision.Status
DIAGRAM = Path(__file__).resolve().parents[2] / "docs" / "workflows.md"


def _do(move: Move, decision: Decision, people) -> Decision:
    if move == Move.SUBMIT:
        return services.decision_submit(decision=decision, user=people.drafter)
    if move == Move.CLEAR:
        return clear_all(decision, UserFactory(roles=["clearance"]))
    if move == Move.RETURN:
        user = people.other_dmpc if decision.status == S.CLEARED else people.clearer
        return services.decision_return(decision=decision, user=user, reason="Please fix")
    if move == Move.REJECT:
        return services.decision_reject(decision=decision, user=people.dmpc, reason="No")
    if move == Move.WITHDRAW:
        return services.decision_withdraw(decision=decision, user=people.drafter, reason="Gone")
    if move == Move.SIGN:
        return services.decision_sign(
            decision=decision, user=people.dmpc, declaration_confirmed=True, credential=PASSWORD
        )
    return services.decision_publish(decision=decision, user=people.drafter)


@pytest.mark.django_db
@pytest.mark.parametrize("move", list(Move))
@pytest.mark.parametrize("state", list(S))
def test_every_move_from_every_state_follows_the_table(state, move):
    dmpc_rule()
    people = make_people()
    decision = decision_in(state, people)
    history_before = decision.history.count()
    if move_allowed(state, move):
        moved = _do(move, decision, people)
        assert Decision.objects.get(pk=moved.pk).status == MOVES[move].target
    else:
        with pytest.raises(DecisionRefusedError) as refused:
            _do(move, decision, people)
        assert decision.reference in str(refused.value)
        assert "cannot be moved" in str(refused.value)
        unchanged = Decision.objects.get(pk=decision.pk)
        assert unchanged.status == state
        assert unchanged.history.count() == history_before


def _diagram_edges() -> set[tuple[str, str, str]]:
    text = DIAGRAM.read_text()
    block = re.search(r"```mermaid\n(.*?)```", text, re.DOTALL).group(1)
    edges = set()
    for line in block.splitlines():
        found = re.match(r"\s*(\w+)\s*-->\s*(\w+)\s*:\s*(\w+)\s*$", line)
        if found and found.group(1) != "[*]":
            edges.add(found.groups())
    return edges


def test_the_state_diagram_in_docs_matches_the_table():
    table = {
        (source, transition.target, move.value)
        for move, transition in MOVES.items()
        for source in transition.sources
    }
    assert _diagram_edges() == table


def test_every_state_is_in_the_diagram():
    text = DIAGRAM.read_text()
    for state in S.values:
        assert re.search(rf"\b{state}\b", text), state
