"""The claim's moves table: every (state, move) pair does what it says; the diagram matches it."""

import re
from datetime import date
from pathlib import Path

import pytest

from claims import selectors, services
from claims.models import Claim, ClaimStatus
from claims.services import ClaimRefusedError
from claims.workflow import MOVES, Move, move_allowed
from tests.claims.support import claim_in, make_people

S = ClaimStatus
DIAGRAM = Path(__file__).resolve().parents[2] / "docs" / "workflows.md"


def _do(move: Move, claim: Claim, people) -> Claim:
    if move == Move.SUBMIT:
        return services.claim_submit(claim=claim, user=people.preparer)
    if move == Move.CHECK:
        return services.claim_check(claim=claim, user=people.checker)
    if move == Move.APPROVE:
        return services.claim_approve(claim=claim, user=people.approver)
    if move == Move.RETURN:
        user = people.checker if claim.status == S.SUBMITTED else people.approver
        return services.claim_return(claim=claim, user=user, reason="Please fix")
    services.payment_record(
        claim=claim, user=people.payer, amount=selectors.claim_total(claim),
        paid_on=date(2020, 8, 1), reference="BACS-1",
    )  # fmt: skip
    return Claim.objects.get(pk=claim.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("move", list(Move))
@pytest.mark.parametrize("state", list(S))
def test_every_move_from_every_state_follows_the_table(state, move):
    people = make_people()
    claim = claim_in(state, people)
    history_before = claim.history.count()
    if move_allowed(state, move):
        moved = _do(move, claim, people)
        assert Claim.objects.get(pk=moved.pk).status == MOVES[move].target
    else:
        with pytest.raises(ClaimRefusedError) as refused:
            _do(move, claim, people)
        assert "cannot be moved" in str(refused.value) or "only an approved claim" in str(
            refused.value
        )
        unchanged = Claim.objects.get(pk=claim.pk)
        assert unchanged.status == state
        assert unchanged.history.count() == history_before


def _diagram_edges() -> set[tuple[str, str, str]]:
    text = DIAGRAM.read_text()
    section = text[text.index("## Grant claim") :]
    block = re.search(r"```mermaid\n(.*?)```", section, re.DOTALL).group(1)
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


def test_the_database_trigger_holds_the_same_pairs():
    from claims.sql import CLAIM_MOVES

    pairs = set(re.findall(r"\('(\w+)', '(\w+)'\)", CLAIM_MOVES))
    table = {(s, t.target) for t in MOVES.values() for s in t.sources}
    assert pairs == table
