"""Decision text: plain paragraphs separated by blank lines, bullet lines as lists.

Nothing typed is ever treated as HTML; templates escape what these functions return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

BULLET = re.compile(r"^\s*[•\-*]\s+")
BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Paragraph:
    text: str
    number: str = ""


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Paragraph | BulletList


def text_blocks(body: str, section_number: int | None = None) -> list[Block]:
    """Paragraphs and bullet lists of `body`; in section n, paragraphs are numbered n.1, n.2 ..."""
    blocks: list[Block] = []
    for chunk in BLANK_LINES.split(body.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        for is_bullet, run in groupby(lines, key=lambda line: bool(BULLET.match(line))):
            if is_bullet:
                _add_bullets(blocks, tuple(BULLET.sub("", line) for line in run))
            else:
                _add_paragraph(blocks, " ".join(run), section_number)
    return blocks


def _add_bullets(blocks: list[Block], items: tuple[str, ...]) -> None:
    """Bullets that follow bullets, even across a blank line, belong to one list."""
    if blocks and isinstance(blocks[-1], BulletList):
        items = blocks.pop().items + items
    blocks.append(BulletList(items))


def _add_paragraph(blocks: list[Block], text: str, section_number: int | None) -> None:
    count = sum(isinstance(block, Paragraph) for block in blocks) + 1
    blocks.append(Paragraph(text, f"{section_number}.{count}." if section_number else ""))
