"""Which sections a decision of each series is expected to have (issue 13, point 4).

Kept in code, not on the series row: the headings are the body's template for the report, which
changes with a release rather than by an administrator (docs/adr/0067). A series not named here
has the default: every standard heading of a Deputy Mayor's decision (PCD 867's seven).
"""

from __future__ import annotations

from decisions.models import SectionKind

K = SectionKind

DEFAULT_SECTIONS: tuple[SectionKind, ...] = (
    K.INTRODUCTION, K.ISSUES, K.FINANCIAL, K.LEGAL, K.GDPR, K.EQUALITY, K.BACKGROUND,
)  # fmt: skip

SERIES_SECTIONS: dict[str, tuple[SectionKind, ...]] = {
    "PCD": DEFAULT_SECTIONS,
    "DMPCD": DEFAULT_SECTIONS,
}


def standard_sections(series) -> tuple[SectionKind, ...]:
    """The standard section kinds, in order, of a decision in `series` (a DecisionSeries)."""
    return SERIES_SECTIONS.get(getattr(series, "code", ""), DEFAULT_SECTIONS)
