"""Whatever a crawler or a fuzzer puts in the register's query string: a page or a 404, no 500."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.decisions.public_data import published

pytestmark = pytest.mark.django_db

KEYS = st.sampled_from(["q", "year", "decision_by", "series", "page", "other"])
NASTY = st.sampled_from(
    ["", "0", "-1", "2020", "PCD 867", "pcd867", "' OR 1=1 --", "<script>", "%00", "\x00",
     "a" * 10_000, "&|!():*", "\u202e", "NaN", "1e9", "९"]
)  # fmt: skip
VALUES = st.one_of(NASTY, st.text(max_size=300))


@pytest.fixture
def register(db):
    published(title="Project Alpha Social Media Hub", number=867)
    return Client(raise_request_exception=False)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.dictionaries(KEYS, VALUES, max_size=5))
def test_any_query_string_gives_a_page_or_not_found(register, params):
    cache.clear()  # the rate limiter would otherwise answer 429 after a few searches
    response = register.get("/decisions/", params)
    assert response.status_code in (200, 404), params
