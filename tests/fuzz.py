"""What a fuzzer types into forms and query strings, shared by the tests/<app>/test_fuzz_*.py files.

Each of those tests sends at least 200 generated inputs and expects no 5xx: bad input gets a
message, never a server error. The settings keep the whole set to about a minute on one core.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = st.sampled_from(
    ["", " ", "0", "-1", "1e100", "1e999999999", "-1e999999999", "1e-999999999", "1" * 27,
     "9" * 40 + ".99", "999999999999.99", "1000000000000", "0.001", "-0.01", "0.005", "NaN",
     "-Infinity", "sNaN", "1_000", "£1,479,306.16", "1,00,0.0.0", "0x10", "\x00", "a\x00b",
     "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' OR 1=1 --", "=SUM(A1)",
     "\u202e", "९", "\ufdfa" * 40, "a" * 10_000, "%00", "../../etc/passwd", "None", "true"]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats().map(repr),
    st.decimals().map(str),
    st.from_regex(r"-?[0-9]{1,40}(\.[0-9]{1,5})?([eE][+-]?[0-9]{1,10})?", fullmatch=True),
)
TEXT = st.text(max_size=300)  # any code point but surrogates, NUL and controls included
VALUES = st.one_of(NASTY, NUMBERS, TEXT)
FAR_DATES = ["9999-12-31", "0001-01-01", "10000-01-01", "2020-02-30", "0000-00-00",
             "2020-13-01", "1-1-1", "9999-12-31T23:59:59", "-2020-01-01"]  # fmt: skip
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(FAR_DATES),
    VALUES,
)
TIMES = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda at: at.isoformat()),
    st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]),
    VALUES,
)
CURSORS = st.one_of(
    st.tuples(TIMES, st.sampled_from(["budget.budgetline", "decisions.decision", "x"]), VALUES).map(
        "|".join
    ),
    st.tuples(TIMES, NUMBERS).map("|".join),
    VALUES,
)


def overrides(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy[dict]:
    """Any subset of the fields with generated values, to lay over a valid submission, so that
    bad values also reach the checks behind the form's first errors."""
    return st.fixed_dictionaries({}, optional=fields)


@contextmanager
def rolled_back():
    """Every example starts from the same database: whatever one wrote is undone after it."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
