"""One date format for people: "1 April 2021", "1 April 2021 at 2:05pm" (issue 13, Look).

A grep over the templates and the Python that writes sentences, so a "01/04/2021" or "1 Apr 2021"
never comes back; machine dates (|date:'c', 'Y-m-d', ISO in JSON and CSV) are not affected.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from alpha_hub.dates import day, moment

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_TEMPLATES = {
    "short month (j M Y)": re.compile(r"\|date:\s*[\"'][^\"']*\bM\b"),
    "day and month as numbers (d/m/Y)": re.compile(r"\|date:\s*[\"'][^\"']*[dj]/[mn]/"),
    "a leading zero (d M Y, d F Y)": re.compile(r"\|date:\s*[\"']d "),
    "a date filter without a format": re.compile(r"\|date\s*(?:\}\}|\||%\}|\s)"),
    "a clock time from |date (use |moment)": re.compile(r"\|date:\s*[\"'][^\"']*[HGgh]:i"),
}
FORBIDDEN_IN_PYTHON = {
    "short month (%b)": re.compile(r"%-?d %b"),
    "day and month as numbers (%d/%m/%Y)": re.compile(r"%d/%m/%Y"),
    "a leading zero (%d %B)": re.compile(r"%d %B"),
}
PYTHON_DIRS = [
    "alpha_hub",
    "budget",
    "claims",
    "config",
    "contracts",
    "decisions",
    "demo",
    "grants",
]


def _offences(paths, patterns) -> list[str]:
    found = []
    for path in paths:
        name = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [f"{name}:{number}: {why}" for why, rx in patterns.items() if rx.search(line)]
    return found


def test_no_template_shows_a_date_any_other_way():
    assert _offences(sorted((ROOT / "templates").rglob("*.html")), FORBIDDEN_IN_TEMPLATES) == []


def test_no_python_writes_a_date_any_other_way():
    paths = [
        path
        for folder in PYTHON_DIRS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
    ]
    assert _offences(paths, FORBIDDEN_IN_PYTHON) == []


LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2021, 4, 1, 14, 5, tzinfo=LONDON), "1 April 2021 at 2:05pm"),
        (datetime(2021, 4, 1, 9, 0, tzinfo=LONDON), "1 April 2021 at 9am"),
        (datetime(2021, 4, 1, 12, 0, tzinfo=LONDON), "1 April 2021 at midday"),
        (datetime(2021, 4, 1, 0, 0, tzinfo=LONDON), "1 April 2021 at midnight"),
        (datetime(2021, 4, 1, 12, 30, tzinfo=LONDON), "1 April 2021 at 12:30pm"),
        # Stored in UTC, read in London: 13:05 UTC in British Summer Time is 2:05pm.
        (datetime(2021, 4, 1, 13, 5, tzinfo=ZoneInfo("UTC")), "1 April 2021 at 2:05pm"),
    ],
)
def test_a_moment_reads_as_gov_uk_style(when, expected):
    assert moment(when) == expected


def test_seconds_when_asked_for_and_days_without_a_leading_zero():
    assert moment(datetime(2021, 4, 1, 14, 5, 7, tzinfo=LONDON), seconds=True) == (
        "1 April 2021 at 2:05:07pm"
    )
    assert day(date(2021, 4, 1)) == "1 April 2021"


def test_a_template_date_without_a_format_reads_the_same():
    rendered = Template("{{ when }}|{{ when|date }}").render(Context({"when": date(2021, 4, 1)}))
    assert rendered == "1 April 2021|1 April 2021"
