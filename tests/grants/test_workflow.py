"""The agreement's moves: the table, the database trigger and the diagram agree."""

import re
from pathlib import Path

from grants.models.sql import AGREEMENT_MOVES
from grants.workflow import MOVES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflows.md"


def _table_edges() -> set[tuple[str, str, str]]:
    return {
        (source, transition.target, move.value)
        for move, transition in MOVES.items()
        for source in transition.sources
    }


def _diagram_edges() -> set[tuple[str, str, str]]:
    section = DOCS.read_text().split("## Grant agreement", 1)[1]
    block = re.search(r"```mermaid\n(.*?)```", section, re.DOTALL).group(1)
    edges = set()
    for line in block.splitlines():
        found = re.match(r"\s*(\w+)\s*-->\s*(\w+)\s*:\s*(\w+)\s*$", line)
        if found:
            edges.add(found.groups())
    return edges


def test_the_diagram_is_the_table():
    assert _diagram_edges() == _table_edges()


def test_the_database_allows_exactly_the_table():
    allowed = AGREEMENT_MOVES.split("NOT IN (", 1)[1].split(") THEN", 1)[0]
    pairs = set(re.findall(r"\('(\w+)', '(\w+)'\)", allowed))
    assert pairs == {(source, target) for source, target, _move in _table_edges()}
