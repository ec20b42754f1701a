"""A server-rendered SVG bar chart of a programme's yearly totals: no JavaScript, no colour needed.

Each bar carries its own printed value and change, so the chart reads the same in greyscale, and
the page gives the same figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from alpha_hub.money import format_money
from budget.selectors import YearFigures

LABEL_WIDTH = 90
BAR_AREA = 420
TEXT_AREA = 330
ROW_HEIGHT = 56
BAR_HEIGHT = 30


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    year: str
    value: str
    change: str

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 6

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    axis_x: int = LABEL_WIDTH


def _change_text(figures: YearFigures) -> str:
    if figures.change is None:
        return ""
    sign = "+" if figures.change >= 0 else ""
    percent = "" if figures.change_percent is None else f", {sign}{figures.change_percent}%"
    return f"({sign}{format_money(figures.change)}{percent})"


def year_bars(years: list[YearFigures]) -> Chart:
    """One horizontal bar per year, scaled to the largest total."""
    largest = max((figures.total for figures in years), default=Decimal(0)) or Decimal(1)
    bars = [
        Bar(
            y=10 + index * ROW_HEIGHT,
            width=max(int(BAR_AREA * max(figures.total, Decimal(0)) / largest), 1),
            year=str(figures.year),
            value=format_money(figures.total),
            change=_change_text(figures),
        )
        for index, figures in enumerate(years)
    ]
    return Chart(
        bars=bars, width=LABEL_WIDTH + BAR_AREA + TEXT_AREA, height=20 + len(bars) * ROW_HEIGHT
    )


# A programme's money per financial year: one row per year, a bar for each kind of money.
KIND_BAR_HEIGHT = 16
KIND_ROW_GAP = 18


@dataclass(frozen=True)
class KindBar:
    kind: str  # the CSS modifier: incoming, match, onward, contracts
    label: str
    y: int
    width: int
    value: str

    @property
    def text_y(self) -> int:
        return self.y + KIND_BAR_HEIGHT - 3

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class YearGroup:
    year: str
    y: int
    bars: list[KindBar]


@dataclass(frozen=True)
class MoneyChart:
    groups: list[YearGroup]
    width: int
    height: int
    axis_x: int = LABEL_WIDTH


def programme_bars(
    years,
    kinds=(
        ("incoming", "Incoming"),
        ("match", "Match funding"),
        ("onward", "Onward grants"),
        ("contracts", "Contracts"),
    ),
):
    """Per financial year, a bar for each kind of money there is, all on one scale.

    `years`: budget.programme.Totals, oldest first. A kind no year has is left out.
    """  # fmt: skip
    shown = [(kind, label) for kind, label in kinds if any(getattr(y, kind) for y in years)]
    largest = max((getattr(y, kind) for y in years for kind, _ in shown), default=0) or Decimal(1)
    groups, top = [], 10
    for totals in years:
        bars = [
            KindBar(
                kind=kind,
                label=label,
                y=top + index * (KIND_BAR_HEIGHT + 4),
                width=max(int(BAR_AREA * max(getattr(totals, kind), Decimal(0)) / largest), 1),
                value=f"{label}: {format_money(getattr(totals, kind))}",
            )
            for index, (kind, label) in enumerate(shown)
        ]
        groups.append(YearGroup(year=str(totals.year), y=top, bars=bars))
        top += len(shown) * (KIND_BAR_HEIGHT + 4) + KIND_ROW_GAP
    return MoneyChart(groups=groups, width=LABEL_WIDTH + BAR_AREA + TEXT_AREA, height=top)
